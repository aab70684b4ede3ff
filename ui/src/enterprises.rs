//! The enterprises view (企业, 北苑's "1+5+X" service): under the focused node, the
//! enterprises filtered by sector, size class (规上 / 规下) and resumption status, with the
//! matching count and its resumption; for roles that see case rows, the enterprises
//! themselves and, for the selected one, its workers back, its demands (tickets linked by id)
//! with their states, and its workers on record (the population register's 工作单位; those
//! living outside the account's part counted, not named). Refetched when the change log moves on.
//!
//! The filter can be put on the map (企业分布, `crate::enterprise_map`): areas by how many of
//! the matching enterprises lie there; the map then follows the filter as it changes. The
//! demands of the matching enterprises are counted in 北苑's service loop (收集 → 解决 →
//! 反馈, with 问题解决率), and each demand of an enterprise shows its step and its units.
//!
//! Hooks: `.enterprises[data-node][data-ready][data-matching][data-resumed]`,
//! `[data-action="map-enterprises"]`, `.demand-loop[data-collected][data-in-hand][data-resolved][data-fed-back]`,
//! `.enterprise-sector`, `.enterprise-size`, `.enterprise-status` (selects),
//! `.enterprise-row[data-enterprise-id][data-open-demands]`,
//! `.enterprise-detail[data-enterprise-id]`, `.enterprise-demand[data-ticket-id][data-status][data-step]` (with `.sla-chip[data-sla]`),
//! `.enterprise-workers[data-workers][data-elsewhere]`, `.enterprise-worker[data-person-id]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use wangge_api::{commands, EnterpriseDetail, EnterpriseFilter, EnterpriseList, NodeRef, SlaState, TicketStatus};

use crate::board::format;
use crate::bridge;
use crate::figures::percent;
use crate::live::Live;
use crate::map_overlay::{MapOverlay, Overlay};
use crate::resumption_trend::ResumptionTrendChart;

#[derive(Serialize)]
struct FilterArgs<'a> {
    filter: &'a EnterpriseFilter,
}

#[derive(Serialize)]
struct IdArgs {
    id: i64,
}

