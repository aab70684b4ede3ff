//! Where records lie. A district that stops at grids keeps its records at the grids; when
//! micro-grids are later drawn under a grid, its records move down to them ([`moves_into`]),
//! through the change log like any other write, so every seat follows and every figure still
//! adds up. `wangge verify` asks [`misplaced`] whether any placed record with coordinates lies
//! outside its area, or any record waiting in triage lies inside one.
//!
//! Records are moved by what locates them: a house by its coordinates, an isolation with the
//! house of its person, a ticket by its coordinates, a screening item by its address in the
//! house register. What has no such handle (an enterprise, a ticket without coordinates)
//! stays with the divided area, where it still counts in that area's figures and every
//! ancestor's; the import report says how many stayed.

use std::collections::{BTreeMap, HashMap};

use geo::{Distance, Euclidean, Intersects, MultiPolygon, Point};
use serde::Serialize;
use wangge_domain::routing::MicroGridLocator;
use wangge_domain::{Change, District, Node, NodeCode, NodeId};

/// How far outside its area's boundary a record's coordinates may lie and still count as
/// inside: exports round coordinates to about a metre.
pub const PLACEMENT_TOLERANCE_M: f64 = 1.0;

/// Metres per degree of latitude (and of longitude at the equator), WGS84 mean.
const METRES_PER_DEGREE: f64 = 111_320.0;

/// What dividing areas does to the records they hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Moves {
    #[serde(skip)]
    pub changes: Vec<Change>,
    pub houses: usize,
    pub isolations: usize,
    pub tickets: usize,
    pub task_items: usize,
    /// Tickets that waited in triage and now lie in a new area.
    pub placed_from_triage: usize,
    /// Records that stay with the divided area, by kind: nothing locates them in one part.
    pub stayed: BTreeMap<&'static str, usize>,
}

impl Moves {
    pub fn moved(&self) -> usize {
        self.houses + self.isolations + self.tickets + self.task_items
    }
}

/// The record moves that carry the records of divided areas into the `created` nodes (new
/// children of existing nodes), and the triage tickets that now lie in one of them.
pub fn moves_into(district: &District, created: &[Node]) -> Moves {
    let hierarchy = &district.hierarchy;
    let mut moves = Moves::default();
    if created.is_empty() {
        return moves;
    }
    let locator = MicroGridLocator::from_areas(created.iter().enumerate().map(|(i, node)| (NodeId(i as u32), &node.code, &node.boundary)));
    // The part of `divided` that holds `point`, if any: a new child of that very node.
    let part_of = |divided: &NodeCode, point: Point<f64>| -> Option<NodeCode> {
        let found = &created[locator.locate(point)?.index()];
        (found.parent.as_ref() == Some(divided)).then(|| found.code.clone())
    };
    let divided: Vec<(NodeId, &NodeCode)> = {
        let mut parents: Vec<&NodeCode> = created.iter().filter_map(|n| n.parent.as_ref()).collect();
        parents.sort();
        parents.dedup();
        parents.into_iter().filter_map(|code| hierarchy.id_of(code).map(|id| (id, code))).collect()
    };
    let is_divided = |code: &NodeCode| divided.iter().any(|(_, d)| *d == code);

    let mut house_moves: HashMap<i64, NodeCode> = HashMap::new();
    let mut houses: Vec<_> = district.houses.values().filter(|h| is_divided(&h.micro_grid)).collect();
    houses.sort_by_key(|h| h.id);
    let mut by_address: HashMap<(&NodeCode, &str), i64> = HashMap::new();
    for house in houses {
        by_address.entry((&house.micro_grid, house.address.trim())).or_insert(house.id);
        match part_of(&house.micro_grid, house.location) {
            Some(code) => {
                house_moves.insert(house.id, code.clone());
                moves.changes.push(Change::House(wangge_domain::House { micro_grid: code, ..house.clone() }));
                moves.houses += 1;
            }
            None => *moves.stayed.entry("house").or_default() += 1,
        }
    }

    for &(id, code) in &divided {
        let records = district.leaf(id);
        let mut isolations: Vec<_> = records.isolations.iter().filter_map(|i| district.isolations.get(i)).collect();
        isolations.sort_by_key(|i| i.id);
        for isolation in isolations {
            let house = district.people.get(&isolation.person_id).map(|p| p.house_id);
            match house.and_then(|h| house_moves.get(&h)) {
                Some(to) => {
                    moves.changes.push(Change::Isolation(wangge_domain::Isolation { micro_grid: to.clone(), ..isolation.clone() }));
                    moves.isolations += 1;
                }
                None => *moves.stayed.entry("isolation").or_default() += 1,
            }
        }
        let mut tickets: Vec<_> = records.tickets.iter().filter_map(|t| district.tickets.get(t)).collect();
        tickets.sort_by_key(|t| t.id);
        for ticket in tickets {
            match ticket.location.and_then(|p| part_of(code, p)) {
                Some(to) => {
                    moves.changes.push(Change::Ticket(wangge_domain::Ticket {
                        micro_grid: Some(to),
                        version: ticket.version + 1,
                        ..ticket.clone()
                    }));
                    moves.tickets += 1;
                }
                None => *moves.stayed.entry("ticket").or_default() += 1,
            }
        }
        if !records.enterprises.is_empty() {
            *moves.stayed.entry("enterprise").or_default() += records.enterprises.len();
        }
    }

    let mut items: Vec<_> = district.task_items.values().filter(|item| item.micro_grid.as_ref().is_some_and(&is_divided)).collect();
    items.sort_by_key(|item| item.id);
    for item in items {
        let Some(place) = item.micro_grid.as_ref() else { continue };
        let moved = by_address.get(&(place, item.address.trim())).and_then(|house| house_moves.get(house));
        match moved {
            Some(to) => {
                moves.changes.push(Change::TaskItem(wangge_domain::TaskItem { micro_grid: Some(to.clone()), ..item.clone() }));
                moves.task_items += 1;
            }
            None => *moves.stayed.entry("task_item").or_default() += 1,
        }
    }

    // Triage tickets that the new areas now cover. A new area whose parent was no place
    // (already divided) cannot hold a ticket the old areas missed unless it fills a gap.
    let mut triage: Vec<_> = district.tickets.values().filter(|t| t.micro_grid.is_none() && t.location.is_some()).collect();
    triage.sort_by_key(|t| t.id);
    for ticket in triage {
        let Some(found) = ticket.location.and_then(|p| locator.locate(p)) else { continue };
        let code = created[found.index()].code.clone();
        moves.changes.push(Change::Ticket(wangge_domain::Ticket { micro_grid: Some(code), version: ticket.version + 1, ..ticket.clone() }));
        moves.placed_from_triage += 1;
    }
    moves
}

