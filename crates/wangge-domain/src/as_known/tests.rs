//! Walking a district back through its changes gives exactly the district those changes made
//! up to the instant, for any stream of changes.

use proptest::prelude::*;

use super::*;
use crate::district::Records;
use crate::metrics::tests::{arbitrary_change, district, NOW};
use crate::metrics::{MetricRules, MetricsIndex};

/// The record a change would replace, as the store reads it before writing.
fn current(d: &District, change: &Change) -> Option<Change> {
    let id = change.entity_id();
    match change {
        Change::Isolation(_) => d.isolations.get(&id).cloned().map(Change::Isolation),
        Change::FollowUp(_) => d.follow_ups.get(&id).cloned().map(Change::FollowUp),
        Change::Enterprise(_) => d.enterprises.get(&id).cloned().map(Change::Enterprise),
        Change::Ticket(_) => d.tickets.get(&id).cloned().map(Change::Ticket),
        _ => None,
    }
}

/// The district after the first `n` accepted changes, each committed ten minutes after the last.
fn committed(changes: &[Change]) -> (Vec<District>, Vec<Undo>) {
    let mut d = district(Records::default());
    let mut states = vec![d.clone()];
    let mut undo = Vec::new();
    for change in changes {
        let before = current(&d, change);
        if d.apply(change.clone()).is_err() {
            continue;
        }
        let seq = undo.len() as i64 + 1;
        undo.push(Undo { seq, at: NOW.plus_secs(600 * seq), entity: change.entity().to_string(), entity_id: change.entity_id(), before });
        states.push(d.clone());
    }
    (states, undo)
}

fn assert_same(actual: &District, expected: &District) -> Result<(), TestCaseError> {
    prop_assert_eq!(&actual.isolations, &expected.isolations);
    prop_assert_eq!(&actual.follow_ups, &expected.follow_ups);
    prop_assert_eq!(&actual.enterprises, &expected.enterprises);
    prop_assert_eq!(&actual.tickets, &expected.tickets);
    // The per-place indexes too: figures count through them.
    let at = NOW.plus_secs(3_600 * 24);
    let (a, e) = (MetricsIndex::build(actual, at, MetricRules::default()), MetricsIndex::build(expected, at, MetricRules::default()));
    for (id, node) in expected.hierarchy.nodes() {
        prop_assert_eq!(a.counts(id), e.counts(id), "node {}", node.code);
    }
    Ok(())
}

proptest! {
    #[test]
    fn rewinding_gives_the_district_of_the_changes_committed_by_then(
        changes in prop::collection::vec(arbitrary_change(), 1..40),
        cuts in prop::collection::vec(0usize..41, 1..4),
    ) {
        let (states, undo) = committed(&changes);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|k| k % states.len()).collect();
        cuts.sort_unstable_by_key(|&k| std::cmp::Reverse(k));
        let mut rewind = Rewind::new(states.last().unwrap().clone_for_figures(), undo);
        for k in cuts {
            // Between the k-th commit and the next one.
            let at = NOW.plus_secs(600 * k as i64 + 300);
            assert_same(rewind.back_to(at).unwrap(), &states[k])?;
        }
    }
}

#[test]
fn a_record_created_after_the_instant_is_forgotten_and_one_changed_after_it_is_put_back() {
    use crate::records::ResumptionStatus;
    let enterprise = |back: u32| crate::records::Enterprise {
        id: 1,
        name: "嘉兴某厂".into(),
        micro_grid: "M1".into(),
        sector: "manufacturing".into(),
        above_designated_size: true,
        headcount: 100,
        status: ResumptionStatus::Partly,
        resumed_at: Some(NOW),
        workers_back: back,
        version: 0,
    };
    let mut d = district(Records::default());
    d.apply(Change::Enterprise(enterprise(40))).unwrap();
    d.apply(Change::Enterprise(enterprise(90))).unwrap();
    let undo = vec![
        Undo { seq: 1, at: NOW.plus_secs(10), entity: "enterprise".into(), entity_id: 1, before: None },
        Undo { seq: 2, at: NOW.plus_secs(20), entity: "enterprise".into(), entity_id: 1, before: Some(Change::Enterprise(enterprise(40))) },
    ];
    let mut rewind = Rewind::new(d, undo);
    assert_eq!(rewind.back_to(NOW.plus_secs(15)).unwrap().enterprises[&1].workers_back, 40);
    let gone = rewind.back_to(NOW.plus_secs(5)).unwrap();
    assert!(gone.enterprises.is_empty());
    let m1 = gone.hierarchy.id("M1").unwrap();
    assert!(gone.leaf(m1).enterprises.is_empty());
}
