//! The desktop end-to-end test: the real `wangge-desktop` under X, driven over WebDriver
//! (tauri-driver in front of WebKitWebDriver). It opens on a demo district made by the
//! `wangge` CLI, shows it at micro-grid detail and pans it (`detail.rs`), drills into one street, checks every figure against `wangge stats`, then
//! watches a change committed by another process (`wangge simulate`) arrive in the window;
//! then opens the work board (工单) of a community and reassigns a ticket by dragging its
//! row onto another unit's card (`board.rs`); races `wangge reassign` on the same ticket
//! and sees the conflict (`conflict.rs`); suspends, resumes, extends, co-dispatches and
//! return-visits tickets on the same board and moves three at once, each as `wangge tickets`
//! has it (`desk.rs`); lists the street's enterprises as `wangge enterprises` has them
//! (`enterprises.rs`); finds a household in 登记 as `wangge export people` lists it
//! (`registers.rs`); imports a screening list in the app and enters one grid's outcomes,
//! as `wangge task progress` and `wangge verify` then find them (`screening.rs`); records a ticket with the intake form (受理登记)
//! and finds it on the board and in the audit view (审计) as the CLI has it (`intake.rs`);
//! colours the district by warning level (预警等级) as `wangge warnings` has them and
//! imports two houses through the import dialog (导入), seen by `wangge export` (`import.rs`);
//! shows yesterday (截至) as `wangge stats --as-of` has it and exports the day's briefing
//! (导出简报) (`briefing.rs`).
//! Apart, `package.rs` packages the app as a .deb and starts it unpacked on the demo, and
//! `browser.rs` drives the same UI in headless Chromium against `wangge serve`,
//! `server_seat.rs` the desktop set to a server (连接设置),
//! `wall.rs` a wall-screen account's page at 3840×2160, `detail.rs` the full-detail map
//! of every micro-grid (挂图作战) in headless Chromium, `language.rs` an English account's
//! page and the same account's Chinese one, scanned for the other language, and `levels.rs` a window that draws
//! micro-grids another process imports under a grid of a district that had none.
//!
//! Run it with `scripts/desktop-e2e.sh` (which builds the UI, the app and the CLI first).
//! Missing prerequisites skip it loudly outside CI and fail it in CI.

mod board;
mod briefing;
mod browser;
mod cli;
mod conflict;
mod desk;
mod detail;
mod display;
mod driver;
mod enterprises;
mod import;
mod intake;
mod language;
mod levels;
mod package;
mod page;
mod prereq;
mod registers;
mod rental;
mod screening;
mod server_seat;
mod wall;

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::Value;

use cli::Cli;
use display::Display;
use driver::TauriDriver;

/// The instant both the app and the CLI believe it is, so "today" figures agree.
const NOW: &str = "2020-03-20T09:00:00+08:00";
const SEED: u64 = 7;
/// The account the test signs in with.
const COMMANDER: &str = "commander-li";
const PASSWORD: &str = "指挥长-值班-2020春";
/// How long a committed change may take to show (the issue asks for one second; the bound
/// here is generous for a loaded 2-core machine, and the measured time is printed).
const LIVE_TIMEOUT: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn desktop_window_shows_stats_and_live_changes() {
    let tools = match prereq::find_tools() {
        Ok(tools) => tools,
        Err(reason) => return prereq::missing(&reason),
    };
    let display = match Display::acquire() {
        Ok(display) => display,
        Err(reason) => return prereq::missing(&reason),
    };
    let _window = package::one_window_at_a_time().await;
    if let Err(failure) = run(&tools, &display).await {
        panic!("desktop end-to-end test failed: {failure}");
    }
}

