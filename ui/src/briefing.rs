//! 导出简报 (in the header): the daily briefing of the focused node for the day shown, as
//! PDF, PNG and SVG in the briefings folder, optionally one per child too. The shell draws
//! them in the background and sends `export-progress`, shown as a bar; the result names the
//! folder and the files.
//!
//! Test hooks: `.briefing-export`, `.briefing-result[data-folder][data-files]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use wangge_api::{commands, ApiError, BriefingExport, ExportedBriefings, Progress};

use crate::bridge;

/// The latest `export-progress` event (provided as context by the app).
#[derive(Clone, Copy)]
pub struct ExportProgress(pub RwSignal<Option<Progress>>);

#[derive(Serialize)]
struct ExportArgs {
    request: BriefingExport,
}

#[component]
pub fn BriefingButton(
    /// The focused node (`None`: the scope's root).
    code: Option<String>,
    /// The day shown; `None` is today.
    date: Signal<Option<String>>,
    /// Today's date as the backend's clock has it.
    today: Signal<Option<String>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let children = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<ExportedBriefings, ApiError>>);
    let progress = use_context::<ExportProgress>().map(|p| p.0).unwrap_or_else(|| RwSignal::new(None));
    let code = StoredValue::new(code);
    let run = move |_| {
        let Some(day) = date.get_untracked().or_else(|| today.get_untracked()) else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        result.set(None);
        progress.set(None);
        let request = BriefingExport { code: code.get_value(), date: day, template: "daily".into(), children: children.get_untracked() };
        spawn_local(async move {
            let answer = bridge::invoke::<_, ExportedBriefings>(commands::EXPORT_BRIEFING, &ExportArgs { request }).await;
            result.set(Some(answer));
            busy.set(false);
        });
    };
    view! {
        <button class="metric-button briefing-open" on:click=move |_| open.update(|o| *o = !*o)>"导出简报"</button>
        {move || open.get().then(|| view! {
            <div class="briefing-export" data-busy=move || busy.get().to_string()>
                <p class="briefing-what">
                    {move || format!("每日简报 · {}", date.get().or_else(|| today.get()).unwrap_or_default())}
                </p>
                <label class="check"><input type="checkbox" class="briefing-children"
                    prop:checked=move || children.get()
                    on:change=move |ev| children.set(event_target_checked(&ev)) />"同时导出各下级单位"</label>
                <button class="metric-button briefing-run" disabled=move || busy.get() on:click=run>"导出（PDF、PNG、SVG）"</button>
                {move || busy.get().then(|| {
                    let shown = progress.get();
                    let (done, total) = shown.as_ref().map(|p| (p.done, p.total.max(1))).unwrap_or((0, 1));
                    view! {
                        <div class="import-progress">
                            <progress max=total.to_string() value=done.to_string()></progress>
                            <span>{format!("已绘制 {done} / {total}")}</span>
                        </div>
                    }
                })}
                {move || result.get().map(|answer| match answer {
                    Ok(done) => view! {
                        <div class="briefing-result" data-folder=done.folder.clone() data-files=done.files.len().to_string()>
                            <p>{format!("已导出 {} 份简报、{} 个文件到：", done.briefings, done.files.len())}</p>
                            <p class="briefing-folder">{done.folder.clone()}</p>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <p class="briefing-error" role="alert">{error.message}</p> }.into_any(),
                })}
            </div>
        })}
    }
}
