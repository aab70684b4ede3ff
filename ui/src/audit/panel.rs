//! The audit panel (审计) beside the map: its filters and rows, refetched when the filter
//! changes and whenever the shell read new changes (`log-advanced`). Root hooks:
//! `.audit[data-audit-ready][data-audit-count]`; a wall screen sees `.audit-forbidden`.

use leptos::prelude::*;
use wangge_api::ErrorCode;

use super::filters::AuditFilters;
use super::reveals::RevealLog;
use super::rows::AuditRows;
use super::state::Audit;
use crate::live::Live;

#[component]
pub fn AuditPanel(
    /// The live registry, whose `log_seq` moves whenever the shell read new changes.
    live: Live,
) -> impl IntoView {
    let audit = Audit::new();
    Effect::new(move |_| {
        audit.filter.track();
        live.log_seq.track();
        audit.refetch();
    });
    let ready = move || (audit.answer.with(Option::is_some) && !audit.loading.get()).to_string();
    let count = move || {
        audit.answer.with(|a| match a {
            Some(Ok(rows)) => rows.len().to_string(),
            _ => String::new(),
        })
    };
    // What stands instead of rows: loading, the wall screen's refusal, an error, nothing found.
    let instead = move || {
        audit.answer.with(|answer| match answer {
            None => Some(view! { <p class="board-empty">{t!("加载中…", "Loading…")}</p> }.into_any()),
            Some(Err(error)) if error.code == ErrorCode::Forbidden => {
                Some(view! { <p class="audit-forbidden" data-forbidden="true">{t!("大屏不显示审计记录", "The wall screen does not show the audit log")}</p> }.into_any())
            }
            Some(Err(error)) => Some(
                view! {
                    <div class="board-notice audit-error" data-notice="error" data-error-code=format!("{:?}", error.code)>
                        <span>{t!("审计记录读取失败：", "Could not read the audit log: ")} <span>{error.message.clone()}</span></span>
                    </div>
                }
                .into_any(),
            ),
            Some(Ok(rows)) if rows.is_empty() => Some(view! { <p class="board-empty audit-empty">{t!("没有符合条件的审计记录", "No audit records match")}</p> }.into_any()),
            Some(Ok(_)) => None,
        })
    };
    view! {
        <aside class="board audit" data-audit-ready=ready data-audit-count=count>
            <header class="board-head">
                <h2 class="panel-name">{t!("审计记录", "Audit log")}</h2>
                <span class="figure-label">{t!("谁在何时改了哪条记录 · 最新在前", "Who changed which record when · newest first")}</span>
            </header>
            <AuditFilters audit=audit />
            <div class="audit-scroll">
                {instead}
                <AuditRows audit=audit />
            </div>
            <RevealLog />
        </aside>
    }
}
