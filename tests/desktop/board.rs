//! The work board end to end: open the board (工单) of a community, drag a ticket row owned
//! by one unit onto another unit's card with WebDriver pointer actions, give the reason in
//! the reassign dialog, confirm, and see the unit cards, the row and the ticket's timeline
//! move on. The `wangge` CLI (another process reading the same database) is the yardstick:
//! the cards must equal `wangge tickets` before and after, and the ticket's owner, version,
//! timeline and audit row must show the reassignment with its reason.
//!
//! Hooks used: `[data-tab]`, `.crumb.current[data-crumb-code]`, `.board[data-board-node]
//! [data-board-ready]`, `.ticket-row[data-ticket-id][data-version][data-owners][data-status]`,
//! `.unit-card[data-unit-code][data-open]`, `.drag-ghost`, `.unit-card.drop-target`,
//! `.reassign-dialog[data-ticket-id][data-to-unit]`, `.reassign-unit`, `.reassign-reason`,
//! `[data-action="confirm-reassign"]`, `.board-notice[data-notice]`,
//! `.ticket-detail[data-ticket-id] .timeline-entry[data-kind]`.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use crate::cli::Cli;
use crate::page;

/// How many communities to try before giving up on finding a ticket to move.
const COMMUNITIES_TO_TRY: usize = 6;
/// How long the board may take to show a reassignment (it refetches at once; the bound is
/// for a loaded 2-core machine).
const BOARD_TIMEOUT: Duration = Duration::from_secs(15);

/// A ticket to move and the two cards it moves between, as the board showed them.
#[derive(Debug)]
pub struct Move {
    /// The community whose board it is.
    pub node: String,
    pub id: i64,
    version: i64,
    pub from: String,
    pub to: String,
    from_open: u64,
    to_open: u64,
}

/// Returns the move made; the board of its community stays open with the ticket selected.
pub async fn reassign_by_drag(client: &Client, cli: &Cli, artifacts: &Path) -> Result<Move, String> {
    let started = Instant::now();
    let district = cli.stats(None)?;
    let district_code = district["node"]["code"].as_str().ok_or("district without code")?.to_string();
    let streets: Vec<String> = codes(&district);
    let mut tried = 0;
    for street in &streets {
        if tried == COMMUNITIES_TO_TRY {
            break;
        }
        let communities = codes(&cli.stats(Some(street))?);
        for community in communities {
            if tried == COMMUNITIES_TO_TRY {
                break;
            }
            tried += 1;
            focus(client, &district_code).await?;
            focus(client, street).await?;
            focus(client, &community).await?;
            open_board(client, &community).await?;
            match pick(client, &community).await? {
                Some(chosen) => {
                    eprintln!(
                        "board of community {community}: moving ticket #{} from {} (open {}) to {} (open {})",
                        chosen.id, chosen.from, chosen.from_open, chosen.to, chosen.to_open
                    );
                    drag_and_confirm(client, cli, artifacts, &chosen).await?;
                    eprintln!("work board scenario: {:.1} s", started.elapsed().as_secs_f64());
                    return Ok(chosen);
                }
                None => {
                    eprintln!("board of community {community}: no single-owner open ticket to move; next");
                    switch_tab(client, "figures").await?;
                }
            }
        }
    }
    Err(format!("none of {tried} communities' boards showed an open ticket owned by one of its unit cards"))
}

/// The codes of a `wangge stats --json` report's children.
fn codes(report: &Value) -> Vec<String> {
    report["children"].as_array().map(|c| c.iter().filter_map(|c| c["code"].as_str().map(str::to_string)).collect()).unwrap_or_default()
}

