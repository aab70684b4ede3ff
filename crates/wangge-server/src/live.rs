//! Keeping the served engine current with the change log, as the desktop's window does.

use std::time::Duration;

use crate::state::AppState;

/// How often the change log is read; the same pace as the desktop window's.
const POLL_EVERY: Duration = Duration::from_millis(250);

/// Catches the engine up forever; the server aborts it on shutdown.
pub(crate) async fn keep_current(state: AppState) {
    let mut tick = tokio::time::interval(POLL_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let now = state.clock.now();
        let outcome = state.engine.write().await.catch_up(&state.scope, now).await;
        if let Err(err) = outcome {
            // A passing storage fault (a locked file, a restarting PostgreSQL) must not stop
            // the server; the next tick tries again.
            tracing::warn!("open311: catching up with the change log failed: {err}");
        }
    }
}
