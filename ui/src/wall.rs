//! The wall screen (大屏): for a command centre's wall, read from across the room. No write
//! control of any kind, dark, type sized by the screen's height. It plays a list: the
//! district — every micro-grid of it at once (挂图作战, `crate::detail_map`) — then each of its children, each for the dwell time, the map coloured by one
//! metric per round (then the next metric). Every tile carries the clock and "数据截至" (when
//! the last live change arrived); when the link drops the last good picture stays, marked
//! stale. The seat is a wall-screen account, so what arrives is aggregates only.
//!
//! Test hooks: `.wall[data-step][data-node][data-metric][data-stale]`, `.wall-title`,
//! `.wall-clock`, `.wall-as-of`, `.wall-figure-value[data-metric][data-value]`.

use std::time::Duration;

use leptos::prelude::*;
use wangge_api::{commands, figure, Figure, MapView, NodeRef, WallSettings};

use crate::board::format;
use crate::bridge;
use crate::centre::CodeArgs;
use crate::colours::Scale;
use crate::detail_map::DetailMap;
use crate::figures::{display, exact};
use crate::legend::Legend;
use crate::live::Live;
use crate::map::{Area, MapCanvas};
use crate::wall_playlist::playlist_step;

/// The figures beside the map, large: what a commander reads first, one per line.
const WALL_FIGURES: [&Figure; 8] = [
    &figure::isolations_active,
    &figure::isolations_new_today,
    &figure::follow_ups_overdue,
    &figure::resumption_rate,
    &figure::worker_return_rate,
    &figure::tickets_received,
    &figure::tickets_overdue,
    &figure::on_time_rate,
];

