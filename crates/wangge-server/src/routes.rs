//! The URL space of GeoReport v2 and one handler per kind of call.
//!
//! The format is the last segment's suffix (`services.json`, `requests/7.xml`), which the
//! wire crate splits; a path whose suffix is neither is answered 400 in XML, the spec's
//! required format.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use wangge_open311::post::error_response;
use wangge_open311::{
    render, ErrorResponse, Format, NewRequest, PostResponse, PostResponses, ServiceList, ServiceRequest,
    ServiceRequests,
};

use crate::answer::{error, respond};
use crate::state::AppState;
use crate::{errors, filter};

/// Where the API is mounted; the spec leaves the base URL to each jurisdiction.
pub const PREFIX: &str = "/open311/v2";

/// A POST body larger than this is refused before it is read (a description is at most
/// 4,000 characters; 1 MiB leaves room for every other field many times over).
const BODY_LIMIT_BYTES: usize = 1 << 20;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route(&format!("{PREFIX}/{{resource}}"), get(list).post(post))
        .route(&format!("{PREFIX}/{{resource}}/{{item}}"), get(one))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .with_state(state)
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
            let engine = state.engine.read().await;
            match engine.open311_requests(&state.scope, &filter, wangge_engine::intake::MAX_REQUESTS) {
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
        "services" => match state.engine.read().await.open311_definition(key) {
            Some(definition) => respond(render(&definition, format)),
            None => error(&ErrorResponse::single(404, format!("service_code: {key:?} was not found")), format),
        },
        "requests" => {
            let extensions = query.as_deref().is_some_and(|q| q.split('&').any(|p| p == "extensions=true"));
            match state.engine.read().await.open311_request(&state.scope, key) {
                Ok(found) => respond(render(&requests(vec![found], extensions), format)),
                Err(err) => error(&errors::intake(&err), format),
            }
        }
        _ => no_such_resource(&resource, format),
    }
}

/// `requests.{fmt}`: a form-encoded body becomes one ticket.
async fn post(State(state): State<AppState>, Path(resource): Path<String>, body: Bytes) -> Response {
    let (name, format) = match Format::split_path(&resource) {
        Ok(split) => split,
        Err(err) => return error(&err.to_error_response(), Format::default()),
    };
    if name != "requests" {
        return no_such_resource(&resource, format);
    }
    let keys = state.keys.clone();
    let request = match NewRequest::from_form(&body, &state.catalog, &|key| keys.accepts(key)) {
        Ok(request) => request,
        Err(problems) => return error(&error_response(&problems), format),
    };
    let now = state.clock.now();
    let created = state.engine.write().await.submit_request(&state.scope, request, now).await;
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
