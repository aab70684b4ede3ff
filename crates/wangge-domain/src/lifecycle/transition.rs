//! The transition rules: [`TicketState::apply`].
//!
//! | event        | legal from                                   | to                          |
//! |--------------|----------------------------------------------|-----------------------------|
//! | Received     | new                                          | received                    |
//! | Accepted     | received, accepted, in progress (owner only) | accepted (or unchanged)     |
//! | Started      | accepted, in progress (owner, accepted)      | in progress                 |
//! | Returned     | received, accepted, in progress (owner)      | derived; returned if no owner is left |
//! | Suspended    | received, accepted, in progress              | suspended                   |
//! | Resumed      | suspended                                    | the status before           |
//! | Extended     | received, accepted, in progress, suspended   | unchanged                   |
//! | Escalated    | received, accepted, in progress, returned    | received (new sole owner)   |
//! | Reassigned   | received, accepted, in progress (from owner) | derived                     |
//! | CoDispatched | received, accepted, in progress, returned    | derived                     |
//! | Resolved     | accepted, in progress (owner, accepted)      | resolved once every owner has |
//! | ReturnVisit  | resolved                                     | return visited              |
//! | Closed       | resolved, return visited                     | closed                      |
//! | Reopened     | resolved, return visited, closed            | accepted (owners keep their acceptance) |
//! | Supervised   | any open status                              | unchanged, flag set         |
//!
//! "Derived" is [`TicketState::derived_status`]: the owners' progress decides. Every event
//! must be no earlier than the previous one. Applying works on a copy, so a refusal leaves
//! the state untouched whatever step failed.

use crate::lifecycle::error::LifecycleError;
use crate::lifecycle::event::TicketEvent;
use crate::lifecycle::policy::SlaPolicies;
use crate::lifecycle::state::{Owner, TicketState};
use crate::lifecycle::status::TicketStatus;
use crate::sla::{acceptance_clock_on_reassignment, ClockKind, SlaClock, UnitClocks};
use crate::time::Timestamp;

use TicketStatus as S;

const WORKING: [TicketStatus; 3] = [S::Received, S::Accepted, S::InProgress];
const DISPATCHABLE: [TicketStatus; 4] = [S::Received, S::Accepted, S::InProgress, S::Returned];

impl TicketState {
    /// Applies one event, returning the new state, or refuses it and leaves `self` as it was.
    pub fn apply(&self, event: &TicketEvent, policies: &SlaPolicies) -> Result<TicketState, LifecycleError> {
        let at = event.at();
        if let Some(previous) = self.last_event_at.filter(|&p| at < p) {
            return Err(LifecycleError::OutOfOrder { ticket: self.ticket, at, previous });
        }
        let mut next = self.clone();
        next.step(event, policies)?;
        next.last_event_at = Some(at);
        Ok(next)
    }

