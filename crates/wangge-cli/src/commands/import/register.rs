//! What the four register imports (`houses`, `people`, `isolations`, `enterprises`) share
//! beyond [`file`](super::file): the error list and saved mapping files, the dry run, the
//! progress lines, and the report of what was stored, placed, left unassigned or refused.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use wangge_engine::registers::{Numbered, Register, RegisterOptions, RegisterReport, RegisterRows};
use wangge_engine::Clock;
use wangge_registers::registers::{check_placeable, Placeable};
use wangge_registers::{error_list_csv, FromRow, ImportPolicy, Row, RowError};

use super::file::{self, FileArgs, ReadFile};
use crate::output::REPORT;
use crate::progress::Stages;

#[derive(clap::Args)]
pub struct RegisterArgs {
    #[command(flatten)]
    pub file: FileArgs,
    /// Write every error — row, column, value, reason — to this CSV (UTF-8 with BOM).
    #[arg(long, value_name = "OUT.csv")]
    pub errors: Option<PathBuf>,
    /// Save the column mapping used, as JSON for `--mapping` next time (field → column).
    #[arg(long, value_name = "FILE")]
    pub save_mapping: Option<PathBuf>,
    /// Read, place and check every row and report, storing nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Move the progress on every this many rows (0: at the start and end of a stage only).
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub progress_every: usize,
    /// Print the report as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// A register row type the command line imports.
pub trait RegisterFile: FromRow + Placeable {
    const REGISTER: Register;
    fn rows(rows: Vec<Numbered<Self>>) -> RegisterRows;
}

/// Reads the file, imports its rows through the engine (one transaction, all or nothing
/// unless `--good-rows`), writes the reports asked for and prints what happened.
pub async fn run<T: RegisterFile>(args: &RegisterArgs, options: RegisterOptions) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    let policy = args.file.policy();
    if args.file.good_rows && args.file.rejected.is_none() {
        anyhow::bail!("--good-rows needs --rejected OUT.csv: the refused rows are written there, never dropped");
    }
    let mut read = file::read::<T>(&args.file)?;
    if let Some(path) = &args.save_mapping {
        save_mapping(path, &read)?;
    }
    check_placeable::<T>(&read.mapped).map_err(|e| anyhow::anyhow!("{e}\n未导入任何内容"))?;

    let mut engine = crate::open::engine(&args.file.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    // Rows the reader refused already sink an all-or-nothing import; the engine still
    // checks the others (storing nothing), so one report lists every problem of the file.
    let options = RegisterOptions {
        policy,
        dry_run: args.dry_run || (policy == ImportPolicy::AllOrNothing && !read.rejected.is_empty()),
        progress_every: args.progress_every,
        ..options
    };
    let records = std::mem::take(&mut read.records);
    let rows = T::rows(records.into_iter().map(|(number, row)| Numbered { number, row }).collect());
    let started = std::time::Instant::now();
    let mut stages = Stages::new();
    let report = engine.import_register(&scope, rows, &options, clock.now(), &mut |p| stages.update(&p)).await?;
    stages.finish();
    let seconds = started.elapsed().as_secs_f64();

    let rejected = file::merge(std::mem::take(&mut read.rejected), engine_refusals(&read, &report));
    file::write_rejected(&args.file, &read.mapped.header, &rejected)?;
    if let Some(out) = &args.errors {
        let errors: Vec<RowError> = rejected.iter().flat_map(|(_, e)| e.iter().cloned()).collect();
        std::fs::write(out, error_list_csv(&errors)).with_context(|| format!("--errors: writing {}", out.display()))?;
        if !errors.is_empty() {
            tracing::info!(target: REPORT, "已把 {} 处错误写入 {}", errors.len(), out.display());
        }
    }
    if policy == ImportPolicy::AllOrNothing && !rejected.is_empty() {
        let mut message = file::refusal(&args.file, read.rows(), &rejected);
        let unassigned = report.unassigned().count();
        if unassigned > 0 {
            let _ = write!(
                message,
                "\n{unassigned} of the refused rows are unassigned (no micro-grid found): {}",
                T::REGISTER.why_unassigned_is_refused()
            );
        }
        anyhow::bail!(message);
    }
    if !rejected.is_empty() {
        tracing::warn!(
            "{}: {} row(s) refused, the others {}:\n{}",
            args.file.label(),
            rejected.len(),
            if args.dry_run { "checked" } else { "imported" },
            file::error_lines(&rejected).trim_end()
        );
    }
    let text = if args.json {
        serde_json::to_string_pretty(&json_report(args, &read, &report, rejected.len(), seconds))? + "\n"
    } else {
        text_report(args, &read, &report, rejected.len(), seconds)
    };
    crate::commands::print(&text)
}

/// `{"field": "column", ...}`: the mapping as `--mapping` reads it.
fn save_mapping<T>(path: &std::path::Path, read: &ReadFile<T>) -> anyhow::Result<()> {
    let columns: BTreeMap<&str, &str> = read.mapped.fields.iter().map(|(f, (_, c))| (f.as_str(), c.as_str())).collect();
    let text = serde_json::to_string_pretty(&columns)? + "\n";
    std::fs::write(path, text).with_context(|| format!("--save-mapping: writing {}", path.display()))?;
    tracing::info!(target: REPORT, "column mapping saved to {} (use it with --mapping)", path.display());
    Ok(())
}

/// The engine's refusals as row errors naming the file's column.
fn engine_refusals<T>(read: &ReadFile<T>, report: &RegisterReport) -> Vec<(Row, Vec<RowError>)> {
    let mut out: Vec<(Row, Vec<RowError>)> = Vec::new();
    for r in &report.rejected {
        let Some(row) = read.row(r.number) else { continue };
        let error = RowError { row: r.number, column: read.column_of(r.field), value: r.value.clone(), reason: r.reason.clone() };
        match out.last_mut() {
            Some((last, errors)) if last.number == r.number => errors.push(error),
            _ => out.push((row.clone(), vec![error])),
        }
    }
    out
}

fn verb(report: &RegisterReport) -> &'static str {
    if report.dry_run {
        "checked (dry run, nothing stored)"
    } else {
        "stored"
    }
}

