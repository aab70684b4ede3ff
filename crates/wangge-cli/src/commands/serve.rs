//! `wangge serve --db FILE --listen ADDR [--api-key KEY]... [--ui DIR] [limits]`: the seats'
//! API under `/api`, Open311 under `/open311/v2` and the browser UI at `/`. On a district's
//! first start it creates the administrator and prints its one-time password.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use wangge_engine::Clock;
use wangge_server::{ApiKeys, AppState, Limits, Rate};

/// Names the browser UI's directory when `--ui` does not.
const UI_DIR_ENV: &str = "WANGGE_UI_DIR";

#[derive(clap::Args)]
pub struct Args {
    /// SQLite file, or a postgres:// URL.
    #[arg(long, value_name = "FILE")]
    db: String,
    /// Address and port to listen on, e.g. 127.0.0.1:8311.
    #[arg(long, value_name = "ADDR")]
    listen: SocketAddr,
    /// A key that may POST requests; repeat for several. WANGGE_OPEN311_KEYS (comma
    /// separated) adds more without showing them in the process list.
    #[arg(long = "api-key", value_name = "KEY")]
    api_keys: Vec<String>,
    /// Connections open at once, all clients together (more are closed on arrival).
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_connections)]
    max_connections: usize,
    /// Connections open at once from one client address (IPv6: its /64).
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_connections_per_client)]
    max_connections_per_client: usize,
    /// GET requests per second per client (twice as many in a burst); more get 429.
    #[arg(long, value_name = "N", default_value_t = Limits::default().reads.per_second)]
    reads_per_second: u32,
    /// POST requests per second per client (three times as many in a burst); more get 429.
    #[arg(long, value_name = "N", default_value_t = Limits::default().writes.per_second)]
    writes_per_second: u32,
    /// Seconds a client has to send a request's head (also the idle timeout) and, again,
    /// its body.
    #[arg(long, value_name = "SECONDS", default_value_t = Limits::default().header_timeout.as_secs())]
    request_timeout: u64,
    /// The browser UI's files (built by `cargo xtask build-ui` into ui/dist), served at /.
    /// Else WANGGE_UI_DIR; else ../share/wangge/ui or ../../ui/dist beside the wangge
    /// binary, whichever holds an index.html.
    #[arg(long, value_name = "DIR")]
    ui: Option<PathBuf>,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Before the database is opened: a UI named wrongly stops the server before it starts.
    let ui = ui_dir(args.ui)?;
    let clock = Clock::from_env()?;
    let engine = crate::open::engine(&args.db, &clock).await?;
    let accounts = wangge_engine::accounts::Accounts::new(engine.store().clone());
    if let Some(password) = accounts.bootstrap(&engine.district().hierarchy, clock.now()).await? {
        // Printed once, to the terminal of whoever started the server, and never logged.
        eprintln!(
            "首次启动：已创建管理员账号 {}，一次性密码：{password}\n（只显示这一次；登录后请用 `wangge user reset-password --db … --name {}` 改为自己的密码）",
            wangge_domain::accounts::BOOTSTRAP_ADMIN,
            wangge_domain::accounts::BOOTSTRAP_ADMIN,
        );
    }
    let keys = ApiKeys::with_env(args.api_keys);
    let clients = accounts.open311_clients().await?.iter().filter(|c| c.revoked_at.is_none()).count();
    if keys.is_empty() && clients == 0 {
        tracing::warn!("no API key (--api-key, WANGGE_OPEN311_KEYS or `wangge api-key add`): every POST will be refused with 403");
    } else if clients > 0 {
        tracing::info!("{clients} Open311 client key(s) in force (wangge api-key list)");
    }
    let timeout = Duration::from_secs(args.request_timeout.max(1));
    let limits = Limits {
        max_connections: args.max_connections,
        max_connections_per_client: args.max_connections_per_client,
        reads: Rate { per_second: args.reads_per_second, burst: args.reads_per_second.saturating_mul(2) },
        writes: Rate { per_second: args.writes_per_second, burst: args.writes_per_second.saturating_mul(3) },
        header_timeout: timeout,
        body_timeout: timeout,
        ..Limits::default()
    };
    tracing::info!(
        "limits: {} connections ({} per client), {} reads/s and {} writes/s per client, {} s to send a request; \
         on Ctrl-C or SIGTERM open requests get {} s to finish",
        limits.max_connections,
        limits.max_connections_per_client,
        limits.reads.per_second,
        limits.writes.per_second,
        timeout.as_secs(),
        limits.shutdown_grace.as_secs(),
    );
    let mut state = AppState::new(engine, keys, clock)?.with_limits(limits);
    match ui {
        Some(dir) => state = state.with_ui(dir),
        None => tracing::warn!(
            "browser UI not found (no --ui DIR, no {UI_DIR_ENV}, nothing built beside this binary): / answers 404 until \
             it is built with `cargo xtask build-ui`"
        ),
    }
    wangge_server::serve(state, args.listen, wangge_server::shutdown_signal()).await?;
    crate::open::closed_elsewhere();
    Ok(ExitCode::SUCCESS)
}

/// The browser UI's directory: `--ui`, else `WANGGE_UI_DIR`, else the first of the places
/// an installed (`<prefix>/bin/wangge`, files in `<prefix>/share/wangge/ui`) or a
/// development (`target/debug/wangge`, files in `ui/dist`) layout keeps it. A directory
/// named outright must hold an index.html (a typo should stop the server, not serve 404s);
/// one searched for and not found only means the UI is not built.
fn ui_dir(flag: Option<PathBuf>) -> anyhow::Result<Option<PathBuf>> {
    let named = match flag {
        Some(dir) => Some((dir, "--ui")),
        None => std::env::var_os(UI_DIR_ENV).filter(|dir| !dir.is_empty()).map(|dir| (PathBuf::from(dir), UI_DIR_ENV)),
    };
    if let Some((dir, from)) = named {
        anyhow::ensure!(
            has_index(&dir),
            "{from} {}: no index.html there; build the browser UI with `cargo xtask build-ui` (it writes ui/dist)",
            dir.display()
        );
        return Ok(Some(absolute(dir)?));
    }
    // The executable's real place (symlinks resolved), so a link in ~/bin still finds it.
    let Some(bin) = std::env::current_exe().and_then(std::fs::canonicalize).ok().and_then(|exe| exe.parent().map(Path::to_path_buf)) else {
        return Ok(None);
    };
    let found = [bin.join("../share/wangge/ui"), bin.join("../../ui/dist")].into_iter().find(|dir| has_index(dir));
    found.map(absolute).transpose()
}

fn has_index(dir: &Path) -> bool {
    dir.join("index.html").is_file()
}

/// `dir` without `..` or a relative start, so the log names the real place.
fn absolute(dir: PathBuf) -> anyhow::Result<PathBuf> {
    std::fs::canonicalize(&dir).with_context(|| format!("the browser UI's directory {}", dir.display()))
}
