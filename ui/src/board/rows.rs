//! The ticket rows: number, category, summary, owners (by name), status, SLA chip and countdown. A
//! click selects a row (its detail opens); a press and move drags it towards a unit card.
//! Each row carries `data-ticket-id`, `data-version`, `data-owners` (comma-separated unit
//! codes), `data-status` and `data-sla` for tests. A commander's rows have a tick box
//! (`.ticket-pick`) for the bulk steps.

use leptos::prelude::*;
use wangge_api::TicketRow;

use super::drag::Dragger;
use super::format;
use super::state::Board;

/// The rows of the board, most urgent first (as the shell sorts them).
#[component]
pub fn TicketRows(board: Board, dragger: Dragger) -> impl IntoView {
    let rows = move || board.data.with(|d| d.as_ref().map(|b| b.rows.clone()).unwrap_or_default());
    let empty = move || board.data.with(|d| d.as_ref().is_some_and(|b| b.rows.is_empty()));
    // An account without personal data gets the counts only: say so, rather than "none".
    let personal_data = crate::app::abilities().personal_data;
    let counts_only = move || !personal_data && board.data.with(|d| d.as_ref().is_some_and(|b| b.total > 0));
    let empty_text = move || {
        if counts_only() {
            t!("本账号只看汇总数字，不显示工单明细", "This account sees totals only, not the tickets themselves")
        } else {
            t!("没有符合条件的工单", "No tickets match")
        }
    };
    view! {
        <div class="ticket-list" role="list">
            <Show when=empty>
                <p class="board-empty" data-counts-only=move || counts_only().to_string()>{empty_text}</p>
            </Show>
            // Keyed by everything shown, so a row is redrawn exactly when it changed.
            <For each=rows key=|row| format!("{row:?}") let(row)>
                <Row row=row board=board dragger=dragger />
            </For>
        </div>
    }
}

/// A ticket's owners by name, joined: each name is data, marked not to be translated
/// (triage is named in the UI's words).
pub fn owners_view(board: Board, row: &TicketRow) -> impl IntoView {
    let separator = format::list_separator();
    row.owners
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let translate = format::triage_name(code).is_none().then_some("no");
            view! { {(i > 0).then_some(separator)}<span translate=translate>{board.owner_name(row, code)}</span> }
        })
        .collect_view()
}

#[component]
fn Row(row: TicketRow, board: Board, dragger: Dragger) -> impl IntoView {
    let id = row.id;
    // By name (the row carries them), so owners beyond the cards read well too.
    let owners = owners_view(board, &row);
    let language = crate::i18n::language();
    let pressed = row.clone();
    let mouse_pressed = row.clone();
    let select = move || board.select(Some(id));
    // Only a commander moves work between units.
    let commands = crate::app::abilities().commands;
    view! {
        <div class="ticket-row" role="listitem" tabindex="0"
            class:selected=move || board.selected.get() == Some(id)
            class:dragging=move || dragger.dragging_id() == Some(id)
            class:supervised=row.supervised
            class:pickable=commands
            data-ticket-id=id data-version=row.version data-owners=row.owners.join(",")
            data-status=row.status.as_str() data-sla=row.sla.map(|s| s.as_str()).unwrap_or("none")
            data-remaining-secs=row.remaining_working_secs.map(|s| s.to_string()).unwrap_or_default()
            on:pointerdown=move |e| if commands {
                dragger.press(pressed.clone(), f64::from(e.client_x()), f64::from(e.client_y()), e.button())
            }
            on:mousedown=move |e| {
                // No text selection starting here and spreading over the cards while dragging.
                if commands && e.button() == 0 {
                    e.prevent_default();
                    dragger.press(mouse_pressed.clone(), f64::from(e.client_x()), f64::from(e.client_y()), e.button())
                }
            }
            on:click=move |_| if !dragger.swallow_click() { select() }
            on:keydown=move |e| if e.key() == "Enter" { select() }>
            {commands.then(|| view! {
                // Ticking is not selecting, and a press on the box starts no drag.
                <input type="checkbox" class="ticket-pick" title=t!("选中以批量操作", "Tick for a bulk step")
                    prop:checked=move || board.picked.with(|p| p.contains(&id))
                    on:pointerdown=|e| e.stop_propagation()
                    on:mousedown=|e| e.stop_propagation()
                    on:click=move |e| {
                        e.stop_propagation();
                        board.toggle_pick(id);
                    } />
            })}
            <span class="ticket-id">"#" {id}</span>
            <span class="ticket-category">{row.category_in(language).to_string()}</span>
            <span class="ticket-summary" translate="no" title=row.summary.clone()>{row.summary.clone()}</span>
            <span class="ticket-owners">{owners}</span>
            <span class="ticket-status">{row.status.label_in(language)}</span>
            <span class=format::sla_class(row.sla)>{format::sla_label(row.sla)}</span>
            <span class="ticket-countdown" class:overdue=row.remaining_working_secs.is_some_and(|s| s < 0)>
                {format::countdown(row.remaining_working_secs)}
            </span>
            {row.supervised.then(|| view! { <span class="supervised-mark" title=t!("督办", "Supervised")>{t!("督", "Sup.")}</span> })}
        </div>
    }
}
