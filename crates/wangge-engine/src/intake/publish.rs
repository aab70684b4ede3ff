//! What Open311 may publish: the public services, the internal channels, and a ticket as the
//! public sees it (personal data masked, a door from the house register coarsened to its
//! micro-grid).
//!
//! The rules are `assets/open311/publication.txt`, or a district's own
//! `open311-publication.txt` from `WANGGE_CONFIG_DIR` (read by `config.rs`).

use std::collections::{BTreeSet, HashSet};

use geo::{Centroid, Contains, InteriorPoint, Point};
use wangge_domain::masking::mask_personal_data;
use wangge_domain::{District, Ticket, TicketCategory, TicketSource};

use crate::EngineError;

/// The bundled rules: every category public but epidemic leads; grid members' reports internal.
const BUNDLED: &str = include_str!("../../../../assets/open311/publication.txt");

/// Which services are public and which channels are never listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// Stable names (`complaint`, `grid_member_report`): the enums have no `Ord`.
    public: BTreeSet<&'static str>,
    internal_sources: BTreeSet<&'static str>,
}

impl Publication {
    /// The rules of `assets/open311/publication.txt`.
    pub fn bundled() -> Self {
        Self::parse(BUNDLED).expect("the bundled publication rules parse")
    }

    /// The district's rules if its configuration folder has them, else the bundled ones.
    pub fn load() -> Result<Self, EngineError> {
        crate::config::publication()
    }

    /// Parses the rules; an error names the line (1-based) and what is wrong with it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut public = BTreeSet::new();
        let mut internal_sources = BTreeSet::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let at = |message: String| format!("line {}: {message}", number + 1);
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["public", code] => {
                    let category =
                        TicketCategory::parse(code).ok_or_else(|| at(format!("{code:?} is not a service (a ticket category)")))?;
                    public.insert(category.as_str());
                }
                ["internal-source", name] => {
                    let source = TicketSource::parse(name).ok_or_else(|| at(format!("{name:?} is not a ticket source")))?;
                    internal_sources.insert(source.as_str());
                }
                _ => return Err(at(format!("{line:?}: expected `public SERVICE` or `internal-source SOURCE`"))),
            }
        }
        Ok(Publication { public, internal_sources })
    }

    /// Whether the service is offered and its requests listed.
    pub fn is_public_service(&self, category: TicketCategory) -> bool {
        self.public.contains(category.as_str())
    }

    /// Whether the public may see this ticket at all: a public service, from a channel that
    /// is not internal.
    pub fn shows(&self, ticket: &Ticket) -> bool {
        self.is_public_service(ticket.category) && !self.internal_sources.contains(ticket.source.as_str())
    }
}

/// The house register's doors, to tell a point the citizen sent from one the register gave.
pub(crate) struct Doors(HashSet<(u64, u64)>);

impl Doors {
    pub(crate) fn of(district: &District) -> Self {
        Doors(district.houses.values().map(|h| key(h.location)).collect())
    }

    fn contains(&self, point: Point<f64>) -> bool {
        self.0.contains(&key(point))
    }
}

fn key(point: Point<f64>) -> (u64, u64) {
    (point.x().to_bits(), point.y().to_bits())
}

/// The text the public reads: ID numbers, phones and labelled names masked.
pub(crate) fn public_text(text: &str) -> String {
    mask_personal_data(text)
}

/// The point the public sees. A point that is a door of the house register (a request placed
/// by `address_string` or `address_id`, a hotline row placed by address, or coordinates that
/// happen to be a door) becomes the centre of the ticket's micro-grid; without a micro-grid,
/// no point at all. Other points are the citizen's own and are shown as sent.
pub(crate) fn public_location(district: &District, doors: &Doors, ticket: &Ticket) -> Option<Point<f64>> {
    let point = ticket.location?;
    if !doors.contains(point) {
        return Some(point);
    }
    let hierarchy = &district.hierarchy;
    let node = hierarchy.node(hierarchy.id_of(ticket.micro_grid.as_ref()?)?);
    // A concave micro-grid's centroid may lie outside it; its interior point never does.
    node.boundary.centroid().filter(|c| node.boundary.contains(c)).or_else(|| node.boundary.interior_point())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_rules_keep_epidemic_leads_and_grid_reports_internal() {
        let rules = Publication::bundled();
        assert!(rules.is_public_service(TicketCategory::Complaint));
        assert!(!rules.is_public_service(TicketCategory::EpidemicLead));
        assert!(rules.internal_sources.contains("grid_member_report"));
        assert!(!rules.internal_sources.contains("mini_program"));
    }

    #[test]
    fn bad_lines_are_named() {
        assert_eq!(Publication::parse("public complaint\npublic parking").unwrap_err().split(':').next(), Some("line 2"));
        assert!(Publication::parse("internal-source fax").unwrap_err().starts_with("line 1:"));
        assert!(Publication::parse("publish complaint").unwrap_err().starts_with("line 1:"));
        let only = Publication::parse("# nothing but\npublic dispute # trailing comment\n").unwrap();
        assert!(only.is_public_service(TicketCategory::Dispute));
        assert!(!only.is_public_service(TicketCategory::Complaint));
    }
}
