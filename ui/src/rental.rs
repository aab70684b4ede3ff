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

/// The lists to filter by, by API name and in the page's words.
fn standing_choices() -> [(&'static str, &'static str); 4] {
    [
        ("red", t!("红榜（含五好房东）", "Red list (five-good landlords included)")),
        ("five_good", t!("五好房东", "Five-good landlords")),
        ("ordinary", t!("未上榜", "Not listed")),
        ("black", t!("黑榜", "Black list")),
    ]
}

/// A standing in the page's words, from its API name; one this page does not know keeps the
/// backend's label (worded in the seat's language too).
fn standing_words(standing: &str, label: &str) -> String {
    match standing {
        "five_good" => t!("五好房东", "Five-good landlord"),
        "red" => t!("红榜", "Red list"),
        "ordinary" => t!("未上榜", "Not listed"),
        "black" => t!("黑榜", "Black list"),
        _ => label,
    }
    .to_owned()
}

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
                let words = standing_words(&s.standing, &s.label);
                view! {
                    <span class="standing-count" data-standing=s.standing.clone() data-landlords=s.landlords>
                        <span>{words}</span> " " <b>{s.landlords}</b> {t!(" 人", " landlords")}
                    </span>
                }
            })
            .collect_view()
    };
    let thresholds = move || {
        board.with(|b| {
            b.as_ref().map(|b| {
                let t = b.thresholds;
                tf!(
                    "基础分 {}，{} 分及以上上红榜，{} 分及以上为五好房东，{} 分及以下上黑榜",
                    "Base score {}: red list at {} points or more, five-good landlord at {} or more, black list at {} or less",
                    t.base,
                    t.red_at_least,
                    t.five_good_at_least,
                    t.black_at_most
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
                let standing = standing_words(&row.standing, &row.standing_label);
                view! {
                    <div class="ticket-row landlord-row" role="listitem" tabindex="0" data-landlord-id=id data-score=row.score
                        data-standing=row.standing.clone()
                        class:selected=move || selected.get() == Some(id)
                        on:click=move |_| selected.set(Some(id))
                        on:keydown=move |e| if e.key() == "Enter" { selected.set(Some(id)) }>
                        <span class="landlord-standing" data-standing=row.standing.clone()>{standing}</span>
                        <span class="landlord-name" translate="no">{row.name.clone()}</span>
                        <span class="landlord-score">{row.score} {t!(" 分", " points")}</span>
                        <span class="landlord-houses" translate="no">{houses.join(t!("；", "; "))}</span>
                    </div>
                }
            })
            .collect_view()
    };
    let choices = standing_choices().into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view();
    view! {
        <aside class="rental board" data-node=node.code.clone() data-ready=ready data-houses=figure(|b| b.rental_houses)
            data-black=figure(|b| b.landlords_black_listed) data-red=figure(|b| b.landlords_red_listed)>
            <header class="board-head">
                <span class="panel-level">{node.level.label_in(crate::i18n::language())}</span>
                <h2 class="panel-name"><span translate="no">{node.name.clone()}</span> {t!(" · 出租房屋", " · Rental houses")}</h2>
            </header>
            <p class="rental-summary">
                {t!("出租房 ", "Rental houses ")} <b>{figure(|b| b.rental_houses)}</b> {t!(" 户，房间 ", ", rooms ")}
                <b>{figure(|b| b.rental_rooms)}</b> {t!(" 间，登记租客 ", ", registered tenants ")} <b>{figure(|b| b.tenants)}</b>
                {t!(" 人；红榜房东 ", "; red-listed landlords ")} <b>{figure(|b| b.landlords_red_listed)}</b>
                {t!(" 户，黑榜房东 ", ", black-listed landlords ")} <b>{figure(|b| b.landlords_black_listed)}</b> {t!(" 户", ".")}
            </p>
            <p class="rental-standings">{standings}</p>
            <p class="board-hint">{thresholds}</p>
            <div class="board-filters" role="group" aria-label=t!("筛选", "Filters")>
                <label class="filter">
                    <span class="figure-label">{t!("榜单", "List")}</span>
                    <select class="rental-standing"
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            query.update(|q| q.standing = (!value.is_empty()).then_some(value));
                        }>
                        <option value="">{t!("全部房东", "All landlords")}</option>
                        {choices}
                    </select>
                </label>
            </div>
            {move || problem.get().map(|p| view! { <div class="board-notice" data-notice="error"><span>{p}</span></div> })}
            {(!personal_data).then(|| view! { <p class="board-empty">{t!("本账号只看汇总数字，不显示房东明细", "This account sees totals only, not landlords' details")}</p> })}
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
                    <span class="timeline-description" translate="no">{h.address.clone()}</span>
                    <span class="timeline-at" translate="no">{h.place.clone()}</span>
                    <span>{h.rooms} {t!(" 间，租客 ", " rooms, ")} {h.tenants} {t!(" 人", " tenants")}</span>
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
                    <span class="timeline-description" translate="no">{m.item.clone()} " — " {m.reason.clone()}</span>
                    <span class="timeline-actor" translate="no">{m.recorded_by.clone()}</span>
                </li>
            }
        })
        .collect_view();
    let none = detail
        .marks
        .is_empty()
        .then(|| view! { <p class="board-empty">{t!("本年暂无加扣分记录", "No points added or deducted this year")}</p> });
    let may_score = crate::app::abilities().changes;
    let scoring = may_score.then(|| view! { <ScoreForm detail=detail.clone() on_problem=on_problem /> });
    let standing = standing_words(&landlord.standing, &landlord.standing_label);
    view! {
        <section class="ticket-detail landlord-detail" data-landlord-id=landlord.id data-score=landlord.score
            data-standing=landlord.standing.clone()>
            <header class="detail-head">
                <span class="ticket-category">{standing}</span>
                <span class="ticket-status">{landlord.score} {t!(" 分", " points")}</span>
                <button class="detail-close" title=t!("关闭", "Close") on:click=move |_| on_close()>"×"</button>
            </header>
            <p class="detail-summary" translate="no">{landlord.name.clone()} " · " {landlord.phone.clone()}</p>
            <p class="board-hint">
                {t!("本年加 ", "This year: added ")} {landlord.added} {t!(" 分，扣 ", " points, deducted ")} {landlord.deducted}
                {t!(" 分", " points")}
            </p>
            <h4>{t!("出租房", "Rental houses")}</h4>
            <ol class="timeline landlord-houses">{houses}</ol>
            {scoring}
            <h4>{t!("加扣分记录", "Points added and deducted")}</h4>
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
    let houses = detail
        .landlord
        .houses
        .iter()
        .map(|h| view! { <option value=h.id.to_string() translate="no">{h.address.clone()}</option> })
        .collect_view();
    let items = detail
        .items
        .iter()
        .map(|i| {
            let points = if i.points > 0 { tf!("加 {} 分", "+{} points", i.points) } else { tf!("扣 {} 分", "-{} points", -i.points) };
            // The duty and the wording are the rule file's: the option keeps them as they are.
            view! { <option value=i.wording.clone() translate="no">{tf!("【{}】{}（{}）", "[{}] {} ({})", i.duty, i.wording, points)}</option> }
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
        <div class="action-form score-form" role="group" aria-label=t!("加扣分", "Score")>
            <h4>{t!("记录加扣分", "Record points")}</h4>
            <label class="filter">
                <span class="figure-label">{t!("出租房", "Rental house")}</span>
                <select class="score-house" on:change=move |e| house.set(event_target_value(&e).parse().unwrap_or_default())>{houses}</select>
            </label>
            <label class="filter">
                <span class="figure-label">{t!("事项", "Item")}</span>
                <select class="score-item" on:change=move |e| item.set(event_target_value(&e))>
                    <option value="">{t!("请选择事项", "Choose an item")}</option>
                    {items}
                </select>
            </label>
            <label class="filter">
                <span class="figure-label">{t!("原因", "Reason")}</span>
                <input class="score-reason" type="text" placeholder=t!("写明情况，如哪位租客、何时", "What happened: which tenant, when")
                    prop:value=move || reason.get() on:input=move |e| reason.set(event_target_value(&e)) />
            </label>
            <button class="action" data-action="score-landlord" prop:disabled=move || busy.get() on:click=submit>{t!("记录", "Record")}</button>
            {move || done.get().map(|s| {
                let l = s.detail.landlord;
                let standing = standing_words(&l.standing, &l.standing_label);
                view! {
                    <p class="score-done" data-score=l.score>
                        {t!("已记录：", "Recorded: ")} {s.score_before} {t!(" 分 → ", " → ")} {l.score} {t!(" 分（", " points (")}
                        <span>{standing}</span> {t!("）", ")")}
                    </p>
                }
            })}
        </div>
    }
}
