//! Screening batches (排查任务, issue 3): splitting a batch of people into one part per grid,
//! and the progress of task parts per node, rolled up the hierarchy.
//!
//! A batch is stored as ordinary [`Task`]s and [`TaskItem`]s: one task per part (its owner
//! unit is the grid, its title `batch title · part name`), one item per person. People
//! whose address could not be placed form one more part, owned by the importer's root node,
//! with items that have no micro-grid: listed, never dropped.
//!
//! Progress counts each placed item at its micro-grid and each unplaced item at its part's
//! owner unit; each part counts at its owner unit. A node's counts are what is attached to
//! it plus the sum over its children, so a node with nothing attached (every node but the
//! owners of unplaced parts and of the parts themselves) equals the sum of its children.
//! Pure functions: the instant is an argument, nothing here reads a clock or a file.

use std::collections::{BTreeMap, HashMap};
use std::ops::AddAssign;

use crate::district::District;
use crate::hierarchy::{Hierarchy, Level, NodeId};
use crate::records::{Task, TaskItem, TaskOutcome};
use crate::sla::LocalDate;
use crate::time::Timestamp;

/// Between a batch's title and the name of one of its parts, in a task's title.
pub const TITLE_SEPARATOR: &str = " · ";

/// The part name of the people whose address is in no register (未匹配地址).
pub const UNPLACED_PART_NAME: &str = "未匹配地址";

/// The title of one part of a batch.
pub fn part_title(batch: &str, part: &str) -> String {
    format!("{batch}{TITLE_SEPARATOR}{part}")
}

/// The batch a task belongs to: its title up to the first separator (the whole title of a
/// task that was not made by splitting a batch).
pub fn batch_of(title: &str) -> &str {
    title.split(TITLE_SEPARATOR).next().unwrap_or(title)
}

/// The deadline a date names: the last second of that day in China Standard Time. `None`
/// unless `text` is a real calendar date written `YYYY-MM-DD`.
pub fn deadline_of_date(text: &str) -> Option<Timestamp> {
    Some(LocalDate::parse(text.trim())?.succ().start().plus_secs(-1))
}

/// The grid a node lies in: the node itself if it is a grid, its grid ancestor if it lies
/// below one, `None` above the grid level.
pub fn grid_of(hierarchy: &Hierarchy, node: NodeId) -> Option<NodeId> {
    hierarchy.path_to_root(node).find(|&n| hierarchy.node(n).level == Level::Grid)
}

/// One part of a split batch: who owns it and which people (indices into the batch) it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchPart {
    /// The grid, or for the unplaced part the node given as `unplaced_owner`.
    pub owner: NodeId,
    /// The people whose address was in no register (or in no grid).
    pub unplaced: bool,
    /// Indices into the batch, ascending.
    pub members: Vec<usize>,
}

/// Splits a batch by place: `places[i]` is the node (normally the micro-grid) where the
/// i-th person's address lies, `None` when it was not found. One part per grid touched, in
/// hierarchy order (by grid code), then one unplaced part owned by `unplaced_owner` if any
/// address was not placed. Every person lands in exactly one part.
pub fn split_batch(hierarchy: &Hierarchy, places: &[Option<NodeId>], unplaced_owner: NodeId) -> Vec<BatchPart> {
    let mut by_grid: BTreeMap<NodeId, Vec<usize>> = BTreeMap::new();
    let mut unplaced = Vec::new();
    for (index, place) in places.iter().enumerate() {
        match place.and_then(|node| grid_of(hierarchy, node)) {
            Some(grid) => by_grid.entry(grid).or_default().push(index),
            None => unplaced.push(index),
        }
    }
    let mut parts: Vec<BatchPart> = by_grid.into_iter().map(|(owner, members)| BatchPart { owner, unplaced: false, members }).collect();
    if !unplaced.is_empty() {
        parts.push(BatchPart { owner: unplaced_owner, unplaced: true, members: unplaced });
    }
    parts
}

/// Whether an item's outcome is known as of `now`.
pub fn is_done_at(item: &TaskItem, now: Timestamp) -> bool {
    item.outcome.is_some() && item.reported_at.is_none_or(|at| at <= now)
}

/// Where one part stands at an instant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartStatus {
    pub items: u64,
    pub done: u64,
}

impl PartStatus {
    /// Every person of the part has an outcome (a part without items is not complete).
    pub fn is_complete(&self) -> bool {
        self.items > 0 && self.done == self.items
    }

