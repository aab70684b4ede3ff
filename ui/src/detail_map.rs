//! The full-detail map (挂图作战): every place under the focus at once on a canvas — 7,424
//! micro-grids in the demo, planned for 100,000 — coloured by the chosen metric, with pan
//! (drag), zoom (wheel, double-click), hover and click picking, and labels by zoom. The
//! geometry comes once per view (`detail_map`); a metric change fetches values only
//! (`detail_values`), and live changes patch the values of the places they name. Drawing is
//! `crate::detail_paint`, the arithmetic `crate::detail_plane`.
//!
//! Hooks for tests on `.detail-map`: `data-areas` (places received), `data-drawn` (places
//! filled by the last render), `data-labels`, `data-lod`, `data-view` (`k,tx,ty`: screen =
//! plane × k + t), `data-plane` (`lon0,lat0,lon_factor,units_per_degree`), `data-render-ms`,
//! `data-frame-ms` (the last frame's work), `data-values-seq`, `data-colouring` (`metric` or
//! `warning`: the 预警等级 mode), `data-picked` (code) and `data-picked-at` (`lon,lat` of the click).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use leptos::html::Canvas;
use leptos::prelude::*;
use serde::Serialize;
use wangge_api::{
    commands, ChoroplethMetric, DetailLevels, DetailMap as DetailGeometry, DetailMapRequest, DetailValues, DetailValuesRequest,
};
use web_sys::{HtmlCanvasElement, PointerEvent, WheelEvent};

use crate::bridge;
use crate::colours::Scale;
use crate::detail_paint::{highlight, present, render, value_text, Drawn, Layer, Paint, Screen, Shapes};
use crate::detail_plane::View;
use crate::legend::{Legend, WarningLegend};
use crate::live::Live;

/// Pixels the pointer may move between press and release and still be a click.
const CLICK_SLOP_PX: f64 = 4.0;
/// Quiet time after the last wheel step before the layer is drawn again sharp.
const SETTLE_MS: u64 = 160;

#[derive(Serialize)]
struct MapArgs {
    request: DetailMapRequest,
}

/// What a values fetch brought: one metric's values, or every place's warning level.
#[derive(Clone)]
enum Fetched {
    Values(DetailValues),
    Levels(ChoroplethMetric, DetailLevels),
}

#[derive(Serialize)]
struct ValuesArgs {
    request: DetailValuesRequest,
}

/// What the card beside the pointer says about one place.
#[derive(Debug, Clone, PartialEq)]
struct Card {
    code: String,
    name: String,
    group: String,
    value: String,
    exact: String,
}

struct Drag {
    start: [f64; 2],
    last: [f64; 2],
    moved: bool,
}

/// Everything the canvas handlers share; not reactive (the signals below carry what the page shows).
struct State {
    canvas: Option<HtmlCanvasElement>,
    layer_canvas: Option<HtmlCanvasElement>,
    shapes: Option<Shapes>,
    codes: HashMap<String, usize>,
    paint: Option<Paint>,
    screen: Screen,
    view: Option<View>,
    fit_k: f64,
    layer: Option<Layer>,
    needs_render: bool,
    frame_pending: bool,
    drag: Option<Drag>,
    settle: u32,
    hovered: Option<usize>,
    selected: Option<usize>,
    /// When the last full render ended and how long it took (milliseconds, page clock).
    last_render: (f64, f64),
    /// A redraw for live values is waiting for its turn.
    redraw_waiting: bool,
}

/// The signals the page shows, set after each frame.
#[derive(Clone, Copy)]
struct Shown {
    drawn: RwSignal<Drawn>,
    render_ms: RwSignal<f64>,
    /// The work of the last frame (a copy of the layer, outlines; a render when one was due).
    frame_ms: RwSignal<f64>,
    view: RwSignal<Option<View>>,
    hover_card: RwSignal<Option<Card>>,
    picked: RwSignal<Option<Card>>,
    picked_at: RwSignal<Option<[f64; 2]>>,
    scale: RwSignal<Option<Scale>>,
    values_seq: RwSignal<i64>,
}

type Shared = Rc<RefCell<State>>;

