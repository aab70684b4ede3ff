//! What the engine's benches share: the instant they run at, the full demo district written to
//! a fresh SQLite file and opened, a two-worker runtime like the 2-core machines', and the
//! median of samples. Each bench uses part of it, hence the allowance below.
#![allow(dead_code)]

use std::time::Duration;

use wangge_domain::{Level, Scope, Timestamp};
use wangge_engine::{Engine, Store};

/// A weekday morning of the demo's district.
pub fn now() -> Timestamp {
    Timestamp::from_local(2026, 11, 23, 10, 0)
}

/// A runtime with two workers, as the machines the numbers are reported for have two cores.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// The full demo district in `bench.db` of a fresh directory, opened as of `now`. The
/// directory lives as long as the returned handle.
pub async fn demo_engine(now: Timestamp) -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite_file(&dir.path().join("bench.db")).await.unwrap();
    Engine::create_demo(&store, wangge_engine::DEFAULT_SEED, now, &mut |_| {}).await.unwrap();
    let engine = Engine::open(store, now).await.unwrap();
    (dir, engine)
}

/// The demo of `scale` (the full district, or its streets cut as a city's) in a fresh SQLite file.
pub async fn demo_engine_at(now: Timestamp, scale: wangge_demo::Scale) -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite_file(&dir.path().join("bench.db")).await.unwrap();
    Engine::create_demo_at_scale(&store, wangge_engine::DEFAULT_SEED, now, scale, &mut |_| {}).await.unwrap();
    let engine = Engine::open(store, now).await.unwrap();
    (dir, engine)
}

/// The codes of the streets the scope sees.
pub fn street_codes(engine: &Engine, scope: &Scope) -> Vec<String> {
    engine.nodes_at(scope, Level::Street).unwrap().into_iter().map(|id| engine.district().hierarchy.node(id).code.0.clone()).collect()
}

/// The median time of `rounds` runs of `f`.
pub fn time(rounds: usize, f: &mut dyn FnMut()) -> Duration {
    let samples: Vec<Duration> = (0..rounds)
        .map(|_| {
            let t = std::time::Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    median(samples)
}

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}