/// The record a move replaces, as the district holds it now.
pub fn stored_version(district: &District, change: &Change) -> Option<Change> {
    match change {
        Change::House(r) => district.houses.get(&r.id).cloned().map(Change::House),
        Change::Isolation(r) => district.isolations.get(&r.id).cloned().map(Change::Isolation),
        Change::Ticket(r) => district.tickets.get(&r.id).cloned().map(Change::Ticket),
        Change::TaskItem(r) => district.task_items.get(&r.id).cloned().map(Change::TaskItem),
        Change::Person(r) => district.people.get(&r.id).cloned().map(Change::Person),
        Change::FollowUp(r) => district.follow_ups.get(&r.id).cloned().map(Change::FollowUp),
        Change::Enterprise(r) => district.enterprises.get(&r.id).cloned().map(Change::Enterprise),
        Change::Task(r) => district.tasks.get(&r.id).cloned().map(Change::Task),
        Change::LandlordMark(r) => district.landlord_marks.get(&r.id).cloned().map(Change::LandlordMark),
        Change::Node(_) => None,
    }
}

/// A record whose place and coordinates disagree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Misplaced {
    pub entity: &'static str,
    pub id: i64,
    /// The area the record is placed in (none: triage).
    pub area: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Misplaced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every placed record with coordinates that lies outside its area by more than
/// [`PLACEMENT_TOLERANCE_M`], or inside a current part of an area divided since it was
/// placed; and every ticket waiting in triage whose coordinates lie in a current place.
/// `locator` indexes the places current at the instant checked.
pub fn misplaced(district: &District, locator: &MicroGridLocator) -> Vec<Misplaced> {
    let hierarchy = &district.hierarchy;
    let mut out = Vec::new();
    let label = |id: NodeId| {
        let node = hierarchy.node(id);
        format!("{} {}", node.code, node.name)
    };
    let mut check = |entity: &'static str, id: i64, place: &NodeCode, point: Point<f64>| {
        let Some(node) = hierarchy.id_of(place) else { return };
        let boundary = &hierarchy.node(node).boundary;
        if boundary.0.is_empty() {
            return;
        }
        let [lon, lat] = [point.x(), point.y()];
        let off = metres_outside(boundary, point);
        if off > PLACEMENT_TOLERANCE_M {
            out.push(Misplaced {
                entity,
                id,
                area: Some(place.0.clone()),
                message: format!("{entity} {id} at [{lon}, {lat}] is placed in {} but lies {off:.0} m outside it", label(node)),
            });
        } else if let Some(found) = locator.locate(point).filter(|&f| f != node && hierarchy.covers(node, f)) {
            out.push(Misplaced {
                entity,
                id,
                area: Some(place.0.clone()),
                message: format!(
                    "{entity} {id} at [{lon}, {lat}] lies in {} but is still placed in {}, which has been divided",
                    label(found),
                    label(node)
                ),
            });
        }
    };
    let mut houses: Vec<_> = district.houses.values().collect();
    houses.sort_by_key(|h| h.id);
    for house in houses {
        check("house", house.id, &house.micro_grid, house.location);
    }
    let mut tickets: Vec<_> = district.tickets.values().collect();
    tickets.sort_by_key(|t| t.id);
    let mut in_triage = Vec::new();
    for ticket in tickets {
        let Some(point) = ticket.location else { continue };
        match &ticket.micro_grid {
            Some(place) => check("ticket", ticket.id, place, point),
            None => {
                if let Some(found) = locator.locate(point) {
                    in_triage.push(Misplaced {
                        entity: "ticket",
                        id: ticket.id,
                        area: None,
                        message: format!(
                            "ticket {} waits in triage but its coordinates [{}, {}] lie in {}",
                            ticket.id,
                            point.x(),
                            point.y(),
                            label(found)
                        ),
                    });
                }
            }
        }
    }
    out.extend(in_triage);
    out
}

/// How far `point` lies outside `area`, in metres (0 inside or on the boundary).
pub fn metres_outside(area: &MultiPolygon<f64>, point: Point<f64>) -> f64 {
    if area.intersects(&point) {
        return 0.0;
    }
    let degrees = area.0.iter().map(|polygon| Euclidean.distance(&point, polygon)).fold(f64::INFINITY, f64::min);
    // A degree of longitude shrinks with latitude; the smaller scale keeps the test lenient.
    degrees * METRES_PER_DEGREE * point.y().to_radians().cos().clamp(0.0, 1.0)
}
