//! Which district the desktop window works on (连接设置): this machine's database, or a
//! server (`wangge serve`) that several seats share. Set to a server, the window loads the
//! server's own page — the browser seat's UI, signing in with the server — and that page,
//! told where this app's page is (`?desktop_home=`), offers the way back here
//! (`?connection=settings`). The shell remembers the choice (`set_server`) and checks the
//! server answers before it leaves (`connect_server`).
//!
//! Hooks: `.connection-settings`, `input[name=server]`, `[data-choice=local|server]`,
//! `[data-action=save-connection]`, `.connection-refused`, `.connecting[data-server]`,
//! `[data-action=connection-settings]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use wangge_api::{commands, AppStatus};

use crate::bridge;

/// Where the desktop app's own page is, on a server's page the desktop window loaded (kept
/// for the session: the page's later addresses no longer carry it).
pub fn desktop_home() -> Option<String> {
    const KEY: &str = "wangge.desktop_home";
    let window = web_sys::window()?;
    let storage = window.session_storage().ok().flatten();
    let search = window.location().search().ok().unwrap_or_default();
    if let Some(home) = query_value(&search, "desktop_home") {
        if let Some(storage) = &storage {
            let _ = storage.set_item(KEY, &home);
        }
        return Some(home);
    }
    storage?.get_item(KEY).ok().flatten()
}

/// Whether the page was opened to change the connection (from a server's page).
pub fn settings_asked() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|search| query_value(&search, "connection").as_deref() == Some("settings"))
}

fn query_value(search: &str, key: &str) -> Option<String> {
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key).then(|| js_sys::decode_uri_component(v).ok().and_then(|v| v.as_string()).unwrap_or_else(|| v.to_owned()))
    })
}

#[derive(Serialize)]
struct ServerArgs {
    url: Option<String>,
}

/// The choice of district, on the desktop: this machine's database or a server's address.
#[component]
pub fn ConnectionSettings(
    /// The server the window is set to now, if any.
    current: Option<String>,
    /// Back without changing anything (none: nothing to go back to).
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let use_server = RwSignal::new(current.is_some());
    let address = RwSignal::new(current.unwrap_or_default());
    let refusal = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        busy.set(true);
        refusal.set(None);
        let url = use_server.get_untracked().then(|| address.get_untracked().trim().to_owned());
        spawn_local(async move {
            let outcome = async {
                let status = bridge::invoke::<_, AppStatus>(commands::SET_SERVER, &ServerArgs { url }).await?;
                // Set to a server, the shell announces it and the connecting screen that
                // status brings connects, once: asking here too loaded the server's page twice
                // (three times, with the event), and a driver attached to the window lost it.
                if !matches!(status, AppStatus::Server { .. }) {
                    start_over();
                }
                Ok::<(), wangge_api::ApiError>(())
            };
            if let Err(error) = outcome.await {
                refusal.set(Some(error.message));
                busy.set(false);
            }
        });
    };
    view! {
        <div class="sign-in connection-settings" data-status="connection-settings">
            <form class="sign-in-form" on:submit=save>
                <h1>{t!("连接设置", "Connection settings")}</h1>
                <p class="sign-in-hint">
                    {t!(
                        "本窗口使用哪一个区的数据：本机数据库，或多个席位共用的服务器。",
                        "Which district's data this window works on: this machine's database, or a server that several seats share."
                    )}
                </p>
                <label class="connection-choice">
                    <input type="radio" name="choice" data-choice="local" prop:checked=move || !use_server.get() on:change=move |_| use_server.set(false) />
                    {t!("本机数据库", "This machine's database")}
                </label>
                <label class="connection-choice">
                    <input type="radio" name="choice" data-choice="server" prop:checked=move || use_server.get() on:change=move |_| use_server.set(true) />
                    {t!("服务器", "Server")}
                </label>
                <label>{t!("服务器地址", "Server address")}
                    <input name="server" placeholder="http://10.1.2.3:8080" prop:value=address prop:disabled=move || !use_server.get()
                        on:input=move |e| address.set(event_target_value(&e)) />
                </label>
                <button type="submit" class="metric-button" data-action="save-connection" prop:disabled=move || busy.get()>
                    {move || if use_server.get() { t!("保存并连接", "Save and connect") } else { t!("保存", "Save") }}
                </button>
                {on_cancel.map(|cancel| view! {
                    <button type="button" class="metric-button" data-action="cancel-connection" on:click=move |_| cancel.run(())>{t!("返回", "Back")}</button>
                })}
                {move || refusal.get().map(|message| view! { <p class="sign-in-refused connection-refused" data-refused="true" translate="no">{message}</p> })}
            </form>
        </div>
    }
}

/// The window is set to a server: connect (the server's page takes over), or say why not.
#[component]
pub fn ConnectingScreen(url: String) -> impl IntoView {
    let refusal = RwSignal::new(None::<String>);
    let settings = RwSignal::new(false);
    let attempt = move || {
        refusal.set(None);
        spawn_local(async move {
            if let Err(error) = bridge::invoke::<_, ()>(commands::CONNECT_SERVER, &()).await {
                refusal.set(Some(error.message));
            }
        });
    };
    attempt();
    let current = url.clone();
    move || {
        if settings.get() {
            return view! { <ConnectionSettings current=Some(current.clone()) on_cancel=Some(Callback::new(move |()| settings.set(false))) /> }
                .into_any();
        }
        view! {
            <div class="loading connecting" data-server=url.clone()>
                <p>{tf!("正在连接服务器 {url} …", "Connecting to the server {url}…")}</p>
                {move || refusal.get().map(|message| view! {
                    <p class="sign-in-refused connection-refused" data-refused="true" translate="no">{message}</p>
                    <button class="metric-button" data-action="retry-connection" on:click=move |_| attempt()>{t!("重试", "Retry")}</button>
                    <button class="metric-button" data-action="connection-settings" on:click=move |_| settings.set(true)>{t!("连接设置", "Connection settings")}</button>
                })}
            </div>
        }
        .into_any()
    }
}

/// On a server's page inside the desktop window: the way back to the app's connection settings.
#[component]
pub fn DesktopHomeLink() -> impl IntoView {
    desktop_home().map(|home| {
        let go = move |_| {
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_href(&format!("{home}?connection=settings"));
            }
        };
        view! { <button type="button" class="metric-button connection-link" data-action="connection-settings" on:click=go>{t!("连接设置", "Connection settings")}</button> }
    })
}

/// The page again without `?connection=settings`, so it follows the new choice.
pub fn start_over() {
    if let Some(window) = web_sys::window() {
        let location = window.location();
        let here = format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default());
        let _ = location.replace(&here);
    }
}
