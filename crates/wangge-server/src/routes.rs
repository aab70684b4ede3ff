//! The URL space of GeoReport v2 and one handler per kind of call.
//!
//! The format is the last segment's suffix (`services.json`, `requests/7.xml`), which the
//! wire crate splits; a path whose suffix is neither is answered 400 in XML, the spec's
//! required format.
//!
//! Reads and writes pass through separate budgets (see `limits.rs`): a per-client rate, then
//! a cap on how many are handled at once, so a flood of anonymous GETs waits in its own
//! queue and is refused on its own rate while POSTs go on.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::Response;
use axum::routing::{any, get, post, MethodRouter};
use axum::Router;
use tower::limit::ConcurrencyLimitLayer;
use tower::ServiceBuilder;
use tower_http::timeout::TimeoutLayer;
use wangge_open311::post::error_response;
use wangge_open311::{
    render, ErrorResponse, Format, NewRequest, PostResponse, PostResponses, ServiceList, ServiceRequest, ServiceRequests,
};

use wangge_domain::Scope;

use crate::answer::{error, respond};
use crate::limits::{format_of, limit_rate, ClientRate};
use crate::state::AppState;
use crate::{errors, filter};

/// Where the API is mounted; the spec leaves the base URL to each jurisdiction.
pub const PREFIX: &str = "/open311/v2";

/// A POST body larger than this is refused before it is read (a description is at most
/// 4,000 characters; 1 MiB leaves room for every other field many times over).
const BODY_LIMIT_BYTES: usize = 1 << 20;

/// The routes with their limits: every path under [`PREFIX`], and no other.
pub fn router(state: AppState) -> Router {
    router_and_rates(state).0
}

/// The router and its two rate tables (reads, writes), for the server to trim now and then.
pub(crate) fn router_and_rates(state: AppState) -> (Router, [ClientRate; 2]) {
    let limits = &state.limits;
    let reads = ClientRate::new(limits.reads, "reads");
    let writes = ClientRate::new(limits.writes, "writes");
    // Outermost first: the rate is checked before a request may queue for a turn. The
    // timeout stands outside the middleware so that it covers the wait for a turn too (the
    // concurrency cap waits in `poll_ready`, which a middleware's `next.run` awaits).
    let read_layers = ServiceBuilder::new()
        .layer(axum::middleware::from_fn(busy_in_open311_format))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, limits.read_timeout))
        .layer(from_fn_with_state(reads.clone(), limit_rate))
        .layer(ConcurrencyLimitLayer::new(limits.concurrent_reads.max(1)));
    // The body is read whole before a write takes a turn, so slow senders hold no turn.
    let write_layers = ServiceBuilder::new()
        .layer(from_fn_with_state(writes.clone(), limit_rate))
        .layer(from_fn_with_state(limits.body_timeout, buffer_body))
        .layer(ConcurrencyLimitLayer::new(limits.concurrent_writes.max(1)));
    let resource: MethodRouter<AppState> = get(list).layer(read_layers.clone()).merge(post(post_request).layer(write_layers));
    let router = Router::new()
        .route(&format!("{PREFIX}/{{resource}}"), resource)
        .route(&format!("{PREFIX}/{{resource}}/{{item}}"), get(one).layer(read_layers))
        // Every other path under the prefix is an Open311 404: a fallback nested at the
        // prefix covers those paths only, so the app's own fallback (the browser UI) can
        // still be merged in, and no catch-all route clashes with the two above. The
        // nested catch-all matches no empty rest, hence the bare `PREFIX/`.
        .route(&format!("{PREFIX}/"), any(not_found))
        .nest(PREFIX, Router::new().fallback(not_found))
        .with_state(state);
    (router, [reads, writes])
}

/// A read that ran out of time leaves the timeout layer as a bare 503; a client of the API
/// gets it as the spec's error document instead, in the format its URL asked for.
async fn busy_in_open311_format(request: Request, next: Next) -> Response {
    let format = format_of(request.uri().path());
    let response = next.run(request).await;
    if response.status() != StatusCode::SERVICE_UNAVAILABLE || response.headers().contains_key(header::CONTENT_TYPE) {
        return response;
    }
    let busy = ErrorResponse::single(503, "the server is busy and could not answer in time; try again shortly");
    let mut answer = error(&busy, format);
    answer.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(1));
    answer
}

/// `services.{fmt}` and `requests.{fmt}`.
async fn list(State(state): State<AppState>, Path(resource): Path<String>, RawQuery(query): RawQuery) -> Response {
    let (name, format) = match Format::split_path(&resource) {
        Ok(split) => split,
        Err(err) => return error(&err.to_error_response(), Format::default()),
    };
    match name {
        "services" => respond(render(&ServiceList(state.catalog.services.clone()), format)),
        "requests" => {
            let query = match filter::parse(query.as_deref().unwrap_or("")) {
                Ok(query) => query,
                Err(err) => return error(&err, format),
            };
            let filter = query.filter.with_default_window(state.clock.now());
            let found =
                state.engine.read().await.open311_requests(&state.scope, &state.publication, &filter, wangge_engine::intake::MAX_REQUESTS);
            // Rendered after the read lock is let go: a writer waits for the lookup only.
            match found {
                Ok(found) => respond(render(&requests(found, query.extensions), format)),
                Err(err) => error(&errors::intake(&err), format),
            }
        }
        _ => no_such_resource(&resource, format),
    }
}