    /// Applies events in order, stopping at the first refusal (with its index).
    pub fn replay<'a>(
        &self,
        events: impl IntoIterator<Item = &'a TicketEvent>,
        policies: &SlaPolicies,
    ) -> Result<TicketState, (usize, LifecycleError)> {
        let mut state = self.clone();
        for (i, event) in events.into_iter().enumerate() {
            state = state.apply(event, policies).map_err(|e| (i, e))?;
        }
        Ok(state)
    }

    fn step(&mut self, event: &TicketEvent, policies: &SlaPolicies) -> Result<(), LifecycleError> {
        let targets = policies.targets(self.category, self.priority);
        let ticket = self.ticket;
        match event {
            TicketEvent::Received { at, unit } => {
                self.require(event, &[S::New])?;
                self.require_name(unit, "the receiving unit")?;
                self.citizen = Some(SlaClock::start(ClockKind::Resolution, targets.resolution, *at));
                self.dispatch(unit, *at, policies);
                self.status = S::Received;
            }
            TicketEvent::Accepted { unit, at } => {
                self.require(event, &WORKING)?;
                let i = self.require_owner(unit, "accept")?;
                if self.owners[i].accepted_at.is_some() {
                    return Err(LifecycleError::AlreadyAccepted { ticket, unit: unit.clone() });
                }
                self.owners[i].accepted_at = Some(*at);
                let clock = &mut self.units.units[i].acceptance;
                clock.stop(*at).map_err(|source| LifecycleError::Clock { ticket, source })?;
                self.status = self.derived_status();
            }
            TicketEvent::Started { unit, at } => {
                self.require(event, &[S::Accepted, S::InProgress])?;
                let i = self.require_accepted(unit, "start")?;
                if self.owners[i].started_at.is_some() {
                    return Err(LifecycleError::AlreadyStarted { ticket, unit: unit.clone() });
                }
                self.owners[i].started_at = Some(*at);
                self.status = self.derived_status();
            }
            TicketEvent::Returned { unit, at, reason } => {
                self.require(event, &WORKING)?;
                self.require_reason(reason, "return")?;
                let i = self.require_owner(unit, "return")?;
                self.require_unresolved(i)?;
                // The unit's clocks go with it: it is no longer accountable for the work.
                self.owners.remove(i);
                self.units.units.remove(i);
                *self.returns_by_unit.entry(unit.clone()).or_default() += 1;
                self.settle(*at, policies)?;
            }
            TicketEvent::Suspended { at, reason } => {
                self.require(event, &WORKING)?;
                self.require_reason(reason, "suspension")?;
                self.suspended_from = Some(self.status);
                for clock in self.running_clocks() {
                    clock.pause(*at).map_err(|source| LifecycleError::Clock { ticket, source })?;
                }
                self.status = S::Suspended;
            }
            TicketEvent::Resumed { at } => {
                self.require(event, &[S::Suspended])?;
                for clock in self.running_clocks().into_iter().filter(|c| c.is_paused()) {
                    clock.resume(*at).map_err(|source| LifecycleError::Clock { ticket, source })?;
                }
                self.status = self.suspended_from.take().unwrap_or_else(|| self.derived_status());
            }
            TicketEvent::Extended { unit, at, working_secs, approver } => {
                self.require(event, &[S::Received, S::Accepted, S::InProgress, S::Suspended])?;
                let clocks: Vec<&mut SlaClock> = match unit {
                    Some(unit) => {
                        let i = self.require_owner(unit, "extend")?;
                        self.require_unresolved(i)?;
                        vec![&mut self.units.units[i].resolution]
                    }
                    // A ticket-wide extension moves the citizen's promise and every owner's.
                    None => self
                        .citizen
                        .iter_mut()
                        .chain(self.units.units.iter_mut().map(|u| &mut u.resolution))
                        .filter(|c| c.stopped_at().is_none())
                        .collect(),
                };
                for clock in clocks {
                    clock.extend(*at, *working_secs, approver).map_err(|source| LifecycleError::Clock { ticket, source })?;
                }
            }
            TicketEvent::Escalated { at, to_unit, reason } => {
                self.require(event, &DISPATCHABLE)?;
                self.require_reason(reason, "escalation")?;
                self.require_name(to_unit, "the unit escalated to")?;
                if self.owners.len() == 1 && self.owners[0].unit == *to_unit {
                    return Err(LifecycleError::AlreadyOwner { ticket, unit: to_unit.clone() });
                }
                // The citizen's clock runs on; the higher unit is accountable from now.
                self.owners.clear();
                self.units.units.clear();
                self.dispatch_moved(to_unit, *at, policies);
                self.escalations += 1;
                self.settle(*at, policies)?;
            }
            TicketEvent::Reassigned { at, from_unit, to_unit, reason, by } => {
                self.require(event, &WORKING)?;
                self.require_reason(reason, "reassignment")?;
                self.require_name(by, "the commander reassigning")?;
                self.require_name(to_unit, "the unit reassigned to")?;
                if from_unit == to_unit {
                    return Err(LifecycleError::SameUnit { ticket, unit: to_unit.clone() });
                }
                let i = self.require_owner(from_unit, "reassign")?;
                self.require_unresolved(i)?;
                if self.index_of(to_unit).is_some() {
                    return Err(LifecycleError::AlreadyOwner { ticket, unit: to_unit.clone() });
                }
                // sla::dispatch rules: the citizen clock is untouched; the new unit's
                // acceptance clock starts now.
                self.owners[i] = Owner::new(to_unit, *at);
                self.units.units[i] = moved_clocks(to_unit, *at, policies, self);
                self.reassignments += 1;
                self.settle(*at, policies)?;
            }
            TicketEvent::CoDispatched { at, units } => {
                self.require(event, &DISPATCHABLE)?;
                if units.is_empty() {
                    return Err(LifecycleError::NoUnits { ticket });
                }
                for (k, unit) in units.iter().enumerate() {
                    self.require_name(unit, "a co-dispatched unit")?;
                    if self.index_of(unit).is_some() || units[..k].contains(unit) {
                        return Err(LifecycleError::AlreadyOwner { ticket, unit: unit.clone() });
                    }
                }
                for unit in units {
                    self.dispatch(unit, *at, policies);
                }
                self.settle(*at, policies)?;
            }
            TicketEvent::Resolved { unit, at, note: _ } => {
                self.require(event, &[S::Accepted, S::InProgress])?;
                let i = self.require_accepted(unit, "resolve")?;
                self.require_unresolved(i)?;
                self.owners[i].resolved_at = Some(*at);
                let clock = &mut self.units.units[i].resolution;
                clock.stop(*at).map_err(|source| LifecycleError::Clock { ticket, source })?;
                self.settle(*at, policies)?;
            }
            TicketEvent::ReturnVisit { at, satisfaction } => {
                self.require(event, &[S::Resolved])?;
                if let Some(clock) = self.return_visit.as_mut() {
                    clock.stop(*at).map_err(|source| LifecycleError::Clock { ticket, source })?;
                }
                self.satisfaction = Some(*satisfaction);
                self.status = S::ReturnVisited;
            }
            TicketEvent::Closed { at } => {
                self.require(event, &[S::Resolved, S::ReturnVisited])?;
                // Closing without a visit (an anonymous caller) ends the visit clock too.
                if let Some(clock) = self.return_visit.as_mut().filter(|c| c.stopped_at().is_none()) {
                    clock.stop(*at).map_err(|source| LifecycleError::Clock { ticket, source })?;
                }
                self.status = S::Closed;
            }
            TicketEvent::Reopened { at, reason } => {
                self.require(event, &[S::Resolved, S::ReturnVisited, S::Closed])?;
                self.require_reason(reason, "reopening")?;
                // A new promise to the citizen, and each owner's resolution clock afresh;
                // owners keep their acceptance, since they already know the matter.
                self.citizen = Some(SlaClock::start(ClockKind::Resolution, targets.resolution, *at));
                for (owner, clocks) in self.owners.iter_mut().zip(self.units.units.iter_mut()) {
                    owner.started_at = None;
                    owner.resolved_at = None;
                    clocks.resolution = SlaClock::start(ClockKind::Resolution, targets.resolution, *at);
                }
                self.return_visit = None;
                self.satisfaction = None;
                self.reopenings += 1;
                self.status = self.derived_status();
            }
            TicketEvent::Supervised { by, .. } => {
                if !self.status.is_open() {
                    return Err(self.illegal(event));
                }
                self.require_name(by, "the supervising commander")?;
                self.supervised = true;
            }
        }
        Ok(())
    }

    /// Adds an owner with fresh acceptance and resolution clocks.
    fn dispatch(&mut self, unit: &str, at: Timestamp, policies: &SlaPolicies) {
        let t = policies.targets(self.category, self.priority);
        self.owners.push(Owner::new(unit, at));
        self.units.units.push(UnitClocks::dispatched(unit, at, t.acceptance, t.resolution));
    }

    /// Adds an owner that received the work from another unit.
    fn dispatch_moved(&mut self, unit: &str, at: Timestamp, policies: &SlaPolicies) {
        let clocks = moved_clocks(unit, at, policies, self);
        self.owners.push(Owner::new(unit, at));
        self.units.units.push(clocks);
    }

    /// After owners change: recompute the status, and when the last owner has resolved,
    /// stop the citizen's clock and start the return-visit clock.
    fn settle(&mut self, at: Timestamp, policies: &SlaPolicies) -> Result<(), LifecycleError> {
        self.status = self.derived_status();
        if self.status == S::Resolved {
            let ticket = self.ticket;
            if let Some(clock) = self.citizen.as_mut().filter(|c| c.stopped_at().is_none()) {
                clock.stop(at).map_err(|source| LifecycleError::Clock { ticket, source })?;
            }
            let t = policies.targets(self.category, self.priority);
            self.return_visit = Some(SlaClock::start(ClockKind::ReturnVisit, t.return_visit, at));
        }
        Ok(())
    }

    /// Every clock still running: the citizen's and each owner's unstopped ones.
    fn running_clocks(&mut self) -> Vec<&mut SlaClock> {
        self.citizen
            .iter_mut()
            .chain(self.units.units.iter_mut().flat_map(|u| [&mut u.acceptance, &mut u.resolution]))
            .filter(|c| c.stopped_at().is_none())
            .collect()
    }

    fn illegal(&self, event: &TicketEvent) -> LifecycleError {
        let hint = if matches!(event, TicketEvent::Received { .. }) { None } else { self.status.hint() };
        LifecycleError::IllegalTransition { ticket: self.ticket, status: self.status, verb: event.verb(), hint }
    }

    fn require(&self, event: &TicketEvent, allowed: &[TicketStatus]) -> Result<(), LifecycleError> {
        if allowed.contains(&self.status) {
            Ok(())
        } else {
            Err(self.illegal(event))
        }
    }

    fn require_owner(&self, unit: &str, action: &'static str) -> Result<usize, LifecycleError> {
        self.index_of(unit).ok_or_else(|| LifecycleError::NotOwner {
            ticket: self.ticket,
            unit: unit.to_string(),
            owners: if self.owners.is_empty() { "none".to_string() } else { self.owner_units().join(", ") },
            action,
        })
    }

    fn require_accepted(&self, unit: &str, action: &'static str) -> Result<usize, LifecycleError> {
        let i = self.require_owner(unit, action)?;
        if self.owners[i].accepted_at.is_none() {
            return Err(LifecycleError::NotAccepted { ticket: self.ticket, unit: unit.to_string(), action });
        }
        Ok(i)
    }

    fn require_unresolved(&self, i: usize) -> Result<(), LifecycleError> {
        if self.owners[i].resolved_at.is_some() {
            return Err(LifecycleError::AlreadyResolved { ticket: self.ticket, unit: self.owners[i].unit.clone() });
        }
        Ok(())
    }

    fn require_reason(&self, reason: &str, what: &'static str) -> Result<(), LifecycleError> {
        if reason.trim().is_empty() {
            return Err(LifecycleError::MissingReason { ticket: self.ticket, what });
        }
        Ok(())
    }

    fn require_name(&self, name: &str, what: &'static str) -> Result<(), LifecycleError> {
        if name.trim().is_empty() {
            return Err(LifecycleError::MissingName { ticket: self.ticket, what });
        }
        Ok(())
    }
}

/// The clocks of a unit that work was moved to (reassignment or escalation): its
/// acceptance clock starts now ([`acceptance_clock_on_reassignment`]), and so does its own
/// resolution clock, since it can only be held to account from when the work reached it.
fn moved_clocks(unit: &str, at: Timestamp, policies: &SlaPolicies, state: &TicketState) -> UnitClocks {
    let t = policies.targets(state.category, state.priority);
    UnitClocks {
        unit: unit.to_string(),
        acceptance: acceptance_clock_on_reassignment(at, t.acceptance),
        resolution: SlaClock::start(ClockKind::Resolution, t.resolution, at),
    }
}
