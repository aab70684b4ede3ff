//! What a tab may put on the map over the metric colours, one at a time: a screening batch's
//! completion (排查进度上图, `crate::batch_map`) or the enterprises matching the 企业 tab's
//! filter (企业分布, `crate::enterprise_map`). The overlay stays across drill-downs, is fetched
//! again for the focused node whenever the change log moves, and leaves when a metric or the
//! 预警等级 mode is chosen, or with its legend's ×.
//!
//! Hooks: `.area[data-overlay-items][data-overlay-done]` while an overlay is shown (a batch:
//! people and those checked; enterprises: matching and resumed), the legend
//! `.overlay-legend[data-overlay]` with `[data-action="close-map-overlay"]`.

use std::collections::HashMap;

use leptos::prelude::*;
use wangge_api::EnterpriseFilter;

use crate::live::Live;
use crate::{batch_map, enterprise_map};

/// What covers the map.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// A screening batch, by title.
    Batch(String),
    /// The enterprises matching a filter (its node is ignored: the map's node is used).
    Enterprises(EnterpriseFilter),
}

impl Overlay {
    /// The kind, as `data-overlay` names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Overlay::Batch(_) => "batch",
            Overlay::Enterprises(_) => "enterprises",
        }
    }
}

/// One area under the overlay: its fill and the two counts behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shade {
    pub fill: String,
    pub items: u64,
    pub done: u64,
}

/// Shades by node code, for the children of the node on screen.
pub type Shades = HashMap<String, Shade>;

/// The overlay chosen, if any: provided by the command centre, set by the tabs and cleared
/// by the metric picker.
#[derive(Clone, Copy)]
pub struct MapOverlay(pub RwSignal<Option<Overlay>>);

impl MapOverlay {
    /// The overlay slot from the context (none outside the command centre).
    pub fn current() -> Option<MapOverlay> {
        use_context::<MapOverlay>()
    }

    /// The batch on the map, if a batch is what covers it.
    pub fn batch(self) -> Option<String> {
        self.0.with(|o| match o {
            Some(Overlay::Batch(title)) => Some(title.clone()),
            _ => None,
        })
    }

    /// The overlay's shades for the children of `node` (`None`: the scope's root), fetched
    /// again when the overlay, the node or the change log moves. `None` while no overlay is
    /// shown, and for an answer about another overlay than the one now chosen.
    pub fn shades(self, node: Signal<Option<String>>, live: Live) -> Signal<Option<Shades>> {
        let chosen = self.0;
        let fetched = LocalResource::new(move || {
            let node = node.get();
            let overlay = chosen.get();
            live.log_seq.track();
            async move {
                let overlay = overlay?;
                let shades = match &overlay {
                    Overlay::Batch(title) => batch_map::shades(node, title.clone()).await?,
                    Overlay::Enterprises(filter) => enterprise_map::shades(node, filter.clone()).await?,
                };
                Some((overlay, shades))
            }
        });
        Signal::derive(move || {
            let now = chosen.get()?;
            fetched.get().flatten().filter(|(asked, _)| *asked == now).map(|(_, shades)| shades)
        })
    }
}

/// The legend of the overlay on the map, with the way back to the metrics.
#[component]
pub fn OverlayLegend(overlay: Overlay, shades: Signal<Option<Shades>>, on_close: Callback<()>) -> impl IntoView {
    let kind = overlay.kind();
    let (title, gradient, low, high) = match &overlay {
        Overlay::Batch(title) => {
            let (gradient, low, high) = batch_map::legend_scale();
            // The batch's title is data: it stays as it was written.
            let title = view! { {t!("排查完成率 · ", "Screening completion · ")} <span translate="no">{title.clone()}</span> }.into_any();
            (title, gradient, low, Signal::derive(move || high.clone()))
        }
        Overlay::Enterprises(filter) => {
            let (gradient, low) = enterprise_map::legend_scale();
            let high = Signal::derive(move || {
                enterprise_map::legend_top(shades.with(|s| s.as_ref().and_then(|s| s.values().map(|s| s.items).max())))
            });
            (enterprise_map::title_view(filter), gradient, low, high)
        }
    };
    view! {
        <div class="legend overlay-legend" data-overlay=kind>
            <span class="legend-title">{title}</span>
            <span class="legend-end">{low}</span>
            <span class="legend-bar" style=format!("background: linear-gradient(to right, {gradient})")></span>
            <span class="legend-end">{high}</span>
            <button class="notice-close" data-action="close-map-overlay" title=t!("退出上图", "Take off the map") on:click=move |_| on_close.run(())>"×"</button>
        </div>
    }
}
