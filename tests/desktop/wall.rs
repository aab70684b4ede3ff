//! The wall screen end to end, at 3840×2160 in headless Chromium against `wangge serve`: an
//! account with the wall-screen role (made with `wangge user add --role wall_screen`) signs
//! in and gets the wall, not the command centre — no control of any kind on the page; the
//! playlist (`/?dwell=5`) shows the district at micro-grid detail (every micro-grid drawn),
//! then moves to a street and on to the next; the
//! figures of the node on screen equal `wangge stats` of it, also after a change committed
//! by another process; the figures are drawn at least [`MIN_FIGURE_PX`] tall; when the
//! server goes away the last picture stays, marked stale. Screenshots go to
//! `tests/artifacts/wall-*.png`.
//!
//! And the desktop app as outside checks start it, `wangge-desktop --wall --dwell 3`, on a
//! 3840×2160 Xvfb of its own: a *commander* signs in, and still the window is the wall — full
//! screen, no controls, the playlist moving — and the seat is refused personal data.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::browser::{browser_tools, screenshot, tempdir, BrowserTools, ChromeDriver, Server};
use crate::cli::{self, Cli};
use crate::display::Display;
use crate::driver::TauriDriver;
use crate::{page, prereq};

const NOW: &str = "2020-03-20T09:00:00+08:00";
const SEED: u64 = 5;
const NAME: &str = "daping";
const PASSWORD: &str = "大屏-值守-2026冬";
const TIMEOUT: Duration = Duration::from_secs(30);
/// A 4K wall panel's height in CSS pixels.
const WIDTH: u32 = 3840;
const HEIGHT: u32 = 2160;
/// The least height of a figure's digits on a 2160-pixel wall: 100 px is about 3.7 cm on a
/// 65-inch panel, readable from 5 m and more (a character needs about 1/200 of the distance).
/// A page less high than the screen (a browser's own bars) is held to the same share.
const MIN_FIGURE_PX: f64 = 100.0;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wall_seat_plays_the_district_and_its_streets_at_4k_and_stays_when_the_link_drops() {
    let tools = match browser_tools() {
        Ok(tools) => tools,
        Err(reason) => return prereq::missing(&reason),
    };
    let _turn = crate::package::one_window_at_a_time().await;
    if let Err(failure) = run(&tools).await {
        panic!("wall end-to-end test failed: {failure}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desktop_wall_fills_a_4k_screen_and_gives_even_a_commander_aggregates_only() {
    let tools = match prereq::find_tools() {
        Ok(tools) => tools,
        Err(reason) => return prereq::missing(&reason),
    };
    let display = match Display::private(WIDTH, HEIGHT) {
        Ok(display) => display,
        Err(reason) => return prereq::missing(&reason),
    };
    let _window = crate::package::one_window_at_a_time().await;
    if let Err(failure) = run_desktop(&tools, &display).await {
        panic!("desktop wall end-to-end test failed: {failure}");
    }
}

async fn run_desktop(tools: &prereq::Tools, display: &Display) -> Result<(), String> {
    let artifacts = cli::artifacts_dir(&prereq::workspace_root());
    std::fs::create_dir_all(&artifacts).map_err(|e| format!("creating {}: {e}", artifacts.display()))?;
    let work = tempdir("desktop-wall")?;
    let db = work.join("demo.db");
    let cli = Cli { program: tools.wangge.clone(), db: db.clone(), now: NOW.to_string() };
    cli.demo(SEED)?;
    let district = cli.stats(None)?;
    let district_code = district["node"]["code"].as_str().ok_or("district without code")?.to_string();
    const COMMANDER: &str = "zhihuizhang";
    cli.add_user(COMMANDER, "commander", &district_code, PASSWORD)?;
    let env = [("DISPLAY", display.name.clone()), ("WANGGE_DB", db.display().to_string()), ("WANGGE_NOW", NOW.to_string())];
    let driver = TauriDriver::start(&tools.tauri_driver, &env, &artifacts.join("wall-tauri-driver.log"))?;
    let client = driver.session_with_args(&tools.desktop, &["--wall", "--dwell", "3"]).await?;
    let outcome = async {
        page::sign_in(&client, COMMANDER, PASSWORD, Duration::from_secs(60)).await?;
        page::wait_until(&client, &format!("document.querySelector('.wall-tile[data-node=\"{district_code}\"]')"), TIMEOUT).await?;
        no_controls(&client).await?;
        let size = client
            .execute("return [window.innerWidth, window.innerHeight]", vec![])
            .await
            .map_err(|e| format!("reading the window's size: {e}"))?;
        eprintln!("the wall window is {size} on a {WIDTH}×{HEIGHT} screen");
        if size[1].as_f64().unwrap_or(0.0) < f64::from(HEIGHT) * 0.95 || size[0].as_f64().unwrap_or(0.0) < f64::from(WIDTH) * 0.95 {
            return Err(format!("the wall window is {size}, not the whole {WIDTH}×{HEIGHT} screen"));
        }
        figure_height(&client).await?;
        same_figures(&client, &cli).await?;
        screenshot(&client, &artifacts, "wall-desktop-district.png").await;
        let first = next_node(&client, &district_code).await?;
        let second = next_node(&client, &first).await?;
        eprintln!("the desktop wall played {district_code} → {first} → {second}");
        // The commander's account sits at a wall: the seat may not read personal data. The
        // call's outcome is left on the page and polled (no WebDriver async script: WebKit's
        // driver answered one with an empty error under load).
        client
            .execute(
                "window.__auditProbe = null; \
                 window.__TAURI__.core.invoke('audit', { filter: {} }) \
                   .then(() => { window.__auditProbe = 'answered'; }, e => { window.__auditProbe = 'refused: ' + (e.code || String(e)); });",
                vec![],
            )
            .await
            .map_err(|e| format!("asking for the audit trail: {e}"))?;
        let audit = page::wait_until(&client, "window.__auditProbe", TIMEOUT).await?;
        if audit == "answered" {
            return Err("the wall window's seat was given the audit trail".to_string());
        }
        eprintln!("the wall seat's audit request: {audit}");
        screenshot(&client, &artifacts, "wall-desktop-street.png").await;
        Ok(())
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    if outcome.is_ok() {
        let _ = std::fs::remove_dir_all(&work);
    }
    outcome
}

/// Nothing on the page can be pressed, typed into or dragged.
async fn no_controls(client: &fantoccini::Client) -> Result<(), String> {
    let controls = client
        .execute("return document.querySelectorAll('button, input, select, textarea, [draggable=\"true\"]').length", vec![])
        .await
        .map_err(|e| format!("counting the controls: {e}"))?;
    if controls != 0 {
        return Err(format!("the wall shows {controls} controls"));
    }
    Ok(())
}

async fn run(tools: &BrowserTools) -> Result<(), String> {
    let artifacts = cli::artifacts_dir(&prereq::workspace_root());
    std::fs::create_dir_all(&artifacts).map_err(|e| format!("creating {}: {e}", artifacts.display()))?;
    let work = tempdir("wall")?;
    let db = work.join("demo.db");
    let cli = Cli { program: tools.wangge.clone(), db: db.clone(), now: NOW.to_string() };
    cli.demo(SEED)?;
    let district = cli.stats(None)?;
    let district_code = district["node"]["code"].as_str().ok_or("district without code")?.to_string();
    cli.add_user(NAME, "wall_screen", &district_code, PASSWORD)?;

    let port = crate::browser::free_port()?;
    let server_log = artifacts.join("wall-serve.log");
    let mut server = Server::start(tools, &db, port, &server_log)?;
    let driver = ChromeDriver::start(&tools.chromedriver, &artifacts.join("wall-chromedriver.log"))?;
    let client = driver.session(&tools.chromium, WIDTH, HEIGHT).await?;
    let outcome = drive(&client, &cli, &district, port, &mut server, &artifacts).await;
    screenshot(&client, &artifacts, "wall-final.png").await;
    let _ = client.close().await;
    drop(driver);
    drop(server);
    if outcome.is_ok() {
        let _ = std::fs::remove_dir_all(&work);
    }
    outcome
}

async fn drive(
    client: &fantoccini::Client,
    cli: &Cli,
    district: &Value,
    port: u16,
    server: &mut Server,
    artifacts: &Path,
) -> Result<(), String> {
    let district_code = district["node"]["code"].as_str().unwrap_or_default().to_string();
    let streets: Vec<String> =
        district["children"].as_array().into_iter().flatten().filter_map(|c| c["code"].as_str().map(str::to_owned)).collect();
    client.goto(&format!("http://127.0.0.1:{port}/?dwell=5")).await.map_err(|e| format!("opening the page: {e}"))?;
    page::sign_in(client, NAME, PASSWORD, TIMEOUT).await?;

    // 1. The wall, not the command centre: the district first — every micro-grid of it at
    //    once (挂图作战) — and nothing to press or type.
    page::wait_until(client, &format!("document.querySelector('.wall-tile[data-node=\"{district_code}\"]')"), TIMEOUT).await?;
    let detail = format!(
        "(() => {{ const t = document.querySelector('.wall-tile'); if (!t || t.dataset.node !== '{district_code}') return 'moved on'; \
          const m = t.querySelector('.detail-map'); return m && Number(m.dataset.drawn) > 0 ? m.dataset.drawn : null; }})()"
    );
    let drawn = page::wait_until(client, &detail, TIMEOUT).await?;
    let micro_grids = district["levels"]["micro_grid"].as_u64().unwrap_or_default().to_string();
    if drawn.as_str() != Some(micro_grids.as_str()) {
        return Err(format!("the district's tile drew {drawn} micro-grids, not all {micro_grids}"));
    }
    no_controls(client).await?;
    same_figures(client, cli).await?;
    figure_height(client).await?;
    screenshot(client, artifacts, "wall-district.png").await;

    // 2. The playlist moves on to a street, then to the next one.
    let first = next_node(client, &district_code).await?;
    let second = next_node(client, &first).await?;
    for code in [&first, &second] {
        if !streets.contains(code) {
            return Err(format!("the playlist showed {code}, which is no street of {district_code} ({streets:?})"));
        }
    }
    if first == second {
        return Err(format!("the playlist showed {first} twice in a row"));
    }
    eprintln!("the wall played {district_code} → {first} → {second}");
    screenshot(client, artifacts, "wall-street.png").await;

    // 3. A change committed by another process reaches the wall's figures.
    let seq_before = page::wait_until(client, "Number(document.querySelector('.app').dataset.seq)", TIMEOUT).await?;
    let committed = Instant::now();
    cli.simulate(30, None)?;
    page::wait_until(client, &format!("Number(document.querySelector('.app').dataset.seq) > {seq_before}"), TIMEOUT).await?;
    eprintln!("the wall's change-log number moved {} ms after `wangge simulate` exited", committed.elapsed().as_millis());
    same_figures(client, cli).await?;

    // 4. The server goes away: the picture stays, marked stale.
    server.kill();
    page::wait_until(client, "document.querySelector('.wall[data-stale=\"true\"] .wall-stale')", TIMEOUT).await?;
    // Longer than a dwell: the playlist holds and the last tile stays.
    const HELD: &str =
        "return [document.querySelector('.wall').dataset.step, document.querySelectorAll('.wall-tile .wall-figure-value').length]";
    let before = client.execute(HELD, vec![]).await.map_err(|e| format!("reading the held tile: {e}"))?;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let after = client.execute(HELD, vec![]).await.map_err(|e| format!("reading the held tile again: {e}"))?;
    if after[1].as_u64().unwrap_or(0) == 0 || after[0] != before[0] {
        return Err(format!("with the link down the wall went from step and figures {before} to {after}"));
    }
    screenshot(client, artifacts, "wall-stale.png").await;
    Ok(())
}

/// Waits until the tile on screen shows a node other than `after`; returns it.
async fn next_node(client: &fantoccini::Client, after: &str) -> Result<String, String> {
    let expression = format!("(n => n && n !== '{after}' ? n : null)(document.querySelector('.wall-tile')?.dataset.node)");
    let code = page::wait_until(client, &expression, TIMEOUT).await?;
    code.as_str().map(str::to_owned).ok_or(format!("the tile's node is {code}"))
}

/// Waits until every figure of the tile on screen equals `wangge stats` of its node (read
/// with the node in one go, as the playlist may move on meanwhile).
async fn same_figures(client: &fantoccini::Client, cli: &Cli) -> Result<(), String> {
    const SHOWN: &str = r#"
        const tile = document.querySelector('.wall-tile');
        if (!tile) return null;
        return [tile.dataset.node, [...tile.querySelectorAll('.wall-figure-value')].map(v => [v.dataset.metric, v.dataset.value])];
    "#;
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let shown = client.execute(SHOWN, vec![]).await.map_err(|e| format!("reading the tile's figures: {e}"))?;
        let mut last_difference = String::from("no tile on screen");
        if let (Some(code), Some(values)) = (shown[0].as_str(), shown[1].as_array()) {
            let expected = cli.stats(Some(code))?;
            let differences: Vec<String> = values
                .iter()
                .filter_map(|pair| {
                    let (name, value) = (pair[0].as_str()?, pair[1].as_str()?);
                    let want = &expected["metrics"][name];
                    let same = match want {
                        // Counts exactly; rates to 1e-12 (the live path and a recount may
                        // round the last bit differently), as the panel test compares them.
                        Value::Number(n) => match (value.parse::<f64>(), n.as_f64()) {
                            (Ok(got), Some(want)) => (got - want).abs() < 1e-12,
                            _ => false,
                        },
                        Value::Null => value.is_empty(),
                        _ => false,
                    };
                    (!same).then(|| format!("{name}: wall {value}, wangge stats {want}"))
                })
                .collect();
            if differences.is_empty() && !values.is_empty() {
                return Ok(());
            }
            last_difference = format!("{code}: {}", differences.join("; "));
        }
        if Instant::now() > deadline {
            return Err(format!("the wall's figures differ from wangge stats: {last_difference}"));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The figures' digits are drawn at least [`MIN_FIGURE_PX`] tall (their font size, and the
/// box the browser laid out for them).
async fn figure_height(client: &fantoccini::Client) -> Result<(), String> {
    const MEASURE: &str = r#"
        const v = document.querySelector('.wall-figure-value');
        return [parseFloat(getComputedStyle(v).fontSize), v.getBoundingClientRect().height, window.innerHeight];
    "#;
    let measured = client.execute(MEASURE, vec![]).await.map_err(|e| format!("measuring the figures: {e}"))?;
    let (font, box_height, screen) = (measured[0].as_f64().unwrap_or(0.0), measured[1].as_f64().unwrap_or(0.0), measured[2].as_f64());
    eprintln!("wall figures at a {screen:?}-pixel-high window: font {font:.0} px, box {box_height:.0} px");
    let least = MIN_FIGURE_PX * screen.unwrap_or(0.0).min(f64::from(HEIGHT)) / f64::from(HEIGHT);
    if font < least || box_height < least {
        return Err(format!("the wall's figures are {font:.0} px (box {box_height:.0} px) on a {screen:?}-pixel-high page; at least {least:.0} px are needed"));
    }
    Ok(())
}
