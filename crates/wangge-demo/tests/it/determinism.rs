//! The same configuration always yields the same district; another seed yields another.

use crate::common;

use std::collections::HashMap;

use wangge_demo::{generate, DemoConfig, Scale};
use wangge_domain::{District, Node};

/// Records of a kind in id order, so two districts compare independently of hash order.
fn sorted<T>(map: &HashMap<i64, T>) -> Vec<(&i64, &T)> {
    let mut rows: Vec<_> = map.iter().collect();
    rows.sort_by_key(|(id, _)| **id);
    rows
}

fn nodes(d: &District) -> Vec<&Node> {
    d.hierarchy.nodes().map(|(_, n)| n).collect()
}

fn assert_same(a: &District, b: &District) {
    assert!(nodes(a) == nodes(b), "hierarchies differ");
    assert!(sorted(&a.houses) == sorted(&b.houses), "houses differ");
    assert!(sorted(&a.people) == sorted(&b.people), "people differ");
    assert!(sorted(&a.isolations) == sorted(&b.isolations), "isolations differ");
    assert!(sorted(&a.follow_ups) == sorted(&b.follow_ups), "follow-ups differ");
    assert!(sorted(&a.enterprises) == sorted(&b.enterprises), "enterprises differ");
    assert!(sorted(&a.tickets) == sorted(&b.tickets), "tickets differ");
    assert!(sorted(&a.tasks) == sorted(&b.tasks), "tasks differ");
    assert!(sorted(&a.task_items) == sorted(&b.task_items), "task items differ");
}

#[test]
fn the_same_small_config_gives_the_same_district() {
    let again = generate(&common::config(Scale::Small), &mut |_, _, _| {});
    assert_same(common::small(), &again);
}

#[test]
fn the_same_full_config_gives_the_same_district() {
    let first = generate(&common::config(Scale::Full), &mut |_, _, _| {});
    let second = generate(&common::config(Scale::Full), &mut |_, _, _| {});
    assert_same(&first, &second);
}

#[test]
fn another_seed_gives_another_district() {
    let config = DemoConfig { seed: common::SEED + 1, ..common::config(Scale::Small) };
    let other = generate(&config, &mut |_, _, _| {});
    let base = common::small();
    // Same shape and the same real streets...
    let streets = |d: &District| -> Vec<String> {
        d.hierarchy.nodes().filter(|(_, n)| n.level == wangge_domain::Level::Street).map(|(_, n)| n.code.to_string()).collect()
    };
    assert_eq!(streets(base), streets(&other));
    assert_eq!(base.hierarchy.len(), other.hierarchy.len());
    // ...but different boundaries, names and people.
    assert!(nodes(base).iter().zip(nodes(&other)).filter(|(a, b)| a.boundary != b.boundary).count() > nodes(base).len() / 2);
    assert!(sorted(&base.people).iter().zip(sorted(&other.people)).filter(|(a, b)| a.1.name != b.1.name).count() > base.people.len() / 2);
    assert!(sorted(&base.tickets) != sorted(&other.tickets));
}

#[test]
fn another_now_moves_the_history_with_it() {
    let later = common::now().plus_secs(30 * wangge_domain::time::DAY_SECS);
    let config = DemoConfig { now: later, ..common::config(Scale::Small) };
    let other = generate(&config, &mut |_, _, _| {});
    // The map does not depend on the date; the records do.
    assert!(nodes(common::small()) == nodes(&other));
    assert!(other.tickets.values().all(|t| t.received_at <= later));
    assert!(other.tickets.values().any(|t| t.received_at > common::now()));
}

#[test]
fn progress_reports_every_stage_and_ends_complete() {
    let mut seen: Vec<(String, u64, u64)> = Vec::new();
    generate(&common::config(Scale::Small), &mut |stage, done, total| seen.push((stage.to_owned(), done, total)));
    for stage in ["hierarchy", "houses", "people", "enterprises", "tickets", "isolations", "tasks", "district"] {
        let last = seen.iter().rev().find(|(s, _, _)| s == stage).unwrap_or_else(|| panic!("no progress for {stage}"));
        assert_eq!(last.1, last.2, "{stage} does not end complete");
    }
    assert!(seen.iter().all(|(_, done, total)| done <= total));
}
