//! The commander's desk on the board left open by the earlier steps (a community's): on one
//! open ticket 挂起 with a reason and 恢复办理, 延期 16 working hours approved by a named
//! leader, 加派 to two more units (both unit cards count it); 回访 with the citizen's verdict
//! on a resolved ticket; each timeline on screen equals `wangge tickets --id`. Then, on the
//! street's board, three rows ticked and moved to one unit at once (批量改派), and one ticket
//! returned by its unit (退回) then dispatched to another with the 分拨 form, as
//! `wangge tickets --id` confirms.
//!
//! Hooks used: `.ticket-row[data-ticket-id][data-status][data-owners] .ticket-pick`,
//! `.ticket-detail[data-ticket-id][data-status][data-owners] [data-action=STEP]`,
//! `.action-note`, `.step-form[data-step]`, `.extend-hours`, `.extend-approver`,
//! `.co-dispatch-unit[value]`, `.return-visit-satisfaction`, `[data-action="confirm-step"]`,
//! `.timeline-entry[data-kind] .timeline-description`, `.unit-card[data-unit-code][data-open]`,
//! `.bulk-bar[data-picked]`, `.reassign-dialog[data-ticket-count]`, `.filter-status`,
//! `.dispatch-unit`.

use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::{json, Value};

use crate::board;
use crate::cli::Cli;
use crate::page;

const STEP_TIMEOUT: Duration = Duration::from_secs(15);

/// What the board shows: its rows and its unit cards.
struct BoardView {
    rows: Vec<(i64, String, Vec<String>)>,
    cards: Vec<(String, u64)>,
}

async fn board_view(client: &Client) -> Result<BoardView, String> {
    const SCRIPT: &str = r#"
        return {
            rows: [...document.querySelectorAll('.board .ticket-row[data-ticket-id]')]
                .map(r => [Number(r.dataset.ticketId), r.dataset.status, r.dataset.owners ? r.dataset.owners.split(',') : []]),
            cards: [...document.querySelectorAll('.board .unit-card[data-unit-code]')]
                .map(c => [c.dataset.unitCode, Number(c.dataset.open)]),
        };
    "#;
    let value = client.execute(SCRIPT, vec![]).await.map_err(|e| format!("reading the board: {e}"))?;
    let rows = value["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    let owners =
                        r[2].as_array().map(|o| o.iter().filter_map(|c| c.as_str().map(str::to_string)).collect()).unwrap_or_default();
                    (r[0].as_i64().unwrap_or_default(), r[1].as_str().unwrap_or_default().to_string(), owners)
                })
                .collect()
        })
        .unwrap_or_default();
    let cards = value["cards"]
        .as_array()
        .map(|cards| cards.iter().map(|c| (c[0].as_str().unwrap_or_default().to_string(), c[1].as_u64().unwrap_or_default())).collect())
        .unwrap_or_default();
    Ok(BoardView { rows, cards })
}

fn is_open(status: &str) -> bool {
    matches!(status, "received" | "accepted" | "in_progress")
}

