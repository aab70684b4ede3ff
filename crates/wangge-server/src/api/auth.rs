//! The session check in front of every private route: a bearer token that names an open
//! session of an enabled account, or 401. The account found is handed to the handler.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use wangge_api::ApiError;
use wangge_domain::accounts::Account;

use super::failure;
use crate::state::AppState;

/// The signed-in account a request came from; private handlers take it as an extension.
#[derive(Debug, Clone)]
pub struct Seat {
    pub account: Account,
    /// The token the request carried (signing out ends exactly this session).
    pub token: String,
}

pub(crate) async fn require_session(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(token) = token_of(&request) else {
        return failure(wangge_engine::accounts::AccountError::NoSession.into());
    };
    match state.accounts.session(&token, state.clock.now()).await {
        Ok(account) => {
            request.extensions_mut().insert(Seat { account, token });
            next.run(request).await
        }
        Err(err) => {
            if !matches!(err, wangge_engine::accounts::AccountError::NoSession) {
                tracing::warn!("checking a session failed: {err}");
            }
            failure(ApiError::from(err))
        }
    }
}

/// `Authorization: Bearer TOKEN`; for the live feed also `?access_token=TOKEN`, because a
/// browser's WebSocket cannot send headers.
fn token_of(request: &Request) -> Option<String> {
    let from_header = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(|token| token.trim().to_owned());
    let from_query = || {
        (request.uri().path() == "/api/live")
            .then(|| request.uri().query())
            .flatten()
            .and_then(|query| query.split('&').find_map(|pair| pair.strip_prefix("access_token=")))
            .map(str::to_owned)
    };
    from_header.or_else(from_query).filter(|token| !token.is_empty())
}
