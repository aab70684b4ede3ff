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
use crate::enterprise_map::STATUSES;
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
                on:click=move |_| m.0.set(Some(Overlay::Enterprises(map_filter())))>"企业分布上图"</button>
        }
    });
    let demands = move || list.with(|l| l.as_ref().map(|l| l.matching_demands)).unwrap_or_default();
    let sectors = move || {
        list.with(|l| l.as_ref().map(|l| l.breakdown.by_sector.iter().map(|g| g.key.clone()).collect::<Vec<_>>()).unwrap_or_default())
            .into_iter()
            .map(|sector| {
                let chosen = sector.clone();
                view! {
                    <option value=sector.clone() prop:selected=move || filter.with(|f| f.sector.as_ref() == Some(&chosen))>{sector.clone()}</option>
                }
            })
            .collect_view()
    };
    let statuses = STATUSES
        .iter()
        .map(|(value, label)| {
            let chosen = move || filter.with(|f| f.status.as_deref() == Some(*value));
            view! { <option value=*value prop:selected=chosen>{*label}</option> }
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
                view! {
                    <div class="enterprise-row" role="listitem" tabindex="0" data-enterprise-id=id data-open-demands=row.open_demands
                        class:selected=move || selected.get() == Some(id)
                        on:click=move |_| selected.set(Some(id))
                        on:keydown=move |e| if e.key() == "Enter" { selected.set(Some(id)) }>
                        <span class="enterprise-name">{row.name.clone()}</span>
                        <span class="enterprise-size">{if row.above_designated_size { "规上" } else { "规下" }}</span>
                        <span class="enterprise-sector">{row.sector.clone()}</span>
                        <span class="enterprise-status" data-status=row.status.clone()>{row.status_zh.clone()}</span>
                        <span class="enterprise-workers">"返岗 " {row.workers_back} " / " {row.headcount}</span>
                        <span class="enterprise-place">{row.place.clone()}</span>
                        {(row.open_demands > 0).then(|| view! { <span class="enterprise-demands">"在办诉求 " {row.open_demands}</span> })}
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <aside class="enterprises board" data-node=node.code.clone() data-ready=ready data-matching=matching data-resumed=resumed>
            <header class="board-head">
                <span class="panel-level">{node.level.label_zh()}</span>
                <h2 class="panel-name">{node.name.clone()} " · 企业"</h2>
            </header>
            <div class="board-filters" role="group" aria-label="筛选">
                <label class="filter">
                    <span class="figure-label">"行业"</span>
                    <select class="enterprise-sector-filter enterprise-sector"
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            filter.update(|f| f.sector = (!value.is_empty()).then_some(value));
                        }>
                        <option value="">"全部行业"</option>
                        {sectors}
                    </select>
                </label>
                <label class="filter">
                    <span class="figure-label">"规模"</span>
                    <select class="enterprise-size-filter enterprise-size"
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            filter.update(|f| f.above_designated_size = match value.as_str() { "above" => Some(true), "below" => Some(false), _ => None });
                        }>
                        <option value="">"全部"</option>
                        <option value="above" prop:selected=move || filter.with(|f| f.above_designated_size == Some(true))>"规上"</option>
                        <option value="below" prop:selected=move || filter.with(|f| f.above_designated_size == Some(false))>"规下"</option>
                    </select>
                </label>
                <label class="filter">
                    <span class="figure-label">"复工"</span>
                    <select class="enterprise-status-filter enterprise-status"
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            filter.update(|f| f.status = (!value.is_empty()).then_some(value));
                        }>
                        <option value="">"全部"</option>
                        {statuses}
                    </select>
                </label>
            </div>
            <p class="enterprise-summary">
                "符合条件 " <b>{matching}</b> " 家，已复工 " <b>{resumed}</b> " 家（复工率 " {move || percent((matching() > 0).then(|| resumed() as f64 / matching() as f64))} "）"
            </p>
            <p class="enterprise-summary demand-loop" data-collected=move || demands().collected data-in-hand=move || demands().in_hand
                data-resolved=move || demands().resolved data-fed-back=move || demands().fed_back>
                "企业诉求：收集 " <b>{move || demands().collected}</b> " 条，办理中 " {move || demands().in_hand}
                " 条，已解决待反馈 " {move || demands().resolved} " 条，已解决反馈 " <b>{move || demands().fed_back}</b>
                " 条（问题解决率 " {move || percent(demands().closure_rate)} "）"
            </p>
            <div class="action-buttons">{to_map}</div>
            <ResumptionTrendChart node=node.code.clone() live=live />
            {move || problem.get().map(|p| view! { <div class="board-notice" data-notice="error"><span>{p}</span></div> })}
            {(!personal_data).then(|| view! { <p class="board-empty">"本账号只看汇总数字，不显示企业明细"</p> })}
            <div class="ticket-list enterprise-list" role="list">{rows}</div>
            {move || detail.get().map(|d| view! { <EnterpriseCard detail=d on_close=move || selected.set(None) /> })}
        </aside>
    }
}

