//! Counts and invariants of the generated records: the full district has the real streets and
//! the target sizes; every record is well-formed and consistent with `now`.

use crate::common;

use std::collections::BTreeMap;

use wangge_demo::idnum;
use wangge_domain::time::{DAY_SECS, HOUR_SECS};
use wangge_domain::{District, FollowUpResult, Level, MicroGridKind, ResumptionStatus, StaffRole, Timestamp};

const REAL_STREETS: [(&str, &str); 13] = [
    ("330402007000", "建设街道"),
    ("330402008000", "解放街道"),
    ("330402009000", "新嘉街道"),
    ("330402010000", "南湖街道"),
    ("330402011000", "新兴街道"),
    ("330402012000", "七星街道"),
    ("330402013000", "东栅街道"),
    ("330402014000", "城南街道"),
    ("330402015000", "长水街道"),
    ("330402100000", "凤桥镇"),
    ("330402101000", "余新镇"),
    ("330402103000", "新丰镇"),
    ("330402105000", "大桥镇"),
];

fn level_counts(district: &District) -> [usize; 5] {
    let mut counts = [0; 5];
    for (_, node) in district.hierarchy.nodes() {
        counts[node.level.depth()] += 1;
    }
    counts
}

fn assert_in(what: &str, value: f64, range: std::ops::RangeInclusive<f64>) {
    assert!(range.contains(&value), "{what} = {value}, expected {range:?}");
}

/// Ids of a kind run 1..=n without gaps.
fn assert_dense_ids<T>(what: &str, map: &std::collections::HashMap<i64, T>) {
    let mut ids: Vec<i64> = map.keys().copied().collect();
    ids.sort_unstable();
    assert!(ids.iter().enumerate().all(|(i, &id)| id == i as i64 + 1), "{what} ids are not 1..={}", ids.len());
}

#[test]
fn full_has_the_real_streets_and_the_target_sizes() {
    let d = common::full();
    let root = d.hierarchy.node(d.hierarchy.root());
    assert_eq!((root.code.as_str(), root.name.as_str()), ("330402", "南湖区"));
    let streets: Vec<(&str, &str)> =
        d.hierarchy.nodes().filter(|(_, n)| n.level == Level::Street).map(|(_, n)| (n.code.as_str(), n.name.as_str())).collect();
    assert_eq!(streets, REAL_STREETS);

    let [_, _, communities, grids, micro] = level_counts(d);
    assert_in("communities", communities as f64, 140.0..=160.0);
    assert_in("grids", grids as f64, 560.0..=640.0);
    assert_in("micro-grids", micro as f64, 7_000.0..=7_800.0);
    assert_in("houses", d.houses.len() as f64, 47_000.0..=53_000.0);
    assert_in("people", d.people.len() as f64, 145_000.0..=155_000.0);
    assert_in("enterprises", d.enterprises.len() as f64, 4_100.0..=4_300.0);
    assert_in("tickets", d.tickets.len() as f64, 11_500.0..=12_500.0);
    assert_in("isolations", d.isolations.len() as f64, 5_800.0..=6_200.0);
    let now = common::now();
    let active = d.isolations.values().filter(|i| i.is_active_at(now)).count();
    assert_in("active isolations", active as f64, 450.0..=550.0);
    assert_in("tasks", d.tasks.len() as f64, 200.0..=500.0);
}

#[test]
fn small_has_the_same_shape_in_small() {
    let d = common::small();
    assert_eq!(level_counts(d), [1, 2, 6, 20, 200]);
    assert_in("people", d.people.len() as f64, 2_000.0..=6_000.0);
    assert!(!d.tickets.is_empty() && !d.isolations.is_empty() && !d.enterprises.is_empty() && !d.tasks.is_empty());
    let kinds: Vec<_> = d.hierarchy.nodes().filter_map(|(_, n)| n.micro_kind).collect();
    assert!(kinds.contains(&MicroGridKind::VillagerGroup) && kinds.contains(&MicroGridKind::Stairwell));
}

