//! The figures panel: every figure of the focused node, grouped, in large type, live, each
//! with its change since the end of the day before (较前一日); under its head the node's
//! warning levels of the last month (`crate::warning_history`).

use leptos::prelude::*;
use wangge_api::{Figures, LevelCounts, NodeRef};

use crate::figures::{change, display, exact, group_thousands, groups};
use crate::live::Live;
use crate::warning_history::WarningHistoryStrip;

/// All figures of the focused node. Each value cell carries `data-metric` (the snake_case
/// field name) and `data-value` (the exact count or rate) for tests and screen readers; only
/// the text of the cells whose value changed is rewritten when an event arrives.
#[component]
pub fn FiguresPanel(
    /// The focused node.
    node: NodeRef,
    /// Its live figures.
    figures: RwSignal<Figures>,
    /// How many nodes of each level lie under it, when known.
    levels: Signal<Option<LevelCounts>>,
    /// Its figures at the end of the day before the day shown, when known.
    previous: Signal<Option<Figures>>,
    /// The live registry, whose `log_seq` refreshes the warning history.
    live: Live,
) -> impl IntoView {
    let language = crate::i18n::language();
    let groups = groups()
        .map(|(group, members)| {
            let rows = members
                .into_iter()
                .map(|figure| {
                    view! {
                        <div class="figure">
                            <span class="figure-label">{figure.label_in(language)}</span>
                            <span class="figure-value"
                                data-metric=figure.name
                                data-value=move || exact(figures.get().value(figure))>
                                {move || display(figures.get().value(figure))}
                            </span>
                            <span class="figure-change" data-change-of=figure.name title=t!("较前一日", "Since the day before")>
                                {move || previous.get().map(|before| change(figure, figures.get().value(figure), before.value(figure)))}
                            </span>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <section class="figure-group">
                    <h3>{group.title_in(language)}</h3>
                    <div class="figure-grid">{rows}</div>
                </section>
            }
        })
        .collect_view();
    view! {
        <aside class="panel" data-node-code=node.code.clone()>
            <header class="panel-head">
                <span class="panel-level">{node.level.label_in(language)}</span>
                <h2 class="panel-name" translate="no">{node.name.clone()}</h2>
                <span class="panel-code">{node.code.clone()}</span>
                <LevelLine levels=levels />
            </header>
            <WarningHistoryStrip node=node.code.clone() live=live />
            {groups}
        </aside>
    }
}

/// "街道 13 · 社区 150 · 网格 605 · 微网格 7,424" under the node's name.
#[component]
fn LevelLine(levels: Signal<Option<LevelCounts>>) -> impl IntoView {
    move || {
        levels.get().map(|l| {
            let parts: Vec<String> = [
                (t!("街道", "Streets"), l.street),
                (t!("社区", "Communities"), l.community),
                (t!("网格", "Grids"), l.grid),
                (t!("微网格", "Micro-grids"), l.micro_grid),
            ]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(name, n)| format!("{name} {}", group_thousands(n)))
            .collect();
            view! { <p class="panel-levels">{parts.join(" · ")}</p> }
        })
    }
}
