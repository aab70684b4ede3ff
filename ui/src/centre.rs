//! The command centre proper: header with the breadcrumb and the metric picker, the map of
//! the focused node's children, and beside it the figures panel, the work board of the
//! focused node or the audit view (a switch in the header). Drilling down fetches one
//! level. A micro-grid clicked on the map stays selected for the board's intake form. In
//! the 预警等级 mode the levels are refetched whenever figures change. 导入 opens the
//! import dialog. The 排查 tab may put a screening batch on the map, the 企业 tab its enterprises (`crate::map_overlay`),
//! which then stays across drill-downs until a metric is chosen. The 截至 control shows a past day's figures instead of live ones (the
//! live feed is held meanwhile) and 导出简报 writes the briefing of the day shown.

use std::collections::HashMap;

use leptos::prelude::*;
use serde::Serialize;
use wangge_api::{commands, ApiError, AsOfFigures, AsOfRequest, ChoroplethMetric, MapView, NodeRef, StatsReport, WarningLevel};

use crate::as_of::{AsOfControl, NotLiveMarker};
use crate::audit::AuditPanel;
use crate::board::{BoardPanel, PanelTab, PanelTabs};
use crate::breadcrumb::Breadcrumb;
use crate::bridge;
use crate::briefing::BriefingButton;
use crate::colours::Scale;
use crate::detail_map::DetailMap;
use crate::enterprises::EnterprisePanel;
use crate::hover::HoverCard;
use crate::import::{ImportButton, ImportLayer};
use crate::legend::{Legend, MetricPicker, WarningLegend};
use crate::live::Live;
use crate::map::{Area, MapCanvas};
use crate::map_overlay::{MapOverlay, OverlayLegend};
use crate::notices::{NoticeStrip, Notices};
use crate::panel::FiguresPanel;
use crate::registers::RegisterPanel;
use crate::rental::RentalPanel;
use crate::screening::ScreeningPanel;
use crate::status::ErrorBox;

/// Arguments of the `map_view` and `stats` commands (the wall's too).
#[derive(Serialize)]
pub struct CodeArgs {
    pub code: Option<String>,
}

/// Arguments of the `figures_as_of` command.
#[derive(Serialize)]
struct AsOfArgs {
    request: AsOfRequest,
}

/// Arguments of the `report_first_paint` command.
#[derive(Serialize)]
struct PaintArgs {
    #[serde(rename = "msSincePageStart")]
    ms_since_page_start: f64,
}

