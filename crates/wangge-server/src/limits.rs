//! What one client may take from the server: time to send a request, connections, and a
//! rate of reads and of writes, each with its own budget so that anonymous reads can never
//! use up what POSTs need.
//!
//! Rates are kept per client address by `governor` (GCRA, a keyed limiter); a client past
//! its rate is answered 429 with `Retry-After` at once, before any work is done. Each
//! refusal is a debug line; the log's notes count them once a minute (see `listen.rs`), so
//! a flood cannot fill the disk through the log.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use wangge_open311::{ErrorResponse, Format};

use crate::answer::error;

/// The server's limits. [`Limits::default`] is what `wangge serve` runs with unless told
/// otherwise; tests shorten the timeouts.
#[derive(Debug, Clone)]
pub struct Limits {
    /// A request's head must arrive whole within this, counted from when the connection is
    /// ready for one: after it is accepted and after every answer. So it is also the idle
    /// timeout of a kept-alive connection.
    pub header_timeout: Duration,
    /// A POST body must arrive whole within this once the head is read; else 408 and the
    /// connection is closed.
    pub body_timeout: Duration,
    /// A read (GET) must be answered within this, waiting for its turn included; else 503.
    /// Writes have no such limit: cancelling one half-way through its commit would leave
    /// the client unsure whether it was stored.
    pub read_timeout: Duration,
    /// Connections open at once; one more is closed as soon as it is accepted.
    pub max_connections: usize,
    /// Connections open at once from one client address (an IPv6 client: its /64).
    pub max_connections_per_client: usize,
    /// GET requests per client.
    pub reads: Rate,
    /// POST requests per client.
    pub writes: Rate,
    /// GETs being answered at once, all clients together; more wait their turn.
    pub concurrent_reads: usize,
    /// POSTs being handled at once, all clients together; more wait their turn.
    pub concurrent_writes: usize,
    /// On shutdown, open requests get this long to finish; then every connection is closed.
    pub shutdown_grace: Duration,
}

/// A sustained rate with a burst allowance: `per_second` on average, up to `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub per_second: u32,
    pub burst: u32,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            max_connections: 4096,
            max_connections_per_client: 64,
            reads: Rate { per_second: 20, burst: 40 },
            writes: Rate { per_second: 20, burst: 60 },
            // Reads are CPU work under the engine's read lock: more at once than cores only
            // queues them inside the runtime, where writes would queue behind them.
            concurrent_reads: (2 * cores).max(2),
            concurrent_writes: 64,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// The key a client's budgets are kept under: its IPv4 address, or the /64 of its IPv6
/// address (one subscriber gets a whole /64, so single addresses would be free to mint).
pub(crate) fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// One keyed rate limit, shared by every clone of the router.
#[derive(Clone)]
pub(crate) struct ClientRate {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    /// Which budget this is, for the refusal's message.
    what: &'static str,
    /// Requests refused since the count was last taken.
    refused: Arc<AtomicU64>,
}

impl ClientRate {
    pub(crate) fn new(rate: Rate, what: &'static str) -> Self {
        let per_second = NonZeroU32::new(rate.per_second.max(1)).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(rate.burst.max(1)).unwrap_or(NonZeroU32::MIN);
        let limiter = Arc::new(RateLimiter::keyed(Quota::per_second(per_second).allow_burst(burst)));
        ClientRate { limiter, what, refused: Arc::new(AtomicU64::new(0)) }
    }

    /// Which budget this is: `reads` or `writes`.
    pub(crate) fn what(&self) -> &'static str {
        self.what
    }

    /// The requests refused since the last call.
    pub(crate) fn take_refused(&self) -> u64 {
        self.refused.swap(0, Ordering::Relaxed)
    }

    /// Forgets clients whose budget is full again, so an attack from many addresses does not
    /// grow the table for ever.
    pub(crate) fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

/// Middleware: refuses a request past its client's budget with 429 and `Retry-After`.
pub(crate) async fn limit_rate(State(rate): State<ClientRate>, request: Request, next: Next) -> Response {
    // Served without our accept loop (a test calling the router directly): one shared budget.
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let key = client_key(peer.unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)));
    match rate.limiter.check_key(&key) {
        Ok(()) => next.run(request).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            rate.refused.fetch_add(1, Ordering::Relaxed);
            tracing::debug!(client = %key, "429: too many {} from this client; retry in {seconds} s", rate.what);
            let refusal = ErrorResponse::single(429, format!("too many {} from this client; retry in {seconds} s", rate.what));
            let mut answer = error(&refusal, format_of(request.uri().path()));
            answer.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
            answer
        }
    }
}

/// The format the URL asks for (its last segment's suffix), XML when it names none.
pub(crate) fn format_of(path: &str) -> Format {
    let last = path.rsplit('/').next().unwrap_or("");
    Format::split_path(last).map_or(Format::default(), |(_, format)| format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_kept_by_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn the_format_comes_from_the_suffix() {
        assert_eq!(format_of("/open311/v2/requests.json"), Format::Json);
        assert_eq!(format_of("/open311/v2/requests/7.xml"), Format::Xml);
        assert_eq!(format_of("/open311/v2/requests"), Format::default());
    }
}