    /// Past its deadline and not complete.
    pub fn is_overdue(&self, task: &Task, now: Timestamp) -> bool {
        task.deadline < now && !self.is_complete()
    }
}

/// The status of every task created by `now` that `include` accepts, by task id.
pub fn part_statuses(district: &District, now: Timestamp, include: &dyn Fn(&Task) -> bool) -> HashMap<i64, PartStatus> {
    let mut statuses: HashMap<i64, PartStatus> = district
        .tasks
        .values()
        .filter(|task| task.created_at <= now && include(task))
        .map(|task| (task.id, PartStatus::default()))
        .collect();
    for item in district.task_items.values() {
        if let Some(status) = statuses.get_mut(&item.task_id) {
            status.items += 1;
            status.done += u64::from(is_done_at(item, now));
        }
    }
    statuses
}

/// The additive task figures of one node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TaskCounts {
    /// People to verify.
    pub items: u64,
    /// People with an outcome.
    pub done: u64,
    pub found_under_control: u64,
    pub isolated: u64,
    pub left_district: u64,
    pub not_found: u64,
    /// Items without a micro-grid, counted at their part's owner unit.
    pub unplaced_items: u64,
    /// Parts (tasks) owned here.
    pub parts: u64,
    pub parts_complete: u64,
    /// Past their deadline and not complete.
    pub parts_overdue: u64,
    /// Checked by the community (社区核验) by the instant.
    pub parts_verified: u64,
}

impl AddAssign<&TaskCounts> for TaskCounts {
    fn add_assign(&mut self, other: &TaskCounts) {
        let TaskCounts {
            items,
            done,
            found_under_control,
            isolated,
            left_district,
            not_found,
            unplaced_items,
            parts,
            parts_complete,
            parts_overdue,
            parts_verified,
        } = other;
        self.items += items;
        self.done += done;
        self.found_under_control += found_under_control;
        self.isolated += isolated;
        self.left_district += left_district;
        self.not_found += not_found;
        self.unplaced_items += unplaced_items;
        self.parts += parts;
        self.parts_complete += parts_complete;
        self.parts_overdue += parts_overdue;
        self.parts_verified += parts_verified;
    }
}

impl TaskCounts {
    /// Items with an outcome over all items; `None` when there are none.
    pub fn completion_rate(&self) -> Option<f64> {
        (self.items > 0).then(|| self.done as f64 / self.items as f64)
    }

    /// How many items have this outcome.
    pub fn with_outcome(&self, outcome: TaskOutcome) -> u64 {
        match outcome {
            TaskOutcome::FoundUnderControl => self.found_under_control,
            TaskOutcome::Isolated => self.isolated,
            TaskOutcome::LeftDistrict => self.left_district,
            TaskOutcome::NotFound => self.not_found,
        }
    }

    fn count_item(&mut self, item: &TaskItem, now: Timestamp) {
        self.items += 1;
        if !is_done_at(item, now) {
            return;
        }
        self.done += 1;
        match item.outcome {
            Some(TaskOutcome::FoundUnderControl) => self.found_under_control += 1,
            Some(TaskOutcome::Isolated) => self.isolated += 1,
            Some(TaskOutcome::LeftDistrict) => self.left_district += 1,
            Some(TaskOutcome::NotFound) => self.not_found += 1,
            None => {}
        }
    }
}

/// What is attached to each node itself, indexed by [`NodeId::index`]: placed items at
/// their micro-grid, unplaced items and parts at the part's owner unit. Tasks created after
/// `now`, tasks `include` refuses and records pointing at unknown nodes are left out.
pub fn attached_counts(district: &District, now: Timestamp, include: &dyn Fn(&Task) -> bool) -> Vec<TaskCounts> {
    let hierarchy = &district.hierarchy;
    let mut attached = vec![TaskCounts::default(); hierarchy.len()];
    let statuses = part_statuses(district, now, include);
    for (task_id, status) in &statuses {
        let task = &district.tasks[task_id];
        if let Some(owner) = hierarchy.id_of(&task.owner_unit) {
            let counts = &mut attached[owner.index()];
            counts.parts += 1;
            counts.parts_complete += u64::from(status.is_complete());
            counts.parts_overdue += u64::from(status.is_overdue(task, now));
            counts.parts_verified += u64::from(task.verified.as_ref().is_some_and(|v| v.at <= now));
        }
    }
    for item in district.task_items.values() {
        if !statuses.contains_key(&item.task_id) {
            continue;
        }
        let node = match &item.micro_grid {
            Some(code) => hierarchy.id_of(code),
            None => hierarchy.id_of(&district.tasks[&item.task_id].owner_unit),
        };
        if let Some(node) = node {
            let counts = &mut attached[node.index()];
            counts.count_item(item, now);
            counts.unplaced_items += u64::from(item.micro_grid.is_none());
        }
    }
    attached
}

