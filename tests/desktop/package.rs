//! The installable package (docs/PACKAGING.md): `cargo xtask deb --no-build` packages the
//! debug binaries `./dev.sh test` built, the package is unpacked with `dpkg-deb -x` where an
//! install would lay it out, and the unpacked app, started with an empty home and no
//! `WANGGE_DB`, must create the demo district in the user's data directory, show the
//! administrator's one-time password on the sign-in screen, and show the demo once signed
//! in with it, as on a first start after `apt install`. The unpacked `wangge` then reads the database the
//! app made, and the unpacked `wangge serve` serves the browser UI the package installed
//! beside it. Installing for real needs root and the Debian archive, so the dependencies are
//! only read from the control file here; docs/PACKAGING.md says how a clean install was tried.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::cli::{self, Cli};
use crate::display::Display;
use crate::driver::TauriDriver;
use crate::{page, prereq};

/// The demo is created inside the debug app on first start; generous for 2 loaded cores.
const FIRST_START_TIMEOUT: Duration = Duration::from_secs(300);

static ONE_WINDOW: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Held by each test while its window is open: the tests of this binary run in parallel
/// threads, and two WebKit windows on two cores would skew the live-update timings the
/// main desktop test measures. (tokio's lock: it is held across awaits, and a test that
/// panicked while holding it leaves nothing for the next one to repair.)
pub async fn one_window_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_WINDOW.lock().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deb_unpacks_and_starts_on_the_demo_district() {
    let tools = match prereq::find_tools() {
        Ok(tools) => tools,
        Err(reason) => return prereq::missing(&reason),
    };
    if prereq::on_path("dpkg-deb").is_none() {
        return prereq::missing("dpkg-deb not on PATH (it comes with dpkg, on every Debian)");
    }
    let display = match Display::acquire() {
        Ok(display) => display,
        Err(reason) => return prereq::missing(&reason),
    };
    if let Err(failure) = run(&tools, &display).await {
        panic!("package test failed: {failure}");
    }
}

async fn run(tools: &prereq::Tools, display: &Display) -> Result<(), String> {
    let root = prereq::workspace_root();
    let artifacts = cli::artifacts_dir(&root);
    std::fs::create_dir_all(&artifacts).map_err(|e| format!("creating {}: {e}", artifacts.display()))?;
    let work = std::env::temp_dir().join(format!("wangge-package-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("creating {}: {e}", work.display()))?;

    // 1. The documented command, on the binaries already built.
    let deb = build_deb(&root)?;
    check_control(&deb)?;
    let unpacked = work.join("root");
    run_ok(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&unpacked), "dpkg-deb -x")?;
    let desktop = unpacked.join("usr/bin/wangge-desktop");
    let wangge = unpacked.join("usr/bin/wangge");
    check_files(&unpacked, &[&desktop, &wangge])?;

    // 2. A first start: an empty home, nothing set that points at a database.
    let home = work.join("home");
    let data_home = home.join(".local/share");
    std::fs::create_dir_all(&data_home).map_err(|e| format!("creating {}: {e}", data_home.display()))?;
    let env = [
        ("DISPLAY", display.name.clone()),
        ("HOME", home.display().to_string()),
        ("XDG_DATA_HOME", data_home.display().to_string()),
        ("XDG_CONFIG_HOME", home.join(".config").display().to_string()),
        ("XDG_CACHE_HOME", home.join(".cache").display().to_string()),
        ("XDG_STATE_HOME", home.join(".local/state").display().to_string()),
        // The driver can only add variables; empty counts as unset for both (paths.rs, clock.rs).
        ("WANGGE_DB", String::new()),
        ("WANGGE_NOW", String::new()),
    ];
    let outcome = {
        let _window = one_window_at_a_time().await;
        first_start(tools, &desktop, &env, &artifacts).await
    };
    outcome?;

    // 3. The database is where a user's data belongs, and the packaged CLI reads it.
    let db = data_home.join("wangge").join("wangge.db");
    if !db.is_file() {
        return Err(format!("the app showed the demo but {} does not exist", db.display()));
    }
    let cli = Cli { program: wangge, db: db.clone(), now: String::new() };
    let district = cli.stats(None)?;
    let name = district["node"]["name"].as_str().unwrap_or_default();
    if name != "南湖区" {
        return Err(format!("the packaged wangge reads district {name:?} from {}, expected 南湖区", db.display()));
    }
    eprintln!("the packaged wangge reads 南湖区 from {}", db.display());
    serves_the_browser_ui(&cli.program, &db)?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

/// `cargo xtask deb --no-build`: the same command the docs give, from the debug binaries.
fn build_deb(root: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let started = Instant::now();
    let output = Command::new(&cargo)
        .current_dir(root)
        .args(["xtask", "deb", "--no-build"])
        .output()
        .map_err(|e| format!("starting {cargo} xtask deb: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo xtask deb --no-build failed ({}):\n{}", output.status, String::from_utf8_lossy(&output.stderr)));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let deb = PathBuf::from(stdout.lines().last().unwrap_or_default().trim());
    let size = std::fs::metadata(&deb).map_err(|e| format!("cargo xtask deb printed {deb:?}, which cannot be read: {e}"))?.len();
    eprintln!(
        "cargo xtask deb --no-build: {} ({:.1} MiB) in {:.1} s",
        deb.display(),
        size as f64 / 1_048_576.0,
        started.elapsed().as_secs_f64()
    );
    Ok(deb)
}

/// The control fields an install depends on: the name apt knows it by, and the libraries
/// a clean Debian 12 must fetch for the window to open.
fn check_control(deb: &Path) -> Result<(), String> {
    let field = |name: &str| -> Result<String, String> {
        let output = Command::new("dpkg-deb").arg("--field").arg(deb).arg(name).output().map_err(|e| format!("dpkg-deb --field: {e}"))?;
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
    };
    let package = field("Package")?;
    if package != "wangge" {
        return Err(format!("the package is called {package:?}, expected wangge"));
    }
    let depends = field("Depends")?;
    for needed in ["libwebkit2gtk-4.1-0", "libgtk-3-0", "fonts-noto-cjk"] {
        if !depends.split([',', '|']).any(|item| item.split_whitespace().next() == Some(needed)) {
            return Err(format!("Depends does not name {needed}: {depends}"));
        }
    }
    Ok(())
}

/// Both programs on the PATH an install gives, and a menu entry that starts the app.
fn check_files(unpacked: &Path, binaries: &[&Path]) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    for binary in binaries {
        let mode = std::fs::metadata(binary).map_err(|e| format!("{} is not in the package: {e}", binary.display()))?.permissions().mode();
        if mode & 0o111 == 0 {
            return Err(format!("{} is not executable (mode {mode:o})", binary.display()));
        }
    }
    let entry = unpacked.join("usr/share/applications/Wangge.desktop");
    let text = std::fs::read_to_string(&entry).map_err(|e| format!("no menu entry {}: {e}", entry.display()))?;
    if !text.lines().any(|line| line == "Exec=wangge-desktop") {
        return Err(format!("the menu entry does not start wangge-desktop:\n{text}"));
    }
    Ok(())
}

/// Opens the unpacked app and waits for the demo district on the map.
async fn first_start(tools: &prereq::Tools, desktop: &Path, env: &[(&str, String)], artifacts: &Path) -> Result<(), String> {
    let driver = TauriDriver::start(&tools.tauri_driver, env, &artifacts.join("package-tauri-driver.log"))?;
    let started = Instant::now();
    let client = driver.session(desktop).await?;
    let outcome = shows_the_demo(&client, started).await;
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(artifacts.join("package-first-start.png"), png);
    }
    // Closing the session ends the app, which folds its write-ahead log into the file.
    let _ = client.close().await;
    drop(driver);
    outcome
}

