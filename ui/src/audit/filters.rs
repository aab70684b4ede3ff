//! The audit view's filter controls: kind of record, record id, actor and limit. Each
//! writes one field of the filter; the view refetches when the filter changes. Hooks:
//! `.audit-entity`, `.audit-id` (`.invalid` while it holds no id), `.audit-actor`,
//! `.audit-limit`.

use leptos::prelude::*;
use wangge_api::RECORD_KINDS as ENTITIES;

use super::labels::{self, LIMITS};
use super::state::Audit;

#[component]
pub fn AuditFilters(audit: Audit) -> impl IntoView {
    let id_problem = RwSignal::new(None::<String>);
    let language = crate::i18n::language();
    let entities = ENTITIES
        .into_iter()
        .map(|(value, _)| view! { <option value=value>{wangge_api::record_kind_label_in(value, language)}</option> })
        .collect_view();
    let limits = LIMITS.into_iter().map(|n| view! { <option value=n.to_string()>{tf!("{n} 条", "{n} rows")}</option> }).collect_view();
    view! {
        <div class="board-filters audit-filters" role="group" aria-label=t!("筛选", "Filters")>
            <label class="filter">
                <span class="figure-label">{t!("记录类型", "Record type")}</span>
                <select class="audit-entity"
                    prop:value=move || audit.filter.with(|f| f.entity.clone().unwrap_or_default())
                    on:change=move |e| {
                        let value = event_target_value(&e);
                        audit.filter.update(|f| f.entity = (!value.is_empty()).then_some(value));
                    }>
                    <option value="">{t!("全部", "All")}</option>
                    {entities}
                </select>
            </label>
            <label class="filter">
                <span class="figure-label">{t!("记录编号", "Record ID")}</span>
                <input type="text" inputmode="numeric" class="audit-id filter-text" placeholder=t!("全部", "All")
                    class:invalid=move || id_problem.with(Option::is_some)
                    title=move || id_problem.get().unwrap_or_default()
                    on:input=move |e| match labels::parse_id(&event_target_value(&e)) {
                        Ok(id) => {
                            id_problem.set(None);
                            if audit.filter.with_untracked(|f| f.entity_id != id) {
                                audit.filter.update(|f| f.entity_id = id);
                            }
                        }
                        Err(problem) => id_problem.set(Some(problem)),
                    } />
            </label>
            <label class="filter">
                <span class="figure-label">{t!("操作人", "Changed by")}</span>
                <input type="text" class="audit-actor filter-text" placeholder=t!("全部", "All")
                    on:input=move |e| {
                        let value = event_target_value(&e).trim().to_string();
                        let actor = (!value.is_empty()).then_some(value);
                        if audit.filter.with_untracked(|f| f.actor != actor) {
                            audit.filter.update(|f| f.actor = actor);
                        }
                    } />
            </label>
            <label class="filter">
                <span class="figure-label">{t!("条数", "Rows")}</span>
                <select class="audit-limit"
                    prop:value=move || audit.filter.with(|f| f.limit.unwrap_or(labels::DEFAULT_LIMIT).to_string())
                    on:change=move |e| {
                        if let Ok(n) = event_target_value(&e).parse::<u32>() {
                            audit.filter.update(|f| f.limit = Some(n));
                        }
                    }>
                    {limits}
                </select>
            </label>
        </div>
    }
}
