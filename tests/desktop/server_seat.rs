//! The desktop app as a seat of a server (连接设置), under Xvfb: `wangge serve` holds the
//! district; the desktop window starts on this machine's database, is set to the server on
//! its settings screen, loads the server's page and signs in with the server; a change the
//! CLI commits to the server's district (`wangge simulate`) reaches the window; started
//! again, the window goes straight to the server (the choice remembered, in
//! `WANGGE_CONNECTION_FILE`); from the server's page, 连接设置 leads back to this machine's
//! database. Screenshots go to `tests/artifacts/server-seat-*.png`.

use std::path::Path;
use std::time::Duration;

use crate::browser::{same_figures, screenshot, tempdir, Server};
use crate::cli::{self, Cli};
use crate::display::Display;
use crate::driver::TauriDriver;
use crate::{page, prereq};

const NOW: &str = "2020-03-20T09:00:00+08:00";
const SEED: u64 = 5;
const NAME: &str = "xiwei";
const PASSWORD: &str = "席位-接入-2026冬";
const TIMEOUT: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desktop_set_to_a_server_signs_in_there_follows_its_changes_and_remembers() {
    let tools = match prereq::find_tools() {
        Ok(tools) => tools,
        Err(reason) => return prereq::missing(&reason),
    };
    let ui = prereq::workspace_root().join("ui").join("dist");
    let display = match Display::acquire() {
        Ok(display) => display,
        Err(reason) => return prereq::missing(&reason),
    };
    let _window = crate::package::one_window_at_a_time().await;
    let work = tempdir("server-seat").expect("a work folder");
    let outcome = run(&tools, &ui, &display, &work).await;
    match outcome {
        Ok(()) => {
            let _ = std::fs::remove_dir_all(&work);
        }
        Err(failure) => panic!("desktop-as-a-server-seat test failed (files kept in {}): {failure}", work.display()),
    }
}

