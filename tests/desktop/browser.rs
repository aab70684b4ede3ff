//! The browser seat end to end: `wangge serve` on the demo district serves the same UI at
//! `/`, and headless Chromium (over ChromeDriver) signs in as a commander made with
//! `wangge user add`, drills into a street whose figures must equal `wangge stats`, sees a
//! change committed by another process (`wangge simulate`) arrive over the live feed,
//! reassigns a ticket on the work board by drag and drop (the desktop test's own steps),
//! then survives the server being killed: the page says since when its figures date, and
//! once a new server is up it shows figures equal to a fresh `wangge stats` again.
//! Screenshots go to `tests/artifacts/browser-*.png`.

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::cli::{self, Cli};
use crate::{board, page, prereq};

const NOW: &str = "2020-03-20T09:00:00+08:00";
const SEED: u64 = 11;
const NAME: &str = "zhihui";
const VIEWER: &str = "kanban";
const PASSWORD: &str = "指挥中心-值班-2026";
/// Generous for a loaded 2-core machine; the measured times are printed.
const TIMEOUT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_seat_signs_in_drills_down_follows_live_changes_and_reassigns() {
    let tools = match browser_tools() {
        Ok(tools) => tools,
        Err(reason) => return prereq::missing(&reason),
    };
    // Not a window, but the same two cores: the desktop test's timings stay its own.
    let _turn = crate::package::one_window_at_a_time().await;
    if let Err(failure) = run(&tools).await {
        panic!("browser end-to-end test failed: {failure}");
    }
}

pub(crate) struct BrowserTools {
    pub(crate) wangge: PathBuf,
    pub(crate) chromium: PathBuf,
    pub(crate) chromedriver: PathBuf,
    pub(crate) ui: PathBuf,
}

pub(crate) fn browser_tools() -> Result<BrowserTools, String> {
    let wangge = std::env::var_os("WANGGE_BIN").map(PathBuf::from).unwrap_or_else(|| prereq::target_dir().join("debug").join("wangge"));
    if !wangge.is_file() {
        return Err(format!("{} not found (cargo build -p wangge-cli)", wangge.display()));
    }
    let ui = prereq::workspace_root().join("ui").join("dist");
    if !ui.join("index.html").is_file() {
        return Err(format!("{} has no index.html (cargo xtask build-ui)", ui.display()));
    }
    let chromium = prereq::on_path("chromium").ok_or("chromium not on PATH (apt-get install chromium)")?;
    let chromedriver = prereq::on_path("chromedriver").ok_or("chromedriver not on PATH (apt-get install chromium-driver)")?;
    Ok(BrowserTools { wangge, chromium, chromedriver, ui })
}

async fn run(tools: &BrowserTools) -> Result<(), String> {
    let root = prereq::workspace_root();
    let artifacts = cli::artifacts_dir(&root);
    std::fs::create_dir_all(&artifacts).map_err(|e| format!("creating {}: {e}", artifacts.display()))?;
    let work = tempdir("browser")?;
    let db = work.join("demo.db");
    let cli = Cli { program: tools.wangge.clone(), db: db.clone(), now: NOW.to_string() };
    cli.demo(SEED)?;
    let district = cli.stats(None)?;
    let district_code = district["node"]["code"].as_str().ok_or("district without code")?.to_string();
    cli.add_user(NAME, "commander", &district_code, PASSWORD)?;
    cli.add_user(VIEWER, "viewer", &district_code, PASSWORD)?;

    let port = free_port()?;
    let server_log = artifacts.join("browser-serve.log");
    let mut server = Server::start(tools, &db, port, &server_log)?;
    let driver = ChromeDriver::start(&tools.chromedriver, &artifacts.join("chromedriver.log"))?;
    let client = driver.session(&tools.chromium, 1600, 1000).await?;
    let outcome = drive(&client, &cli, tools, &db, port, &server_log, &mut server, &artifacts).await;
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(artifacts.join("browser-final.png"), png);
    }
    let _ = client.close().await;
    drop(driver);
    drop(server);
    if outcome.is_ok() {
        let _ = std::fs::remove_dir_all(&work);
    } else {
        eprintln!("database kept for inspection: {}", db.display());
    }
    outcome
}