/// The full-detail map of `code` (the scope's root when `None`).
#[component]
pub fn DetailMap(
    code: Option<String>,
    metric: RwSignal<ChoroplethMetric>,
    live: Live,
    /// Opens a place on the regular map (leaves this view).
    on_open: Callback<String>,
    /// Off on a wall: no pan, zoom, pick, card or button — the picture alone.
    #[prop(default = true)]
    interactive: bool,
    /// On: places filled by their warning level (预警等级) instead of the metric.
    #[prop(into, optional)]
    warning_mode: Signal<bool>,
) -> impl IntoView {
    let colouring = RwSignal::new("");
    let canvas_ref = NodeRef::<Canvas>::new();
    let state: Shared = Rc::new(RefCell::new(State {
        canvas: None,
        layer_canvas: None,
        shapes: None,
        codes: HashMap::new(),
        paint: None,
        screen: Screen { width: 1.0, height: 1.0, dpr: 1.0 },
        view: None,
        fit_k: 1.0,
        layer: None,
        needs_render: true,
        frame_pending: false,
        drag: None,
        settle: 0,
        hovered: None,
        selected: None,
        last_render: (0.0, 0.0),
        redraw_waiting: false,
    }));
    let shown = Shown {
        drawn: RwSignal::new(Drawn::default()),
        render_ms: RwSignal::new(0.0),
        frame_ms: RwSignal::new(0.0),
        view: RwSignal::new(None),
        hover_card: RwSignal::new(None),
        picked: RwSignal::new(None),
        picked_at: RwSignal::new(None),
        scale: RwSignal::new(None),
        values_seq: RwSignal::new(0),
    };
    let areas = RwSignal::new(0usize);
    let plane_text = RwSignal::new(String::new());
    let geometry_version = RwSignal::new(0u32);
    let failed = RwSignal::new(None::<wangge_api::ApiError>);

    let request_code = code.clone();
    let geometry = LocalResource::new(move || {
        live.resyncs.track();
        let request = DetailMapRequest { code: request_code.clone() };
        async move { bridge::invoke::<_, DetailGeometry>(commands::DETAIL_MAP, &MapArgs { request }).await }
    });
    {
        let state = state.clone();
        Effect::new(move |_| match geometry.get() {
            Some(Ok(map)) => {
                let p = map.plane;
                plane_text.set(format!("{},{},{},{}", p.origin[0], p.origin[1], p.lon_factor, p.units_per_degree));
                areas.set(map.areas.len());
                let mut s = state.borrow_mut();
                s.codes = map.areas.iter().enumerate().map(|(i, a)| (a.code.clone(), i)).collect();
                s.shapes = Some(Shapes::new(map));
                s.paint = None;
                s.hovered = None;
                s.selected = None;
                s.needs_render = true;
                drop(s);
                geometry_version.update(|v| *v += 1);
            }
            Some(Err(error)) => failed.set(Some(error)),
            None => {}
        });
    }
    let values_code = code.clone();
    let values = LocalResource::new(move || {
        let version = geometry_version.get();
        let request = DetailValuesRequest { code: values_code.clone(), metric: metric.get() };
        // Levels are not patched from figures: in the 预警等级 mode every change heard refetches them.
        let warning = warning_mode.get();
        if warning {
            live.heard_seq.track();
        }
        async move {
            if version == 0 {
                return None;
            }
            let fetched = if warning {
                let levels = DetailMapRequest { code: request.code };
                bridge::invoke::<_, DetailLevels>(commands::DETAIL_LEVELS, &MapArgs { request: levels })
                    .await
                    .map(|l| Fetched::Levels(request.metric, l))
            } else {
                bridge::invoke::<_, DetailValues>(commands::DETAIL_VALUES, &ValuesArgs { request }).await.map(Fetched::Values)
            };
            Some((version, fetched))
        }
    });
    {
        let state = state.clone();
        Effect::new(move |_| {
            let Some(Some((version, answer))) = values.get() else { return };
            match answer {
                Ok(fetched) if version == geometry_version.get_untracked() => {
                    let mut s = state.borrow_mut();
                    let places = match &fetched {
                        Fetched::Values(v) => v.values.len(),
                        Fetched::Levels(_, l) => l.levels.len(),
                    };
                    let Some(lods) = s.shapes.as_ref().filter(|sh| sh.map.areas.len() == places).map(|sh| sh.map.tolerances.len()) else {
                        return;
                    };
                    let shown_before = s.paint.is_some();
                    s.paint = Some(match fetched {
                        Fetched::Values(v) => Paint::new(v.metric, v.values, v.seq, lods),
                        Fetched::Levels(metric, l) => Paint::of_levels(metric, l.levels, l.seq, lods),
                    });
                    colouring.set(if warning_mode.get_untracked() { "warning" } else { "metric" });
                    drop(s);
                    // Changes heard while the values were on their way.
                    patch_heard(&state, live);
                    values_changed(&state, shown);
                    if shown_before {
                        redraw_soon(&state, shown);
                    } else {
                        state.borrow_mut().needs_render = true;
                        schedule(&state, shown);
                    }
                }
                Ok(_) => {}
                Err(error) => failed.set(Some(error)),
            }
        });
    }
    // Live changes: the values of the places they name, nothing else.
    {
        let state = state.clone();
        Effect::new(move |_| {
            let _ = live.heard_seq.get();
            if patch_heard(&state, live) {
                values_changed(&state, shown);
                redraw_soon(&state, shown);
            }
        });
    }
    // The canvas, once mounted, and again whenever the window changes size.
    {
        let state = state.clone();
        Effect::new(move |_| {
            let Some(canvas) = canvas_ref.get() else { return };
            let canvas: HtmlCanvasElement = canvas;
            let layer = document().create_element("canvas").ok().map(wasm_bindgen::JsCast::unchecked_into::<HtmlCanvasElement>);
            {
                let mut s = state.borrow_mut();
                s.canvas = Some(canvas);
                s.layer_canvas = layer;
            }
            measure(&state);
            schedule(&state, shown);
        });
    }
    {
        let state = state.clone();
        let handle = window_event_listener(leptos::ev::resize, move |_| {
            measure(&state);
            schedule(&state, shown);
        });
        on_cleanup(move || handle.remove());
    }

    let down = {
        let state = state.clone();
        move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            let at = [e.offset_x() as f64, e.offset_y() as f64];
            state.borrow_mut().drag = Some(Drag { start: at, last: at, moved: false });
            if let Some(canvas) = state.borrow().canvas.as_ref() {
                let _ = canvas.set_pointer_capture(e.pointer_id());
            }
        }
    };
    let moved = {
        let state = state.clone();
        move |e: PointerEvent| {
            let at = [e.offset_x() as f64, e.offset_y() as f64];
            let mut s = state.borrow_mut();
            if let Some(drag) = s.drag.as_mut() {
                let (dx, dy) = (at[0] - drag.last[0], at[1] - drag.last[1]);
                drag.last = at;
                drag.moved |= (at[0] - drag.start[0]).hypot(at[1] - drag.start[1]) > CLICK_SLOP_PX;
                if drag.moved {
                    s.view = s.view.map(|v| v.pan(dx, dy));
                }
            } else {
                let under = pick(&s, at);
                if under == s.hovered {
                    return;
                }
                s.hovered = under;
            }
            drop(s);
            schedule(&state, shown);
        }
    };
    let up = {
        let state = state.clone();
        move |e: PointerEvent| {
            let at = [e.offset_x() as f64, e.offset_y() as f64];
            let mut s = state.borrow_mut();
            let Some(drag) = s.drag.take() else { return };
            if drag.moved {
                s.needs_render = true;
            } else {
                s.selected = pick(&s, at);
                let lon_lat = s.view.zip(s.shapes.as_ref()).map(|(v, sh)| {
                    let [x, y] = v.to_plane(at);
                    let p = sh.map.plane;
                    [p.origin[0] + x / (p.lon_factor * p.units_per_degree), p.origin[1] - y / p.units_per_degree]
                });
                // The place and the point together, so no reader sees one without the other.
                let picked = s.selected.and_then(|i| card(&s, i));
                shown.picked.set(picked);
                shown.picked_at.set(lon_lat);
            }
            drop(s);
            schedule(&state, shown);
        }
    };
    let wheel = {
        let state = state.clone();
        move |e: WheelEvent| {
            e.prevent_default();
            zoom(&state, shown, (-e.delta_y() * 0.0015).exp(), [e.offset_x() as f64, e.offset_y() as f64]);
        }
    };
    let double = {
        let state = state.clone();
        move |e: web_sys::MouseEvent| zoom(&state, shown, 2.0, [e.offset_x() as f64, e.offset_y() as f64])
    };
    let left = {
        let state = state.clone();
        move |_: PointerEvent| {
            let had = state.borrow_mut().hovered.take().is_some();
            if had {
                schedule(&state, shown);
            }
        }
    };
    let fit = {
        let state = state.clone();
        move |_| {
            let mut s = state.borrow_mut();
            s.view = None;
            s.needs_render = true;
            drop(s);
            measure(&state);
            schedule(&state, shown);
        }
    };

    let view_text = move || shown.view.get().map(|v| format!("{},{},{}", v.k, v.tx, v.ty)).unwrap_or_default();
    let scale = Memo::new(move |_| shown.scale.get());
    view! {
        <div class="detail-map" data-areas=move || areas.get().to_string() data-drawn=move || shown.drawn.get().places.to_string()
            data-labels=move || shown.drawn.get().labels.to_string() data-lod=move || shown.drawn.get().lod.to_string()
            data-view=view_text data-plane=move || plane_text.get() data-render-ms=move || format!("{:.2}", shown.render_ms.get())
            data-frame-ms=move || format!("{:.3}", shown.frame_ms.get())
            data-values-seq=move || shown.values_seq.get().to_string() data-colouring=move || colouring.get()
            data-picked=move || shown.picked.get().map(|c| c.code).unwrap_or_default()
            data-picked-at=move || shown.picked_at.get().map(|[lon, lat]| format!("{lon},{lat}")).unwrap_or_default()>
            <canvas class="detail-canvas" class:still=!interactive node_ref=canvas_ref aria-label=t!("全域网格图：拖动平移，滚轮缩放，点击选中", "Map of all grids: drag to pan, scroll to zoom, click to select")
                on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointerleave=left on:wheel=wheel on:dblclick=double></canvas>
            {move || failed.get().map(|error| view! { <crate::status::ErrorBox error=error /> })}
            {move || (areas.get() == 0 && failed.get().is_none()).then(|| view! { <p class="detail-loading">{t!("全域网格加载中…", "Loading all grids…")}</p> })}
            <div class="detail-overlay">
                {move || if colouring.get() == "warning" { view! { <WarningLegend /> }.into_any() } else { view! { <Legend scale=scale /> }.into_any() }}
                {move || interactive.then(|| shown.hover_card.get().or_else(|| shown.picked.get())).flatten().map(|card| {
                    let picked = shown.picked.get().is_some_and(|p| p.code == card.code);
                    let code = card.code.clone();
                    view! {
                        <div class="detail-card hover-card" data-code=card.code.clone()>
                            <div class="detail-card-name" translate="no">{card.name.clone()}</div>
                            <div class="detail-card-group" translate="no">{card.group.clone()}</div>
                            <div class="detail-card-value" data-value=card.exact.clone()>
                                {move || if colouring.get() == "warning" {
                                    t!("预警等级", "Warning level")
                                } else {
                                    metric.get().label_in(crate::i18n::language())
                                }}
                                {t!("：", ": ")} {card.value.clone()}
                            </div>
                            {picked.then(|| view! {
                                <button class="metric-button" data-action="open-in-map" on:click=move |_| on_open.run(code.clone())>{t!("在地图中打开", "Open in map")}</button>
                            })}
                        </div>
                    }
                })}
            </div>
            {interactive.then(|| view! {
                <div class="detail-toolbar">
                    <button class="metric-button" data-action="detail-fit" on:click=fit>{t!("复位", "Reset view")}</button>
                    <span class="detail-hint">{t!("拖动平移 · 滚轮缩放 · 点击选中", "Drag to pan · scroll to zoom · click to select")}</span>
                </div>
            })}
        </div>
    }
}