/// Focuses the map on `code`: a breadcrumb entry when it is an ancestor, else an area.
pub async fn focus(client: &Client, code: &str) -> Result<(), String> {
    let current = format!("document.querySelector('.crumb.current[data-crumb-code=\"{code}\"]')");
    if page::wait_until(client, &current, Duration::from_millis(1)).await.is_ok() {
        return Ok(());
    }
    let crumb = client.find(Locator::Css(&format!("button.crumb[data-crumb-code=\"{code}\"]"))).await;
    match crumb {
        Ok(crumb) => crumb.click().await.map_err(|e| format!("clicking the crumb of {code}: {e}"))?,
        Err(_) => page::click_area(client, code).await?,
    }
    page::wait_until(client, &current, Duration::from_secs(20)).await.map(drop)
}

pub async fn switch_tab(client: &Client, tab: &str) -> Result<(), String> {
    client
        .find(Locator::Css(&format!("[data-tab=\"{tab}\"]")))
        .await
        .map_err(|e| format!("no {tab} tab: {e}"))?
        .click()
        .await
        .map_err(|e| format!("clicking the {tab} tab: {e}"))
}

/// Opens the board tab on `node` and waits until it is drawn; prints how long that took
/// (BENCHMARKS.md's board first paint; a report, not a check).
pub async fn open_board(client: &Client, node: &str) -> Result<(), String> {
    let clicked = std::time::Instant::now();
    switch_tab(client, "board").await?;
    let ready = format!("document.querySelector('.board[data-board-node=\"{node}\"][data-board-ready=\"true\"]')");
    page::wait_until(client, &ready, Duration::from_secs(20)).await.map_err(|e| format!("the board of {node} never became ready: {e}"))?;
    eprintln!("board of {node} drawn {} ms after its tab was clicked", clicked.elapsed().as_millis());
    Ok(())
}

/// A row the board shows as open, owned by exactly one unit that has a card, and another
/// card to move it to: from a grid to another grid when the board has such a row, else from
/// the community itself.
async fn pick(client: &Client, focus: &str) -> Result<Option<Move>, String> {
    const SCRIPT: &str = r#"
        const focus = arguments[0];
        const cards = [...document.querySelectorAll('.board .unit-card[data-unit-code]')]
            .map(c => ({ code: c.dataset.unitCode, open: Number(c.dataset.open) }));
        // Grid to grid first; the community's own tickets only when no grid owns one.
        for (const fromFocusToo of [false, true]) {
            for (const row of document.querySelectorAll('.board .ticket-row[data-ticket-id]')) {
                const owners = row.dataset.owners ? row.dataset.owners.split(',') : [];
                if (owners.length !== 1) continue;
                if (!['received', 'accepted', 'in_progress'].includes(row.dataset.status)) continue;
                const from = cards.find(c => c.code === owners[0]);
                if (!from || (from.code === focus && !fromFocusToo)) continue;
                const to = cards.find(c => c.code !== from.code && c.code !== focus)
                    || cards.find(c => c.code !== from.code);
                if (!to) continue;
                return { id: Number(row.dataset.ticketId), version: Number(row.dataset.version),
                         from: from.code, to: to.code, from_open: from.open, to_open: to.open };
            }
        }
        return null;
    "#;
    let found = client.execute(SCRIPT, vec![json!(focus)]).await.map_err(|e| format!("reading the board: {e}"))?;
    if found.is_null() {
        return Ok(None);
    }
    let number = |key: &str| found[key].as_i64().ok_or(format!("board pick without {key}: {found}"));
    let text = |key: &str| found[key].as_str().map(str::to_string).ok_or(format!("board pick without {key}: {found}"));
    Ok(Some(Move {
        node: focus.to_string(),
        id: number("id")?,
        version: number("version")?,
        from: text("from")?,
        to: text("to")?,
        from_open: number("from_open")? as u64,
        to_open: number("to_open")? as u64,
    }))
}

