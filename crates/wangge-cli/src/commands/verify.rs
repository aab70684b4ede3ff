//! `wangge verify --db FILE`

use std::process::ExitCode;

use wangge_engine::Clock;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    db: String,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    let mut engine = crate::open::engine(&args.db, &clock).await?;
    let report = engine.verify(clock.now()).await?;
    for discrepancy in &report.discrepancies {
        eprintln!("{discrepancy}");
    }
    if report.discrepancies.is_empty() {
        println!("ok: {} figures of {} nodes agree with the records", report.figures_checked, report.nodes_checked);
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} of {} figures differ from the records", report.discrepancies.len(), report.figures_checked);
        Ok(ExitCode::FAILURE)
    }
}
