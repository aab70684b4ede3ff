//! The steps a seat takes on the selected ticket: exactly those the engine offers this seat
//! now (`TicketDetail::steps`, from the role table and the ticket's state), so a street leader
//! never sees 督办 and a suspended ticket offers 恢复办理. Steps that need more than the note
//! open a small form under the buttons: 延期 (working hours and approver), 上报 (the unit and
//! the reason), 加派 (units), 回访 (satisfaction), 分拨 (the micro-grid, required for a ticket
//! still in triage, and the unit); 改派 opens the reassign dialog. Each names the version the
//! seat saw; a conflict comes back with the ticket as it stands now.
//!
//! Hooks: buttons `[data-action=STEP]` (the step's snake_case name), the open form
//! `.step-form[data-step]` with `.extend-hours`, `.extend-approver`, `.co-dispatch-unit`
//! checkboxes (`value` = unit code), `.escalate-unit`, `.escalate-reason`,
//! `.return-visit-satisfaction`, `.dispatch-place`, `.dispatch-unit`, and
//! `[data-action="confirm-step"]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wangge_api::{ErrorCode, TicketAction, TicketDetail, TicketStep, TicketVersion};

use super::calls;
use super::format;
use super::state::{Board, Notice};

/// Steps taken straight from their button (with the note where one is needed).
fn needs_form(step: TicketStep) -> bool {
    matches!(step, TicketStep::Extend | TicketStep::Escalate | TicketStep::CoDispatch | TicketStep::ReturnVisit | TicketStep::Dispatch)
}

/// What the note is for, when the step needs one (the engine refuses an empty reason).
fn note_for(step: TicketStep) -> Option<&'static str> {
    match step {
        TicketStep::Resolve => Some(t!("办结说明", "a resolution note")),
        TicketStep::Return => Some(t!("退回理由", "a reason for returning it")),
        TicketStep::Suspend => Some(t!("挂起理由", "a reason for suspending it")),
        TicketStep::Reopen => Some(t!("重新办理的理由", "a reason for reopening it")),
        _ => None,
    }
}

#[component]
pub fn TicketActions(detail: TicketDetail, board: Board) -> impl IntoView {
    let row = detail.row.clone();
    let ticket = TicketVersion { id: row.id, version: row.version };
    let busy = RwSignal::new(false);
    let open_form = RwSignal::new(None::<TicketStep>);
    let owners = row.owners.clone();
    let first_owner = owners.first().cloned().unwrap_or_default();
    let unit = move || board.acting_unit.get().unwrap_or_else(|| first_owner.clone());

    let run = move |action: TicketAction| {
        let step = action.step();
        busy.set(true);
        spawn_local(async move {
            match calls::ticket_act(ticket, &action).await {
                Ok(row) => {
                    board.note.set(String::new());
                    let _ = open_form.try_set(None);
                    let message = tf!("工单 #{} 已{}", "Ticket #{}: {} — done", ticket.id, step.label_in(crate::i18n::language()));
                    board.written(&[row], message, Vec::new());
                }
                Err(error) => board.fail(error),
            }
            let _ = busy.try_set(false);
        });
    };
    let note_or_ask = move |what: &str| -> Option<String> {
        let note = board.note.get_untracked().trim().to_string();
        if note.is_empty() {
            board.notice.set(Some(Notice::words(Some(ErrorCode::InvalidInput), tf!("请先填写{what}", "Please write {what} first"))));
            None
        } else {
            Some(note)
        }
    };
    let reassign_row = row.clone();
    let take = {
        let unit = unit.clone();
        move |step: TicketStep| {
            if needs_form(step) {
                open_form.update(|open| *open = if *open == Some(step) { None } else { Some(step) });
                return;
            }
            let note = match note_for(step) {
                Some(what) => match note_or_ask(what) {
                    Some(note) => note,
                    None => return,
                },
                None => board.note.get_untracked().trim().to_string(),
            };
            let action = match step {
                TicketStep::Accept => TicketAction::Accept { unit: unit() },
                TicketStep::Start => TicketAction::Start { unit: unit() },
                TicketStep::Resolve => TicketAction::Resolve { unit: unit(), note },
                TicketStep::Return => TicketAction::Return { unit: unit(), reason: note },
                TicketStep::Suspend => TicketAction::Suspend { reason: note },
                TicketStep::Resume => TicketAction::Resume,
                TicketStep::Close => TicketAction::Close,
                TicketStep::Reopen => TicketAction::Reopen { reason: note },
                TicketStep::Supervise => TicketAction::Supervise {
                    note: if note.is_empty() { t!("请加快办理", "Please speed this up").to_string() } else { note },
                },
                TicketStep::Reassign => return board.open_reassign(reassign_row.clone(), String::new()),
                TicketStep::Extend | TicketStep::CoDispatch | TicketStep::ReturnVisit | TicketStep::Escalate | TicketStep::Dispatch => {
                    return
                }
            };
            run(action)
        }
    };

    let owner_picker = (owners.len() > 1).then(|| {
        let options = owners
            .iter()
            .map(|code| {
                let translate = format::triage_name(code).is_none().then_some("no");
                view! { <option value=code.clone() translate=translate>{board.owner_name(&row, code)}</option> }
            })
            .collect_view();
        view! {
            <label class="filter">
                <span class="figure-label">{t!("承办单位", "Handling unit")}</span>
                <select class="acting-unit" prop:value=unit.clone()
                    on:change=move |e| board.acting_unit.set(Some(event_target_value(&e)))>
                    {options}
                </select>
            </label>
        }
    });
    let buttons = detail
        .steps
        .iter()
        .copied()
        .map(|step| {
            let take = take.clone();
            let primary = matches!(step, TicketStep::Reassign | TicketStep::Resolve);
            view! {
                <button class=if primary { "action primary" } else { "action" } data-action=step.name()
                    aria-expanded=move || (needs_form(step) && open_form.get() == Some(step)).to_string()
                    disabled=move || busy.get() on:click=move |_| take(step)>
                    {step.label_in(crate::i18n::language())}
                </button>
            }
        })
        .collect_view();
    let nothing_to_do = detail.steps.is_empty();
    let place = row.micro_grid.clone();
    let form = move || {
        open_form.get().map(|step| view! { <StepForm step=step owners=owners.clone() place=place.clone() board=board busy=busy run=run /> })
    };
    view! {
        <div class="ticket-actions" data-busy=move || busy.get().to_string()>
            {(!nothing_to_do).then(|| view! {
                {owner_picker}
                <textarea class="action-note" rows="2" placeholder=t!("说明（办结说明、退回理由、挂起理由、督办意见）", "Note (resolution note, reason for return or suspension, supervision remarks)")
                    prop:value=move || board.note.get()
                    on:input=move |e| board.note.set(event_target_value(&e))></textarea>
            })}
            <div class="action-buttons">{buttons}</div>
            {form}
        </div>
    }
}