#[component]
pub fn EnterprisePanel(node: NodeRef, live: Live) -> impl IntoView {
    // Enterprises on the map stay there across drill-downs, and the tab opens on their filter.
    let on_map = MapOverlay::current();
    let shown_filter = on_map.and_then(|m| {
        m.0.with_untracked(|o| match o {
            Some(Overlay::Enterprises(f)) => Some(f.clone()),
            _ => None,
        })
    });
    let filter = RwSignal::new(EnterpriseFilter { node: Some(node.code.clone()), ..shown_filter.unwrap_or_default() });
    let list = RwSignal::new(None::<EnterpriseList>);
    let problem = RwSignal::new(None::<String>);
    let selected = RwSignal::new(None::<i64>);
    let detail = RwSignal::new(None::<EnterpriseDetail>);
    let loading = RwSignal::new(false);
    Effect::new(move |_| {
        let wanted = filter.get();
        live.log_seq.track();
        loading.set(true);
        spawn_local(async move {
            let answer = bridge::invoke::<_, EnterpriseList>(commands::ENTERPRISES, &FilterArgs { filter: &wanted }).await;
            // An answer for a filter changed meanwhile is dropped; the newer one follows.
            if filter.try_get_untracked().as_ref() != Some(&wanted) {
                return;
            }
            match answer {
                Ok(fresh) => {
                    let _ = problem.try_set(None);
                    let _ = list.try_set(Some(fresh));
                }
                Err(error) => {
                    let _ = problem.try_set(Some(error.message));
                }
            }
            let _ = loading.try_set(false);
        });
    });
    Effect::new(move |_| {
        live.log_seq.track();
        let Some(id) = selected.get() else {
            detail.set(None);
            return;
        };
        spawn_local(async move {
            match bridge::invoke::<_, EnterpriseDetail>(commands::ENTERPRISE_DETAIL, &IdArgs { id }).await {
                Ok(fresh) if selected.try_get_untracked() == Some(Some(fresh.id)) => {
                    let _ = detail.try_set(Some(fresh));
                }
                Ok(_) => {}
                Err(error) => {
                    let _ = problem.try_set(Some(error.message));
                }
            }
        });
    });

    // On the map: the filter without its node (the map's node is used), kept in step with it.
    let map_filter = move || EnterpriseFilter { node: None, limit: None, ..filter.get() };
    let shown_on_map = move || on_map.is_some_and(|m| m.0.with(|o| matches!(o, Some(Overlay::Enterprises(_)))));
    Effect::new(move |_| {
        let wanted = map_filter();
        if let Some(m) = on_map.filter(|_| shown_on_map()) {
            if m.0.with_untracked(|o| o.as_ref() != Some(&Overlay::Enterprises(wanted.clone()))) {
                m.0.set(Some(Overlay::Enterprises(wanted)));
            }
        }
    });
    let to_map = on_map.map(|m| {
        view! {
            <button class="action" data-action="map-enterprises" class:active=shown_on_map
                on:click=move |_| m.0.set(Some(Overlay::Enterprises(map_filter())))>{t!("企业分布上图", "Show enterprises on the map")}</button>
        }
    });
    let demands = move || list.with(|l| l.as_ref().map(|l| l.matching_demands)).unwrap_or_default();
    let sectors = move || {
        list.with(|l| l.as_ref().map(|l| l.breakdown.by_sector.iter().map(|g| g.key.clone()).collect::<Vec<_>>()).unwrap_or_default())
            .into_iter()
            .map(|sector| {
                let chosen = sector.clone();
                view! {
                    <option value=sector.clone() translate="no" prop:selected=move || filter.with(|f| f.sector.as_ref() == Some(&chosen))>{sector.clone()}</option>
                }
            })
            .collect_view()
    };
    let statuses = STATUSES
        .iter()
        .map(|value| {
            let chosen = move || filter.with(|f| f.status.as_deref() == Some(*value));
            view! { <option value=*value prop:selected=chosen>{status_label(value)}</option> }
        })
        .collect_view();
    let ready = move || (list.with(Option::is_some) && !loading.get()).to_string();
    let matching = move || list.with(|l| l.as_ref().map(|l| l.matching).unwrap_or_default());
    let resumed = move || list.with(|l| l.as_ref().map(|l| l.matching_resumed).unwrap_or_default());
    let personal_data = crate::app::abilities().personal_data;
    let rows = move || {
        list.with(|l| l.as_ref().map(|l| l.rows.clone()).unwrap_or_default())
            .into_iter()
            .map(|row| {
                let id = row.id;
                // The status in the page's language; the backend's words (in the seat's language too)
                // if it is one the UI does not know.
                let status_words = status_label(&row.status).map_or_else(|| row.status_zh.clone(), str::to_owned);
                view! {
                    <div class="enterprise-row" role="listitem" tabindex="0" data-enterprise-id=id data-open-demands=row.open_demands
                        class:selected=move || selected.get() == Some(id)
                        on:click=move |_| selected.set(Some(id))
                        on:keydown=move |e| if e.key() == "Enter" { selected.set(Some(id)) }>
                        <span class="enterprise-name" translate="no">{row.name.clone()}</span>
                        <span class="enterprise-size">{if row.above_designated_size { t!("规上", "Above designated size") } else { t!("规下", "Below designated size") }}</span>
                        <span class="enterprise-sector" translate="no">{row.sector.clone()}</span>
                        <span class="enterprise-status" data-status=row.status.clone()>{status_words}</span>
                        <span class="enterprise-workers">{t!("返岗 ", "Back at work ")} {row.workers_back} " / " {row.headcount}</span>
                        <span class="enterprise-place" translate="no">{row.place.clone()}</span>
                        {(row.open_demands > 0).then(|| view! { <span class="enterprise-demands">{t!("在办诉求 ", "Open requests ")} {row.open_demands}</span> })}
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <aside class="enterprises board" data-node=node.code.clone() data-ready=ready data-matching=matching data-resumed=resumed>
            <header class="board-head">
                <span class="panel-level">{node.level.label_in(crate::i18n::language())}</span>
                <h2 class="panel-name"><span translate="no">{node.name.clone()}</span>{t!(" · 企业", " · Enterprises")}</h2>
            </header>
            <div class="board-filters" role="group" aria-label=t!("筛选", "Filters")>
                <label class="filter">
                    <span class="figure-label">{t!("行业", "Sector")}</span>
                    <select class="enterprise-sector-filter enterprise-sector"
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            filter.update(|f| f.sector = (!value.is_empty()).then_some(value));
                        }>
                        <option value="">{t!("全部行业", "All sectors")}</option>
                        {sectors}
                    </select>
                </label>
                <label class="filter">
                    <span class="figure-label">{t!("规模", "Size")}</span>
                    <select class="enterprise-size-filter enterprise-size"
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            filter.update(|f| f.above_designated_size = match value.as_str() { "above" => Some(true), "below" => Some(false), _ => None });
                        }>
                        <option value="">{t!("全部", "All")}</option>
                        <option value="above" prop:selected=move || filter.with(|f| f.above_designated_size == Some(true))>{t!("规上", "Above designated size")}</option>
                        <option value="below" prop:selected=move || filter.with(|f| f.above_designated_size == Some(false))>{t!("规下", "Below designated size")}</option>
                    </select>
                </label>
                <label class="filter">
                    <span class="figure-label">{t!("复工", "Resumption")}</span>
                    <select class="enterprise-status-filter enterprise-status"
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            filter.update(|f| f.status = (!value.is_empty()).then_some(value));
                        }>
                        <option value="">{t!("全部", "All")}</option>
                        {statuses}
                    </select>
                </label>
            </div>
            <p class="enterprise-summary">
                {t!("符合条件 ", "Matching: ")} <b>{matching}</b> {t!(" 家，已复工 ", " enterprises, resumed: ")} <b>{resumed}</b>
                {t!(" 家（复工率 ", " (resumption rate ")} {move || percent((matching() > 0).then(|| resumed() as f64 / matching() as f64))} {t!("）", ")")}
            </p>
            <p class="enterprise-summary demand-loop" data-collected=move || demands().collected data-in-hand=move || demands().in_hand
                data-resolved=move || demands().resolved data-fed-back=move || demands().fed_back>
                {t!("企业诉求：收集 ", "Enterprise requests: collected ")} <b>{move || demands().collected}</b> {t!(" 条，办理中 ", ", in progress ")} {move || demands().in_hand}
                {t!(" 条，已解决待反馈 ", ", resolved awaiting feedback ")} {move || demands().resolved} {t!(" 条，已解决反馈 ", ", resolved and fed back ")} <b>{move || demands().fed_back}</b>
                {t!(" 条（问题解决率 ", " (resolution rate ")} {move || percent(demands().closure_rate)} {t!("）", ")")}
            </p>
            <div class="action-buttons">{to_map}</div>
            <ResumptionTrendChart node=node.code.clone() live=live />
            {move || problem.get().map(|p| view! { <div class="board-notice" data-notice="error"><span>{p}</span></div> })}
            {(!personal_data).then(|| view! { <p class="board-empty">{t!("本账号只看汇总数字，不显示企业明细", "This account sees totals only, not the enterprises themselves")}</p> })}
            <div class="ticket-list enterprise-list" role="list">{rows}</div>
            {move || detail.get().map(|d| view! { <EnterpriseCard detail=d on_close=move || selected.set(None) /> })}
        </aside>
    }
}

