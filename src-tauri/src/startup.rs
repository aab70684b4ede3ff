//! Opening the database after the window is up: create the demo district on first start
//! (reporting progress to the window), open the engine, make the administrator on a
//! district's first start, then ask to sign in and start the live poller.

use std::time::{Duration, Instant};

use tauri::{AppHandle, Emitter, Manager};
use wangge_api::{events, ApiError, AppStatus, ErrorCode, Progress};
use wangge_engine::accounts::Accounts;
use wangge_engine::{paths, Clock, Engine, Store};

use crate::state::{AppState, Loaded};

/// Progress events closer together than this are dropped (the window cannot show them and
/// the generator reports thousands of steps).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Starts opening the database in the background, unless it has begun already. Opening or
/// creating it can take many seconds on first start: off the main thread, so the window shows
/// the progress meanwhile.
pub fn open_once(app: &AppHandle) {
    use std::sync::atomic::Ordering;
    if !app.state::<AppState>().opening.swap(true, Ordering::SeqCst) {
        tauri::async_runtime::spawn(open(app.clone()));
    }
}

/// Runs in the background; any failure becomes `AppStatus::Failed` on screen.
async fn open(app: AppHandle) {
    let status = match load(&app).await {
        Ok(status) => status,
        Err(error) => {
            tracing::error!(%error, "could not open the database");
            AppStatus::Failed { error, first_password: None }
        }
    };
    let opened = app.state::<AppState>().loaded.read().await.is_some();
    publish(&app, status);
    if opened {
        tauri::async_runtime::spawn(crate::live::poll(app));
    }
}

async fn load(app: &AppHandle) -> Result<AppStatus, ApiError> {
    let state = app.state::<AppState>();
    let clock = Clock::from_env()?;
    let db_path = paths::database_path()?;
    tracing::info!(db = %db_path.display(), "opening database");
    let store = Store::open_sqlite_file(&db_path).await.map_err(|e| storage("opening the database", e))?;
    if !store.has_district().await.map_err(|e| storage("reading the database", e))? {
        tracing::info!("empty database: creating the demo district");
        let emitter = app.clone();
        let mut last: Option<(String, Instant)> = None;
        let mut report = move |progress: Progress| {
            let due = match &last {
                None => true,
                Some((stage, at)) => *stage != progress.stage || at.elapsed() >= PROGRESS_EVERY || progress.done >= progress.total,
            };
            if due {
                last = Some((progress.stage.clone(), Instant::now()));
                publish(&emitter, AppStatus::Loading { progress });
            }
        };
        let started = Instant::now();
        Engine::create_demo(&store, wangge_engine::DEFAULT_SEED, clock.now(), &mut report).await?;
        tracing::info!(ms = started.elapsed().as_millis() as u64, "demo district created");
    }
    // Loading and computing every node's figures takes seconds: say so on screen.
    let stage = "载入全区数据，计算各级指标".to_string();
    publish(app, AppStatus::Loading { progress: Progress { stage, done: 0, total: 1 } });
    let engine = Engine::open(store, clock.now()).await?;
    let district = engine.district_ref();
    // Nobody is signed in yet to have a language: the log and the ready status read Chinese
    // until a sign-in words the notices again in the account's language.
    let notices = engine.startup_notices(clock.now(), wangge_domain::Language::Chinese);
    for notice in &notices {
        tracing::warn!(%notice, "shown on start");
    }
    let accounts = Accounts::new(engine.store().clone());
    let first_password = accounts.bootstrap(&engine.district().hierarchy, clock.now()).await?;
    if first_password.is_some() {
        tracing::warn!("first start: the administrator's one-time password is shown on the sign-in screen");
    }
    let ready = AppStatus::Ready {
        district,
        database: db_path.display().to_string(),
        notices,
        wall: None,
        abilities: Default::default(),
        language: Default::default(),
    };
    let loaded = Loaded { engine, accounts, seat: None, ready, first_password };
    let status = loaded.awaiting_sign_in();
    *state.loaded.write().await = Some(loaded);
    tracing::info!(ms = state.started.elapsed().as_millis() as u64, "engine ready after process start");
    Ok(status)
}

/// Records the status for `app_status` and pushes it to the window.
pub fn publish(app: &AppHandle, status: AppStatus) {
    app.state::<AppState>().set_status(status.clone());
    if let Err(error) = app.emit(events::STATUS, status) {
        tracing::warn!(%error, "could not emit the status");
    }
}

fn storage(doing: &str, error: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Storage, format!("{doing}: {error}"))
}
