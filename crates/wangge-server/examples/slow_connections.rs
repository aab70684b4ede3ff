//! A measured number for BENCHMARKS.md: Open311 POST latency (p50, p99) while 2,000 slow
//! connections are held against the server, each trickling a request head a byte at a
//! time and reconnecting as soon as the server closes it, as an attacker would.
//!
//! Loopback only, bounded in count and time. The slow clients come from 127.0.0.2 up, 50
//! per address (under the per-client cap), the measuring client from 127.0.0.1.
//! Run with `cargo run -p wangge-server --release --example slow_connections`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpSocket, TcpStream};
use wangge_engine::{Clock, Engine, Store};
use wangge_server::{ApiKeys, AppState, Limits, Rate, PREFIX};

const SLOW: usize = 2000;
const PER_ADDRESS: usize = 50;
const POSTS: usize = 500;
const NOW: wangge_domain::Timestamp = wangge_domain::Timestamp(1_795_399_200);

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite_file(&dir.path().join("bench.db")).await.unwrap();
    Engine::create_demo_at_scale(&store, 7, NOW, wangge_demo::Scale::Small, &mut |_| {}).await.unwrap();
    let engine = Engine::open(store, NOW).await.unwrap();
    let house = engine.district().houses.values().min_by_key(|h| h.id).unwrap().clone();
    // The measuring client is one busy, legitimate integrator: its write rate is not the
    // point here, so it is not limited; everything else is the default.
    let limits = Limits { writes: Rate { per_second: 1_000_000, burst: 1_000_000 }, ..Limits::default() };
    let header_timeout = limits.header_timeout;
    let state = AppState::new(engine, ApiKeys::new(["bench"]), Clock::Fixed(NOW)).unwrap().with_limits(limits);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(wangge_server::serve_on(listener, state, async move {
        let _ = stopped.await;
    }));

    let done = Arc::new(AtomicBool::new(false));
    let held = Arc::new(AtomicUsize::new(0));
    let reconnects = Arc::new(AtomicUsize::new(0));
    let slow: Vec<_> = (0..SLOW)
        .map(|i| {
            let from = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2 + (i / PER_ADDRESS) as u8));
            tokio::spawn(trickle(addr, from, done.clone(), held.clone(), reconnects.clone()))
        })
        .collect();
    let started = Instant::now();
    while held.load(Ordering::Relaxed) < SLOW && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let held_before = held.load(Ordering::Relaxed);

    let client = reqwest::Client::new();
    let url = format!("http://{addr}{PREFIX}/requests.json");
    let body = format!("api_key=bench&service_code=suggestion&lat={}&long={}&description=bench", house.location.y(), house.location.x());
    let mut latencies = Vec::with_capacity(POSTS);
    let mut held_during = usize::MAX;
    let posting = Instant::now();
    for _ in 0..POSTS {
        let one = Instant::now();
        let answer = client.post(&url).header("content-type", "application/x-www-form-urlencoded").body(body.clone()).send().await.unwrap();
        assert_eq!(answer.status(), 201);
        latencies.push(one.elapsed());
        held_during = held_during.min(held.load(Ordering::Relaxed));
    }
    let posting = posting.elapsed();
    done.store(true, Ordering::Relaxed);
    for task in slow {
        let _ = task.await;
    }
    latencies.sort();
    let p = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)].as_secs_f64() * 1e3;
    println!(
        "open311 POST with {held_before} slow connections held (at least {held_during} throughout; {} closed by the \
         {} s header timeout and reopened): {POSTS} in {:.2} s, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({})",
        reconnects.load(Ordering::Relaxed),
        header_timeout.as_secs(),
        posting.as_secs_f64(),
        p(0.50),
        p(0.99),
        latencies.last().unwrap().as_secs_f64() * 1e3,
        if cfg!(debug_assertions) { "debug build" } else { "release build" },
    );
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}

/// One slow client: connects from `from`, sends a request head a byte every 200 ms, and
/// reconnects whenever the server closes the connection, until `done`.
async fn trickle(addr: SocketAddr, from: IpAddr, done: Arc<AtomicBool>, held: Arc<AtomicUsize>, reconnects: Arc<AtomicUsize>) {
    let head = format!("POST {PREFIX}/requests.json HTTP/1.1\r\nHost: x\r\nX-Padding: {}", "a".repeat(4096));
    let mut first = true;
    while !done.load(Ordering::Relaxed) {
        let Ok(mut stream) = connect_from(from, addr).await else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        if !first {
            reconnects.fetch_add(1, Ordering::Relaxed);
        }
        first = false;
        held.fetch_add(1, Ordering::Relaxed);
        for byte in head.bytes() {
            if done.load(Ordering::Relaxed) || stream.write_all(&[byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        held.fetch_sub(1, Ordering::Relaxed);
    }
}

async fn connect_from(from: IpAddr, to: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(from, 0))?;
    socket.connect(to).await
}
