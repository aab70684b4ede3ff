//! `wangge stats --db FILE [--node CODE] --json`

use std::fmt::Write as _;
use std::process::ExitCode;

use wangge_engine::Clock;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    db: String,
    /// The node to report on; the scope's root (the district) when omitted.
    #[arg(long)]
    node: Option<String>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    let engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let report = engine.stats(&scope, args.node.as_deref())?;
    let text = if args.json { serde_json::to_string_pretty(&report)? + "\n" } else { table(&report)? };
    crate::commands::print(&text)
}

fn table(report: &wangge_api::StatsReport) -> anyhow::Result<String> {
    let mut out = String::new();
    let levels = &report.levels;
    writeln!(out, "{} {} ({})", report.node.code, report.node.name, report.node.level.label_zh())?;
    writeln!(
        out,
        "  streets {}  communities {}  grids {}  micro-grids {}",
        levels.street, levels.community, levels.grid, levels.micro_grid
    )?;
    let figures = serde_json::to_value(report.metrics)?;
    if let Some(map) = figures.as_object() {
        for (name, value) in map {
            writeln!(out, "  {name:<36} {value}")?;
        }
    }
    for child in &report.children {
        let m = &child.metrics;
        writeln!(
            out,
            "  └ {} {}: isolations {} · tickets {} received, {} overdue · resumption {}",
            child.code,
            child.name,
            m.isolations_active,
            m.tickets_received,
            m.tickets_overdue,
            m.resumption_rate.map_or("—".to_owned(), |r| format!("{:.2}%", r * 100.0))
        )?;
    }
    Ok(out)
}
