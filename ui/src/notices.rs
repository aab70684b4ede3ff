//! The notice strip (top right): tickets that newly breached their deadline
//! (`sla-breached`) and nodes whose warning level changed (`warning-changed`), newest first,
//! at most [`SHOWN`] at a time, each dismissable. Test hooks: `data-notice-kind`
//! (`breach` / `warning`), `data-ticket-id`, `data-node-code`, `data-warning`.

use leptos::prelude::*;
use wangge_api::{TicketRow, WarningChange, WarningLevel};

/// How many notices the strip shows at once.
pub const SHOWN: usize = 5;
/// How many are kept (dismissing one brings the next up).
const KEPT: usize = 50;

#[derive(Clone, PartialEq)]
pub enum NoticeKind {
    Breach { ticket: i64 },
    Warning { code: String, level: WarningLevel },
}

#[derive(Clone, PartialEq)]
pub struct Notice {
    /// Local id, for dismissing.
    pub id: u64,
    pub kind: NoticeKind,
    pub text: String,
}

/// The notices heard so far, newest first.
#[derive(Clone, Copy)]
pub struct Notices {
    list: RwSignal<Vec<Notice>>,
    next: StoredValue<u64>,
}

impl Notices {
    pub fn new() -> Self {
        Notices { list: RwSignal::new(Vec::new()), next: StoredValue::new(1) }
    }

    fn push(&self, kind: NoticeKind, text: String) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.list.update(|list| {
            list.insert(0, Notice { id, kind, text });
            list.truncate(KEPT);
        });
    }

    pub fn breached(&self, rows: Vec<TicketRow>) {
        for row in rows {
            let units = if row.owners.is_empty() { "待分拨".to_string() } else { crate::board::format::owner_names(&row) };
            self.push(NoticeKind::Breach { ticket: row.id }, breach_text(row.id, &units));
        }
    }

    pub fn warnings(&self, changes: Vec<WarningChange>) {
        for change in changes {
            let text = warning_text(&change.node.name, change.to, &change.reason);
            self.push(NoticeKind::Warning { code: change.node.code, level: change.to }, text);
        }
    }

    fn dismiss(&self, id: u64) {
        self.list.update(|list| list.retain(|n| n.id != id));
    }
}

pub fn breach_text(id: i64, units: &str) -> String {
    format!("工单 #{id} 已超期（{units}）")
}

pub fn warning_text(name: &str, level: WarningLevel, reason: &str) -> String {
    format!("区域 {name} 变为 {}：{reason}", level.label_zh())
}

#[component]
pub fn NoticeStrip(notices: Notices) -> impl IntoView {
    let shown = move || notices.list.with(|l| l.iter().take(SHOWN).cloned().collect::<Vec<_>>());
    view! {
        <div class="notice-strip" data-notices=move || notices.list.with(|l| l.len().to_string())>
            <For each=shown key=|n| n.id let(notice)>
                {
                    let id = notice.id;
                    let (kind, ticket, code, level) = match &notice.kind {
                        NoticeKind::Breach { ticket } => ("breach", ticket.to_string(), String::new(), String::new()),
                        NoticeKind::Warning { code, level } => ("warning", String::new(), code.clone(), level.as_str().to_string()),
                    };
                    let colour = match &notice.kind {
                        NoticeKind::Breach { .. } => WarningLevel::Red.colour_hex(),
                        NoticeKind::Warning { level, .. } => level.colour_hex(),
                    };
                    view! {
                        <div class="live-notice" data-notice-kind=kind data-ticket-id=ticket
                            data-node-code=code data-warning=level
                            style=format!("border-left-color: {colour}")>
                            <span class="live-notice-text">{notice.text.clone()}</span>
                            <button class="notice-close" title="关闭" on:click=move |_| notices.dismiss(id)>"×"</button>
                        </div>
                    }
                }
            </For>
        </div>
    }
}
