//! A validated Open311 POST becomes a ticket in the micro-grid where the matter lies.

use geo::Point;
use wangge_domain::lifecycle::Priority;
use wangge_domain::masking::mask_names;
use wangge_domain::{House, NodeId, Scope, Ticket, TicketCategory, TicketSource, Timestamp};
use wangge_open311::NewRequest;

use super::{catalog::service_name, IntakeError};
use crate::{Engine, NewTicket};

/// Where a request was placed: its micro-grid (none: triage) and the point recorded.
struct Placed {
    micro_grid: Option<NodeId>,
    location: Option<Point<f64>>,
}

impl Engine {
    /// Creates the ticket a POST describes and commits it as the scope's account, so every
    /// open seat sees it arrive through the change log. Returns the ticket as stored.
    ///
    /// A request no micro-grid holds (a point outside the district, an address not in the
    /// register) is stored all the same, in triage, for the dispatch desk to place: a
    /// citizen's request is never lost for want of a place.
    ///
    /// The requester's contact fields (email, phone, names, device and account ids) are not
    /// kept: tickets carry no personal data of the requester yet. For the same reason the
    /// requester's own name, where the description repeats it, is stored masked (`张*`).
    ///
    /// Text with control characters is refused naming the field (the wire crate refuses it
    /// first; this guards other callers), so no such string is ever stored.
    pub async fn submit_request(&mut self, scope: &Scope, request: NewRequest, now: Timestamp) -> Result<Ticket, IntakeError> {
        let category = TicketCategory::parse(&request.service_code)
            .ok_or_else(|| IntakeError::invalid("service_code", format!("{:?} is not a service of this district", request.service_code)))?;
        if request.position.is_none() && request.address_string.is_none() && request.address_id.is_none() {
            // The wire crate refuses a POST without any location; this guards other callers.
            return Err(IntakeError::invalid("location", "send lat and long, address_string or address_id"));
        }
        check_clean("description", request.description.as_deref(), true)?;
        check_clean("address_string", request.address_string.as_deref(), false)?;
        check_clean("address_id", request.address_id.as_deref(), false)?;
        // Apply every change made elsewhere first: a house added a moment ago can be found by
        // its address.
        self.sync(now).await?;
        let placed = self.place(&request);
        let summary = match request.description.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => {
                let names = reporter_names(&request);
                mask_names(text, &names.iter().map(String::as_str).collect::<Vec<_>>())
            }
            _ => service_name(category).to_owned(),
        };
        let new = NewTicket {
            source: TicketSource::MiniProgram,
            category,
            priority: Priority::Normal,
            summary,
            micro_grid: placed.micro_grid,
            location: placed.location,
            received_at: now,
            enterprise: None,
        };
        Ok(self.create_ticket(scope, new, now).await?)
    }

    /// Routes the request's location to a micro-grid: coordinates by point-in-polygon, else
    /// the house register by exact address, else by house code (`address_id`). What none of
    /// them places is left unplaced (triage), keeping the point if one was sent.
    fn place(&self, request: &NewRequest) -> Placed {
        if let Some(at) = request.position {
            let location = Point::new(at.long, at.lat);
            return Placed { micro_grid: self.locator().locate(location), location: Some(location) };
        }
        let house = match (&request.address_string, &request.address_id) {
            (Some(address), _) => {
                let wanted = address.trim();
                self.house_where(|h| h.address.trim() == wanted)
            }
            (None, Some(code)) => {
                let wanted = code.trim();
                self.house_where(|h| h.code == wanted)
            }
            (None, None) => None,
        };
        match house {
            Some(house) => Placed { micro_grid: self.district().hierarchy.id_of(&house.micro_grid), location: Some(house.location) },
            None => Placed { micro_grid: None, location: None },
        }
    }

    /// The matching house with the lowest id, so equal addresses always resolve alike.
    /// A scan, not an index: houses change through the log and the register is small enough
    /// that one pass per request costs well under the commit it precedes.
    pub(crate) fn house_where(&self, matches: impl Fn(&House) -> bool) -> Option<&House> {
        self.district().houses.values().filter(|h| matches(h)).min_by_key(|h| h.id)
    }
}

/// Refuses control characters (tab and line breaks allowed in free text) and the two
/// noncharacters no XML document may hold.
fn check_clean(field: &'static str, value: Option<&str>, multiline: bool) -> Result<(), IntakeError> {
    let bad = value.and_then(|v| {
        v.chars().find(|&c| (c.is_control() && !(multiline && matches!(c, '\t' | '\n' | '\r'))) || matches!(c, '\u{FFFE}' | '\u{FFFF}'))
    });
    match bad {
        Some(c) => Err(IntakeError::invalid(field, format!("control character U+{:04X} is not allowed", u32::from(c)))),
        None => Ok(()),
    }
}

/// The forms in which a description may repeat the requester's name: family name and given
/// name in either order, with or without a space, and each on its own.
fn reporter_names(request: &NewRequest) -> Vec<String> {
    let first = request.first_name.as_deref().map(str::trim).unwrap_or("");
    let last = request.last_name.as_deref().map(str::trim).unwrap_or("");
    let mut names = vec![format!("{last}{first}"), format!("{first}{last}"), format!("{first} {last}"), format!("{last} {first}")];
    names.extend([first.to_owned(), last.to_owned()]);
    names.retain(|n| n.trim() == n && !n.is_empty());
    names
}
