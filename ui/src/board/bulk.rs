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
        let note = if note.is_empty() { t!("请加快办理", "Please speed this up").to_string() } else { note };
        busy.set(true);
        spawn_local(async move {
            let mut taken = Vec::new();
            let mut refused = Vec::new();
            for row in &rows {
                let ticket = TicketVersion { id: row.id, version: row.version };
                match calls::ticket_act(ticket, &TicketAction::Supervise { note: note.clone() }).await {
                    Ok(row) => taken.push(row),
                    Err(error) => refused.push((row.id, error.message)),
                }
            }
            let _ = busy.try_set(false);
            let _ = board.picked.try_set(Vec::new());
            let message = tf!("{} 张工单已督办", "Tickets supervised: {}", taken.len());
            if refused.is_empty() {
                board.written(&taken, message, Vec::new());
            } else {
                board.replace_rows(&taken);
                board.refetch();
                // The backend's reasons are data, shown as they are.
                let reasons = refused.iter().map(|(_, reason)| reason.clone()).collect::<Vec<_>>();
                let refused = refused
                    .iter()
                    .map(|(id, reason)| tf!("#{id}（{reason}）", "#{id} ({reason})"))
                    .collect::<Vec<_>>()
                    .join(t!("，", ", "));
                let message = tf!("{message}；{} 张未能督办：{refused}", "{message}; {} not supervised: {refused}", reasons.len());
                let _ = board.notice.try_set(Some(Notice { code: Some(ErrorCode::InvalidInput), message, data: reasons }));
            }
        });
    };
    move || {
        let count = on_board();
        (count > 0).then(|| {
            view! {
                <div class="bulk-bar" data-picked=count data-busy=move || busy.get().to_string()>
                    <span class="bulk-count">{tf!("已选 {count} 张工单", "Tickets selected: {count}")}</span>
                    <button class="action primary" data-action="bulk-reassign" disabled=move || busy.get()
                        on:click=move |_| board.open_bulk_reassign()>{t!("批量改派", "Reassign all")}</button>
                    <button class="action" data-action="bulk-supervise" disabled=move || busy.get() on:click=supervise>{t!("批量督办", "Supervise all")}</button>
                    <button class="action" data-action="bulk-clear" disabled=move || busy.get()
                        on:click=move |_| board.picked.set(Vec::new())>{t!("取消选择", "Clear selection")}</button>
                </div>
            }
        })
    }
}
