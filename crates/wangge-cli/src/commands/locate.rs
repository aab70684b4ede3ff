//! `wangge locate --db FILE --lon X --lat Y [--json]`: which place (micro-grid) a point lies
//! in, with the way down to it — what a coordinate in a hotline file or a 12345 call lands on,
//! and what the full-detail map picks under the pointer. Exit 1 when no place of the scope
//! holds the point. Against a server (`--db http://…`) it signs in (`--as`) and asks there.

use std::process::ExitCode;

use wangge_engine::Clock;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    db: String,
    /// Longitude (WGS84, e.g. 120.80).
    #[arg(long, allow_hyphen_values = true)]
    lon: f64,
    /// Latitude (WGS84, e.g. 30.75).
    #[arg(long, allow_hyphen_values = true)]
    lat: f64,
    /// Print one JSON object (`null` when no place holds the point) instead of a line.
    #[arg(long)]
    json: bool,
    /// Against a server (`--db http://…`): the account to sign in as; the password is read
    /// from standard input (or `WANGGE_PASSWORD`).
    #[arg(long = "as", value_name = "NAME")]
    as_name: Option<String>,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let request = wangge_api::LocateRequest { lon: args.lon, lat: args.lat };
    let located = if crate::remote::is_server(&args.db) {
        let remote = crate::remote::Remote::sign_in(&args.db, args.as_name.as_deref()).await?;
        remote.call::<_, Option<wangge_api::Located>>(wangge_api::commands::LOCATE, &serde_json::json!({ "request": request })).await?
    } else {
        let clock = Clock::from_env()?;
        let engine = crate::open::engine(&args.db, &clock).await?;
        let scope = engine.scope_from_env()?;
        engine.locate(&scope, &request)?
    };
    let text = match (&located, args.json) {
        (_, true) => serde_json::to_string_pretty(&located)? + "\n",
        (Some(located), false) => {
            let path: Vec<&str> = located.path.iter().map(|n| n.name.as_str()).collect();
            format!("{} {}（{}）\n", located.place.code, located.place.name, path.join(" › "))
        }
        (None, false) => format!("（{}, {}）不在本辖区任何网格内\n", args.lon, args.lat),
    };
    crate::commands::print(&text)?;
    Ok(if located.is_some() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
