//! The selected ticket: what it is about (owners by name), its clocks per owning unit, the steps one may take
//! and its timeline (who did what when, status before and after). Hooks:
//! `.ticket-detail[data-ticket-id]`, `.unit-deadline[data-unit]`, `.timeline-entry[data-kind]`.

use leptos::prelude::*;
use wangge_api::TicketDetail;

use super::actions::TicketActions;
use super::form;
use super::format;
use super::notice::marked;
use super::rows::owners_view;
use super::state::Board;

/// The detail of the selected ticket, beside the board; nothing when none is selected.
#[component]
pub fn DetailPane(board: Board) -> impl IntoView {
    move || {
        let selected = board.selected.get()?;
        let shown = board.detail.get().filter(|d| d.row.id == selected);
        Some(match shown {
            None => view! {
                <section class="ticket-detail loading-detail" data-ticket-id=selected>
                    <p>{tf!("工单 #{selected} 加载中…", "Loading ticket #{selected}…")}</p>
                </section>
            }
            .into_any(),
            Some(detail) => view! { <Detail detail=detail board=board /> }.into_any(),
        })
    }
}

#[component]
fn Detail(detail: TicketDetail, board: Board) -> impl IntoView {
    let row = detail.row.clone();
    let owners = owners_view(board, &row);
    let language = crate::i18n::language();
    let deadlines = detail
        .unit_deadlines
        .iter()
        .map(|d| {
            let when = |t: Option<i64>| t.map(format::local_time).unwrap_or_else(|| "—".to_string());
            view! {
                <tr class="unit-deadline" data-unit=d.unit.clone() data-accepted=d.accepted.to_string()>
                    <td translate=format::triage_name(&d.unit).is_none().then_some("no")>{board.owner_name(&row, &d.unit)}</td>
                    <td>{if d.accepted { t!("已签收", "Accepted") } else { t!("未签收", "Not accepted") }}</td>
                    <td>{when(d.acceptance_deadline)}</td>
                    <td>{when(d.resolution_deadline)}</td>
                    <td><span class=format::sla_class(d.sla)>{format::sla_label(d.sla)}</span></td>
                </tr>
            }
        })
        .collect_view();
    // Names, not codes; a ticket in triage says why it is there (in the seat's language, the
    // area it names marked as data).
    let place = match (&detail.place_names, &detail.unplaced_reason) {
        (Some(names), _) => view! { <span translate="no">{names.clone()}</span> }.into_any(),
        (None, Some(reason)) => view! {
            {t!("待分拨（", "Awaiting dispatch (")}
            <span class="unplaced-reason">{marked(reason, &detail.unplaced_quoted)}</span>
            {t!("）", ")")}
        }
        .into_any(),
        (None, None) => t!("待分拨", "Awaiting dispatch").into_any(),
    };
    let timeline = detail
        .timeline
        .iter()
        .map(|entry| {
            let change = (entry.status_before != entry.status_after)
                .then(|| format!("{} → {}", entry.status_before.label_in(language), entry.status_after.label_in(language)));
            view! {
                <li class="timeline-entry" data-kind=entry.kind.clone() data-at=entry.at>
                    <span class="timeline-at">{format::local_time(entry.at)}</span>
                    <span class="timeline-actor" translate="no">{entry.actor.clone()}</span>
                    <span class="timeline-description">{marked(&entry.description, &entry.quoted)}</span>
                    <span class="timeline-status">{change}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="ticket-detail" data-ticket-id=row.id data-version=row.version
            data-status=row.status.as_str() data-owners=row.owners.join(",")>
            <header class="detail-head">
                <span class="ticket-id">"#" {row.id}</span>
                <span class="ticket-category">{row.category_in(language).to_string()}</span>
                <span class="ticket-status">{row.status.label_in(language)}</span>
                <span class=format::sla_class(row.sla)>{format::sla_label(row.sla)}</span>
                <button class="detail-close" title=t!("关闭", "Close") on:click=move |_| board.select(None)>"×"</button>
            </header>
            <p class="detail-summary" translate="no">{row.summary.clone()}</p>
            <dl class="detail-facts">
                <dt>{t!("来源", "Source")}</dt><dd>{form::source_label(&detail.source).to_string()}</dd>
                <dt>{t!("受理", "Received")}</dt><dd>{format::local_time(row.received_at)}</dd>
                <dt>{t!("办结时限", "Resolve by")}</dt>
                <dd>{row.deadline.map(format::local_time).unwrap_or_else(|| t!("暂停", "Paused").to_string())}</dd>
                <dt>{t!("剩余", "Remaining")}</dt><dd>{format::countdown(row.remaining_working_secs)}</dd>
                <dt>{t!("承办", "Handled by")}</dt><dd class="detail-owners">{owners}</dd>
                <dt>{t!("位置", "Location")}</dt><dd class="detail-place">{place}</dd>
            </dl>
            <TicketActions detail=detail.clone() board=board />
            <h4>{t!("各单位时限", "Deadlines by unit")}</h4>
            <table class="unit-deadlines">
                <thead>
                    <tr>
                        <th>{t!("单位", "Unit")}</th>
                        <th>{t!("签收", "Accepted")}</th>
                        <th>{t!("签收时限", "Accept by")}</th>
                        <th>{t!("办结时限", "Resolve by")}</th>
                        <th>{t!("状态", "Status")}</th>
                    </tr>
                </thead>
                <tbody>{deadlines}</tbody>
            </table>
            <h4>{t!("处理经过", "History")}</h4>
            <ol class="timeline">{timeline}</ol>
        </section>
    }
}