async fn run(tools: &prereq::Tools, ui: &Path, display: &Display, work: &Path) -> Result<(), String> {
    let artifacts = cli::artifacts_dir(&prereq::workspace_root());
    let served = work.join("served.db");
    let cli = Cli { program: tools.wangge.clone(), db: served.clone(), now: NOW.to_string() };
    cli.demo(SEED)?;
    let district = cli.stats(None)?;
    let district_code = district["node"]["code"].as_str().ok_or("district without code")?.to_string();
    cli.add_user(NAME, "commander", &district_code, PASSWORD)?;
    // This machine's own database: a copy, so the window has a district of its own to start on.
    let local = work.join("local.db");
    std::fs::copy(&served, &local).map_err(|e| format!("copying the database: {e}"))?;
    let remembered = work.join("server.txt");
    let port = crate::browser::free_port()?;
    let server_url = format!("http://127.0.0.1:{port}");
    let _server = Server::start_program(&tools.wangge, ui, &served, port, &artifacts.join("server-seat-serve.log"))?;
    let env = [
        ("DISPLAY", display.name.clone()),
        ("WANGGE_DB", local.display().to_string()),
        ("WANGGE_CONNECTION_FILE", remembered.display().to_string()),
        ("WANGGE_NOW", NOW.to_string()),
    ];
    let driver = TauriDriver::start(&tools.tauri_driver, &env, &artifacts.join("server-seat-tauri-driver.log"))?;

    // 1. On this machine's database, the sign-in screen offers 连接服务器….
    let client = driver.session(&tools.desktop).await?;
    let first = async {
        page::wait_until(&client, "document.querySelector('[data-status=\"sign-in\"]') && location.protocol", TIMEOUT).await?;
        page::click(&client, "[data-action=\"connection-settings\"]").await?;
        page::wait_until(&client, "document.querySelector('.connection-settings')", TIMEOUT).await?;
        // A wrong address is refused in words and nothing is remembered.
        page::click(&client, "[data-choice=\"server\"]").await?;
        page::set_field(&client, "input[name=\"server\"]", "10.1.2.3:8080").await?;
        page::click(&client, "[data-action=\"save-connection\"]").await?;
        let refused = page::wait_until(&client, "document.querySelector('.connection-refused')?.textContent", TIMEOUT).await?;
        if !refused.as_str().unwrap_or_default().contains("应形如 http://") || remembered.exists() {
            return Err(format!("a wrong address: {refused}, remembered: {}", remembered.exists()));
        }
        // 2. The server's address: the window loads the server's page and signs in there.
        page::set_field(&client, "input[name=\"server\"]", &server_url).await?;
        page::click(&client, "[data-action=\"save-connection\"]").await?;
        on_the_server(&client, &server_url).await?;
        let kept = std::fs::read_to_string(&remembered).map_err(|e| format!("the address was not remembered: {e}"))?;
        if kept.trim() != server_url {
            return Err(format!("remembered {kept:?}, not {server_url}"));
        }
        page::sign_in(&client, NAME, PASSWORD, TIMEOUT).await?;
        screenshot(&client, &artifacts, "server-seat-signed-in.png").await;
        // 3. A change the CLI commits to the server's district reaches the window.
        let street = district["children"][0]["code"].as_str().ok_or("no street")?.to_string();
        // The page may draw its map twice after signing in (the live feed's greeting): wait for the area.
        page::wait_until(&client, &format!("document.querySelector('path[data-code=\"{street}\"]')"), TIMEOUT).await?;
        page::click_area(&client, &street).await?;
        page::wait_until(&client, &format!("document.querySelector('.panel[data-node-code=\"{street}\"]')"), TIMEOUT).await?;
        let before = page::wait_until(&client, "document.querySelector('.app')?.dataset.seq", TIMEOUT).await?;
        cli.simulate(10, Some(&street))?;
        // Null-safe: WebKit's driver answers a script that throws with an empty error.
        let moved = format!("Number(document.querySelector('.app')?.dataset.seq ?? 0) > {}", before.as_str().unwrap_or("0"));
        if let Err(failure) = page::wait_until(&client, &moved, TIMEOUT).await {
            screenshot(&client, &artifacts, "server-seat-not-moved.png").await;
            let at = client.execute("return location.href + ' ' + (document.querySelector('.app')?.dataset.seq ?? 'no app')", vec![]).await;
            return Err(format!("{failure} (the window at {at:?})"));
        }
        same_figures(&client, &cli, &street).await?;
        Ok::<(), String>(())
    }
    .await;
    let _ = client.close().await;
    first?;

    // 4. Started again, the window goes straight to the server; 连接设置 leads back home.
    let client = driver.session(&tools.desktop).await?;
    let second = async {
        on_the_server(&client, &server_url).await?;
        page::click(&client, "[data-action=\"connection-settings\"]").await?;
        page::wait_until(&client, "document.querySelector('.connection-settings') && location.protocol === 'tauri:'", TIMEOUT).await?;
        screenshot(&client, &artifacts, "server-seat-settings.png").await;
        page::click(&client, "[data-choice=\"local\"]").await?;
        page::click(&client, "[data-action=\"save-connection\"]").await?;
        page::wait_until(
            &client,
            "location.protocol === 'tauri:' && !location.search && document.querySelector('[data-status=\"sign-in\"]')",
            TIMEOUT,
        )
        .await?;
        if remembered.exists() {
            return Err("back on this machine's database, the server is still remembered".into());
        }
        // This machine's database answers sign-in (the copy holds the same account).
        page::sign_in(&client, NAME, PASSWORD, TIMEOUT).await?;
        screenshot(&client, &artifacts, "server-seat-home.png").await;
        Ok::<(), String>(())
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    second
}

/// Waits until the window shows the server's own page: its sign-in screen, or the map when
/// the page's stored session still holds.
async fn on_the_server(client: &fantoccini::Client, server_url: &str) -> Result<(), String> {
    let there = format!(
        "location.href.startsWith('{server_url}/') && (document.querySelector('[data-status=\"sign-in\"]') || document.querySelector('.app[data-ready=\"true\"]'))"
    );
    page::wait_until(client, &there, TIMEOUT).await.map(drop)
}
