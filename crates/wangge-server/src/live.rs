//! Keeping the served engine current with the change log, as the desktop's window does,
//! and telling the live feeds when it has moved.

use std::time::Duration;

use std::sync::Arc;

use crate::state::{Advance, AppState};

/// How often the change log is read; the same pace as the desktop window's.
const POLL_EVERY: Duration = Duration::from_millis(250);

/// Catches the engine up forever; the server aborts it on shutdown.
pub(crate) async fn keep_current(state: AppState) {
    let mut tick = tokio::time::interval(POLL_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let now = state.clock.now();
        let mut engine = state.engine.write().await;
        let before = engine.last_seq();
        // The Open311 scope is the whole district: one catch-up for every seat.
        let outcome = engine.catch_up(&state.scope, now).await;
        let seq = engine.last_seq();
        drop(engine);
        match outcome {
            Ok(figures) if seq != before || figures.is_some() => {
                // No live feed listening is no error.
                let _ = state.feed.send(Arc::new(Advance { seq, figures }));
            }
            Ok(_) => {}
            // A passing storage fault (a locked file, a restarting PostgreSQL) must not stop
            // the server; the next tick tries again.
            Err(err) => tracing::warn!("open311: catching up with the change log failed: {err}"),
        }
    }
}
