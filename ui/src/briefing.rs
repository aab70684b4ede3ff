//! 简报 (above the map): the daily or weekly briefing of the focused node for the day shown.
//! 预览 draws its pages on screen (as images: the SVG never enters the page's DOM); 导出
//! writes it as PDF, PNG and SVG into the briefings folder, optionally one per child too,
//! while the shell sends `export-progress`, shown as a bar; the result names the folder and
//! the files. A browser seat previews only: the server's folders are not the reader's.
//!
//! Test hooks: `.briefing-export`, `select.briefing-template`,
//! `.briefing-preview img.briefing-page`, `.briefing-result[data-folder][data-files]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use wangge_api::{commands, ApiError, BriefingExport, BriefingPreview, ExportedBriefings, Progress};

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
    let template = RwSignal::new("daily".to_string());
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<ExportedBriefings, ApiError>>);
    let progress = use_context::<ExportProgress>().map(|p| p.0).unwrap_or_else(|| RwSignal::new(None));
    let code = StoredValue::new(code);
    let preview = RwSignal::new(None::<Result<BriefingPreview, ApiError>>);
    let previewing = RwSignal::new(false);
    let request = move || {
        let day = date.get_untracked().or_else(|| today.get_untracked())?;
        Some(BriefingExport { code: code.get_value(), date: day, template: template.get_untracked(), children: children.get_untracked() })
    };
    let show_preview = move |_| {
        let Some(request) = request() else { return };
        previewing.set(true);
        spawn_local(async move {
            let answer = bridge::invoke::<_, BriefingPreview>(commands::PREVIEW_BRIEFING, &ExportArgs { request }).await;
            preview.set(Some(answer));
            previewing.set(false);
        });
    };
    let run = move |_| {
        let Some(request) = request() else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        result.set(None);
        progress.set(None);
        spawn_local(async move {
            let answer = bridge::invoke::<_, ExportedBriefings>(commands::EXPORT_BRIEFING, &ExportArgs { request }).await;
            result.set(Some(answer));
            busy.set(false);
        });
    };
    let desktop = !bridge::in_browser();
    view! {
        <button class="metric-button briefing-open" on:click=move |_| open.update(|o| *o = !*o)>{t!("简报", "Briefing")}</button>
        {move || open.get().then(|| view! {
            <div class="briefing-export" data-busy=move || busy.get().to_string()>
                <p class="briefing-what">{move || date.get().or_else(|| today.get()).unwrap_or_default()}</p>
                <select class="briefing-template" prop:value=move || template.get()
                    on:change=move |ev| template.set(event_target_value(&ev))>
                    <option value="daily">{t!("每日简报（14 天趋势）", "Daily briefing (14-day trend)")}</option>
                    <option value="weekly">{t!("每周简报（28 天趋势）", "Weekly briefing (28-day trend)")}</option>
                </select>
                <button class="metric-button briefing-preview-open" disabled=move || previewing.get() on:click=show_preview>
                    {move || if previewing.get() { t!("绘制中…", "Drawing…") } else { t!("预览", "Preview") }}
                </button>
                {desktop.then(|| view! {
                    <label class="check"><input type="checkbox" class="briefing-children"
                        prop:checked=move || children.get()
                        on:change=move |ev| children.set(event_target_checked(&ev)) />{t!("同时导出各下级单位", "Also one for each area below")}</label>
                    <button class="metric-button briefing-run" disabled=move || busy.get() on:click=run>{t!("导出（PDF、PNG、SVG）", "Export (PDF, PNG, SVG)")}</button>
                })}
                {move || busy.get().then(|| {
                    let shown = progress.get();
                    let (done, total) = shown.as_ref().map(|p| (p.done, p.total.max(1))).unwrap_or((0, 1));
                    view! {
                        <div class="import-progress">
                            <progress max=total.to_string() value=done.to_string()></progress>
                            <span>{tf!("已绘制 {done} / {total}", "Drawn {done} / {total}")}</span>
                        </div>
                    }
                })}
                {move || result.get().map(|answer| match answer {
                    Ok(done) => view! {
                        <div class="briefing-result" data-folder=done.folder.clone() data-files=done.files.len().to_string()>
                            <p>{tf!("已导出 {} 份简报、{} 个文件到：", "Exported {} briefings, {} files to:", done.briefings, done.files.len())}</p>
                            <p class="briefing-folder" translate="no">{done.folder.clone()}</p>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <p class="briefing-error" role="alert">{error.message}</p> }.into_any(),
                })}
            </div>
        })}
        {move || preview.get().map(|answer| view! {
            <div class="briefing-preview" role="dialog" aria-label=t!("简报预览", "Briefing preview")>
                <button class="metric-button briefing-preview-close" on:click=move |_| preview.set(None)>{t!("关闭预览", "Close preview")}</button>
                {match answer {
                    Ok(drawn) => drawn.pages.iter().enumerate().map(|(index, svg)| view! {
                        <img class="briefing-page" alt=tf!("第 {} 页", "Page {}", index + 1) src=svg_data_url(svg) />
                    }).collect_view().into_any(),
                    Err(error) => view! { <p class="briefing-error" role="alert">{error.message}</p> }.into_any(),
                }}
            </div>
        })}
    }
}

/// An SVG as an image source: shown by `<img>`, it cannot script or style the page.
fn svg_data_url(svg: &str) -> String {
    format!("data:image/svg+xml;charset=utf-8,{}", String::from(js_sys::encode_uri_component(svg)))
}
