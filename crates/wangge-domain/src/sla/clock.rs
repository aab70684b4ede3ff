//! One SLA clock: a target in working time, measured from a start, with pauses and
//! extensions, until it is stopped.
//!
//! A ticket has several independent clocks (acceptance 签收, resolution 办结, return visit
//! 回访), and a co-dispatched ticket has one pair per unit. Each clock is a plain value built
//! from its events; its state at any instant is computed, never stored, so briefings of past
//! dates and the live board agree.
//!
//! Choices, each for a reason:
//! - A pause (挂起) stops working time from counting; time is only lost by the handling unit
//!   while it could act.
//! - An extension (延期) adds working seconds to the target and names its approver, because
//!   an extension without an accountable approver is how overdue tickets get hidden.
//! - The deadline of a clock that is paused now, and that had not run out before the
//!   pause, is `None`: nobody can know it until the citizen answers. A clock that ran out
//!   and was then paused keeps its (past) deadline, and stays breached: pausing must not
//!   hide a breach.
//! - A clock stopped exactly at its deadline is on time; one second later is late. A clock
//!   whose deadline passed on Friday 17:30 is breached all weekend, even though no working
//!   time elapses then.

use serde::{Deserialize, Serialize};

use crate::sla::calendar::WorkingCalendar;
use crate::time::Timestamp;

/// Which promise a clock measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// A unit signs for (签收) a ticket routed to it.
    Acceptance,
    /// The ticket is resolved (办结).
    Resolution,
    /// The citizen is called back (回访).
    ReturnVisit,
}

/// The target of one clock, from the SLA policy of a category and priority.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SlaPolicy {
    /// Working seconds allowed from start to stop.
    pub target_working_secs: i64,
    /// Share of the target after which the clock shows a warning.
    pub warn_at_share: f64,
}

impl SlaPolicy {
    pub const DEFAULT_WARN_AT_SHARE: f64 = 0.8;

    /// A policy with the default warning at 80% of the target.
    pub fn new(target_working_secs: i64) -> Self {
        SlaPolicy { target_working_secs, warn_at_share: Self::DEFAULT_WARN_AT_SHARE }
    }

    /// A target in working hours (one working day of standard hours is 7.5 h).
    pub fn hours(working_hours: i64) -> Self {
        Self::new(working_hours * 3600)
    }
}

/// The state of a clock at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum SlaState {
    OnTime,
    /// The warning share of the target has elapsed.
    Warning,
    /// The deadline has passed and the clock is not stopped.
    Breached,
    /// Suspended (挂起) and not breached.
    Paused,
    /// Stopped: the promise was kept (`on_time`) or kept late.
    Met {
        on_time: bool,
    },
}

/// A suspension, open until resumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: Timestamp,
    pub to: Option<Timestamp>,
}

/// A granted extension (延期).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub at: Timestamp,
    pub working_secs: i64,
    pub approver: String,
}

/// Something that happened to a clock; clocks are rebuilt from these in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum ClockEvent {
    Started { at: Timestamp },
    Paused { at: Timestamp },
    Resumed { at: Timestamp },
    Extended { at: Timestamp, working_secs: i64, approver: String },
    Stopped { at: Timestamp },
}

/// Why an event cannot be applied to a clock.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("the first event must start the clock")]
    NotStarted,
    #[error("the clock is already started")]
    AlreadyStarted,
    #[error("event at {at} is earlier than the previous event at {previous}")]
    OutOfOrder { at: Timestamp, previous: Timestamp },
    #[error("the clock is already paused")]
    AlreadyPaused,
    #[error("the clock is not paused")]
    NotPaused,
    #[error("the clock is stopped")]
    Stopped,
    #[error("an extension must add a positive number of working seconds, not {0}")]
    NonPositiveExtension(i64),
    #[error("an extension needs an approver")]
    NoApprover,
}

/// One SLA clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaClock {
    pub kind: ClockKind,
    pub policy: SlaPolicy,
    pub started_at: Timestamp,
    /// In order, not overlapping; only the last may be open.
    pauses: Vec<Pause>,
    extensions: Vec<Extension>,
    stopped_at: Option<Timestamp>,
    /// The latest event time, to keep events in order.
    last_event: Timestamp,
}

impl SlaClock {
    /// A clock that starts running at `at`.
    pub fn start(kind: ClockKind, policy: SlaPolicy, at: Timestamp) -> Self {
        SlaClock { kind, policy, started_at: at, pauses: Vec::new(), extensions: Vec::new(), stopped_at: None, last_event: at }
    }

    /// Rebuilds a clock from its events; the first must be `Started`.
    pub fn from_events(kind: ClockKind, policy: SlaPolicy, events: &[ClockEvent]) -> Result<Self, ClockError> {
        let (first, rest) = events.split_first().ok_or(ClockError::NotStarted)?;
        let ClockEvent::Started { at } = *first else { return Err(ClockError::NotStarted) };
        let mut clock = SlaClock::start(kind, policy, at);
        for event in rest {
            clock.apply(event)?;
        }
        Ok(clock)
    }

    /// Applies one event after those already applied.
    pub fn apply(&mut self, event: &ClockEvent) -> Result<(), ClockError> {
        match event {
            ClockEvent::Started { .. } => Err(ClockError::AlreadyStarted),
            ClockEvent::Paused { at } => self.pause(*at),
            ClockEvent::Resumed { at } => self.resume(*at),
            ClockEvent::Extended { at, working_secs, approver } => self.extend(*at, *working_secs, approver),
            ClockEvent::Stopped { at } => self.stop(*at),
        }
    }