/// Each node's counts: what is attached to it plus the sum over its children.
pub fn roll_up(hierarchy: &Hierarchy, attached: &[TaskCounts]) -> Vec<TaskCounts> {
    let mut rolled = attached.to_vec();
    for node in hierarchy.bottom_up() {
        if let Some(parent) = hierarchy.parent(node) {
            let child = rolled[node.index()];
            rolled[parent.index()] += &child;
        }
    }
    rolled
}

/// Every node's task figures as of `now`, over the tasks `include` accepts.
pub fn progress(district: &District, now: Timestamp, include: &dyn Fn(&Task) -> bool) -> Vec<TaskCounts> {
    roll_up(&district.hierarchy, &attached_counts(district, now, include))
}

/// Each batch's counts at `node` (what [`progress`] gives there for that batch alone), in one
/// pass over the parts and the items rather than one pass per batch: a district with hundreds
/// of batches lists them all at once. Batches with nothing under the node are left out.
pub fn batch_counts_under(district: &District, node: NodeId, now: Timestamp) -> BTreeMap<String, TaskCounts> {
    let hierarchy = &district.hierarchy;
    let statuses = part_statuses(district, now, &|_| true);
    let mut by_batch: BTreeMap<String, TaskCounts> = BTreeMap::new();
    for (task_id, status) in &statuses {
        let task = &district.tasks[task_id];
        if hierarchy.id_of(&task.owner_unit).is_some_and(|owner| hierarchy.covers(node, owner)) {
            let counts = by_batch.entry(batch_of(&task.title).to_owned()).or_default();
            counts.parts += 1;
            counts.parts_complete += u64::from(status.is_complete());
            counts.parts_overdue += u64::from(status.is_overdue(task, now));
            counts.parts_verified += u64::from(task.verified.as_ref().is_some_and(|v| v.at <= now));
        }
    }
    for item in district.task_items.values() {
        if !statuses.contains_key(&item.task_id) {
            continue;
        }
        let task = &district.tasks[&item.task_id];
        let place = match &item.micro_grid {
            Some(code) => hierarchy.id_of(code),
            None => hierarchy.id_of(&task.owner_unit),
        };
        if place.is_some_and(|place| hierarchy.covers(node, place)) {
            let counts = by_batch.entry(batch_of(&task.title).to_owned()).or_default();
            counts.count_item(item, now);
            counts.unplaced_items += u64::from(item.micro_grid.is_none());
        }
    }
    by_batch
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};

    use super::*;
    use crate::district::Records;
    use crate::hierarchy::tests::small_tree;
    use crate::hierarchy::NodeCode;
    use crate::time::DAY_SECS;

    const NOW: Timestamp = Timestamp(1_795_399_200); // 2026-11-23T10:00+08:00

    fn task(id: i64, owner: &str, deadline: Timestamp) -> Task {
        Task {
            id,
            title: part_title("第1批", owner),
            owner_unit: owner.into(),
            created_at: NOW.plus_secs(-DAY_SECS),
            deadline,
            verified: None,
            version: 0,
        }
    }

    fn item(id: i64, task_id: i64, leaf: Option<&str>, outcome: Option<TaskOutcome>) -> TaskItem {
        TaskItem {
            id,
            task_id,
            person_name: format!("p{id}"),
            id_number: format!("id{id}"),
            address: format!("address {id}"),
            micro_grid: leaf.map(NodeCode::from),
            outcome,
            reported_at: outcome.map(|_| NOW.plus_secs(-60)),
            version: 0,
        }
    }

    #[test]
    fn a_batch_splits_into_one_part_per_grid_and_keeps_the_unplaced() {
        let tree = small_tree();
        let id = |code: &str| tree.id(code).unwrap();
        let places = [Some(id("M3")), Some(id("M1")), None, Some(id("M2")), Some(id("M6")), None, Some(id("M5"))];
        let parts = split_batch(&tree, &places, id("D"));
        let summary: Vec<(&str, bool, Vec<usize>)> =
            parts.iter().map(|p| (tree.node(p.owner).code.as_str(), p.unplaced, p.members.clone())).collect();
        assert_eq!(summary, vec![("G1", false, vec![1, 3]), ("G2", false, vec![0]), ("G4", false, vec![4, 6]), ("D", true, vec![2, 5])]);
        let mut everyone: Vec<usize> = parts.iter().flat_map(|p| p.members.clone()).collect();
        everyone.sort_unstable();
        assert_eq!(everyone, (0..places.len()).collect::<Vec<_>>(), "nobody dropped, nobody twice");
    }

    #[test]
    fn a_place_above_the_grid_level_is_unplaced_and_a_batch_of_placed_people_has_no_unplaced_part() {
        let tree = small_tree();
        let id = |code: &str| tree.id(code).unwrap();
        let parts = split_batch(&tree, &[Some(id("C1")), Some(id("G3"))], id("S1"));
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].owner, parts[0].unplaced), (id("G3"), false));
        assert_eq!((parts[1].owner, parts[1].unplaced, parts[1].members.clone()), (id("S1"), true, vec![0]));
        assert!(split_batch(&tree, &[Some(id("M4"))], id("D")).iter().all(|p| !p.unplaced));
    }

    #[test]
    fn deadlines_are_the_last_second_of_a_real_day() {
        let deadline = deadline_of_date("2026-11-25").unwrap();
        assert_eq!(deadline.to_string(), "2026-11-25T23:59:59+08:00");
        assert_eq!(deadline_of_date("2024-02-29").unwrap().local_date(), (2024, 2, 29));
        for bad in ["2026-02-29", "2026-13-01", "2026-11-00", "26-11-25", "2026/11/25", "2026-11-25-1", "tomorrow", ""] {
            assert_eq!(deadline_of_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn batch_titles_round_trip() {
        assert_eq!(batch_of(&part_title("省市下发第3批", "某社区第1网格")), "省市下发第3批");
        assert_eq!(batch_of("异常数据核查第1批"), "异常数据核查第1批");
    }

    #[test]
    fn progress_counts_outcomes_parts_and_overdue_where_they_belong() {
        let tree = small_tree();
        let past = NOW.plus_secs(-3600);
        let later = NOW.plus_secs(DAY_SECS);
        let records = Records {
            tasks: vec![task(1, "G1", past), task(2, "G4", past), task(3, "D", later), task(4, "G2", later)],
            task_items: vec![
                item(1, 1, Some("M1"), Some(TaskOutcome::FoundUnderControl)),
                item(2, 1, Some("M2"), Some(TaskOutcome::Isolated)),
                item(3, 2, Some("M5"), Some(TaskOutcome::LeftDistrict)),
                item(4, 2, Some("M6"), None),
                item(5, 3, None, Some(TaskOutcome::NotFound)),
                item(6, 3, None, None),
                item(7, 4, Some("M3"), None),
            ],
            ..Records::default()
        };
        let district = District::new(tree, records).unwrap();
        let all = progress(&district, NOW, &|_| true);
        let at = |code: &str| all[district.hierarchy.id(code).unwrap().index()];

        let g1 = at("G1");
        assert_eq!((g1.items, g1.done, g1.found_under_control, g1.isolated), (2, 2, 1, 1));
        assert_eq!((g1.parts, g1.parts_complete, g1.parts_overdue), (1, 1, 0), "complete, so not overdue");
        let g4 = at("G4");
        assert_eq!((g4.items, g4.done, g4.left_district, g4.parts_overdue), (2, 1, 1, 1));
        assert_eq!(at("G2").parts_overdue, 0, "its deadline is still ahead");

        let root = at("D");
        assert_eq!((root.items, root.done, root.unplaced_items, root.not_found), (7, 4, 2, 1));
        assert_eq!((root.parts, root.parts_complete, root.parts_overdue), (4, 1, 1));
        assert_eq!(root.completion_rate(), Some(4.0 / 7.0));
        assert_eq!(at("M4").completion_rate(), None);

        let batch_of_g4_only = progress(&district, NOW, &|t| t.owner_unit.as_str() == "G4");
        assert_eq!(batch_of_g4_only[district.hierarchy.root().index()].items, 2);
        let before_anything = progress(&district, NOW.plus_secs(-2 * DAY_SECS), &|_| true);
        assert!(before_anything.iter().all(|c| *c == TaskCounts::default()), "tasks created later do not count");
    }

    #[test]
    fn an_outcome_reported_after_the_instant_is_not_done_yet() {
        let tree = small_tree();
        let mut late = item(1, 1, Some("M1"), Some(TaskOutcome::Isolated));
        late.reported_at = Some(NOW.plus_secs(60));
        let district =
            District::new(tree, Records { tasks: vec![task(1, "G1", NOW)], task_items: vec![late], ..Records::default() }).unwrap();
        let root = progress(&district, NOW, &|_| true)[0];
        assert_eq!((root.items, root.done, root.isolated), (1, 0, 0));
    }

    /// The one-pass count per batch equals the roll-up of each batch alone, at every node.
    #[test]
    fn counting_every_batch_at_once_equals_counting_each_alone() {
        let tree = small_tree();
        let leaves = ["M1", "M2", "M3", "M4", "M5", "M6"];
        let owners = ["D", "S1", "C1", "G1", "G2", "G3", "G4"];
        for seed in 0..10u64 {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let mut records = Records::default();
            for t in 1..=8 {
                let owner = owners[rng.gen_range(0..owners.len())];
                let deadline = NOW.plus_secs(rng.gen_range(-DAY_SECS..DAY_SECS));
                let batch = ["第1批", "第2批", "第3批"][rng.gen_range(0..3)];
                records.tasks.push(Task { title: part_title(batch, owner), ..task(t, owner, deadline) });
            }
            for i in 1..=50 {
                let leaf = rng.gen_bool(0.8).then(|| leaves[rng.gen_range(0..leaves.len())]);
                let outcome = rng.gen_bool(0.5).then_some(TaskOutcome::NotFound);
                records.task_items.push(item(i, rng.gen_range(1..=8), leaf, outcome));
            }
            let district = District::new(tree.clone(), records).unwrap();
            for (node, _) in district.hierarchy.nodes() {
                let at_once = batch_counts_under(&district, node, NOW);
                for batch in ["第1批", "第2批", "第3批"] {
                    let alone = progress(&district, NOW, &|t: &Task| batch_of(&t.title) == batch)[node.index()];
                    assert_eq!(
                        at_once.get(batch).copied().unwrap_or_default(),
                        alone,
                        "seed {seed}, {batch} at {}",
                        district.hierarchy.node(node).code
                    );
                }
            }
        }
    }

    /// The reconciliation rule on random batches: every node equals what is attached to it
    /// plus the sum over its children, and a node with nothing attached equals that sum.
    #[test]
    fn a_parents_counts_are_the_sum_over_its_children() {
        let tree = small_tree();
        let leaves: Vec<&str> = vec!["M1", "M2", "M3", "M4", "M5", "M6"];
        let owners: Vec<&str> = vec!["D", "S1", "S2", "C1", "C3", "G1", "G2", "G3", "G4"];
        let outcomes = [
            None,
            Some(TaskOutcome::FoundUnderControl),
            Some(TaskOutcome::Isolated),
            Some(TaskOutcome::LeftDistrict),
            Some(TaskOutcome::NotFound),
        ];
        for seed in 0..20u64 {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let mut records = Records::default();
            for t in 1..=6 {
                let deadline = NOW.plus_secs(rng.gen_range(-DAY_SECS..DAY_SECS));
                records.tasks.push(task(t, owners[rng.gen_range(0..owners.len())], deadline));
            }
            for i in 1..=60 {
                let leaf = rng.gen_bool(0.8).then(|| leaves[rng.gen_range(0..leaves.len())]);
                records.task_items.push(item(i, rng.gen_range(1..=6), leaf, outcomes[rng.gen_range(0..outcomes.len())]));
            }
            let district = District::new(tree.clone(), records).unwrap();
            let attached = attached_counts(&district, NOW, &|_| true);
            let rolled = roll_up(&district.hierarchy, &attached);
            for (node, _) in district.hierarchy.nodes() {
                let mut children = TaskCounts::default();
                for &child in district.hierarchy.children(node) {
                    children += &rolled[child.index()];
                }
                let mut expected = attached[node.index()];
                expected += &children;
                assert_eq!(rolled[node.index()], expected, "seed {seed}, node {}", district.hierarchy.node(node).code);
                if attached[node.index()] == TaskCounts::default() && !district.hierarchy.children(node).is_empty() {
                    assert_eq!(rolled[node.index()], children);
                }
            }
            let root = rolled[district.hierarchy.root().index()];
            assert_eq!(root.items, 60);
            assert_eq!(root.parts, 6);
            assert_eq!(
                root.done,
                root.found_under_control + root.isolated + root.left_district + root.not_found,
                "done is the sum over outcomes"
            );
        }
    }
}