/// Applies the values heard live after the paint's own to the places they name; true when
/// any moved.
fn patch_heard(state: &Shared, live: Live) -> bool {
    let mut s = state.borrow_mut();
    let s = &mut *s;
    let Some(paint) = s.paint.as_mut().filter(|p| p.levels.is_none()) else { return false };
    let mut moved = false;
    let metric = paint.metric;
    live.heard_after(paint.seq, |code, figures| {
        if let Some(&i) = s.codes.get(code) {
            let value = metric.value(figures);
            if paint.values[i] != value {
                paint.values[i] = value;
                moved = true;
            }
        }
    });
    paint.seq = paint.seq.max(live.heard_seq.get_untracked());
    if moved {
        paint.changed();
    }
    moved
}

/// Live changes redraw the whole layer at most once a second, and never more than a tenth of
/// the time: a city's 100,000 places take most of a second to draw without a GPU, and the
/// page must stay free for the hand on it. The cards show new values at once.
const LIVE_REDRAW_EVERY_MS: f64 = 1_000.0;

/// Draws the layer again for new values now, or when its turn comes.
fn redraw_soon(state: &Shared, shown: Shown) {
    let now = window().performance().map(|p| p.now()).unwrap_or_default();
    let mut s = state.borrow_mut();
    if s.redraw_waiting {
        return;
    }
    let (ended, took) = s.last_render;
    let due = ended + (took * 10.0).max(LIVE_REDRAW_EVERY_MS);
    if due <= now {
        s.needs_render = true;
        drop(s);
        schedule(state, shown);
        return;
    }
    s.redraw_waiting = true;
    drop(s);
    let state = state.clone();
    set_timeout(
        move || {
            {
                let mut s = state.borrow_mut();
                s.redraw_waiting = false;
                s.needs_render = true;
            }
            schedule(&state, shown);
        },
        Duration::from_millis((due - now).ceil() as u64),
    );
}

