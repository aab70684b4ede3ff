//! Two seats move the same ticket: the window opens the reassign dialog (改派) for the ticket
//! the drag step just moved and picks a unit, meanwhile `wangge reassign` (another process)
//! moves it elsewhere; confirming in the window is then refused as a conflict, the message
//! line says so, and the row shows the owner the CLI gave it (the conflict answer carries
//! the tickets as they stand now, and the board refetches).
//!
//! Hooks used: `.ticket-detail[data-ticket-id] [data-action="reassign"]`,
//! `.reassign-dialog[data-ticket-id][data-to-unit]`, `.reassign-unit`, `.reassign-reason`,
//! `[data-action="confirm-reassign"]`, `.board-notice[data-notice][data-error-code]`,
//! `.ticket-row[data-ticket-id][data-owners][data-version]`.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::board::Move;
use crate::cli::Cli;
use crate::page;

pub async fn reassign_races_the_cli(client: &Client, cli: &Cli, moved: &Move) -> Result<(), String> {
    let started = Instant::now();
    let id = moved.id;
    let detail = format!(".ticket-detail[data-ticket-id=\"{id}\"]");
    page::wait_until(client, &format!("document.querySelector('{detail}')?.dataset.owners === '{}'", moved.to), Duration::from_secs(10))
        .await
        .map_err(|e| format!("the detail of #{id} is not open after the drag step: {e}"))?;
    page::click(client, &format!("{detail} [data-action=\"reassign\"]")).await?;
    page::wait_until(client, &format!("document.querySelector('.reassign-dialog[data-ticket-id=\"{id}\"]')"), Duration::from_secs(5))
        .await
        .map_err(|e| format!("改派 in the detail of #{id} opened no dialog: {e}"))?;

    // The window's choice, and the CLI's: back to where the drag took it from.
    let options = client
        .execute("return [...document.querySelectorAll('.reassign-unit option')].map(o => o.value).filter(v => v);", vec![])
        .await
        .map_err(|e| format!("reading the dialog's units: {e}"))?;
    let options: Vec<String> =
        options.as_array().map(|o| o.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default();
    let by_cli = moved.from.clone();
    let by_window =
        options.iter().find(|o| **o != by_cli).cloned().ok_or(format!("the dialog offers no unit besides {by_cli}: {options:?}"))?;
    page::set_field(client, ".reassign-unit", &by_window).await?;
    page::wait_until(client, &format!("document.querySelector('.reassign-dialog[data-to-unit=\"{by_window}\"]')"), Duration::from_secs(2))
        .await?;
    client
        .find(Locator::Css(".reassign-reason"))
        .await
        .map_err(|e| format!("no reason field: {e}"))?
        .send_keys("端到端测试：窗口改派（将与命令行冲突）")
        .await
        .map_err(|e| format!("typing the reason: {e}"))?;

    // Meanwhile, another process.
    let (version, owners) = cli.reassign(id, &by_cli, "端到端测试：命令行抢先改派")?;
    if owners != [by_cli.clone()] {
        return Err(format!("wangge reassign left #{id} with owners {owners:?}, expected [{by_cli}]"));
    }
    let confirmed = Instant::now();
    page::click(client, "[data-action=\"confirm-reassign\"]").await?;
    let refused = "document.querySelector('.board-notice')?.dataset.notice === 'conflict' \
                   && document.querySelector('.board-notice').dataset.errorCode === 'Conflict' \
                   && !document.querySelector('.reassign-dialog')";
    if let Err(e) = page::wait_until(client, refused, Duration::from_secs(10)).await {
        let state = client
            .execute(
                "return { notice: document.querySelector('.board-notice')?.outerHTML, \
                          problem: document.querySelector('.dialog-problem')?.textContent };",
                vec![],
            )
            .await
            .unwrap_or_else(|e| json!(e.to_string()));
        return Err(format!("confirming after the CLI's reassignment was not refused as a conflict: {e}\n  window: {state}"));
    }
    let row = format!(".ticket-row[data-ticket-id=\"{id}\"]");
    let current = format!(
        "document.querySelector('{row}')?.dataset.owners === '{by_cli}' \
         && document.querySelector('{row}').dataset.version === '{version}'"
    );
    page::wait_until(client, &current, Duration::from_secs(10))
        .await
        .map_err(|e| format!("after the conflict the row of #{id} does not show the CLI's owner {by_cli} at version {version}: {e}"))?;
    let message = page::wait_until(client, "document.querySelector('.board-notice').textContent", Duration::from_secs(1)).await?;
    eprintln!(
        "conflict: the window's 改派 of #{id} to {by_window} refused {} ms after confirming; row shows {by_cli} v{version}; notice {message}",
        confirmed.elapsed().as_millis()
    );
    eprintln!("conflict scenario: {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
