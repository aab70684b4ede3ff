//! The card for the child under the pointer (or the selected micro-grid): its name and the
//! headline figures, so a commander can compare areas without drilling in.

use leptos::prelude::*;

use crate::figures::Value;
use crate::map::Area;

/// Headline figures of one area, live.
#[component]
pub fn HoverCard(
    /// The areas on screen.
    areas: StoredValue<Vec<Area>>,
    /// Which of them is under the pointer.
    hovered: RwSignal<Option<usize>>,
    /// The micro-grid selected on the map, shown when the pointer is over no area.
    selected: RwSignal<Option<usize>>,
) -> impl IntoView {
    move || {
        let index = hovered.get().or_else(|| selected.get())?;
        let item = areas.with_value(|areas| areas.get(index).cloned())?;
        let figures = item.figures;
        let cell = move |label: &'static str, read: fn(&wangge_api::Figures) -> Value| {
            view! {
                <div class="hover-figure">
                    <span class="figure-label">{label}</span>
                    <span class="hover-value">{move || read(&figures.get()).display()}</span>
                </div>
            }
        };
        Some(view! {
            <div class="hover-card" data-hover-code=item.area.node.code.clone()>
                <div class="hover-head">
                    <span class="panel-level">{item.area.node.level.label_zh()}</span>
                    <strong>{item.area.node.name.clone()}</strong>
                </div>
                {cell("在管隔离", |f| Value::Count(f.isolations_active))}
                {cell("复工率", |f| Value::Rate(f.resumption_rate))}
                {cell("超期工单", |f| Value::Count(f.tickets_overdue))}
                {cell("受理工单", |f| Value::Count(f.tickets_received))}
            </div>
        })
    }
}
