//! The accept loop: HTTP/1.1 connections served by hyper with a header (and idle) timeout,
//! capped in number overall and per client, and closed within a stated time on shutdown.
//!
//! `axum::serve` has neither a header timeout nor a connection cap, and its graceful
//! shutdown waits for ever on a connection that never finishes its request; hyper's own
//! connection builder has the timeout, and the rest is this loop.
//!
//! What the limits refused is counted and logged once a minute (per refusal only at debug
//! level): under a flood the log grows by a line a minute, not a line a request.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::limits::{client_key, ClientRate, Limits};

/// How long the loop pauses after a failed accept (no file descriptors left, say), so that
/// it does not spin while connections close.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(20);

/// How often the per-client rate tables are trimmed of clients seen long ago.
const FORGET_EVERY: Duration = Duration::from_secs(60);

/// Serves `app` on `listener` until `shutdown` completes; then stops accepting, lets open
/// requests finish for up to `limits.shutdown_grace`, and closes every connection left.
pub(crate) async fn run(
    listener: TcpListener,
    app: Router,
    rates: [ClientRate; 2],
    limits: &Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).keep_alive(true);
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_client = PerClient::new(limits.max_connections_per_client.max(1));
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut forget = tokio::time::interval(FORGET_EVERY);
    let mut refused = Refused::default();
    tokio::pin!(shutdown);

    loop {
        tokio::select! {
            biased;
            () = &mut shutdown => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = forget.tick() => {
                rates.iter().for_each(ClientRate::forget_idle);
                refused.log(&rates);
            }
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(err) => {
                        refused.accept_failed(err);
                        tokio::time::sleep(ACCEPT_BACKOFF).await;
                        continue;
                    }
                };
                // Over a cap the connection is closed at once: it costs a file descriptor
                // only for as long as it takes to drop it.
                let Ok(permit) = open.clone().try_acquire_owned() else {
                    refused.over_total += 1;
                    tracing::debug!(client = %peer.ip(), "connection closed on arrival: {} open, the most at once", limits.max_connections);
                    continue;
                };
                let Some(client) = per_client.enter(peer.ip()) else {
                    refused.over_client += 1;
                    tracing::debug!(client = %peer.ip(), "connection closed on arrival: the client has {} open", limits.max_connections_per_client);
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let connection = Connection { http: http.clone(), app: app.clone(), peer, _permit: permit, _client: client };
                connections.spawn(connection.serve(stream, stopping.clone()));
            }
        }
    }

    drop(listener);
    refused.log(&rates);
    let _ = stop.send(true);
    let grace = limits.shutdown_grace.as_secs_f64();
    tracing::info!("no longer accepting; {} connection(s) open get {grace} s to finish", connections.len());
    let drained = tokio::time::timeout(limits.shutdown_grace, async { while connections.join_next().await.is_some() {} }).await;
    if drained.is_err() {
        tracing::warn!("{} connection(s) still open after {grace} s: closed", connections.len());
        // Whatever is still open (a request that never finishes arriving, a client that
        // reads its answer too slowly) is closed now: shutdown takes the stated time at most.
        connections.abort_all();
        while connections.join_next().await.is_some() {}
    }
    Ok(())
}

/// What the accept loop refused since it last said so; rate refusals are counted by the
/// [`ClientRate`]s themselves.
#[derive(Default)]
struct Refused {
    over_total: u64,
    over_client: u64,
    accept_failures: u64,
    last_accept_error: Option<std::io::Error>,
}

impl Refused {
    fn accept_failed(&mut self, err: std::io::Error) {
        self.accept_failures += 1;
        self.last_accept_error = Some(err);
    }

    /// One line for everything refused since the last, if anything was; the counts start again.
    fn log(&mut self, rates: &[ClientRate; 2]) {
        let [reads, writes] = rates.each_ref().map(ClientRate::take_refused);
        let refused = std::mem::take(self);
        if reads + writes + refused.over_total + refused.over_client > 0 {
            tracing::info!(
                "refused by the limits: {reads} {} and {writes} {} over their rate; {} connection(s) over the cap, {} over a client's share",
                rates[0].what(),
                rates[1].what(),
                refused.over_total,
                refused.over_client
            );
        }
        if let Some(err) = refused.last_accept_error {
            // Out of file descriptors, typically: the operator must know, but once, not per try.
            tracing::warn!("accepting a connection failed {} time(s), the last: {err}", refused.accept_failures);
        }
    }
}

/// One accepted connection and what it holds until it closes.
struct Connection {
    http: http1::Builder,
    app: Router,
    peer: SocketAddr,
    _permit: OwnedSemaphorePermit,
    _client: ClientSlot,
}

impl Connection {
    async fn serve(self, stream: tokio::net::TcpStream, mut stopping: watch::Receiver<bool>) {
        let Connection { http, app, peer, _permit, _client } = self;
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(request)
        });
        // Upgrades: the seats' live feed is a WebSocket (its task then runs on its own).
        let connection = http.serve_connection(TokioIo::new(stream), service).with_upgrades();
        tokio::pin!(connection);
        let stop = async move {
            // The value's guard is not `Send`: let it go before anything else is awaited.
            let _ = stopping.wait_for(|stop| *stop).await;
        };
        tokio::select! {
            // A connection ends in an error for many ordinary reasons (the client went away,
            // the header timeout struck); none of them concerns the other connections.
            _ = connection.as_mut() => {}
            () = stop => {
                // Finish the request in hand, take no new one.
                connection.as_mut().graceful_shutdown();
                let _ = connection.await;
            }
        }
    }
}

/// Connections open per client key.
#[derive(Clone)]
struct PerClient {
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
    most: usize,
}

/// A client's claim on one of its connections; given back when dropped.
struct ClientSlot {
    table: PerClient,
    key: IpAddr,
}

impl PerClient {
    fn new(most: usize) -> Self {
        PerClient { open: Arc::new(Mutex::new(HashMap::new())), most }
    }

    fn enter(&self, ip: IpAddr) -> Option<ClientSlot> {
        let key = client_key(ip);
        let mut open = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = open.entry(key).or_insert(0);
        if *count >= self.most {
            return None;
        }
        *count += 1;
        Some(ClientSlot { table: self.clone(), key })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut open = self.table.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = open.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_holds_at_most_its_share_and_gets_it_back() {
        let table = PerClient::new(2);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let first = table.enter(a).unwrap();
        let _second = table.enter(a).unwrap();
        assert!(table.enter(a).is_none());
        assert!(table.enter(b).is_some(), "another client is not affected");
        drop(first);
        assert!(table.enter(a).is_some());
    }
}