#[test]
fn codes_names_kinds_and_staff_follow_the_zoning_rules() {
    for d in [common::full(), common::small()] {
        let h = &d.hierarchy;
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for (id, node) in h.nodes() {
            let code = node.code.as_str();
            assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
            let parent = h.parent(id).map(|p| h.node(p));
            match node.level {
                Level::District => assert_eq!(code, "330402"),
                Level::Street => {
                    assert!(code.len() == 12 && code.starts_with("330402") && code.ends_with("000"))
                }
                Level::Community => {
                    let street = parent.expect("parent").code.as_str();
                    assert!(code.len() == 12 && code[..9] == street[..9], "{code} under {street}");
                    let serial = &code[9..];
                    if node.name.ends_with('村') {
                        assert!(serial.starts_with('2'), "village {code}");
                    } else {
                        assert!(node.name.ends_with("社区") && serial.starts_with('0'), "community {code} {}", node.name);
                    }
                }
                Level::Grid => {
                    assert!(code.len() == 14 && code.starts_with(parent.expect("parent").code.as_str()));
                    let roles: Vec<StaffRole> = node.staff.iter().map(|s| s.role).collect();
                    assert_eq!(roles.iter().filter(|r| **r == StaffRole::GridLeader).count(), 1, "{code}");
                    assert_eq!(roles.iter().filter(|r| **r == StaffRole::FullTimeMember).count(), 1, "{code}");
                    assert!(roles.iter().filter(|r| **r == StaffRole::PartTimeMember).count() >= 1, "{code}");
                }
                Level::MicroGrid => {
                    let grid = parent.expect("parent");
                    assert!(code.len() == 17 && code.starts_with(grid.code.as_str()));
                    let kind = node.micro_kind.expect("kind");
                    *kinds.entry(kind.as_str()).or_default() += 1;
                    let community = h.node(h.parent(h.id_of(&grid.code).expect("grid")).expect("community"));
                    if kind == MicroGridKind::VillagerGroup {
                        assert!(community.name.ends_with('村'), "villager group {code} in {}", community.name);
                    }
                    assert!(node.staff.iter().any(|s| s.role == StaffRole::MicroGridLeader), "{code}");
                }
            }
            for staff in &node.staff {
                assert!(staff.phone.len() == 11 && staff.phone.starts_with('1'), "{}", staff.phone);
                assert!((2..=3).contains(&staff.name.chars().count()), "{}", staff.name);
            }
        }
        // Every kind appears.
        assert_eq!(kinds.len(), MicroGridKind::ALL.len(), "{kinds:?}");
    }
}

#[test]
fn people_and_houses_are_well_formed() {
    let d = common::full();
    assert_dense_ids("house", &d.houses);
    assert_dense_ids("person", &d.people);
    let mut ids = std::collections::BTreeSet::new();
    for person in d.people.values() {
        assert!(idnum::is_valid(&person.id_number), "{}", person.id_number);
        assert!(ids.insert(person.id_number.as_str()), "duplicate ID {}", person.id_number);
        assert!(person.phone.len() == 11 && person.phone.bytes().all(|b| b.is_ascii_digit()) && person.phone.starts_with('1'));
        assert!(d.houses.contains_key(&person.house_id));
    }
    let mut codes = std::collections::BTreeSet::new();
    for house in d.houses.values() {
        assert!(house.code.starts_with(house.micro_grid.as_str()), "{}", house.code);
        assert!(codes.insert(house.code.as_str()), "duplicate house code {}", house.code);
        assert!(house.address.starts_with("嘉兴市南湖区"), "{}", house.address);
    }
}

