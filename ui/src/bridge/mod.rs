//! The one door from the UI to its backend, whichever carries it: the desktop shell (Tauri's
//! `invoke` and events) when the page runs in the desktop window, or `wangge serve` (HTTP
//! calls and the live WebSocket) when it runs in a browser. Both speak the same command
//! names, arguments and answers (`wangge_api`), so no component knows which it talks to.

mod browser;
mod desktop;

use serde::{de::DeserializeOwned, Serialize};
use wangge_api::ApiError;

pub use browser::{on_connection, sign_in, sign_out, Connection};

/// Whether the page runs in a browser against a server (no desktop shell around it).
pub fn in_browser() -> bool {
    thread_local! {
        static BROWSER: bool = !desktop::present();
    }
    BROWSER.with(|browser| *browser)
}

/// Calls a backend command and decodes its answer; a refusal is the backend's `ApiError`.
pub async fn invoke<A: Serialize, T: DeserializeOwned>(cmd: &str, args: &A) -> Result<T, ApiError> {
    if in_browser() {
        browser::invoke(cmd, args).await
    } else {
        desktop::invoke(cmd, args).await
    }
}

/// Subscribes `handler` to a backend event for the life of the page.
pub async fn listen<T: DeserializeOwned + 'static>(event: &str, handler: impl FnMut(T) + 'static) -> Result<(), ApiError> {
    if in_browser() {
        browser::listen(event, handler);
        Ok(())
    } else {
        desktop::listen(event, handler).await
    }
}
