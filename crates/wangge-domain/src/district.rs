//! A whole district in memory: the hierarchy and every record, indexed by the node it is
//! placed in (its micro-grid, or the grid or community where no micro-grids are drawn).

use std::collections::HashMap;

use crate::change::Change;
use crate::hierarchy::{Hierarchy, HierarchyError, NodeCode, NodeId};
use crate::records::{Enterprise, FollowUp, House, Isolation, LandlordMark, Person, Task, TaskItem, Ticket};

mod rentals;

/// The records attached to one node, by id.
#[derive(Debug, Clone, Default)]
pub struct LeafRecords {
    pub isolations: Vec<i64>,
    pub enterprises: Vec<i64>,
    pub tickets: Vec<i64>,
    /// People whose house lies here (实有人口): the denominator of the isolation rate.
    pub residents: u64,
    /// The let houses (出租房) here.
    pub rental_houses: Vec<i64>,
}

/// Everything a district holds. Records point at their place by code (the `micro_grid`
/// field: the lowest current node they lie in, whatever its level); the district checks that
/// every such code names a node of its hierarchy. A record at a node that has since been
/// subdivided still counts there, so a node's figures are its own records plus its children's.
#[derive(Debug, Clone)]
pub struct District {
    pub hierarchy: Hierarchy,
    pub houses: HashMap<i64, House>,
    pub people: HashMap<i64, Person>,
    pub isolations: HashMap<i64, Isolation>,
    pub follow_ups: HashMap<i64, FollowUp>,
    pub enterprises: HashMap<i64, Enterprise>,
    pub tickets: HashMap<i64, Ticket>,
    pub tasks: HashMap<i64, Task>,
    pub task_items: HashMap<i64, TaskItem>,
    pub landlord_marks: HashMap<i64, LandlordMark>,
    leaves: Vec<LeafRecords>,
    follow_ups_by_isolation: HashMap<i64, Vec<i64>>,
    /// How many people live in each house, so a house moved to another place takes its
    /// residents with it.
    residents_by_house: HashMap<i64, u64>,
    /// Each landlord's let houses, so a scoring event moves the figures where they let.
    lettings_by_landlord: HashMap<i64, Vec<i64>>,
    marks_by_landlord: HashMap<i64, Vec<i64>>,
}