/// `services/{code}.{fmt}` (the definition) and `requests/{id}.{fmt}`.
async fn one(State(state): State<AppState>, Path((resource, item)): Path<(String, String)>, RawQuery(query): RawQuery) -> Response {
    let (key, format) = match Format::split_path(&item) {
        Ok(split) => split,
        Err(err) => return error(&err.to_error_response(), Format::default()),
    };
    match resource.as_str() {
        "services" => match state.engine.read().await.open311_definition(&state.publication, key) {
            Some(definition) => respond(render(&definition, format)),
            None => error(&ErrorResponse::single(404, format!("service_code: {key:?} was not found")), format),
        },
        "requests" => {
            let extensions = query.as_deref().is_some_and(|q| q.split('&').any(|p| p == "extensions=true"));
            let found = state.engine.read().await.open311_request(&state.scope, &state.publication, key);
            match found {
                Ok(found) => respond(render(&requests(vec![found], extensions), format)),
                Err(err) => error(&errors::intake(&err), format),
            }
        }
        _ => no_such_resource(&resource, format),
    }
}

/// `requests.{fmt}`: a form-encoded body becomes one ticket.
async fn post_request(State(state): State<AppState>, Path(resource): Path<String>, body: Bytes) -> Response {
    let (name, format) = match Format::split_path(&resource) {
        Ok(split) => split,
        Err(err) => return error(&err.to_error_response(), Format::default()),
    };
    if name != "requests" {
        return no_such_resource(&resource, format);
    }
    let keys = state.keys.clone();
    // A key of the operator's (`--api-key`) files as the Open311 account; a client's own key
    // (`wangge api-key add`) files under the client's name, so the audit trail says who.
    let client = match wangge_open311::post::api_key_of(&body) {
        Some(key) if !keys.accepts(&key) => state.accounts.open311_client(&key).await.unwrap_or_else(|err| {
            tracing::warn!("looking up an Open311 client key failed: {err}");
            None
        }),
        _ => None,
    };
    let request = match NewRequest::from_form(&body, &state.catalog, &|key| keys.accepts(key) || client.is_some()) {
        Ok(request) => request,
        Err(problems) => return error(&error_response(&problems), format),
    };
    let scope = match client {
        Some(name) => std::sync::Arc::new(Scope::new(name, state.scope.role, state.scope.root.clone())),
        None => state.scope.clone(),
    };
    let now = state.clock.now();
    let created = state.engine.write().await.submit_request(&scope, request, now).await;
    match created {
        Ok(ticket) => {
            let mut answer = respond(render(&PostResponses(vec![PostResponse::created(ticket.id.to_string())]), format));
            // The request exists now and has an id: 201, as HTTP says for a created resource.
            *answer.status_mut() = StatusCode::CREATED;
            answer
        }
        Err(err) => error(&errors::intake(&err), format),
    }
}

/// Middleware: reads the body whole (see [`read_body`]) and hands it on in memory, or
/// answers the refusal and closes the connection.
async fn buffer_body(State(timeout): State<Duration>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    match read_body(&parts.headers, body, timeout).await {
        Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Err(refusal) => {
            let client = parts.extensions.get::<ConnectInfo<SocketAddr>>().map_or_else(String::new, |c| c.0.ip().to_string());
            let why = refusal.errors.first().map_or("", |e| e.description.as_str());
            tracing::debug!(client, "{}: body refused: {why}", refusal.http_status);
            closing(error(&refusal, format_of(parts.uri.path())))
        }
    }
}

/// The body, whole, within `timeout` and [`BODY_LIMIT_BYTES`].
///
/// A declared length over the limit is refused before the body is touched: hyper sends
/// `100 Continue` only when the body is first read, so a client that asked with `Expect`
/// hears 413 instead and never sends the body.
async fn read_body(headers: &HeaderMap, body: Body, timeout: Duration) -> Result<Bytes, ErrorResponse> {
    let too_large = || ErrorResponse::single(413, format!("the body is larger than {BODY_LIMIT_BYTES} bytes"));
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT_BYTES as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, BODY_LIMIT_BYTES)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(err)) if is_length_limit(&err) => Err(too_large()),
        Ok(Err(_)) => Err(ErrorResponse::single(400, "the body could not be read")),
        Err(_) => Err(ErrorResponse::single(408, format!("the body did not arrive within {} s", timeout.as_secs_f64()))),
    }
}

fn is_length_limit(err: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

/// The answer with `Connection: close`: after a refused or unfinished body the rest of the
/// stream cannot be trusted to start a new request.
fn closing(mut answer: Response) -> Response {
    answer.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    answer
}

/// The spec's extensions (`extended_attributes` with our detailed status) only on request,
/// so v2-only clients see exactly the v2 fields.
fn requests(mut found: Vec<ServiceRequest>, extensions: bool) -> ServiceRequests {
    if !extensions {
        for request in &mut found {
            request.extended_attributes = None;
        }
    }
    ServiceRequests(found)
}

fn no_such_resource(path: &str, format: Format) -> Response {
    error(&ErrorResponse::single(404, format!("{PREFIX}/{path}: no such resource")), format)
}

async fn not_found() -> Response {
    error(&ErrorResponse::single(404, format!("no such resource; the API lives under {PREFIX}/")), Format::default())
}
