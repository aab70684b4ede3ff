//! Shared by the engine's integration tests: the instant every test runs at, and the Small
//! demo in a fresh SQLite file opened by two engines, as two seats (a desktop window and
//! `wangge simulate`, or `wangge serve` and `wangge import`) share one file.

use std::path::PathBuf;

use wangge_domain::Timestamp;
use wangge_engine::{Engine, Store};

/// 2026-11-23T10:00:00+08:00.
pub const NOW: Timestamp = Timestamp(1_795_399_200);

/// Writes the Small demo of `seed` into `store`. The seed is each module's own: the
/// districts their assertions were worked out on.
pub async fn demo_on(store: &Store, seed: u64) {
    Engine::create_demo_at_scale(store, seed, NOW, wangge_demo::Scale::Small, &mut |_| {}).await.unwrap();
}

/// The SQLite file [`two_seats`] creates in the directory it returns.
pub fn db_in(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("seats.db")
}

/// The Small demo of `seed` in a fresh SQLite file, opened by two engines.
pub async fn two_seats(seed: u64) -> (tempfile::TempDir, Engine, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    let store = Store::open_sqlite_file(&path).await.unwrap();
    demo_on(&store, seed).await;
    let one = Engine::open(store, NOW).await.unwrap();
    let two = Engine::open(Store::open_sqlite_file(&path).await.unwrap(), NOW).await.unwrap();
    (dir, one, two)
}
