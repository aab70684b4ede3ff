//! The intake form (受理登记): a desk officer records a call or a visit — source, category,
//! urgency, what it is about, and where: a micro-grid code (prefilled from the micro-grid
//! picked on the map) or an address of the house register; neither sends it to triage. The
//! engine checks the form and names the field of a refusal, which is shown under that
//! field; on success the dialog closes and the board selects the new ticket.
//!
//! Hooks: `.intake-dialog[data-busy]`, `.intake-field[data-field]` (one per field, with a
//! `.field-problem` under it when refused), `.intake-source`, `.intake-category`,
//! `.intake-urgent`, `.intake-summary`, `[name="intake-place"]` radios (`micro_grid`,
//! `address`), `.intake-micro-grid`, `.intake-address`, `.intake-enterprise` (for an
//! enterprise demand: the enterprises under the micro-grid), `.intake-problem` (a refusal that
//! names no field), `[data-action="submit-intake"]`, `[data-action="cancel-intake"]`.
//! Escape cancels.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wangge_api::{NodeRef as MapNode, TicketForm};

use super::calls;
use super::form::{self, DEFAULT_SOURCE, SOURCES};
use super::state::Board;

/// The category whose tickets name an enterprise.
const ENTERPRISE_DEMAND: &str = "enterprise_demand";

/// How the form places the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    MicroGrid,
    Address,
}

/// A refusal: the field it names (`None`: the form as a whole) and what is wrong.
#[derive(Debug, Clone, PartialEq)]
struct Problem {
    field: Option<&'static str>,
    message: String,
}

/// The dialog while it is open. `picked` is the micro-grid selected on the map, if any.
#[component]
pub fn IntakeLayer(board: Board, picked: Signal<Option<MapNode>>) -> impl IntoView {
    move || board.intake.get().then(|| view! { <IntakeDialog board=board picked=picked.get_untracked() /> })
}

