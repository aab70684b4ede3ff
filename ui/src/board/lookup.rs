//! 查工单: a ticket by its number (what a citizen calling about progress gives), opened in the
//! detail whatever the board's filter, if this seat may see it. Hook: `.ticket-lookup`
//! (Enter opens; `#` and spaces are ignored).

use leptos::prelude::*;
use wangge_api::ErrorCode;

use super::state::{Board, Notice};

/// The ticket number typed, if it is one.
fn ticket_number(text: &str) -> Option<i64> {
    text.trim().trim_start_matches(['#', '＃']).trim().parse::<i64>().ok().filter(|id| *id > 0)
}

#[component]
pub fn TicketLookup(board: Board) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let open = move || match ticket_number(&text.get_untracked()) {
        Some(id) => {
            board.notice.set(None);
            board.select(Some(id));
        }
        None => board.notice.set(Some(Notice::words(
            Some(ErrorCode::InvalidInput),
            t!("请输入工单号（数字）", "Enter a ticket number (digits)").to_string(),
        ))),
    };
    view! {
        <label class="filter ticket-lookup-field">
            <span class="figure-label">{t!("查工单", "Find ticket")}</span>
            <input class="ticket-lookup" type="search" inputmode="numeric" placeholder=t!("工单号", "Ticket no.")
                prop:value=move || text.get()
                on:input=move |e| text.set(event_target_value(&e))
                on:keydown=move |e| if e.key() == "Enter" { open() } />
        </label>
    }
}