/// The centre of an element in viewport coordinates, after scrolling it into view.
async fn centre(client: &Client, selector: &str) -> Result<(f64, f64), String> {
    const SCRIPT: &str = r#"
        const el = document.querySelector(arguments[0]);
        if (!el) return null;
        el.scrollIntoView({ block: 'center', inline: 'nearest' });
        const r = el.getBoundingClientRect();
        return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
    "#;
    let value = client.execute(SCRIPT, vec![json!(selector)]).await.map_err(|e| format!("locating {selector}: {e}"))?;
    match (value[0].as_f64(), value[1].as_f64()) {
        (Some(x), Some(y)) => Ok((x, y)),
        _ => Err(format!("{selector} is not on screen")),
    }
}

async fn drag_and_confirm(client: &Client, cli: &Cli, artifacts: &Path, chosen: &Move) -> Result<(), String> {
    let row = format!(".ticket-row[data-ticket-id=\"{}\"]", chosen.id);
    let card = format!(".unit-card[data-unit-code=\"{}\"]", chosen.to);
    compare_cards(client, cli, &chosen.node).await?;
    let audited_before = newest_audit_seq(cli, chosen.id)?;

    // Press on the row, then move to the card in steps, as a hand would; release only after
    // checking that the window follows the drag (ghost under the pointer, card highlighted).
    let card_at = centre(client, &card).await?;
    let row_at = centre(client, &row).await?;
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(artifacts.join("desktop-board-before.png"), png);
    }
    let step = |n: u32, of: u32| {
        let t = f64::from(n) / f64::from(of);
        PointerAction::MoveTo {
            duration: Some(Duration::from_millis(40)),
            x: (row_at.0 + 12.0 + (card_at.0 - row_at.0 - 12.0) * t).round(),
            y: (row_at.1 + (card_at.1 - row_at.1) * t).round(),
        }
    };
    let mut press = MouseActions::new("mouse".to_string())
        .then(PointerAction::MoveTo { duration: None, x: row_at.0, y: row_at.1 })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::Pause { duration: Duration::from_millis(50) });
    for dx in [4.0, 8.0, 12.0] {
        press = press.then(PointerAction::MoveTo { duration: Some(Duration::from_millis(30)), x: row_at.0 + dx, y: row_at.1 });
    }
    for n in 1..=8 {
        press = press.then(step(n, 8));
    }
    client.perform_actions(press).await.map_err(|e| format!("dragging ticket #{}: {e}", chosen.id))?;
    let following = format!(
        "document.querySelector('.drag-ghost[data-drag-ticket-id=\"{}\"]') && document.querySelector('{card}.drop-target')",
        chosen.id
    );
    let followed = page::wait_until(client, &following, Duration::from_secs(3)).await;
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(artifacts.join("desktop-board-dragging.png"), png);
    }
    let release = MouseActions::new("mouse".to_string())
        .then(PointerAction::Pause { duration: Duration::from_millis(50) })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    client.perform_actions(release).await.map_err(|e| format!("dropping ticket #{}: {e}", chosen.id))?;
    let _ = client.release_actions().await;
    followed.map_err(|e| format!("while dragging, no ghost of the row over a highlighted card {}: {e}", chosen.to))?;

    // The dialog opens prefilled with the card's unit; confirming needs a reason.
    let dialog = format!("document.querySelector('.reassign-dialog[data-ticket-id=\"{}\"][data-to-unit=\"{}\"]')", chosen.id, chosen.to);
    page::wait_until(client, &dialog, Duration::from_secs(5))
        .await
        .map_err(|e| format!("dropping on {} opened no reassign dialog for it: {e}", chosen.to))?;
    let picked = page::wait_until(client, "document.querySelector('.reassign-unit').value", Duration::from_secs(2)).await?;
    if picked.as_str() != Some(chosen.to.as_str()) {
        return Err(format!("the dialog's unit list shows {picked}, expected {}", chosen.to));
    }
    let confirm = "document.querySelector('[data-action=\"confirm-reassign\"]')";
    let disabled = client.execute(&format!("return {confirm}.disabled;"), vec![]).await.map_err(|e| e.to_string())?;
    if disabled != Value::Bool(true) {
        return Err("the confirm button is enabled before a reason was given".to_string());
    }
    let marker = format!("e2e-{}", chosen.id);
    let reason = format!("端到端测试：拖放改派 {marker}");
    client
        .find(Locator::Css(".reassign-reason"))
        .await
        .map_err(|e| format!("no reason field: {e}"))?
        .send_keys(&reason)
        .await
        .map_err(|e| format!("typing the reason: {e}"))?;
    page::wait_until(client, &format!("!{confirm}.disabled"), Duration::from_secs(2))
        .await
        .map_err(|e| format!("the confirm button stayed disabled after the reason was typed: {e}"))?;
    let confirmed = Instant::now();
    client
        .find(Locator::Css("[data-action=\"confirm-reassign\"]"))
        .await
        .map_err(|e| format!("no confirm button: {e}"))?
        .click()
        .await
        .map_err(|e| format!("confirming: {e}"))?;

    // The cards and the row follow.
    let moved = format!(
        "!document.querySelector('.reassign-dialog') \
         && document.querySelector('.unit-card[data-unit-code=\"{from}\"]')?.dataset.open === '{from_open}' \
         && document.querySelector('.unit-card[data-unit-code=\"{to}\"]')?.dataset.open === '{to_open}' \
         && document.querySelector('{row}')?.dataset.owners === '{to}'",
        from = chosen.from,
        to = chosen.to,
        from_open = chosen.from_open - 1,
        to_open = chosen.to_open + 1,
    );
    if let Err(e) = page::wait_until(client, &moved, BOARD_TIMEOUT).await {
        let state = board_state(client, chosen).await;
        return Err(format!("the board did not show the reassignment: {e}\n  board now: {state}"));
    }
    eprintln!(
        "reassignment of #{} on the cards {} ms after confirming ({} open {} → {}, {} open {} → {})",
        chosen.id,
        confirmed.elapsed().as_millis(),
        chosen.from,
        chosen.from_open,
        chosen.from_open - 1,
        chosen.to,
        chosen.to_open,
        chosen.to_open + 1
    );
    let notice = page::wait_until(client, "document.querySelector('.board-notice')?.dataset.notice", Duration::from_secs(2)).await?;
    if notice.as_str() != Some("ok") {
        return Err(format!("the board's message line says {notice} after the reassignment"));
    }

    compare_cards(client, cli, &chosen.node).await?;
    cross_check_ticket(cli, chosen, audited_before, &marker)?;

    // The detail's timeline has the reassignment, with its reason.
    client
        .find(Locator::Css(&row))
        .await
        .map_err(|e| format!("no row #{} after the move: {e}", chosen.id))?
        .click()
        .await
        .map_err(|e| format!("selecting #{}: {e}", chosen.id))?;
    let entry = format!(
        "[...document.querySelectorAll('.ticket-detail[data-ticket-id=\"{}\"] .timeline-entry[data-kind=\"reassigned\"]')]\
         .some(e => e.textContent.includes('{marker}'))",
        chosen.id
    );
    page::wait_until(client, &entry, Duration::from_secs(10))
        .await
        .map_err(|e| format!("the timeline of #{} shows no reassigned entry with the reason: {e}", chosen.id))?;
    let owners = page::wait_until(
        client,
        &format!("document.querySelector('.ticket-detail[data-ticket-id=\"{}\"]').dataset.owners", chosen.id),
        Duration::from_secs(2),
    )
    .await?;
    if owners.as_str() != Some(chosen.to.as_str()) {
        return Err(format!("the detail of #{} names owners {owners}, expected {}", chosen.id, chosen.to));
    }
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(artifacts.join("desktop-board-after.png"), png);
    }
    Ok(())
}

