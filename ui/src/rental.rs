//! The rental view (出租, 后宅's 房东十二分制): under the focused node, the let houses, rooms
//! and tenants, and the 红黑榜 — how many landlords stand on each list and, for roles that see
//! people, the landlords themselves, best first (the 黑榜 worst first). The selected landlord
//! shows their let houses and every scoring event; roles that record changes add one by an
//! item of the rule file, with the reason. Refetched when the change log moves on.
//!
//! Hooks: `.rental[data-node][data-ready][data-houses][data-black][data-red]`,
//! `.rental-standing` (select), `.standing-count[data-standing][data-landlords]`,
//! `.landlord-row[data-landlord-id][data-score][data-standing]`,
//! `.landlord-detail[data-landlord-id][data-score][data-standing]`, `.landlord-mark[data-points]`,
//! `.score-house`, `.score-item` (selects), `.score-reason`, `[data-action="score-landlord"]`,
//! `.score-done[data-score]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use wangge_api::{commands, LandlordDetail, LandlordScoreForm, LandlordScored, NodeRef, RentalBoard, RentalQuery};

use crate::board::format;
use crate::bridge;
use crate::live::Live;

#[derive(Serialize)]
struct QueryArgs<'a> {
    query: &'a RentalQuery,
}

#[derive(Serialize)]
struct IdArgs {
    id: i64,
}

#[derive(Serialize)]
struct FormArgs<'a> {
    form: &'a LandlordScoreForm,
}

const STANDINGS: [(&str, &str); 4] = [("red", "红榜（含五好房东）"), ("five_good", "五好房东"), ("ordinary", "未上榜"), ("black", "黑榜")];

