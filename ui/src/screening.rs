//! Screening batches (排查 / 协查, 江干's batches pushed down, verified and fed back): every
//! batch under the focused node with its completion and overdue parts; the selected batch
//! per child node (how far each street, community or grid is); for roles that see people,
//! the parts under the node with each person and the outcome the grid worker enters. A
//! desktop seat that records changes imports a new list here (same operation as
//! `wangge task import`). Refetched whenever the change log moves on.
//!
//! Hooks: `.screening[data-node][data-ready]`, `[data-action="open-screening-import"]`,
//! `.screening-import` with `.screening-path`, `.screening-title`, `.screening-deadline` and
//! `[data-action="import-screening"]`, `.screening-imported[data-people][data-parts]`,
//! `.screening-batch[data-title][data-items][data-done]`, `.screening-child[data-code]
//! [data-items][data-done]`, `.screening-item[data-item-id][data-owner][data-outcome]` with its
//! `.screening-outcome` select, `.screening-part[data-task-id][data-owner][data-complete]
//! [data-verified]` with `[data-action="verify-part"]` (社区核验, offered on a complete part to
//! roles that record changes; the engine lets leaders and commanders from the community up),
//! `[data-action="map-batch"]` (进度上图: the selected batch colours the map, `crate::batch_map`),
//! `[data-action="export-screening"]` (导出汇总, desktop only: the roll-up as an XLSX in the
//! briefings folder) and `.screening-exported[data-path][data-rows]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use wangge_api::{
    commands, ExportedTable, NodeRef, OutcomeRecorded, ScreeningBatches, ScreeningImport, ScreeningImported, ScreeningQuery, ScreeningWork,
    TaskOutcome, TaskProgressReport,
};

use crate::board::format;
use crate::bridge;
use crate::figures::percent;
use crate::live::Live;
use crate::map_overlay::{MapOverlay, Overlay};

#[derive(Serialize)]
struct QueryArgs<'a> {
    query: &'a ScreeningQuery,
}

#[derive(Serialize)]
struct IdArgs {
    id: i64,
}

#[derive(Serialize)]
struct OutcomeArgs {
    item: i64,
    outcome: TaskOutcome,
}

#[derive(Serialize)]
struct ImportArgs<'a> {
    request: &'a ScreeningImport,
}

