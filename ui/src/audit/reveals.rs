//! The reveal log in the audit panel (个人信息查看记录): who saw whose personal data in full,
//! when and why, newest first, within the seat's scope; whose is named masked. Fetched when
//! the panel opens and again with 刷新 (a reveal is not a change, so the change log's
//! movement does not announce it). Hooks: `.reveal-log[data-count]`,
//! `.reveal-entry[data-person-id][data-account]`, `[data-action="refresh-reveals"]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wangge_api::{commands, RevealEntry};

use crate::board::format;
use crate::bridge;

#[component]
pub fn RevealLog() -> impl IntoView {
    let entries = RwSignal::new(None::<Vec<RevealEntry>>);
    let fetch = move || {
        spawn_local(async move {
            // Accounts that may not read the audit get no log: the section stays empty.
            let answer = bridge::invoke::<_, Vec<RevealEntry>>(commands::REVEAL_LOG, &()).await.unwrap_or_default();
            let _ = entries.try_set(Some(answer));
        });
    };
    fetch();
    let count = move || entries.with(|e| e.as_ref().map(Vec::len)).map(|n| n.to_string()).unwrap_or_default();
    let rows = move || {
        entries
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|e| {
                view! {
                    <tr class="reveal-entry" data-person-id=e.person_id data-account=e.account.clone()>
                        <td>{format::local_time(e.at)}</td>
                        <td translate="no">{e.account.clone()}</td>
                        <td translate="no">{e.person.clone()}</td>
                        <td translate="no">{e.place.clone()}</td>
                        <td translate="no">{e.reason.clone()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <details class="reveal-log" data-count=count>
            <summary>{t!("个人信息查看记录（", "Personal data views (")} {count} {t!("）", ")")}</summary>
            <button class="action" data-action="refresh-reveals" on:click=move |_| fetch()>{t!("刷新", "Refresh")}</button>
            <table class="unit-deadlines">
                <thead>
                    <tr>
                        <th>{t!("时间", "Time")}</th>
                        <th>{t!("账号", "Account")}</th>
                        <th>{t!("被查看人", "Person viewed")}</th>
                        <th>{t!("住址所在", "Residence")}</th>
                        <th>{t!("原因", "Reason")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}