/// The ready window: map, breadcrumb, metric picker, legend and figures panel.
#[component]
pub fn CommandCentre(
    /// The district the database holds.
    district: NodeRef,
    /// Where the database is (shown small in the footer).
    database: String,
    /// What the administrator must act on (a missing working calendar), shown above the map.
    notices: Vec<String>,
    /// The live figure registry fed by the shell's events.
    live: Live,
    /// Set once the first map is on screen.
    drawn: RwSignal<bool>,
    /// Milliseconds from page start to the first map paint.
    first_paint_ms: RwSignal<Option<f64>>,
) -> impl IntoView {
    // What the account may do: actions it may not take are not offered.
    let abilities = crate::app::abilities();
    let can_import = abilities.changes && !bridge::in_browser();
    let import_open = RwSignal::new(false);
    // None = the scope's root (the district for a commander).
    let target = RwSignal::new(None::<String>);
    let metric = RwSignal::new(ChoroplethMetric::IsolationsActive);
    let warning_mode = RwSignal::new(false);
    // On: the map pane shows every place under the focus at once (挂图作战).
    let detail = RwSignal::new(false);
    let overlay = MapOverlay(RwSignal::new(None));
    provide_context(overlay);
    let shades = overlay.shades(Signal::from(target), live);
    // Kept across drill-downs: the board follows the focused node.
    let tab = RwSignal::new(PanelTab::Figures);
    let view_data = LocalResource::new(move || {
        let code = target.get();
        live.resyncs.track();
        async move { bridge::invoke::<_, MapView>(commands::MAP_VIEW, &CodeArgs { code }).await }
    });
    let stats = LocalResource::new(move || {
        let code = target.get();
        live.resyncs.track();
        async move { bridge::invoke::<_, StatsReport>(commands::STATS, &CodeArgs { code }).await }
    });
    let levels = Signal::derive(move || stats.get().and_then(|r| r.ok()).map(|r| r.levels));
    // The day shown: None is live. A past day holds the live feed until the way back.
    let as_of_date = RwSignal::new(None::<String>);
    Effect::new(move |_| if as_of_date.get().is_some() { live.freeze() } else { live.thaw() });
    let as_of = LocalResource::new(move || {
        let request = AsOfRequest { code: target.get(), date: as_of_date.get() };
        live.resyncs.track();
        async move { bridge::invoke::<_, AsOfFigures>(commands::FIGURES_AS_OF, &AsOfArgs { request }).await }
    });
    // Only an answer for the day now asked for: while the next one loads, the resource still
    // holds the last, which must not be painted over the screen (yesterday's after 回到实时).
    let as_of_figures = Signal::derive(move || {
        let asked = as_of_date.get();
        as_of.get().and_then(|r| r.ok()).filter(|f| match &asked {
            None => f.live,
            Some(day) => !f.live && f.date == *day,
        })
    });
    // Today's date by the backend's clock, from the first live answer.
    let today = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(f) = as_of_figures.get().filter(|f| f.live) {
            today.set(Some(f.date));
        }
    });
    let today = Signal::from(today);
    // Warning levels, refetched in the 预警等级 mode whenever figures moved (live.seq).
    let warnings = LocalResource::new(move || {
        let code = target.get();
        let on = warning_mode.get();
        let seq = if on { live.seq.get() } else { 0 };
        async move {
            if !on || seq == 0 {
                return None;
            }
            let view = bridge::invoke::<_, MapView>(commands::MAP_VIEW, &CodeArgs { code }).await.ok()?;
            Some(view.areas.into_iter().filter_map(|a| Some((a.node.code, a.warning?))).collect::<HashMap<String, WarningLevel>>())
        }
    });
    let warning_levels = Signal::derive(move || warnings.get().flatten());
    let open = Callback::new(move |code: String| target.set(Some(code)));
    // A place picked on the full-detail map, opened on the regular map.
    let open_place = Callback::new(move |code: String| {
        detail.set(false);
        target.set(Some(code));
    });

    let render = move |result: Result<MapView, ApiError>| {
        match result {
            Err(error) => view! {
                <ErrorBox error=error />
                <button class="metric-button back" on:click=move |_| target.set(None)>{t!("返回全区", "Back to the district")}</button>
            }
            .into_any(),
            Ok(view) => {
                // Warning notices follow what the seat is looking at.
                if let Some(notices) = use_context::<Notices>() {
                    notices.set_focus(&view.focus.node.code);
                }
                let signals = live.install(&view);
                let areas: Vec<Area> =
                    view.areas.iter().zip(signals.areas).map(|(area, figures)| Area { area: area.clone(), figures }).collect();
                let stored = StoredValue::new(areas.clone());
                let hovered = RwSignal::new(None::<usize>);
                // The micro-grid picked on this view's map (none after drilling elsewhere).
                let selected = RwSignal::new(None::<usize>);
                let picked = Signal::derive(move || {
                    let index = selected.get()?;
                    stored
                        .with_value(|areas| areas.get(index).map(|a| a.area.node.clone()))
                        .filter(|_| stored.with_value(|areas| areas.get(index).is_some_and(|a| !a.area.drillable)))
                });
                let figures: Vec<_> = areas.iter().map(|a| a.figures).collect();
                let scale = Memo::new(move |_| {
                    let all: Vec<_> = figures.iter().map(|f| f.get()).collect();
                    Scale::over(metric.get(), &all)
                });
                let focus_node = view.focus.node.clone();
                let focus_figures = signals.focus;
                // A past day: the figures of that day's end replace the live ones on screen.
                let focus_code = view.focus.node.code.clone();
                let by_code: Vec<(String, RwSignal<wangge_api::Figures>)> =
                    areas.iter().map(|a| (a.area.node.code.clone(), a.figures)).collect();
                let overlay_code = focus_code.clone();
                Effect::new(move |_| {
                    let Some(day) = as_of_figures.get().filter(|f| !f.live && f.node.code == overlay_code) else { return };
                    let _ = focus_figures.try_set(day.metrics);
                    for (code, signal) in &by_code {
                        if let Some(child) = day.children.iter().find(|c| &c.code == code) {
                            let _ = signal.try_set(child.metrics);
                        } else if *code == day.node.code {
                            let _ = signal.try_set(day.metrics);
                        }
                    }
                });
                let previous = Signal::derive(move || as_of_figures.get().filter(|f| f.node.code == focus_code).map(|f| f.previous));
                let export_code = Some(view.focus.node.code.clone());
                let side = move || match tab.get() {
                    PanelTab::Figures => {
                        view! { <FiguresPanel node=focus_node.clone() figures=focus_figures levels=levels previous=previous live=live /> }
                            .into_any()
                    }
                    PanelTab::Board => view! { <BoardPanel node=focus_node.clone() live=live picked=picked /> }.into_any(),
                    PanelTab::Enterprises => view! { <EnterprisePanel node=focus_node.clone() live=live /> }.into_any(),
                    PanelTab::Screening => view! { <ScreeningPanel node=focus_node.clone() live=live /> }.into_any(),
                    PanelTab::Rental => view! { <RentalPanel node=focus_node.clone() live=live /> }.into_any(),
                    PanelTab::Registers => view! { <RegisterPanel node=focus_node.clone() live=live /> }.into_any(),
                    PanelTab::Audit => view! { <AuditPanel live=live /> }.into_any(),
                };
                if !drawn.get_untracked() {
                    mark_first_paint(drawn, first_paint_ms);
                }
                let map_view = view.clone();
                let detail_code = view.focus.node.code.clone();
                view! {
                <header class="top">
                    <div class="brand">{t!("网格 · 指挥中心", "Grid · Command centre")}</div>
                    <Breadcrumb trail=view.breadcrumb.clone() on_go=open />
                    <MetricPicker metric=metric warning_mode=warning_mode />
                    <PanelTabs tab=tab />
                    // A browser seat has no files of the server's machine to import.
                    {can_import.then(|| view! { <ImportButton open=import_open /> })}
                </header>
                <main class="body">
                    <section class="map-pane">
                        {move || if detail.get() {
                            view! { <DetailMap code=Some(detail_code.clone()) metric=metric live=live on_open=open_place warning_mode=warning_mode /> }.into_any()
                        } else {
                            view! {
                                <MapCanvas view=map_view.clone() areas=areas.clone() metric=metric scale=scale hovered=hovered selected=selected on_open=open
                                    warning_mode=warning_mode levels=warning_levels overlay=shades />
                                <div class="map-overlay">
                                    {move || if let Some(shown) = overlay.0.get() {
                                        view! { <OverlayLegend overlay=shown shades=shades on_close=Callback::new(move |()| overlay.0.set(None)) /> }.into_any()
                                    } else if warning_mode.get() {
                                        view! { <WarningLegend /> }.into_any()
                                    } else {
                                        view! { <Legend scale=scale /> }.into_any()
                                    }}
                                    <HoverCard areas=stored hovered=hovered selected=selected />
                                </div>
                            }.into_any()
                        }}
                        <div class="map-toolbar">
                            <button class="metric-button" class:active=move || detail.get() data-action="detail-map"
                                title=t!("一张图看全部网格：拖动平移，滚轮缩放", "All grids on one map: drag to pan, scroll to zoom") on:click=move |_| detail.update(|on| *on = !*on)>
                                {move || if detail.get() { t!("分级地图", "Level map") } else { t!("全域网格", "All grids") }}
                            </button>
                            <AsOfControl date=as_of_date today=today />
                            <NotLiveMarker figures=as_of_figures />
                            <BriefingButton code=export_code.clone() date=Signal::from(as_of_date) today=today />
                        </div>
                        {use_context::<Notices>().map(|notices| view! { <NoticeStrip notices=notices /> })}
                    </section>
                    {side}
                </main>
            }
            .into_any()
            }
        }
    };

    view! {
        <div class="centre" data-district=district.code.clone()>
            {(!notices.is_empty()).then(|| view! {
                <div class="startup-notices" role="status">
                    {notices.into_iter().map(|text| view! { <p class="startup-notice">{text}</p> }).collect_view()}
                </div>
            })}
            // Transition keeps the current map on screen while the next level loads.
            <Transition fallback=|| view! { <div class="loading"><p>{t!("地图加载中…", "Loading the map…")}</p></div> }>
                {move || view_data.get().map(render)}
            </Transition>
            {can_import.then(|| view! { <ImportLayer open=import_open /> })}
            <footer class="footer">
                <span translate="no">{district.name.clone()}</span>
                <span class="footer-seq">{t!("变更序号 ", "Change no. ")} {move || live.seq.get()}</span>
                <span class="footer-db" translate="no">{database.clone()}</span>
            </footer>
        </div>
    }
}

/// Marks the app drawn on the next animation frame (when the map has been laid out and
/// painted) and tells the shell how long that took from page start.
fn mark_first_paint(drawn: RwSignal<bool>, first_paint_ms: RwSignal<Option<f64>>) {
    request_animation_frame(move || {
        let ms = web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default();
        first_paint_ms.set(Some(ms));
        drawn.set(true);
        leptos::task::spawn_local(async move {
            // Only a measurement: a shell without the command is not an error worth showing.
            let _ = bridge::invoke::<_, ()>(commands::REPORT_FIRST_PAINT, &PaintArgs { ms_since_page_start: ms }).await;
        });
    });
}
