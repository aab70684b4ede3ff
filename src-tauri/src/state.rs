//! The shell's managed state: the engine (absent while the demo loads), the accounts and
//! the seat signed in (none until someone signs in: no command but the status answers
//! before), the status shown to the window, and timing marks for the benchmarks.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use tokio::sync::RwLock;
use wangge_api::{ApiError, AppStatus, ErrorCode, Progress, WallSettings};
use wangge_domain::Scope;
use wangge_engine::accounts::{AccountError, Accounts};
use wangge_engine::{Engine, EngineError};

/// The open engine, its accounts, and who sits at the window.
pub struct Loaded {
    pub engine: Engine,
    pub accounts: Accounts,
    /// The signed-in account's scope, which every command is answered in.
    pub seat: Option<Seat>,
    /// What the window shows once someone is signed in.
    pub ready: AppStatus,
    /// On a district's first start: the administrator's one-time password, shown on the
    /// sign-in screen until the administrator signs in (or the window closes).
    pub first_password: Option<String>,
}

/// The account signed in at this window.
pub struct Seat {
    pub scope: Scope,
    /// The session's token (signing out ends it in the database too).
    pub token: String,
}

impl Loaded {
    /// The scope of the signed-in account, or the refusal that makes the window ask (in
    /// Chinese: nobody is signed in to have a language).
    pub fn seat(&self) -> Result<&Scope, ApiError> {
        self.seat.as_ref().map(|seat| &seat.scope).ok_or_else(|| ApiError::new(ErrorCode::SignInRequired, "请先登录"))
    }

    /// The status while nobody is signed in: the sign-in screen, with the first start's
    /// administrator password when there is one.
    pub fn awaiting_sign_in(&self) -> AppStatus {
        let message = match &self.first_password {
            Some(password) => format!(
                "首次启动：已建立管理员账号 {}，一次性密码：{password} 。请记下并登录，之后可用 wangge user 为各席位建立账号。",
                wangge_domain::accounts::BOOTSTRAP_ADMIN
            ),
            None => "请用您的账号登录。".to_owned(),
        };
        AppStatus::Failed { error: ApiError::new(ErrorCode::SignInRequired, message), first_password: self.first_password.clone() }
    }
}

/// Everything the commands and the background tasks share.
pub struct AppState {
    /// `None` until the database is open (and, on first start, the demo created).
    pub loaded: RwLock<Option<Loaded>>,
    status: Mutex<AppStatus>,
    /// When the process started, for "cold start to first map" figures.
    pub started: Instant,
    first_map_logged: AtomicBool,
    /// Set by `--wall`: the window is a wall screen whoever signs in.
    pub wall: Option<WallSettings>,
    /// Set once the database has begun to open (at start, or when the window is switched
    /// from a server back to this machine's database): it opens once per process.
    pub opening: AtomicBool,
}

impl AppState {
    pub fn new(started: Instant, wall: Option<WallSettings>) -> Self {
        AppState {
            loaded: RwLock::new(None),
            status: Mutex::new(AppStatus::Loading { progress: Progress { stage: "打开数据库".to_string(), done: 0, total: 1 } }),
            started,
            first_map_logged: AtomicBool::new(false),
            wall,
            opening: AtomicBool::new(false),
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

/// An engine or account operation's refusal as the window's seat reads it: in its scope's
/// language, where `?` through `From` would give the command line's Chinese.
pub trait ForSeat<T> {
    fn for_seat(self, scope: &Scope) -> Result<T, ApiError>;
}

impl<T> ForSeat<T> for Result<T, EngineError> {
    fn for_seat(self, scope: &Scope) -> Result<T, ApiError> {
        self.map_err(|error| error.into_api(scope.language))
    }
}

impl<T> ForSeat<T> for Result<T, AccountError> {
    fn for_seat(self, scope: &Scope) -> Result<T, ApiError> {
        self.map_err(|error| error.into_api(scope.language))
    }
}