/// The wall. `stale` is true while the link to the server is down.
#[component]
pub fn WallScreen(district: NodeRef, settings: WallSettings, live: Live, drawn: RwSignal<bool>, stale: Signal<bool>) -> impl IntoView {
    // The playlist: the seat's area, then each child of it that has something below.
    let root = LocalResource::new(move || async move { bridge::invoke::<_, MapView>(commands::MAP_VIEW, &CodeArgs { code: None }).await });
    let nodes = Memo::new(move |_| {
        root.get().and_then(|r| r.ok()).map(|view| {
            let mut codes = vec![view.focus.node.code.clone()];
            codes.extend(view.areas.iter().filter(|a| a.drillable).map(|a| a.node.code.clone()));
            codes
        })
    });
    let step = RwSignal::new(0usize);
    let dwell = Duration::from_secs(u64::from(dwell_from_address().unwrap_or(settings.dwell_secs).max(2)));
    // While the link is down the playlist holds: the next tile could not be fetched anyway.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if !stale.get_untracked() {
                step.update(|s| *s += 1)
            }
        },
        dwell,
    ) {
        on_cleanup(move || handle.clear());
    }
    let now = RwSignal::new(unix_now());
    if let Ok(handle) = set_interval_with_handle(move || now.set(unix_now()), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    // When the picture last changed: the load, then every live change that arrived.
    let data_as_of = RwSignal::new(unix_now());
    Effect::new(move |_| {
        live.seq.track();
        data_as_of.set(unix_now());
    });
    let current = Memo::new(move |_| nodes.get().and_then(|codes| playlist_step(&codes, step.get())));
    let shown = LocalResource::new(move || {
        let target = current.get();
        live.resyncs.track();
        async move {
            let (code, chosen) = target?;
            let view = bridge::invoke::<_, MapView>(commands::MAP_VIEW, &CodeArgs { code: Some(code) }).await.ok()?;
            Some((view, chosen))
        }
    });

    // The last tile fetched stays on screen when a fetch fails (the link dropped).
    let last_good = RwSignal::new(None::<(MapView, wangge_api::ChoroplethMetric)>);
    Effect::new(move |_| {
        if let Some(Some(fetched)) = shown.get() {
            last_good.set(Some(fetched));
        }
    });
    let tile = move || {
        let (view, chosen) = last_good.get()?;
        let metric = RwSignal::new(chosen);
        let signals = live.install(&view);
        let areas: Vec<Area> = view.areas.iter().zip(signals.areas).map(|(area, figures)| Area { area: area.clone(), figures }).collect();
        let all: Vec<_> = areas.iter().map(|a| a.figures).collect();
        let scale = Memo::new(move |_| Scale::over(metric.get(), &all.iter().map(|f| f.get()).collect::<Vec<_>>()));
        let focus = signals.focus;
        let rows = WALL_FIGURES
            .iter()
            .map(|&figure| {
                view! {
                    <div class="wall-figure">
                        <span class="wall-figure-label">{figure.label_in(crate::i18n::language())}</span>
                        <span class="wall-figure-value" data-metric=figure.name data-value=move || exact(focus.get().value(figure))>
                            {move || display(focus.get().value(figure))}
                        </span>
                    </div>
                }
            })
            .collect_view();
        if !drawn.get_untracked() {
            request_animation_frame(move || drawn.set(true));
        }
        let node = view.focus.node.clone();
        // The first stop of each round, the seat's own area: every place under it at once.
        let whole = view.breadcrumb.len() == 1;
        Some(view! {
            <div class="wall-tile" data-node=node.code.clone()>
                <section class="wall-map">
                    <h2 class="wall-map-title">
                        <span translate="no">{node.name.clone()}</span>
                        {format!(" · {}", chosen.label_in(crate::i18n::language()))}
                    </h2>
                    {if whole {
                        // The seat's whole area at micro-grid detail (挂图作战).
                        view! {
                            <div class="wall-detail">
                                <DetailMap code=Some(node.code.clone()) metric=metric live=live on_open=Callback::new(|_: String| {}) interactive=false />
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <MapCanvas view=view.clone() areas=areas metric=metric scale=scale hovered=RwSignal::new(None) selected=RwSignal::new(None)
                                on_open=Callback::new(|_: String| {}) warning_mode=RwSignal::new(false) levels=Signal::derive(|| None) overlay=Signal::derive(|| None) />
                            <div class="wall-legend"><Legend scale=scale /></div>
                        }.into_any()
                    }}
                </section>
                <aside class="wall-figures">
                    <h2 class="wall-title" translate="no">{node.name.clone()}</h2>
                    <p class="wall-level">{node.level.label_in(crate::i18n::language())}</p>
                    {rows}
                </aside>
            </div>
        })
    };

    view! {
        <div class="wall"
            data-step=move || step.get().to_string()
            data-node=move || current.get().map(|(code, _)| code).unwrap_or_default()
            data-metric=move || current.get().map(|(_, m)| m.figure().name).unwrap_or_default()
            data-stale=move || stale.get().to_string()>
            <header class="wall-head">
                <span class="wall-brand">
                    <span translate="no">{district.name.clone()}</span>
                    {t!(" · 网格化指挥", " · Grid command")}
                </span>
                <span class="wall-progress">{move || nodes.get().map(|codes| format!("{} / {}", step.get() % codes.len().max(1) + 1, codes.len()))}</span>
                <span class="wall-clock">{move || format::local_clock(now.get())}</span>
            </header>
            {move || if last_good.with(Option::is_none) {
                view! { <div class="wall-loading">{t!("载入中…", "Loading…")}</div> }.into_any()
            } else {
                tile().into_any()
            }}
            <footer class="wall-foot">
                <span class="wall-as-of">{move || tf!("数据截至 {}", "Data as of {}", format::local_clock(data_as_of.get()))}</span>
                {move || stale.get().then(|| view! { <span class="wall-stale">{t!("连接中断，显示的是最后一次收到的数据", "Connection lost: showing the last data received")}</span> })}
            </footer>
        </div>
    }
}

fn unix_now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// A browser wall's own dwell, from the address (`/?dwell=30`): each wall PC bookmarks its
/// page with the pace its room wants.
fn dwell_from_address() -> Option<u32> {
    let search = web_sys::window()?.location().search().ok()?;
    crate::wall_playlist::dwell_in_query(&search)
}
