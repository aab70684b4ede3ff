//! `wangge serve --db FILE --listen ADDR [--api-key KEY]...`

use std::net::SocketAddr;
use std::process::ExitCode;

use wangge_engine::Clock;
use wangge_server::ApiKeys;

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
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    let engine = crate::open::engine(&args.db, &clock).await?;
    let keys = ApiKeys::with_env(args.api_keys);
    if keys.is_empty() {
        eprintln!("warning: no API key given (--api-key or WANGGE_OPEN311_KEYS): every POST will be refused with 403");
    }
    wangge_server::serve(engine, args.listen, keys, clock, wangge_server::ctrl_c()).await?;
    Ok(ExitCode::SUCCESS)
}
