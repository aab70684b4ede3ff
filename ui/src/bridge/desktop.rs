//! The desktop shell's transport: `window.__TAURI__.core.invoke` and
//! `window.__TAURI__.event.listen` (present because `withGlobalTauri` is on), typed with the
//! shared `wangge_api` types through serde-wasm-bindgen. `catch` turns a rejected promise
//! into an `Err` instead of a thrown exception.

use serde::{de::DeserializeOwned, Serialize};
use wangge_api::{ApiError, ErrorCode};
use wasm_bindgen::prelude::*;

/// Whether the desktop shell's global API is on the page and the page is the app's own
/// (`tauri://localhost`, or `http://tauri.localhost` on Windows): a server's page the window
/// loaded may carry the global too, but talks to its server.
pub fn present() -> bool {
    let Some(window) = web_sys::window() else { return false };
    let location = window.location();
    let own = location.protocol().is_ok_and(|p| p == "tauri:") || location.hostname().is_ok_and(|h| h == "tauri.localhost");
    own && js_sys::Reflect::get(&window, &JsValue::from_str("__TAURI__")).is_ok_and(|tauri| !tauri.is_undefined())
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(event: &str, handler: &Closure<dyn FnMut(JsValue)>) -> Result<JsValue, JsValue>;
}

/// Calls a shell command and decodes its answer; a rejection becomes the shell's `ApiError`
/// (or an `Internal` one when the shell is missing or the payload does not decode).
pub async fn invoke<A: Serialize, T: DeserializeOwned>(cmd: &str, args: &A) -> Result<T, ApiError> {
    let args = serde_wasm_bindgen::to_value(args)
        .map_err(|e| internal(tf!("{cmd} 的参数无法编码：{e}", "Could not encode the arguments of {cmd}: {e}")))?;
    match tauri_invoke(cmd, args).await {
        Ok(value) => serde_wasm_bindgen::from_value(value)
            .map_err(|e| internal(tf!("{cmd} 的回答无法解读：{e}", "Could not read the answer to {cmd}: {e}"))),
        Err(rejection) => Err(serde_wasm_bindgen::from_value::<ApiError>(rejection.clone())
            .unwrap_or_else(|_| internal(tf!("{cmd}：{}", "{cmd}: {}", js_text(&rejection))))),
    }
}

/// Subscribes `handler` to a shell event for the life of the page (the closure is leaked on
/// purpose: the window never unsubscribes).
pub async fn listen<T: DeserializeOwned + 'static>(event: &str, mut handler: impl FnMut(T) + 'static) -> Result<(), ApiError> {
    let name = event.to_string();
    let closure = Closure::<dyn FnMut(JsValue)>::new(move |envelope: JsValue| {
        // Tauri wraps the payload as { event, id, payload }.
        let payload = js_sys::Reflect::get(&envelope, &JsValue::from_str("payload")).unwrap_or(JsValue::UNDEFINED);
        match serde_wasm_bindgen::from_value::<T>(payload) {
            Ok(value) => handler(value),
            Err(e) => web_sys::console::error_1(&format!("event {name}: {e}").into()),
        }
    });
    tauri_listen(event, &closure)
        .await
        .map_err(|e| internal(tf!("无法订阅 {event}：{}", "Could not listen to {event}: {}", js_text(&e))))?;
    closure.forget();
    Ok(())
}

fn internal(message: String) -> ApiError {
    ApiError::new(ErrorCode::Internal, message)
}

fn js_text(value: &JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}
