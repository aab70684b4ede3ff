//! `/api/…`: the seats' JSON API. Every route but signing in needs a session token
//! (`Authorization: Bearer TOKEN`); without a valid one it answers 401 before any handler
//! runs. The route table below is the router: a test walks it, so a route cannot be added
//! without being checked for its door.

mod auth;
mod call;
mod live;
mod session;
mod stats;

use axum::http::{Method, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::{Json, Router};
use wangge_api::{ApiError, ErrorCode};

use crate::state::AppState;

pub use auth::Seat;
pub use call::SERVED as CALLS;

/// Where the seats' API is mounted.
pub const API_PREFIX: &str = "/api";

/// A route of the seats' API: its method, its path, and whether it is open to callers
/// without a session (only signing in is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiRoute {
    pub method: &'static str,
    pub path: &'static str,
    pub public: bool,
}

/// Every route with its handler; [`routes`] and the router are both made from this.
fn table() -> Vec<(ApiRoute, MethodRouter<AppState>)> {
    let route = |method: &'static str, path: &'static str, public: bool, handler: MethodRouter<AppState>| {
        (ApiRoute { method, path, public }, handler)
    };
    vec![
        route("POST", "/api/session", true, axum::routing::post(session::sign_in)),
        route("DELETE", "/api/session", false, axum::routing::delete(session::sign_out)),
        route("GET", "/api/me", false, axum::routing::get(session::me)),
        route("GET", "/api/stats", false, axum::routing::get(stats::stats)),
        route("GET", "/api/live", false, axum::routing::get(live::live)),
        route("POST", "/api/call/{command}", false, axum::routing::post(call::call)),
    ]
}

/// The seats' API routes, for tests and documentation.
pub fn routes() -> Vec<ApiRoute> {
    table().into_iter().map(|(route, _)| route).collect()
}

/// The `/api` router: public routes as they are, every other one (and every unknown path
/// under `/api`) behind the session check.
pub(crate) fn router(state: AppState) -> Router {
    let mut public = Router::new();
    let mut private = Router::new();
    for (route, handler) in table() {
        // One path may carry a public and a private method (POST and DELETE /api/session):
        // each goes to its own router, and the two are merged with the check on one only.
        let filter = MethodFilter::try_from(Method::from_bytes(route.method.as_bytes()).expect("a route's method is valid"))
            .expect("a route's method is one axum filters on");
        let handler = on(filter, handler);
        if route.public {
            public = public.route(route.path, handler);
        } else {
            private = private.route(route.path, handler);
        }
    }
    // Unknown paths under /api answer 404 only to a signed-in seat: without a session, the
    // API does not even say which paths exist. `/api` and `/api/` are named apart, as the
    // catch-all matches neither and the app's fallback (the browser UI) must not have them.
    let private = private
        .route(API_PREFIX, axum::routing::any(not_found))
        .route("/api/", axum::routing::any(not_found))
        .route("/api/{*rest}", axum::routing::any(not_found))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(from_fn_with_state(state.clone(), auth::require_session));
    public.layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT_BYTES)).merge(private).with_state(state)
}

/// The seats send small JSON bodies (a sign-in, an action); anything larger is refused.
const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// Reached only past the session check, so the seat's language is known.
async fn not_found(seat: Option<axum::Extension<Seat>>) -> Response {
    let language = seat.map(|axum::Extension(seat)| seat.account.language).unwrap_or_default();
    failure(ApiError::new(ErrorCode::NotFound, say!(language, "没有这个接口", "There is no such API route")))
}

/// An API error as JSON with the status its code calls for.
pub(crate) fn failure(error: ApiError) -> Response {
    let status = match error.code {
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::OutsideScope | ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::InvalidInput => StatusCode::BAD_REQUEST,
        ErrorCode::NotReady => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::SignInRequired => StatusCode::UNAUTHORIZED,
        ErrorCode::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::Storage | ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let mut response = (status, Json(error)).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(axum::http::header::WWW_AUTHENTICATE, axum::http::HeaderValue::from_static("Bearer"));
    }
    response
}
