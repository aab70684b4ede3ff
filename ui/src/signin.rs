//! The sign-in screen of every seat: name and password, checked by the desktop shell or the
//! server, with the backend's word above the form (on a district's first start, the
//! administrator's one-time password). Signed in, the page starts over as that account, so
//! nothing fetched before (or as someone else) stays on screen.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wangge_api::{ApiError, ErrorCode};

use crate::bridge;
use crate::connection::{settings_asked, start_over, ConnectionSettings, DesktopHomeLink};
use crate::language_switch::LanguageSwitch;

#[component]
pub fn SignInScreen(
    /// What the backend said when it asked to sign in.
    hint: String,
    /// On a district's first start, the administrator's one-time password.
    first_password: Option<String>,
) -> impl IntoView {
    // The backend words its hint in Chinese (it does not know who will sign in); an
    // English page says the same in its own words.
    let hint = match (crate::i18n::language(), first_password) {
        (crate::i18n::Language::Chinese, _) => hint,
        (_, Some(password)) => format!(
            "First start: the administrator account admin was made, with the one-time password {password} . Note it down and sign in; then make the seats' accounts with wangge user."
        ),
        (_, None) => "Sign in with your account.".to_string(),
    };
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let refusal = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // 连接设置 over the form: on the desktop, asked for, or opened from a server's page.
    let settings = RwSignal::new(!bridge::in_browser() && settings_asked());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        refusal.set(None);
        let (name, password) = (name.get_untracked().trim().to_string(), password.get_untracked());
        spawn_local(async move {
            match bridge::sign_in(name, password).await {
                // The desktop shell announces the ready status itself; a browser page asks
                // again, now with its token.
                Ok(_) if bridge::in_browser() => reload(),
                Ok(_) => {}
                Err(error) => {
                    refusal.set(Some(explain(&error)));
                    busy.set(false);
                }
            }
        });
    };
    let close = Callback::new(move |()| {
        settings.set(false);
        if settings_asked() {
            start_over();
        }
    });
    view! {
        {move || settings.get().then(|| view! { <ConnectionSettings current=None on_cancel=Some(close) /> })}
        <div class="sign-in" data-status="sign-in" class:hidden=move || settings.get()>
            <form class="sign-in-form" on:submit=submit>
                <h1>{t!("网格 · 指挥中心", "Wangge · Command Centre")}</h1>
                <p class="sign-in-hint" data-hint="true">{hint}</p>
                <label>{t!("账号", "Account")} <input name="name" autocomplete="username" required prop:value=name on:input=move |e| name.set(event_target_value(&e)) /></label>
                <label>{t!("密码", "Password")} <input name="password" type="password" autocomplete="current-password" required
                    prop:value=password on:input=move |e| password.set(event_target_value(&e)) /></label>
                <button type="submit" class="metric-button" prop:disabled=move || busy.get()>{t!("登录", "Sign in")}</button>
                <LanguageSwitch signed_in=false />
                {move || refusal.get().map(|message| view! { <p class="sign-in-refused" data-refused="true">{message}</p> })}
                {if bridge::in_browser() {
                    view! { <DesktopHomeLink /> }.into_any()
                } else {
                    view! {
                        <button type="button" class="metric-button connection-link" data-action="connection-settings"
                            on:click=move |_| settings.set(true)>{t!("连接服务器…", "Connect to a server…")}</button>
                    }.into_any()
                }}
            </form>
        </div>
    }
}

/// The refusal in the user's words; the server's own message already is, for its codes.
fn explain(error: &ApiError) -> String {
    match error.code {
        ErrorCode::SignInRequired | ErrorCode::TooManyAttempts => error.message.clone(),
        _ => tf!("登录失败：{}", "Sign-in failed: {}", error.message),
    }
}

/// Starts the page over (signed in or out: nothing of the previous seat stays).
pub fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
