//! The intake form (受理登记) and the audit view (审计) end to end: from the community board
//! the conflict step left open, drill into a grid, pick a micro-grid on the map, open the
//! form (its micro-grid field is prefilled with the pick), send it once without a summary
//! (the refusal shows under the summary field), then with one. The board selects the new
//! ticket; its row and detail name the routed owner as `wangge tickets --id` does. Then the
//! audit view, filtered to that ticket, lists the same rows as `wangge audit`, newest
//! first, and the creation row opens to the record as the CLI prints it.
//!
//! Hooks used: `path[data-code]`, `path.selected`, `[data-action="open-intake"]`,
//! `.intake-dialog`, `.intake-micro-grid`, `.intake-category`, `.intake-urgent`,
//! `.intake-summary`, `.intake-field[data-field] .field-problem`,
//! `[data-action="submit-intake"]`, `.board[data-submitted]`, `.ticket-row .ticket-owners`,
//! `.ticket-detail .detail-owners`, `[data-tab="audit"]`, `.audit[data-audit-ready]`,
//! `.audit-entity`, `.audit-id`, `.audit-row[data-seq][data-at][data-actor][data-entity]
//! [data-entity-id]`, `[data-action="expand"]`, `.audit-fields .audit-field[data-label]`,
//! `.audit-json[data-side]`.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use crate::board::switch_tab;
use crate::cli::Cli;
use crate::page;

/// China Standard Time, as the audit view writes instants.
const CST_OFFSET_SECS: i64 = 8 * 3600;

