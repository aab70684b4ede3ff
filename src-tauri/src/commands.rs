//! The commands the UI invokes (names in `wangge_api::commands`). They only translate: take
//! the state, call one engine function, return its result or an `ApiError`.

use tauri::State;
use wangge_api::{ApiError, AppStatus, MapView, StatsReport};

use crate::state::{not_ready, AppState};

/// Where the shell is in opening its database.
#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    state.status()
}

/// The children of a node (default: the scope's root) as map areas with their figures.
#[tauri::command]
pub async fn map_view(
    state: State<'_, AppState>,
    code: Option<String>,
) -> Result<MapView, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let view = loaded.engine.map_view(&loaded.scope, code.as_deref())?;
    state.mark_map_served();
    Ok(view)
}

/// The figures of a node and its children, as `wangge stats --json` prints them.
#[tauri::command]
pub async fn stats(
    state: State<'_, AppState>,
    code: Option<String>,
) -> Result<StatsReport, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    Ok(loaded.engine.stats(&loaded.scope, code.as_deref())?)
}

/// The UI's report of its first map paint; logged with the time since process start and,
/// when `WANGGE_TIMINGS` names a file, appended there as one JSON line (for the benchmarks).
#[tauri::command]
pub fn report_first_paint(state: State<'_, AppState>, ms_since_page_start: f64) {
    let since_process_start = state.started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(ms_since_page_start, since_process_start, "first map paint");
    if let Some(path) = std::env::var_os("WANGGE_TIMINGS") {
        let line = serde_json::json!({
            "event": "first_map_paint",
            "ms_since_process_start": since_process_start,
            "ms_since_page_start": ms_since_page_start,
        });
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut file| {
                std::io::Write::write_all(&mut file, format!("{line}\n").as_bytes())
            });
        if let Err(error) = written {
            tracing::warn!(%error, "could not write WANGGE_TIMINGS");
        }
    }
}

#[cfg(test)]
mod tests {
    use wangge_api::commands;

    /// Tauri names a command after its function; the UI calls it by the shared constant.
    #[test]
    fn command_names_match_the_shared_contract() {
        assert_eq!(stringify!(app_status), commands::APP_STATUS);
        assert_eq!(stringify!(map_view), commands::MAP_VIEW);
        assert_eq!(stringify!(stats), commands::STATS);
        assert_eq!(stringify!(report_first_paint), commands::REPORT_FIRST_PAINT);
    }
}
