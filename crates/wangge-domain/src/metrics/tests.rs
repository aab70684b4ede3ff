//! Every metric on hand-built records, the reconciliation rule, and incremental refresh
//! agreeing with a recomputation from scratch.

use geo::point;
use proptest::prelude::*;

use super::*;
use crate::change::Change;
use crate::district::{District, Records};
use crate::hierarchy::tests::small_tree;
use crate::hierarchy::NodeCode;
use crate::records::*;

pub(crate) const NOW: Timestamp = Timestamp(1_581_300_000); // 2020-02-10T10:00+08:00

fn hours(h: i64) -> i64 {
    h * HOUR_SECS
}

fn isolation(id: i64, leaf: &str, kind: IsolationKind, started: i64, released: Option<i64>) -> Isolation {
    Isolation {
        id,
        person_id: id,
        micro_grid: NodeCode::from(leaf),
        kind,
        started_at: NOW + started,
        planned_end: NOW + started + 14 * 24 * HOUR_SECS,
        released_at: released.map(|r| NOW + r),
        version: 0,
    }
}

fn enterprise(id: i64, leaf: &str, status: ResumptionStatus, resumed: Option<i64>, headcount: u32, back: u32) -> Enterprise {
    Enterprise {
        id,
        name: format!("e{id}"),
        micro_grid: leaf.into(),
        sector: "manufacturing".into(),
        above_designated_size: false,
        headcount,
        status,
        resumed_at: resumed.map(|r| NOW + r),
        workers_back: back,
        version: 0,
    }
}

use crate::lifecycle::TicketStatus;

fn ticket(id: i64, leaf: &str, received: i64, accepted: Option<i64>, resolved: Option<i64>, deadline: i64) -> Ticket {
    Ticket {
        id,
        source: TicketSource::MiniProgram,
        category: TicketCategory::Consultation,
        priority: crate::lifecycle::Priority::Normal,
        summary: String::new(),
        micro_grid: Some(leaf.into()),
        location: Some(point!(x: 120.8, y: 30.7)),
        owning_unit: "G1".into(),
        received_at: NOW + received,
        accepted_at: accepted.map(|a| NOW + a),
        resolved_at: resolved.map(|r| NOW + r),
        closed_at: None,
        deadline: NOW + deadline,
        status: if resolved.is_some() { TicketStatus::Resolved } else { TicketStatus::Accepted },
        supervised: false,
        version: 1,
        events: crate::lifecycle::events_from_stamps("G1", NOW + received, accepted.map(|a| NOW + a), resolved.map(|r| NOW + r), None),
        enterprise: None,
    }
}

fn follow_up(id: i64, isolation_id: i64, due: i64, done: Option<i64>) -> FollowUp {
    FollowUp { id, isolation_id, due_at: NOW + due, done_at: done.map(|d| NOW + d), temperature_c: Some(36.6), result: None, version: 0 }
}

pub(crate) fn district(records: Records) -> District {
    District::new(small_tree(), records).expect("valid district")
}

fn counts_of(district: &District, code: &str) -> Counts {
    let index = MetricsIndex::build(district, NOW, MetricRules::default());
    *index.counts(district.hierarchy.id(code).unwrap())
}

#[test]
fn active_isolations_count_by_kind_and_exclude_released_and_future_ones() {
    use IsolationKind::*;
    let d = district(Records {
        isolations: vec![
            isolation(1, "M1", Centralised, -hours(48), None),
            isolation(2, "M1", Home, -hours(48), None),
            isolation(3, "M1", HomeObservation, -hours(48), None),
            isolation(4, "M1", Home, -hours(48), Some(-hours(1))),
            isolation(5, "M1", Home, hours(1), None),
            // Released in the future: still active now.
            isolation(6, "M1", Home, -hours(48), Some(hours(1))),
        ],
        ..Records::default()
    });
    let c = counts_of(&d, "M1");
    assert_eq!(c.isolations_active, 4);
    assert_eq!((c.isolations_active_centralised, c.isolations_active_home, c.isolations_active_home_observation), (1, 2, 1));
}

#[test]
fn new_and_released_today_follow_the_local_day_not_the_utc_day() {
    use IsolationKind::Home;
    // NOW is 10:00 local, so local midnight was 10 hours ago; UTC midnight was 2 hours ago.
    let d = district(Records {
        isolations: vec![
            isolation(1, "M1", Home, -hours(9), None),
            isolation(2, "M1", Home, -hours(3), None),
            isolation(3, "M1", Home, -hours(11), None),
            isolation(4, "M1", Home, -hours(100), Some(-hours(5))),
            isolation(5, "M1", Home, -hours(100), Some(-hours(12))),
        ],
        ..Records::default()
    });
    let c = counts_of(&d, "M1");
    assert_eq!(c.isolations_new_today, 2);
    assert_eq!(c.isolations_released_today, 1);
}

