//! The steps a seat takes on the selected ticket: 签收, 开始办理, 办结, 督办, 退回 and 改派
//! (which opens the reassign dialog). Each names the version the seat saw; a conflict
//! comes back with the ticket as it stands now. Buttons carry `data-action`. 督办 and 改派
//! move work between units: only a commander's seat offers them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wangge_api::{TicketAction, TicketDetail, TicketStatus, TicketVersion};

use super::calls;
use super::state::{Board, Notice};

/// Whether a status still waits on somebody (not resolved or later).
fn open(status: TicketStatus) -> bool {
    matches!(status, TicketStatus::Received | TicketStatus::Accepted | TicketStatus::InProgress | TicketStatus::Suspended)
}

#[component]
pub fn TicketActions(detail: TicketDetail, board: Board) -> impl IntoView {
    let row = detail.row.clone();
    let ticket = TicketVersion { id: row.id, version: row.version };
    let status = row.status;
    let busy = RwSignal::new(false);
    let owners = row.owners.clone();
    let first_owner = owners.first().cloned().unwrap_or_default();
    let unit = move || board.acting_unit.get().unwrap_or_else(|| first_owner.clone());
    let unaccepted = detail.unit_deadlines.iter().any(|d| !d.accepted);

    let run = move |action: TicketAction, done: &'static str| {
        busy.set(true);
        spawn_local(async move {
            match calls::ticket_act(ticket, &action).await {
                Ok(row) => {
                    board.note.set(String::new());
                    board.written(&[row], format!("工单 #{} 已{done}", ticket.id));
                }
                Err(error) => board.fail(error),
            }
            let _ = busy.try_set(false);
        });
    };
    let needs_note = move |what: &str| -> Option<String> {
        let note = board.note.get_untracked().trim().to_string();
        if note.is_empty() {
            board.notice.set(Some(Notice { code: Some(wangge_api::ErrorCode::InvalidInput), message: format!("请先填写{what}") }));
            None
        } else {
            Some(note)
        }
    };
    let unit_for = unit.clone();
    let accept = {
        let unit = unit_for.clone();
        move |_| run(TicketAction::Accept { unit: unit() }, "签收")
    };
    let start = {
        let unit = unit_for.clone();
        move |_| run(TicketAction::Start { unit: unit() }, "开始办理")
    };
    let resolve = {
        let unit = unit_for.clone();
        move |_| {
            if let Some(note) = needs_note("办结说明") {
                run(TicketAction::Resolve { unit: unit(), note }, "办结")
            }
        }
    };
    let send_back = {
        let unit = unit_for.clone();
        move |_| {
            if let Some(reason) = needs_note("退回理由") {
                run(TicketAction::Return { unit: unit(), reason }, "退回")
            }
        }
    };
    let supervise = move |_| {
        let note = board.note.get_untracked().trim().to_string();
        let note = if note.is_empty() { "请加快办理".to_string() } else { note };
        run(TicketAction::Supervise { note }, "督办")
    };
    let reassign_row = row.clone();
    let reassign = move |_| board.open_reassign(reassign_row.clone(), String::new());

    let owner_picker = (owners.len() > 1).then(|| {
        let options = owners.iter().map(|code| view! { <option value=code.clone()>{board.unit_name(code)}</option> }).collect_view();
        view! {
            <label class="filter">
                <span class="figure-label">"承办单位"</span>
                <select class="acting-unit" prop:value=unit.clone()
                    on:change=move |e| board.acting_unit.set(Some(event_target_value(&e)))>
                    {options}
                </select>
            </label>
        }
    });
    let can_accept = status == TicketStatus::Received || (open(status) && unaccepted);
    let can_start = status == TicketStatus::Accepted;
    let can_resolve = matches!(status, TicketStatus::Accepted | TicketStatus::InProgress);
    let can_return = matches!(status, TicketStatus::Received | TicketStatus::Accepted);
    let can_reassign = matches!(status, TicketStatus::Received | TicketStatus::Accepted | TicketStatus::InProgress);
    let can_supervise = open(status);
    let disabled = move |allowed: bool| move || busy.get() || !allowed;
    let commands = crate::app::abilities().commands;
    let commander_buttons = commands.then(|| {
        view! {
            <button class="action" data-action="supervise" disabled=disabled(can_supervise) on:click=supervise>"督办"</button>
            <button class="action primary" data-action="reassign" disabled=disabled(can_reassign) on:click=reassign>"改派"</button>
        }
    });
    view! {
        <div class="ticket-actions" data-busy=move || busy.get().to_string()>
            {owner_picker}
            <textarea class="action-note" rows="2" placeholder="说明（办结说明、退回理由、督办意见）"
                prop:value=move || board.note.get()
                on:input=move |e| board.note.set(event_target_value(&e))></textarea>
            <div class="action-buttons">
                <button class="action" data-action="accept" disabled=disabled(can_accept) on:click=accept>"签收"</button>
                <button class="action" data-action="start" disabled=disabled(can_start) on:click=start>"开始办理"</button>
                <button class="action" data-action="resolve" disabled=disabled(can_resolve) on:click=resolve>"办结"</button>
                <button class="action" data-action="return" disabled=disabled(can_return) on:click=send_back>"退回"</button>
                {commander_buttons}
            </div>
        </div>
    }
}
