//! A screening batch on the map (排查进度上图): the 排查 tab puts its chosen batch on the map,
//! whose areas are then filled by that batch's completion under each of them (已核 / 人数),
//! on a fixed 0–100% scale where everything done is calm and nothing done is the alarm. The
//! batch stays on the map across drill-downs, and its figures are fetched again (the same
//! `task_progress` as the tab's table) whenever the change log moves, so an outcome entered by
//! any seat recolours its grid and every ancestor. Choosing a metric or the 预警等级 mode
//! takes the batch off.
//!
//! Hooks: `.area[data-batch-items][data-batch-done]` while a batch is shown,
//! `.batch-legend[data-batch]` with `[data-action="close-batch-map"]`.

use std::collections::HashMap;

use leptos::prelude::*;
use serde::Serialize;
use wangge_api::{commands, ScreeningQuery, TaskFigures, TaskProgressReport};

use crate::bridge;
use crate::colours::{completion_fill, ramp};
use crate::live::Live;

/// The batch shown on the map, if any: provided by the command centre, set by the 排查 tab
/// and cleared by the metric picker.
#[derive(Clone, Copy)]
pub struct BatchOnMap(pub RwSignal<Option<String>>);

/// The figures of the batch per area on screen, by node code.
pub type BatchFigures = HashMap<String, TaskFigures>;

#[derive(Serialize)]
struct QueryArgs<'a> {
    query: &'a ScreeningQuery,
}

impl BatchOnMap {
    /// The batch on the map, from the context (none outside the command centre).
    pub fn current() -> Option<BatchOnMap> {
        use_context::<BatchOnMap>()
    }

    /// The chosen batch's figures for the children of `node` (`None`: the scope's root),
    /// refetched when the batch, the node or the change log moves. `None` while no batch is
    /// shown, and for an answer about another batch than the one now chosen.
    pub fn figures(self, node: Signal<Option<String>>, live: Live) -> Signal<Option<BatchFigures>> {
        let batch = self.0;
        let fetched = LocalResource::new(move || {
            let node = node.get();
            let batch = batch.get();
            live.log_seq.track();
            async move {
                let query = ScreeningQuery { node, batch: Some(batch?) };
                bridge::invoke::<_, TaskProgressReport>(commands::TASK_PROGRESS, &QueryArgs { query: &query }).await.ok()
            }
        });
        Signal::derive(move || {
            let chosen = batch.get()?;
            let report = fetched.get().flatten().filter(|r| r.batch.as_deref() == Some(chosen.as_str()))?;
            Some(report.children.into_iter().map(|child| (child.node.code, child.figures)).collect())
        })
    }
}

/// The fill of an area with these figures of the batch (none: nobody of the batch there).
pub fn fill(figures: Option<&TaskFigures>) -> String {
    completion_fill(figures.and_then(|f| f.completion_rate))
}

/// The legend of the batch on the map, with the way back to the metrics.
#[component]
pub fn BatchLegend(batch: String, on_close: Callback<()>) -> impl IntoView {
    let gradient = (0..=8).map(|k| ramp(1.0 - f64::from(k) / 8.0)).collect::<Vec<_>>().join(", ");
    let title = format!("排查完成率 · {batch}");
    view! {
        <div class="legend batch-legend" data-batch=batch>
            <span class="legend-title">{title}</span>
            <span class="legend-end">"0%"</span>
            <span class="legend-bar" style=format!("background: linear-gradient(to right, {gradient})")></span>
            <span class="legend-end">"100%"</span>
            <button class="notice-close" data-action="close-batch-map" title="退出排查上图" on:click=move |_| on_close.run(())>"×"</button>
        </div>
    }
}