/// The form of a step that needs more than a note.
#[component]
fn StepForm(
    step: TicketStep,
    owners: Vec<String>,
    /// The ticket's micro-grid (`None`: in triage).
    place: Option<String>,
    board: Board,
    busy: RwSignal<bool>,
    run: impl Fn(TicketAction) + Copy + 'static,
) -> impl IntoView {
    let hours = RwSignal::new("8".to_string());
    let approver = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let satisfaction = RwSignal::new("satisfied".to_string());
    let escalate_to = RwSignal::new(String::new());
    let escalate_reason = RwSignal::new(String::new());
    let dispatch_place = RwSignal::new(place.clone().unwrap_or_default());
    let dispatch_unit = RwSignal::new(String::new());
    let in_triage = place.is_none();
    let problem = RwSignal::new(None::<&'static str>);
    // The units a step can bring in: every card but the ticket's owners and triage.
    let others: Vec<wangge_api::UnitLoad> =
        board.units().into_iter().filter(|u| !owners.contains(&u.code) && u.code != wangge_api::TRIAGE_UNIT).collect();
    let unit_options = |units: &[wangge_api::UnitLoad]| {
        units.iter().map(|u| view! { <option value=u.code.clone() translate="no">{u.name.clone()}</option> }).collect_view()
    };
    let fields = match step {
        TicketStep::Extend => view! {
            <label class="filter"><span class="figure-label">{t!("延长工作小时", "Extra working hours")}</span>
                <input class="extend-hours" type="number" min="1" max="720" prop:value=move || hours.get()
                    on:input=move |e| hours.set(event_target_value(&e)) /></label>
            <label class="filter"><span class="figure-label">{t!("批准人", "Approved by")}</span>
                <input class="extend-approver" type="text" placeholder=t!("批准延期的领导", "The leader who approved the extension") prop:value=move || approver.get()
                    on:input=move |e| approver.set(event_target_value(&e)) /></label>
        }
        .into_any(),
        TicketStep::CoDispatch => {
            let units = others
                .iter()
                .map(|u| {
                    let code = u.code.clone();
                    let toggle = code.clone();
                    view! {
                        <label class="co-dispatch-choice">
                            <input class="co-dispatch-unit" type="checkbox" value=code.clone()
                                prop:checked=move || chosen.with(|c| c.contains(&code))
                                on:change=move |_| chosen.update(|c| match c.iter().position(|x| *x == toggle) {
                                    Some(i) => { c.remove(i); }
                                    None => c.push(toggle.clone()),
                                }) />
                            <span translate="no">{u.name.clone()}</span>
                        </label>
                    }
                })
                .collect_view();
            view! { <span class="figure-label">{t!("加派到（可多选）", "Add units (one or more)")}</span><div class="co-dispatch-units">{units}</div> }.into_any()
        }
        TicketStep::Escalate => {
            let units = unit_options(&others);
            view! {
                <label class="filter"><span class="figure-label">{t!("上报至", "Escalate to")}</span>
                    <select class="escalate-unit" on:change=move |e| escalate_to.set(event_target_value(&e))>
                        <option value="">{t!("— 选择单位 —", "— choose a unit —")}</option>
                        {units}
                    </select></label>
                <label class="filter"><span class="figure-label">{t!("上报理由", "Reason for escalating")}</span>
                    <input class="escalate-reason" type="text" placeholder=t!("例如：涉及多部门，需区级协调", "e.g. several departments involved; needs district coordination") prop:value=move || escalate_reason.get()
                        on:input=move |e| escalate_reason.set(event_target_value(&e)) /></label>
            }
            .into_any()
        }
        TicketStep::Dispatch => {
            let units = unit_options(&others);
            view! {
                <label class="filter"><span class="figure-label">{t!("所在微网格", "Micro-grid")}</span>
                    <input class="dispatch-place" type="text" placeholder=t!("微网格编码（待分拨工单必填）", "Micro-grid code (required for a ticket awaiting dispatch)") prop:value=move || dispatch_place.get()
                        on:input=move |e| dispatch_place.set(event_target_value(&e)) /></label>
                <label class="filter"><span class="figure-label">{t!("分拨到", "Dispatch to")}</span>
                    <select class="dispatch-unit" on:change=move |e| dispatch_unit.set(event_target_value(&e))>
                        <option value="">{t!("— 选择单位 —", "— choose a unit —")}</option>
                        {units}
                    </select></label>
            }
            .into_any()
        }
        _ => view! {
            <label class="filter"><span class="figure-label">{t!("市民评价", "Citizen's rating")}</span>
                <select class="return-visit-satisfaction" prop:value=move || satisfaction.get()
                    on:change=move |e| satisfaction.set(event_target_value(&e))>
                    <option value="satisfied">{t!("满意", "Satisfied")}</option>
                    <option value="neutral">{t!("基本满意", "Mostly satisfied")}</option>
                    <option value="dissatisfied">{t!("不满意", "Dissatisfied")}</option>
                </select></label>
        }
        .into_any(),
    };
    let confirm = move |_| {
        let action = match step {
            TicketStep::Extend => {
                let Some(working_hours) = hours.get_untracked().trim().parse::<u32>().ok().filter(|h| (1..=720).contains(h)) else {
                    return problem
                        .set(Some(t!("延长工作小时须为 1 到 720 之间的整数", "Extra working hours must be a whole number from 1 to 720")));
                };
                let approver = approver.get_untracked().trim().to_string();
                if approver.is_empty() {
                    return problem.set(Some(t!("请填写批准人", "Please name the approver")));
                }
                TicketAction::Extend { unit: None, working_hours, approver }
            }
            TicketStep::Escalate => {
                let to_unit = escalate_to.get_untracked();
                let reason = escalate_reason.get_untracked().trim().to_string();
                if to_unit.is_empty() {
                    return problem.set(Some(t!("请选择上报到的单位", "Please choose the unit to escalate to")));
                }
                if reason.is_empty() {
                    return problem.set(Some(t!("请填写上报理由", "Please give a reason for escalating")));
                }
                TicketAction::Escalate { to_unit, reason }
            }
            TicketStep::CoDispatch => {
                let units = chosen.get_untracked();
                if units.is_empty() {
                    return problem.set(Some(t!("请至少选择一个单位", "Please choose at least one unit")));
                }
                TicketAction::CoDispatch { units }
            }
            TicketStep::Dispatch => {
                let unit = dispatch_unit.get_untracked();
                let code = dispatch_place.get_untracked().trim().to_string();
                if in_triage && code.is_empty() {
                    return problem.set(Some(t!("待分拨工单须填写所在微网格", "A ticket awaiting dispatch needs its micro-grid")));
                }
                if unit.is_empty() {
                    return problem.set(Some(t!("请选择分拨到的单位", "Please choose the unit to dispatch to")));
                }
                TicketAction::Dispatch { micro_grid: (!code.is_empty()).then_some(code), unit }
            }
            _ => TicketAction::ReturnVisit { satisfaction: satisfaction.get_untracked() },
        };
        problem.set(None);
        run(action)
    };
    view! {
        <div class="step-form" data-step=step.name()>
            {fields}
            {move || problem.get().map(|p| view! { <p class="step-problem">{p}</p> })}
            <div class="action-buttons">
                <button class="action primary" data-action="confirm-step" disabled=move || busy.get() on:click=confirm>
                    {tf!("确定{}", "Confirm: {}", step.label_in(crate::i18n::language()))}
                </button>
            </div>
        </div>
    }
}