/// The scale, the sequence number and the cards after values changed.
fn values_changed(state: &Shared, shown: Shown) {
    let s = state.borrow();
    if let Some(paint) = s.paint.as_ref() {
        shown.scale.set(paint.scale);
        shown.values_seq.set(paint.seq);
    }
    let (hovered, selected) = (s.hovered.and_then(|i| card(&s, i)), s.selected.and_then(|i| card(&s, i)));
    drop(s);
    shown.hover_card.set(hovered);
    shown.picked.set(selected);
}

fn card(s: &State, i: usize) -> Option<Card> {
    let shapes = s.shapes.as_ref()?;
    let area = shapes.map.areas.get(i)?;
    let group = shapes.map.groups.get(area.group as usize).map(|g| g.name.clone()).unwrap_or_default();
    let (value, exact) = match s.paint.as_ref() {
        Some(Paint { levels: Some(levels), .. }) => {
            let level = levels.get(i).copied().unwrap_or_default();
            (level.label_in(crate::i18n::language()).to_string(), level.as_str().to_string())
        }
        Some(paint) => {
            let v = paint.values.get(i).copied().flatten();
            (value_text(paint.metric, v), v.map(|v| v.to_string()).unwrap_or_default())
        }
        None => ("…".to_string(), String::new()),
    };
    Some(Card { code: area.code.clone(), name: area.name.clone(), group, value, exact })
}

