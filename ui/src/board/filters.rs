//! The board's filter controls: unit, status, SLA state and "需要我处理" (each writes one
//! field of the filter; the board refetches when the filter changes), and 查工单 by number.

use leptos::prelude::*;
use wangge_api::{SlaState, TicketStatus};

use super::format;
use super::lookup::TicketLookup;
use super::state::Board;

#[component]
pub fn Filters(board: Board) -> impl IntoView {
    // Only the names and codes: the options are redrawn when the units change, not their counts.
    let names = Memo::new(move |_| board.units().into_iter().map(|u| (u.code, u.name)).collect::<Vec<_>>());
    let units = move || {
        names
            .get()
            .into_iter()
            .map(|(code, name)| {
                let chosen = code.clone();
                // A unit's name is data; triage is named in the UI's words.
                let (name, translate) = match format::triage_name(&code) {
                    Some(triage) => (triage.to_string(), None),
                    None => (name, Some("no")),
                };
                view! {
                    <option value=code translate=translate prop:selected=move || board.filter.with(|f| f.unit.as_ref() == Some(&chosen))>
                        {name}
                    </option>
                }
            })
            .collect_view()
    };
    let language = crate::i18n::language();
    let statuses = TicketStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{s.label_in(language)}</option> }).collect_view();
    let slas = SlaState::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{s.label_in(language)}</option> }).collect_view();
    view! {
        <div class="board-filters" role="group" aria-label=t!("筛选", "Filters")>
            <label class="filter">
                <span class="figure-label">{t!("单位", "Unit")}</span>
                <select class="filter-unit"
                    prop:value=move || board.filter.with(|f| f.unit.clone().unwrap_or_default())
                    on:change=move |e| {
                        let value = event_target_value(&e);
                        board.filter.update(|f| f.unit = (!value.is_empty()).then_some(value));
                    }>
                    <option value="">{t!("全部单位", "All units")}</option>
                    {units}
                </select>
            </label>
            <label class="filter">
                <span class="figure-label">{t!("状态", "Status")}</span>
                <select class="filter-status"
                    prop:value=move || board.filter.with(|f| f.status.map(|s| s.as_str()).unwrap_or_default())
                    on:change=move |e| {
                        let value = event_target_value(&e);
                        board.filter.update(|f| f.status = TicketStatus::ALL.into_iter().find(|s| s.as_str() == value));
                    }>
                    <option value="">{t!("全部状态", "All statuses")}</option>
                    {statuses}
                </select>
            </label>
            <label class="filter">
                <span class="figure-label">{t!("时限", "Deadline")}</span>
                <select class="filter-sla"
                    prop:value=move || board.filter.with(|f| f.sla.map(|s| s.as_str()).unwrap_or_default())
                    on:change=move |e| {
                        let value = event_target_value(&e);
                        board.filter.update(|f| f.sla = SlaState::ALL.into_iter().find(|s| s.as_str() == value));
                    }>
                    <option value="">{t!("全部", "All")}</option>
                    {slas}
                </select>
            </label>
            <label class="filter filter-toggle">
                <input type="checkbox" class="filter-mine"
                    prop:checked=move || board.filter.with(|f| f.needs_my_action)
                    on:change=move |e| {
                        let on = event_target_checked(&e);
                        board.filter.update(|f| f.needs_my_action = on);
                    } />
                <span>{t!("需要我处理", "Needs my action")}</span>
            </label>
            <TicketLookup board=board />
        </div>
    }
}