pub async fn submit_then_audit(client: &Client, cli: &Cli, artifacts: &Path) -> Result<(), String> {
    let started = Instant::now();
    // The community's map shows its grids; into the first, then pick its first micro-grid.
    let grid = first_area(client).await?;
    page::click_area(client, &grid).await?;
    page::wait_until(
        client,
        &format!("document.querySelector('.board[data-board-node=\"{grid}\"][data-board-ready=\"true\"]')"),
        Duration::from_secs(20),
    )
    .await
    .map_err(|e| format!("the board of grid {grid} never became ready: {e}"))?;
    let micro_grid = first_area(client).await?;
    page::click_area(client, &micro_grid).await?;
    page::wait_until(client, &format!("document.querySelector('path.selected[data-code=\"{micro_grid}\"]')"), Duration::from_secs(2))
        .await
        .map_err(|e| format!("clicking micro-grid {micro_grid} did not select it: {e}"))?;

    page::click(client, "[data-action=\"open-intake\"]").await?;
    page::wait_until(
        client,
        &format!(
            "document.querySelector('.intake-micro-grid')?.value === '{micro_grid}' \
             && document.querySelector('.intake-category').value"
        ),
        Duration::from_secs(5),
    )
    .await
    .map_err(|e| format!("the intake form did not open prefilled with {micro_grid} and a category: {e}"))?;

    // Without a summary: refused, and said under the summary field.
    page::click(client, "[data-action=\"submit-intake\"]").await?;
    page::wait_until(client, "document.querySelector('.intake-field[data-field=\"summary\"] .field-problem')", Duration::from_secs(5))
        .await
        .map_err(|e| format!("an empty summary was not refused under its field: {e}"))?;
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(artifacts.join("desktop-intake-refused.png"), png);
    }

    let marker = format!("e2e-intake-{}", std::process::id());
    page::click(client, ".intake-urgent").await?;
    client
        .find(Locator::Css(".intake-summary"))
        .await
        .map_err(|e| format!("no summary field: {e}"))?
        .send_keys(&format!("端到端测试：来电反映楼道堆物 {marker}"))
        .await
        .map_err(|e| format!("typing the summary: {e}"))?;
    let sent = Instant::now();
    page::click(client, "[data-action=\"submit-intake\"]").await?;
    let id = page::wait_until(
        client,
        "!document.querySelector('.intake-dialog') && document.querySelector('.board').dataset.submitted",
        Duration::from_secs(10),
    )
    .await
    .map_err(|e| format!("the intake form did not create a ticket: {e}"))?;
    let id: i64 = id.as_str().and_then(|s| s.parse().ok()).ok_or(format!("the board names no created ticket: {id}"))?;
    page::wait_until(
        client,
        &format!(
            "document.querySelector('.ticket-row[data-ticket-id=\"{id}\"]') \
             && document.querySelector('.ticket-detail[data-ticket-id=\"{id}\"] .detail-owners')"
        ),
        Duration::from_secs(10),
    )
    .await
    .map_err(|e| format!("the board neither lists nor selects the new ticket #{id}: {e}"))?;
    let on_board = sent.elapsed();

    // The routed owner, by code and by name, as the CLI has it.
    let ticket = cli.ticket(id)?;
    let row = &ticket["row"];
    if row["micro_grid"] != json!(micro_grid) || !row["summary"].as_str().is_some_and(|s| s.contains(&marker)) {
        return Err(format!("wangge tickets shows #{id} as {row}, not the ticket sent from {micro_grid}"));
    }
    let owners = strings(&row["owners"]);
    let names = strings(&row["owner_names"]);
    if owners.is_empty() || owners.len() != names.len() {
        return Err(format!("wangge tickets shows #{id} with owners {owners:?} named {names:?}"));
    }
    let shown = format!(
        "document.querySelector('.ticket-row[data-ticket-id=\"{id}\"]')?.dataset.owners === '{codes}' \
         && document.querySelector('.ticket-row[data-ticket-id=\"{id}\"] .ticket-owners').textContent === '{named}' \
         && document.querySelector('.ticket-detail[data-ticket-id=\"{id}\"] .detail-owners')?.textContent === '{named}'",
        codes = owners.join(","),
        named = names.join("、"),
    );
    page::wait_until(client, &shown, Duration::from_secs(10))
        .await
        .map_err(|e| format!("the board does not show #{id} owned by {names:?} ({owners:?}): {e}"))?;
    eprintln!(
        "intake: #{id} in {micro_grid} listed and selected on the board {} ms after sending, routed to {} ({})",
        on_board.as_millis(),
        names.join("、"),
        owners.join(",")
    );
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(artifacts.join("desktop-intake.png"), png);
    }

    audit_of(client, cli, id).await?;
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(artifacts.join("desktop-audit.png"), png);
    }
    eprintln!("intake and audit scenario: {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The audit view filtered to one ticket equals `wangge audit --entity ticket --id`, and its
/// creation row opens to the record the CLI prints.
async fn audit_of(client: &Client, cli: &Cli, id: i64) -> Result<(), String> {
    switch_tab(client, "audit").await?;
    page::wait_until(client, "document.querySelector('.audit[data-audit-ready=\"true\"]')", Duration::from_secs(10))
        .await
        .map_err(|e| format!("the audit view never became ready: {e}"))?;
    page::set_field(client, ".audit-entity", "ticket").await?;
    client
        .find(Locator::Css(".audit-id"))
        .await
        .map_err(|e| format!("no record-id field: {e}"))?
        .send_keys(&id.to_string())
        .await
        .map_err(|e| format!("typing the record id: {e}"))?;
    let filtered = format!(
        "document.querySelector('.audit[data-audit-ready=\"true\"]') \
         && [...document.querySelectorAll('.audit-row')].length > 0 \
         && [...document.querySelectorAll('.audit-row')].every(r => r.dataset.entity === 'ticket' && r.dataset.entityId === '{id}')"
    );
    page::wait_until(client, &filtered, Duration::from_secs(10))
        .await
        .map_err(|e| format!("the audit view filtered to ticket {id} shows no rows of it alone: {e}"))?;
    const ROWS: &str = r#"
        return [...document.querySelectorAll('.audit-row')].map(r => [
            Number(r.dataset.seq), Number(r.dataset.at), r.dataset.actor, r.dataset.entity,
            Number(r.dataset.entityId), r.querySelector('.audit-summary').textContent,
            r.querySelector('.audit-at').textContent]);
    "#;
    let shown = client.execute(ROWS, vec![]).await.map_err(|e| format!("reading the audit rows: {e}"))?;
    let printed = cli.audit("ticket", id)?;
    let printed = printed.as_array().ok_or("wangge audit printed no list")?;
    let expected: Vec<Value> = printed
        .iter()
        .map(|r| {
            json!([r["seq"], r["at"], r["actor"], r["entity"], r["entity_id"], r["summary"], cst(r["at"].as_i64().unwrap_or_default())])
        })
        .collect();
    if shown.as_array() != Some(&expected) {
        return Err(format!(
            "the audit view of ticket {id} differs from wangge audit:\n  window: {shown}\n  wangge: {}",
            Value::Array(expected)
        ));
    }
    // The creation: the oldest row, with nothing before.
    let created =
        printed.last().filter(|r| r["before"].is_null()).ok_or(format!("wangge audit has no creation row for ticket {id}: {printed:?}"))?;
    let seq = created["seq"].as_i64().unwrap_or_default();
    let row = format!(".audit-row[data-seq=\"{seq}\"]");
    page::click(client, &format!("{row} [data-action=\"expand\"]")).await?;
    let after = page::wait_until(
        client,
        &format!(
            "document.querySelector('{row} .audit-json[data-side=\"before\"][data-empty=\"true\"]') \
             && document.querySelector('{row} .audit-json[data-side=\"after\"]')?.textContent"
        ),
        Duration::from_secs(5),
    )
    .await
    .map_err(|e| format!("the creation row of ticket {id} does not open to its record: {e}"))?;
    let after_text = after.as_str().unwrap_or_default();
    let shown_after: Value = serde_json::from_str(after_text).map_err(|e| format!("the creation row shows no JSON ({e}): {after_text}"))?;
    let printed_after: Value =
        created["after"].as_str().and_then(|t| serde_json::from_str(t).ok()).ok_or("wangge audit's creation row has no JSON after")?;
    if shown_after != printed_after {
        return Err(format!("the creation row of ticket {id} shows {shown_after}, wangge audit prints {printed_after}"));
    }
    if !after_text.contains("\n  ") {
        return Err(format!("the record after is not pretty-printed: {after_text}"));
    }
    // The same record in words: each field the engine named, as `wangge audit` names it.
    const FIELDS: &str = "return [...document.querySelectorAll(arguments[0] + ' .audit-fields .audit-field')].map(f => \
        [f.dataset.label, f.querySelector('.audit-field-after').textContent]);";
    let shown_fields = client.execute(FIELDS, vec![json!(row)]).await.map_err(|e| format!("reading the field table: {e}"))?;
    let printed_fields: Vec<Value> =
        created["fields"].as_array().map(|fields| fields.iter().map(|f| json!([f["label"], f["after"]])).collect()).unwrap_or_default();
    if printed_fields.is_empty() || shown_fields.as_array() != Some(&printed_fields) {
        return Err(format!("the creation row of ticket {id} shows the fields {shown_fields}, wangge audit names {printed_fields:?}"));
    }
    eprintln!(
        "audit view of ticket {id}: {} rows equal wangge audit; creation seq {seq} by {} opens to its record",
        expected.len(),
        created["actor"]
    );
    Ok(())
}

/// The code of the first area drawn on the map.
async fn first_area(client: &Client) -> Result<String, String> {
    let code = page::wait_until(client, "document.querySelector('path[data-code]')?.dataset.code", Duration::from_secs(10)).await?;
    code.as_str().map(str::to_string).ok_or(format!("no area code on the map: {code}"))
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

/// An instant as `YYYY-MM-DD HH:MM:SS` in China Standard Time (H. Hinnant's civil-from-days).
fn cst(unix: i64) -> String {
    let local = unix + CST_OFFSET_SECS;
    let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60)
}
