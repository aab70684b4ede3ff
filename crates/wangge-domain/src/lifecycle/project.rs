//! From a ticket's event list to the plain fields the rest of Wangge reads.
//!
//! [`Lifecycle`] holds the rules a district works by (SLA targets and the working
//! calendar). It folds a ticket's events into a [`TicketState`], writes the projections
//! (status, first owner, acceptance, resolution, closing, deadline, supervision) back onto
//! the record, and takes one more step on a record. Every writer goes through
//! [`Lifecycle::step`], so a stored record's projections always agree with its events.

use crate::lifecycle::error::LifecycleError;
use crate::lifecycle::event::TicketEvent;
use crate::lifecycle::policy::SlaPolicies;
use crate::lifecycle::state::TicketState;
use crate::lifecycle::status::TicketStatus;
use crate::records::Ticket;
use crate::sla::WorkingCalendar;
use crate::time::Timestamp;

/// The rules tickets live by in one district.
#[derive(Debug, Clone)]
pub struct Lifecycle {
    pub policies: SlaPolicies,
    pub calendar: WorkingCalendar,
}

/// A stored event list that does not fold: which ticket, which event, why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ticket {ticket}: event {index} of its history was refused: {error}")]
pub struct HistoryError {
    pub ticket: i64,
    pub index: usize,
    pub error: LifecycleError,
}

/// The projections of one fold, before they are written onto the record.
struct Projection {
    status: TicketStatus,
    owning_unit: String,
    accepted_at: Option<Timestamp>,
    resolved_at: Option<Timestamp>,
    closed_at: Option<Timestamp>,
    deadline: Option<Timestamp>,
    supervised: bool,
}

impl Lifecycle {
    pub fn new(policies: SlaPolicies, calendar: WorkingCalendar) -> Self {
        Lifecycle { policies, calendar }
    }

    /// The state of a ticket, folded from its events.
    pub fn fold(&self, ticket: &Ticket) -> Result<TicketState, HistoryError> {
        self.fold_projecting(ticket).map(|(state, _)| state)
    }

    /// The record with every projection recomputed from its events. `deadline` keeps its
    /// old value when the events give none (suspended: the clock has no deadline while
    /// paused, and the last promise is what the board should keep showing).
    pub fn project(&self, mut ticket: Ticket) -> Result<Ticket, HistoryError> {
        let (_, projection) = self.fold_projecting(&ticket)?;
        let Projection { status, owning_unit, accepted_at, resolved_at, closed_at, deadline, supervised } = projection;
        ticket.status = status;
        ticket.owning_unit = owning_unit;
        ticket.accepted_at = accepted_at;
        ticket.resolved_at = resolved_at;
        ticket.closed_at = closed_at;
        if let Some(deadline) = deadline {
            ticket.deadline = deadline;
        }
        ticket.supervised = supervised;
        if let Some(TicketEvent::Received { at, .. }) = ticket.events.first() {
            ticket.received_at = *at;
        }
        Ok(ticket)
    }

    /// The record after one more event, with its version raised by one; or the refusal,
    /// naming the ticket's status and what to do first.
    pub fn step(&self, ticket: &Ticket, event: TicketEvent) -> Result<Ticket, LifecycleError> {
        let state = self.fold(ticket).map_err(|e| e.error)?;
        state.apply(&event, &self.policies)?;
        let mut next = ticket.clone();
        next.events.push(event);
        next.version += 1;
        self.project(next).map_err(|e| e.error)
    }

    fn fold_projecting(&self, ticket: &Ticket) -> Result<(TicketState, Projection), HistoryError> {
        let mut state = TicketState::new(ticket.id, ticket.category, ticket.priority);
        let mut accepted_at = None;
        let mut resolved_at = None;
        let mut closed_at = None;
        let mut deadline = None;
        for (index, event) in ticket.events.iter().enumerate() {
            let before = state.status;
            state = state.apply(event, &self.policies).map_err(|error| HistoryError { ticket: ticket.id, index, error })?;
            let at = event.at();
            if matches!(event, TicketEvent::Accepted { .. }) && accepted_at.is_none() {
                accepted_at = Some(at);
            }
            if state.status == TicketStatus::Resolved && before != TicketStatus::Resolved {
                resolved_at = Some(at);
            }
            if state.status.is_open() {
                resolved_at = None;
            }
            closed_at = (state.status == TicketStatus::Closed).then_some(closed_at.unwrap_or(at));
            if let Some(d) = state.deadline(&self.calendar) {
                deadline = Some(d);
            }
        }
        let projection = Projection {
            status: state.status,
            owning_unit: state.owners.first().map(|o| o.unit.clone()).unwrap_or_default(),
            accepted_at,
            resolved_at,
            closed_at,
            deadline,
            supervised: state.supervised,
        };
        Ok((state, projection))
    }
}

/// The events a ticket kept only as timestamps implies (a hotline export, an older
/// database): received by `unit`, accepted, resolved and closed when the stamps say. A
/// stamp earlier than the one before it is moved up to it, since an export's clock skew
/// must not make a ticket unreadable.
pub fn events_from_stamps(
    unit: &str,
    received_at: Timestamp,
    accepted_at: Option<Timestamp>,
    resolved_at: Option<Timestamp>,
    closed_at: Option<Timestamp>,
) -> Vec<TicketEvent> {
    let mut events = vec![TicketEvent::Received { at: received_at, unit: unit.to_string() }];
    let mut last = received_at;
    let mut next = |t: Timestamp| {
        last = last.max(t);
        last
    };
    let accepted = accepted_at.or(resolved_at).or(closed_at);
    if let Some(at) = accepted {
        events.push(TicketEvent::Accepted { unit: unit.to_string(), at: next(at) });
    }
    if let Some(at) = resolved_at.or(closed_at) {
        events.push(TicketEvent::Resolved { unit: unit.to_string(), at: next(at), note: String::new() });
    }
    if let Some(at) = closed_at {
        events.push(TicketEvent::Closed { at: next(at) });
    }
    events
}

/// The calendar files shipped in `assets/calendars/`, compiled in so that every seat and
/// tool counts working time alike without looking for files at run time.
const BUNDLED_CALENDARS: [&str; 2] =
    [include_str!("../../../../assets/calendars/2025.txt"), include_str!("../../../../assets/calendars/2026.txt")];

/// The SLA policy file shipped in `assets/sla/`.
const BUNDLED_POLICIES: &str = include_str!("../../../../assets/sla/policies.txt");

impl Lifecycle {
    /// The bundled SLA policy file on the bundled working calendars.
    pub fn standard() -> Self {
        let calendar = WorkingCalendar::parse_all(BUNDLED_CALENDARS)
            .unwrap_or_else(|error| panic!("the bundled calendar files do not parse: {error}"));
        let policies =
            SlaPolicies::parse(BUNDLED_POLICIES).unwrap_or_else(|error| panic!("the bundled policy file does not parse: {error}"));
        Lifecycle::new(policies, calendar)
    }
}
