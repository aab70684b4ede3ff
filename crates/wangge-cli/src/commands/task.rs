//! `wangge task …`: screening batches (排查任务).
//!
//! - `wangge task import FILE --db DB --title TITLE --deadline YYYY-MM-DD [--encoding gbk] [--sheet NAME] [--json]`:
//!   split a CSV or XLSX list (姓名/身份证号/地址 or name/id_number/address) by address into
//!   one part per grid, plus the unplaced part; all or nothing.
//! - `wangge task outcome --db DB --item ID --outcome found_under_control|isolated|left_district|not_found [--json]`
//! - `wangge task reassign --db DB --task ID --to UNIT --reason TEXT [--json]` (commanders only)
//! - `wangge task progress --db DB [--node CODE] [--batch TITLE] [--out ROLLUP.csv|.xlsx] [--json]`
//!
//! The caller is `WANGGE_SCOPE` / `WANGGE_ROLE` / `WANGGE_ACCOUNT`, as for every command.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use wangge_api as api;
use wangge_domain::Timestamp;
use wangge_engine::Clock;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: TaskCommand,
}

#[derive(clap::Subcommand)]
enum TaskCommand {
    /// Import a screening list (CSV or XLSX), split by address into one part per grid.
    Import(ImportArgs),
    /// Record what grid staff found for one person of a batch.
    Outcome(OutcomeArgs),
    /// Move a part to another unit (改派), with a reason; commanders only.
    Reassign(ReassignArgs),
    /// Completion per node, rolled up the hierarchy, and the overdue parts.
    Progress(ProgressArgs),
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The list: CSV (UTF-8 or GBK) or XLSX.
    file: PathBuf,
    #[arg(long)]
    db: String,
    /// The batch's title; each part is titled "TITLE · part".
    #[arg(long)]
    title: String,
    /// The last day of every part (China time, through 23:59:59).
    #[arg(long, value_name = "YYYY-MM-DD")]
    deadline: String,
    /// The CSV's text encoding (e.g. gbk, utf-8); detected when omitted.
    #[arg(long)]
    encoding: Option<String>,
    /// The XLSX worksheet; the first when omitted.
    #[arg(long)]
    sheet: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
enum Outcome {
    FoundUnderControl,
    Isolated,
    LeftDistrict,
    NotFound,
}

#[derive(clap::Args)]
struct OutcomeArgs {
    #[arg(long)]
    db: String,
    /// The task item (one person of a batch).
    #[arg(long)]
    item: i64,
    #[arg(long, value_enum)]
    outcome: Outcome,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ReassignArgs {
    #[arg(long)]
    db: String,
    /// The part (task) to move.
    #[arg(long)]
    task: i64,
    /// The node code of the unit that takes it over.
    #[arg(long)]
    to: String,
    #[arg(long)]
    reason: String,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ProgressArgs {
    #[arg(long)]
    db: String,
    /// The node to report on; the scope's root when omitted.
    #[arg(long)]
    node: Option<String>,
    /// Only the parts of this batch (its title).
    #[arg(long)]
    batch: Option<String>,
    /// Also write the roll-up (排查汇总: one row per child and the total) to this `.csv` or
    /// `.xlsx` file, the feed-back a street sends up.
    #[arg(long)]
    out: Option<std::path::PathBuf>,
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        TaskCommand::Import(args) => import(args).await,
        TaskCommand::Outcome(args) => outcome(args).await,
        TaskCommand::Reassign(args) => reassign(args).await,
        TaskCommand::Progress(args) => progress(args).await,
    }
}

async fn import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let deadline = wangge_domain::tasks::deadline_of_date(&args.deadline)
        .ok_or_else(|| anyhow::anyhow!("--deadline: {:?} is not a date written YYYY-MM-DD", args.deadline))?;
    let clock = Clock::from_env()?;
    let mut engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let report = engine
        .import_screening_file(&scope, &args.file, &args.title, deadline, args.encoding.as_deref(), args.sheet.as_deref(), clock.now())
        .await?;
    let text = if args.json { serde_json::to_string_pretty(&report)? + "\n" } else { import_text(&report)? };
    crate::commands::print(&text)
}

async fn outcome(args: OutcomeArgs) -> anyhow::Result<ExitCode> {
    let outcome = match args.outcome {
        Outcome::FoundUnderControl => api::TaskOutcome::FoundUnderControl,
        Outcome::Isolated => api::TaskOutcome::Isolated,
        Outcome::LeftDistrict => api::TaskOutcome::LeftDistrict,
        Outcome::NotFound => api::TaskOutcome::NotFound,
    };
    let clock = Clock::from_env()?;
    let mut engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let recorded = engine.record_outcome(&scope, args.item, outcome, clock.now()).await?;
    let text = if args.json {
        serde_json::to_string_pretty(&recorded)? + "\n"
    } else {
        let was = recorded.previous.map_or(String::new(), |p| format!(" (was {})", p.as_str()));
        format!(
            "item {}: {} {}{was}\n{}\n",
            recorded.item_id,
            recorded.outcome.as_str(),
            recorded.outcome.label_zh(),
            part_line(&recorded.part)
        )
    };
    crate::commands::print(&text)
}

async fn reassign(args: ReassignArgs) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    let mut engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let moved = engine.reassign_task(&scope, args.task, &args.to, &args.reason, clock.now()).await?;
    let text = if args.json {
        serde_json::to_string_pretty(&moved)? + "\n"
    } else {
        format!(
            "task {}: {} {} → {} {} by {}: {}\n",
            moved.part.task_id, moved.from.code, moved.from.name, moved.part.owner.code, moved.part.owner.name, moved.by, moved.reason
        )
    };
    crate::commands::print(&text)
}

