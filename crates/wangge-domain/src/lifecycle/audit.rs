//! The audit trail: every applied event becomes an append-only [`AuditEntry`] with the
//! state before and after, so a ticket's timeline can be shown and filtered.
//!
//! Before and after are compact summaries, not whole states: an audit row must stay
//! readable and small, and the full state can always be rebuilt by folding the events.

use serde::{Deserialize, Serialize};

use crate::lifecycle::error::LifecycleError;
use crate::lifecycle::event::TicketEvent;
use crate::lifecycle::policy::SlaPolicies;
use crate::lifecycle::state::TicketState;
use crate::lifecycle::status::TicketStatus;
use crate::sla::WorkingCalendar;
use crate::time::Timestamp;

/// What an audit row shows of a state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketStateSummary {
    pub status: TicketStatus,
    pub owners: Vec<String>,
    /// The citizen's deadline with extensions; `None` while suspended or before intake.
    pub deadline: Option<Timestamp>,
    /// The earliest deadline of an owner's running clock: the unit to chase first.
    pub next_unit_deadline: Option<Timestamp>,
    pub supervised: bool,
}

impl TicketStateSummary {
    pub fn of(state: &TicketState, calendar: &WorkingCalendar) -> Self {
        TicketStateSummary {
            status: state.status,
            owners: state.owner_units(),
            deadline: state.deadline(calendar),
            next_unit_deadline: state.units.next_deadline(calendar),
            supervised: state.supervised,
        }
    }
}

/// One row of the audit trail: who did what when, and what it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub ticket: i64,
    pub at: Timestamp,
    /// The accountable person or unit ([`TicketEvent::actor`]); for an extension, the approver.
    pub actor: String,
    /// The event kind ([`TicketEvent::kind`]), for filtering.
    pub action: String,
    /// A one-line description, for reading.
    pub detail: String,
    pub before: TicketStateSummary,
    pub after: TicketStateSummary,
}

/// A ticket's history, oldest first.
pub type Timeline = Vec<AuditEntry>;

/// A refused event while building a timeline: its index in the list and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event {index} ({kind}) was refused: {error}")]
pub struct TimelineError {
    pub index: usize,
    pub kind: &'static str,
    pub error: LifecycleError,
}

impl TicketState {
    /// Applies an event and returns the new state with its audit row.
    pub fn apply_audited(
        &self,
        event: &TicketEvent,
        policies: &SlaPolicies,
        calendar: &WorkingCalendar,
    ) -> Result<(TicketState, AuditEntry), LifecycleError> {
        let after = self.apply(event, policies)?;
        let entry = AuditEntry {
            ticket: self.ticket,
            at: event.at(),
            actor: event.actor(),
            action: event.kind().to_string(),
            detail: event.describe(),
            before: TicketStateSummary::of(self, calendar),
            after: TicketStateSummary::of(&after, calendar),
        };
        Ok((after, entry))
    }
}

/// Folds an event list from `initial`, returning the final state and the timeline. A stored
/// list should never hold a refused event, so one is an error naming where it is.
pub fn build_timeline(
    initial: &TicketState,
    events: &[TicketEvent],
    policies: &SlaPolicies,
    calendar: &WorkingCalendar,
) -> Result<(TicketState, Timeline), TimelineError> {
    let mut state = initial.clone();
    let mut timeline = Vec::with_capacity(events.len());
    for (index, event) in events.iter().enumerate() {
        let (next, entry) =
            state.apply_audited(event, policies, calendar).map_err(|error| TimelineError { index, kind: event.kind(), error })?;
        state = next;
        timeline.push(entry);
    }
    Ok((state, timeline))
}
