//! Every request's id and tracing span: the id a proxy sent in `x-request-id` when it is a
//! short token, else a new UUID; echoed in the answer's `x-request-id`, and a field of the
//! span every line logged while handling the request sits in, so one id finds the
//! request's lines in the server's log and in the proxy's.
//!
//! The span holds the method and the path only: no query string, body or header, because
//! those may carry passwords, tokens or API keys, which must never reach the log.

use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Request, Response};
use axum::Router;
use tower::util::MapRequestLayer;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;

/// The header, as proxies (nginx's `$request_id`, Heroku, Envoy) name it.
const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest incoming id kept; a UUID is 36, the longest common trace ids under 64.
const MOST_ID_BYTES: usize = 64;

/// `app` with request ids and a span per request around it.
pub(crate) fn layer(app: Router) -> Router {
    // Outermost first: drop a bad incoming id, set one, open the span with it, and copy the
    // id onto the answer (innermost, so even an answer made by an inner layer carries it).
    let layers = ServiceBuilder::new()
        .layer(MapRequestLayer::new(drop_unfit_id))
        .layer(SetRequestIdLayer::new(X_REQUEST_ID, MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(span)
                .on_request(())
                .on_response(answered)
                // A 5xx is logged where it arises (with this span around it); a line per
                // failed request here would let a flood of 503s flood the log too.
                .on_failure(()),
        )
        .layer(PropagateRequestIdLayer::new(X_REQUEST_ID));
    app.layer(layers)
}

/// Removes an incoming `x-request-id` that is not a short token, so a new one is made: the
/// id goes into every log line of the request, where spaces, quotes or control characters
/// could forge fields or lines, and a long one would bloat each.
fn drop_unfit_id(mut request: Request<Body>) -> Request<Body> {
    if request.headers().get(&X_REQUEST_ID).is_some_and(|id| !fit(id)) {
        request.headers_mut().remove(&X_REQUEST_ID);
    }
    request
}

fn fit(id: &HeaderValue) -> bool {
    let bytes = id.as_bytes();
    (1..=MOST_ID_BYTES).contains(&bytes.len())
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'+' | b'/' | b'='))
}

/// The request's span. At ERROR level because a span's level decides whether it exists
/// at all: one at DEBUG is off under the server's usual filter, and the warnings and errors
/// logged inside it would then lose the id. Spans print nothing themselves.
fn span(request: &Request<Body>) -> Span {
    let id = request.headers().get(&X_REQUEST_ID).and_then(|id| id.to_str().ok()).unwrap_or("-");
    tracing::error_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path())
}

/// One line per answer, at debug level (`-vv`): at the usual level a flood of requests
/// must not become a flood of lines.
fn answered(response: &Response<Body>, latency: Duration, _span: &Span) {
    tracing::debug!(status = response.status().as_u16(), ms = latency.as_secs_f64() * 1000.0, "answered");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_tokens_are_kept() {
        for kept in ["abc", "0f8e2c1a-9b3d-4e5f-8a7b-6c5d4e3f2a1b", "Root=1-5759e988+x/y:z_.", &"a".repeat(64)] {
            assert!(fit(&HeaderValue::from_str(kept).unwrap()), "{kept}");
        }
        for dropped in ["", "a b", "a\"b", "a\tb", "id;drop", "ä", &"a".repeat(65)] {
            assert!(!fit(&HeaderValue::from_bytes(dropped.as_bytes()).unwrap()), "{dropped:?}");
        }
    }
}
