//! `wangge export houses|people|isolations|follow-ups|enterprises|tickets --db DB --out FILE.xlsx|FILE.csv [--node CODE]`
//!
//! The rows of one register within the caller's scope (under `--node`, or the scope's root),
//! with Chinese headers. CSV is UTF-8 with a byte-order mark, so Excel opens Chinese text
//! correctly; XLSX is one worksheet named after the register. Wall screens are refused.
//! Progress goes to stderr (a bar, and a line per stage of 10,000 rows or more). Exports
//! are inert and an XLSX cell longer than Excel allows is cut to fit with a marker and named
//! in a warning, never a failed export (`wangge_registers::write`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wangge_api as api;
use wangge_engine::Clock;
use wangge_registers::{TableFormat, TableOut};

use crate::output::REPORT;
use crate::progress::Stages;

/// Exports smaller than this leave no progress lines in the log: they take a moment.
const LOGGED_FROM_ROWS: u64 = 10_000;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Register {
    Houses,
    People,
    Isolations,
    FollowUps,
    Enterprises,
    Tickets,
    /// The 红黑榜 of the node: each landlord letting there with their score and standing.
    Landlords,
    /// The screening roll-up (排查汇总) of every batch per child of the node.
    Screening,
}

#[derive(clap::Args)]
pub struct Args {
    /// The register to export.
    #[arg(value_enum)]
    register: Register,
    #[arg(long)]
    db: String,
    /// The file to write: `.csv` (UTF-8 with BOM) or `.xlsx`.
    #[arg(long)]
    out: PathBuf,
    /// Only the records under this node; the scope's root when omitted.
    #[arg(long)]
    node: Option<String>,
}

fn check_extension(out: &Path) -> anyhow::Result<()> {
    anyhow::ensure!(TableFormat::of(out).is_some(), "--out: {} must end in .csv or .xlsx", out.display());
    Ok(())
}

/// Writes a table as `out`'s extension says (CSV with BOM or XLSX), with progress on stderr
/// and a warning naming each cell cut to Excel's limit: the exports' writer, also for other
/// commands' tables (`wangge task progress --out`).
pub(crate) fn write_table(table: &api::ExportTable, out: &Path) -> anyhow::Result<()> {
    check_extension(out)?;
    let mut stages = Stages::new().logged_from(LOGGED_FROM_ROWS);
    let stage = format!("writing {}", out.display());
    let sheet = TableOut { sheet: table.register.label_zh(), headers: &table.headers, rows: &table.rows };
    let cut = wangge_registers::write_table(out, sheet, &mut |done, total| stages.set(&stage, done, total))?;
    for cell in cut {
        tracing::warn!(
            "{}: {} 编号 {}, column {}: {} characters, more than Excel's 32,767 per cell; \
             cut to fit and marked 已截断 (the CSV export keeps it whole)",
            out.display(),
            table.register.as_str(),
            cell.row_id,
            cell.header,
            cell.chars
        );
    }
    stages.finish();
    Ok(())
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    check_extension(&args.out)?;
    let register = match args.register {
        Register::Houses => api::ExportRegister::Houses,
        Register::People => api::ExportRegister::People,
        Register::Isolations => api::ExportRegister::Isolations,
        Register::FollowUps => api::ExportRegister::FollowUps,
        Register::Enterprises => api::ExportRegister::Enterprises,
        Register::Tickets => api::ExportRegister::Tickets,
        Register::Landlords => api::ExportRegister::Landlords,
        Register::Screening => api::ExportRegister::Screening,
    };
    let clock = Clock::from_env()?;
    let engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let mut stages = Stages::new().logged_from(LOGGED_FROM_ROWS);
    let table = engine.export_register(&scope, register, args.node.as_deref(), clock.now(), &mut |p| stages.update(&p))?;
    stages.finish();
    write_table(&table, &args.out)?;
    tracing::info!(
        target: REPORT,
        "wrote {} {} rows under {} {} to {}",
        table.rows.len(),
        register.as_str(),
        table.node.code,
        table.node.name,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
