//! The unit cards: each unit under the board's node with its open and breached tickets,
//! bounce-backs and mean handling time. They are the drop targets of dragged rows
//! (`data-unit-code`); a click filters the rows to that unit. Counts are in `data-open`,
//! `data-breached` and `data-bounce-backs`.

use leptos::prelude::*;
use wangge_api::UnitLoad;

use super::drag::Dragger;
use super::format;
use super::state::Board;

#[component]
pub fn UnitCards(board: Board, dragger: Dragger) -> impl IntoView {
    let units = move || board.units();
    let commands = crate::app::abilities().commands;
    view! {
        <div class="unit-cards">
            <h3 class="board-subhead">
                {t!("承办单位", "Handling units")}
                {commands.then(|| view! { <small>{t!("（拖动工单到单位上改派）", " (drag a ticket onto a unit to reassign it)")}</small> })}
            </h3>
            <For each=units key=|unit| format!("{unit:?}") let(unit)>
                <Card unit=unit board=board dragger=dragger />
            </For>
        </div>
    }
}

#[component]
fn Card(unit: UnitLoad, board: Board, dragger: Dragger) -> impl IntoView {
    let code = unit.code.clone();
    let over = {
        let code = code.clone();
        move || dragger.over().as_deref() == Some(code.as_str())
    };
    let owns_dragged = {
        let code = code.clone();
        move || dragger.state.with(|s| s.as_ref().is_some_and(|d| d.moving && d.row.owners.contains(&code)))
    };
    let filtered = {
        let code = code.clone();
        move || board.filter.with(|f| f.unit.as_deref() == Some(code.as_str()))
    };
    let toggle = {
        let code = code.clone();
        move |_| {
            board.filter.update(|f| {
                f.unit = if f.unit.as_deref() == Some(code.as_str()) { None } else { Some(code.clone()) };
            })
        }
    };
    let breached = unit.breached > 0;
    view! {
        <div class="unit-card" role="button" tabindex="0"
            class:drop-target=over class:drop-own=owns_dragged class:filtered=filtered
            data-unit-code=code.clone() data-open=unit.open data-breached=unit.breached
            data-bounce-backs=unit.bounce_backs on:click=toggle>
            {match format::triage_name(&code) {
                Some(name) => view! { <div class="unit-name">{name}</div> }.into_any(),
                None => view! { <div class="unit-name" translate="no">{unit.name.clone()}</div> }.into_any(),
            }}
            <div class="unit-figures">
                <span class="unit-figure"><span class="figure-label">{t!("在办", "Open")}</span><b>{unit.open}</b></span>
                <span class="unit-figure" class:alarm=breached>
                    <span class="figure-label">{t!("超期", "Overdue")}</span><b>{unit.breached}</b>
                </span>
                <span class="unit-figure"><span class="figure-label">{t!("退回", "Returned")}</span><b>{unit.bounce_backs}</b></span>
                <span class="unit-figure"><span class="figure-label">{t!("平均办理", "Avg. handling")}</span><b>{format::handling(unit.avg_handling_secs)}</b></span>
            </div>
        </div>
    }
}