#[component]
fn EnterpriseCard(detail: EnterpriseDetail, on_close: impl Fn() + 'static) -> impl IntoView {
    let status_words = status_label(&detail.status).unwrap_or("—");
    let demands = detail
        .demands
        .iter()
        .map(|d| {
            let status = TicketStatus::ALL.into_iter().find(|s| s.as_str() == d.status);
            view! {
                <li class="enterprise-demand" data-ticket-id=d.ticket_id data-status=d.status.clone() data-step=d.step.clone()>
                    <span class="ticket-id">"#" {d.ticket_id}</span>
                    <span class="timeline-at">{format::local_time(d.received_at)}</span>
                    <span class="ticket-status">{status.map_or("—", |s| s.label_in(crate::i18n::language()))}</span>
                    <span class="demand-step">{step_label(&d.step).map_or_else(|| d.step_zh.clone(), str::to_owned)}</span>
                    <span class=format::sla_class(d.sla) data-sla=d.sla.map_or("none", SlaState::as_str)>{format::sla_label(d.sla)}</span>
                    <span class="timeline-unit" translate="no">{d.units.join(t!("、", ", "))}</span>
                    <span class="timeline-description" translate="no">{d.summary.clone()}</span>
                </li>
            }
        })
        .collect_view();
    let none = detail.demands.is_empty().then(|| view! { <p class="board-empty">{t!("暂无诉求", "No requests yet")}</p> });
    let workers = detail
        .workers
        .iter()
        .map(|w| {
            view! {
                <tr class="enterprise-worker" data-person-id=w.person_id>
                    <td translate="no">{w.name.clone()}</td>
                    <td translate="no">{w.phone.clone()}</td>
                    <td translate="no">{w.address.clone()}</td>
                    <td>{w.isolation.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let on_record = detail.workers.len() as u64 + detail.workers_elsewhere;
    let elsewhere = (detail.workers_elsewhere > 0)
        .then(|| view! { <p class="board-empty">{t!("另有 ", "Another ")} {detail.workers_elsewhere} {t!(" 人住在本账号管辖范围外，不显示", " live outside this account's area and are not shown")}</p> });
    view! {
        <section class="ticket-detail enterprise-detail" data-enterprise-id=detail.id>
            <header class="detail-head">
                <span class="ticket-category">{if detail.above_designated_size { t!("规上企业", "Enterprise above designated size") } else { t!("规下企业", "Enterprise below designated size") }}</span>
                <span class="ticket-status">{status_words}</span>
                <button class="detail-close" title=t!("关闭", "Close") on:click=move |_| on_close()>"×"</button>
            </header>
            <p class="detail-summary" translate="no">{detail.name.clone()}</p>
            <dl class="detail-facts">
                <dt>{t!("行业", "Sector")}</dt><dd translate="no">{detail.sector.clone()}</dd>
                <dt>{t!("所在", "Located in")}</dt><dd translate="no">{detail.micro_grid.name.clone()}</dd>
                <dt>{t!("职工", "Employees")}</dt><dd>{detail.headcount}</dd>
                <dt>{t!("返岗", "Back at work")}</dt><dd>{detail.workers_back}</dd>
                <dt>{t!("复工时间", "Resumed at")}</dt><dd>{detail.resumed_at.map(format::local_time).unwrap_or_else(|| "—".to_string())}</dd>
            </dl>
            <h4>{t!("企业诉求", "Enterprise requests")}</h4>
            {none}
            <ol class="timeline enterprise-demands">{demands}</ol>
            <h4 class="enterprise-workers" data-workers=detail.workers.len() data-elsewhere=detail.workers_elsewhere>
                {tf!("在册职工（人口登记中的工作单位）：{on_record} 人", "Workers on record (employer in the population register): {on_record}")}
            </h4>
            {(!detail.workers.is_empty()).then(|| view! {
                <table class="unit-deadlines enterprise-worker-list">
                    <thead><tr><th>{t!("姓名", "Name")}</th><th>{t!("电话", "Phone")}</th><th>{t!("住址", "Address")}</th><th>{t!("隔离", "Isolation")}</th></tr></thead>
                    <tbody>{workers}</tbody>
                </table>
            })}
            {elsewhere}
        </section>
    }
}

/// The resumption statuses by API name (the status filter's values).
const STATUSES: [&str; 3] = ["not_resumed", "partly", "fully"];

/// A resumption status (`not_resumed`, `partly`, `fully`) in words, in the page's language.
fn status_label(status: &str) -> Option<&'static str> {
    match status {
        "not_resumed" => Some(t!("未复工", "Not resumed")),
        "partly" => Some(t!("部分复工", "Partly resumed")),
        "fully" => Some(t!("全面复工", "Fully resumed")),
        _ => None,
    }
}

/// A demand's step in the service loop (`collected`, `resolved`, `fed_back`) in words, in the
/// page's language (as the backend's `step_zh` has it for the seat).
fn step_label(step: &str) -> Option<&'static str> {
    match step {
        "collected" => Some(t!("已收集，办理中", "Collected, in progress")),
        "resolved" => Some(t!("已解决，待反馈", "Resolved, awaiting feedback")),
        "fed_back" => Some(t!("已解决反馈", "Resolved and fed back")),
        _ => None,
    }
}
