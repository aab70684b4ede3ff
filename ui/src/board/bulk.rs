//! The bulk bar (批量操作): when rows are ticked on the board, a commander's seat moves them
//! all to one unit (批量改派, the reassign dialog, all or nothing) or supervises them all
//! (批量督办, one step per ticket; the line says how many were taken and which were not).
//! Hooks: `.bulk-bar[data-picked]`, `[data-action="bulk-reassign"]`,
//! `[data-action="bulk-supervise"]`, `[data-action="bulk-clear"]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wangge_api::{ErrorCode, TicketAction, TicketVersion};

use super::calls;
use super::state::{Board, Notice};

#[component]
pub fn BulkBar(board: Board) -> impl IntoView {
    let busy = RwSignal::new(false);
    // The ticked tickets still on the board (a filter change may hide some).
    let on_board = move || {
        let picked = board.picked.get();
        board.data.with(|d| d.as_ref().map_or(0, |b| picked.iter().filter(|id| b.rows.iter().any(|r| r.id == **id)).count()))
    };
    let supervise = move |_| {
        let rows = board.picked_rows();
        let note = board.note.get_untracked().trim().to_string();
        let note = if note.is_empty() { "请加快办理".to_string() } else { note };
        busy.set(true);
        spawn_local(async move {
            let mut taken = Vec::new();
            let mut refused = Vec::new();
            for row in &rows {
                let ticket = TicketVersion { id: row.id, version: row.version };
                match calls::ticket_act(ticket, &TicketAction::Supervise { note: note.clone() }).await {
                    Ok(row) => taken.push(row),
                    Err(error) => refused.push(format!("#{}（{}）", row.id, error.message)),
                }
            }
            let _ = busy.try_set(false);
            let _ = board.picked.try_set(Vec::new());
            let message = format!("{} 张工单已督办", taken.len());
            if refused.is_empty() {
                board.written(&taken, message);
            } else {
                board.replace_rows(&taken);
                board.refetch();
                let message = format!("{message}；{} 张未能督办：{}", refused.len(), refused.join("，"));
                let _ = board.notice.try_set(Some(Notice { code: Some(ErrorCode::InvalidInput), message }));
            }
        });
    };
    move || {
        let count = on_board();
        (count > 0).then(|| {
            view! {
                <div class="bulk-bar" data-picked=count data-busy=move || busy.get().to_string()>
                    <span class="bulk-count">"已选 " {count} " 张工单"</span>
                    <button class="action primary" data-action="bulk-reassign" disabled=move || busy.get()
                        on:click=move |_| board.open_bulk_reassign()>"批量改派"</button>
                    <button class="action" data-action="bulk-supervise" disabled=move || busy.get() on:click=supervise>"批量督办"</button>
                    <button class="action" data-action="bulk-clear" disabled=move || busy.get()
                        on:click=move |_| board.picked.set(Vec::new())>"取消选择"</button>
                </div>
            }
        })
    }
}