#[test]
fn overdue_follow_ups_are_past_grace_undone_and_on_active_isolations_only() {
    use IsolationKind::Home;
    let d = district(Records {
        isolations: vec![isolation(1, "M2", Home, -hours(48), None), isolation(2, "M2", Home, -hours(48), Some(-hours(1)))],
        follow_ups: vec![
            follow_up(1, 1, -hours(5), None),            // overdue
            follow_up(2, 1, -hours(1), None),            // within the 2 h grace
            follow_up(3, 1, -hours(8), Some(-hours(7))), // done
            follow_up(4, 1, -hours(8), Some(hours(1))),  // done only later: overdue as of now
            follow_up(5, 2, -hours(5), None),            // isolation released: not counted
        ],
        ..Records::default()
    });
    assert_eq!(counts_of(&d, "M2").follow_ups_overdue, 2);
}

#[test]
fn follow_up_compliance_counts_due_slots_and_those_seen_within_grace() {
    use crate::records::FollowUpResult::*;
    use IsolationKind::Home;
    let seen = |id, due, done, result| FollowUp { result: Some(result), ..follow_up(id, 1, due, Some(done)) };
    let d = district(Records {
        isolations: vec![isolation(1, "M2", Home, -hours(48), None), isolation(2, "M2", Home, -hours(48), Some(-hours(1)))],
        follow_ups: vec![
            seen(1, -hours(10), -hours(9), SeenWell),      // due, on time
            seen(2, -hours(20), -hours(19), SeenUnwell),   // due, on time
            seen(3, -hours(30), -hours(25), SeenWell),     // due, done after its grace
            seen(4, -hours(40), -hours(39), Missed),       // due, not seen
            seen(5, -hours(44), -hours(43), NotAttempted), // due, not attempted
            follow_up(6, 1, -hours(5), None),              // due, overdue
            follow_up(7, 1, -hours(1), None),              // within grace: not due yet
            follow_up(8, 2, -hours(5), None),              // isolation released: not counted
        ],
        ..Records::default()
    });
    let c = counts_of(&d, "M2");
    assert_eq!((c.follow_ups_due, c.follow_ups_done_on_time, c.follow_ups_overdue), (6, 2, 1));
    assert_eq!(Metrics { counts: c }.follow_up_compliance_rate(), Some(2.0 / 6.0));
    assert_eq!(Metrics { counts: Counts::default() }.follow_up_compliance_rate(), None);
}

#[test]
fn enterprises_count_resumed_ones_and_workers_back_only_once_resumed() {
    use ResumptionStatus::*;
    let d = district(Records {
        enterprises: vec![
            enterprise(1, "M3", Fully, Some(-hours(24)), 180, 112),
            enterprise(2, "M3", Partly, Some(-hours(24)), 100, 60),
            enterprise(3, "M3", NotResumed, None, 50, 0),
            enterprise(4, "M3", Fully, Some(hours(24)), 10, 10),
        ],
        ..Records::default()
    });
    let c = counts_of(&d, "M3");
    assert_eq!((c.enterprises_total, c.enterprises_resumed), (4, 2));
    assert_eq!((c.workers_total, c.workers_back), (340, 172));
    let m = Metrics { counts: c };
    assert_eq!(m.resumption_rate(), Some(0.5));
    assert_eq!(m.worker_return_rate(), Some(172.0 / 340.0));
}

#[test]
fn tickets_split_into_accepted_resolved_on_time_open_and_overdue() {
    let d = district(Records {
        tickets: vec![
            ticket(1, "M4", -hours(50), Some(-hours(49)), Some(-hours(30)), -hours(26)), // on time
            ticket(2, "M4", -hours(50), Some(-hours(49)), Some(-hours(20)), -hours(26)), // late
            ticket(3, "M4", -hours(50), Some(-hours(49)), None, -hours(2)),              // overdue
            ticket(4, "M4", -hours(5), None, None, hours(20)),                           // open, due later
            ticket(5, "M4", hours(1), None, None, hours(20)),                            // not yet received
            ticket(6, "M4", -hours(50), Some(-hours(49)), Some(hours(1)), -hours(2)),    // resolved later: overdue now
        ],
        ..Records::default()
    });
    let c = counts_of(&d, "M4");
    assert_eq!(c.tickets_received, 5);
    assert_eq!(c.tickets_accepted, 4);
    assert_eq!(c.tickets_resolved, 2);
    assert_eq!(c.tickets_resolved_on_time, 1);
    assert_eq!(c.tickets_open, 3);
    assert_eq!(c.tickets_overdue, 2);
    let m = Metrics { counts: c };
    assert_eq!(m.acceptance_rate(), Some(0.8));
    assert_eq!(m.resolution_rate(), Some(0.4));
    assert_eq!(m.on_time_rate(), Some(0.5));
}

