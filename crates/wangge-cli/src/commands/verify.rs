//! `wangge verify --db FILE`; also warns when next year's working calendar is missing (from December).

use std::process::ExitCode;

use wangge_engine::Clock;

use crate::output::REPORT;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    db: String,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    let mut engine = crate::open::engine(&args.db, &clock).await?;
    let report = engine.verify(clock.now()).await?;
    // A warning, not a failure: the figures are right, only future deadlines are estimates.
    if let Some(gap) = engine.calendar_gap(clock.now()) {
        tracing::warn!("{gap} in the configuration folder (WANGGE_CONFIG_DIR)");
    }
    for discrepancy in &report.discrepancies {
        tracing::error!(target: REPORT, "{discrepancy}");
    }
    for misplaced in &report.misplaced {
        tracing::error!(target: REPORT, "{misplaced}");
    }
    if report.is_ok() {
        println!(
            "ok: {} figures of {} nodes agree with the records; {} records with coordinates lie in their areas",
            report.figures_checked, report.nodes_checked, report.records_placed_checked
        );
        Ok(ExitCode::SUCCESS)
    } else {
        if !report.discrepancies.is_empty() {
            tracing::error!(target: REPORT, "{} of {} figures differ from the records", report.discrepancies.len(), report.figures_checked);
        }
        if !report.misplaced.is_empty() {
            tracing::error!(target: REPORT, "{} of {} records with coordinates lie outside their areas", report.misplaced.len(), report.records_placed_checked);
        }
        Ok(ExitCode::FAILURE)
    }
}
