//! Both languages end to end, in headless Chromium against `wangge serve` on the demo: an
//! account made with `wangge user add --lang en` signs in to an English page, and a scan of
//! every text on screen — the map, the panel's figures, each tab, the warning-level map, a
//! ticket's detail — finds no Chinese outside what is marked as data (`translate="no"`:
//! names of places, people, units, case texts), after `wangge simulate` gave the street's
//! audit view rows to show. The account then switches to Chinese on
//! screen; the choice is kept (`wangge user list`), and the same walk over the Chinese page
//! finds no English words but the standard names every Chinese seat uses (SLA, Open311 …).
//! Screenshots: `tests/artifacts/language-*.png`.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::browser::{browser_tools, screenshot, ChromeDriver, Server};
use crate::cli::{self, Cli};
use crate::{page, prereq};

const NOW: &str = "2020-03-20T09:00:00+08:00";
const SEED: u64 = 11;
const NAME: &str = "smith";
const PASSWORD: &str = "command-centre-2026";
const TIMEOUT: Duration = Duration::from_secs(30);

/// What a Chinese seat shows as written: standards and product names, not translations.
const WORDS_CHINESE_SEATS_USE: [&str; 8] = ["SLA", "Open311", "GeoJSON", "CSV", "XLSX", "SQLite", "PostgreSQL", "Excel"];

