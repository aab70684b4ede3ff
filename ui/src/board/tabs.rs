//! The switch beside the map between the figures panel (指标), the work board (工单) and the
//! audit view (审计). Buttons carry `data-tab` (`figures`, `board`, `audit`).

use leptos::prelude::*;

/// What the right-hand side of the window shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelTab {
    Figures,
    Board,
    Audit,
}

impl PanelTab {
    fn key(self) -> &'static str {
        match self {
            PanelTab::Figures => "figures",
            PanelTab::Board => "board",
            PanelTab::Audit => "audit",
        }
    }

    fn label_zh(self) -> &'static str {
        match self {
            PanelTab::Figures => "指标",
            PanelTab::Board => "工单",
            PanelTab::Audit => "审计",
        }
    }
}

#[component]
pub fn PanelTabs(tab: RwSignal<PanelTab>) -> impl IntoView {
    let audit = crate::app::abilities().audit;
    let buttons = [PanelTab::Figures, PanelTab::Board, PanelTab::Audit]
        .into_iter()
        .filter(|t| *t != PanelTab::Audit || audit)
        .map(|t| {
            view! {
                <button class="metric-button tab" class:active=move || tab.get() == t
                    data-tab=t.key() aria-pressed=move || (tab.get() == t).to_string()
                    on:click=move |_| tab.set(t)>
                    {t.label_zh()}
                </button>
            }
        })
        .collect_view();
    view! { <div class="panel-tabs" role="group" aria-label="右侧面板">{buttons}</div> }
}
