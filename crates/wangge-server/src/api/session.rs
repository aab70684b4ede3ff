//! Signing in, signing out, and who the session is. A refused sign-in comes before anyone is
//! known, so it is worded in Chinese; once the account is known, in its language.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use wangge_api::{ApiError, ErrorCode, SessionOpened, SignIn};
use wangge_engine::accounts::account_view;

use super::{failure, Seat};
use crate::state::AppState;

/// `POST /api/session {"name", "password"}` → `{"token", "expires_at", "account"}`.
pub(crate) async fn sign_in(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    body: axum::body::Bytes,
) -> Response {
    let request: SignIn = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(err) => return failure(ApiError::new(ErrorCode::InvalidInput, format!("请求体应为 {{\"name\": …, \"password\": …}}：{err}"))),
    };
    let client = peer.map(|Extension(ConnectInfo(address))| crate::limits::client_key(address.ip()).to_string());
    let now = state.clock.now();
    let signed_in = match state.accounts.sign_in(&request.name, &request.password, client.as_deref(), now).await {
        Ok(signed_in) => signed_in,
        Err(err) => {
            // The name is the caller's claim, not a secret; the password never reaches a log.
            tracing::info!(account = %request.name, client = client.as_deref().unwrap_or("-"), "sign-in refused: {err}");
            return failure(err.into());
        }
    };
    let engine = state.engine.read().await;
    match account_view(&engine.district().hierarchy, &signed_in.account) {
        Ok(account) => {
            tracing::info!(account = %account.name, "signed in");
            Json(SessionOpened { token: signed_in.token, expires_at: signed_in.expires_at.rfc3339(), account }).into_response()
        }
        Err(err) => failure(err.into_api(signed_in.account.language)),
    }
}

/// `DELETE /api/session`: ends the session the request came with.
pub(crate) async fn sign_out(State(state): State<AppState>, Extension(seat): Extension<Seat>) -> Response {
    match state.accounts.sign_out(&seat.token).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => failure(err.into_api(seat.account.language)),
    }
}

/// `GET /api/me`: the signed-in account.
pub(crate) async fn me(State(state): State<AppState>, Extension(seat): Extension<Seat>) -> Response {
    let engine = state.engine.read().await;
    match account_view(&engine.district().hierarchy, &seat.account) {
        Ok(view) => Json(view).into_response(),
        Err(err) => failure(err.into_api(seat.account.language)),
    }
}
