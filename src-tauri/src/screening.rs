//! Screening batches (排查) for the window: every batch under a node, one batch's progress per
//! child and its parts with their people, an outcome recorded, and a new list imported from
//! a file on this machine, and a batch's roll-up written to the briefings folder. Each calls
//! the engine's one operation.

use tauri::State;
use wangge_api::{
    ApiError, ErrorCode, ExportedTable, OutcomeRecorded, ScreeningBatches, ScreeningImport, ScreeningImported, ScreeningQuery,
    ScreeningWork, TaskOutcome, TaskPart, TaskProgressReport,
};

use crate::commands::now;
use crate::state::{not_ready, AppState, ForSeat};

/// Every batch with people or parts under the node, newest first.
#[tauri::command]
pub async fn screening_batches(state: State<'_, AppState>, query: ScreeningQuery) -> Result<ScreeningBatches, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.screening_batches(scope, query.node.as_deref(), now()).for_seat(scope)
}

/// Task figures of the node and its children, for one batch or all.
#[tauri::command]
pub async fn task_progress(state: State<'_, AppState>, query: ScreeningQuery) -> Result<TaskProgressReport, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.task_progress(scope, query.node.as_deref(), query.batch.as_deref(), now()).for_seat(scope)
}

/// One batch's parts under the node with their people.
#[tauri::command]
pub async fn screening_work(state: State<'_, AppState>, query: ScreeningQuery) -> Result<ScreeningWork, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.screening_work(scope, query.node.as_deref(), query.batch.as_deref().unwrap_or_default(), now()).for_seat(scope)
}

/// What the grid staff found for one person.
#[tauri::command]
pub async fn record_outcome(state: State<'_, AppState>, item: i64, outcome: TaskOutcome) -> Result<OutcomeRecorded, ApiError> {
    let mut guard = state.loaded.write().await;
    let loaded = guard.as_mut().ok_or_else(not_ready)?;
    let scope = loaded.seat()?.clone();
    loaded.engine.record_outcome(&scope, item, outcome, now()).await.for_seat(&scope)
}

/// The community's check of a complete part (社区核验).
#[tauri::command]
pub async fn verify_part(state: State<'_, AppState>, id: i64) -> Result<TaskPart, ApiError> {
    let mut guard = state.loaded.write().await;
    let loaded = guard.as_mut().ok_or_else(not_ready)?;
    let scope = loaded.seat()?.clone();
    loaded.engine.verify_part(&scope, id, now()).await.for_seat(&scope)
}

/// A list file split into a new batch, one part per grid; all or nothing.
#[tauri::command]
pub async fn import_screening(state: State<'_, AppState>, request: ScreeningImport) -> Result<ScreeningImported, ApiError> {
    let mut guard = state.loaded.write().await;
    let loaded = guard.as_mut().ok_or_else(not_ready)?;
    let scope = loaded.seat()?.clone();
    let deadline = wangge_domain::tasks::deadline_of_date(request.deadline.trim()).ok_or_else(|| {
        let given = &request.deadline;
        let message = say!(
            scope.language,
            "截止日期：{given:?} 不是 YYYY-MM-DD 格式的日期",
            "Deadline: {given:?} is not a date of the form YYYY-MM-DD"
        );
        ApiError::new(ErrorCode::InvalidInput, message)
    })?;
    let imported = loaded
        .engine
        .import_screening_file(
            &scope,
            std::path::Path::new(request.path.trim()),
            &request.title,
            deadline,
            request.encoding.as_deref(),
            request.sheet.as_deref(),
            now(),
        )
        .await
        .for_seat(&scope)?;
    tracing::info!(batch = %imported.batch, people = imported.people, parts = imported.parts.len(), "screening batch imported");
    Ok(imported)
}

/// 导出汇总: one batch's roll-up under the node, as an XLSX in the briefings folder.
#[tauri::command]
pub async fn export_screening(state: State<'_, AppState>, query: ScreeningQuery) -> Result<ExportedTable, ApiError> {
    let batch = query.batch.as_deref().unwrap_or_default();
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    let folder = wangge_engine::paths::briefings_dir(scope.language).for_seat(scope)?;
    let exported = loaded.engine.export_screening_rollup(scope, query.node.as_deref(), batch, &folder, now()).for_seat(scope)?;
    tracing::info!(batch, rows = exported.rows, path = %exported.path, "screening roll-up exported");
    Ok(exported)
}