async fn run(tools: &prereq::Tools, display: &Display) -> Result<(), String> {
    let root = prereq::workspace_root();
    let artifacts = cli::artifacts_dir(&root);
    std::fs::create_dir_all(&artifacts).map_err(|e| format!("creating {}: {e}", artifacts.display()))?;
    let work = std::env::temp_dir().join(format!("wangge-desktop-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let db = work.join("demo.db");
    let cli = Cli { program: tools.wangge.clone(), db: db.clone(), now: NOW.to_string() };

    // 1. A fresh demo district, made by another process than the app.
    let started = Instant::now();
    cli.demo(SEED)?;
    eprintln!("wangge demo: {:.1} s", started.elapsed().as_secs_f64());
    let district = cli.stats(None)?;
    let street =
        district["children"].as_array().and_then(|c| c.first()).cloned().ok_or("wangge stats lists no streets under the district")?;
    let street_code = street["code"].as_str().ok_or("street without code")?.to_string();
    // The window asks to sign in: a commander of the district, made as an administrator would.
    let district_code = district["node"]["code"].as_str().ok_or("district without code")?.to_string();
    cli.add_user(COMMANDER, "commander", &district_code, PASSWORD)?;
    let street_name = street["name"].as_str().unwrap_or_default().to_string();

    // 2. The app behind tauri-driver; the app inherits tauri-driver's environment.
    let timings = artifacts.join("desktop-timings.jsonl");
    let _ = std::fs::remove_file(&timings);
    let env = [
        ("DISPLAY", display.name.clone()),
        ("WANGGE_DB", db.display().to_string()),
        ("WANGGE_NOW", NOW.to_string()),
        ("WANGGE_TIMINGS", timings.display().to_string()),
        ("WANGGE_BRIEFING_DIR", work.join("briefings").display().to_string()),
    ];
    let driver = TauriDriver::start(&tools.tauri_driver, &env, &artifacts.join("tauri-driver.log"))?;
    let session_started = Instant::now();
    let client = driver.session(&tools.desktop).await?;

    let outcome = drive(&client, &cli, &street_code, &street_name, &artifacts, session_started).await;
    // The last screen whatever the outcome (a failure's evidence), then close the session before reporting.
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(artifacts.join("desktop-final.png"), png);
    }
    if prereq::on_path("import").is_some() {
        let _ = std::process::Command::new("import")
            .args(["-display", &display.name, "-window", "root"])
            .arg(artifacts.join("desktop-root.png"))
            .status();
    }
    let _ = client.close().await;
    drop(driver);
    if let Ok(text) = std::fs::read_to_string(&timings) {
        eprintln!("app timings: {}", text.trim());
    }
    if outcome.is_ok() {
        // Keep the database only when it can help explain a failure.
        let _ = std::fs::remove_dir_all(&work);
    } else {
        eprintln!("database kept for inspection: {}", db.display());
    }
    outcome
}

async fn drive(
    client: &fantoccini::Client,
    cli: &Cli,
    street_code: &str,
    street_name: &str,
    artifacts: &std::path::Path,
    session_started: Instant,
) -> Result<(), String> {
    // 3. Signed in, the district map is drawn.
    page::sign_in(client, COMMANDER, PASSWORD, Duration::from_secs(60)).await?;
    eprintln!("session start to first map drawn: {:.2} s", session_started.elapsed().as_secs_f64());
    let crumbs = page::wait_until(client, "document.querySelector('.breadcrumb')?.textContent", Duration::from_secs(30)).await?;
    let crumbs = crumbs.as_str().unwrap_or_default().to_owned();
    if !crumbs.contains("南湖区") {
        return Err(format!("breadcrumb shows {crumbs:?}, expected the district 南湖区"));
    }
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(artifacts.join("desktop-district.png"), png);
    }
    // The district's board, first paint (reported), then back to the figures.
    let district = page::wait_until(client, "document.querySelector('.panel')?.dataset.nodeCode", Duration::from_secs(10)).await?;
    board::open_board(client, district.as_str().unwrap_or_default()).await?;
    board::switch_tab(client, "figures").await?;
    page::wait_until(client, "document.querySelector('.panel[data-node-code]')", Duration::from_secs(10)).await?;

    // The whole district at micro-grid detail (全域网格), panned: frame times in WebKitGTK.
    let micro_grids = cli.stats(None)?["levels"]["micro_grid"].as_u64().unwrap_or_default();
    detail::open_detail(client, micro_grids).await?;
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(artifacts.join("desktop-detail.png"), png);
    }
    let timings = detail::pan_timings(client).await?;
    detail::report(artifacts, "full", "desktop WebKitGTK", micro_grids, &timings)?;
    page::click(client, "[data-action=\"detail-map\"]").await?;
    page::wait_until(client, "document.querySelector('svg.map')", Duration::from_secs(10)).await?;

    // Drill into one street and compare every figure with the CLI.
    let clicked = Instant::now();
    page::click_area(client, street_code).await?;
    let focused = format!("document.querySelector('.panel[data-node-code=\"{street_code}\"]')");
    page::wait_until(client, &focused, Duration::from_secs(20)).await?;
    eprintln!("drill-down to the street drawn {} ms after the click", clicked.elapsed().as_millis());
    page::wait_until(
        client,
        &format!("document.querySelector('.breadcrumb').textContent.includes('{street_name}')"),
        Duration::from_secs(5),
    )
    .await?;
    let before = cli.stats(Some(street_code))?;
    let before_metrics = before["metrics"].as_object().cloned().ok_or("wangge stats has no metrics")?;
    let (code, shown) = page::panel(client).await?;
    if code != street_code {
        return Err(format!("panel shows {code}, expected {street_code}"));
    }
    let differences = page::differences(&shown, &before_metrics);
    if !differences.is_empty() {
        return Err(format!("figures of {street_name} ({street_code}) differ:\n  {}", differences.join("\n  ")));
    }
    eprintln!("{street_name} ({street_code}): all {} figures equal wangge stats", shown.len());
    import::warning_history_as_the_cli_has_it(client, cli, street_code).await?;
    let seq_before = page::wait_until(client, "document.querySelector('.app').dataset.seq", Duration::from_secs(1)).await?;

    // 4. Another process commits changes; the window must follow without reload. The panel
    // is sampled while `wangge stats` reads the new figures, so the time measured is from
    // the end of `wangge simulate` to the first sample showing them (≤ 0: already shown).
    let in_street = cli.simulate_takes_node().then_some(street_code);
    for round in 1..=5 {
        cli.simulate(20, in_street)?;
        let committed = Instant::now();
        let stats_cli = Cli { program: cli.program.clone(), db: cli.db.clone(), now: cli.now.clone() };
        let code = street_code.to_string();
        let reading = tokio::task::spawn_blocking(move || stats_cli.stats(Some(&code)));
        let mut samples = Vec::new();
        while !reading.is_finished() {
            samples.push((committed.elapsed(), page::panel(client).await?.1));
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let after = reading.await.map_err(|e| format!("wangge stats thread: {e}"))??;
        if after["metrics"] == before["metrics"] {
            eprintln!("wangge simulate round {round} did not touch {street_name}; again");
            continue;
        }
        let expected = after["metrics"].as_object().cloned().ok_or("wangge stats has no metrics")?;
        let mut shown_at = samples.iter().find(|(_, shown)| page::differences(shown, &expected).is_empty()).map(|(t, _)| *t);
        let mut last = Vec::new();
        while shown_at.is_none() && committed.elapsed() < LIVE_TIMEOUT {
            let (_, shown) = page::panel(client).await?;
            last = page::differences(&shown, &expected);
            if last.is_empty() {
                shown_at = Some(committed.elapsed());
            } else {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        let Some(at) = shown_at else {
            return Err(format!(
                "after wangge simulate the window did not show the new figures within {LIVE_TIMEOUT:?}:\n  {}",
                last.join("\n  ")
            ));
        };
        let first = samples.first().map(|(t, _)| t.as_millis()).unwrap_or_default();
        eprintln!(
            "round {round}: change by another process on screen {} ms after `wangge simulate` exited (first sample at {first} ms)",
            at.as_millis()
        );
        // 5. The street with its live figures, as the window shows it.
        if let Ok(png) = client.screenshot().await {
            let _ = std::fs::write(artifacts.join("desktop-street.png"), png);
        }
        finish(client, cli, street_code, seq_before).await?;
        // 7. The work board: reassign a ticket by drag and drop.
        let moved = board::reassign_by_drag(client, cli, artifacts).await?;
        // 8. The same ticket reassigned by the CLI while the window's dialog is open.
        conflict::reassign_races_the_cli(client, cli, &moved).await?;
        // 8b. The commander's desk: suspend, resume, extend, co-dispatch, return visit, bulk reassign.
        desk::commanders_desk(client, cli, street_code).await?;
        // 8c. The enterprises of the street as `wangge enterprises` has them.
        enterprises_of_the_street(client, cli, street_code).await?;
        // 8d. A household in 登记, then a screening list through the app, split per grid,
        // outcomes entered for one grid.
        let community = board_node(client).await?;
        let folder = cli.db.parent().ok_or("the database has no folder")?;
        registers::household_as_the_cli_has_it(client, cli, &community, folder).await?;
        screening::batch_through_the_app(client, cli, &community, street_code, folder).await?;
        // 8e. The community's 红黑榜, and a landlord deducted onto the 黑榜 with the form.
        rental::scoring_on_the_red_black_list(client, cli, &community).await?;
        // 9. A ticket recorded with the intake form, then found in the audit view.
        intake::submit_then_audit(client, cli, artifacts).await?;
        // 10. Two houses imported through the import dialog.
        let work = cli.db.parent().ok_or("the database has no folder")?;
        import::houses_through_dialog(client, cli, street_code, work).await?;
        // 11. A boundary file with one area drawn as two features, through the same dialog.
        import::split_area_through_dialog(client, cli, street_code, work).await?;
        // 12. Yesterday's figures (截至) and the day's briefing exported (导出简报).
        return briefing::as_of_then_export(client, cli, &work.join("briefings")).await;
    }
    Err("five rounds of `wangge simulate --count 20` never changed the street's figures".to_string())
}

/// Focuses the street for the enterprises view and returns to the community the board was on.
async fn enterprises_of_the_street(client: &fantoccini::Client, cli: &Cli, street_code: &str) -> Result<(), String> {
    let community = board_node(client).await?;
    board::focus(client, street_code).await?;
    enterprises::as_the_cli_has_them(client, cli, street_code).await?;
    board::focus(client, &community).await?;
    board::open_board(client, &community).await
}

/// The node whose work board is open.
async fn board_node(client: &fantoccini::Client) -> Result<String, String> {
    let node =
        page::wait_until(client, "document.querySelector('.board[data-board-node]')?.dataset.boardNode", Duration::from_secs(5)).await?;
    Ok(node.as_str().unwrap_or_default().to_string())
}

/// After the live check: data-seq moved on, and drilling down to a grid and back works.
async fn finish(client: &fantoccini::Client, cli: &Cli, street_code: &str, seq_before: Value) -> Result<(), String> {
    let seq_after = page::wait_until(client, "document.querySelector('.app').dataset.seq", Duration::from_secs(1)).await?;
    let as_number = |v: &Value| v.as_str().and_then(|s| s.parse::<i64>().ok()).unwrap_or(-1);
    if as_number(&seq_after) <= as_number(&seq_before) {
        return Err(format!("data-seq did not advance: {seq_before} → {seq_after}"));
    }
    // One more change, timed alone: from `wangge simulate` exiting to data-seq moving on.
    let seq = as_number(&seq_after);
    cli.simulate(1, Some(street_code))?;
    let committed = Instant::now();
    let moved = format!("Number(document.querySelector('.app').dataset.seq) > {seq}");
    page::wait_until(client, &moved, Duration::from_secs(5)).await.map_err(|e| format!("a single change never showed: {e}"))?;
    eprintln!("one change on screen {} ms after `wangge simulate --count 1` exited", committed.elapsed().as_millis());
    let first_paint = page::wait_until(client, "document.querySelector('.app').dataset.firstPaintMs", Duration::from_secs(1)).await;
    eprintln!("first map paint (ms since page start): {first_paint:?}");

    // 6. Down to a community and a grid (whose areas are micro-grids), then back up.
    let mut code = street_code.to_string();
    for level in ["community", "grid"] {
        let report = cli.stats(Some(&code))?;
        let child = report["children"][0]["code"].as_str().ok_or(format!("{code} has no {level} below it"))?.to_string();
        page::click_area(client, &child).await?;
        page::wait_until(client, &format!("document.querySelector('.panel[data-node-code=\"{child}\"]')"), Duration::from_secs(20)).await?;
        code = child;
    }
    let micro_grids = cli.stats(Some(&code))?["children"].as_array().map(Vec::len).unwrap_or(0);
    let drawn = page::wait_until(client, "document.querySelectorAll('path[data-code]').length", Duration::from_secs(5)).await?;
    if drawn.as_u64() != Some(micro_grids as u64) || micro_grids == 0 {
        return Err(format!("grid {code}: {drawn} areas drawn, wangge stats lists {micro_grids} micro-grids"));
    }
    let (_, shown) = page::panel(client).await?;
    let grid_metrics = cli.stats(Some(&code))?["metrics"].as_object().cloned().ok_or("no metrics")?;
    let differences = page::differences(&shown, &grid_metrics);
    if !differences.is_empty() {
        return Err(format!("figures of grid {code} differ:\n  {}", differences.join("\n  ")));
    }
    eprintln!("grid {code}: {micro_grids} micro-grids drawn, all figures equal wangge stats");
    let district = client.find(Locator::Css(".breadcrumb [data-crumb-code]")).await.map_err(|e| format!("no district crumb: {e}"))?;
    let district_code = district.attr("data-crumb-code").await.map_err(|e| e.to_string())?.unwrap_or_default();
    district.click().await.map_err(|e| format!("clicking the district crumb: {e}"))?;
    let back = format!("document.querySelector('.panel[data-node-code=\"{district_code}\"]')");
    page::wait_until(client, &back, Duration::from_secs(20)).await?;
    eprintln!("breadcrumb led back to the district");

    // The metric picker offers every choropleth metric; the map follows the chosen one.
    let offered = page::wait_until(
        client,
        "[...document.querySelectorAll('[data-choropleth]')].map(b => b.dataset.choropleth).join(',')",
        Duration::from_secs(1),
    )
    .await?;
    let every = "isolations_active,resumption_rate,tickets_overdue,on_time_rate,follow_up_compliance,rental_houses,landlords_black_listed";
    if offered.as_str() != Some(every) {
        return Err(format!("the metric picker offers {offered}, expected {every}"));
    }
    client
        .find(Locator::Css("[data-choropleth=\"resumption_rate\"]"))
        .await
        .map_err(|e| format!("no resumption-rate button: {e}"))?
        .click()
        .await
        .map_err(|e| format!("clicking the resumption-rate button: {e}"))?;
    page::wait_until(client, "document.querySelector('.legend').textContent.includes('复工率')", Duration::from_secs(5)).await?;
    page::click(client, "[data-choropleth=\"landlords_black_listed\"]").await?;
    page::wait_until(client, "document.querySelector('.legend').textContent.includes('黑榜房东')", Duration::from_secs(5)).await?;
    // The 预警等级 mode colours every area by its level, as `wangge warnings` has them.
    import::warning_mode_matches_cli(client, cli, &district_code).await
}