#[component]
fn EnterpriseCard(detail: EnterpriseDetail, on_close: impl Fn() + 'static) -> impl IntoView {
    let status_zh = STATUSES.iter().find(|(value, _)| *value == detail.status).map_or("—", |(_, label)| *label);
    let demands = detail
        .demands
        .iter()
        .map(|d| {
            let status = TicketStatus::ALL.into_iter().find(|s| s.as_str() == d.status);
            view! {
                <li class="enterprise-demand" data-ticket-id=d.ticket_id data-status=d.status.clone() data-step=d.step.clone()>
                    <span class="ticket-id">"#" {d.ticket_id}</span>
                    <span class="timeline-at">{format::local_time(d.received_at)}</span>
                    <span class="ticket-status">{status.map_or("—", TicketStatus::label_zh)}</span>
                    <span class="demand-step">{d.step_zh.clone()}</span>
                    <span class=format::sla_class(d.sla) data-sla=d.sla.map_or("none", SlaState::as_str)>{format::sla_label(d.sla)}</span>
                    <span class="timeline-unit">{d.units.join("、")}</span>
                    <span class="timeline-description">{d.summary.clone()}</span>
                </li>
            }
        })
        .collect_view();
    let none = detail.demands.is_empty().then(|| view! { <p class="board-empty">"暂无诉求"</p> });
    let workers = detail
        .workers
        .iter()
        .map(|w| {
            view! {
                <tr class="enterprise-worker" data-person-id=w.person_id>
                    <td>{w.name.clone()}</td>
                    <td>{w.phone.clone()}</td>
                    <td>{w.address.clone()}</td>
                    <td>{w.isolation.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let on_record = detail.workers.len() as u64 + detail.workers_elsewhere;
    let elsewhere = (detail.workers_elsewhere > 0)
        .then(|| view! { <p class="board-empty">"另有 " {detail.workers_elsewhere} " 人住在本账号管辖范围外，不显示"</p> });
    view! {
        <section class="ticket-detail enterprise-detail" data-enterprise-id=detail.id>
            <header class="detail-head">
                <span class="ticket-category">{if detail.above_designated_size { "规上企业" } else { "规下企业" }}</span>
                <span class="ticket-status">{status_zh}</span>
                <button class="detail-close" title="关闭" on:click=move |_| on_close()>"×"</button>
            </header>
            <p class="detail-summary">{detail.name.clone()}</p>
            <dl class="detail-facts">
                <dt>"行业"</dt><dd>{detail.sector.clone()}</dd>
                <dt>"所在"</dt><dd>{detail.micro_grid.name.clone()}</dd>
                <dt>"职工"</dt><dd>{detail.headcount}</dd>
                <dt>"返岗"</dt><dd>{detail.workers_back}</dd>
                <dt>"复工时间"</dt><dd>{detail.resumed_at.map(format::local_time).unwrap_or_else(|| "—".to_string())}</dd>
            </dl>
            <h4>"企业诉求"</h4>
            {none}
            <ol class="timeline enterprise-demands">{demands}</ol>
            <h4 class="enterprise-workers" data-workers=detail.workers.len() data-elsewhere=detail.workers_elsewhere>
                "在册职工（人口登记中的工作单位）：" {on_record} " 人"
            </h4>
            {(!detail.workers.is_empty()).then(|| view! {
                <table class="unit-deadlines enterprise-worker-list">
                    <thead><tr><th>"姓名"</th><th>"电话"</th><th>"住址"</th><th>"隔离"</th></tr></thead>
                    <tbody>{workers}</tbody>
                </table>
            })}
            {elsewhere}
        </section>
    }
}