async fn shows_the_demo(client: &fantoccini::Client, started: Instant) -> Result<(), String> {
    // The sign-in screen with the administrator's one-time password, or the error box the
    // app shows when it cannot open or create its database.
    let settled = r#"document.querySelector('[data-status="sign-in"] [data-hint]')?.textContent
        || (document.querySelector('[data-status="error"]') ? 'error: ' + document.querySelector('[data-status="error"]').textContent : null)"#;
    let hint = page::wait_until(client, settled, FIRST_START_TIMEOUT).await?;
    let hint = hint.as_str().unwrap_or_default().to_string();
    let password = hint
        .split("一次性密码：")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .ok_or(format!("the first start shows no one-time password: {hint}"))?;
    eprintln!("first start of the unpacked app to the sign-in screen: {:.1} s", started.elapsed().as_secs_f64());
    page::sign_in(client, "admin", password, Duration::from_secs(60)).await?;
    eprintln!("first start of the unpacked app to the demo map: {:.1} s", started.elapsed().as_secs_f64());
    let crumbs = page::wait_until(client, "document.querySelector('.breadcrumb')?.textContent", Duration::from_secs(30)).await?;
    let crumbs = crumbs.as_str().unwrap_or_default().to_owned();
    if !crumbs.contains("南湖区") {
        return Err(format!("breadcrumb shows {crumbs:?}, expected the demo district 南湖区"));
    }
    let areas = page::wait_until(client, "document.querySelectorAll('path[data-code]').length", Duration::from_secs(5)).await?;
    eprintln!("the unpacked app shows 南湖区 with {areas} areas on the map");
    Ok(())
}

/// The packaged `wangge serve`, with nothing pointing it at a UI, finds the browser UI the
/// package installed beside it (`/usr/share/wangge/ui`) and serves it at `/`.
fn serves_the_browser_ui(wangge: &Path, db: &Path) -> Result<(), String> {
    use std::io::{Read, Write};
    let port = crate::browser::free_port()?;
    let mut server = Command::new(wangge)
        .args(["serve", "--db"])
        .arg(db)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .env_remove("WANGGE_UI_DIR")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("starting the packaged wangge serve: {e}"))?;
    let answer = crate::browser::wait_for_port(port, "the packaged wangge serve").and_then(|()| {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
        stream.write_all(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n").map_err(|e| e.to_string())?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).map_err(|e| e.to_string())?;
        Ok(answer)
    });
    let _ = server.kill();
    let _ = server.wait();
    let answer = answer?;
    if answer.split_whitespace().nth(1) != Some("200") || !answer.contains("wangge-ui") {
        return Err(format!("the packaged wangge serve does not serve the UI at /:\n{:.400}", answer));
    }
    eprintln!("the packaged wangge serve serves the browser UI from /usr/share/wangge/ui");
    Ok(())
}

fn run_ok(command: &mut Command, what: &str) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("starting {what}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({}):\n{}", output.status, String::from_utf8_lossy(&output.stderr)))
    }
}
