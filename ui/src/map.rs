//! The SVG map: the focused node's children as filled paths coloured by the chosen metric,
//! the focused node's outline on top; in the 预警等级 mode by each area's warning level
//! (`data-warning` names it); under an overlay (a screening batch, the enterprises of a
//! filter: `crate::map_overlay`) by the overlay's shades. Geometry is projected once per view; only fills change when
//! figures do.

use std::collections::HashMap;

use leptos::prelude::*;
use wangge_api::{ChoroplethMetric, Figures, MapArea, MapView, WarningLevel};

use crate::colours::Scale;
use crate::map_overlay::Shades;
use crate::projection::Projection;

/// The SVG viewBox size; the element itself scales to its container.
const VIEW_W: f64 = 1000.0;
const VIEW_H: f64 = 760.0;
/// Beyond this many areas names would overlap, so only hover shows them.
const MAX_LABELS: usize = 40;

/// One area on screen: what the map and the hover card need.
#[derive(Clone)]
pub struct Area {
    pub area: MapArea,
    pub figures: RwSignal<Figures>,
}

/// The map of one view. Clicking an area calls `on_open` (drill down) unless it is a
/// micro-grid, which has nothing below it and is selected instead (`selected`, drawn with
/// the class `selected`; the intake form starts from it).
#[component]
pub fn MapCanvas(
    /// The view as fetched (for its bbox and the focused node's outline).
    view: MapView,
    /// The children with their live figures, in the order of `view.areas`.
    areas: Vec<Area>,
    /// The metric that colours the areas.
    metric: RwSignal<ChoroplethMetric>,
    /// The colour scale over the areas on screen (shared with the legend).
    scale: Memo<Option<Scale>>,
    /// The area under the pointer or last clicked micro-grid, by index into `areas`.
    hovered: RwSignal<Option<usize>>,
    /// The micro-grid last clicked, by index into `areas` (it stays when the pointer leaves).
    selected: RwSignal<Option<usize>>,
    /// Drill into a child.
    on_open: Callback<String>,
    /// On: fill by warning level instead of the metric.
    warning_mode: RwSignal<bool>,
    /// Levels refetched since the view was fetched, by code (newer than `area.warning`).
    levels: Signal<Option<HashMap<String, WarningLevel>>>,
    /// An overlay's shades per area: while set, they fill the map instead.
    overlay: Signal<Option<Shades>>,
) -> impl IntoView {
    let projection = Projection::fit(view.bbox, VIEW_W, VIEW_H, 16.0);
    let show_labels = areas.len() <= MAX_LABELS;
    let paths = areas
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let figures = item.figures;
            let code = item.area.node.code.clone();
            let openable = item.area.drillable;
            let fetched = item.area.warning;
            let level_code = code.clone();
            let level = Memo::new(move |_| levels.with(|m| m.as_ref().and_then(|m| m.get(&level_code).copied())).or(fetched));
            let overlay_code = code.clone();
            // `Some(None)`: an overlay is shown but has nothing in this area.
            let shade = Memo::new(move |_| overlay.with(|o| o.as_ref().map(|o| o.get(&overlay_code).cloned())));
            // A memo per area: its fill is recomputed when its figures or the scale change,
            // and the DOM is touched only if the colour string actually differs.
            let fill = Memo::new(move |_| {
                if let Some(shade) = shade.get() {
                    return shade.map_or_else(|| crate::colours::NO_DATA.to_string(), |s| s.fill);
                }
                if warning_mode.get() {
                    return level.get().map(|l| l.colour_hex().to_string()).unwrap_or_else(|| crate::colours::NO_DATA.to_string());
                }
                let _ = metric.get();
                scale.get().map(|s| s.fill(&figures.get())).unwrap_or_else(|| crate::colours::NO_DATA.to_string())
            });
            let d = projection.path_data(&item.area.polygons);
            view! {
                <path class="area" class:openable=openable
                    class:hovered=move || hovered.get() == Some(index)
                    class:selected=move || selected.get() == Some(index)
                    d=d data-code=code.clone() fill=move || fill.get()
                    data-warning=move || level.get().map(|l| l.as_str()).unwrap_or_default()
                    data-overlay-items=move || shade.with(|s| s.as_ref().map(|s| s.as_ref().map_or(0, |s| s.items).to_string()))
                    data-overlay-done=move || shade.with(|s| s.as_ref().map(|s| s.as_ref().map_or(0, |s| s.done).to_string()))
                    on:mouseenter=move |_| hovered.set(Some(index))
                    on:click=move |_| {
                        if openable {
                            on_open.run(code.clone())
                        } else {
                            hovered.set(Some(index));
                            selected.set(Some(index));
                        }
                    }
                />
            }
        })
        .collect_view();
    let labels = show_labels.then(|| {
        areas
            .iter()
            .filter_map(|item| {
                let [x, y] = projection.label_point(&item.area.polygons)?;
                Some(view! {
                    <text class="area-label" translate="no" x=format!("{x:.1}") y=format!("{y:.1}")>{item.area.node.name.clone()}</text>
                })
            })
            .collect_view()
    });
    let outline = projection.path_data(&view.focus.polygons);
    view! {
        <svg class="map" viewBox=format!("0 0 {VIEW_W} {VIEW_H}") preserveAspectRatio="xMidYMid meet"
            on:mouseleave=move |_| hovered.set(None)>
            <g class="areas">{paths}</g>
            <path class="focus-outline" d=outline />
            <g class="labels">{labels}</g>
        </svg>
    }
}