#[allow(clippy::too_many_arguments)]
async fn drive(
    client: &fantoccini::Client,
    cli: &Cli,
    tools: &BrowserTools,
    db: &Path,
    port: u16,
    server_log: &Path,
    server: &mut Server,
    artifacts: &Path,
) -> Result<(), String> {
    // 1. Without a session the page asks to sign in; a wrong password is refused in words.
    client.goto(&format!("http://127.0.0.1:{port}/")).await.map_err(|e| format!("opening the page: {e}"))?;
    page::wait_until(client, "document.querySelector('[data-status=\"sign-in\"]')", TIMEOUT).await?;
    page::set_field(client, "input[name=\"name\"]", NAME).await?;
    page::set_field(client, "input[name=\"password\"]", "not-the-password").await?;
    page::click(client, ".sign-in-form button[type=\"submit\"]").await?;
    page::wait_until(client, "document.querySelector('[data-refused]')", TIMEOUT).await?;
    let signed_in = Instant::now();
    page::sign_in(client, NAME, PASSWORD, TIMEOUT).await?;
    eprintln!("signed in and the district drawn in {:.2} s", signed_in.elapsed().as_secs_f64());
    screenshot(client, artifacts, "browser-district.png").await;

    // 2. One street, figure by figure as the CLI has it.
    let district = cli.stats(None)?;
    let street = district["children"][0]["code"].as_str().ok_or("no street under the district")?.to_string();
    page::click_area(client, &street).await?;
    page::wait_until(client, &format!("document.querySelector('.panel[data-node-code=\"{street}\"]')"), TIMEOUT).await?;
    same_figures(client, cli, &street).await?;
    fits_a_laptop(client, artifacts).await?;

    // 3. A change committed by another process arrives over the live feed.
    let before = cli.stats(Some(&street))?;
    let mut moved = false;
    for _ in 0..5 {
        let seq_before = seq_on_screen(client).await?;
        cli.simulate(20, Some(&street))?;
        let committed = Instant::now();
        let moved_on = format!("Number(document.querySelector('.app').dataset.seq) > {seq_before}");
        page::wait_until(client, &moved_on, TIMEOUT).await?;
        eprintln!("the page's change-log number moved {} ms after `wangge simulate` exited", committed.elapsed().as_millis());
        if cli.stats(Some(&street))?["metrics"] != before["metrics"] {
            same_figures(client, cli, &street).await?;
            moved = true;
            break;
        }
    }
    if !moved {
        return Err("five rounds of `wangge simulate --count 20` never changed the street's figures".to_string());
    }
    screenshot(client, artifacts, "browser-street.png").await;

    // 4. A ticket reassigned by drag and drop, checked against the CLI as on the desktop.
    board::reassign_by_drag(client, cli, artifacts).await?;
    board::switch_tab(client, "figures").await?;
    let focused = page::wait_until(client, "document.querySelector('.panel').dataset.nodeCode", TIMEOUT).await?;
    let focused = focused.as_str().ok_or("no focused node")?.to_string();

    // 5. The server goes away: the page says since when its figures date. Changes are made
    // meanwhile; a new server comes up and the page catches up to a fresh read.
    server.kill();
    page::wait_until(client, "document.querySelector('[data-connection=\"lost\"]')", TIMEOUT).await?;
    let notice = client
        .find(Locator::Css("[data-connection=\"lost\"]"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    if !notice.starts_with("重新连接中 — 数据截至 ") {
        return Err(format!("the lost connection is shown as {notice:?}"));
    }
    screenshot(client, artifacts, "browser-reconnecting.png").await;
    cli.simulate(20, Some(&focused))?;
    *server = Server::start(tools, db, port, server_log)?;
    let back = Instant::now();
    page::wait_until(client, "document.querySelector('[data-connection=\"lost\"]') === null", TIMEOUT).await?;
    same_figures(client, cli, &focused).await?;
    eprintln!("after a server restart the page was current again within {} ms", back.elapsed().as_millis());

    // 6. A viewer at the same page: the figures, but no ticket row, no intake, no import, no
    // audit tab — the screen offers nothing the account may not do.
    // Signing out reloads the page: the marker set on this one tells the new page apart.
    client.execute("window.__beforeSignOut = true", vec![]).await.map_err(|e| format!("marking the page: {e}"))?;
    page::click(client, "[data-action=\"sign-out\"]").await?;
    page::wait_until(client, "window.__beforeSignOut === undefined && document.querySelector('[data-status=\"sign-in\"]')", TIMEOUT)
        .await?;
    page::sign_in(client, VIEWER, PASSWORD, TIMEOUT).await?;
    page::wait_until(client, "document.querySelector('path[data-code]') && document.querySelector('[data-tab=\"board\"]')", TIMEOUT)
        .await?;
    board::switch_tab(client, "board").await?;
    page::wait_until(client, "document.querySelector('.board[data-board-ready=\"true\"]')", TIMEOUT).await?;
    const OFFERED: &str = "return [document.querySelectorAll('.ticket-row').length, \
        document.querySelectorAll('.intake-open, .import-open, [data-tab=\"audit\"]').length, \
        document.querySelectorAll('[data-tab=\"figures\"]').length]";
    let offered = client.execute(OFFERED, vec![]).await.map_err(|e| format!("reading what the viewer is offered: {e}"))?;
    page::wait_until(client, "document.querySelector('.board-empty[data-counts-only=\"true\"]')", TIMEOUT).await?;
    if offered != serde_json::json!([0, 0, 1]) {
        return Err(format!("a viewer's page shows [ticket rows, write controls and audit tab, figures tab] = {offered}"));
    }
    screenshot(client, artifacts, "browser-viewer.png").await;
    Ok(())
}

/// At 1366×768 (a street leader's laptop) and at the desktop's 1600×1000 nothing of the
/// header or the panel is cut off and the breadcrumb shows the current level whole, on one line.
async fn fits_a_laptop(client: &fantoccini::Client, artifacts: &Path) -> Result<(), String> {
    for (width, height) in [(1600, 1000), (1366, 768)] {
        fits(client, artifacts, width, height).await?;
    }
    client.set_window_size(1600, 1000).await.map_err(|e| format!("resizing the window back: {e}"))
}

async fn fits(client: &fantoccini::Client, artifacts: &Path, width: u32, height: u32) -> Result<(), String> {
    client.set_window_size(width, height).await.map_err(|e| format!("resizing the window: {e}"))?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    const FITS: &str = r#"
        const top = document.querySelector('.top'), crumbs = document.querySelector('.breadcrumb'), panel = document.querySelector('.panel');
        const crumb = document.querySelector('.crumb.current').getBoundingClientRect();
        const bar = crumbs.getBoundingClientRect();
        return {
            header_overflow: top.scrollWidth - top.clientWidth,
            crumbs_height: bar.height,
            crumb_height: crumb.height,
            crumb_clipped: Math.max(0, crumb.right - bar.right) + Math.max(0, bar.left - crumb.left),
            crumb_width: crumb.width,
            panel_right: panel.getBoundingClientRect().right,
            width: document.documentElement.clientWidth,
        };
    "#;
    let measured = client.execute(FITS, vec![]).await.map_err(|e| e.to_string())?;
    screenshot(client, artifacts, &format!("browser-{width}x{height}.png")).await;
    let number = |key: &str| measured[key].as_f64().unwrap_or(f64::NAN);
    // One line of 17-px text with its padding is well under 50 px; two would be over.
    let fits = number("header_overflow") <= 0.0
        && number("crumb_height") <= 50.0
        && number("crumb_clipped") <= 0.5
        && number("crumb_width") >= 40.0
        && number("panel_right") <= number("width") + 0.5;
    if !fits {
        return Err(format!("at {width}×{height} the layout does not fit: {measured}"));
    }
    eprintln!("at {width}×{height}: {measured}");
    Ok(())
}

/// The change-log sequence number the page shows figures as of.
async fn seq_on_screen(client: &fantoccini::Client) -> Result<i64, String> {
    let seq = page::wait_until(client, "document.querySelector('.app').dataset.seq", TIMEOUT).await?;
    seq.as_str().and_then(|s| s.parse().ok()).ok_or(format!("data-seq is {seq}"))
}

/// Waits until the panel's figures equal `wangge stats` of `code`.
pub(crate) async fn same_figures(client: &fantoccini::Client, cli: &Cli, code: &str) -> Result<(), String> {
    let expected = cli.stats(Some(code))?["metrics"].as_object().cloned().ok_or("wangge stats has no metrics")?;
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let (shown_code, shown) = page::panel(client).await?;
        let differences = page::differences(&shown, &expected);
        if shown_code == code && differences.is_empty() {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("the panel of {shown_code} differs from wangge stats of {code}:\n  {}", differences.join("\n  ")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub(crate) async fn screenshot(client: &fantoccini::Client, artifacts: &Path, name: &str) {
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(artifacts.join(name), png);
    }
}

/// A running `wangge serve`, killed when dropped.
pub(crate) struct Server(Option<Child>);

impl Server {
    pub(crate) fn start(tools: &BrowserTools, db: &Path, port: u16, log: &Path) -> Result<Server, String> {
        Server::start_program(&tools.wangge, &tools.ui, db, port, log)
    }

    /// `wangge serve` by the given program, serving the UI in `ui`.
    pub(crate) fn start_program(wangge: &Path, ui: &Path, db: &Path, port: u16, log: &Path) -> Result<Server, String> {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let child = Command::new(wangge)
            .args(["serve", "--db"])
            .arg(db)
            .args(["--listen", &format!("127.0.0.1:{port}"), "--ui"])
            .arg(ui)
            .env("WANGGE_NOW", NOW)
            .stdout(Stdio::null())
            .stderr(Stdio::from(log))
            .spawn()
            .map_err(|e| format!("starting wangge serve: {e}"))?;
        let server = Server(Some(child));
        wait_for_port(port, "wangge serve")?;
        Ok(server)
    }

    pub(crate) fn kill(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// ChromeDriver on a free port, in its own process group (it starts Chromium), ended when
/// dropped.
pub(crate) struct ChromeDriver {
    child: Child,
    port: u16,
}

impl ChromeDriver {
    pub(crate) fn start(program: &Path, log: &Path) -> Result<ChromeDriver, String> {
        let port = free_port()?;
        let log = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::from(log.try_clone().map_err(|e| e.to_string())?))
            .stderr(Stdio::from(log))
            .process_group(0)
            .spawn()
            .map_err(|e| format!("starting {}: {e}", program.display()))?;
        let driver = ChromeDriver { child, port };
        wait_for_port(port, "chromedriver")?;
        Ok(driver)
    }

    /// A headless Chromium session with a window of `width`×`height` CSS pixels.
    pub(crate) async fn session(&self, chromium: &Path, width: u32, height: u32) -> Result<fantoccini::Client, String> {
        let capabilities = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.display().to_string(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", &format!("--window-size={width},{height}"), "--lang=zh-CN"],
            },
        });
        let capabilities = capabilities.as_object().cloned().ok_or("capabilities are not a JSON object")?;
        fantoccini::ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .map_err(|e| format!("opening a Chromium session: {e}"))
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.child.wait();
    }
}

pub(crate) fn free_port() -> Result<u16, String> {
    TcpListener::bind(("127.0.0.1", 0)).and_then(|l| l.local_addr()).map(|a| a.port()).map_err(|e| format!("finding a free port: {e}"))
}

pub(crate) fn wait_for_port(port: u16, what: &str) -> Result<(), String> {
    let deadline = Instant::now() + TIMEOUT;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err(format!("{what} did not listen on {port} within {TIMEOUT:?}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(())
}

pub(crate) fn tempdir(label: &str) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("wangge-{label}-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    Ok(dir)
}
