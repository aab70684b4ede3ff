//! The audit rows, newest first: time (China Standard Time), actor, kind and id of the
//! record and what changed; a click opens the fields that changed, before and after.
//! Each row carries `data-seq`, `data-at`, `data-actor`, `data-entity`, `data-entity-id` and
//! `data-expanded`; its head is `[data-action="expand"]`; opened, it shows the changed fields
//! in words (`.audit-fields`), and the stored record in a folded `.audit-raw`, as JSON in
//! `.audit-json[data-side="before"|"after"]` (`data-empty` on a created record's before).

use leptos::prelude::*;
use wangge_api::{AuditField, AuditRow};
use wasm_bindgen::JsValue;

use super::state::Audit;
use crate::board::format;
use crate::board::notice::marked;

/// The rows of the last answer, keyed by seq: a refetch adds the new rows and leaves the
/// others (and which of them are open) as they are.
#[component]
pub fn AuditRows(audit: Audit) -> impl IntoView {
    let rows = move || {
        audit.answer.with(|a| match a {
            Some(Ok(rows)) => rows.clone(),
            _ => Vec::new(),
        })
    };
    view! {
        <ol class="audit-list">
            <For each=rows key=|row| row.seq let(row)>
                <Row audit=audit row=row />
            </For>
        </ol>
    }
}

#[component]
fn Row(audit: Audit, row: AuditRow) -> impl IntoView {
    let seq = row.seq;
    let open = move || audit.expanded.with(|e| e.contains(&seq));
    let before = row.before.clone();
    let after = row.after.clone();
    let fields = row.fields.clone();
    let created = row.before.is_none();
    let sides = move || {
        open().then(|| {
            let before = match &before {
                Some(text) => view! { <pre class="audit-json" data-side="before" translate="no">{pretty(text)}</pre> }.into_any(),
                None => view! { <pre class="audit-json" data-side="before" data-empty="true">{t!("（新建记录，无变更前）", "(new record, nothing before)")}</pre> }.into_any(),
            };
            // An account without personal data gets no raw record (the engine sends none).
            let raw = (!after.is_empty()).then(|| {
                view! {
                    <details class="audit-raw">
                        <summary>{t!("原始记录", "Stored record")}</summary>
                        <div class="audit-sides">
                            <div><h5>{t!("变更前", "Before")}</h5>{before}</div>
                            <div>
                                <h5>{t!("变更后", "After")}</h5>
                                <pre class="audit-json" data-side="after" translate="no">{pretty(&after)}</pre>
                            </div>
                        </div>
                    </details>
                }
            });
            view! {
                <FieldTable fields=fields.clone() created=created />
                {raw}
            }
        })
    };
    view! {
        <li class="audit-row" data-seq=seq data-at=row.at data-actor=row.actor.clone()
            data-entity=row.entity.clone() data-entity-id=row.entity_id
            data-expanded=move || open().to_string()>
            <button class="audit-head" data-action="expand" aria-expanded=move || open().to_string()
                on:click=move |_| audit.toggle(seq)>
                <span class="audit-at">{format::local_datetime(row.at)}</span>
                <span class="audit-actor" translate="no">{row.actor.clone()}</span>
                <span class="audit-record">
                    {wangge_api::record_kind_label_in(&row.entity, crate::i18n::language()).to_string()} " #" {row.entity_id}
                </span>
                <span class="audit-summary">{marked(&row.summary, &row.summary_quoted)}</span>
            </button>
            {sides}
        </li>
    }
}

/// The record's fields as the engine words them: for a change, each changed field with its
/// value before and after; for a new record, its fields. Rows are `.audit-field` with
/// `data-label`; cells `.audit-field-before` and `.audit-field-after`.
#[component]
fn FieldTable(fields: Vec<AuditField>, created: bool) -> impl IntoView {
    let head = if created {
        view! { <tr><th>{t!("字段", "Field")}</th><th>{t!("内容", "Value")}</th></tr> }.into_any()
    } else {
        view! { <tr><th>{t!("字段", "Field")}</th><th>{t!("变更前", "Before")}</th><th>{t!("变更后", "After")}</th></tr> }.into_any()
    };
    let rows = fields
        .into_iter()
        .map(|field| {
            let before =
                (!created).then(|| view! { <td class="audit-field-before" translate="no">{field.before.clone().unwrap_or_default()}</td> });
            view! {
                <tr class="audit-field" data-label=field.label.clone()>
                    <th scope="row">{field.label.clone()}</th>
                    {before}
                    <td class="audit-field-after" translate="no">{field.after.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="audit-fields">
            <thead>{head}</thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// JSON text indented by two spaces (the browser's own JSON), or as it came when it is not
/// JSON.
fn pretty(text: &str) -> String {
    js_sys::JSON::parse(text)
        .and_then(|value| js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &JsValue::from_f64(2.0)))
        .map(String::from)
        .unwrap_or_else(|_| text.to_string())
}
