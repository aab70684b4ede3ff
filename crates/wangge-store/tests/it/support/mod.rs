//! Shared by the store's integration tests: a small hand-built district, and fresh
//! databases on each backend (a temp SQLite file always; a new PostgreSQL database per test
//! when `WANGGE_TEST_PG_URL` names a server).

pub mod district;
pub use wangge_store::test_support as pg;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

/// A SQLite file in the temp dir that is removed (with its WAL) when dropped.
pub struct TempDb {
    pub path: PathBuf,
}

impl TempDb {
    pub fn new(label: &str) -> TempDb {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let name = format!("wangge-store-{label}-{}-{}-{nanos}.db", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        TempDb { path: std::env::temp_dir().join(name) }
    }

    pub fn url(&self) -> String {
        format!("sqlite://{}", self.path.display())
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.path.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}