#[component]
fn IntakeDialog(board: Board, picked: Option<MapNode>) -> impl IntoView {
    let source = RwSignal::new(DEFAULT_SOURCE.to_string());
    let category = RwSignal::new(String::new());
    let urgent = RwSignal::new(false);
    let summary = RwSignal::new(String::new());
    let place = RwSignal::new(if picked.is_some() { Place::MicroGrid } else { Place::Address });
    let micro_grid = RwSignal::new(picked.as_ref().map(|n| n.code.clone()).unwrap_or_default());
    let address = RwSignal::new(String::new());
    // 企业诉求: the enterprise it is for, chosen among those under the micro-grid typed (or
    // the board's node); its id is sent, so the demand stays with it through a rename.
    let enterprise = RwSignal::new(String::new());
    let enterprises = LocalResource::new(move || {
        let wanted = category.get() == ENTERPRISE_DEMAND;
        let typed = micro_grid.get().trim().to_string();
        let node = if typed.is_empty() { board.filter.get_untracked().node } else { Some(typed) };
        async move {
            if wanted {
                calls::enterprises_under(node).await.unwrap_or_default()
            } else {
                Vec::new()
            }
        }
    });
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);

    let categories = LocalResource::new(calls::ticket_categories);
    // The first category until the officer picks one.
    Effect::new(move |_| {
        if let Some(Ok(choices)) = categories.get() {
            if category.with_untracked(String::is_empty) {
                if let Some(first) = choices.first() {
                    category.set(first.value.clone());
                }
            }
        }
    });
    let category_options = move || {
        categories
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                let value = c.value.clone();
                // The backend names each category in both languages.
                let label = c.label_in(crate::i18n::language()).to_string();
                view! {
                    <option value=c.value.clone() prop:selected=move || category.with(|v| *v == value)>
                        {label}
                    </option>
                }
            })
            .collect_view()
    };
    // The categories could not be read (the database still loading): said under the field.
    let categories_failed = move || {
        categories.get().and_then(Result::err).map(|error| {
            view! { <p class="field-problem dialog-problem" data-field="category">{error.message}</p> }
        })
    };
    let source_options = SOURCES
        .into_iter()
        .map(|value| {
            view! {
                <option value=value prop:selected=move || source.with(|s| s == value)>{form::source_label(value)}</option>
            }
        })
        .collect_view();

    // The refusal under one field.
    let under = move |field: &'static str| {
        move || {
            problem.get().filter(|p| p.field == Some(field)).map(|p| {
                view! { <p class="field-problem dialog-problem" data-field=field>{p.message}</p> }
            })
        }
    };
    let general =
        move || problem.get().filter(|p| p.field.is_none()).map(|p| view! { <p class="intake-problem dialog-problem">{p.message}</p> });

    let close = move || board.intake.set(false);
    let submit = move |_| {
        let text = |signal: RwSignal<String>| {
            let value = signal.get_untracked().trim().to_string();
            (!value.is_empty()).then_some(value)
        };
        let form = TicketForm {
            source: source.get_untracked(),
            category: category.get_untracked(),
            urgent: urgent.get_untracked(),
            summary: summary.get_untracked(),
            micro_grid: (place.get_untracked() == Place::MicroGrid).then(|| text(micro_grid)).flatten(),
            point: None,
            address: (place.get_untracked() == Place::Address).then(|| text(address)).flatten(),
            enterprise: (category.get_untracked() == ENTERPRISE_DEMAND).then(|| enterprise.get_untracked().parse::<i64>().ok()).flatten(),
        };
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            match calls::submit_ticket(&form).await {
                Ok(row) => {
                    let _ = board.intake.try_set(false);
                    board.created(row);
                }
                Err(error) => {
                    let (field, message) = form::field_of(&error.message);
                    let _ = problem.try_set(Some(Problem { field, message: message.to_string() }));
                    let _ = busy.try_set(false);
                }
            }
        });
    };
    let summary_field = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(field) = summary_field.get() {
            let _ = field.focus();
        }
    });
    let picked_name = match picked.as_ref() {
        Some(node) => view! { {t!("地图选中：", "Picked on the map: ")}<span translate="no">{node.name.clone()}</span> }.into_any(),
        None => t!("可在地图上点选微网格", "You can pick a micro-grid on the map").into_any(),
    };
    let radio = move |value: Place, key: &'static str, label: &'static str| {
        view! {
            <label class="intake-radio">
                <input type="radio" name="intake-place" value=key
                    prop:checked=move || place.get() == value
                    on:change=move |_| place.set(value) />
                <span>{label}</span>
            </label>
        }
    };
    view! {
        <div class="dialog-backdrop" on:keydown=move |e| if e.key() == "Escape" { close() }>
            <div class="intake-dialog" role="dialog" aria-label=t!("受理登记", "Intake")
                data-busy=move || busy.get().to_string()>
                <h3>{t!("受理登记", "Intake")}</h3>
                <div class="intake-row">
                    <label class="intake-field" data-field="source">
                        <span class="dialog-label">{t!("来源", "Source")}</span>
                        <select class="intake-source" prop:value=move || source.get()
                            on:change=move |e| source.set(event_target_value(&e))>
                            {source_options}
                        </select>
                        {under("source")}
                    </label>
                    <label class="intake-field" data-field="category">
                        <span class="dialog-label">{t!("类别", "Category")}</span>
                        <select class="intake-category" prop:value=move || category.get()
                            on:change=move |e| category.set(event_target_value(&e))>
                            {category_options}
                        </select>
                        {categories_failed}
                        {under("category")}
                    </label>
                    <label class="intake-field intake-urgent-field" data-field="urgent">
                        <input type="checkbox" class="intake-urgent" prop:checked=move || urgent.get()
                            on:change=move |e| urgent.set(event_target_checked(&e)) />
                        <span>{t!("紧急", "Urgent")}</span>
                        {under("urgent")}
                    </label>
                </div>
                <Show when=move || category.get() == ENTERPRISE_DEMAND>
                    <label class="intake-field" data-field="enterprise">
                        <span class="dialog-label">{t!("所涉企业", "Enterprise concerned")}</span>
                        <select class="intake-enterprise" on:change=move |e| enterprise.set(event_target_value(&e))>
                            <option value="">{t!("— 未指定 —", "— not specified —")}</option>
                            {move || enterprises.get().unwrap_or_default().into_iter().map(|e| {
                                let id = e.id.to_string();
                                let chosen = id.clone();
                                view! {
                                    <option value=id translate="no" prop:selected=move || enterprise.with(|v| *v == chosen)>{e.name} " · " {e.place}</option>
                                }
                            }).collect_view()}
                        </select>
                        {under("enterprise")}
                    </label>
                </Show>
                <label class="intake-field" data-field="summary">
                    <span class="dialog-label">{t!("诉求内容（必填）", "Request (required)")}</span>
                    <textarea class="intake-summary" rows="4" node_ref=summary_field
                        placeholder=t!("来电人反映的问题、时间、地点、诉求", "What the caller reports: the problem, when, where, what they ask for")
                        prop:value=move || summary.get()
                        on:input=move |e| summary.set(event_target_value(&e))></textarea>
                    {under("summary")}
                </label>
                <fieldset class="intake-place">
                    <legend class="dialog-label">{t!("位置", "Location")}</legend>
                    <div class="intake-row">
                        {radio(Place::MicroGrid, "micro_grid", t!("微网格", "Micro-grid"))}
                        {radio(Place::Address, "address", t!("地址", "Address"))}
                    </div>
                    <div class="intake-field" data-field="micro_grid" class:hidden=move || place.get() != Place::MicroGrid>
                        <input type="text" class="intake-micro-grid" placeholder=t!("微网格编码", "Micro-grid code")
                            prop:value=move || micro_grid.get()
                            on:input=move |e| micro_grid.set(event_target_value(&e)) />
                        <span class="intake-hint">{picked_name}</span>
                        {under("micro_grid")}
                    </div>
                    <div class="intake-field" data-field="address" class:hidden=move || place.get() != Place::Address>
                        <input type="text" class="intake-address" placeholder=t!("门牌地址（与房屋登记一致）", "Street address (as in the house register)")
                            prop:value=move || address.get()
                            on:input=move |e| address.set(event_target_value(&e)) />
                        {under("address")}
                    </div>
                    {under("point")}
                    <p class="intake-hint">{t!("未填写或无法定位的，进入待分拨。", "A request with no place, or one that cannot be placed, awaits dispatch.")}</p>
                </fieldset>
                {general}
                <div class="dialog-buttons">
                    <button class="action" data-action="cancel-intake" on:click=move |_| close()>{t!("取消", "Cancel")}</button>
                    <button class="action primary" data-action="submit-intake"
                        disabled=move || busy.get() on:click=submit>
                        {t!("登记", "Register")}
                    </button>
                </div>
            </div>
        </div>
    }
}
