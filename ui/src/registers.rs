//! 登记 (the register view): houses under the focused node with the people registered at
//! each (the household), found by address, house code, or a person's name, ID number or
//! phone; who is in isolation now is marked. Only for roles that see people (the tab is not
//! offered to the others). Refetched when the change log moves on.
//!
//! Hooks: `.registers[data-node][data-ready][data-matching]`, `.register-search` (Enter
//! searches), `.register-house[data-house-id][data-people]`, `.register-person[data-person-id]
//! [data-isolated]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use wangge_api::{commands, NodeRef, RegisterQuery, RegisterResults};

use crate::bridge;
use crate::live::Live;

#[derive(Serialize)]
struct QueryArgs<'a> {
    query: &'a RegisterQuery,
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
    let houses = move || {
        results
            .with(|r| r.as_ref().map(|r| r.houses.clone()).unwrap_or_default())
            .into_iter()
            .map(|house| {
                let people = house
                    .people
                    .iter()
                    .map(|p| {
                        view! {
                            <tr class="register-person" data-person-id=p.id data-isolated=p.isolation.is_some().to_string()>
                                <td>{p.name.clone()}</td>
                                <td>{p.id_number.clone()}</td>
                                <td>{p.phone.clone()}</td>
                                <td class="register-employer">{p.employer.clone().unwrap_or_default()}</td>
                                <td>{p.isolation.clone().unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let count = house.people.len();
                view! {
                    <section class="register-house" data-house-id=house.id data-people=count>
                        <h4>{house.address.clone()} <small>" · " {house.code.clone()} " · " {house.place.clone()} " · " {count} " 人"</small></h4>
                        {(count > 0).then(|| view! {
                            <table class="unit-deadlines register-people">
                                <thead><tr><th>"姓名"</th><th>"身份证号"</th><th>"电话"</th><th>"工作单位"</th><th>"隔离"</th></tr></thead>
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
                <span class="panel-level">{node.level.label_zh()}</span>
                <h2 class="panel-name">{node.name.clone()} " · 登记"</h2>
            </header>
            <label class="filter">
                <span class="figure-label">"查找"</span>
                <input class="register-search" type="search" placeholder="地址、房屋编码、姓名、身份证号或电话，回车查找"
                    prop:value=move || typed.get()
                    on:input=move |e| typed.set(event_target_value(&e))
                    on:keydown=move |e| if e.key() == "Enter" { search() } />
            </label>
            <p class="enterprise-summary">"符合条件的房屋 " <b>{matching}</b> " 处" {move || (matching() > shown() as u64).then(|| format!("，显示前 {} 处", shown()))}</p>
            {move || problem.get().map(|p| view! { <div class="board-notice" data-notice="error"><span>{p}</span></div> })}
            <div class="ticket-list register-houses">{houses}</div>
        </aside>
    }
}
