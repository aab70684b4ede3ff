//! A district shaped like the demo saves and loads back whole, and how long that takes.
//!
//! `WANGGE_STORE_SCALE` sets the size as a fraction of the demo district (default 0.02, so an
//! ordinary test run stays quick); `WANGGE_STORE_SCALE=1` is the full demo size (~7.6k nodes,
//! 50k houses, 150k people, 180k follow-ups, 12k tickets). Timings go to stderr
//! (`cargo test -p wangge-store --test it scale:: -- --nocapture`).

use std::time::Instant;

use wangge_store::Store;

use crate::support::district::{assert_same, synthetic};
use crate::support::pg::PgDb;
use crate::support::TempDb;

fn scale() -> f64 {
    std::env::var("WANGGE_STORE_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(0.02)
}

async fn save_and_load(store: Store, label: &str) {
    let district = synthetic(scale());
    let rows = district.hierarchy.len()
        + district.houses.len()
        + district.people.len()
        + district.isolations.len()
        + district.follow_ups.len()
        + district.enterprises.len()
        + district.tickets.len()
        + district.tasks.len()
        + district.task_items.len();
    let mut batches = 0;
    let mut stages: Vec<(String, std::time::Duration)> = Vec::new();
    let started = Instant::now();
    store
        .save_district(&district, &mut |stage, _, _| {
            batches += 1;
            match stages.last_mut() {
                Some((last, at)) if last == stage => *at = started.elapsed(),
                _ => stages.push((stage.to_owned(), started.elapsed())),
            }
        })
        .await
        .unwrap();
    let saved = started.elapsed();
    let mut previous = std::time::Duration::ZERO;
    let per_stage: Vec<String> = stages
        .iter()
        .map(|(stage, end)| {
            let took = *end - previous;
            previous = *end;
            format!("{stage} {took:.2?}")
        })
        .collect();
    eprintln!("{label}: save by stage: {}", per_stage.join(", "));
    let started = Instant::now();
    let (loaded, seq) = store.load_district().await.unwrap();
    let load = started.elapsed();
    eprintln!(
        "{label}: scale {}, {rows} rows ({} nodes, {} people, {} follow-ups): saved in {saved:.2?} ({batches} batches), loaded in {load:.2?}",
        scale(),
        district.hierarchy.len(),
        district.people.len(),
        district.follow_ups.len()
    );
    assert_eq!(seq, 0);
    assert_same(&loaded, &district);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_sized_district_round_trips_on_sqlite() {
    let db = TempDb::new("scale");
    let store = Store::open_sqlite_file(&db.path).await.unwrap();
    save_and_load(store, "sqlite").await;
    if let Ok(meta) = std::fs::metadata(&db.path) {
        eprintln!("sqlite: file {:.1} MB", meta.len() as f64 / 1e6);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_sized_district_round_trips_on_postgres() {
    let Some(db) = PgDb::create("scale").await else {
        return;
    };
    let store = Store::open(&db.url).await.unwrap();
    save_and_load(store, "postgres").await;
    db.drop_database().await;
}