#[test]
fn enterprises_have_mostly_resumed() {
    let d = common::full();
    let now = common::now();
    assert_dense_ids("enterprise", &d.enterprises);
    let resumed = d.enterprises.values().filter(|e| e.is_resumed_at(now)).count() as f64;
    assert_in("resumption rate", resumed / d.enterprises.len() as f64, 0.95..=0.99);
    let above = d.enterprises.values().filter(|e| e.above_designated_size).count() as f64;
    assert_in("above-size share", above / d.enterprises.len() as f64, 0.12..=0.18);
    for e in d.enterprises.values() {
        assert!(e.workers_back <= e.headcount && e.headcount > 0, "{}", e.id);
        match e.status {
            ResumptionStatus::NotResumed => assert!(e.resumed_at.is_none() && e.workers_back == 0),
            _ => assert!(e.resumed_at.is_some_and(|at| at <= now) && e.workers_back > 0),
        }
        assert!(!e.sector.is_empty() && !e.name.is_empty());
    }
}

#[test]
fn tickets_follow_their_lifecycle_and_the_quoted_rates() {
    let d = common::full();
    let now = common::now();
    let today = now.local_day_start();
    assert_dense_ids("ticket", &d.tickets);
    let n = d.tickets.len() as f64;
    let h = &d.hierarchy;
    for t in d.tickets.values() {
        assert!(t.received_at <= now && t.received_at >= now.plus_secs(-155 * DAY_SECS), "ticket {}", t.id);
        if let Some(a) = t.accepted_at {
            assert!(t.received_at <= a && a <= now);
        }
        if let Some(r) = t.resolved_at {
            assert!(t.accepted_at.is_some_and(|a| a <= r) && r <= now, "ticket {}", t.id);
        }
        if let Some(c) = t.closed_at {
            assert!(t.resolved_at.is_some_and(|r| r <= c) && c <= now, "ticket {}", t.id);
        }
        assert!(t.deadline > t.received_at);
        // The owner is an ancestor of the ticket's micro-grid.
        let leaf = h.id_of(t.micro_grid.as_ref().expect("demo tickets are placed")).expect("micro-grid");
        let owner = h.id(&t.owning_unit).expect("owner is a node");
        assert!(h.covers(owner, leaf) && owner != leaf, "ticket {}", t.id);
        assert!(!t.summary.is_empty() && !t.summary.contains('{'), "{}", t.summary);
    }
    let count = |f: &dyn Fn(&wangge_domain::Ticket) -> bool| d.tickets.values().filter(|t| f(t)).count();
    assert_in("acceptance rate", count(&|t| t.is_accepted_at(now)) as f64 / n, 0.995..=0.9995);
    assert_in("resolution rate", count(&|t| t.is_resolved_at(now)) as f64 / n, 0.955..=0.975);
    let resolved = count(&|t| t.is_resolved_at(now)) as f64;
    assert_in("on-time share of resolved", count(&|t| t.was_resolved_on_time_at(now)) as f64 / resolved, 0.85..=0.99);
    assert_in("closed share of resolved", count(&|t| t.closed_at.is_some()) as f64 / resolved, 0.85..=0.99);
    assert_in("open and overdue", count(&|t| t.is_overdue_at(now)) as f64, 15.0..=100.0);
    assert_in("open, not yet due", count(&|t| !t.is_resolved_at(now) && t.deadline >= now) as f64, 100.0..=600.0);
    assert_in("received today", count(&|t| t.received_at >= today) as f64, 1.0..=20.0);
}