fn pick(s: &State, at: [f64; 2]) -> Option<usize> {
    let view = s.view?;
    s.shapes.as_ref()?.index.pick(view.to_plane(at))
}

fn zoom(state: &Shared, shown: Shown, factor: f64, at: [f64; 2]) {
    let mut s = state.borrow_mut();
    let fit_k = s.fit_k;
    s.view = s.view.map(|v| v.zoom_at(factor, at, fit_k));
    s.settle += 1;
    let settle = s.settle;
    drop(s);
    schedule(state, shown);
    let state = state.clone();
    set_timeout(
        move || {
            let due = state.borrow().settle == settle;
            if due {
                state.borrow_mut().needs_render = true;
                schedule(&state, shown);
            }
        },
        Duration::from_millis(SETTLE_MS),
    );
}

/// Sizes the canvas to its box at the device's pixel ratio; the first time, fits the view.
fn measure(state: &Shared) {
    let mut s = state.borrow_mut();
    let Some(canvas) = s.canvas.clone() else { return };
    let width = canvas.client_width().max(1) as f64;
    let height = canvas.client_height().max(1) as f64;
    let dpr = window().device_pixel_ratio().max(1.0);
    canvas.set_width((width * dpr).round() as u32);
    canvas.set_height((height * dpr).round() as u32);
    s.screen = Screen { width, height, dpr };
    if let Some(shapes) = s.shapes.as_ref() {
        let fit = View::fit(shapes.map.plane.size, width, height, 12.0);
        s.fit_k = fit.k;
        if s.view.is_none() {
            s.view = Some(fit);
        }
    }
    s.needs_render = true;
}

