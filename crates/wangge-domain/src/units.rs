//! Handling units and the routing rules that give a new ticket its first unit.
//!
//! Units are the hierarchy's streets, communities and grids plus the district-level units
//! of `assets/units/district.txt` (sub-centres, departments, service teams). Routing rules
//! (`assets/units/routing.txt`) map category × location to a unit; anything they cannot
//! route goes to [`TRIAGE_UNIT`], never nowhere.

use crate::hierarchy::{Hierarchy, Level, NodeId};
use crate::records::{TicketCategory, TRIAGE_UNIT};

/// A unit listed by the district rather than drawn from the hierarchy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictUnit {
    pub code: String,
    pub name: String,
}

/// Where a rule sends a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A named unit.
    Unit(String),
    /// The node of this level above the ticket's micro-grid.
    Level(Level),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingRule {
    pub category: TicketCategory,
    /// `None` = anywhere; otherwise tickets under this node.
    pub under: Option<String>,
    pub target: Target,
}

/// A line of a units or routing file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}, line {line}: {reason}")]
pub struct UnitsFileError {
    pub file: &'static str,
    pub line: usize,
    pub reason: String,
}

/// The district's units and routing rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Units {
    pub district_units: Vec<DistrictUnit>,
    pub rules: Vec<RoutingRule>,
}

const BUNDLED_UNITS: &str = include_str!("../../../assets/units/district.txt");
const BUNDLED_ROUTING: &str = include_str!("../../../assets/units/routing.txt");

impl Units {
    /// The units and rules shipped in `assets/units/`.
    pub fn bundled() -> Self {
        Units::parse(BUNDLED_UNITS, BUNDLED_ROUTING).unwrap_or_else(|e| panic!("the bundled units files do not parse: {e}"))
    }

    /// Reads both files; a rule naming an unknown unit is an error at its line.
    pub fn parse(units_text: &str, routing_text: &str) -> Result<Self, UnitsFileError> {
        let mut district_units = Vec::new();
        for (line, words) in lines(units_text) {
            let err = |reason: String| UnitsFileError { file: "district.txt", line, reason };
            let (code, name) = match words.as_slice() {
                [code, name @ ..] if !name.is_empty() => (code.to_string(), name.join(" ")),
                _ => return Err(err("expected a unit code and a name".into())),
            };
            if code == TRIAGE_UNIT || district_units.iter().any(|u: &DistrictUnit| u.code == code) {
                return Err(err(format!("unit code {code} is used twice (or is reserved)")));
            }
            district_units.push(DistrictUnit { code, name });
        }
        let mut rules = Vec::new();
        for (line, words) in lines(routing_text) {
            let err = |reason: String| UnitsFileError { file: "routing.txt", line, reason };
            let [category, under, target] = words.as_slice() else {
                return Err(err(format!("expected three fields (category, place, target), found {}", words.len())));
            };
            let category = TicketCategory::parse(category).ok_or_else(|| err(format!("unknown category {category:?}")))?;
            let under = (*under != "*").then(|| under.to_string());
            let target = match *target {
                "street" => Target::Level(Level::Street),
                "community" => Target::Level(Level::Community),
                "grid" => Target::Level(Level::Grid),
                code if district_units.iter().any(|u| u.code == code) => Target::Unit(code.to_string()),
                other => return Err(err(format!("target {other:?} is neither a level nor a unit of district.txt"))),
            };
            rules.push(RoutingRule { category, under, target });
        }
        Ok(Units { district_units, rules })
    }

    /// The first unit of a ticket of `category` lying in `micro_grid` (if placed).
    pub fn route(&self, hierarchy: &Hierarchy, category: TicketCategory, micro_grid: Option<NodeId>) -> String {
        let applies = |rule: &RoutingRule| {
            rule.category == category
                && match (&rule.under, micro_grid) {
                    (None, _) => true,
                    (Some(code), Some(leaf)) => hierarchy.id(code).is_some_and(|node| hierarchy.covers(node, leaf)),
                    (Some(_), None) => false,
                }
        };
        let Some(rule) = self.rules.iter().find(|r| applies(r)) else {
            return TRIAGE_UNIT.to_string();
        };
        match (&rule.target, micro_grid) {
            (Target::Unit(code), _) => code.clone(),
            (Target::Level(level), Some(leaf)) => hierarchy
                .path_to_root(leaf)
                .into_iter()
                .find(|&n| hierarchy.node(n).level == *level)
                .map_or_else(|| TRIAGE_UNIT.to_string(), |n| hierarchy.node(n).code.0.clone()),
            (Target::Level(_), None) => TRIAGE_UNIT.to_string(),
        }
    }

