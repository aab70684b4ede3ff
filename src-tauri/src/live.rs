//! The live loop: every 250 ms, bring the engine up to date with changes other processes
//! committed to the change log, and push the nodes whose figures moved to the window.

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
    loop {
        ticker.tick().await;
        let state = app.state::<AppState>();
        let changed = {
            let mut guard = state.loaded.write().await;
            let Some(loaded) = guard.as_mut() else {
                continue;
            };
            loaded.engine.catch_up(&loaded.scope, clock.now()).await
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
    }
}
