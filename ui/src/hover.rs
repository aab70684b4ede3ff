//! The card for the child under the pointer (or the selected micro-grid): its name and the
//! headline figures, so a commander can compare areas without drilling in.

use leptos::prelude::*;

use crate::figures::{display, HEADLINE};
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
        let cells = HEADLINE
            .into_iter()
            .map(|figure| {
                view! {
                    <div class="hover-figure">
                        <span class="figure-label">{figure.label_in(crate::i18n::language())}</span>
                        <span class="hover-value">{move || display(figures.get().value(figure))}</span>
                    </div>
                }
            })
            .collect_view();
        Some(view! {
            <div class="hover-card" data-hover-code=item.area.node.code.clone()>
                <div class="hover-head">
                    <span class="panel-level">{item.area.node.level.label_in(crate::i18n::language())}</span>
                    <strong translate="no">{item.area.node.name.clone()}</strong>
                </div>
                {cells}
            </div>
        })
    }
}