    /// Suspends the clock (挂起).
    pub fn pause(&mut self, at: Timestamp) -> Result<(), ClockError> {
        self.check(at)?;
        if self.is_paused() {
            return Err(ClockError::AlreadyPaused);
        }
        self.pauses.push(Pause { from: at, to: None });
        self.last_event = at;
        Ok(())
    }

    /// Resumes a suspended clock.
    pub fn resume(&mut self, at: Timestamp) -> Result<(), ClockError> {
        self.check(at)?;
        match self.pauses.last_mut() {
            Some(pause) if pause.to.is_none() => pause.to = Some(at),
            _ => return Err(ClockError::NotPaused),
        }
        self.last_event = at;
        Ok(())
    }

    /// Grants an extension (延期) of `working_secs`, recorded with its approver.
    pub fn extend(&mut self, at: Timestamp, working_secs: i64, approver: &str) -> Result<(), ClockError> {
        self.check(at)?;
        if working_secs <= 0 {
            return Err(ClockError::NonPositiveExtension(working_secs));
        }
        if approver.trim().is_empty() {
            return Err(ClockError::NoApprover);
        }
        self.extensions.push(Extension { at, working_secs, approver: approver.to_string() });
        self.last_event = at;
        Ok(())
    }

    /// Stops the clock: the promise is fulfilled (accepted, resolved, visited). A clock
    /// stopped while paused keeps its pause open: it never ran again, so it has no deadline
    /// and was on time.
    pub fn stop(&mut self, at: Timestamp) -> Result<(), ClockError> {
        self.check(at)?;
        self.stopped_at = Some(at);
        self.last_event = at;
        Ok(())
    }

    fn check(&self, at: Timestamp) -> Result<(), ClockError> {
        if self.stopped_at.is_some() {
            return Err(ClockError::Stopped);
        }
        if at < self.last_event {
            return Err(ClockError::OutOfOrder { at, previous: self.last_event });
        }
        Ok(())
    }

    pub fn pauses(&self) -> &[Pause] {
        &self.pauses
    }

    pub fn extensions(&self) -> &[Extension] {
        &self.extensions
    }

    pub fn stopped_at(&self) -> Option<Timestamp> {
        self.stopped_at
    }

    /// Whether the clock is suspended as of its last event (for a stopped clock: whether it
    /// was suspended when it stopped).
    pub fn is_paused(&self) -> bool {
        self.pauses.last().is_some_and(|p| p.to.is_none())
    }

    /// The target including every extension granted so far.
    pub fn total_target_secs(&self) -> i64 {
        self.target_known_at(None)
    }

    /// Target plus extensions granted at or before `now` (all of them for `None`): a
    /// briefing of last Tuesday must not count an extension granted on Wednesday.
    fn target_known_at(&self, now: Option<Timestamp>) -> i64 {
        let extra: i64 = self.extensions.iter().filter(|e| now.is_none_or(|n| e.at <= n)).map(|e| e.working_secs).sum();
        self.policy.target_working_secs + extra
    }

    /// The instant the target (with all extensions) runs out, or `None` if the clock is
    /// paused and had time left when the pause began (see the module documentation).
    /// For a stopped clock this is the deadline it was measured against.
    pub fn deadline(&self, calendar: &WorkingCalendar) -> Option<Timestamp> {
        self.deadline_for(calendar, self.target_known_at(None))
    }

    fn deadline_for(&self, calendar: &WorkingCalendar, target: i64) -> Option<Timestamp> {
        let mut budget = target;
        let mut run_from = self.started_at;
        for pause in &self.pauses {
            let available = calendar.working_secs_between(run_from, pause.from);
            if budget <= available {
                return Some(calendar.add_working_secs(run_from, budget));
            }
            budget -= available;
            // An open pause: the running time after it is not known (yet, or ever if the
            // clock was stopped while paused).
            run_from = pause.to?;
        }
        Some(calendar.add_working_secs(run_from, budget))
    }

    /// Working seconds counted on the clock from its start to `now` (or to its stop).
    pub fn elapsed_working_secs_at(&self, now: Timestamp, calendar: &WorkingCalendar) -> i64 {
        let end = self.stopped_at.map_or(now, |s| s.min(now));
        if end <= self.started_at {
            return 0;
        }
        let paused: i64 = self
            .pauses
            .iter()
            .take_while(|p| p.from < end)
            .map(|p| calendar.working_secs_between(p.from, p.to.map_or(end, |to| to.min(end))))
            .sum();
        calendar.working_secs_between(self.started_at, end) - paused
    }

    /// Working seconds left at `now` against the target known then; negative once overdue.
    pub fn remaining_working_secs_at(&self, now: Timestamp, calendar: &WorkingCalendar) -> i64 {
        self.target_known_at(Some(now)) - self.elapsed_working_secs_at(now, calendar)
    }

    /// The state at `now`, as it was known at `now`.
    pub fn state_at(&self, now: Timestamp, calendar: &WorkingCalendar) -> SlaState {
        if let Some(stopped) = self.stopped_at.filter(|&s| s <= now) {
            let deadline = self.deadline_for(calendar, self.target_known_at(Some(stopped)));
            return SlaState::Met { on_time: deadline.is_none_or(|d| stopped <= d) };
        }
        let target = self.target_known_at(Some(now));
        // Pauses that begin after `now` cannot move a deadline that lies before `now`, so
        // using every recorded pause here gives the answer known at `now`.
        if self.deadline_for(calendar, target).is_some_and(|d| now > d) {
            return SlaState::Breached;
        }
        if self.pauses.iter().any(|p| p.from <= now && p.to.is_none_or(|to| now < to)) {
            return SlaState::Paused;
        }
        let elapsed = self.elapsed_working_secs_at(now, calendar);
        if elapsed as f64 >= self.policy.warn_at_share * target as f64 {
            SlaState::Warning
        } else {
            SlaState::OnTime
        }
    }
}
