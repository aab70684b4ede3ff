//! The server's transport, for a seat in a browser: each command is `POST /api/call/{name}`
//! with the session token, and the shell's events arrive over one WebSocket
//! (`/api/live`), each message named as the desktop names its event. The token lives in the
//! browser's local storage, so a wall PC that restarts comes back signed in until the
//! session expires.
//!
//! When the socket drops, the page says since when its figures date (`Connection::Lost`)
//! and reconnects with a growing pause; the server's greeting on reconnect carries the
//! sequence number the seat is current to, and the page refetches what it shows if that
//! moved while it was away.

use std::cell::RefCell;
use std::collections::HashMap;

use futures_util::StreamExt;
use gloo_net::http::{Request, Response};
use gloo_net::websocket::{futures::WebSocket, Message};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::Value;
use wangge_api::{commands, AccountView, ApiError, ErrorCode, SessionOpened, SignIn};

/// Where the session token is kept between page loads.
const TOKEN_KEY: &str = "wangge.session";
/// The longest pause between two attempts to reconnect the live feed.
const MAX_RETRY_MS: i32 = 5_000;

/// The state of the live feed, as the page tells the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// Connected: figures on screen are current.
    Live,
    /// Not connected since the moment named (the local time of the last message heard,
    /// `HH:MM:SS`); the page is reconnecting.
    Lost { data_as_of: String },
}

type Handler = Box<dyn FnMut(Value)>;

#[derive(Default)]
struct Feed {
    handlers: HashMap<String, Vec<Handler>>,
    observers: Vec<Box<dyn Fn(Connection)>>,
    started: bool,
    connected: bool,
    last_heard: Option<String>,
}

thread_local! {
    static FEED: RefCell<Feed> = RefCell::new(Feed::default());
}

/// Calls `POST /api/call/{cmd}`. A refused session forgets the stored token, so the page
/// asks to sign in again instead of retrying a dead one.
pub async fn invoke<A: Serialize, T: DeserializeOwned>(cmd: &str, args: &A) -> Result<T, ApiError> {
    match cmd {
        // Only the desktop measures its first paint; a browser seat has nothing to report to.
        commands::REPORT_FIRST_PAINT => return decode_value(cmd, Value::Null),
        commands::IMPORT_FILE => {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                t!(
                    "浏览器席位不能导入本机文件：请在桌面程序或命令行中导入",
                    "A browser seat cannot import files from this machine: import in the desktop app or on the command line"
                ),
            ));
        }
        _ => {}
    }
    let request = with_token(Request::post(&format!("/api/call/{cmd}")))
        .json(args)
        .map_err(|e| internal(tf!("{cmd} 的参数无法编码：{e}", "Could not encode the arguments of {cmd}: {e}")))?;
    let response = request.send().await.map_err(|e| unreachable_server(&e))?;
    answer(cmd, response).await
}

/// Signs in with a name and password; the token is stored for the next page loads.
pub async fn sign_in(name: String, password: String) -> Result<AccountView, ApiError> {
    let request = Request::post("/api/session")
        .json(&SignIn { name, password })
        .map_err(|e| internal(tf!("登录请求无法编码：{e}", "Could not encode the sign-in request: {e}")))?;
    let response = request.send().await.map_err(|e| unreachable_server(&e))?;
    let opened: SessionOpened = answer("session", response).await?;
    if let Some(storage) = storage() {
        let _ = storage.set_item(TOKEN_KEY, &opened.token);
    }
    Ok(opened.account)
}

/// Ends the session on the server (best effort) and forgets the token.
pub async fn sign_out() {
    let _ = with_token(Request::delete("/api/session")).send().await;
    forget_token();
}

/// Registers `handler` for an event of the live feed, and starts the feed on first use.
pub fn listen<T: DeserializeOwned + 'static>(event: &str, mut handler: impl FnMut(T) + 'static) {
    let name = event.to_string();
    let decoding: Handler = Box::new(move |payload: Value| match serde_json::from_value::<T>(payload) {
        Ok(value) => handler(value),
        Err(e) => web_sys::console::error_1(&format!("event {name}: {e}").into()),
    });
    let start = FEED.with_borrow_mut(|feed| {
        feed.handlers.entry(event.to_string()).or_default().push(decoding);
        !std::mem::replace(&mut feed.started, true)
    });
    if start {
        wasm_bindgen_futures::spawn_local(run_feed());
    }
}

