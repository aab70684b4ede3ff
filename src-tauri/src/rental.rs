//! Rental housing for the window (出租): the 红黑榜 of a node, one landlord's scoring record,
//! and a scoring event recorded. Each calls the engine's one operation.

use tauri::State;
use wangge_api::{ApiError, LandlordDetail, LandlordScoreForm, LandlordScored, RentalBoard, RentalQuery};

use crate::commands::now;
use crate::state::{not_ready, AppState, ForSeat};

/// The rental figures of a node and its landlords by standing.
#[tauri::command]
pub async fn rental_board(state: State<'_, AppState>, query: RentalQuery) -> Result<RentalBoard, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.rental_board(scope, &query, now()).for_seat(scope)
}

/// One landlord's let houses and scoring events.
#[tauri::command]
pub async fn landlord_detail(state: State<'_, AppState>, id: i64) -> Result<LandlordDetail, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.landlord_detail(scope, id, now()).for_seat(scope)
}

/// A scoring event: an item of the rule file at one let house, with the reason.
#[tauri::command]
pub async fn score_landlord(state: State<'_, AppState>, form: LandlordScoreForm) -> Result<LandlordScored, ApiError> {
    let mut guard = state.loaded.write().await;
    let loaded = guard.as_mut().ok_or_else(not_ready)?;
    let scope = loaded.seat()?.clone();
    loaded.engine.score_landlord(&scope, &form, now()).await.for_seat(&scope)
}
