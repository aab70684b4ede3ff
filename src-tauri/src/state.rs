//! The shell's managed state: the engine (absent while the demo loads), the viewer's scope,
//! the status shown to the window, and timing marks for the benchmarks.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use tokio::sync::RwLock;
use wangge_api::{ApiError, AppStatus, ErrorCode, Progress};
use wangge_domain::Scope;
use wangge_engine::Engine;

/// The open engine and the scope every command is answered in.
pub struct Loaded {
    pub engine: Engine,
    pub scope: Scope,
}

/// Everything the commands and the background tasks share.
pub struct AppState {
    /// `None` until the database is open (and, on first start, the demo created).
    pub loaded: RwLock<Option<Loaded>>,
    status: Mutex<AppStatus>,
    /// When the process started, for "cold start to first map" figures.
    pub started: Instant,
    first_map_logged: AtomicBool,
}

impl AppState {
    pub fn new(started: Instant) -> Self {
        AppState {
            loaded: RwLock::new(None),
            status: Mutex::new(AppStatus::Loading { progress: Progress { stage: "打开数据库".to_string(), done: 0, total: 1 } }),
            started,
            first_map_logged: AtomicBool::new(false),
        }
    }

    pub fn status(&self) -> AppStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    pub fn set_status(&self, status: AppStatus) {
        match self.status.lock() {
            Ok(mut s) => *s = status,
            Err(poisoned) => *poisoned.into_inner() = status,
        }
    }

    /// Logs, once, how long the first map took to serve after process start.
    pub fn mark_map_served(&self) {
        if !self.first_map_logged.swap(true, Ordering::Relaxed) {
            tracing::info!(ms = self.started.elapsed().as_millis() as u64, "first map_view served after process start");
        }
    }
}

/// The error every command returns while the database is still opening.
pub fn not_ready() -> ApiError {
    ApiError::new(ErrorCode::NotReady, "数据库仍在加载")
}
