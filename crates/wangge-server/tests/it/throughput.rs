//! A measured number, printed and not asserted: Open311 POSTs per second on SQLite over
//! loopback, one client in sequence, next to bare `Engine::commit`s of tickets.
//! Run with `cargo test -p wangge-server --release --test it throughput:: -- --nocapture`.

use std::time::{Duration, Instant};

use wangge_domain::Change;
use wangge_server::{Limits, Rate};

use crate::common::{serve_with, KEY, NOW};

const POSTS: usize = 500;

#[tokio::test]
async fn post_throughput_on_sqlite() {
    // One client posting as fast as it can: past any per-client rate a public server has.
    let unlimited = Rate { per_second: 1_000_000, burst: 1_000_000 };
    let served = serve_with(Limits { writes: unlimited, ..Limits::default() }).await;
    let house = served.a_house().await;
    let (lat, long) = (house.location.y().to_string(), house.location.x().to_string());
    let fields = [("api_key", KEY), ("service_code", "suggestion"), ("lat", lat.as_str()), ("long", long.as_str())];
    let (tickets_before, _) = served.ticket_count_and_seq().await;

    let mut latencies = Vec::with_capacity(POSTS);
    let started = Instant::now();
    for _ in 0..POSTS {
        let one = Instant::now();
        let answer = served.post("requests.json", &fields).await;
        latencies.push(one.elapsed());
        assert_eq!(answer.status, 201, "{answer:?}");
    }
    let total = started.elapsed();
    assert_eq!(served.ticket_count_and_seq().await.0, tickets_before + POSTS);
    latencies.sort();
    let p = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];

    // The same number of tickets committed straight through the engine: the floor the HTTP
    // layer stands on.
    let bare = {
        let mut engine = served.state.engine().write().await;
        let scope = engine.district_scope("bench");
        let mut ticket = engine.district().tickets.values().next().unwrap().clone();
        let first = engine.district().tickets.keys().max().unwrap() + 1;
        let started = Instant::now();
        for id in first..first + POSTS as i64 {
            ticket.id = id;
            engine.commit(&scope, Change::Ticket(ticket.clone()), NOW).await.unwrap();
        }
        started.elapsed()
    };
    let rate = |d: Duration| POSTS as f64 / d.as_secs_f64();
    println!(
        "open311 POST on SQLite: {POSTS} in {:.2} s = {:.0}/s, p50 {:.1} ms, p99 {:.1} ms; bare Engine::commit: {:.0}/s ({})",
        total.as_secs_f64(),
        rate(total),
        p(0.50).as_secs_f64() * 1e3,
        p(0.99).as_secs_f64() * 1e3,
        rate(bare),
        if cfg!(debug_assertions) { "debug build" } else { "release build" },
    );
    served.stop().await;
}
