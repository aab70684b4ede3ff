//! `GET /api/stats?node=CODE`: a node's figures, as `wangge stats --node CODE --json` prints them.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;

use super::{failure, Seat};
use crate::state::AppState;

#[derive(Deserialize)]
pub(crate) struct StatsQuery {
    node: Option<String>,
}

pub(crate) async fn stats(State(state): State<AppState>, Extension(seat): Extension<Seat>, Query(query): Query<StatsQuery>) -> Response {
    let engine = state.engine.read().await;
    match engine.stats(&seat.account.scope(), query.node.as_deref()) {
        Ok(report) => Json(report).into_response(),
        Err(err) => failure(err.into_api(seat.account.language)),
    }
}