/// Tells `observer` whenever the live feed connects or drops.
pub fn on_connection(observer: impl Fn(Connection) + 'static) {
    FEED.with_borrow_mut(|feed| feed.observers.push(Box::new(observer)));
}

/// Keeps the live feed open for the life of the page.
async fn run_feed() {
    let mut pause_ms = 500;
    loop {
        if token().is_some() {
            if let Ok(mut socket) = WebSocket::open(&live_url()) {
                while let Some(Ok(message)) = socket.next().await {
                    if let Message::Text(text) = message {
                        heard(&text);
                        pause_ms = 500;
                    }
                }
                let since = FEED.with_borrow_mut(|feed| {
                    feed.connected = false;
                    feed.last_heard.clone()
                });
                if let Some(data_as_of) = since {
                    tell(Connection::Lost { data_as_of });
                }
            }
        }
        sleep(pause_ms).await;
        pause_ms = (pause_ms * 2).min(MAX_RETRY_MS);
    }
}

/// One message of the feed: `{"event": NAME, "payload": …}`, handed to NAME's handlers.
fn heard(text: &str) {
    #[derive(Deserialize)]
    struct Envelope {
        event: String,
        #[serde(default)]
        payload: Value,
    }
    let Ok(envelope) = serde_json::from_str::<Envelope>(text) else {
        web_sys::console::error_1(&format!("live feed: not a message: {text:.200}").into());
        return;
    };
    let reconnected = FEED.with_borrow_mut(|feed| {
        feed.last_heard = Some(clock_now());
        !std::mem::replace(&mut feed.connected, true)
    });
    if reconnected {
        tell(Connection::Live);
    }
    // Handlers run outside the borrow: one may register another.
    let mut handlers = FEED.with_borrow_mut(|feed| feed.handlers.remove(&envelope.event).unwrap_or_default());
    for handler in &mut handlers {
        handler(envelope.payload.clone());
    }
    FEED.with_borrow_mut(|feed| {
        let added = feed.handlers.remove(&envelope.event).unwrap_or_default();
        handlers.extend(added);
        feed.handlers.insert(envelope.event, handlers);
    });
}

fn tell(state: Connection) {
    FEED.with_borrow(|feed| feed.observers.iter().for_each(|observer| observer(state.clone())));
}

async fn answer<T: DeserializeOwned>(what: &str, response: Response) -> Result<T, ApiError> {
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|e| internal(tf!("{what} 的回答无法解读：{e}", "Could not read the answer to {what}: {e}")));
    }
    let status = response.status();
    let error = response
        .json::<ApiError>()
        .await
        .unwrap_or_else(|_| internal(tf!("{what}：服务器回答 HTTP {status}", "{what}: the server answered HTTP {status}")));
    if error.code == ErrorCode::SignInRequired {
        forget_token();
    }
    Err(error)
}

fn decode_value<T: DeserializeOwned>(what: &str, value: Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| internal(tf!("{what}：{e}", "{what}: {e}")))
}

fn with_token(request: gloo_net::http::RequestBuilder) -> gloo_net::http::RequestBuilder {
    match token() {
        Some(token) => request.header("Authorization", &format!("Bearer {token}")),
        None => request,
    }
}

fn token() -> Option<String> {
    storage()?.get_item(TOKEN_KEY).ok().flatten().filter(|token| !token.is_empty())
}

fn forget_token() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(TOKEN_KEY);
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// `ws://` or `wss://` as the page itself was loaded, on the same host; the token goes in
/// the query because a browser's WebSocket cannot send headers.
fn live_url() -> String {
    let location = web_sys::window().map(|w| w.location());
    let secure = location.as_ref().and_then(|l| l.protocol().ok()).is_some_and(|p| p == "https:");
    let host = location.and_then(|l| l.host().ok()).unwrap_or_default();
    let token = token().unwrap_or_default();
    format!("{}://{host}/api/live?access_token={token}", if secure { "wss" } else { "ws" })
}

/// The local wall-clock time, `HH:MM:SS`.
fn clock_now() -> String {
    let now = js_sys::Date::new_0();
    format!("{:02}:{:02}:{:02}", now.get_hours(), now.get_minutes(), now.get_seconds())
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn unreachable_server(error: &gloo_net::Error) -> ApiError {
    ApiError::new(ErrorCode::Internal, tf!("无法连接服务器：{error}", "Cannot reach the server: {error}"))
}

fn internal(message: String) -> ApiError {
    ApiError::new(ErrorCode::Internal, message)
}
