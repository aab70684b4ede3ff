//! `wangge serve --db FILE --listen ADDR [--api-key KEY]... [limits]`: the seats' API under
//! `/api` and Open311 under `/open311/v2`. On a district's first start it creates the
//! administrator and prints its one-time password.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use wangge_engine::Clock;
use wangge_server::{ApiKeys, Limits, Rate};

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
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
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
    if keys.is_empty() {
        tracing::warn!("no API key given (--api-key or WANGGE_OPEN311_KEYS): every POST will be refused with 403");
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
    wangge_server::serve(engine, args.listen, keys, clock, limits, wangge_server::shutdown_signal()).await?;
    crate::open::closed_elsewhere();
    Ok(ExitCode::SUCCESS)
}
