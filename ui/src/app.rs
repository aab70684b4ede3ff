//! The root component: follows the shell's status (loading the demo, ready, failed) and
//! wires the shell's events into the live figures before the first map is asked for; the
//! notice strip (breached tickets, warning changes), import and briefing-export progress
//! follow events too.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use wangge_api::{commands, events, AppStatus, ErrorCode, FiguresChanged, Progress, TicketRow, WarningChange};

use crate::bridge::{self, Connection};
use crate::briefing::ExportProgress;
use crate::centre::CommandCentre;
use crate::connection::{settings_asked, start_over, ConnectingScreen, ConnectionSettings, DesktopHomeLink};
use crate::import::ImportProgress;
use crate::language_switch::LanguageSwitch;
use crate::live::Live;
use crate::notices::Notices;
use crate::signin::{reload, SignInScreen};
use crate::status::{ErrorBox, LoadingScreen};
use crate::wall::WallScreen;

/// The part of the live feed's greeting the page needs: the sequence number it is current to.
#[derive(Deserialize)]
struct Hello {
    seq: i64,
}

/// The whole window. `data-ready` turns true once the first map is drawn and `data-seq`
/// names the last change-log sequence number on screen (test hooks).
/// What the signed-in account may do, as the app provides it on sign-in; nothing before.
pub fn abilities() -> wangge_api::Abilities {
    use_context::<wangge_api::Abilities>().unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    let status = RwSignal::new(None::<AppStatus>);
    let live = Live::new();
    let drawn = RwSignal::new(false);
    let first_paint_ms = RwSignal::new(None::<f64>);
    let notices = Notices::new();
    let import_progress = ImportProgress(RwSignal::new(None::<Progress>));
    provide_context(import_progress);
    let export_progress = ExportProgress(RwSignal::new(None::<Progress>));
    provide_context(export_progress);
    // The strip is drawn over the map (top right), out of the header's and panel's way.
    provide_context(notices);
    let connection = RwSignal::new(Connection::Live);
    if bridge::in_browser() {
        bridge::on_connection(move |state| connection.set(state));
    }

    spawn_local(async move {
        // Listen first, so no status change or figure change falls between the two calls.
        let listening = async {
            bridge::listen(events::STATUS, move |s: AppStatus| status.set(Some(s))).await?;
            bridge::listen(events::FIGURES_CHANGED, move |c: FiguresChanged| live.apply(c)).await?;
            bridge::listen(events::LOG_ADVANCED, move |seq: i64| live.log_advanced(seq)).await?;
            bridge::listen(events::SLA_BREACHED, move |rows: Vec<TicketRow>| notices.breached(rows)).await?;
            bridge::listen(events::WARNING_CHANGED, move |c: Vec<WarningChange>| notices.warnings(c)).await?;
            bridge::listen(events::IMPORT_PROGRESS, move |p: Progress| import_progress.0.set(Some(p))).await?;
            if !bridge::in_browser() {
                bridge::listen(events::EXPORT_PROGRESS, move |p: Progress| export_progress.0.set(Some(p))).await?;
            }
            bridge::listen(events::HELLO, move |hello: Hello| live.caught_up(hello.seq)).await
        };
        let result = match listening.await {
            Ok(()) => bridge::invoke::<_, AppStatus>(commands::APP_STATUS, &()).await,
            Err(e) => Err(e),
        };
        match result {
            // An event may already have moved the status on; keep the newer one.
            Ok(s) => status.update(|current| {
                if !matches!(current, Some(AppStatus::Ready { .. })) {
                    *current = Some(s);
                }
            }),
            Err(error) => status.set(Some(AppStatus::Failed { error, first_password: None })),
        }
    });

    // A memo, so a repeated identical status does not rebuild the command centre. The
    // account's language is adopted here, before any view of the status is built.
    let shown = Memo::new(move |_| {
        let shown = status.get();
        if let Some(AppStatus::Ready { language, .. }) = &shown {
            crate::language_switch::adopt(*language);
        }
        shown
    });
    let on_wall = Memo::new(move |_| matches!(shown.get(), Some(AppStatus::Ready { wall: Some(_), .. })));
    let body = move || match shown.get() {
        None => view! { <div class="loading"><p>{t!("连接中…", "Connecting…")}</p></div> }.into_any(),
        Some(AppStatus::Loading { progress }) => view! { <LoadingScreen progress=progress /> }.into_any(),
        Some(AppStatus::Failed { error, first_password }) if error.code == ErrorCode::SignInRequired => {
            view! { <SignInScreen hint=error.message first_password=first_password /> }.into_any()
        }
        Some(AppStatus::Failed { error, .. }) => view! { <ErrorBox error=error /> }.into_any(),
        // The desktop window is set to a server: connect, unless the server's page sent the
        // user here to change that.
        Some(AppStatus::Server { url }) if settings_asked() => {
            view! { <ConnectionSettings current=Some(url) on_cancel=Some(Callback::new(|()| start_over())) /> }.into_any()
        }
        Some(AppStatus::Server { url }) => view! { <ConnectingScreen url=url /> }.into_any(),
        Some(AppStatus::Ready { district, wall: Some(settings), .. }) => {
            let stale = Signal::derive(move || matches!(connection.get(), Connection::Lost { .. }));
            view! { <WallScreen district=district settings=settings live=live drawn=drawn stale=stale /> }.into_any()
        }
        Some(AppStatus::Ready { district, database, notices, wall: None, abilities, .. }) => {
            provide_context(abilities);
            view! { <CommandCentre district=district database=database notices=notices live=live drawn=drawn first_paint_ms=first_paint_ms /> }
                .into_any()
        }
    };
    view! {
        <div class="app" data-ready=move || drawn.get().to_string() data-seq=move || live.seq.get().to_string()
            data-first-paint-ms=move || first_paint_ms.get().map(|ms| format!("{ms:.0}")).unwrap_or_default()>
            {body}
            {move || match connection.get() {
                Connection::Live => None,
                // The wall marks its own tiles stale and keeps the picture.
                Connection::Lost { .. } if on_wall.get() => None,
                Connection::Lost { data_as_of } => Some(view! {
                    <div class="connection-lost" data-connection="lost">{tf!("重新连接中 — 数据截至 {data_as_of}", "Reconnecting — data as of {data_as_of}")}</div>
                }),
            }}
            {move || matches!(shown.get(), Some(AppStatus::Ready { wall: None, .. })).then(|| view! {
                <div class="sign-out">
                    <LanguageSwitch signed_in=true />
                    <DesktopHomeLink />
                    <button class="metric-button" data-action="sign-out" on:click=move |_| spawn_local(async { bridge::sign_out().await; reload(); })>{t!("退出登录", "Sign out")}</button>
                </div>
            })}
        </div>
    }
}
