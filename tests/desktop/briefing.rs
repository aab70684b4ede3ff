//! The view of the past and the briefing in the desktop window: the 截至 control moved to
//! yesterday shows exactly `wangge stats --as-of` that day with the not-live marker; 简报
//! previews the day's briefing page by page and writes it (PDF, PNG and SVG per page) where
//! the window says; 回到实时 brings the live figures back.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::cli::Cli;
use crate::page;

/// The day before the test's NOW (2020-03-20 09:00 in Shanghai).
const YESTERDAY: &str = "2020-03-19";

pub async fn as_of_then_export(client: &fantoccini::Client, cli: &Cli, briefings: &Path) -> Result<(), String> {
    let district = cli.stats(None)?;
    let code = district["node"]["code"].as_str().ok_or("district without code")?.to_string();
    let name = district["node"]["name"].as_str().unwrap_or_default().to_string();
    js(client, "document.querySelector('[data-tab=\"figures\"]').click(); return true;", "").await?;
    page::wait_until(client, "document.querySelector('.panel[data-node-code]')", Duration::from_secs(10)).await?;
    back_to_district(client, &code).await?;

    // 1. 截至 yesterday: the marker says the screen is not live, the panel shows that day's end.
    js(client, "const el = document.querySelector('input.as-of-date'); el.value = arguments[0]; el.dispatchEvent(new Event('change', { bubbles: true })); return true;", YESTERDAY).await?;
    let marker = format!("document.querySelector('.not-live[data-as-of=\"{YESTERDAY} 24:00\"]')");
    page::wait_until(client, &marker, Duration::from_secs(30)).await.map_err(|e| format!("no not-live marker for {YESTERDAY}: {e}"))?;
    let expected = cli.stats_as_of(None, YESTERDAY)?["metrics"].as_object().cloned().ok_or("no metrics")?;
    let live = district["metrics"].as_object().cloned().ok_or("no metrics")?;
    if expected == live {
        return Err(format!("{YESTERDAY}'s figures equal today's: the test would prove nothing"));
    }
    equal_soon(client, &expected, "wangge stats --as-of yesterday").await?;
    eprintln!("截至 {YESTERDAY}: all {} figures equal wangge stats --as-of", expected.len());

    // 2. The day's briefing previewed (every page drawn as an image), then exported.
    js(client, "document.querySelector('.briefing-open').click(); return true;", "").await?;
    page::wait_until(client, "document.querySelector('.briefing-preview-open')", Duration::from_secs(5)).await?;
    js(client, "document.querySelector('.briefing-preview-open').click(); return true;", "").await?;
    let drawn = "[...document.querySelectorAll('.briefing-preview img.briefing-page')]";
    let pages = page::wait_until(
        client,
        &format!("{drawn}.length >= 2 && {drawn}.every(i => i.complete && i.naturalWidth > 0) && {drawn}.length"),
        Duration::from_secs(60),
    )
    .await
    .map_err(|e| format!("the preview never showed its pages: {e}"))?;
    eprintln!("简报预览: {pages} pages drawn");
    js(client, "document.querySelector('.briefing-preview-close').click(); return true;", "").await?;
    page::wait_until(client, "document.querySelector('.briefing-run')", Duration::from_secs(5)).await?;
    js(client, "document.querySelector('.briefing-run').click(); return true;", "").await?;
    let files = page::wait_until(client, "document.querySelector('.briefing-result')?.dataset.files", Duration::from_secs(120))
        .await
        .map_err(|e| format!("the export never finished: {e}"))?;
    let folder = page::wait_until(client, "document.querySelector('.briefing-result').dataset.folder", Duration::from_secs(1)).await?;
    if folder.as_str() != briefings.to_str() {
        return Err(format!("exported to {folder}, expected {}", briefings.display()));
    }
    let pdf = briefings.join(format!("{YESTERDAY}-{code}-{name}每日简报.pdf"));
    let page_one = briefings.join(format!("{YESTERDAY}-{code}-{name}每日简报-第1页.png"));
    for file in [&pdf, &page_one] {
        let size = std::fs::metadata(file).map_err(|e| format!("{} not written: {e}", file.display()))?.len();
        if size < 1_000 {
            return Err(format!("{} holds {size} bytes", file.display()));
        }
    }
    // The folder is the user's output folder: other exports (a screening roll-up) may be there too.
    let written = std::fs::read_dir(briefings)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().starts_with(&format!("{YESTERDAY}-")))
        .count();
    if files.as_str().and_then(|n| n.parse::<usize>().ok()) != Some(written) {
        return Err(format!("the window says {files} files, the folder holds {written}"));
    }
    eprintln!("简报导出: {written} files in {}", briefings.display());

    // 3. 回到实时: the marker goes, the live figures come back.
    js(client, "document.querySelector('.as-of-live').click(); return true;", "").await?;
    page::wait_until(client, "!document.querySelector('.not-live')", Duration::from_secs(10)).await?;
    let now = cli.stats(None)?["metrics"].as_object().cloned().ok_or("no metrics")?;
    equal_soon(client, &now, "wangge stats (live again)").await
}

async fn js(client: &fantoccini::Client, script: &str, arg: &str) -> Result<Value, String> {
    client.execute(script, vec![Value::String(arg.to_string())]).await.map_err(|e| format!("running `{script}`: {e}"))
}

async fn back_to_district(client: &fantoccini::Client, code: &str) -> Result<(), String> {
    let (shown, _) = page::panel(client).await?;
    if shown != code {
        js(client, "document.querySelector('.breadcrumb [data-crumb-code]').click(); return true;", "").await?;
        page::wait_until(client, &format!("document.querySelector('.panel[data-node-code=\"{code}\"]')"), Duration::from_secs(20)).await?;
    }
    Ok(())
}

/// Waits until the panel shows `metrics` exactly (the answer takes a moment to arrive).
async fn equal_soon(client: &fantoccini::Client, metrics: &serde_json::Map<String, Value>, what: &str) -> Result<(), String> {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let (_, shown) = page::panel(client).await?;
        let differences = page::differences(&shown, metrics);
        if differences.is_empty() {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("the panel differs from {what}:\n  {}", differences.join("\n  ")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
