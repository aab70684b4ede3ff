//! The browser UI: the static files `cargo xtask build-ui` writes into `ui/dist/`, served
//! at `/` and every path the two APIs do not claim.
//!
//! Served to anyone, without a session: the files hold no data (everything a seat sees
//! comes through `/api`, which asks for one). Without a UI directory, or for a file it does
//! not hold, the answer is a 404 page saying how to build it.

use std::path::Path;
use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::map_response;
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;

/// The 404 page: in Chinese, as the UI is, and naming the command that builds the files.
const NOT_FOUND_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>界面文件未找到</title></head>\n\
<body>\n<h1>界面文件未找到</h1>\n<p>浏览器界面尚未构建，或这里没有这个文件。请在源码目录运行 <code>cargo xtask build-ui</code> \
生成 <code>ui/dist/</code>，或用 <code>wangge serve --ui 目录</code>（或环境变量 <code>WANGGE_UI_DIR</code>）指明界面文件所在的目录。</p>\n\
<p>接口不受影响：<code>/api/</code> 与 <code>/open311/v2/</code>。</p>\n</body>\n</html>\n";

/// The UI's files from `dir`, or only the 404 page when there is none. Meant as the
/// fallback of the whole app, so the API routers keep every path they claim.
pub(crate) fn router(dir: Option<&Path>, read_timeout: Duration) -> Router {
    let router = match dir {
        // The 404 page also stands for an index.html that is missing, e.g. mid-build.
        Some(dir) => Router::new().fallback_service(ServeDir::new(dir).not_found_service(axum::routing::any(not_found))),
        None => Router::new().fallback(not_found),
    };
    // A read like the Open311 ones: a file that cannot even be opened in that time (a
    // stalled disk) is a 503 rather than a request waiting for ever.
    router.layer(map_response(headers)).layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, read_timeout))
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Html(NOT_FOUND_PAGE)).into_response()
}

/// The build keeps its file names (`wangge-ui_bg.wasm` every time), so a browser must ask
/// again before using what it holds: `no-cache` revalidates by modification time (a 304,
/// cheap) and picks up a new build at once. `nosniff`: the browser takes each file as the
/// type it is sent with and never guesses another from its content.
async fn headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
