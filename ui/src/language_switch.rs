//! Choosing the page's language: remembered on this machine for the sign-in screen, kept on
//! the account once signed in (`set_language`), and the page started over in it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wangge_api::commands;

use crate::bridge;
use crate::i18n::{self, Language};

const REMEMBERED: &str = "wangge.language";

/// The language last used on this machine (Chinese on a first start).
pub fn remembered() -> Language {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .and_then(|storage| storage.get_item(REMEMBERED).ok().flatten())
        .and_then(|tag| Language::parse(&tag))
        .unwrap_or_default()
}

/// Draws the page in `language` from now on: the views built next, the page's `lang`
/// attribute (fonts, screen readers, tests), and this machine's memory.
pub fn adopt(language: Language) {
    i18n::set_language(language);
    if let Some(window) = web_sys::window() {
        if let Some(root) = window.document().and_then(|document| document.document_element()) {
            let _ = root.set_attribute("lang", language.tag());
        }
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.set_item(REMEMBERED, language.tag());
        }
    }
}

/// The other language, named in itself ("English" on a Chinese page, "中文" on an English
/// one, marked as that language). Signed in, the account keeps the choice.
#[component]
pub fn LanguageSwitch(signed_in: bool) -> impl IntoView {
    let other = match i18n::language() {
        Language::Chinese => Language::English,
        Language::English => Language::Chinese,
    };
    let error = RwSignal::new(None::<String>);
    let switch = move |_| {
        spawn_local(async move {
            if signed_in {
                #[derive(serde::Serialize)]
                struct Args {
                    language: Language,
                }
                if let Err(refusal) = bridge::invoke::<_, ()>(commands::SET_LANGUAGE, &Args { language: other }).await {
                    error.set(Some(refusal.message));
                    return;
                }
            }
            adopt(other);
            crate::signin::reload();
        });
    };
    view! {
        <button type="button" class="metric-button language-switch" data-action="switch-language" data-language=other.tag()
            lang=other.tag() title=t!("切换语言", "Switch language") on:click=switch>{other.own_name()}</button>
        {move || error.get().map(|message| view! { <span class="language-refused">{message}</span> })}
    }
}
