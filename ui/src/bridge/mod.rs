//! The one door from the UI to its backend, whichever carries it: the desktop shell (Tauri's
//! `invoke` and events) when the page runs in the desktop window, or `wangge serve` (HTTP
//! calls and the live WebSocket) when it runs in a browser. Both speak the same command
//! names, arguments and answers (`wangge_api`), so no component knows which it talks to.

mod browser;
mod desktop;

use serde::{de::DeserializeOwned, Serialize};
use wangge_api::{commands, AccountView, ApiError, SignIn};

pub use browser::{on_connection, Connection};

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

/// Signs in with a name and password: at the desktop window, or with the server (which
/// hands the browser a session token, kept for the next page loads).
pub async fn sign_in(name: String, password: String) -> Result<AccountView, ApiError> {
    if in_browser() {
        browser::sign_in(name, password).await
    } else {
        #[derive(Serialize)]
        struct Args {
            credentials: SignIn,
        }
        desktop::invoke(commands::SIGN_IN, &Args { credentials: SignIn { name, password } }).await
    }
}

/// Ends the session (best effort: the page starts over signed out either way).
pub async fn sign_out() {
    if in_browser() {
        browser::sign_out().await;
    } else {
        let _ = desktop::invoke::<_, ()>(commands::SIGN_OUT, &()).await;
    }
}
