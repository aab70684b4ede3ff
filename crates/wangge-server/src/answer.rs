//! A rendered Open311 body as an HTTP response.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use wangge_open311::{render_errors, ErrorResponse, Format, Rendered};

pub(crate) fn respond(rendered: Rendered) -> Response {
    let status = StatusCode::from_u16(rendered.http_status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, rendered.content_type)], rendered.body).into_response()
}

pub(crate) fn error(err: &ErrorResponse, format: Format) -> Response {
    respond(render_errors(err, format))
}