pub async fn commanders_desk(client: &Client, cli: &Cli, street: &str) -> Result<(), String> {
    let started = Instant::now();
    let community = attribute(client, ".board[data-board-node]", "boardNode").await?;
    cards_current(client, cli, &community).await?;
    let view = board_view(client).await?;
    let cards: Vec<&str> = view.cards.iter().map(|(code, _)| code.as_str()).collect();
    // One open ticket with one owner and two cards it is not yet with.
    let (desk, _, owners) = view
        .rows
        .iter()
        .find(|(_, status, owners)| is_open(status) && owners.len() == 1 && cards.iter().filter(|c| **c != owners[0]).count() >= 2)
        .cloned()
        .ok_or(format!("the board shows no open single-owner ticket to work: {:?}", view.rows))?;
    let detail = format!(".ticket-detail[data-ticket-id=\"{desk}\"]");
    select(client, desk).await?;

    // 挂起 with a reason, then 恢复办理.
    let status_before = attribute(client, &detail, "status").await?;
    page::set_field(client, ".action-note", "端到端：等待市民补充材料").await?;
    take(client, &detail, "suspend").await?;
    wait(client, &format!("document.querySelector('{detail}')?.dataset.status === 'suspended'"), "挂起 never showed").await?;
    take(client, &detail, "resume").await?;
    wait(client, &format!("document.querySelector('{detail}')?.dataset.status === '{status_before}'"), "恢复办理 never showed").await?;

    // 延期 with the approver.
    take(client, &detail, "extend").await?;
    wait(client, "document.querySelector('.step-form[data-step=\"extend\"]')", "延期 opened no form").await?;
    page::set_field(client, ".extend-hours", "16").await?;
    page::set_field(client, ".extend-approver", "王主任").await?;
    page::click(client, "[data-action=\"confirm-step\"]").await?;
    wait(
        client,
        &format!("[...document.querySelectorAll('{detail} .timeline-entry[data-kind=\"extended\"]')].some(e => e.textContent.includes('王主任'))"),
        "the extension never reached the timeline",
    )
    .await?;

    // 加派 to two units that have cards: both cards count it.
    let extra: Vec<(String, u64)> = view.cards.iter().filter(|(code, _)| *code != owners[0]).take(2).cloned().collect();
    take(client, &detail, "co_dispatch").await?;
    wait(client, "document.querySelector('.step-form[data-step=\"co_dispatch\"]')", "加派 opened no form").await?;
    for (code, _) in &extra {
        page::click(client, &format!(".co-dispatch-unit[value=\"{code}\"]")).await?;
    }
    page::click(client, "[data-action=\"confirm-step\"]").await?;
    let all_owners = [owners[0].as_str(), extra[0].0.as_str(), extra[1].0.as_str()].join(",");
    wait(client, &format!("document.querySelector('{detail}')?.dataset.owners === '{all_owners}'"), "加派 never showed in the detail")
        .await?;
    for (code, open) in &extra {
        let moved = format!("Number(document.querySelector('.unit-card[data-unit-code=\"{code}\"]')?.dataset.open) === {}", open + 1);
        wait(client, &moved, &format!("the card of {code} did not count the co-dispatched ticket (was {open})")).await?;
    }
    same_timeline(client, cli, desk).await?;
    eprintln!("desk: #{desk} suspended, resumed, extended and co-dispatched to {all_owners}");

    // 回访 on a resolved ticket (the status filter finds one when the first page has none).
    page::set_field(client, ".filter-status", "resolved").await?;
    wait(client, "document.querySelector('.board[data-board-ready=\"true\"]') && [...document.querySelectorAll('.board .ticket-row')].every(r => r.dataset.status === 'resolved')", "the resolved filter never applied").await?;
    let resolved = board_view(client).await?.rows.first().map(|r| r.0).ok_or("the board holds no resolved ticket for a return visit")?;
    select(client, resolved).await?;
    let visited = format!(".ticket-detail[data-ticket-id=\"{resolved}\"]");
    take(client, &visited, "return_visit").await?;
    page::set_field(client, ".return-visit-satisfaction", "neutral").await?;
    page::click(client, "[data-action=\"confirm-step\"]").await?;
    wait(client, &format!("document.querySelector('{visited}')?.dataset.status === 'return_visited'"), "回访 never showed").await?;
    same_timeline(client, cli, resolved).await?;
    let from_cli = cli.ticket(resolved)?;
    if from_cli["row"]["status"] != "return_visited" {
        return Err(format!("wangge tickets says #{resolved} is {}, not return_visited", from_cli["row"]["status"]));
    }
    page::set_field(client, ".filter-status", "").await?;
    wait(client, "document.querySelector('.board[data-board-ready=\"true\"]') && [...document.querySelectorAll('.board .ticket-row')].some(r => r.dataset.status !== 'resolved')", "the status filter never cleared").await?;
    eprintln!("desk: #{resolved} return-visited (基本满意)");

    // A community has few open tickets: three are moved together on the street's board,
    // and the community's map and board are left as the next steps expect them.
    board::focus(client, street).await?;
    board::open_board(client, street).await?;
    let moved = bulk_reassign(client, cli, &[desk, resolved]).await?;
    return_then_dispatch(client, cli, &[&[desk, resolved][..], &moved[..]].concat()).await?;
    board::focus(client, &community).await?;
    board::open_board(client, &community).await?;
    eprintln!("commander's desk scenario: {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// An open single-owner ticket 退回 by its unit, then 分拨 to another card's unit (its place
/// kept): the detail, the row and `wangge tickets --id` name the new owner.
async fn return_then_dispatch(client: &Client, cli: &Cli, not: &[i64]) -> Result<(), String> {
    let view = board_view(client).await?;
    let (id, owner, to) = view
        .rows
        .iter()
        .filter(|(id, status, owners)| !not.contains(id) && is_open(status) && owners.len() == 1)
        .find_map(|(id, _, owners)| {
            view.cards.iter().find(|(card, _)| *card != owners[0]).map(|(card, _)| (*id, owners[0].clone(), card.clone()))
        })
        .ok_or(format!("the board has no open single-owner ticket to return and dispatch: {:?}", view.rows))?;
    select(client, id).await?;
    let detail = format!(".ticket-detail[data-ticket-id=\"{id}\"]");
    page::set_field(client, ".action-note", "端到端：不属本单位职责").await?;
    take(client, &detail, "return").await?;
    // Returned by its only owner, the ticket waits for 分拨 again (status triage, place kept).
    wait(client, &format!("document.querySelector('{detail}')?.dataset.status === 'triage'"), "退回 never showed").await?;
    take(client, &detail, "dispatch").await?;
    wait(client, "document.querySelector('.step-form[data-step=\"dispatch\"]')", "分拨 opened no form").await?;
    page::set_field(client, ".dispatch-unit", &to).await?;
    page::click(client, "[data-action=\"confirm-step\"]").await?;
    wait(client, &format!("document.querySelector('{detail}')?.dataset.owners === '{to}'"), "分拨 never showed the new owner").await?;
    same_timeline(client, cli, id).await?;
    let row = &cli.ticket(id)?["row"];
    if row["owners"] != json!([to]) {
        return Err(format!("wangge tickets says #{id} is owned by {}, expected [{to}] after 分拨", row["owners"]));
    }
    eprintln!("desk: #{id} returned by {owner}, then dispatched to {to}");
    Ok(())
}

/// Three open single-owner rows ticked and moved at once to a card none of them is with;
/// returns them.
async fn bulk_reassign(client: &Client, cli: &Cli, not: &[i64]) -> Result<Vec<i64>, String> {
    let view = board_view(client).await?;
    let movable: Vec<&(i64, String, Vec<String>)> =
        view.rows.iter().filter(|(id, status, owners)| !not.contains(id) && is_open(status) && owners.len() == 1).collect();
    let (to, picked) = view
        .cards
        .iter()
        .find_map(|(card, _)| {
            let picked: Vec<i64> = movable.iter().filter(|(_, _, owners)| owners[0] != *card).map(|r| r.0).take(3).collect();
            (picked.len() == 3).then(|| (card.clone(), picked))
        })
        .ok_or(format!("the board has no three open single-owner tickets to move together: {:?}", view.rows))?;
    for id in &picked {
        page::click(client, &format!(".ticket-row[data-ticket-id=\"{id}\"] .ticket-pick")).await?;
    }
    wait(client, "document.querySelector('.bulk-bar[data-picked=\"3\"]')", "three ticked rows gave no bulk bar of 3").await?;
    page::click(client, "[data-action=\"bulk-reassign\"]").await?;
    wait(client, "document.querySelector('.reassign-dialog[data-ticket-count=\"3\"]')", "批量改派 opened no dialog for 3").await?;
    page::set_field(client, ".reassign-unit", &to).await?;
    page::set_field(client, ".reassign-reason", "端到端：批量改派").await?;
    page::click(client, "[data-action=\"confirm-reassign\"]").await?;
    let all_moved = format!(
        "{} .every(id => document.querySelector(`.ticket-row[data-ticket-id=\"${{id}}\"]`)?.dataset.owners === '{to}')",
        json!(picked)
    );
    wait(client, &all_moved, "the three rows never showed the new unit").await?;
    for id in &picked {
        let row = &cli.ticket(*id)?["row"];
        if row["owners"] != json!([to]) {
            return Err(format!("wangge tickets says #{id} is owned by {}, expected [{to}] after 批量改派", row["owners"]));
        }
    }
    eprintln!("desk: {picked:?} moved to {to} at once");
    Ok(picked)
}

/// Opens a ticket's detail from its row.
async fn select(client: &Client, id: i64) -> Result<(), String> {
    page::click(client, &format!(".ticket-row[data-ticket-id=\"{id}\"] .ticket-id")).await?;
    wait(
        client,
        &format!("document.querySelector('.ticket-detail[data-ticket-id=\"{id}\"]')"),
        &format!("the detail of #{id} never opened"),
    )
    .await
}

async fn take(client: &Client, detail: &str, step: &str) -> Result<(), String> {
    let button = format!("{detail} [data-action=\"{step}\"]");
    wait(
        client,
        &format!("document.querySelector('{button}') && !document.querySelector('{button}').disabled"),
        &format!("no {step} button"),
    )
    .await?;
    page::click(client, &button).await
}

/// Waits until the unit cards show the open counts `wangge tickets` gives: the board may still
/// be catching up with the scenario before (the conflict moved a ticket back), and the counts
/// read here are what the steps below must move (a full run read them stale once).
async fn cards_current(client: &Client, cli: &Cli, node: &str) -> Result<(), String> {
    let board = cli.board(node)?;
    let expected: Vec<String> = board["units"]
        .as_array()
        .ok_or("wangge tickets printed no units")?
        .iter()
        .map(|u| format!("{}:{}", u["code"].as_str().unwrap_or_default(), u["open"]))
        .collect();
    let shown =
        "[...document.querySelectorAll('.board .unit-card[data-unit-code]')].map(c => c.dataset.unitCode + ':' + c.dataset.open).join(',')";
    wait(
        client,
        &format!("{shown} === '{}'", expected.join(",")),
        &format!("the unit cards of {node} never showed wangge tickets' open counts"),
    )
    .await
}

async fn attribute(client: &Client, selector: &str, name: &str) -> Result<String, String> {
    let value = page::wait_until(client, &format!("document.querySelector('{selector}')?.dataset.{name}"), STEP_TIMEOUT).await?;
    Ok(value.as_str().unwrap_or_default().to_string())
}

async fn wait(client: &Client, expression: &str, failure: &str) -> Result<(), String> {
    page::wait_until(client, expression, STEP_TIMEOUT).await.map(drop).map_err(|e| format!("{failure}: {e}"))
}

/// The timeline on screen (kind and description of each entry) equals `wangge tickets --id`'s.
async fn same_timeline(client: &Client, cli: &Cli, id: i64) -> Result<(), String> {
    let expected: Vec<Value> = cli.ticket(id)?["timeline"]
        .as_array()
        .ok_or(format!("wangge tickets --id {id} printed no timeline"))?
        .iter()
        .map(|e| json!([e["kind"], e["actor"], e["description"]]))
        .collect();
    let script = format!(
        "return [...document.querySelectorAll('.ticket-detail[data-ticket-id=\"{id}\"] .timeline-entry')]\
         .map(e => [e.dataset.kind, e.querySelector('.timeline-actor').textContent, e.querySelector('.timeline-description').textContent]);"
    );
    let deadline = Instant::now() + STEP_TIMEOUT;
    loop {
        let shown = client.execute(&script, vec![]).await.map_err(|e| format!("reading the timeline of #{id}: {e}"))?;
        if shown.as_array() == Some(&expected) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "the timeline of #{id} differs from wangge tickets:\n  window: {shown}\n  wangge: {}",
                Value::Array(expected)
            ));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