fn json_report<T>(args: &RegisterArgs, read: &ReadFile<T>, report: &RegisterReport, rejected: usize, seconds: f64) -> serde_json::Value {
    let unassigned: Vec<usize> = report.unassigned().map(|r| r.number).collect();
    serde_json::json!({
        "register": report.register.as_str(),
        "file": args.file.label(),
        "read_as": read.describe(),
        "rows": read.rows(),
        "dry_run": report.dry_run,
        "stored": report.created.len(),
        "first_id": report.created.first(),
        "last_id": report.created.last(),
        "accepted": read.rows() - rejected,
        "rejected": rejected,
        "unassigned": unassigned.len(),
        "unassigned_rows": unassigned,
        "unassigned_rule": report.register.why_unassigned_is_refused(),
        "placed_by_coordinates": report.placed_by_coordinates,
        "placed_by_house_code": report.placed_by_house_code,
        "placed_by_address": report.placed_by_address,
        "placed_through_person": report.placed_through_person,
        "micro_grids": report.by_micro_grid,
        "follow_ups": report.follow_ups,
        "follow_ups_past_skipped": report.follow_ups_past_skipped,
        "seconds": seconds,
        "rows_per_second": read.rows() as f64 / seconds.max(1e-9),
    })
}

fn text_report<T>(args: &RegisterArgs, read: &ReadFile<T>, report: &RegisterReport, rejected: usize, seconds: f64) -> String {
    let mut out = String::new();
    let register = report.register.as_str();
    let count = if report.dry_run { read.rows() - rejected } else { report.created.len() };
    let _ = writeln!(out, "{register}: {count} of {} rows {} from {} ({})", read.rows(), verb(report), args.file.label(), read.describe());
    if let (Some(first), Some(last)) = (report.created.first(), report.created.last()) {
        let _ = writeln!(out, "  ids                      {first}–{last}");
    }
    for (label, n) in [
        ("placed by coordinates", report.placed_by_coordinates),
        ("placed by house code", report.placed_by_house_code),
        ("placed by address", report.placed_by_address),
        ("placed through person", report.placed_through_person),
    ] {
        if n > 0 {
            let _ = writeln!(out, "  {label:<24} {n}");
        }
    }
    let _ = writeln!(out, "  micro-grids              {}", report.by_micro_grid.len());
    if report.register == Register::Isolations {
        let _ = writeln!(out, "  follow-up slots          {}", report.follow_ups);
        if report.follow_ups_past_skipped > 0 {
            let _ = writeln!(
                out,
                "  slots before the import  {} not generated (--past-follow-ups to add them, overdue)",
                report.follow_ups_past_skipped
            );
        }
    }
    let unassigned: Vec<String> = report.unassigned().map(|r| r.number.to_string()).collect();
    let _ = write!(out, "  unassigned, refused      {}", unassigned.len());
    if !unassigned.is_empty() {
        let shown = unassigned.iter().take(20).cloned().collect::<Vec<_>>().join(", ");
        let more = if unassigned.len() > 20 { ", ..." } else { "" };
        let _ = write!(out, " (rows {shown}{more}: {})", report.register.why_unassigned_is_refused());
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "  refused rows in all      {rejected}");
    let _ = writeln!(out, "  time                     {seconds:.2} s ({:.0} rows/s)", read.rows() as f64 / seconds.max(1e-9));
    out
}