/// The records of a district before they are checked against its hierarchy.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub houses: Vec<House>,
    pub people: Vec<Person>,
    pub isolations: Vec<Isolation>,
    pub follow_ups: Vec<FollowUp>,
    pub enterprises: Vec<Enterprise>,
    pub tickets: Vec<Ticket>,
    pub tasks: Vec<Task>,
    pub task_items: Vec<TaskItem>,
    pub landlord_marks: Vec<LandlordMark>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DistrictError {
    #[error("{entity} {id} points at {code}, which is not an area of this district")]
    NotInDistrict { entity: &'static str, id: i64, code: NodeCode },
    #[error("{entity} {id} points at {target} {target_id}, which does not exist")]
    Dangling { entity: &'static str, id: i64, target: &'static str, target_id: i64 },
    #[error("node change refused: {0}")]
    Node(#[from] HierarchyError),
}

/// The places whose figures a change may have moved: where the record was and where it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    pub leaves: Vec<NodeId>,
    /// The node a hierarchy change added or redrew: no figure moves (records stay with their
    /// codes), but whatever was derived from boundaries (maps, the point locator) is stale.
    pub node: Option<NodeId>,
}

impl District {
    pub fn new(hierarchy: Hierarchy, records: Records) -> Result<Self, DistrictError> {
        let mut district = District {
            leaves: vec![LeafRecords::default(); hierarchy.len()],
            hierarchy,
            houses: HashMap::new(),
            people: HashMap::new(),
            isolations: HashMap::new(),
            follow_ups: HashMap::new(),
            enterprises: HashMap::new(),
            tickets: HashMap::new(),
            tasks: HashMap::new(),
            task_items: HashMap::new(),
            landlord_marks: HashMap::new(),
            follow_ups_by_isolation: HashMap::new(),
            residents_by_house: HashMap::new(),
            lettings_by_landlord: HashMap::new(),
            marks_by_landlord: HashMap::new(),
        };
        let Records { houses, people, isolations, follow_ups, enterprises, tickets, tasks, task_items, landlord_marks } = records;
        let changes = houses
            .into_iter()
            .map(Change::House)
            // Enterprises before people: a person names the enterprise they work at.
            .chain(enterprises.into_iter().map(Change::Enterprise))
            .chain(people.into_iter().map(Change::Person))
            .chain(isolations.into_iter().map(Change::Isolation))
            .chain(follow_ups.into_iter().map(Change::FollowUp))
            .chain(tickets.into_iter().map(Change::Ticket))
            .chain(tasks.into_iter().map(Change::Task))
            .chain(task_items.into_iter().map(Change::TaskItem))
            .chain(landlord_marks.into_iter().map(Change::LandlordMark));
        for change in changes {
            district.apply(change)?;
        }
        Ok(district)
    }

    /// The people the register says work at an enterprise (its 职工 on record), in no order.
    /// A scan of the register: asked per enterprise, as its detail is opened.
    pub fn workers_of(&self, enterprise: i64) -> impl Iterator<Item = &Person> {
        self.people.values().filter(move |p| p.employer == Some(enterprise))
    }

    pub fn leaf(&self, id: NodeId) -> &LeafRecords {
        &self.leaves[id.index()]
    }

    pub fn follow_ups_of(&self, isolation_id: i64) -> impl Iterator<Item = &FollowUp> {
        self.follow_ups_by_isolation.get(&isolation_id).into_iter().flatten().filter_map(|id| self.follow_ups.get(id))
    }

    /// Records the change (an insert or a replacement of the record with its id) and says
    /// which micro-grids' figures it may have moved. A rejected change leaves the district as it was.
    pub fn apply(&mut self, change: Change) -> Result<Touched, DistrictError> {
        let mut touched = Touched::default();
        match change {
            Change::House(house) => {
                let leaf = self.micro_grid(&house.micro_grid, "house", house.id)?;
                let old_leaf = self.houses.get(&house.id).and_then(|old| self.hierarchy.id_of(&old.micro_grid));
                let residents = self.residents_by_house.get(&house.id).copied().unwrap_or(0);
                // A house nobody lives in (every new one) moves no figure.
                if old_leaf != Some(leaf) && residents > 0 {
                    if let Some(old_leaf) = old_leaf {
                        self.move_residents(old_leaf, residents, false);
                        touched.leaves.push(old_leaf);
                    }
                    self.move_residents(leaf, residents, true);
                    touched.leaves.push(leaf);
                }
                touched.leaves.extend(self.reindex_letting(&house, leaf));
                self.houses.insert(house.id, house);
            }
            Change::Person(person) => {
                let Some(house) = self.houses.get(&person.house_id) else {
                    return Err(DistrictError::Dangling { entity: "person", id: person.id, target: "house", target_id: person.house_id });
                };
                if let Some(employer) = person.employer.filter(|id| !self.enterprises.contains_key(id)) {
                    return Err(DistrictError::Dangling { entity: "person", id: person.id, target: "enterprise", target_id: employer });
                }
                let leaf = self.micro_grid(&house.micro_grid, "house", house.id)?;
                let old_house = self.people.get(&person.id).map(|old| old.house_id);
                if old_house != Some(person.house_id) {
                    if let Some(old_house) = old_house {
                        touched.leaves.extend(self.leave_house(old_house));
                    }
                    *self.residents_by_house.entry(person.house_id).or_default() += 1;
                    self.move_residents(leaf, 1, true);
                    touched.leaves.push(leaf);
                    // A landlord moving in or out changes how many of a let house's people are tenants.
                    touched.leaves.extend(self.letting_places(person.id));
                }
                self.people.insert(person.id, person);
            }
            Change::Isolation(isolation) => {
                let leaf = self.micro_grid(&isolation.micro_grid, "isolation", isolation.id)?;
                if let Some(old) = self.isolations.get(&isolation.id) {
                    let old_leaf = self.micro_grid(&old.micro_grid, "isolation", old.id)?;
                    self.leaves[old_leaf.index()].isolations.retain(|&id| id != isolation.id);
                    touched.leaves.push(old_leaf);
                }
                self.leaves[leaf.index()].isolations.push(isolation.id);
                touched.leaves.push(leaf);
                self.isolations.insert(isolation.id, isolation);
            }
            Change::FollowUp(follow_up) => {
                let Some(isolation) = self.isolations.get(&follow_up.isolation_id) else {
                    return Err(DistrictError::Dangling {
                        entity: "follow_up",
                        id: follow_up.id,
                        target: "isolation",
                        target_id: follow_up.isolation_id,
                    });
                };
                touched.leaves.push(self.micro_grid(&isolation.micro_grid, "isolation", isolation.id)?);
                if let Some(old) = self.follow_ups.get(&follow_up.id) {
                    let old_isolation = old.isolation_id;
                    if let Some(list) = self.follow_ups_by_isolation.get_mut(&old_isolation) {
                        list.retain(|&id| id != follow_up.id);
                    }
                    if let Some(old_iso) = self.isolations.get(&old_isolation) {
                        touched.leaves.push(self.micro_grid(&old_iso.micro_grid, "isolation", old_iso.id)?);
                    }
                }
                self.follow_ups_by_isolation.entry(follow_up.isolation_id).or_default().push(follow_up.id);
                self.follow_ups.insert(follow_up.id, follow_up);
            }
            Change::Enterprise(enterprise) => {
                let leaf = self.micro_grid(&enterprise.micro_grid, "enterprise", enterprise.id)?;
                if let Some(old) = self.enterprises.get(&enterprise.id) {
                    let old_leaf = self.micro_grid(&old.micro_grid, "enterprise", old.id)?;
                    self.leaves[old_leaf.index()].enterprises.retain(|&id| id != enterprise.id);
                    touched.leaves.push(old_leaf);
                }
                self.leaves[leaf.index()].enterprises.push(enterprise.id);
                touched.leaves.push(leaf);
                self.enterprises.insert(enterprise.id, enterprise);
            }
            Change::Ticket(ticket) => {
                // A ticket in triage has no micro-grid and counts in no node's figures.
                let leaf = ticket.micro_grid.as_ref().map(|code| self.micro_grid(code, "ticket", ticket.id)).transpose()?;
                if let Some(old) = self.tickets.get(&ticket.id) {
                    if let Some(code) = &old.micro_grid {
                        let old_leaf = self.micro_grid(code, "ticket", old.id)?;
                        self.leaves[old_leaf.index()].tickets.retain(|&id| id != ticket.id);
                        touched.leaves.push(old_leaf);
                    }
                }
                if let Some(leaf) = leaf {
                    self.leaves[leaf.index()].tickets.push(ticket.id);
                    touched.leaves.push(leaf);
                }
                self.tickets.insert(ticket.id, ticket);
            }
            Change::Task(task) => {
                if self.hierarchy.id_of(&task.owner_unit).is_none() {
                    return Err(DistrictError::NotInDistrict { entity: "task", id: task.id, code: task.owner_unit });
                }
                self.tasks.insert(task.id, task);
            }
            Change::TaskItem(item) => {
                if !self.tasks.contains_key(&item.task_id) {
                    return Err(DistrictError::Dangling { entity: "task_item", id: item.id, target: "task", target_id: item.task_id });
                }
                if let Some(code) = &item.micro_grid {
                    self.micro_grid(code, "task_item", item.id)?;
                }
                self.task_items.insert(item.id, item);
            }
            Change::LandlordMark(mark) => touched.leaves.extend(self.index_mark(mark)),
            Change::Node(node) => {
                let id = if self.hierarchy.id_of(&node.code).is_some() {
                    self.hierarchy.update(node)?
                } else {
                    let id = self.hierarchy.insert(node)?;
                    // Ids are handed out in order, so the new node's records slot is the next one.
                    self.leaves.push(LeafRecords::default());
                    id
                };
                touched.node = Some(id);
            }
        }
        touched.leaves.sort();
        touched.leaves.dedup();
        Ok(touched)
    }

    /// A copy holding what figures are counted from — the hierarchy, isolations with their
    /// follow-ups, enterprises, tickets and the indexes by place (residents per place
    /// included) — without the registers of houses, people and screening tasks, which are
    /// most of a district's memory. What a view of the past walks back.
    pub fn clone_for_figures(&self) -> District {
        let (houses, people, residents_by_house) = self.lettings_for_figures();
        District {
            hierarchy: self.hierarchy.clone(),
            houses,
            people,
            isolations: self.isolations.clone(),
            follow_ups: self.follow_ups.clone(),
            enterprises: self.enterprises.clone(),
            tickets: self.tickets.clone(),
            tasks: HashMap::new(),
            task_items: HashMap::new(),
            landlord_marks: self.landlord_marks.clone(),
            // Residents (and lettings) are counted as they are now: a view of the past walks
            // back no change to houses or people.
            leaves: self.leaves.clone(),
            follow_ups_by_isolation: self.follow_ups_by_isolation.clone(),
            residents_by_house,
            lettings_by_landlord: self.lettings_by_landlord.clone(),
            marks_by_landlord: self.marks_by_landlord.clone(),
        }
    }

    /// Takes out a record of the kind `entity` names ([`Change::entity`]) as if it had never
    /// been made: what a view of the past does with a record created after it. Nodes are not
    /// taken out (their past figures are the store's node versions). Returns the places whose
    /// figures it moved.
    pub fn forget(&mut self, entity: &str, id: i64) -> Touched {
        let mut touched = Touched::default();
        let mut leave = |leaves: &mut Vec<LeafRecords>, code: Option<&NodeCode>, list: fn(&mut LeafRecords) -> &mut Vec<i64>| {
            if let Some(leaf) = code.and_then(|code| self.hierarchy.id_of(code)) {
                list(&mut leaves[leaf.index()]).retain(|&other| other != id);
                touched.leaves.push(leaf);
            }
        };
        match entity {
            "house" => {
                self.residents_by_house.remove(&id);
                if let Some(old) = self.houses.remove(&id) {
                    touched.leaves.extend(self.unindex_letting(&old));
                }
            }
            "person" => {
                if let Some(old) = self.people.remove(&id) {
                    touched.leaves.extend(self.leave_house(old.house_id));
                }
            }
            "isolation" => {
                if let Some(old) = self.isolations.remove(&id) {
                    leave(&mut self.leaves, Some(&old.micro_grid), |l| &mut l.isolations);
                }
            }
            "follow_up" => {
                if let Some(old) = self.follow_ups.remove(&id) {
                    if let Some(list) = self.follow_ups_by_isolation.get_mut(&old.isolation_id) {
                        list.retain(|&other| other != id);
                    }
                    let code = self.isolations.get(&old.isolation_id).map(|i| i.micro_grid.clone());
                    if let Some(leaf) = code.and_then(|code| self.hierarchy.id_of(&code)) {
                        touched.leaves.push(leaf);
                    }
                }
            }
            "enterprise" => {
                if let Some(old) = self.enterprises.remove(&id) {
                    leave(&mut self.leaves, Some(&old.micro_grid), |l| &mut l.enterprises);
                }
            }
            "ticket" => {
                if let Some(old) = self.tickets.remove(&id) {
                    leave(&mut self.leaves, old.micro_grid.as_ref(), |l| &mut l.tickets);
                }
            }
            "landlord_mark" => touched.leaves.extend(self.forget_mark(id)),
            "task" => drop(self.tasks.remove(&id)),
            "task_item" => drop(self.task_items.remove(&id)),
            _ => {}
        }
        touched.leaves.sort();
        touched.leaves.dedup();
        touched
    }

    /// The nodes a change concerns, where the record was and where it would be, without
    /// applying it: what a scope must cover for the change to be allowed.
    pub fn nodes_of(&self, change: &Change) -> Result<Vec<NodeId>, DistrictError> {
        let mut nodes = Vec::new();
        match change {
            Change::House(house) => {
                nodes.push(self.micro_grid(&house.micro_grid, "house", house.id)?);
                if let Some(old) = self.houses.get(&house.id) {
                    nodes.push(self.micro_grid(&old.micro_grid, "house", old.id)?);
                }
            }
            Change::Person(person) => {
                for house_id in std::iter::once(person.house_id).chain(self.people.get(&person.id).map(|p| p.house_id)) {
                    let house = self.houses.get(&house_id).ok_or(DistrictError::Dangling {
                        entity: "person",
                        id: person.id,
                        target: "house",
                        target_id: house_id,
                    })?;
                    nodes.push(self.micro_grid(&house.micro_grid, "house", house.id)?);
                }
            }
            Change::Isolation(isolation) => {
                nodes.push(self.micro_grid(&isolation.micro_grid, "isolation", isolation.id)?);
                if let Some(old) = self.isolations.get(&isolation.id) {
                    nodes.push(self.micro_grid(&old.micro_grid, "isolation", old.id)?);
                }
            }
            Change::FollowUp(follow_up) => {
                let isolation = self.isolations.get(&follow_up.isolation_id).ok_or(DistrictError::Dangling {
                    entity: "follow_up",
                    id: follow_up.id,
                    target: "isolation",
                    target_id: follow_up.isolation_id,
                })?;
                nodes.push(self.micro_grid(&isolation.micro_grid, "isolation", isolation.id)?);
            }
            Change::Enterprise(enterprise) => {
                nodes.push(self.micro_grid(&enterprise.micro_grid, "enterprise", enterprise.id)?);
                if let Some(old) = self.enterprises.get(&enterprise.id) {
                    nodes.push(self.micro_grid(&old.micro_grid, "enterprise", old.id)?);
                }
            }
            Change::Ticket(ticket) => {
                // Only a scope over the whole district covers the triage queue.
                let place = |code: &Option<NodeCode>| match code {
                    Some(code) => self.micro_grid(code, "ticket", ticket.id),
                    None => Ok(self.hierarchy.root()),
                };
                nodes.push(place(&ticket.micro_grid)?);
                if let Some(old) = self.tickets.get(&ticket.id) {
                    nodes.push(place(&old.micro_grid)?);
                }
            }
            Change::Task(task) => {
                let unit = self.hierarchy.id_of(&task.owner_unit).ok_or_else(|| DistrictError::NotInDistrict {
                    entity: "task",
                    id: task.id,
                    code: task.owner_unit.clone(),
                })?;
                nodes.push(unit);
            }
            Change::TaskItem(item) => {
                let task = self.tasks.get(&item.task_id).ok_or(DistrictError::Dangling {
                    entity: "task_item",
                    id: item.id,
                    target: "task",
                    target_id: item.task_id,
                })?;
                match &item.micro_grid {
                    Some(code) => nodes.push(self.micro_grid(code, "task_item", item.id)?),
                    None => nodes.extend(self.hierarchy.id_of(&task.owner_unit)),
                }
            }
            Change::LandlordMark(mark) => {
                let house = self.houses.get(&mark.house_id).ok_or(DistrictError::Dangling {
                    entity: "landlord_mark",
                    id: mark.id,
                    target: "house",
                    target_id: mark.house_id,
                })?;
                nodes.push(self.micro_grid(&house.micro_grid, "house", house.id)?);
            }
            Change::Node(node) => {
                // Redrawing a node concerns the node; adding one concerns the parent it joins.
                let id = match (self.hierarchy.id_of(&node.code), &node.parent) {
                    (Some(id), _) => id,
                    (None, Some(parent)) => self
                        .hierarchy
                        .id_of(parent)
                        .ok_or_else(|| HierarchyError::MissingParent { child: node.code.clone(), parent: parent.clone() })?,
                    (None, None) => return Err(HierarchyError::SecondRoot(node.code.clone()).into()),
                };
                nodes.push(id);
            }
        }
        nodes.sort();
        nodes.dedup();
        Ok(nodes)
    }

    /// One resident fewer in `house` and in its place; returns the place.
    fn leave_house(&mut self, house: i64) -> Option<NodeId> {
        if let Some(count) = self.residents_by_house.get_mut(&house) {
            *count = count.saturating_sub(1);
        }
        let leaf = self.houses.get(&house).and_then(|h| self.hierarchy.id_of(&h.micro_grid))?;
        self.move_residents(leaf, 1, false);
        Some(leaf)
    }

    fn move_residents(&mut self, leaf: NodeId, count: u64, arriving: bool) {
        let residents = &mut self.leaves[leaf.index()].residents;
        *residents = if arriving { *residents + count } else { residents.saturating_sub(count) };
    }

    fn micro_grid(&self, code: &NodeCode, entity: &'static str, id: i64) -> Result<NodeId, DistrictError> {
        self.hierarchy.id_of(code).ok_or_else(|| DistrictError::NotInDistrict { entity, id, code: code.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hierarchy::tests::{node, small_tree};
    use crate::hierarchy::Level;
    use crate::metrics::{MetricRules, MetricsIndex};
    use crate::time::Timestamp;

    fn enterprise(id: i64, leaf: &str) -> Enterprise {
        Enterprise {
            id,
            name: format!("e{id}"),
            micro_grid: leaf.into(),
            sector: "retail".into(),
            above_designated_size: false,
            headcount: 10,
            status: crate::records::ResumptionStatus::NotResumed,
            resumed_at: None,
            workers_back: 0,
            version: 0,
        }
    }

    pub(super) fn house(id: i64, leaf: &str) -> House {
        House {
            id,
            code: format!("H{id}"),
            micro_grid: leaf.into(),
            address: String::new(),
            location: geo::Point::new(0.0, 0.0),
            rental: None,
            version: 0,
        }
    }

    pub(super) fn person(id: i64, house_id: i64) -> Person {
        Person { id, name: format!("p{id}"), id_number: String::new(), phone: String::new(), house_id, employer: None, version: 0 }
    }

    /// Residents per place as a district built afresh from the same records counts them.
    fn residents_recounted(d: &District) -> Vec<u64> {
        let records =
            Records { houses: d.houses.values().cloned().collect(), people: d.people.values().cloned().collect(), ..Records::default() };
        let fresh = District::new(d.hierarchy.clone(), records).unwrap();
        (0..d.hierarchy.len()).map(|i| fresh.leaves[i].residents).collect()
    }

    fn residents(d: &District) -> Vec<u64> {
        d.leaves.iter().map(|l| l.residents).collect()
    }

    #[test]
    fn residents_follow_people_and_houses_that_move() {
        let records = Records {
            houses: vec![house(1, "M1"), house(2, "M2")],
            people: (1..=3).map(|id| person(id, 1)).collect(),
            ..Records::default()
        };
        let mut d = District::new(small_tree(), records).unwrap();
        let (m1, m2) = (d.hierarchy.id("M1").unwrap(), d.hierarchy.id("M2").unwrap());
        assert_eq!((d.leaf(m1).residents, d.leaf(m2).residents), (3, 0));

        // A person moves house: both places are touched, the counts follow.
        let touched = d.apply(Change::Person(person(2, 2))).unwrap();
        assert_eq!(touched.leaves, {
            let mut both = vec![m1, m2];
            both.sort();
            both
        });
        assert_eq!((d.leaf(m1).residents, d.leaf(m2).residents), (2, 1));
        // A person edited in place (same house) moves nothing.
        assert!(d.apply(Change::Person(Person { name: "改名".into(), ..person(3, 1) })).unwrap().leaves.is_empty());
        // A house redrawn into another micro-grid takes its residents along.
        d.apply(Change::House(house(1, "M2"))).unwrap();
        assert_eq!((d.leaf(m1).residents, d.leaf(m2).residents), (0, 3));
        assert_eq!(residents(&d), residents_recounted(&d));
        // Forgotten (a view of the past), a person leaves the count.
        let touched = d.forget("person", 3);
        assert_eq!(touched.leaves, vec![m2]);
        assert_eq!(residents(&d), residents_recounted(&d));
        let mut index = MetricsIndex::build(&d, Timestamp(1_000), MetricRules::default());
        assert_eq!(index.counts(d.hierarchy.root()).residents, 2);
        let touched = d.apply(Change::Person(person(9, 2))).unwrap();
        index.refresh(&d, &touched.leaves, Timestamp(1_000));
        assert_eq!(index.counts(d.hierarchy.root()).residents, 3, "the root's figure follows a new resident");
    }

    #[test]
    fn a_worker_names_an_enterprise_of_the_register_and_changing_jobs_moves_no_figure() {
        let records = Records {
            houses: vec![house(1, "M1")],
            enterprises: vec![enterprise(7, "M2")],
            people: vec![Person { employer: Some(7), ..person(1, 1) }, person(2, 1)],
            ..Records::default()
        };
        let mut d = District::new(small_tree(), records).unwrap();
        assert_eq!(d.workers_of(7).map(|p| p.id).collect::<Vec<_>>(), vec![1]);
        let err = d.apply(Change::Person(Person { employer: Some(8), ..person(3, 1) })).unwrap_err();
        assert!(matches!(err, DistrictError::Dangling { entity: "person", id: 3, target: "enterprise", target_id: 8 }), "{err}");
        assert!(!d.people.contains_key(&3), "a refused person is not registered");
        assert!(d.apply(Change::Person(Person { employer: Some(7), ..person(2, 1) })).unwrap().leaves.is_empty());
        let mut workers: Vec<i64> = d.workers_of(7).map(|p| p.id).collect();
        workers.sort();
        assert_eq!(workers, vec![1, 2]);
    }

    #[test]
    fn a_node_change_adds_a_micro_grid_that_records_can_then_use() {
        let mut d = District::new(small_tree(), Records { enterprises: vec![enterprise(1, "M1")], ..Records::default() }).unwrap();
        let now = Timestamp(1_000);
        let mut index = MetricsIndex::build(&d, now, MetricRules::default());
        let touched = d.apply(Change::Node(node("M9", Level::MicroGrid, Some("G3")))).unwrap();
        let m9 = d.hierarchy.id("M9").unwrap();
        assert_eq!(touched, Touched { leaves: vec![], node: Some(m9) });
        assert!(index.refresh(&d, &touched.leaves, now).is_empty(), "a new node moves no figure");
        let touched = d.apply(Change::Enterprise(enterprise(2, "M9"))).unwrap();
        let changed = index.refresh(&d, &touched.leaves, now);
        assert!(changed.contains(&m9) && changed.contains(&d.hierarchy.root()));
        assert_eq!(index.counts(d.hierarchy.root()).enterprises_total, 2);
        let fresh = MetricsIndex::build(&d, now, MetricRules::default());
        for (id, _) in d.hierarchy.nodes() {
            assert_eq!(index.counts(id), fresh.counts(id));
        }
    }

    #[test]
    fn retiring_a_grid_keeps_its_records_and_a_bad_node_change_changes_nothing() {
        let mut d = District::new(small_tree(), Records { enterprises: vec![enterprise(1, "M1")], ..Records::default() }).unwrap();
        let mut g1 = d.hierarchy.node(d.hierarchy.id("G1").unwrap()).clone();
        g1.valid_to = Some(Timestamp(5));
        d.apply(Change::Node(g1)).unwrap();
        let m1 = d.hierarchy.id("M1").unwrap();
        assert_eq!(d.leaf(m1).enterprises, vec![1]);
        let len = d.hierarchy.len();
        let err = d.apply(Change::Node(node("S9", Level::Street, Some("C1")))).unwrap_err();
        assert!(matches!(err, DistrictError::Node(HierarchyError::LevelMismatch { .. })), "{err}");
        assert_eq!(d.hierarchy.len(), len);
        let new = node("G9", Level::Grid, Some("C2"));
        assert_eq!(d.nodes_of(&Change::Node(new)).unwrap(), vec![d.hierarchy.id("C2").unwrap()]);
    }
}
