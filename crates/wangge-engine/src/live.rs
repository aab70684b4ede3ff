//! The live loop, once for every front end: [`Ticker`] turns what was committed to the
//! change log (by this process or any other) into district-wide [`Advance`]s, and a
//! [`SeatFeed`] per seat turns each advance into the messages that seat may see — the
//! figures of nodes within its scope, the breaches and warning changes within it (breaches
//! never to a wall screen), warning reasons in its language, and the sequence number the log
//! moved to. The desktop shell emits those messages as Tauri events and the server sends
//! them over each seat's WebSocket; both only carry what these two decide.
//!
//! Why district-wide first: one catch-up serves every seat of a server (reading the log once
//! per seat would multiply the work by the seats), and a seat's messages are a filter of it.

use std::time::{Duration, Instant};

use wangge_api as api;
use wangge_api::LiveMessage;
use wangge_domain::{Scope, Timestamp};

use crate::{Engine, EngineError};

/// How often a live loop asks for newly breached tickets and warning changes: about ten
/// seconds (a loop ticks every 250 ms, or at once when a commit is announced).
pub const NOTICE_EVERY: Duration = Duration::from_secs(10);

/// One catch-up that moved the change log or brought news, district-wide: the new sequence
/// number, the figures that moved anywhere (`None` when none did), and, when notices were
/// due, the tickets newly breached and the warning levels changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Advance {
    pub seq: i64,
    pub figures: Option<api::FiguresChanged>,
    pub breached: Vec<api::TicketRow>,
    pub warnings: Vec<api::WarningChange>,
}

/// The district-wide side of the live loop: catches the engine up and says what moved.
pub struct Ticker {
    /// The whole district, Chinese: the catch-up's scope (each seat filters its part).
    district: Scope,
    /// The last seq the seats were told of. Not the engine's seq before each catch-up: a
    /// write through this process's own engine moves that seq itself, and seats must still
    /// hear of it (a reassignment moves no figure, yet every board must refetch).
    reported: i64,
    notice_every: Duration,
    asked: Option<Instant>,
    /// The last warning change passed on; `None` until the first ask, which only learns
    /// what is already changed (a loop that starts does not announce a backlog as news).
    warnings_seen: Option<u64>,
}

impl Ticker {
    /// A ticker for `engine` from where it stands now.
    pub fn new(engine: &Engine, notice_every: Duration) -> Ticker {
        Ticker { district: engine.district_scope("live"), reported: engine.last_seq(), notice_every, asked: None, warnings_seen: None }
    }

    /// Catches `engine` up with the change log and returns what the seats must hear, if
    /// anything. A storage fault is returned for the caller to log; the next tick retries.
    pub async fn tick(&mut self, engine: &mut Engine, now: Timestamp) -> Result<Option<Advance>, EngineError> {
        let figures = engine.catch_up(&self.district, now).await?;
        let seq = engine.last_seq();
        let (breached, warnings) = self.notices(engine, now);
        if seq == self.reported && figures.is_none() && breached.is_empty() && warnings.is_empty() {
            return Ok(None);
        }
        self.reported = seq;
        Ok(Some(Advance { seq, figures, breached, warnings }))
    }

    /// District-wide news since the last ask, when an ask is due.
    fn notices(&mut self, engine: &mut Engine, now: Timestamp) -> (Vec<api::TicketRow>, Vec<api::WarningChange>) {
        if self.asked.is_some_and(|at| at.elapsed() < self.notice_every) {
            return (Vec::new(), Vec::new());
        }
        self.asked = Some(Instant::now());
        let breached = engine.newly_breached(&self.district, now).unwrap_or_else(|err| {
            tracing::warn!("asking for newly breached tickets failed: {err}");
            Vec::new()
        });
        let warnings = match engine.warning_changes_since(&self.district, self.warnings_seen.unwrap_or(0)) {
            Ok(changes) if self.warnings_seen.replace(changes.last).is_some() => changes.changes,
            Ok(_) => Vec::new(),
            Err(err) => {
                tracing::warn!("asking for warning changes failed: {err}");
                Vec::new()
            }
        };
        (breached, warnings)
    }
}

/// One seat's side of the live loop: which advances it has been told of.
#[derive(Debug, Clone)]
pub struct SeatFeed {
    scope: Scope,
    sent_seq: i64,
}

impl SeatFeed {
    /// A feed for a seat that is current up to `seq` (what it was greeted with).
    pub fn new(scope: Scope, seq: i64) -> SeatFeed {
        SeatFeed { scope, sent_seq: seq }
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// What the seat hears of `advance`, in order: its figures, breaches, warning changes,
    /// then the log's new number (last, so a view that refetches on it finds the rest
    /// applied). Nothing of what lies outside its scope; an advance it already had only
    /// repeats figures it holds.
    pub fn messages(&mut self, engine: &Engine, advance: &Advance) -> Vec<LiveMessage> {
        let mut messages = Vec::new();
        if let Some(visible) = advance.figures.as_ref().and_then(|figures| engine.within_scope(&self.scope, figures)) {
            messages.push(LiveMessage::FiguresChanged(visible));
        }
        let breached = engine.breaches_within_scope(&self.scope, &advance.breached);
        if !breached.is_empty() {
            messages.push(LiveMessage::SlaBreached(breached));
        }
        let warnings = engine.warning_changes_within_scope(&self.scope, &advance.warnings);
        if !warnings.is_empty() {
            messages.push(LiveMessage::WarningChanged(warnings));
        }
        if advance.seq > self.sent_seq {
            self.sent_seq = advance.seq;
            messages.push(LiveMessage::LogAdvanced(advance.seq));
        }
        messages
    }
}