/// The unit cards on screen equal the units of `wangge tickets --node` (open, breached and
/// bounce-back counts of every unit).
async fn compare_cards(client: &Client, cli: &Cli, node: &str) -> Result<(), String> {
    const SCRIPT: &str = r#"
        return [...document.querySelectorAll('.board .unit-card[data-unit-code]')].map(c => [
            c.dataset.unitCode, Number(c.dataset.open), Number(c.dataset.breached), Number(c.dataset.bounceBacks)]);
    "#;
    let shown = client.execute(SCRIPT, vec![]).await.map_err(|e| format!("reading the unit cards: {e}"))?;
    let board = cli.board(node)?;
    let expected: Vec<Value> = board["units"]
        .as_array()
        .ok_or("wangge tickets printed no units")?
        .iter()
        .map(|u| json!([u["code"], u["open"], u["breached"], u["bounce_backs"]]))
        .collect();
    if shown.as_array() != Some(&expected) {
        return Err(format!(
            "the unit cards of {node} differ from wangge tickets:\n  window: {shown}\n  wangge: {}",
            Value::Array(expected)
        ));
    }
    eprintln!("unit cards of {node} equal wangge tickets: {shown}");
    Ok(())
}

/// The seq of the ticket's newest audit row (0 when it has none).
fn newest_audit_seq(cli: &Cli, id: i64) -> Result<i64, String> {
    let rows = cli.audit("ticket", id)?;
    Ok(rows.as_array().and_then(|r| r.first()).and_then(|r| r["seq"].as_i64()).unwrap_or(0))
}

