//! 登记 (the register view): houses under the focused node with the people registered at
//! each (the household), found by address, house code, or a person's name, ID number or
//! phone; who is in isolation now is marked. Only for roles that see people (the tab is not
//! offered to the others). Refetched when the change log moves on. Names, ID numbers and
//! phones come masked; 查看 on a person asks why, and the engine logs the reveal before it
//! shows that person in full (for as long as the tab is open).
//!
//! Hooks: `.registers[data-node][data-ready][data-matching]`, `.register-search` (Enter
//! searches), `.register-house[data-house-id][data-people]`, `.register-person[data-person-id]
//! [data-isolated][data-masked]`, `[data-action="reveal-person"]`, `.reveal-reason`,
//! `[data-action="confirm-reveal"]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use std::collections::HashMap;

use wangge_api::{commands, NodeRef, RegisterPerson, RegisterQuery, RegisterResults, RevealRequest};

use crate::bridge;
use crate::live::Live;

#[derive(Serialize)]
struct QueryArgs<'a> {
    query: &'a RegisterQuery,
}

#[derive(Serialize)]
struct RevealArgs<'a> {
    request: &'a RevealRequest,
}

#[component]
pub fn RegisterPanel(node: NodeRef, live: Live) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(RegisterQuery { node: Some(node.code.clone()), ..RegisterQuery::default() });
    let results = RwSignal::new(None::<RegisterResults>);
    let loading = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let wanted = query.get();
        live.log_seq.track();
        loading.set(true);
        spawn_local(async move {
            let answer = bridge::invoke::<_, RegisterResults>(commands::REGISTER_SEARCH, &QueryArgs { query: &wanted }).await;
            if query.try_get_untracked().as_ref() != Some(&wanted) {
                return;
            }
            match answer {
                Ok(fresh) => {
                    let _ = problem.try_set(None);
                    let _ = results.try_set(Some(fresh));
                }
                Err(error) => {
                    let _ = problem.try_set(Some(error.message));
                }
            }
            let _ = loading.try_set(false);
        });
    });
    let search = move || query.update(|q| q.text = typed.get_untracked().trim().to_string());
    // People shown in full after a logged reveal, by id; the person being asked about.
    let revealed = RwSignal::new(HashMap::<i64, RegisterPerson>::new());
    let asking = RwSignal::new(None::<i64>);
    let reason = RwSignal::new(String::new());
    let reveal = move |person_id: i64| {
        let request = RevealRequest { person_id, reason: reason.get_untracked() };
        spawn_local(async move {
            match bridge::invoke::<_, RegisterPerson>(commands::REVEAL_PERSON, &RevealArgs { request: &request }).await {
                Ok(full) => {
                    let _ = revealed.try_update(|r| r.insert(full.id, full));
                    let _ = asking.try_set(None);
                    let _ = reason.try_set(String::new());
                    let _ = problem.try_set(None);
                }
                Err(error) => {
                    let _ = problem.try_set(Some(error.message));
                }
            }
        });
    };
    let houses = move || {
        revealed.track();
        results
            .with(|r| r.as_ref().map(|r| r.houses.clone()).unwrap_or_default())
            .into_iter()
            .map(|house| {
                let people = house
                    .people
                    .iter()
                    .map(|listed| {
                        let id = listed.id;
                        let p = revealed.with_untracked(|r| r.get(&id).cloned()).unwrap_or_else(|| listed.clone());
                        let masked = p.masked;
                        view! {
                            <tr class="register-person" data-person-id=p.id data-isolated=p.isolation.is_some().to_string()
                                data-masked=masked.to_string()>
                                <td translate="no">{p.name.clone()}</td>
                                <td translate="no">{p.id_number.clone()}</td>
                                <td translate="no">{p.phone.clone()}</td>
                                <td class="register-employer" translate="no">{p.employer.clone().unwrap_or_default()}</td>
                                <td>{p.isolation.clone().unwrap_or_default()}</td>
                                <td class="register-reveal">
                                    {masked.then(|| view! {
                                        {move || if asking.get() == Some(id) {
                                            view! {
                                                <input class="reveal-reason" type="text" placeholder=t!("查看原因（将记入审计）", "Reason for viewing (recorded in the audit)")
                                                    prop:value=move || reason.get() on:input=move |e| reason.set(event_target_value(&e))
                                                    on:keydown=move |e| if e.key() == "Enter" { reveal(id) } />
                                                <button class="action" data-action="confirm-reveal" on:click=move |_| reveal(id)>{t!("确认查看", "Confirm and view")}</button>
                                            }.into_any()
                                        } else {
                                            view! {
                                                <button class="action" data-action="reveal-person" title=t!("查看完整信息，需写明原因并记入审计", "View in full: give a reason, recorded in the audit")
                                                    on:click=move |_| { reason.set(String::new()); asking.set(Some(id)) }>{t!("查看", "View")}</button>
                                            }.into_any()
                                        }}
                                    })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                let count = house.people.len();
                view! {
                    <section class="register-house" data-house-id=house.id data-people=count>
                        <h4><span translate="no">{house.address.clone()}</span> <small>" · " <span translate="no">{house.code.clone()}</span> " · " <span translate="no">{house.place.clone()}</span> " · " {count} {if count == 1 { t!(" 人", " person") } else { t!(" 人", " people") }}</small></h4>
                        {(count > 0).then(|| view! {
                            <table class="unit-deadlines register-people">
                                <thead><tr><th>{t!("姓名", "Name")}</th><th>{t!("身份证号", "ID number")}</th><th>{t!("电话", "Phone")}</th><th>{t!("工作单位", "Employer")}</th><th>{t!("隔离", "Isolation")}</th><th></th></tr></thead>
                                <tbody>{people}</tbody>
                            </table>
                        })}
                    </section>
                }
            })
            .collect_view()
    };
    let ready = move || (results.with(Option::is_some) && !loading.get()).to_string();
    let matching = move || results.with(|r| r.as_ref().map(|r| r.matching).unwrap_or_default());
    let shown = move || results.with(|r| r.as_ref().map(|r| r.houses.len()).unwrap_or_default());
    view! {
        <aside class="registers board" data-node=node.code.clone() data-ready=ready data-matching=matching>
            <header class="board-head">
                <span class="panel-level">{node.level.label_in(crate::i18n::language())}</span>
                <h2 class="panel-name"><span translate="no">{node.name.clone()}</span>{t!(" · 登记", " · Registers")}</h2>
            </header>
            <label class="filter">
                <span class="figure-label">{t!("查找", "Search")}</span>
                <input class="register-search" type="search" placeholder=t!("地址、房屋编码、姓名、身份证号或电话，回车查找", "Address, house code, name, ID number or phone; Enter to search")
                    prop:value=move || typed.get()
                    on:input=move |e| typed.set(event_target_value(&e))
                    on:keydown=move |e| if e.key() == "Enter" { search() } />
            </label>
            <p class="enterprise-summary">{t!("符合条件的房屋 ", "Matching ")} <b>{matching}</b> {t!(" 处", " houses")} {move || (matching() > shown() as u64).then(|| tf!("，显示前 {} 处", ", showing the first {}", shown()))}</p>
            {move || problem.get().map(|p| view! { <div class="board-notice" data-notice="error"><span>{p}</span></div> })}
            <div class="ticket-list register-houses">{houses}</div>
        </aside>
    }
}
