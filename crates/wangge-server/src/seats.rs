//! The live feeds a server holds: each seat's [`SeatFeed`] with the channel to its WebSocket.
//! The live loop words every advance for every seat here, under the engine lock it already
//! holds for the catch-up, and hands each seat its messages. A seat's feed so never takes the
//! engine's lock itself: when writes queue for the lock, a hundred seats each waiting behind
//! them for a read would multiply the delay by the seats (measured: p99 144 ms at 50 seats).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::mpsc;
use wangge_api::LiveMessage;
use wangge_engine::live::{Advance, SeatFeed};
use wangge_engine::Engine;

/// Batches of messages a seat may have waiting before it is dropped as too slow (it
/// reconnects and starts again from a whole picture).
const BACKLOG: usize = 256;

struct Joined {
    feed: SeatFeed,
    sender: mpsc::Sender<Vec<LiveMessage>>,
}

/// The seats listening to this server's live loop.
#[derive(Default)]
pub(crate) struct LiveSeats {
    joined: Mutex<HashMap<u64, Joined>>,
    next: AtomicU64,
}

impl LiveSeats {
    /// Adds a seat current to its feed's seq. Join while holding the engine's lock (read is
    /// enough) from the moment the seat's picture was read: the loop needs the lock to catch
    /// up, so no advance falls between the picture and the first message. The seat leaves
    /// when the [`Membership`] is dropped; the receiver ends when it was dropped as too slow.
    pub(crate) fn join(self: &Arc<Self>, feed: SeatFeed) -> (Membership, mpsc::Receiver<Vec<LiveMessage>>) {
        let (sender, receiver) = mpsc::channel(BACKLOG);
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(id, Joined { feed, sender });
        (Membership { seats: Arc::clone(self), id }, receiver)
    }

    /// Words `advance` for every seat and queues what each may see; a seat whose backlog is
    /// full is dropped (its receiver ends, and its socket closes asking it to reconnect).
    pub(crate) fn tell(&self, engine: &Engine, advance: &Advance) {
        self.lock().retain(|_, joined| {
            let messages = joined.feed.messages(engine, advance);
            messages.is_empty() || joined.sender.try_send(messages).is_ok()
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Joined>> {
        // The map holds no invariant a panic elsewhere could break halfway.
        self.joined.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A seat's place among the listeners; leaving is dropping it.
pub(crate) struct Membership {
    seats: Arc<LiveSeats>,
    id: u64,
}

impl Drop for Membership {
    fn drop(&mut self) {
        self.seats.lock().remove(&self.id);
    }
}
