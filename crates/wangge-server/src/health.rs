//! `GET /healthz` and `GET /readyz`: what a load balancer or service manager asks before
//! sending traffic.
//!
//! `/healthz` (liveness) answers as long as the process serves HTTP at all and touches
//! nothing else, so a slow database never gets a live server restarted. `/readyz`
//! (readiness) also asks the store for the change log's last seq, bounded by
//! [`READY_TIMEOUT`], and says 503 while the store does not answer or the server is
//! stopping, so traffic goes elsewhere meanwhile. Both are public (probes carry no token)
//! and sit outside `/api`, whose every path asks for a session.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::state::AppState;

/// How long `/readyz` waits for the store. Probes usually give up after a few seconds;
/// answering 503 before they do says "not ready" instead of looking like a dead server.
pub(crate) const READY_TIMEOUT: Duration = Duration::from_secs(2);

pub(crate) fn router(state: AppState) -> Router {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz)).with_state(state)
}

async fn healthz() -> Response {
    Json(json!({ "status": "ok" })).into_response()
}

async fn readyz(State(state): State<AppState>) -> Response {
    if *state.closing.borrow() {
        return not_ready("shutting down");
    }
    // The store directly, not through the engine: its lock may be held by a catch-up, and
    // a probe must neither wait for it nor delay it.
    match tokio::time::timeout(READY_TIMEOUT, state.store.last_seq()).await {
        Ok(Ok(seq)) => Json(json!({ "status": "ready", "seq": seq })).into_response(),
        Ok(Err(err)) => {
            // The error may name the database's host or SQL: the operator's log has it, the
            // (anonymous) prober only the kind of fault. Debug level: a probe every few
            // seconds while the database is down must not flood the log; the catch-up
            // already warns about the same fault.
            tracing::debug!("readyz: the store failed: {err}");
            not_ready("the database failed the query")
        }
        Err(_) => not_ready("the database did not answer in time"),
    }
}

fn not_ready(reason: &str) -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "not ready", "reason": reason }))).into_response()
}
