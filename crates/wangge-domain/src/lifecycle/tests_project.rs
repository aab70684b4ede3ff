//! The projections a stored ticket carries agree with its events: every step through
//! [`Lifecycle::step`] keeps them in line, and the stamps-only history of older records
//! and hotline exports folds.

use super::tests::{acc, calendar, rec, s, t};
use crate::lifecycle::*;
use crate::records::{Ticket, TicketCategory, TicketSource, TRIAGE_UNIT};

fn lifecycle() -> Lifecycle {
    Lifecycle::new(SlaPolicies::default(), calendar())
}

fn received(unit: &str) -> Ticket {
    let ticket = Ticket {
        id: 17,
        source: TicketSource::Hotline12345,
        category: TicketCategory::Complaint,
        priority: Priority::Normal,
        summary: s("噪音"),
        micro_grid: Some("M1".into()),
        location: None,
        owning_unit: String::new(),
        received_at: t(0),
        accepted_at: None,
        resolved_at: None,
        closed_at: None,
        deadline: t(0),
        status: TicketStatus::New,
        supervised: false,
        version: 1,
        events: vec![rec(0, unit)],
        enterprise: None,
    };
    lifecycle().project(ticket).unwrap()
}

#[test]
fn a_received_ticket_is_owned_by_its_unit_with_the_policy_deadline() {
    let ticket = received("G1");
    assert_eq!(ticket.status, TicketStatus::Received);
    assert_eq!(ticket.owning_unit, "G1");
    // Complaint: 5 working days of 7.5 h from Mon 09:00 → the next Monday, 09:00.
    assert_eq!(ticket.deadline, t(7 * 24 * 60));
    assert!(!ticket.is_in_triage());
    assert!(received(TRIAGE_UNIT).is_in_triage());
}

#[test]
fn every_step_raises_the_version_by_one_and_moves_the_projections() {
    let lc = lifecycle();
    let mut ticket = received("G1");
    let steps = [
        acc("G1", 30),
        TicketEvent::Suspended { at: t(60), reason: s("等待补充材料") },
        TicketEvent::Resumed { at: t(24 * 60) },
        TicketEvent::Resolved { unit: s("G1"), at: t(25 * 60), note: s("已处理") },
        TicketEvent::ReturnVisit { at: t(26 * 60), satisfaction: Satisfaction::Satisfied },
        TicketEvent::Closed { at: t(27 * 60) },
    ];
    let mut deadline_before_suspension = None;
    for (i, event) in steps.into_iter().enumerate() {
        let version = ticket.version;
        ticket = lc.step(&ticket, event).unwrap();
        assert_eq!(ticket.version, version + 1);
        assert_eq!(ticket.events.len(), i + 2);
        match i {
            0 => {
                assert_eq!(ticket.accepted_at, Some(t(30)));
                deadline_before_suspension = Some(ticket.deadline);
            }
            1 => {
                assert_eq!(ticket.status, TicketStatus::Suspended);
                assert!(!ticket.is_overdue_at(t(100 * 24 * 60)), "a suspended ticket is never overdue");
            }
            2 => assert!(ticket.deadline > deadline_before_suspension.unwrap(), "the pause moved the deadline later"),
            3 => assert_eq!(ticket.resolved_at, Some(t(25 * 60))),
            5 => assert_eq!(ticket.closed_at, Some(t(27 * 60))),
            _ => {}
        }
    }
    assert_eq!(ticket.status, TicketStatus::Closed);
    // Projecting again from the events alone gives the same record.
    assert_eq!(lc.project(ticket.clone()).unwrap(), ticket);
}

#[test]
fn a_refused_step_leaves_the_record_as_it_was_and_says_what_to_do() {
    let lc = lifecycle();
    let ticket = received("G1");
    let err = lc.step(&ticket, TicketEvent::Closed { at: t(5) }).unwrap_err();
    assert!(err.to_string().contains("received"), "{err}");
    assert_eq!(ticket.version, 1);
    assert_eq!(ticket.events.len(), 1);
}

#[test]
fn reopening_clears_the_resolution_and_reassignment_moves_the_owner() {
    let lc = lifecycle();
    let mut ticket = received("G1");
    ticket = lc
        .step(&ticket, TicketEvent::Reassigned { at: t(10), from_unit: s("G1"), to_unit: s("G2"), reason: s("属地"), by: s("cmd") })
        .unwrap();
    assert_eq!(ticket.owning_unit, "G2");
    ticket = lc.step(&ticket, acc("G2", 20)).unwrap();
    ticket = lc.step(&ticket, TicketEvent::Resolved { unit: s("G2"), at: t(30), note: s("") }).unwrap();
    assert!(ticket.resolved_at.is_some());
    ticket = lc.step(&ticket, TicketEvent::Reopened { at: t(40), reason: s("市民不满意") }).unwrap();
    assert_eq!(ticket.resolved_at, None);
    assert!(ticket.status.is_open());
    assert_eq!(ticket.accepted_at, Some(t(20)), "the first acceptance stays");
}

#[test]
fn stamps_alone_make_a_history_that_folds_even_out_of_order() {
    let lc = lifecycle();
    // An export whose resolution stamp is earlier than its acceptance (clock skew).
    let events = events_from_stamps("G1", t(0), Some(t(50)), Some(t(40)), Some(t(60)));
    let kinds: Vec<&str> = events.iter().map(TicketEvent::kind).collect();
    assert_eq!(kinds, ["received", "accepted", "resolved", "closed"]);
    let mut ticket = received("G1");
    ticket.events = events;
    let ticket = lc.project(ticket).unwrap();
    assert_eq!(ticket.status, TicketStatus::Closed);
    assert_eq!(ticket.resolved_at, Some(t(50)), "moved up to the acceptance before it");
    // Only received: just the first event.
    assert_eq!(events_from_stamps("G1", t(0), None, None, None).len(), 1);
}

#[test]
fn the_standard_lifecycle_loads_the_bundled_calendars() {
    let standard = Lifecycle::standard();
    assert!(standard.calendar.years().any(|y| y == 2026));
}
