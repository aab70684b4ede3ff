//! `wangge locate --db FILE --lon X --lat Y [--json]`: which place (micro-grid) a point lies
//! in, with the way down to it — what a coordinate in a hotline file or a 12345 call lands on,
//! and what the full-detail map picks under the pointer. Exit 1 when no place of the scope
//! holds the point.

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
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    let engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let located = engine.locate(&scope, &wangge_api::LocateRequest { lon: args.lon, lat: args.lat })?;
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
