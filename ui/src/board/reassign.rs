//! The reassign dialog (改派): pick the unit (prefilled when a row was dropped on a card),
//! give the reason (required), confirm. It moves one ticket, or the tickets picked on the
//! board (批量改派), all or nothing. A conflict closes it with the message and the rows
//! as they stand now; other refusals stay in the dialog. Hooks: `.reassign-dialog`
//! (`data-ticket-id` — the first ticket —, `data-ticket-count`, `data-to-unit`), `.reassign-unit`, `.reassign-reason`,
//! `[data-action="confirm-reassign"]`, `[data-action="cancel-reassign"]`. Escape cancels.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wangge_api::{ErrorCode, Reassign, TicketVersion};

use super::calls;
use super::format;
use super::state::{Board, ReassignDraft};

/// The dialog while one is open.
#[component]
pub fn ReassignLayer(board: Board) -> impl IntoView {
    move || board.dialog.get().map(|draft| view! { <ReassignDialog draft=draft board=board /> })
}

#[component]
fn ReassignDialog(draft: ReassignDraft, board: Board) -> impl IntoView {
    let rows = draft.rows.clone();
    let Some(row) = rows.first().cloned() else { return ().into_any() };
    let count = rows.len();
    let to_unit = RwSignal::new(draft.to_unit.clone());
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    // What is wrong: the UI's words, or the backend's refusal (`true`: data, not translated).
    let problem = RwSignal::new(None::<(String, bool)>);
    // A unit that already owns any of the tickets is no destination for all of them.
    let owners: Vec<String> = rows.iter().flat_map(|r| r.owners.iter().cloned()).collect();
    let from_unit = draft.from_unit.clone();
    // A name is data; "the handling unit" when none is named is the UI's own words.
    let from_name = from_unit.as_deref().map(|u| (board.owner_name(&row, u), format::triage_name(u).is_none().then_some("no")));
    let tickets: Vec<TicketVersion> = rows.iter().map(|r| TicketVersion { id: r.id, version: r.version }).collect();

    let choices = board
        .units()
        .into_iter()
        .filter(|u| !owners.contains(&u.code))
        .map(|u| {
            let code = u.code.clone();
            // A unit's name is data; triage is named in the UI's words.
            let (name, translate) = match format::triage_name(&u.code) {
                Some(triage) => (triage.to_string(), None),
                None => (u.name.clone(), Some("no")),
            };
            view! {
                <option value=u.code.clone() prop:selected=move || to_unit.with(|t| *t == code)>
                    <span translate=translate>{name}</span>
                    {tf!(" （在办 {}）", " ({} open)", u.open)}
                </option>
            }
        })
        .collect_view();
    // The unit is usually chosen already (the card it was dropped on): the reason is next.
    let reason_field = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(field) = reason_field.get() {
            let _ = field.focus();
        }
    });
    let ready = move || !busy.get() && !to_unit.with(String::is_empty) && !reason.with(|r| r.trim().is_empty());
    let cancel = move |_| board.dialog.set(None);
    let confirm = {
        let owners = owners.clone();
        move |_| {
            let to = to_unit.get_untracked();
            let why = reason.get_untracked().trim().to_string();
            if to.is_empty() {
                problem.set(Some((t!("请选择改派到的单位", "Please choose the unit to reassign to").to_string(), false)));
                return;
            }
            if owners.contains(&to) {
                problem.set(Some((t!("该单位已是承办单位", "That unit already handles it").to_string(), false)));
                return;
            }
            if why.is_empty() {
                problem.set(Some((t!("请填写改派理由", "Please give a reason for reassigning").to_string(), false)));
                return;
            }
            let request = Reassign { tickets: tickets.clone(), from_unit: from_unit.clone(), to_unit: to.clone(), reason: why };
            busy.set(true);
            problem.set(None);
            spawn_local(async move {
                match calls::reassign(&request).await {
                    Ok(rows) => {
                        let _ = board.dialog.try_set(None);
                        let name = board.unit_name(&to);
                        let message = match request.tickets.as_slice() {
                            [one] => tf!("工单 #{} 已改派至 {}", "Ticket #{} reassigned to {}", one.id, name),
                            several => tf!("{} 张工单已改派至 {}", "{} tickets reassigned to {}", several.len(), name),
                        };
                        board.picked.set(Vec::new());
                        let data = if format::triage_name(&to).is_some() { Vec::new() } else { vec![name] };
                        board.written(&rows, message, data);
                    }
                    Err(error) if error.code == ErrorCode::Conflict => {
                        let _ = board.dialog.try_set(None);
                        board.fail(error);
                    }
                    Err(error) => {
                        let _ = problem.try_set(Some((error.message, true)));
                        let _ = busy.try_set(false);
                    }
                }
            });
        }
    };
    view! {
        <div class="dialog-backdrop" on:keydown=move |e| if e.key() == "Escape" { board.dialog.set(None) }>
            <div class="reassign-dialog" role="dialog" aria-label=t!("改派工单", "Reassign ticket")
                data-ticket-id=row.id data-ticket-count=count data-to-unit=move || to_unit.get() data-busy=move || busy.get().to_string()>
                {if count == 1 {
                    view! {
                        <h3>{t!("改派工单 #", "Reassign ticket #")} {row.id}</h3>
                        <p class="dialog-ticket">
                            {row.category_in(crate::i18n::language()).to_string()} " · " <span translate="no">{row.summary.clone()}</span>
                        </p>
                    }.into_any()
                } else {
                    let ids = rows.iter().map(|r| format!("#{}", r.id)).collect::<Vec<_>>().join(format::list_separator());
                    view! {
                        <h3>{tf!("批量改派 {count} 张工单", "Reassign {count} tickets")}</h3>
                        <p class="dialog-ticket">{ids}</p>
                    }.into_any()
                }}
                <p class="dialog-from">
                    {t!("从 ", "From ")}
                    <b>{match from_name {
                        Some((name, translate)) => view! { <span translate=translate>{name}</span> }.into_any(),
                        None => t!("原承办单位", "the current handling unit").into_any(),
                    }}</b>
                    {t!(" 改派至：", " to:")}
                </p>
                <select class="reassign-unit" prop:value=move || to_unit.get()
                    on:change=move |e| to_unit.set(event_target_value(&e))>
                    <option value="">{t!("— 选择单位 —", "— choose a unit —")}</option>
                    {choices}
                </select>
                <label class="dialog-label" for="reassign-reason">{t!("改派理由（必填）", "Reason for reassigning (required)")}</label>
                <textarea id="reassign-reason" class="reassign-reason" rows="3" node_ref=reason_field placeholder=t!("例如：不属本单位职责，应由…办理", "e.g. not this unit's duty; should be handled by …")
                    prop:value=move || reason.get() on:input=move |e| reason.set(event_target_value(&e))></textarea>
                {move || {
                    problem.get().map(|(p, data)| view! { <p class="dialog-problem" translate=data.then_some("no")>{p}</p> })
                }}
                <div class="dialog-buttons">
                    <button class="action" data-action="cancel-reassign" on:click=cancel>{t!("取消", "Cancel")}</button>
                    <button class="action primary" data-action="confirm-reassign" disabled=move || !ready() on:click=confirm>
                        {t!("确认改派", "Reassign")}
                    </button>
                </div>
            </div>
        </div>
    }
    .into_any()
}