/// Asks for one frame; many requests before it comes make one frame.
fn schedule(state: &Shared, shown: Shown) {
    if std::mem::replace(&mut state.borrow_mut().frame_pending, true) {
        return;
    }
    let state = state.clone();
    request_animation_frame(move || frame(&state, shown));
}

/// One frame: the layer drawn again if due, copied to the screen, the hovered and picked
/// places outlined; then the page's hooks and cards.
fn frame(state: &Shared, shown: Shown) {
    let performance = window().performance();
    let frame_started = performance.as_ref().map(|p| p.now()).unwrap_or_default();
    let mut s = state.borrow_mut();
    s.frame_pending = false;
    if s.view.is_none() && s.shapes.is_some() {
        drop(s);
        measure(state);
        s = state.borrow_mut();
    }
    let s = &mut *s;
    let (Some(canvas), Some(layer_canvas), Some(view)) = (s.canvas.clone(), s.layer_canvas.clone(), s.view) else { return };
    let (Some(shapes), Some(paint)) = (s.shapes.as_mut(), s.paint.as_mut()) else { return };
    let screen = s.screen;
    let mut rendered = None;
    let mut draw = |shapes: &mut Shapes, paint: &mut Paint| {
        let started = performance.as_ref().map(|p| p.now()).unwrap_or_default();
        let (layer, drawn) = render(&layer_canvas, screen, view, shapes, paint);
        let ms = performance.as_ref().map(|p| p.now()).unwrap_or_default() - started;
        rendered = Some((drawn, ms));
        layer
    };
    let fresh = s.needs_render || s.layer.is_none();
    let mut layer = match s.layer {
        Some(layer) if !fresh => layer,
        _ => draw(shapes, paint),
    };
    let covered = present(&canvas, &layer_canvas, screen, view, layer);
    if !covered && !fresh {
        // Dragged past the layer's margin or zoomed far from it: draw it again at once.
        layer = draw(shapes, paint);
        present(&canvas, &layer_canvas, screen, view, layer);
    }
    s.layer = Some(layer);
    s.needs_render = false;
    if let Some((_, ms)) = rendered {
        s.last_render = (performance.as_ref().map(|p| p.now()).unwrap_or_default(), ms);
    }
    if let Some(i) = s.selected {
        highlight(&canvas, s.screen, view, shapes.index.rings(i), "#ffffff", 2.5);
    }
    if let Some(i) = s.hovered.filter(|&i| Some(i) != s.selected) {
        highlight(&canvas, s.screen, view, shapes.index.rings(i), "#facc15", 2.0);
    }
    let cards = (s.hovered, s.selected);
    let s_ref: &State = s;
    let (hover_card, picked) = (cards.0.and_then(|i| card(s_ref, i)), cards.1.and_then(|i| card(s_ref, i)));
    if let Some((drawn, ms)) = rendered {
        shown.drawn.set(drawn);
        shown.render_ms.set(ms);
    }
    shown.frame_ms.set(performance.as_ref().map(|p| p.now()).unwrap_or_default() - frame_started);
    shown.view.set(Some(view));
    if shown.hover_card.get_untracked() != hover_card {
        shown.hover_card.set(hover_card);
    }
    if shown.picked.get_untracked() != picked {
        shown.picked.set(picked);
    }
}
