//! Keeping the served engine current with the change log, as the desktop's window does,
//! and telling the live feeds when it has moved.
//!
//! On PostgreSQL, where several server processes may share one database, every commit is
//! announced (LISTEN/NOTIFY, see `wangge_store::CommitListener`) and the engine catches up
//! as soon as it hears one, so a seat on one server sees a commit made through another
//! within milliseconds. The announcement only wakes the catch-up, which reads the log by
//! sequence number from the engine's cursor; the 250 ms poll stays as the fallback for
//! whatever is not announced (SQLite, a listener reconnecting, a lost notification).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use wangge_engine::live::Ticker;
use wangge_engine::{Heard, Store};

use crate::state::AppState;

/// How often the change log is read; the same pace as the desktop window's.
const POLL_EVERY: Duration = Duration::from_millis(250);

/// How long the listener waits before trying PostgreSQL again after a failure; the poll
/// keeps the engine current meanwhile, so there is no hurry.
const LISTEN_RETRY: Duration = Duration::from_secs(5);

/// Catches the engine up forever; the server aborts it on shutdown. What each catch-up
/// brought is worded for every listening seat (`wangge_engine::live`, `seats.rs`).
pub(crate) async fn keep_current(state: AppState) {
    let wake = Arc::new(Notify::new());
    let store = state.engine.read().await.store().clone();
    // The listener lives exactly as long as this loop: when the server aborts the loop, the
    // guard is dropped and stops it, so no connection outlives the server's pool.
    let _listener = AbortOnDrop(tokio::spawn(hear_commits(store, wake.clone())));
    let mut tick = tokio::time::interval(POLL_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut ticker = Ticker::new(&*state.engine.read().await, state.notice_every);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            // A commit heard: catch up now. The next poll is a full period after this
            // catch-up, which has just read everything there was.
            () = wake.notified() => tick.reset(),
        }
        let now = state.clock.now();
        let mut engine = state.engine.write().await;
        match ticker.tick(&mut engine, now).await {
            // Worded for every seat under the lock already held: no seat takes it again.
            Ok(Some(advance)) => state.live.tell(&engine, &advance),
            Ok(None) => {}
            // A passing storage fault (a locked file, a restarting PostgreSQL) must not stop
            // the server; the next tick tries again.
            Err(err) => tracing::warn!("catching up with the change log failed: {err}"),
        }
    }
}

/// Wakes `wake` on every commit announced on the store (PostgreSQL); returns at once on
/// SQLite, which announces nothing. Commits that arrive while a catch-up runs leave one
/// stored wake-up (`Notify` keeps a single permit), so a burst costs one more catch-up, not
/// one per commit.
async fn hear_commits(store: Store, wake: Arc<Notify>) {
    let mut listener = loop {
        match store.listen_for_commits().await {
            Ok(Some(listener)) => break listener,
            Ok(None) => return,
            Err(err) => {
                tracing::warn!("cannot listen for commits ({err}); polling every {} ms meanwhile", POLL_EVERY.as_millis());
                tokio::time::sleep(LISTEN_RETRY).await;
            }
        }
    };
    tracing::debug!("listening for commits on PostgreSQL");
    loop {
        match listener.next().await {
            Ok(Heard::Commit(_)) => wake.notify_one(),
            Ok(Heard::Reconnected) => {
                // Commits made while the connection was down were announced to nobody here.
                tracing::warn!("the commit listener lost its connection to PostgreSQL and listens again; catching up");
                wake.notify_one();
            }
            Err(err) => {
                tracing::warn!(
                    "the commit listener cannot reach PostgreSQL ({err}); polling every {} ms meanwhile",
                    POLL_EVERY.as_millis()
                );
                tokio::time::sleep(LISTEN_RETRY).await;
            }
        }
    }
}

/// A spawned task that is aborted when its owner is dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
