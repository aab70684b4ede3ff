//! The root component: follows the shell's status (loading the demo, ready, failed) and
//! wires the shell's events into the live figures before the first map is asked for; the
//! notice strip (breached tickets, warning changes) and import progress follow events too.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wangge_api::{commands, events, AppStatus, FiguresChanged, Progress, TicketRow, WarningChange};

use crate::bridge;
use crate::centre::CommandCentre;
use crate::import::ImportProgress;
use crate::live::Live;
use crate::notices::Notices;
use crate::status::{ErrorBox, LoadingScreen};

/// The whole window. `data-ready` turns true once the first map is drawn and `data-seq`
/// names the last change-log sequence number on screen (test hooks).
#[component]
pub fn App() -> impl IntoView {
    let status = RwSignal::new(None::<AppStatus>);
    let live = Live::new();
    let drawn = RwSignal::new(false);
    let first_paint_ms = RwSignal::new(None::<f64>);
    let notices = Notices::new();
    let import_progress = ImportProgress(RwSignal::new(None::<Progress>));
    provide_context(import_progress);
    // The strip is drawn over the map (top right), out of the header's and panel's way.
    provide_context(notices);

    spawn_local(async move {
        // Listen first, so no status change or figure change falls between the two calls.
        let listening = async {
            bridge::listen(events::STATUS, move |s: AppStatus| status.set(Some(s))).await?;
            bridge::listen(events::FIGURES_CHANGED, move |c: FiguresChanged| live.apply(c)).await?;
            bridge::listen(events::LOG_ADVANCED, move |seq: i64| live.log_advanced(seq)).await?;
            bridge::listen(events::SLA_BREACHED, move |rows: Vec<TicketRow>| notices.breached(rows)).await?;
            bridge::listen(events::WARNING_CHANGED, move |c: Vec<WarningChange>| notices.warnings(c)).await?;
            bridge::listen(events::IMPORT_PROGRESS, move |p: Progress| import_progress.0.set(Some(p))).await
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
            Err(error) => status.set(Some(AppStatus::Failed { error })),
        }
    });

    // A memo, so a repeated identical status does not rebuild the command centre.
    let shown = Memo::new(move |_| status.get());
    let body = move || {
        match shown.get() {
        None => view! { <div class="loading"><p>"连接中…"</p></div> }.into_any(),
        Some(AppStatus::Loading { progress }) => view! { <LoadingScreen progress=progress /> }.into_any(),
        Some(AppStatus::Failed { error }) => view! { <ErrorBox error=error /> }.into_any(),
        Some(AppStatus::Ready { district, database, notices }) => {
            view! { <CommandCentre district=district database=database notices=notices live=live drawn=drawn first_paint_ms=first_paint_ms /> }
                .into_any()
        }
    }
    };
    view! {
        <div class="app" data-ready=move || drawn.get().to_string() data-seq=move || live.seq.get().to_string()
            data-first-paint-ms=move || first_paint_ms.get().map(|ms| format!("{ms:.0}")).unwrap_or_default()>
            {body}
        </div>
    }
}
