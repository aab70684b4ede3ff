//! The selected ticket: what it is about (owners by name), its clocks per owning unit, the steps one may take
//! and its timeline (who did what when, status before and after). Hooks:
//! `.ticket-detail[data-ticket-id]`, `.unit-deadline[data-unit]`, `.timeline-entry[data-kind]`.

use leptos::prelude::*;
use wangge_api::TicketDetail;

use super::actions::TicketActions;
use super::form;
use super::format;
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
                    <p>"工单 #" {selected} " 加载中…"</p>
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
    let owners = row.owners.iter().map(|code| board.owner_name(&row, code)).collect::<Vec<_>>().join("、");
    let deadlines = detail
        .unit_deadlines
        .iter()
        .map(|d| {
            let when = |t: Option<i64>| t.map(format::local_time).unwrap_or_else(|| "—".to_string());
            view! {
                <tr class="unit-deadline" data-unit=d.unit.clone() data-accepted=d.accepted.to_string()>
                    <td>{board.owner_name(&row, &d.unit)}</td>
                    <td>{if d.accepted { "已签收" } else { "未签收" }}</td>
                    <td>{when(d.acceptance_deadline)}</td>
                    <td>{when(d.resolution_deadline)}</td>
                    <td><span class=format::sla_class(d.sla)>{format::sla_label(d.sla)}</span></td>
                </tr>
            }
        })
        .collect_view();
    // Names, not codes; a ticket in triage says why it is there.
    let place = match (&detail.place_names, &detail.unplaced_reason) {
        (Some(names), _) => names.clone(),
        (None, Some(reason)) => format!("待分拨（{reason}）"),
        (None, None) => "待分拨".to_string(),
    };
    let timeline = detail
        .timeline
        .iter()
        .map(|entry| {
            let change = (entry.status_before != entry.status_after)
                .then(|| format!("{} → {}", entry.status_before.label_zh(), entry.status_after.label_zh()));
            view! {
                <li class="timeline-entry" data-kind=entry.kind.clone() data-at=entry.at>
                    <span class="timeline-at">{format::local_time(entry.at)}</span>
                    <span class="timeline-actor">{entry.actor.clone()}</span>
                    <span class="timeline-description">{entry.description.clone()}</span>
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
                <span class="ticket-category">{row.category_zh.clone()}</span>
                <span class="ticket-status">{row.status.label_zh()}</span>
                <span class=format::sla_class(row.sla)>{format::sla_label(row.sla)}</span>
                <button class="detail-close" title="关闭" on:click=move |_| board.select(None)>"×"</button>
            </header>
            <p class="detail-summary">{row.summary.clone()}</p>
            <dl class="detail-facts">
                <dt>"来源"</dt><dd>{form::source_label(&detail.source).to_string()}</dd>
                <dt>"受理"</dt><dd>{format::local_time(row.received_at)}</dd>
                <dt>"办结时限"</dt><dd>{row.deadline.map(format::local_time).unwrap_or_else(|| "暂停".to_string())}</dd>
                <dt>"剩余"</dt><dd>{format::countdown(row.remaining_working_secs)}</dd>
                <dt>"承办"</dt><dd class="detail-owners">{owners}</dd>
                <dt>"位置"</dt><dd class="detail-place">{place}</dd>
            </dl>
            <TicketActions detail=detail.clone() board=board />
            <h4>"各单位时限"</h4>
            <table class="unit-deadlines">
                <thead><tr><th>"单位"</th><th>"签收"</th><th>"签收时限"</th><th>"办结时限"</th><th>"状态"</th></tr></thead>
                <tbody>{deadlines}</tbody>
            </table>
            <h4>"处理经过"</h4>
            <ol class="timeline">{timeline}</ol>
        </section>
    }
}
