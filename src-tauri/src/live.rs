//! The live loop: every 250 ms, bring the engine up to date with changes other processes
//! committed to the change log, push the nodes whose figures moved to the window
//! (`figures-changed`), and say when the log moved on at all (`log-advanced`), so views
//! that do not follow figures (the work board) refetch even when no figure moved. Every
//! [`NOTICE_EVERY`] ticks it also asks which tickets newly breached their deadline
//! (`sla-breached`) and which nodes changed warning level (`warning-changed`), for the
//! window's notice strip; the first ask only sets the baseline (a backlog is not news).

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager};
use wangge_api::events;
use wangge_engine::Clock;

use crate::state::AppState;

const PERIOD: Duration = Duration::from_millis(250);
/// Ticks between two asks for notices: about ten seconds.
const NOTICE_EVERY: u64 = 40;

/// Polls forever; errors are logged and retried on the next tick (a locked database or a
/// half-written change is transient).
pub async fn poll(app: AppHandle) {
    // Startup already refused an unreadable WANGGE_NOW, so this cannot fail here.
    let clock = Clock::from_env().unwrap_or(Clock::System);
    let mut ticker = tokio::time::interval(PERIOD);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The last seq the window was told about: compared with the engine's after each tick,
    // it also catches changes this window's own commands committed between ticks.
    let mut reported: Option<i64> = None;
    // The last warning change the window was told about (`None`: not asked yet).
    let mut warnings_seen: Option<u64> = None;
    let mut tick: u64 = 0;
    loop {
        ticker.tick().await;
        tick += 1;
        let state = app.state::<AppState>();
        let (changed, before, after) = {
            let mut guard = state.loaded.write().await;
            let Some(loaded) = guard.as_mut() else {
                continue;
            };
            let before = loaded.engine.last_seq();
            let Ok(seat) = loaded.seat().cloned() else {
                // Nobody signed in: the engine keeps current, the window is told nothing.
                let district = loaded.engine.district_scope("system");
                if let Err(error) = loaded.engine.catch_up(&district, clock.now()).await {
                    tracing::warn!(%error, "catching up with the change log failed");
                }
                reported = None;
                continue;
            };
            let changed = loaded.engine.catch_up(&seat, clock.now()).await;
            (changed, before, loaded.engine.last_seq())
        };
        match changed {
            Ok(Some(change)) => {
                tracing::debug!(seq = change.seq, nodes = change.nodes.len(), "figures changed");
                if let Err(error) = app.emit(events::FIGURES_CHANGED, change) {
                    tracing::warn!(%error, "could not emit figures-changed");
                }
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "catching up with the change log failed"),
        }
        // After the figures, so a view that refetches on this finds them applied.
        if after != reported.unwrap_or(before) {
            tracing::debug!(seq = after, "change log advanced");
            if let Err(error) = app.emit(events::LOG_ADVANCED, after) {
                tracing::warn!(%error, "could not emit log-advanced");
            }
        }
        reported = Some(after);
        if tick % NOTICE_EVERY == 1 {
            notices(&app, &clock, &mut warnings_seen).await;
        }
    }
}

/// Asks the engine for tickets newly breached and warning levels changed, and emits each
/// kind when there is any.
async fn notices(app: &AppHandle, clock: &Clock, warnings_seen: &mut Option<u64>) {
    let state = app.state::<AppState>();
    let (breached, changes) = {
        let mut guard = state.loaded.write().await;
        let Some(loaded) = guard.as_mut() else {
            return;
        };
        let Ok(seat) = loaded.seat().cloned() else {
            return;
        };
        // Only rows the seat may read: none for a wall screen (a breached ticket's row
        // carries the citizen's words).
        let breached = loaded.engine.newly_breached(&seat, clock.now()).map(|rows| loaded.engine.breaches_within_scope(&seat, &rows));
        let changes = loaded.engine.warning_changes_since(&seat, warnings_seen.unwrap_or(0));
        (breached, changes)
    };
    match breached {
        Ok(rows) if !rows.is_empty() => {
            tracing::info!(tickets = rows.len(), "tickets newly breached");
            if let Err(error) = app.emit(events::SLA_BREACHED, rows) {
                tracing::warn!(%error, "could not emit sla-breached");
            }
        }
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, "asking for newly breached tickets failed"),
    }
    match changes {
        Ok(changes) => {
            let first = warnings_seen.is_none();
            *warnings_seen = Some(changes.last);
            if !first && !changes.changes.is_empty() {
                tracing::info!(nodes = changes.changes.len(), "warning levels changed");
                if let Err(error) = app.emit(events::WARNING_CHANGED, changes.changes) {
                    tracing::warn!(%error, "could not emit warning-changed");
                }
            }
        }
        Err(error) => tracing::warn!(%error, "asking for warning changes failed"),
    }
}
