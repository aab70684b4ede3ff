//! The way back up the hierarchy: district → street → community → grid → micro-grid.

use leptos::prelude::*;
use wangge_api::NodeRef;

/// The breadcrumb of the focused node. Every ancestor is a button that refocuses the map on
/// it; the last entry is the focused node itself and is not clickable.
#[component]
pub fn Breadcrumb(
    /// From the district (first) to the focused node (last).
    trail: Vec<NodeRef>,
    /// Called with the code of the ancestor to go back to.
    on_go: Callback<String>,
) -> impl IntoView {
    let last = trail.len().saturating_sub(1);
    let crumbs = trail
        .into_iter()
        .enumerate()
        .map(|(i, node)| {
            let level = node.level.label_in(crate::i18n::language());
            let separator = (i > 0).then(|| view! { <span class="crumb-sep">"›"</span> });
            let crumb = if i == last {
                view! {
                    <span class="crumb current" data-crumb-code=node.code.clone() title=level>
                        <span translate="no">{node.name.clone()}</span>
                    </span>
                }
                .into_any()
            } else {
                let code = node.code.clone();
                view! {
                    <button class="crumb" data-crumb-code=node.code.clone() title=level
                        on:click=move |_| on_go.run(code.clone())>
                        <span translate="no">{node.name.clone()}</span>
                    </button>
                }
                .into_any()
            };
            view! { {separator} {crumb} }
        })
        .collect_view();
    view! { <nav class="breadcrumb" aria-label=t!("层级", "Levels")>{crumbs}</nav> }
}