/// Every text node and user-facing attribute on screen that is the UI's own (not inside an
/// element marked `translate="no"`, nor one marked as another language), with the tag of
/// the element holding it.
const TEXTS_ON_SCREEN: &str = r#"
    const page = document.documentElement.lang;
    const own = (el) => el && !el.closest('[translate="no"], script, style, noscript')
        && !(el.closest('[lang]') && el.closest('[lang]').getAttribute('lang') !== page);
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent.trim();
        if (text && own(node.parentElement)) out.push([node.parentElement.tagName.toLowerCase() + '.' + node.parentElement.className, text]);
    }
    for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
        if (!own(el)) continue;
        for (const name of ['title', 'placeholder', 'aria-label']) {
            const text = (el.getAttribute(name) || '').trim();
            if (text) out.push([el.tagName.toLowerCase() + '@' + name, text]);
        }
    }
    return [page, out];
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_account_reads_no_chinese_and_a_chinese_one_no_english() {
    let tools = match browser_tools() {
        Ok(tools) => tools,
        Err(reason) => return prereq::missing(&reason),
    };
    let _turn = crate::package::one_window_at_a_time().await;
    let root = prereq::workspace_root();
    let artifacts = cli::artifacts_dir(&root);
    std::fs::create_dir_all(&artifacts).unwrap();
    let work = std::env::temp_dir().join(format!("wangge-language-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let db = work.join("demo.db");
    let cli = Cli { program: tools.wangge.clone(), db: db.clone(), now: NOW.to_string() };
    let outcome = async {
        cli.demo(SEED)?;
        let district = cli.stats(None)?;
        let code = district["node"]["code"].as_str().ok_or("district without code")?.to_string();
        cli.add_user_speaking(NAME, "commander", &code, PASSWORD, "en")?;
        // Changes in the first street, so its audit view and tickets' histories have rows.
        let street = district["children"][0]["code"].as_str().ok_or("no street")?.to_string();
        cli.simulate(40, Some(&street))?;
        let port = crate::browser::free_port()?;
        let _server = Server::start(&tools, &db, port, &artifacts.join("language-serve.log"))?;
        let driver = ChromeDriver::start(&tools.chromedriver, &artifacts.join("language-chromedriver.log"))?;
        let client = driver.session(&tools.chromium, 1600, 1000).await?;
        let walked = walk_both(&client, &cli, port, &district, &artifacts).await;
        if walked.is_err() {
            screenshot(&client, &artifacts, "language-failed.png").await;
        }
        let _ = client.close().await;
        walked
    }
    .await;
    if let Err(failure) = outcome {
        panic!("language end-to-end test failed: {failure}");
    }
    let _ = std::fs::remove_dir_all(&work);
}

async fn walk_both(client: &fantoccini::Client, cli: &Cli, port: u16, district: &Value, artifacts: &Path) -> Result<(), String> {
    client.goto(&format!("http://127.0.0.1:{port}/")).await.map_err(|e| format!("opening the page: {e}"))?;
    page::sign_in(client, NAME, PASSWORD, TIMEOUT).await?;
    let street = district["children"][0]["code"].as_str().ok_or("no street")?.to_string();
    walk(client, &street, "en", artifacts).await?;

    // Switched on screen: the page starts over in Chinese and the account keeps it.
    client.execute("window.__beforeSwitch = true", vec![]).await.map_err(|e| e.to_string())?;
    page::click(client, "[data-action=\"switch-language\"]").await?;
    page::wait_until(
        client,
        "window.__beforeSwitch === undefined && document.documentElement.lang === 'zh-CN' && document.querySelector('.app[data-ready=\"true\"]')",
        TIMEOUT,
    )
    .await?;
    let accounts = cli.users()?;
    let kept = accounts.as_array().and_then(|all| all.iter().find(|a| a["name"] == NAME)).map(|a| a["language"].clone());
    if kept != Some(Value::from("zh-CN")) {
        return Err(format!("after switching on screen the account's language is {kept:?}"));
    }
    walk(client, &street, "zh-CN", artifacts).await
}

/// The district, a street, every tab of its panel, the warning-level map and a ticket's
/// detail, each scanned once its texts have settled.
async fn walk(client: &fantoccini::Client, street: &str, language: &str, artifacts: &Path) -> Result<(), String> {
    let mut seen = 0;
    // The page may draw its first map twice (the live feed's greeting): wait for the street.
    let drawn = format!("document.querySelector('path[data-code=\"{street}\"]')");
    page::wait_until(client, &drawn, TIMEOUT).await?;
    seen += scan(client, language, "the district").await?;
    page::wait_until(client, &drawn, TIMEOUT).await?;
    page::click_area(client, street).await?;
    page::wait_until(client, &format!("document.querySelector('.panel[data-node-code=\"{street}\"]')"), TIMEOUT).await?;
    seen += scan(client, language, "a street's figures").await?;
    let tabs = client
        .execute("return [...document.querySelectorAll('[data-tab]')].map(b => b.dataset.tab)", vec![])
        .await
        .map_err(|e| e.to_string())?;
    for tab in tabs.as_array().into_iter().flatten().filter_map(Value::as_str) {
        page::click(client, &format!("[data-tab=\"{tab}\"]")).await?;
        seen += scan(client, language, &format!("the {tab} tab")).await?;
        if tab == "board" {
            let row = "document.querySelector('.ticket-row')";
            if page::wait_until(client, row, TIMEOUT).await.is_ok() {
                page::click(client, ".ticket-row").await?;
                page::wait_until(client, "document.querySelector('.ticket-detail')", TIMEOUT).await?;
                seen += scan(client, language, "a ticket's detail").await?;
            }
        }
        screenshot(client, artifacts, &format!("language-{language}-{tab}.png")).await;
    }
    page::click(client, "[data-map-mode=\"warning\"]").await?;
    page::wait_until(client, "document.querySelector('.warning-legend')", TIMEOUT).await?;
    seen += scan(client, language, "the warning-level map").await?;
    if seen < 200 {
        return Err(format!("only {seen} texts were scanned on the {language} page: the walk missed the screens"));
    }
    eprintln!("{language}: {seen} texts scanned, none in the other language");
    Ok(())
}

/// Scans the screen once its texts stop changing; returns how many texts it read.
async fn scan(client: &fantoccini::Client, language: &str, what: &str) -> Result<usize, String> {
    let deadline = Instant::now() + TIMEOUT;
    let mut last = Value::Null;
    loop {
        let now = client.execute(TEXTS_ON_SCREEN, vec![]).await.map_err(|e| format!("reading {what}: {e}"))?;
        if now == last || Instant::now() > deadline {
            break;
        }
        last = now;
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    if last[0] != language {
        return Err(format!("{what}: the page is in {} where {language} was chosen", last[0]));
    }
    let texts: Vec<(String, String)> = serde_json::from_value(last[1].clone()).map_err(|e| e.to_string())?;
    let wrong: Vec<String> = texts
        .iter()
        .filter(|(_, text)| if language == "en" { has_chinese(text) } else { !english_words(text).is_empty() })
        .map(|(element, text)| format!("{element}: {text:?}"))
        .collect();
    if !wrong.is_empty() {
        return Err(format!("{what} on the {language} page shows the other language:\n  {}", wrong.join("\n  ")));
    }
    Ok(texts.len())
}

fn has_chinese(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
}

/// Runs of two or more Latin letters that are not a standard's or product's name, nor part
/// of a file's name or path a sentence quotes (`calendars/2020.txt`).
fn english_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_graphic())
        .filter(|chunk| {
            !chunk.contains('/') && !chunk.rsplit_once('.').is_some_and(|(stem, ext)| !stem.is_empty() && (2..=4).contains(&ext.len()))
        })
        .flat_map(|chunk| chunk.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|word| word.len() >= 2 && !WORDS_CHINESE_SEATS_USE.contains(word))
        .collect()
}
