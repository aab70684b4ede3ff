//! The notice strip (top right): tickets that newly breached their deadline
//! (`sla-breached`) and warning levels that changed (`warning-changed`) in the part the seat
//! is looking at, grouped (`notice_groups.rs`), newest first, at most [`SHOWN`] at a time,
//! each dismissable, all of them at once with 全部关闭. Test hooks: `data-notice-kind`
//! (`breach` / `warning`), `data-ticket-id`, `data-node-code` (the areas, comma-separated),
//! `data-warning`, `[data-action="dismiss-all"]`.

use leptos::prelude::*;
use wangge_api::{TicketRow, WarningChange, WarningLevel};

use crate::notice_groups::{warning_notices, Piece};

/// How many notices the strip shows at once.
pub const SHOWN: usize = 5;
/// How many are kept (dismissing one brings the next up).
const KEPT: usize = 50;

#[derive(Clone, PartialEq)]
pub enum NoticeKind {
    Breach { ticket: i64 },
    Warning { codes: Vec<String>, level: WarningLevel },
}

#[derive(Clone, PartialEq)]
pub struct Notice {
    /// Local id, for dismissing.
    pub id: u64,
    pub kind: NoticeKind,
    /// Its words and data (`notice_groups::Piece`): data is marked not to be translated.
    pub pieces: Vec<Piece>,
}

/// The notices heard so far, newest first.
#[derive(Clone, Copy)]
pub struct Notices {
    list: RwSignal<Vec<Notice>>,
    next: StoredValue<u64>,
    /// The node the seat is looking at, by code (empty: the whole scope).
    focus: StoredValue<String>,
}

impl Notices {
    pub fn new() -> Self {
        Notices { list: RwSignal::new(Vec::new()), next: StoredValue::new(1), focus: StoredValue::new(String::new()) }
    }

    fn push(&self, kind: NoticeKind, pieces: Vec<Piece>) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.list.update(|list| {
            list.insert(0, Notice { id, kind, pieces });
            list.truncate(KEPT);
        });
    }

    pub fn breached(&self, rows: Vec<TicketRow>) {
        for row in rows {
            let units = if row.owners.is_empty() {
                Piece::Words(t!("待分拨", "awaiting dispatch").to_string())
            } else {
                Piece::Data(crate::board::format::owner_names(&row))
            };
            self.push(NoticeKind::Breach { ticket: row.id }, breach_pieces(row.id, units));
        }
    }

    /// The seat now looks at `code`: later warning changes are told only when they lie there.
    pub fn set_focus(&self, code: &str) {
        self.focus.set_value(code.to_owned());
    }

    pub fn warnings(&self, changes: Vec<WarningChange>) {
        let focus = self.focus.get_value();
        for notice in warning_notices(&focus, &changes) {
            self.push(NoticeKind::Warning { codes: notice.codes, level: notice.level }, notice.pieces);
        }
    }

    fn dismiss(&self, id: u64) {
        self.list.update(|list| list.retain(|n| n.id != id));
    }

    fn dismiss_all(&self) {
        self.list.update(Vec::clear);
    }
}

/// "工单 #12 已超期（units）": the units that hold the ticket (data), or that none does yet.
pub fn breach_pieces(id: i64, units: Piece) -> Vec<Piece> {
    vec![Piece::Words(tf!("工单 #{id} 已超期（", "Ticket #{id} overdue (")), units, Piece::Words(t!("）", ")").to_string())]
}

#[component]
pub fn NoticeStrip(notices: Notices) -> impl IntoView {
    let shown = move || notices.list.with(|l| l.iter().take(SHOWN).cloned().collect::<Vec<_>>());
    let several = move || notices.list.with(|l| l.len() > 1);
    view! {
        <div class="notice-strip" data-notices=move || notices.list.with(|l| l.len().to_string())>
            {move || several().then(|| view! {
                <button class="notice-dismiss-all" data-action="dismiss-all" on:click=move |_| notices.dismiss_all()>{t!("全部关闭", "Dismiss all")}</button>
            })}
            <For each=shown key=|n| n.id let(notice)>
                {
                    let id = notice.id;
                    let (kind, ticket, code, level) = match &notice.kind {
                        NoticeKind::Breach { ticket } => ("breach", ticket.to_string(), String::new(), String::new()),
                        NoticeKind::Warning { codes, level } => ("warning", String::new(), codes.join(","), level.as_str().to_string()),
                    };
                    let colour = match &notice.kind {
                        NoticeKind::Breach { .. } => WarningLevel::Red.colour_hex(),
                        NoticeKind::Warning { level, .. } => level.colour_hex(),
                    };
                    view! {
                        <div class="live-notice" data-notice-kind=kind data-ticket-id=ticket
                            data-node-code=code data-warning=level
                            style=format!("border-left-color: {colour}")>
                            <span class="live-notice-text">{pieces(&notice.pieces)}</span>
                            <button class="notice-close" title=t!("关闭", "Close") on:click=move |_| notices.dismiss(id)>"×"</button>
                        </div>
                    }
                }
            </For>
        </div>
    }
}

/// A notice's pieces: words as they are, data in a `<span translate="no">`.
fn pieces(pieces: &[Piece]) -> impl IntoView {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Words(text) => text.clone().into_any(),
            Piece::Data(text) => view! { <span translate="no">{text.clone()}</span> }.into_any(),
        })
        .collect_view()
}
