//! The state of one ticket, folded from its events: status, owners with their clocks,
//! the citizen's clocks, flags and counts.
//!
//! The per-unit clocks live in a [`CoDispatch`] (one [`UnitClocks`] per owner, in dispatch
//! order) so the ticket's SLA state is the same roll-up the SLA module defines; the
//! per-unit progress (accepted, started, resolved) sits beside it in [`Owner`], in the
//! same order.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::lifecycle::event::Satisfaction;
use crate::lifecycle::policy::Priority;
use crate::lifecycle::status::TicketStatus;
use crate::records::TicketCategory;
use crate::sla::{roll_up, CoDispatch, SlaClock, SlaState, UnitClocks, WorkingCalendar};
use crate::time::Timestamp;

/// One owning unit's progress on the ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub unit: String,
    pub dispatched_at: Timestamp,
    pub accepted_at: Option<Timestamp>,
    pub started_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
}

impl Owner {
    pub(crate) fn new(unit: &str, at: Timestamp) -> Self {
        Owner { unit: unit.to_string(), dispatched_at: at, accepted_at: None, started_at: None, resolved_at: None }
    }
}

/// A ticket as its events have made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketState {
    pub ticket: i64,
    pub category: TicketCategory,
    pub priority: Priority,
    pub status: TicketStatus,
    /// The status to return to on `Resumed`.
    pub(crate) suspended_from: Option<TicketStatus>,
    /// Current owners, in dispatch order; parallel to `units.units`.
    pub owners: Vec<Owner>,
    /// Each owner's acceptance and resolution clocks.
    pub units: CoDispatch,
    /// The citizen's resolution clock: starts at intake, runs on through reassignment,
    /// stops when the last owner resolves. Restarted on reopening.
    pub citizen: Option<SlaClock>,
    /// The return-visit clock, from resolution to the visit.
    pub return_visit: Option<SlaClock>,
    /// 督办: set by a commander, seen by the owning units; kept for the ticket's life.
    pub supervised: bool,
    pub satisfaction: Option<Satisfaction>,
    /// Bounce-backs: how often each unit returned this ticket.
    pub returns_by_unit: BTreeMap<String, u32>,
    pub reassignments: u32,
    pub escalations: u32,
    pub reopenings: u32,
    /// The latest event time, to refuse steps that go back in time.
    pub last_event_at: Option<Timestamp>,
}

impl TicketState {
    /// A ticket before intake; the first event must be `Received`.
    pub fn new(ticket: i64, category: TicketCategory, priority: Priority) -> Self {
        TicketState {
            ticket,
            category,
            priority,
            status: TicketStatus::New,
            suspended_from: None,
            owners: Vec::new(),
            units: CoDispatch::default(),
            citizen: None,
            return_visit: None,
            supervised: false,
            satisfaction: None,
            returns_by_unit: BTreeMap::new(),
            reassignments: 0,
            escalations: 0,
            reopenings: 0,
            last_event_at: None,
        }
    }

    /// The codes of the owning units, in dispatch order.
    pub fn owner_units(&self) -> Vec<String> {
        self.owners.iter().map(|o| o.unit.clone()).collect()
    }

    pub fn owner(&self, unit: &str) -> Option<&Owner> {
        self.owners.iter().find(|o| o.unit == unit)
    }

    pub fn unit_clocks(&self, unit: &str) -> Option<&UnitClocks> {
        self.units.units.iter().find(|u| u.unit == unit)
    }

    pub(crate) fn index_of(&self, unit: &str) -> Option<usize> {
        self.owners.iter().position(|o| o.unit == unit)
    }

    /// The citizen's deadline (with extensions; `None` while suspended or before intake).
    pub fn deadline(&self, calendar: &WorkingCalendar) -> Option<Timestamp> {
        self.citizen.as_ref().and_then(|c| c.deadline(calendar))
    }

    /// The SLA state of the whole ticket at `now`: the roll-up of the citizen's clock and
    /// every owner's clocks, so one late co-dispatched unit makes the ticket breached.
    pub fn sla_state_at(&self, now: Timestamp, calendar: &WorkingCalendar) -> Option<SlaState> {
        let citizen = self.citizen.iter().map(|c| c.state_at(now, calendar));
        let units = self.units.state_at(now, calendar);
        roll_up(citizen.chain(units))
    }

    /// The status the owners' progress implies, for every step that changes owners or
    /// their progress: no owner left means triage; all resolved means resolved.
    pub(crate) fn derived_status(&self) -> TicketStatus {
        if self.owners.is_empty() {
            TicketStatus::Returned
        } else if self.owners.iter().all(|o| o.resolved_at.is_some()) {
            TicketStatus::Resolved
        } else if self.owners.iter().any(|o| o.started_at.is_some() && o.resolved_at.is_none()) {
            TicketStatus::InProgress
        } else if self.owners.iter().any(|o| o.accepted_at.is_some()) {
            TicketStatus::Accepted
        } else {
            TicketStatus::Received
        }
    }
}
