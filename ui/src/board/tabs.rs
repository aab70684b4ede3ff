//! The switch beside the map between the figures panel (指标), the work board (工单), the
//! enterprises (企业), the screening batches (排查), rental housing (出租), the register view
//! (登记) and the audit view (审计). Buttons carry `data-tab` (`figures`, `board`,
//! `enterprises`, `screening`, `rental`, `registers`, `audit`).

use leptos::prelude::*;

/// What the right-hand side of the window shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelTab {
    Figures,
    Board,
    Enterprises,
    Screening,
    Rental,
    Registers,
    Audit,
}

impl PanelTab {
    fn key(self) -> &'static str {
        match self {
            PanelTab::Figures => "figures",
            PanelTab::Board => "board",
            PanelTab::Enterprises => "enterprises",
            PanelTab::Screening => "screening",
            PanelTab::Rental => "rental",
            PanelTab::Registers => "registers",
            PanelTab::Audit => "audit",
        }
    }

    /// The tab's name in the page's language.
    fn label(self) -> &'static str {
        match self {
            PanelTab::Figures => t!("指标", "Figures"),
            PanelTab::Board => t!("工单", "Tickets"),
            PanelTab::Enterprises => t!("企业", "Enterprises"),
            PanelTab::Screening => t!("排查", "Screening"),
            PanelTab::Rental => t!("出租", "Rentals"),
            PanelTab::Registers => t!("登记", "Registers"),
            PanelTab::Audit => t!("审计", "Audit"),
        }
    }
}

#[component]
pub fn PanelTabs(tab: RwSignal<PanelTab>) -> impl IntoView {
    let abilities = crate::app::abilities();
    let buttons = [
        PanelTab::Figures,
        PanelTab::Board,
        PanelTab::Enterprises,
        PanelTab::Screening,
        PanelTab::Rental,
        PanelTab::Registers,
        PanelTab::Audit,
    ]
    .into_iter()
    .filter(|t| match t {
        PanelTab::Audit => abilities.audit,
        // Names and ID numbers only: not offered to roles that may not see them.
        PanelTab::Registers => abilities.personal_data,
        _ => true,
    })
    .map(|t| {
        view! {
            <button class="metric-button tab" class:active=move || tab.get() == t
                data-tab=t.key() aria-pressed=move || (tab.get() == t).to_string()
                on:click=move |_| tab.set(t)>
                {t.label()}
            </button>
        }
    })
    .collect_view();
    view! { <div class="panel-tabs" role="group" aria-label=t!("右侧面板", "Side panel")>{buttons}</div> }
}