#[test]
fn rates_of_an_empty_node_are_undefined_not_zero() {
    let d = district(Records::default());
    let m = Metrics { counts: counts_of(&d, "D") };
    assert_eq!(m.resumption_rate(), None);
    assert_eq!(m.acceptance_rate(), None);
    assert_eq!(m.on_time_rate(), None);
}

/// Every non-leaf node's counts equal the sum over its children.
fn assert_reconciles(district: &District, index: &MetricsIndex) {
    let h = &district.hierarchy;
    for (id, node) in h.nodes() {
        if h.children(id).is_empty() {
            continue;
        }
        let mut sum = Counts::default();
        for &child in h.children(id) {
            sum += index.counts(child);
        }
        assert_eq!(&sum, index.counts(id), "node {} does not equal the sum of its children", node.code);
    }
}

#[test]
fn a_parent_equals_the_sum_of_its_children() {
    use IsolationKind::*;
    let d = district(Records {
        isolations: vec![isolation(1, "M1", Home, -hours(3), None), isolation(2, "M5", Centralised, -hours(30), None)],
        enterprises: vec![enterprise(1, "M6", ResumptionStatus::Fully, Some(-hours(3)), 10, 7)],
        tickets: vec![ticket(1, "M3", -hours(3), None, None, -hours(1)), ticket(2, "M4", -hours(3), Some(-hours(2)), None, hours(9))],
        ..Records::default()
    });
    let index = MetricsIndex::build(&d, NOW, MetricRules::default());
    assert_reconciles(&d, &index);
    let root = index.counts(d.hierarchy.root());
    assert_eq!((root.isolations_active, root.tickets_received, root.tickets_overdue, root.workers_back), (2, 2, 1, 7));
}

const LEAVES: [&str; 6] = ["M1", "M2", "M3", "M4", "M5", "M6"];

pub(crate) fn arbitrary_change() -> impl Strategy<Value = Change> {
    let leaf = prop::sample::select(LEAVES.to_vec());
    let offset = -200i64..20;
    prop_oneof![
        (1i64..6, leaf.clone(), 0usize..3, offset.clone(), prop::option::of(offset.clone())).prop_map(
            |(id, leaf, kind, start, release)| {
                let kind = IsolationKind::ALL[kind];
                Change::Isolation(isolation(id, leaf, kind, hours(start), release.map(hours)))
            }
        ),
        (1i64..6, 1i64..6, offset.clone(), prop::option::of(offset.clone()), prop::option::of(0usize..4)).prop_map(
            |(id, iso, due, done, result)| {
                let result = result.map(|r| FollowUpResult::ALL[r]);
                Change::FollowUp(FollowUp { result, ..follow_up(id, iso, hours(due), done.map(hours)) })
            }
        ),
        (1i64..6, leaf.clone(), 0usize..3, prop::option::of(offset.clone()), 0u32..200).prop_map(
            |(id, leaf, status, resumed, headcount)| {
                let status = ResumptionStatus::ALL[status];
                Change::Enterprise(enterprise(id, leaf, status, resumed.map(hours), headcount, headcount / 2))
            }
        ),
        (1i64..8, leaf, offset.clone(), prop::option::of(offset.clone()), prop::option::of(offset.clone()), offset).prop_map(
            |(id, leaf, received, accepted, resolved, deadline)| {
                Change::Ticket(ticket(id, leaf, hours(received), accepted.map(hours), resolved.map(hours), hours(deadline)))
            }
        ),
    ]
}