    /// The name of a unit code: a node's name, a district unit's, or the code itself.
    pub fn name_of(&self, hierarchy: &Hierarchy, code: &str) -> String {
        if code == TRIAGE_UNIT {
            return "待分拨".to_string();
        }
        if let Some(id) = hierarchy.id(code) {
            return hierarchy.node(id).name.clone();
        }
        self.district_units.iter().find(|u| u.code == code).map_or_else(|| code.to_string(), |u| u.name.clone())
    }

    /// Whether `code` names a unit at all.
    pub fn is_unit(&self, hierarchy: &Hierarchy, code: &str) -> bool {
        code == TRIAGE_UNIT
            || hierarchy.id(code).is_some_and(|id| hierarchy.node(id).level != Level::MicroGrid)
            || self.district_units.iter().any(|u| u.code == code)
    }

    /// The hierarchy node a unit code names, if it is one (district units are not).
    pub fn node_of(&self, hierarchy: &Hierarchy, code: &str) -> Option<NodeId> {
        hierarchy.id(code)
    }
}

/// Non-blank, non-comment lines split on whitespace, with their 1-based numbers.
fn lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split('#').next().unwrap_or("").split_whitespace().collect::<Vec<_>>()))
        .filter(|(_, words)| !words.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hierarchy::tests::small_tree;

    #[test]
    fn the_bundled_files_parse_and_route_every_category() {
        let units = Units::bundled();
        let tree = small_tree();
        let leaf = tree.id("M1").unwrap();
        for &category in TicketCategory::ALL {
            let unit = units.route(&tree, category, Some(leaf));
            assert_ne!(unit, TRIAGE_UNIT, "{category:?} must be routed somewhere");
            assert!(units.is_unit(&tree, &unit), "{category:?} routed to {unit}, which is not a unit");
        }
        assert_eq!(units.route(&tree, TicketCategory::Dispute, Some(leaf)), "centre:mediation");
    }

    #[test]
    fn level_targets_climb_from_the_micro_grid_and_unplaced_tickets_go_to_triage() {
        let units = Units::parse("dept:x 某部门\n", "complaint * grid\nsuggestion S2 dept:x\nsuggestion * street\n").unwrap();
        let tree = small_tree();
        let m1 = tree.id("M1").unwrap();
        let grid_of_m1 = tree.path_to_root(m1).into_iter().find(|&n| tree.node(n).level == Level::Grid).unwrap();
        assert_eq!(units.route(&tree, TicketCategory::Complaint, Some(m1)), tree.node(grid_of_m1).code.0);
        assert_eq!(units.route(&tree, TicketCategory::Complaint, None), TRIAGE_UNIT);
        assert_eq!(units.route(&tree, TicketCategory::Dispute, Some(m1)), TRIAGE_UNIT, "no rule: triage");
        // A rule for one street only applies under it.
        let m4 = tree.id("M4").unwrap();
        assert!(tree.covers(tree.id("S2").unwrap(), m4));
        assert_eq!(units.route(&tree, TicketCategory::Suggestion, Some(m4)), "dept:x");
        assert_eq!(units.route(&tree, TicketCategory::Suggestion, Some(m1)), tree.node(tree.id("S1").unwrap()).code.0);
    }

    #[test]
    fn a_bad_line_is_named() {
        let err = Units::parse("dept:x 某部门\n", "complaint * grid\n\ndispute * dept:nope\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.to_string().contains("routing.txt, line 3"), "{err}");
        let err = Units::parse("dept:x\n", "").unwrap_err();
        assert_eq!((err.file, err.line), ("district.txt", 1));
        assert!(Units::parse("", "grumble * grid\n").unwrap_err().reason.contains("unknown category"));
    }
}
