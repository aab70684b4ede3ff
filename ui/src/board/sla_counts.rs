//! The SLA counts over every matching ticket (not only the rows shown): one chip per state,
//! coloured like the rows' chips, with the total. A click filters the rows to that state.
//! Each count carries `data-sla-count` (the state) and `data-value`.

use leptos::prelude::*;
use wangge_api::SlaState;

use super::state::Board;

#[component]
pub fn SlaCounts(board: Board) -> impl IntoView {
    let count = move |state: SlaState| {
        board.data.with(|d| d.as_ref().and_then(|b| b.by_sla.iter().find(|(s, _)| *s == state).map(|(_, n)| *n)).unwrap_or(0))
    };
    let total = move || board.data.with(|d| d.as_ref().map(|b| b.total).unwrap_or(0));
    let chips = SlaState::ALL
        .into_iter()
        .map(|state| {
            let pick = move |_| board.filter.update(|f| f.sla = if f.sla == Some(state) { None } else { Some(state) });
            view! {
                <button class=format!("sla-count sla-{}", state.as_str())
                    class:active=move || board.filter.with(|f| f.sla == Some(state))
                    data-sla-count=state.as_str() data-value=move || count(state) on:click=pick>
                    <span class="figure-label">{state.label_in(crate::i18n::language())}</span>
                    <b>{move || count(state)}</b>
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="sla-counts">
            <span class="sla-total" data-board-total=total>
                <span class="figure-label">{t!("工单", "Tickets")}</span><b>{total}</b>
            </span>
            {chips}
        </div>
    }
}
