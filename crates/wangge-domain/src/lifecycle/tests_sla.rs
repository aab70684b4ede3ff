//! SLA behaviour through the lifecycle: suspension, extension, reassignment, co-dispatch.

use super::tests::*;
use crate::lifecycle::*;
use crate::sla::SlaState;

fn run(events: &[TicketEvent]) -> TicketState {
    fresh().replay(events, &SlaPolicies::default()).unwrap_or_else(|(i, e)| panic!("event {i}: {e}"))
}

#[test]
fn suspension_pauses_the_citizen_and_unit_clocks() {
    let state = run(&[rec(0, "A"), acc("A", 10), susp(20)]);
    let citizen = state.citizen.as_ref().expect("citizen clock");
    let unit = state.unit_clocks("A").expect("unit clocks");
    assert!(citizen.is_paused() && unit.resolution.is_paused());
    assert!(!unit.acceptance.is_paused(), "a stopped acceptance clock is not touched");
    let cal = calendar();
    assert_eq!(state.sla_state_at(t(30), &cal), Some(SlaState::Paused));
    assert_eq!(state.deadline(&cal), None, "unknown until the citizen answers");
    // Resumed 60 minutes later: both deadlines move by exactly those working minutes.
    let plain = run(&[rec(0, "A"), acc("A", 10)]);
    let resumed = run(&[rec(0, "A"), acc("A", 10), susp(20), resume(80)]);
    let shift = |a: &TicketState, b: &TicketState| {
        cal.working_secs_between(a.deadline(&cal).expect("deadline"), b.deadline(&cal).expect("deadline"))
    };
    assert_eq!(shift(&plain, &resumed), 3600);
    let unit_deadline = |s: &TicketState| s.unit_clocks("A").and_then(|u| u.resolution.deadline(&cal));
    assert_eq!(cal.working_secs_between(unit_deadline(&plain).unwrap(), unit_deadline(&resumed).unwrap()), 3600);
}

#[test]
fn an_extension_moves_the_deadline_and_names_its_approver() {
    let cal = calendar();
    let before = run(&[rec(0, "A"), acc("A", 1)]);
    let after = before.apply(&ext(None, 2, 7200), &SlaPolicies::default()).expect("legal");
    assert_eq!(after.deadline(&cal), before.deadline(&cal).map(|d| cal.add_working_secs(d, 7200)));
    let recorded = &after.citizen.as_ref().unwrap().extensions()[0];
    assert_eq!(recorded.approver, "王主任");
    // A unit's extension moves only that unit's clock, not the citizen's promise.
    let unit_only = before.apply(&ext(Some("A"), 2, 7200), &SlaPolicies::default()).expect("legal");
    assert_eq!(unit_only.deadline(&cal), before.deadline(&cal));
    assert_eq!(unit_only.unit_clocks("A").unwrap().resolution.total_target_secs(), 5 * 27_000 + 7200);
    let (_, timeline) = build_timeline(&fresh(), &[rec(0, "A"), acc("A", 1), ext(None, 2, 7200)], &SlaPolicies::default(), &cal).unwrap();
    assert_eq!(timeline[2].actor, "王主任");
    assert_ne!(timeline[2].before.deadline, timeline[2].after.deadline);
}

#[test]
fn reassignment_keeps_the_citizen_clock_and_starts_the_new_units_acceptance_clock() {
    let before = run(&[rec(0, "A"), acc("A", 10)]);
    let after = before.apply(&reas(100, "A", "B"), &SlaPolicies::default()).expect("legal");
    assert_eq!(after.citizen, before.citizen, "the citizen's wait does not restart");
    let b = after.unit_clocks("B").expect("B owns it");
    assert_eq!(b.acceptance.started_at, t(100));
    assert_eq!(b.acceptance.stopped_at(), None);
    assert_eq!(b.acceptance.policy.target_working_secs, 4 * 3600, "complaint: accept within 4 h");
    assert!(after.unit_clocks("A").is_none());
    assert_eq!(after.status, TicketStatus::Received);
}

#[test]
fn co_dispatch_with_one_unit_late_makes_the_ticket_breached() {
    let cal = calendar();
    // A signs at once; B never does. Complaint acceptance is 4 working hours: by 15:00
    // Monday (09:00 + 4 h of 08:30–12:00, 13:30–17:30) B's acceptance is breached.
    let state = run(&[rec(0, "A"), co(0, &["B"]), acc("A", 5)]);
    let monday_15 = t(6 * 60);
    assert_eq!(state.unit_clocks("A").unwrap().state_at(monday_15, &cal), SlaState::OnTime);
    assert_eq!(state.unit_clocks("B").unwrap().state_at(monday_15, &cal), SlaState::Breached);
    assert_eq!(state.sla_state_at(monday_15, &cal), Some(SlaState::Breached));
    assert_eq!(state.sla_state_at(t(60), &cal), Some(SlaState::OnTime), "on time before the deadline");
}
