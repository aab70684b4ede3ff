//! Two `wangge serve` processes on one PostgreSQL database, a seat on each: what a seat
//! writes through server A reaches the seat on server B, every commit in order with no
//! sequence number skipped, as soon as PostgreSQL announces it (LISTEN/NOTIFY) rather than
//! at B's next poll. Prints the time from each write's answer to its arrival at B's seat
//! (BENCHMARKS.md, "Live push between two servers").

use std::time::{Duration, Instant};

use serde_json::Value;
use wangge_store::test_support::PgDb;
use wangge_store::Store;

use crate::support::live::{strictly_rising, submit, Seat};
use crate::support::server::{demo_with_commander, serve_with, sign_in};
use crate::support::{stats, verify};

const PASSWORD: &str = "指挥中心值班-2026冬季";
const ACCOUNT: &str = "zhihui";

/// Writes made one at a time, each awaited on both seats before the next: each one's own
/// latency, and each must arrive as its own sequence number.
const PACED: usize = 100;
/// Writes made at once by several clients of server A: they commit in some order, and each
/// seat must still see the sequence numbers rise to the last one.
const BURST_CLIENTS: usize = 4;
const BURST_EACH: usize = 5;

/// The `q`-th quantile of sorted durations, nearest rank, in milliseconds.
fn quantile_ms(sorted: &[Duration], q: f64) -> f64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1e3
}

async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commit_through_one_server_reaches_a_seat_on_the_other_in_order() {
    let Some(pg) = PgDb::create("two_servers").await else { return };
    let url = pg.url.clone();
    let root = blocking({
        let url = url.clone();
        move || demo_with_commander(&url, 7, ACCOUNT, PASSWORD)
    })
    .await;
    let store = Store::open(&url).await.unwrap();
    let (district, start_seq) = store.load_district().await.unwrap();
    let micro_grid = district.houses.values().min_by_key(|h| h.id).unwrap().micro_grid.0.clone();
    drop(district);

    // Rates well above what the test sends: the limits are not what is under test.
    let limits = ["--writes-per-second", "10000", "--reads-per-second", "10000"];
    let (server_a, a, _) = serve_with(&url, &limits);
    let (server_b, b, _) = serve_with(&url, &limits);
    let client = reqwest::Client::new();
    let session = sign_in(&client, &a, ACCOUNT, PASSWORD).await;
    // Sessions live in the shared database: signed in through A, the seat is known to B.
    let token = session["token"].as_str().unwrap_or_else(|| panic!("{session}")).to_owned();
    let mut seat_a = Seat::connect(&a, &token).await;
    let mut seat_b = Seat::connect(&b, &token).await;
    assert_eq!(seat_a.hello["payload"]["seq"].as_i64(), Some(start_seq));
    assert_eq!(seat_b.hello["payload"]["seq"].as_i64(), Some(start_seq));

    // One write at a time through A; each awaited on both seats before the next.
    let mut written = Vec::with_capacity(PACED);
    let (mut from_answer, mut from_call, mut to_own_seat) = (Vec::new(), Vec::new(), Vec::new());
    for k in 0..PACED {
        let called = Instant::now();
        submit(&client, &a, &token, &micro_grid, format!("两台服务器：逐件第 {k} 件")).await;
        let answered = Instant::now();
        // A fresh read of the log: nobody else writes, so its last seq is this write's.
        let seq = store.last_seq().await.unwrap();
        written.push(seq);
        let at_b = seat_b.until(seq).await;
        let at_a = seat_a.until(seq).await;
        from_answer.push(at_b.saturating_duration_since(answered));
        from_call.push(at_b.saturating_duration_since(called));
        to_own_seat.push(at_a.saturating_duration_since(answered));
    }
    let paced_end = written.len();
    assert_eq!(written, ((start_seq + 1)..=(start_seq + PACED as i64)).collect::<Vec<_>>(), "one change-log row per write");
    for seat in [&seat_a, &seat_b] {
        // Each write arrived on its own, as its own number: nothing merged, nothing skipped.
        assert_eq!(seat.seqs("log-advanced"), written);
        assert_eq!(seat.seqs("figures-changed"), written, "every ticket moved the figures of its micro-grid");
    }

    // Several clients of A at once.
    let mut clients = Vec::new();
    for c in 0..BURST_CLIENTS {
        let (client, a, token, micro_grid) = (client.clone(), a.clone(), token.clone(), micro_grid.clone());
        clients.push(tokio::spawn(async move {
            for k in 0..BURST_EACH {
                submit(&client, &a, &token, &micro_grid, format!("两台服务器：同时第 {c}-{k} 件")).await;
            }
        }));
    }
    for client in clients {
        client.await.unwrap();
    }
    let last = store.last_seq().await.unwrap();
    assert_eq!(last, start_seq + (PACED + BURST_CLIENTS * BURST_EACH) as i64);
    seat_b.until(last).await;
    seat_a.until(last).await;

    // The change log itself: every seq from the start to the last, each a ticket of this
    // seat's, so "rising to the last one" on a seat covers all of them.
    let log = store.changes_since(start_seq, 10_000).await.unwrap();
    assert_eq!(log.iter().map(|r| r.seq).collect::<Vec<_>>(), ((start_seq + 1)..=last).collect::<Vec<_>>());
    assert!(log.iter().all(|r| r.actor == ACCOUNT), "{:?}", log.iter().map(|r| &r.actor).collect::<Vec<_>>());
    for (name, seat) in [("A", &seat_a), ("B", &seat_b)] {
        let advanced = seat.seqs("log-advanced");
        assert!(strictly_rising(&advanced), "seat on {name}: {advanced:?}");
        assert_eq!(advanced.last(), Some(&last), "seat on {name} ends at the last seq");
        let changed = seat.seqs("figures-changed");
        assert!(strictly_rising(&changed), "seat on {name}: {changed:?}");
        // Figures are pushed with the number they include, which the log then advances to.
        assert!(changed.iter().all(|seq| advanced.contains(seq)), "seat on {name}: {changed:?} against {advanced:?}");
        assert!(advanced[paced_end..].iter().all(|&seq| seq > written[paced_end - 1] && seq <= last), "seat on {name}");
    }

    // Both servers now answer what a fresh process reads from the database.
    let fresh = blocking({
        let (url, root) = (url.clone(), root.clone());
        move || {
            verify(&url);
            stats(&url, Some(&root))
        }
    })
    .await;
    for address in [&a, &b] {
        let served: Value =
            client.get(format!("http://{address}/api/stats?node={root}")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(served, fresh, "server at {address}");
    }

    for samples in [&mut from_answer, &mut from_call, &mut to_own_seat] {
        samples.sort_unstable();
    }
    // B may push a commit before A's answer has crossed loopback; those count as zero.
    let before_answer = from_answer.iter().filter(|d| d.is_zero()).count();
    eprintln!(
        "two servers on one PostgreSQL, {PACED} writes one at a time through A: \
         A's answer → B's seat p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({before_answer} before the answer); \
         A's call sent → B's seat p50 {:.2} ms, p99 {:.2} ms; \
         A's answer → A's own seat p50 {:.2} ms, p99 {:.2} ms",
        quantile_ms(&from_answer, 0.5),
        quantile_ms(&from_answer, 0.99),
        quantile_ms(&from_answer, 1.0),
        quantile_ms(&from_call, 0.5),
        quantile_ms(&from_call, 0.99),
        quantile_ms(&to_own_seat, 0.5),
        quantile_ms(&to_own_seat, 0.99),
    );

    drop((server_a, server_b));
    store.close().await;
    pg.drop_database().await;
}