#[component]
pub fn ScreeningPanel(node: NodeRef, live: Live) -> impl IntoView {
    let abilities = crate::app::abilities();
    let code = node.code.clone();
    let batches = RwSignal::new(None::<ScreeningBatches>);
    let selected = RwSignal::new(None::<String>);
    let progress = RwSignal::new(None::<TaskProgressReport>);
    let work = RwSignal::new(None::<ScreeningWork>);
    let problem = RwSignal::new(None::<String>);
    let importing = RwSignal::new(false);
    let imported = RwSignal::new(None::<ScreeningImported>);
    let exported = RwSignal::new(None::<ExportedTable>);
    let exporting = RwSignal::new(false);
    let refresh = RwSignal::new(0u32);
    // A batch on the map stays chosen here after drilling down, and follows the choice here.
    let on_map = MapOverlay::current();
    if let Some(batch) = on_map.and_then(|m| {
        m.0.with_untracked(|o| match o {
            Some(Overlay::Batch(title)) => Some(title.clone()),
            _ => None,
        })
    }) {
        selected.set(Some(batch));
    }

    let fail = move |message: String| {
        let _ = problem.try_set(Some(message));
    };
    {
        let code = code.clone();
        Effect::new(move |_| {
            live.log_seq.track();
            refresh.track();
            let query = ScreeningQuery { node: Some(code.clone()), batch: None };
            spawn_local(async move {
                match bridge::invoke::<_, ScreeningBatches>(commands::SCREENING_BATCHES, &QueryArgs { query: &query }).await {
                    Ok(fresh) => {
                        let _ = batches.try_set(Some(fresh));
                    }
                    Err(error) => fail(error.message),
                }
            });
        });
    }
    {
        let code = code.clone();
        Effect::new(move |_| {
            live.log_seq.track();
            refresh.track();
            let Some(batch) = selected.get() else {
                progress.set(None);
                work.set(None);
                return;
            };
            let query = ScreeningQuery { node: Some(code.clone()), batch: Some(batch.clone()) };
            spawn_local(async move {
                let figures = bridge::invoke::<_, TaskProgressReport>(commands::TASK_PROGRESS, &QueryArgs { query: &query }).await;
                let people = if abilities.personal_data {
                    Some(bridge::invoke::<_, ScreeningWork>(commands::SCREENING_WORK, &QueryArgs { query: &query }).await)
                } else {
                    None
                };
                // An answer for a batch no longer selected is dropped.
                if selected.try_get_untracked().flatten().as_deref() != Some(batch.as_str()) {
                    return;
                }
                match figures {
                    Ok(fresh) => {
                        let _ = progress.try_set(Some(fresh));
                    }
                    Err(error) => fail(error.message),
                }
                match people {
                    Some(Ok(fresh)) => {
                        let _ = work.try_set(Some(fresh));
                    }
                    Some(Err(error)) => fail(error.message),
                    None => {}
                }
            });
        });
    }

    let batch_rows = move || {
        batches
            .with(|b| b.as_ref().map(|b| b.batches.clone()).unwrap_or_default())
            .into_iter()
            .map(|batch| {
                let title = batch.title.clone();
                let chosen = title.clone();
                let f = batch.figures;
                view! {
                    <div class="screening-batch" role="listitem" tabindex="0" data-title=title.clone()
                        data-items=f.items data-done=f.done
                        class:selected=move || selected.with(|s| s.as_ref() == Some(&chosen))
                        on:click=move |_| {
                            if let Some(m) = on_map.filter(|m| m.0.with_untracked(|o| matches!(o, Some(Overlay::Batch(_))))) {
                                m.0.set(Some(Overlay::Batch(title.clone())));
                            }
                            selected.set(Some(title.clone()))
                        }>
                        <span class="screening-title-text" translate="no">{batch.title.clone()}</span>
                        <span class="screening-rate">{percent(f.completion_rate)}</span>
                        <span class="screening-counts">{t!("已核 ", "Verified ")} {f.done} " / " {f.items} {t!(" 人", " people")}</span>
                        <span class="screening-deadline">{t!("截止 ", "Due ")} {format::local_time(batch.deadline)}</span>
                        {(f.parts_overdue > 0).then(|| view! { <span class="screening-overdue">{t!("逾期 ", "Overdue in ")} {f.parts_overdue} {t!(" 个网格", " grids")}</span> })}
                    </div>
                }
            })
            .collect_view()
    };
    let export_code = code.clone();
    let export = move |batch: String| {
        let query = ScreeningQuery { node: Some(export_code.clone()), batch: Some(batch) };
        exporting.set(true);
        spawn_local(async move {
            match bridge::invoke::<_, ExportedTable>(commands::EXPORT_SCREENING, &QueryArgs { query: &query }).await {
                Ok(done) => {
                    let _ = exported.try_set(Some(done));
                }
                Err(error) => fail(error.message),
            }
            let _ = exporting.try_set(false);
        });
    };
    let children = move || {
        progress.get().map(|report| {
            let rows = report
                .children
                .iter()
                .map(|child| {
                    let f = child.figures;
                    view! {
                        <tr class="screening-child" data-code=child.node.code.clone() data-items=f.items data-done=f.done>
                            <td translate="no">{child.node.name.clone()}</td>
                            <td>{f.items}</td>
                            <td>{f.done}</td>
                            <td>{percent(f.completion_rate)}</td>
                            <td>{f.parts_overdue}</td>
                        </tr>
                    }
                })
                .collect_view();
            let f = report.figures;
            let shown = report.batch.clone();
            let to_map = on_map.zip(report.batch.clone()).map(|(m, batch)| {
                let on = move || shown.is_some() && m.batch() == shown;
                view! {
                    <button class="action" data-action="map-batch" class:active=on
                        on:click=move |_| m.0.set(Some(Overlay::Batch(batch.clone())))>{t!("进度上图", "Show on map")}</button>
                }
            });
            let to_file = (!bridge::in_browser()).then(|| report.batch.clone()).flatten().map(|batch| {
                let export = export.clone();
                view! {
                    <button class="action" data-action="export-screening" disabled=move || exporting.get()
                        on:click=move |_| export(batch.clone())>{t!("导出汇总", "Export summary")}</button>
                }
            });
            view! {
                <div class="action-buttons">{to_map}{to_file}</div>
                {move || exported.get().map(|e| view! {
                    <p class="screening-exported" data-path=e.path.clone() data-rows=e.rows>{t!("汇总已导出：", "Summary exported: ")} <span translate="no">{e.path.clone()}</span></p>
                })}
                <p class="enterprise-summary screening-summary" data-items=f.items data-done=f.done>
                    {t!("本级合计：", "Total at this level: ")} <b>{f.items}</b> {t!(" 人，已核 ", " people, verified ")} <b>{f.done}</b>
                    {t!(" 人（", " (")} {percent(f.completion_rate)} {t!("），未匹配地址 ", "), no address match for ")} {f.unplaced_items}
                    {t!(" 人，逾期 ", " people, ")} {f.parts_overdue} {t!(" 个网格任务", " grid tasks overdue")}
                </p>
                <table class="unit-deadlines screening-children">
                    <thead>
                        <tr>
                            <th>{t!("下级", "Area")}</th>
                            <th>{t!("人数", "People")}</th>
                            <th>{t!("已核", "Verified")}</th>
                            <th>{t!("完成率", "Completion")}</th>
                            <th>{t!("逾期", "Overdue")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    let record = move |item: i64, value: String| {
        let Some(outcome) = TaskOutcome::parse(&value) else { return };
        spawn_local(async move {
            match bridge::invoke::<_, OutcomeRecorded>(commands::RECORD_OUTCOME, &OutcomeArgs { item, outcome }).await {
                Ok(_) => refresh.update(|n| *n += 1),
                Err(error) => fail(error.message),
            }
        });
    };
    let verify = move |id: i64| {
        spawn_local(async move {
            match bridge::invoke::<_, wangge_api::TaskPart>(commands::VERIFY_PART, &IdArgs { id }).await {
                Ok(_) => refresh.update(|n| *n += 1),
                Err(error) => fail(error.message),
            }
        });
    };
    let people = move || {
        work.get().map(|work| {
            work.parts
                .into_iter()
                .map(|part| {
                    let items = part
                        .items
                        .into_iter()
                        .map(|item| {
                            let current = item.outcome.map(TaskOutcome::as_str).unwrap_or_default();
                            let options = TaskOutcome::ALL
                                .into_iter()
                                .map(|o| view! { <option value=o.as_str() selected=o.as_str() == current>{o.label_in(crate::i18n::language())}</option> })
                                .collect_view();
                            let id = item.item_id;
                            let owner = part.part.owner.code.clone();
                            view! {
                                <tr class="screening-item" data-item-id=id data-owner=owner data-outcome=current>
                                    <td translate="no">{item.name.clone()}</td>
                                    <td translate="no">{item.id_number.clone()}</td>
                                    <td translate="no">{item.address.clone()}</td>
                                    <td>
                                        {if abilities.changes {
                                            view! {
                                                <select class="screening-outcome" on:change=move |e| record(id, event_target_value(&e))>
                                                    <option value="" selected=current.is_empty()>{t!("待核查", "To verify")}</option>
                                                    {options}
                                                </select>
                                            }.into_any()
                                        } else {
                                            view! { <span>{item.outcome.map_or(t!("待核查", "To verify"), |o| o.label_in(crate::i18n::language()))}</span> }.into_any()
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view();
                    let task_id = part.part.task_id;
                    let complete = part.part.items > 0 && part.part.done == part.part.items;
                    let verified = part.part.verified_by.clone().map(|by| {
                        let at = part.part.verified_at.map(crate::board::format::local_time).unwrap_or_default();
                        view! { <span class="screening-verified">{t!("已核验：", "Verified by ")} <span translate="no">{by}</span> " " {at}</span> }
                    });
                    let can_verify = abilities.changes && complete && part.part.verified_by.is_none();
                    view! {
                        <h4 class="screening-part" data-task-id=task_id data-owner=part.part.owner.code.clone()
                            data-complete=complete.to_string() data-verified=part.part.verified_by.is_some().to_string()>
                            <span translate="no">{part.part.owner.name.clone()}</span> " · " {part.part.done} " / " {part.part.items}
                            {part.part.overdue.then_some(t!("（逾期）", " (overdue)"))}
                            {verified}
                            {can_verify.then(|| view! {
                                <button class="action" data-action="verify-part" on:click=move |_| verify(task_id)>{t!("社区核验", "Community verification")}</button>
                            })}
                        </h4>
                        <table class="unit-deadlines screening-items">
                            <thead>
                                <tr>
                                    <th>{t!("姓名", "Name")}</th>
                                    <th>{t!("身份证号", "ID number")}</th>
                                    <th>{t!("地址", "Address")}</th>
                                    <th>{t!("核查结果", "Result")}</th>
                                </tr>
                            </thead>
                            <tbody>{items}</tbody>
                        </table>
                    }
                })
                .collect_view()
        })
    };
    let can_import = abilities.changes && !bridge::in_browser();
    let ready = move || batches.with(Option::is_some).to_string();
    view! {
        <aside class="screening board" data-node=node.code.clone() data-ready=ready>
            <header class="board-head">
                <span class="panel-level">{node.level.label_in(crate::i18n::language())}</span>
                <h2 class="panel-name"><span translate="no">{node.name.clone()}</span> {t!(" · 排查", " · Screening")}</h2>
                {can_import.then(|| view! {
                    <button class="action primary" data-action="open-screening-import" on:click=move |_| importing.update(|o| *o = !*o)>
                        {t!("导入排查名单", "Import screening list")}
                    </button>
                })}
            </header>
            {move || importing.get().then(|| view! {
                <ImportForm on_done=move |done: ScreeningImported| {
                    imported.set(Some(done));
                    importing.set(false);
                    refresh.update(|n| *n += 1);
                } />
            })}
            {move || imported.get().map(|d| view! {
                <p class="screening-imported" data-people=d.people data-parts=d.parts.len()>
                    {t!("「", "\"")} <span translate="no">{d.batch.clone()}</span> {t!("」已导入 ", "\" imported: ")} {d.people}
                    {t!(" 人，分派到 ", " people, assigned to ")} {d.parts.len()} {t!(" 个任务，未匹配地址 ", " tasks; no address match for ")}
                    {d.unplaced.len()} {t!(" 人", " people")}
                </p>
            })}
            {move || problem.get().map(|p| view! {
                <div class="board-notice" data-notice="error">
                    <span>{p}</span>
                    <button class="notice-close" title=t!("关闭", "Close") on:click=move |_| problem.set(None)>"×"</button>
                </div>
            })}
            <div class="ticket-list screening-batches" role="list">{batch_rows}</div>
            {children}
            {move || (!abilities.personal_data && selected.with(Option::is_some)).then(|| view! {
                <p class="board-empty">{t!("本账号只看汇总数字，不显示人员名单", "This account sees totals only, not the list of people")}</p>
            })}
            {people}
        </aside>
    }
}

/// The import of a new list: a path on this machine, the batch's title and its deadline.
#[component]
fn ImportForm(on_done: impl Fn(ScreeningImported) + Copy + 'static) -> impl IntoView {
    let path = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let deadline = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let submit = move |_| {
        let request = ScreeningImport {
            path: path.get_untracked().trim().to_string(),
            title: title.get_untracked().trim().to_string(),
            deadline: deadline.get_untracked().trim().to_string(),
            encoding: None,
            sheet: None,
        };
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            match bridge::invoke::<_, ScreeningImported>(commands::IMPORT_SCREENING, &ImportArgs { request: &request }).await {
                Ok(imported) => on_done(imported),
                Err(error) => {
                    let _ = problem.try_set(Some(error.message));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <div class="step-form screening-import" data-busy=move || busy.get().to_string()>
            <label class="filter"><span class="figure-label">{t!("名单文件", "List file")}</span>
                <input class="screening-path" type="text" placeholder=t!("CSV 或 XLSX 文件的完整路径", "Full path of a CSV or XLSX file") prop:value=move || path.get()
                    on:input=move |e| path.set(event_target_value(&e)) /></label>
            <label class="filter"><span class="figure-label">{t!("批次名称", "Batch name")}</span>
                <input class="screening-title" type="text" placeholder=t!("例如：第 12 批协查名单", "e.g. Screening list no. 12") prop:value=move || title.get()
                    on:input=move |e| title.set(event_target_value(&e)) /></label>
            <label class="filter"><span class="figure-label">{t!("截止日期", "Deadline")}</span>
                <input class="screening-deadline" type="text" placeholder=t!("年-月-日", "YYYY-MM-DD") prop:value=move || deadline.get()
                    on:input=move |e| deadline.set(event_target_value(&e)) /></label>
            {move || problem.get().map(|p| view! { <p class="step-problem">{p}</p> })}
            <div class="action-buttons">
                <button class="action primary" data-action="import-screening" disabled=move || busy.get() on:click=submit>{t!("导入并分派", "Import and assign")}</button>
            </div>
        </div>
    }
}