/// Behind the window's back, through the CLI: the ticket is owned by the new unit at a newer
/// version, its timeline ends with the reassignment and its newest audit row carries it.
fn cross_check_ticket(cli: &Cli, chosen: &Move, audited_before: i64, marker: &str) -> Result<(), String> {
    let detail = cli.ticket(chosen.id)?;
    let row = &detail["row"];
    if row["owners"] != json!([chosen.to]) {
        return Err(format!("wangge tickets says ticket {} is owned by {}, expected [{}]", chosen.id, row["owners"], chosen.to));
    }
    if row["version"].as_i64().is_none_or(|v| v <= chosen.version) {
        return Err(format!("wangge tickets shows ticket {} at version {} (the board saw {})", chosen.id, row["version"], chosen.version));
    }
    let reassigned = detail["timeline"]
        .as_array()
        .and_then(|t| t.last())
        .filter(|e| e["kind"] == "reassigned" && e["description"].as_str().is_some_and(|d| d.contains(marker)));
    if reassigned.is_none() {
        return Err(format!("the timeline from wangge tickets does not end with the reassignment: {}", detail["timeline"]));
    }
    let audit = cli.audit("ticket", chosen.id)?;
    let newest = audit.as_array().and_then(|r| r.first()).cloned().unwrap_or(Value::Null);
    let carries = newest["seq"].as_i64().is_some_and(|seq| seq > audited_before)
        && newest["after"].as_str().is_some_and(|after| after.contains(marker))
        && !newest["before"].is_null();
    if !carries {
        return Err(format!("wangge audit has no new row for ticket {} carrying the reason: {newest}", chosen.id));
    }
    eprintln!(
        "wangge tickets/audit: #{} owned by {} at version {}, audit seq {} by {}",
        chosen.id, chosen.to, row["version"], newest["seq"], newest["actor"]
    );
    Ok(())
}

/// What the board shows of the move, for a failure message.
async fn board_state(client: &Client, chosen: &Move) -> Value {
    let script = r#"
        const card = c => document.querySelector(`.unit-card[data-unit-code="${c}"]`)?.dataset.open;
        const row = document.querySelector(`.ticket-row[data-ticket-id="${arguments[0]}"]`);
        return { dialog: !!document.querySelector('.reassign-dialog'),
                 problem: document.querySelector('.dialog-problem')?.textContent,
                 notice: document.querySelector('.board-notice')?.textContent,
                 from_open: card(arguments[1]), to_open: card(arguments[2]),
                 row_owners: row?.dataset.owners, row_version: row?.dataset.version };
    "#;
    client.execute(script, vec![json!(chosen.id), json!(chosen.from), json!(chosen.to)]).await.unwrap_or_else(|e| json!(e.to_string()))
}