#[test]
fn isolations_and_follow_ups_are_consistent_with_now() {
    let d = common::full();
    let now = common::now();
    let today = now.local_day_start();
    assert_dense_ids("isolation", &d.isolations);
    assert_dense_ids("follow-up", &d.follow_ups);
    let mut overdue = 0;
    let mut temperatures = 0;
    for i in d.isolations.values() {
        assert!(i.started_at <= now);
        assert_eq!(i.planned_end, i.started_at.plus_secs(14 * DAY_SECS));
        if let Some(r) = i.released_at {
            assert!(i.started_at < r && r <= now, "isolation {}", i.id);
        }
        let person = d.people.get(&i.person_id).expect("person");
        assert_eq!(d.houses[&person.house_id].micro_grid, i.micro_grid, "isolation {} is at the person's address", i.id);
        let slots: Vec<_> = d.follow_ups_of(i.id).collect();
        let days = ((i.released_at.unwrap_or(now).secs() - i.started_at.secs()) as f64 / DAY_SECS as f64).ceil();
        assert!(slots.len() as f64 <= 2.0 * days + 2.0, "isolation {} has {} slots", i.id, slots.len());
        for f in slots {
            let local = (f.due_at.secs() - f.due_at.local_day_start().secs()) / HOUR_SECS;
            assert!(local == 9 || local == 15, "slot at {}", f.due_at);
            assert!(f.due_at >= i.started_at && f.due_at <= now);
            match f.done_at {
                Some(done) => {
                    assert!(done >= f.due_at && done <= now);
                    assert!(f.result.is_some());
                    if let Some(t) = f.temperature_c {
                        temperatures += 1;
                        assert!((36.0..=37.5).contains(&t), "{t}");
                    } else {
                        assert_eq!(f.result, Some(FollowUpResult::Missed));
                    }
                }
                None => {
                    assert!(f.result.is_none() && f.temperature_c.is_none());
                    if f.due_at.plus_secs(2 * HOUR_SECS) < now {
                        assert!(i.is_active_at(now), "released isolation {} has an undone past slot", i.id);
                        overdue += 1;
                    }
                }
            }
        }
    }
    assert!(temperatures > 100_000);
    assert_in("overdue follow-ups", overdue as f64, 10.0..=100.0);
    let seen_well = d.follow_ups.values().filter(|f| f.result == Some(FollowUpResult::SeenWell)).count() as f64;
    assert!(seen_well / d.follow_ups.len() as f64 > 0.95);
    let started_today = d.isolations.values().filter(|i| i.started_at >= today).count();
    let released_today = d.isolations.values().filter(|i| i.released_at.is_some_and(|r| r >= today)).count();
    assert!(started_today > 0 && released_today > 0, "{started_today} started and {released_today} released today");
}

#[test]
fn tasks_are_owned_by_streets_or_communities_and_report_back() {
    let d = common::full();
    let now = common::now();
    assert_dense_ids("task", &d.tasks);
    assert_dense_ids("task item", &d.task_items);
    for task in d.tasks.values() {
        let level = d.hierarchy.node(d.hierarchy.id_of(&task.owner_unit).expect("owner")).level;
        assert!(matches!(level, Level::Street | Level::Community), "task {}", task.id);
        assert!(task.created_at <= now && task.deadline > task.created_at);
    }
    let mut reported = 0;
    for item in d.task_items.values() {
        let task = &d.tasks[&item.task_id];
        assert!(idnum::is_valid(&item.id_number));
        assert_eq!(item.outcome.is_some(), item.reported_at.is_some());
        if let Some(at) = item.reported_at {
            assert!(at > task.created_at && at <= now);
            reported += 1;
        }
        // Items of tasks whose deadline has long passed are all reported.
        if task.deadline.plus_secs(DAY_SECS) < now {
            assert!(item.outcome.is_some(), "item {}", item.id);
        }
    }
    assert!(reported as f64 / d.task_items.len() as f64 > 0.9);
}

#[test]
fn nothing_happens_after_now() {
    let d = common::full();
    let now: Timestamp = common::now();
    assert!(d.enterprises.values().filter_map(|e| e.resumed_at).all(|t| t <= now));
    assert!(d.follow_ups.values().filter_map(|f| f.done_at).all(|t| t <= now));
    assert!(d.task_items.values().filter_map(|i| i.reported_at).all(|t| t <= now));
    assert!(d.tasks.values().all(|t| t.created_at <= now));
}
