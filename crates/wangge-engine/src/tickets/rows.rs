//! A stored ticket as the board shows it: status, SLA state and countdown, from the fold of
//! its events at `now`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use wangge_api as api;
use wangge_domain::lifecycle::{Lifecycle, TicketState, TicketStatus};
use wangge_domain::sla::SlaState;
use wangge_domain::{Ticket, Timestamp};

use crate::intake::service_name;
use crate::Engine;

/// The board's status: the lifecycle's, with every ticket waiting on the dispatch desk
/// (never placed, or returned by every owner) shown as triage.
pub(crate) fn status(ticket: &Ticket) -> api::TicketStatus {
    if ticket.is_in_triage() {
        return api::TicketStatus::Triage;
    }
    lifecycle_status(ticket.status)
}

/// A lifecycle status on the board; "returned by every owner" is triage.
pub(crate) fn lifecycle_status(status: TicketStatus) -> api::TicketStatus {
    match status {
        TicketStatus::New | TicketStatus::Received => api::TicketStatus::Received,
        TicketStatus::Accepted => api::TicketStatus::Accepted,
        TicketStatus::InProgress => api::TicketStatus::InProgress,
        TicketStatus::Suspended => api::TicketStatus::Suspended,
        TicketStatus::Resolved => api::TicketStatus::Resolved,
        TicketStatus::ReturnVisited => api::TicketStatus::ReturnVisited,
        TicketStatus::Closed => api::TicketStatus::Closed,
        TicketStatus::Returned => api::TicketStatus::Triage,
    }
}

pub(crate) fn sla(state: SlaState) -> api::SlaState {
    match state {
        SlaState::OnTime => api::SlaState::OnTime,
        SlaState::Warning => api::SlaState::Warning,
        SlaState::Breached => api::SlaState::Breached,
        SlaState::Paused => api::SlaState::Paused,
        SlaState::Met { .. } => api::SlaState::Met,
    }
}

/// A ticket with its folded state; `None` state when its history does not fold (shown
/// without clocks rather than hidden: a broken record must stay visible).
pub(crate) struct Folded<'a> {
    pub ticket: &'a Ticket,
    pub state: Option<Arc<TicketState>>,
}

/// Folded states by ticket id, with the version they were folded at. Folding replays a
/// ticket's whole history; boards ask for thousands of tickets on every change, and a
/// ticket's state only changes with its version, so each version is folded once.
#[derive(Default)]
pub(crate) struct FoldCache {
    states: Mutex<HashMap<i64, FoldedAt>>,
}

/// A ticket's folded state (`None` when its history does not fold) and the version folded.
type FoldedAt = (i64, Option<Arc<TicketState>>);

impl FoldCache {
    fn get(&self, ticket: &Ticket, lifecycle: &Lifecycle) -> Option<Arc<TicketState>> {
        // A poisoned lock only means another fold panicked; the map itself is still sound.
        let mut states = self.states.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match states.get(&ticket.id) {
            Some((version, state)) if *version == ticket.version => state.clone(),
            _ => {
                let state = lifecycle.fold(ticket).ok().map(Arc::new);
                states.insert(ticket.id, (ticket.version, state.clone()));
                state
            }
        }
    }
}

impl<'a> Folded<'a> {
    /// The ticket's state, folded once per version.
    pub fn of(ticket: &'a Ticket, engine: &Engine) -> Self {
        Folded { ticket, state: engine.folds.get(ticket, engine.lifecycle()) }
    }

    pub fn sla_at(&self, now: Timestamp, lifecycle: &Lifecycle) -> Option<api::SlaState> {
        self.state.as_ref().and_then(|s| s.sla_state_at(now, &lifecycle.calendar)).map(sla)
    }

    pub fn owners(&self) -> Vec<String> {
        match &self.state {
            Some(state) => state.owner_units(),
            None if self.ticket.owning_unit.is_empty() => Vec::new(),
            None => vec![self.ticket.owning_unit.clone()],
        }
    }

    pub fn row(&self, now: Timestamp, engine: &Engine) -> api::TicketRow {
        let lifecycle = engine.lifecycle();
        let t = self.ticket;
        let owners = self.owners();
        let hierarchy = &engine.district().hierarchy;
        let owner_names = owners.iter().map(|o| engine.units().name_of(hierarchy, o)).collect();
        let citizen = self.state.as_ref().and_then(|s| s.citizen.as_ref());
        let running = citizen.filter(|c| c.stopped_at().is_none());
        api::TicketRow {
            id: t.id,
            version: t.version,
            category: t.category.as_str().to_string(),
            category_zh: service_name(t.category).to_string(),
            category_en: t.category.label_en().to_string(),
            priority: t.priority.name().to_string(),
            summary: t.summary.clone(),
            micro_grid: t.micro_grid.as_ref().map(|c| c.0.clone()),
            owners,
            owner_names,
            status: status(t),
            sla: self.sla_at(now, lifecycle),
            supervised: t.supervised,
            received_at: t.received_at.secs(),
            deadline: citizen.and_then(|c| c.deadline(&lifecycle.calendar)).map(|d| d.secs()),
            remaining_working_secs: running.map(|c| c.remaining_working_secs_at(now, &lifecycle.calendar)),
        }
    }
}

impl Engine {
    /// The units that own a ticket now (several after 加派), as its folded history says.
    pub(crate) fn ticket_owners(&self, ticket: &Ticket) -> Vec<String> {
        Folded::of(ticket, self).owners()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The domain names a state in its refusals (`TicketStatus::label_zh`, the domain cannot
    /// use the API's words); the board names it in the API's. They must be the same words.
    #[test]
    fn a_refusal_names_a_state_as_the_board_does() {
        for status in TicketStatus::ALL.into_iter().filter(|s| *s != TicketStatus::New) {
            assert_eq!(status.label_zh(), lifecycle_status(status).label_zh(), "{status:?}");
        }
    }
}