proptest! {
    /// Whatever stream of changes arrives, refreshing only what a change touched gives the
    /// same figures as recomputing everything, and parents still reconcile with children.
    #[test]
    fn incremental_refresh_matches_recomputation_from_scratch(changes in prop::collection::vec(arbitrary_change(), 1..40)) {
        let mut d = district(Records::default());
        let mut index = MetricsIndex::build(&d, NOW, MetricRules::default());
        for change in changes {
            let Ok(touched) = d.apply(change) else { continue };
            index.refresh(&d, &touched.leaves, NOW);
        }
        let fresh = MetricsIndex::build(&d, NOW, MetricRules::default());
        for (id, node) in d.hierarchy.nodes() {
            prop_assert_eq!(index.counts(id), fresh.counts(id), "node {}", node.code);
        }
        assert_reconciles(&d, &index);
    }
}

#[test]
fn refresh_reports_exactly_the_nodes_whose_figures_moved() {
    let mut d = district(Records::default());
    let mut index = MetricsIndex::build(&d, NOW, MetricRules::default());
    let touched = d.apply(Change::Ticket(ticket(1, "M5", -hours(1), None, None, hours(5)))).unwrap();
    let changed: Vec<&str> = index.refresh(&d, &touched.leaves, NOW).into_iter().map(|id| d.hierarchy.node(id).code.as_str()).collect();
    assert_eq!(changed, ["M5", "G4", "C3", "S2", "D"]);
    // Moving the ticket to another micro-grid of the same grid leaves the grid's figures as they were.
    let touched = d.apply(Change::Ticket(ticket(1, "M6", -hours(1), None, None, hours(5)))).unwrap();
    let changed: Vec<&str> = index.refresh(&d, &touched.leaves, NOW).into_iter().map(|id| d.hierarchy.node(id).code.as_str()).collect();
    assert_eq!(changed, ["M6", "M5"]);
}

#[test]
fn a_change_pointing_outside_the_district_is_rejected_and_changes_nothing() {
    let mut d = district(Records::default());
    let err = d.apply(Change::Ticket(ticket(1, "X9", -hours(1), None, None, hours(5)))).unwrap_err();
    assert_eq!(err.to_string(), "ticket 1 points at X9, which is not an area of this district");
    assert!(d.tickets.is_empty());
}

#[test]
fn the_counts_are_exactly_the_declared_counts_and_every_figure_has_a_value() {
    let counts: Vec<&str> = FIGURES.iter().filter(|f| f.adds_up()).map(|f| f.name).collect();
    let named: Vec<&str> = Counts::default().named().iter().map(|(name, _)| *name).collect();
    assert_eq!(named, counts);
    // Every count 1: each count reads 1 and each rate 1 / 1.
    let mut ones = Counts::default();
    for name in &counts {
        *ones.get_mut(name).unwrap() = 1;
    }
    assert_eq!(ones.named().iter().map(|(_, n)| n).sum::<u64>(), Counts::LEN as u64);
    let metrics = Metrics { counts: ones };
    for f in FIGURES {
        assert_eq!(metrics.value(f.name), Some(1.0), "{}", f.name);
    }
    assert_eq!(metrics.value("cases"), None);
    assert_eq!(Counts::default().get_mut("cases"), None);
}

proptest! {
    /// A node's subtree counted alone gives the same figures there as the whole district.
    #[test]
    fn figures_under_a_node_equal_the_whole_districts_there(changes in prop::collection::vec(arbitrary_change(), 1..40)) {
        let mut d = district(Records::default());
        for change in changes {
            let _ = d.apply(change);
        }
        let whole = MetricsIndex::build(&d, NOW, MetricRules::default());
        for code in ["D", "S1", "C3", "G4"] {
            let root = d.hierarchy.id(code).unwrap();
            let under = MetricsIndex::build_under(&d, root, NOW, MetricRules::default());
            for node in d.hierarchy.subtree(root) {
                prop_assert_eq!(under.counts(node), whole.counts(node), "{} under {}", d.hierarchy.node(node).code, code);
            }
        }
    }
}

proptest! {
    /// Summed over units, the tickets resolved and resolved on time are the node's own counts.
    #[test]
    fn on_time_by_unit_adds_up_to_the_nodes_counts(changes in prop::collection::vec(arbitrary_change(), 1..40)) {
        let mut d = district(Records::default());
        for change in changes {
            let _ = d.apply(change);
        }
        let index = MetricsIndex::build(&d, NOW, MetricRules::default());
        for code in ["D", "S1", "C3"] {
            let root = d.hierarchy.id(code).unwrap();
            let units = on_time_by_unit(&d, root, NOW);
            let (resolved, on_time) = units.values().fold((0, 0), |(a, b), (r, o)| (a + r, b + o));
            prop_assert_eq!(resolved, index.counts(root).tickets_resolved);
            prop_assert_eq!(on_time, index.counts(root).tickets_resolved_on_time);
        }
    }
}
