//! `wangge audit --db DB [--entity KIND] [--id ID] [--actor ACCOUNT] [--limit N] [--json]`:
//! the append-only audit trail within the signed-in scope, newest first: one line per change
//! (seq, local time, actor, record, what changed), then each changed field indented.
//!
//! `wangge audit verify --db DB [--json]`: walks the audit chain (every change-log row
//! hashes the one before it) and exits 1 naming the first row that was edited or removed.

use std::process::ExitCode;

use wangge_api as api;
use wangge_engine::Clock;
use wangge_engine::{BreakKind, ChainReport};

use crate::progress::Counter;

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    check: Option<Check>,
    #[command(flatten)]
    list: List,
}

#[derive(clap::Subcommand)]
enum Check {
    /// Check that no audit row was edited or removed since it was written; exit 1 naming the
    /// first bad row's sequence number.
    Verify(Verify),
}

#[derive(clap::Args)]
struct Verify {
    #[arg(long)]
    db: String,
    /// The report as one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct List {
    #[arg(long, required = true)]
    db: Option<String>,
    /// ticket, task, task_item, isolation, follow_up, enterprise, house, person.
    #[arg(long)]
    entity: Option<String>,
    #[arg(long)]
    id: Option<i64>,
    #[arg(long)]
    actor: Option<String>,
    #[arg(long, default_value_t = 50)]
    limit: u32,
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.check {
        Some(Check::Verify(verify)) => run_verify(verify).await,
        None => run_list(args.list).await,
    }
}

async fn run_list(args: List) -> anyhow::Result<ExitCode> {
    let db = args.db.ok_or_else(|| anyhow::anyhow!("--db is required"))?;
    let clock = Clock::from_env()?;
    let engine = crate::open::engine(&db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let filter =
        api::AuditFilter { entity: args.entity, entity_id: args.id, actor: args.actor, from: None, to: None, limit: Some(args.limit) };
    let rows = engine.audit(&scope, &filter).await?;
    let text = if args.json {
        serde_json::to_string_pretty(&rows)? + "\n"
    } else {
        rows.iter()
            .map(|r| {
                let at = wangge_domain::Timestamp(r.at).local().strftime("%Y-%m-%d %H:%M:%S");
                let fields: String = r
                    .fields
                    .iter()
                    .map(|f| match &f.before {
                        Some(before) => format!("\t\t{}：{before} → {}\n", f.label, f.after),
                        None => format!("\t\t{}：{}\n", f.label, f.after),
                    })
                    .collect();
                format!("{}\t{at}\t{}\t{} #{}\t{}\n{fields}", r.seq, r.actor, api::record_kind_label(&r.entity), r.entity_id, r.summary)
            })
            .collect()
    };
    crate::commands::print(&text)
}

async fn run_verify(args: Verify) -> anyhow::Result<ExitCode> {
    // The file alone is checked: no district is loaded, so a damaged one can still be checked.
    let store = crate::open::store(&args.db).await?;
    let counter = Counter::new("核验审计链".to_owned(), Some(store.last_seq().await?.max(0) as u64));
    let report = store.verify_chain(&mut |rows| counter.set(rows)).await?;
    drop(counter);
    let text = if args.json { serde_json::to_string_pretty(&as_json(&report))? + "\n" } else { in_words(&report) };
    crate::commands::print(&text)?;
    Ok(if report.first_break.is_none() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The report for people, in Chinese: on a break, the first line names the bad row's seq.
fn in_words(report: &ChainReport) -> String {
    let sealed = match (report.sealed_through, report.sealed_at) {
        (Some(through), Some(at)) if through > 0 => {
            format!("（seq {through} 及以前的记录写于审计链启用之前，于 {} 启用时一并封存）\n", at.local().strftime("%Y-%m-%d %H:%M:%S"))
        }
        _ => String::new(),
    };
    match &report.first_break {
        None => format!(
            "审计链完整：共 {} 条变更记录，均未被改动或删除。\n链尾：seq {}，哈希 {}\n{sealed}",
            report.rows,
            report.head_seq,
            if report.head_hash.is_empty() { "（空）" } else { &report.head_hash }
        ),
        Some(bad) => {
            let what = match &bad.kind {
                BreakKind::Changed => "这一行的内容与它的哈希不符，写入后被改动过".to_owned(),
                BreakKind::Removed { next_present } => format!("这一行已被删除（此后第一条仍在的记录是 seq {next_present}）"),
                BreakKind::Unsealed => "这一行没有哈希，被改动过".to_owned(),
                BreakKind::SealRecordMissing => "审计链的启用记录被删除，整条链无法核验".to_owned(),
            };
            format!(
                "审计链断开：第一处问题在 seq {}：{what}。\n在它之前的 {} 条记录完好（至 seq {}）。\n",
                bad.seq, report.rows, report.head_seq
            )
        }
    }
}

fn as_json(report: &ChainReport) -> serde_json::Value {
    let first_break = report.first_break.as_ref().map(|bad| {
        let (kind, next_present) = match &bad.kind {
            BreakKind::Changed => ("changed", None),
            BreakKind::Removed { next_present } => ("removed", Some(*next_present)),
            BreakKind::Unsealed => ("unsealed", None),
            BreakKind::SealRecordMissing => ("seal_record_missing", None),
        };
        serde_json::json!({ "seq": bad.seq, "kind": kind, "next_present": next_present })
    });
    serde_json::json!({
        "ok": report.first_break.is_none(),
        "rows_checked": report.rows,
        "head_seq": report.head_seq,
        "head_hash": report.head_hash,
        "sealed_through": report.sealed_through,
        "sealed_at": report.sealed_at.map(|at| at.rfc3339()),
        "first_break": first_break,
    })
}