async fn progress(args: ProgressArgs) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    let engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let report = engine.task_progress(&scope, args.node.as_deref(), args.batch.as_deref(), clock.now())?;
    if let Some(out) = &args.out {
        let table = engine.screening_rollup(&scope, args.node.as_deref(), args.batch.as_deref(), clock.now())?;
        crate::commands::export::write_table(&table, out)?;
    }
    let text = if args.json { serde_json::to_string_pretty(&report)? + "\n" } else { progress_text(&report)? };
    crate::commands::print(&text)
}

fn at(secs: i64) -> String {
    Timestamp(secs).to_string()
}

fn part_line(part: &api::TaskPart) -> String {
    let late = if part.overdue { " · overdue" } else { "" };
    format!(
        "task {}\t{}\t{} {}\t{}/{} done\tdue {}{late}",
        part.task_id,
        part.title,
        part.owner.code,
        part.owner.name,
        part.done,
        part.items,
        at(part.deadline)
    )
}

fn import_text(report: &api::ScreeningImported) -> anyhow::Result<String> {
    let mut out = String::new();
    writeln!(
        out,
        "batch {}: {} people, {} placed, {} unplaced, in {} parts, due {}",
        report.batch,
        report.people,
        report.placed,
        report.unplaced.len(),
        report.parts.len(),
        at(report.deadline)
    )?;
    for imported in &report.parts {
        writeln!(out, "  {}", part_line(&imported.part))?;
    }
    for person in &report.unplaced {
        writeln!(out, "  unplaced: row {} {} {} (item {})", person.row, person.name, person.address, person.item_id)?;
    }
    Ok(out)
}

fn figures_line(f: &api::TaskFigures) -> String {
    let rate = f.completion_rate.map_or("—".to_owned(), |r| format!("{:.1}%", r * 100.0));
    format!(
        "{}/{} done ({rate}) · 在管控 {} · 已隔离 {} · 已离区 {} · 查无 {} · unplaced {} · parts {} ({} complete, {} overdue)",
        f.done,
        f.items,
        f.found_under_control,
        f.isolated,
        f.left_district,
        f.not_found,
        f.unplaced_items,
        f.parts,
        f.parts_complete,
        f.parts_overdue
    )
}

fn progress_text(report: &api::TaskProgressReport) -> anyhow::Result<String> {
    let mut out = String::new();
    let batch = report.batch.as_deref().map_or(String::new(), |b| format!(" · batch {b}"));
    writeln!(out, "{} {} ({}){batch} as of {}", report.node.code, report.node.name, report.node.level.label_zh(), at(report.as_of))?;
    writeln!(out, "  {}", figures_line(&report.figures))?;
    for child in &report.children {
        writeln!(out, "  └ {} {}: {}", child.node.code, child.node.name, figures_line(&child.figures))?;
    }
    if !report.overdue_parts.is_empty() {
        writeln!(out, "overdue parts:")?;
        for part in &report.overdue_parts {
            writeln!(out, "  {}", part_line(part))?;
        }
    }
    Ok(out)
}
