//! The live loop: every 250 ms, bring the engine up to date with changes other processes
//! committed to the change log, push the nodes whose figures moved to the window
//! (`figures-changed`), and say when the log moved on at all (`log-advanced`), so views
//! that do not follow figures (the work board) refetch even when no figure moved.

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager};
use wangge_api::events;
use wangge_engine::Clock;

use crate::state::AppState;

const PERIOD: Duration = Duration::from_millis(250);

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
    loop {
        ticker.tick().await;
        let state = app.state::<AppState>();
        let (changed, before, after) = {
            let mut guard = state.loaded.write().await;
            let Some(loaded) = guard.as_mut() else {
                continue;
            };
            let before = loaded.engine.last_seq();
            let changed = loaded.engine.catch_up(&loaded.scope, clock.now()).await;
            (changed, before, loaded.engine.last_seq())
        };
        match changed {
            Ok(Some(change)) => {
                tracing::debug!(
                    seq = change.seq,
                    nodes = change.nodes.len(),
                    "figures changed"
                );
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
    }
}