#[component]
pub fn RentalPanel(node: NodeRef, live: Live) -> impl IntoView {
    let query = RwSignal::new(RentalQuery { node: Some(node.code.clone()), standing: None });
    let board = RwSignal::new(None::<RentalBoard>);
    let problem = RwSignal::new(None::<String>);
    let selected = RwSignal::new(None::<i64>);
    let detail = RwSignal::new(None::<LandlordDetail>);
    let loading = RwSignal::new(false);
    Effect::new(move |_| {
        let wanted = query.get();
        live.log_seq.track();
        loading.set(true);
        spawn_local(async move {
            let answer = bridge::invoke::<_, RentalBoard>(commands::RENTAL_BOARD, &QueryArgs { query: &wanted }).await;
            if query.try_get_untracked().as_ref() != Some(&wanted) {
                return;
            }
            match answer {
                Ok(fresh) => {
                    let _ = problem.try_set(None);
                    let _ = board.try_set(Some(fresh));
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
            match bridge::invoke::<_, LandlordDetail>(commands::LANDLORD_DETAIL, &IdArgs { id }).await {
                Ok(fresh) if selected.try_get_untracked() == Some(Some(fresh.landlord.id)) => {
                    let _ = detail.try_set(Some(fresh));
                }
                Ok(_) => {}
                Err(error) => {
                    let _ = problem.try_set(Some(error.message));
                }
            }
        });
    });

    let ready = move || (board.with(Option::is_some) && !loading.get()).to_string();
    let figure = move |f: fn(&RentalBoard) -> u64| move || board.with(|b| b.as_ref().map(f).unwrap_or_default());
    let standings = move || {
        board
            .with(|b| b.as_ref().map(|b| b.standings.clone()).unwrap_or_default())
            .into_iter()
            .map(|s| {
                view! {
                    <span class="standing-count" data-standing=s.standing.clone() data-landlords=s.landlords>
                        {s.label.clone()} " " <b>{s.landlords}</b> " 人"
                    </span>
                }
            })
            .collect_view()
    };
    let thresholds = move || {
        board.with(|b| {
            b.as_ref().map(|b| {
                let t = b.thresholds;
                format!(
                    "基础分 {}，{} 分及以上上红榜，{} 分及以上为五好房东，{} 分及以下上黑榜",
                    t.base, t.red_at_least, t.five_good_at_least, t.black_at_most
                )
            })
        })
    };
    let personal_data = crate::app::abilities().personal_data;
    let rows = move || {
        board
            .with(|b| b.as_ref().map(|b| b.landlords.clone()).unwrap_or_default())
            .into_iter()
            .map(|row| {
                let id = row.id;
                let houses: Vec<String> = row.houses.iter().map(|h| h.address.clone()).collect();
                view! {
                    <div class="ticket-row landlord-row" role="listitem" tabindex="0" data-landlord-id=id data-score=row.score
                        data-standing=row.standing.clone()
                        class:selected=move || selected.get() == Some(id)
                        on:click=move |_| selected.set(Some(id))
                        on:keydown=move |e| if e.key() == "Enter" { selected.set(Some(id)) }>
                        <span class="landlord-standing" data-standing=row.standing.clone()>{row.standing_label.clone()}</span>
                        <span class="landlord-name">{row.name.clone()}</span>
                        <span class="landlord-score">{row.score} " 分"</span>
                        <span class="landlord-houses">{houses.join("；")}</span>
                    </div>
                }
            })
            .collect_view()
    };
    let choices = STANDINGS.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view();
    view! {
        <aside class="rental board" data-node=node.code.clone() data-ready=ready data-houses=figure(|b| b.rental_houses)
            data-black=figure(|b| b.landlords_black_listed) data-red=figure(|b| b.landlords_red_listed)>
            <header class="board-head">
                <span class="panel-level">{node.level.label_zh()}</span>
                <h2 class="panel-name">{node.name.clone()} " · 出租房屋"</h2>
            </header>
            <p class="rental-summary">
                "出租房 " <b>{figure(|b| b.rental_houses)}</b> " 户，房间 " <b>{figure(|b| b.rental_rooms)}</b>
                " 间，登记租客 " <b>{figure(|b| b.tenants)}</b> " 人；红榜房东 " <b>{figure(|b| b.landlords_red_listed)}</b>
                " 户，黑榜房东 " <b>{figure(|b| b.landlords_black_listed)}</b> " 户"
            </p>
            <p class="rental-standings">{standings}</p>
            <p class="board-hint">{thresholds}</p>
            <div class="board-filters" role="group" aria-label="筛选">
                <label class="filter">
                    <span class="figure-label">"榜单"</span>
                    <select class="rental-standing"
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            query.update(|q| q.standing = (!value.is_empty()).then_some(value));
                        }>
                        <option value="">"全部房东"</option>
                        {choices}
                    </select>
                </label>
            </div>
            {move || problem.get().map(|p| view! { <div class="board-notice" data-notice="error"><span>{p}</span></div> })}
            {(!personal_data).then(|| view! { <p class="board-empty">"本账号只看汇总数字，不显示房东明细"</p> })}
            <div class="ticket-list landlord-list" role="list">{rows}</div>
            {move || detail.get().map(|d| view! { <LandlordCard detail=d on_close=move || selected.set(None) on_problem=problem /> })}
        </aside>
    }
}

#[component]
fn LandlordCard(detail: LandlordDetail, on_close: impl Fn() + 'static, on_problem: RwSignal<Option<String>>) -> impl IntoView {
    let landlord = detail.landlord.clone();
    let houses = landlord
        .houses
        .iter()
        .map(|h| {
            view! {
                <li class="landlord-house" data-house-id=h.id>
                    <span class="timeline-description">{h.address.clone()}</span>
                    <span class="timeline-at">{h.place.clone()}</span>
                    <span>{h.rooms} " 间，租客 " {h.tenants} " 人"</span>
                </li>
            }
        })
        .collect_view();
    let marks = detail
        .marks
        .iter()
        .map(|m| {
            let points = if m.points > 0 { format!("+{}", m.points) } else { m.points.to_string() };
            view! {
                <li class="landlord-mark" data-points=m.points class:not-counted=!m.counts>
                    <span class="timeline-at">{format::local_time(m.recorded_at)}</span>
                    <span class="mark-duty">{m.duty.clone()}</span>
                    <b class="mark-points">{points}</b>
                    <span class="timeline-description">{m.item.clone()} " — " {m.reason.clone()}</span>
                    <span class="timeline-actor">{m.recorded_by.clone()}</span>
                </li>
            }
        })
        .collect_view();
    let none = detail.marks.is_empty().then(|| view! { <p class="board-empty">"本年暂无加扣分记录"</p> });
    let may_score = crate::app::abilities().changes;
    let scoring = may_score.then(|| view! { <ScoreForm detail=detail.clone() on_problem=on_problem /> });
    view! {
        <section class="ticket-detail landlord-detail" data-landlord-id=landlord.id data-score=landlord.score
            data-standing=landlord.standing.clone()>
            <header class="detail-head">
                <span class="ticket-category">{landlord.standing_label.clone()}</span>
                <span class="ticket-status">{landlord.score} " 分"</span>
                <button class="detail-close" title="关闭" on:click=move |_| on_close()>"×"</button>
            </header>
            <p class="detail-summary">{landlord.name.clone()} " · " {landlord.phone.clone()}</p>
            <p class="board-hint">"本年加 " {landlord.added} " 分，扣 " {landlord.deducted} " 分"</p>
            <h4>"出租房"</h4>
            <ol class="timeline landlord-houses">{houses}</ol>
            {scoring}
            <h4>"加扣分记录"</h4>
            {none}
            <ol class="timeline landlord-marks">{marks}</ol>
        </section>
    }
}

/// One scoring event: which let house, which item of the rule file, and why.
#[component]
fn ScoreForm(detail: LandlordDetail, on_problem: RwSignal<Option<String>>) -> impl IntoView {
    let landlord_id = detail.landlord.id;
    let house = RwSignal::new(detail.landlord.houses.first().map(|h| h.id).unwrap_or_default());
    let item = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let done = RwSignal::new(None::<LandlordScored>);
    let busy = RwSignal::new(false);
    let houses =
        detail.landlord.houses.iter().map(|h| view! { <option value=h.id.to_string()>{h.address.clone()}</option> }).collect_view();
    let items = detail
        .items
        .iter()
        .map(|i| {
            let points = if i.points > 0 { format!("加 {} 分", i.points) } else { format!("扣 {} 分", -i.points) };
            view! { <option value=i.wording.clone()>{format!("【{}】{}（{}）", i.duty, i.wording, points)}</option> }
        })
        .collect_view();
    let submit = move |_| {
        if busy.get_untracked() {
            return;
        }
        let form =
            LandlordScoreForm { landlord_id, house_id: house.get_untracked(), item: item.get_untracked(), reason: reason.get_untracked() };
        busy.set(true);
        spawn_local(async move {
            match bridge::invoke::<_, LandlordScored>(commands::SCORE_LANDLORD, &FormArgs { form: &form }).await {
                Ok(scored) => {
                    let _ = on_problem.try_set(None);
                    let _ = reason.try_set(String::new());
                    let _ = done.try_set(Some(scored));
                }
                Err(error) => {
                    let _ = on_problem.try_set(Some(error.message));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <div class="action-form score-form" role="group" aria-label="加扣分">
            <h4>"记录加扣分"</h4>
            <label class="filter">
                <span class="figure-label">"出租房"</span>
                <select class="score-house" on:change=move |e| house.set(event_target_value(&e).parse().unwrap_or_default())>{houses}</select>
            </label>
            <label class="filter">
                <span class="figure-label">"事项"</span>
                <select class="score-item" on:change=move |e| item.set(event_target_value(&e))>
                    <option value="">"请选择事项"</option>
                    {items}
                </select>
            </label>
            <label class="filter">
                <span class="figure-label">"原因"</span>
                <input class="score-reason" type="text" placeholder="写明情况，如哪位租客、何时"
                    prop:value=move || reason.get() on:input=move |e| reason.set(event_target_value(&e)) />
            </label>
            <button class="action" data-action="score-landlord" prop:disabled=move || busy.get() on:click=submit>"记录"</button>
            {move || done.get().map(|s| {
                let l = s.detail.landlord;
                view! {
                    <p class="score-done" data-score=l.score>
                        "已记录：" {s.score_before} " 分 → " {l.score} " 分（" {l.standing_label.clone()} "）"
                    </p>
                }
            })}
        </div>
    }
}
