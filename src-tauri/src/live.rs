//! The window's live loop: every 250 ms the engine's [`Ticker`] catches up with what any
//! process committed to the change log, and the signed-in seat's [`SeatFeed`] says what the
//! window hears of it — the same decisions the server makes for each of its seats
//! (`wangge_engine::live`), emitted here as Tauri events under the live feed's names
//! (`figures-changed`, `sla-breached`, `warning-changed`, then `log-advanced`). Nobody signed
//! in: the engine keeps current and the window is told nothing.

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager};
use wangge_api::LiveMessage;
use wangge_engine::live::{SeatFeed, Ticker, NOTICE_EVERY};
use wangge_engine::Clock;

use crate::state::AppState;

const PERIOD: Duration = Duration::from_millis(250);

/// Polls forever; errors are logged and retried on the next tick (a locked database or a
/// half-written change is transient).
pub async fn poll(app: AppHandle) {
    // Startup already refused an unreadable WANGGE_NOW, so this cannot fail here.
    let clock = Clock::from_env().unwrap_or(Clock::System);
    let mut period = tokio::time::interval(PERIOD);
    period.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut ticker: Option<Ticker> = None;
    let mut feed: Option<SeatFeed> = None;
    loop {
        period.tick().await;
        let state = app.state::<AppState>();
        let messages = {
            let mut guard = state.loaded.write().await;
            let Some(loaded) = guard.as_mut() else {
                continue;
            };
            let ticker = ticker.get_or_insert_with(|| Ticker::new(&loaded.engine, NOTICE_EVERY));
            let advance = match ticker.tick(&mut loaded.engine, clock.now()).await {
                Ok(advance) => advance,
                Err(error) => {
                    tracing::warn!(%error, "catching up with the change log failed");
                    None
                }
            };
            match loaded.seat().ok() {
                None => {
                    feed = None;
                    Vec::new()
                }
                Some(scope) => {
                    // A new seat (signed in, or the language changed) starts from where the
                    // engine stands: its screens were read after that.
                    if feed.as_ref().is_none_or(|feed| feed.scope() != scope) {
                        let seen = advance.as_ref().map_or(loaded.engine.last_seq(), |a| a.seq);
                        feed = Some(SeatFeed::new(scope.clone(), seen));
                    }
                    match (&mut feed, &advance) {
                        (Some(feed), Some(advance)) => feed.messages(&loaded.engine, advance),
                        _ => Vec::new(),
                    }
                }
            }
        };
        for message in messages {
            emit(&app, message);
        }
    }
}

/// Emits a live message as the event the UI listens for: the message's name, its payload.
fn emit(app: &AppHandle, message: LiveMessage) {
    let serde_json::Value::Object(mut tagged) = serde_json::to_value(&message).unwrap_or_default() else {
        return;
    };
    let (Some(serde_json::Value::String(event)), Some(payload)) = (tagged.remove("event"), tagged.remove("payload")) else {
        return;
    };
    tracing::debug!(%event, "live message");
    if let Err(error) = app.emit(&event, payload) {
        tracing::warn!(%error, %event, "could not emit a live message");
    }
}
