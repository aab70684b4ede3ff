//! Screening tasks (排查任务): batches of people sent down by the province and city, each owned
//! by a street or community, with one item per person and what the grid staff found.
//!
//! Like 江干's figures: a few hundred batches of ~20 people of screening data, and a smaller
//! run of "abnormal data" batches. Most people are residents of the owning unit; the rest
//! are outsiders, some of whom could not be placed.

use std::collections::HashSet;

use rand::seq::SliceRandom;
use rand::Rng;
use wangge_domain::time::{DAY_SECS, HOUR_SECS};
use wangge_domain::{NodeCode, Task, TaskItem, TaskOutcome, Timestamp};

use crate::layout::Layout;
use crate::records::{Targets, Window};
use crate::residents::{self, Residents};

/// Who an item is about, and how likely each outcome is for such a person.
struct Subject {
    name: String,
    id_number: String,
    address: String,
    micro_grid: Option<NodeCode>,
    outcomes: &'static [(TaskOutcome, u32)],
}

const RESIDENT_OUTCOMES: &[(TaskOutcome, u32)] =
    &[(TaskOutcome::FoundUnderControl, 78), (TaskOutcome::Isolated, 10), (TaskOutcome::LeftDistrict, 10), (TaskOutcome::NotFound, 2)];
const PLACED_OUTSIDER_OUTCOMES: &[(TaskOutcome, u32)] =
    &[(TaskOutcome::FoundUnderControl, 60), (TaskOutcome::Isolated, 15), (TaskOutcome::LeftDistrict, 15), (TaskOutcome::NotFound, 10)];
/// Someone whose address could not be placed has mostly left or cannot be found.
const UNPLACED_OUTCOMES: &[(TaskOutcome, u32)] = &[(TaskOutcome::LeftDistrict, 50), (TaskOutcome::NotFound, 50)];

fn outcome<R: Rng>(rng: &mut R, table: &[(TaskOutcome, u32)]) -> TaskOutcome {
    table.choose_weighted(rng, |(_, w)| *w).expect("weights").0
}

pub fn build<R: Rng>(
    rng: &mut R,
    layout: &Layout,
    residents: &Residents,
    targets: &Targets,
    window: &Window,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> (Vec<Task>, Vec<TaskItem>) {
    let now = window.now;
    // People by street and by community, in id order, to draw a unit's own residents.
    let mut by_street = vec![Vec::new(); layout.streets.len()];
    let mut by_community = vec![Vec::new(); layout.communities.len()];
    for (p, &house) in residents.person_house.iter().enumerate() {
        let leaf = &layout.leaves[residents.house_leaf[house]];
        by_street[leaf.street].push(p);
        by_community[leaf.community].push(p);
    }
    let mut leaves_by_street = vec![Vec::new(); layout.streets.len()];
    let mut communities_by_street: Vec<Vec<usize>> = vec![Vec::new(); layout.streets.len()];
    for (l, leaf) in layout.leaves.iter().enumerate() {
        leaves_by_street[leaf.street].push(l);
        let list = &mut communities_by_street[leaf.street];
        if list.last() != Some(&leaf.community) {
            list.push(leaf.community);
        }
    }

    let total = targets.screening_tasks + targets.abnormal_tasks;
    let mut created: Vec<(Timestamp, bool)> = (0..total)
        .map(|i| {
            let at = Timestamp(rng.gen_range(window.start.secs()..=now.plus_secs(-HOUR_SECS).secs()));
            (at, i < targets.abnormal_tasks)
        })
        .collect();
    created.sort_unstable();

    let now_year = now.local_date().0;
    let mut used_ids = HashSet::new();
    let (mut tasks, mut items) = (Vec::with_capacity(total), Vec::new());
    let (mut screening_no, mut abnormal_no) = (0, 0);
    for (t, &(created_at, abnormal)) in created.iter().enumerate() {
        let street = rng.gen_range(0..layout.streets.len());
        // Seven in ten go to a street, the rest straight to one of its communities.
        let community = rng.gen_bool(0.3).then(|| *communities_by_street[street].choose(rng).expect("a street has communities"));
        let (owner_unit, pool): (NodeCode, &[usize]) = match community {
            Some(c) => (layout.communities[c].code.clone(), &by_community[c]),
            None => (layout.streets[street].code.clone(), &by_street[street]),
        };
        let title = if abnormal {
            abnormal_no += 1;
            format!("异常数据核查第{abnormal_no}批")
        } else {
            screening_no += 1;
            format!("省市下发排查数据第{screening_no}批")
        };
        let deadline = created_at.plus_secs(2 * DAY_SECS);
        let task_id = t as i64 + 1;
        tasks.push(Task { id: task_id, title, owner_unit, created_at, deadline, verified: None, version: 0 });

        let size = if abnormal { rng.gen_range(8..=18) } else { rng.gen_range(10..=30) };
        for _ in 0..size {
            let resident = !pool.is_empty() && rng.gen_bool(0.75);
            let subject = if resident {
                let p = *pool.choose(rng).expect("non-empty");
                let person = &residents.people[p];
                let house = &residents.houses[residents.person_house[p]];
                Subject {
                    name: person.name.clone(),
                    id_number: person.id_number.clone(),
                    address: house.address.clone(),
                    micro_grid: Some(house.micro_grid.clone()),
                    outcomes: RESIDENT_OUTCOMES,
                }
            } else {
                let (name, id_number) = residents::identity(rng, now_year, &mut used_ids);
                let leaf = leaves_by_street[street].choose(rng).map(|&l| &layout.leaves[l]);
                // Outsiders give an address that is placed on the map two times in three.
                match leaf.filter(|_| rng.gen_bool(0.67)) {
                    Some(leaf) => Subject {
                        name,
                        id_number,
                        address: residents::address(leaf, rng.gen_range(0..20)),
                        micro_grid: Some(leaf.code.clone()),
                        outcomes: PLACED_OUTSIDER_OUTCOMES,
                    },
                    None => Subject {
                        name,
                        id_number,
                        address: format!("嘉兴市南湖区{}（地址不详）", layout.streets[street].name),
                        micro_grid: None,
                        outcomes: UNPLACED_OUTCOMES,
                    },
                }
            };
            // Reports come back within about a day and a half; still-open tasks are partly done.
            let reported_at = Some(created_at.plus_secs(rng.gen_range(HOUR_SECS..40 * HOUR_SECS))).filter(|&at| at <= now);
            let outcome = reported_at.map(|_| outcome(rng, subject.outcomes));
            items.push(TaskItem {
                id: items.len() as i64 + 1,
                task_id,
                person_name: subject.name,
                id_number: subject.id_number,
                address: subject.address,
                micro_grid: subject.micro_grid,
                outcome,
                reported_at,
                version: 0,
            });
        }
    }
    progress("tasks", tasks.len() as u64, tasks.len() as u64);
    (tasks, items)
}
