//! `wangge import tickets FILE --db DB [--sheet NAME] [--encoding utf-8|gbk] [--mapping FILE]
//! [--good-rows] [--rejected OUT.csv] [--source SOURCE] [--utc-offset ±HH:MM] [--json]`:
//! a hotline export (12345, 311, a grid system's events) becomes tickets in one transaction,
//! all rows or none. The mapping file may also translate category and status values
//! (`"categories"`, `"statuses"`); the engine does the translating, this only passes them on.

use std::fmt::Write as _;
use std::process::ExitCode;

use wangge_domain::time::WallClock;
use wangge_domain::TicketSource;
use wangge_engine::intake::{HotlineImportOptions, HotlineImportReport, HotlineRow};
use wangge_engine::Clock;
use wangge_registers::{ImportPolicy, Row, RowError, ServiceRequestRow};

use super::file::{self, FileArgs, ReadFile};
use crate::progress::Stages;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    file: FileArgs,
    /// The channel the tickets came through: hotline_12345, mini_program,
    /// grid_member_report or enterprise_demand.
    #[arg(long, value_parser = parse_source, default_value = "hotline_12345")]
    source: TicketSource,
    /// Read the file's times at this fixed offset from UTC, for a file made outside China
    /// (-05:00: New York in winter). Without it they are China's times (Asia/Shanghai).
    #[arg(long, value_name = "±HH:MM", value_parser = parse_offset, allow_hyphen_values = true)]
    utc_offset: Option<i64>,
    /// Print the report as one JSON object.
    #[arg(long)]
    json: bool,
}

fn parse_source(text: &str) -> Result<TicketSource, String> {
    TicketSource::parse(text).ok_or_else(|| {
        let names: Vec<&str> = TicketSource::ALL.iter().map(|s| s.as_str()).collect();
        format!("unknown source {text:?}; one of: {}", names.join(", "))
    })
}

/// `+08:00`, `-05:00`, `+0530`, `8`, `-5` → seconds east of UTC.
fn parse_offset(text: &str) -> Result<i64, String> {
    let bad = || format!("{text:?} is not an offset from UTC such as +08:00 or -05:00");
    let trimmed = text.trim();
    let (sign, rest) = match trimmed.as_bytes().first() {
        Some(b'-') => (-1, &trimmed[1..]),
        Some(b'+') => (1, &trimmed[1..]),
        _ => (1, trimmed),
    };
    let (hours, minutes) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let hours: i64 = hours.parse().map_err(|_| bad())?;
    let minutes: i64 = minutes.parse().map_err(|_| bad())?;
    if !(0..=14).contains(&hours) || !(0..60).contains(&minutes) {
        return Err(bad());
    }
    Ok(sign * (hours * 3600 + minutes * 60))
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    let policy = args.file.policy();
    let started = std::time::Instant::now();
    let read = file::read::<ServiceRequestRow>(&args.file)?;
    let read_secs = started.elapsed().as_secs_f64();
    let mut options = HotlineImportOptions {
        policy,
        wall_clock: args.utc_offset.map_or(WallClock::DistrictZone, WallClock::FixedOffset),
        ..HotlineImportOptions::new(args.source)
    };
    if let (Some(saved), Some(path)) = (&read.mapping_file, &args.file.mapping) {
        options.apply_mapping_file(saved, &read.mapped).map_err(|e| anyhow::anyhow!("--mapping: {}: {e}", path.display()))?;
    }
    if let Some(decided_by) = &read.mapped.date_order_decided_by {
        tracing::warn!("{}：a/b/YYYY 形式的日期按日/月/年读取，依据是{decided_by}", args.file.label());
    }
    if policy == ImportPolicy::AllOrNothing && !read.rejected.is_empty() {
        // Refused before the database is even opened: nothing can have been written.
        file::write_rejected(&args.file, &read.mapped.header, &read.rejected)?;
        anyhow::bail!(file::refusal(&args.file, read.rows(), &read.rejected));
    }

    let started = std::time::Instant::now();
    let mut engine = crate::open::engine(&args.file.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let open_secs = started.elapsed().as_secs_f64();
    let rows: Vec<HotlineRow> =
        read.records.iter().map(|(number, request)| HotlineRow { number: *number, request: request.clone() }).collect();
    let mut stages = Stages::new();
    let report = engine.import_hotline(&scope, rows, &options, clock.now(), &mut |progress| stages.update(&progress)).await?;
    stages.finish();
    let import_secs = started.elapsed().as_secs_f64() - open_secs;

    let refused_here = engine_refusals(&read, &report);
    let rejected = file::merge(read.rejected.clone(), refused_here);
    file::write_rejected(&args.file, &read.mapped.header, &rejected)?;
    if policy == ImportPolicy::AllOrNothing && !rejected.is_empty() {
        anyhow::bail!(file::refusal(&args.file, read.rows(), &rejected));
    }
    if !rejected.is_empty() {
        tracing::warn!(
            "{}: {} row(s) refused, the others imported:\n{}",
            args.file.label(),
            rejected.len(),
            file::error_lines(&rejected).trim_end()
        );
    }
    tracing::info!(
        "read {} rows in {read_secs:.2} s, loaded the district in {open_secs:.2} s, placed and stored {} tickets in \
         {import_secs:.2} s ({:.0} rows/s)",
        read.rows(),
        report.created.len(),
        read.rows() as f64 / import_secs.max(1e-9)
    );
    let text = if args.json {
        serde_json::to_string_pretty(&json_report(&args, &read, &report, rejected.len()))? + "\n"
    } else {
        text_report(&args, &read, &report, rejected.len())
    };
    crate::commands::print(&text)
}

/// The engine's refusals (already imported, dated after now) as the reader's row errors,
/// naming the file's column rather than the field.
fn engine_refusals(read: &ReadFile<ServiceRequestRow>, report: &HotlineImportReport) -> Vec<(Row, Vec<RowError>)> {
    report
        .rejected
        .iter()
        .filter_map(|r| {
            let row = read.row(r.number)?.clone();
            let error = RowError { row: r.number, column: read.column_of(r.field), value: r.value.clone(), reason: r.reason.clone() };
            Some((row, vec![error]))
        })
        .collect()
}

fn json_report(args: &Args, read: &ReadFile<ServiceRequestRow>, report: &HotlineImportReport, rejected: usize) -> serde_json::Value {
    serde_json::json!({
        "file": args.file.label(),
        "read_as": read.describe(),
        "source": args.source.as_str(),
        "rows": read.rows(),
        "imported": report.created.len(),
        "rejected": rejected,
        "ticket_ids": report.created,
        "placed_by_point": report.placed_by_point,
        "placed_by_address": report.placed_by_address,
        "unassigned": report.unassigned,
        "unassigned_without_location": report.unassigned_without_location,
        "unassigned_outside": report.unassigned_outside,
        "unassigned_in_gaps": report.unassigned_in_gaps,
        "categories": report.categories,
        "unknown_category_rows": report.unknown_category_rows(),
        "unknown_categories": report.unknown_categories,
        "statuses": report.statuses,
        "unknown_status_rows": report.unknown_status_rows(),
        "unknown_statuses": report.unknown_statuses,
        "status_times_assumed": report.status_times_assumed,
        "date_order": read.mapped.date_order,
    })
}

fn text_report(args: &Args, read: &ReadFile<ServiceRequestRow>, report: &HotlineImportReport, rejected: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "imported {} tickets from {} ({}; {} rows) as {}",
        report.created.len(),
        args.file.label(),
        read.describe(),
        read.rows(),
        args.source.as_str()
    );
    if let (Some(first), Some(last)) = (report.created.first(), report.created.last()) {
        let _ = writeln!(out, "  ticket ids               {first}–{last}");
    }
    let _ = writeln!(out, "  placed by coordinates    {}", report.placed_by_point);
    let _ = writeln!(out, "  placed by address        {}", report.placed_by_address);
    let _ = writeln!(
        out,
        "  unassigned (triage)      {} ({} without a known location, {} outside the district, {} inside it in gaps between boundaries)",
        report.unassigned,
        report.unassigned_without_location,
        report.unassigned_outside,
        report.unassigned_in_gap_rows()
    );
    if !report.unassigned_in_gaps.is_empty() {
        let _ = writeln!(out, "  in gaps, by area         {}", most_common(&report.unassigned_in_gaps));
    }
    let categories: Vec<String> = report.categories.iter().map(|(c, n)| format!("{c} {n}")).collect();
    let _ = writeln!(out, "  categories               {}", categories.join(" · "));
    if !report.unknown_categories.is_empty() {
        let _ = writeln!(
            out,
            "  unknown categories       {} rows filed as consultation: {}",
            report.unknown_category_rows(),
            most_common(&report.unknown_categories)
        );
    }
    let statuses: Vec<String> = report.statuses.iter().map(|(s, n)| format!("{s} {n}")).collect();
    let _ = writeln!(out, "  statuses                 {}", statuses.join(" · "));
    if !report.unknown_statuses.is_empty() {
        let _ = writeln!(
            out,
            "  unknown statuses         {} rows went by their own times: {}",
            report.unknown_status_rows(),
            most_common(&report.unknown_statuses)
        );
    }
    if report.status_times_assumed > 0 {
        let _ = writeln!(
            out,
            "  status times assumed     {} rows (a status with no time of its own took the row's latest earlier time)",
            report.status_times_assumed
        );
    }
    let _ = writeln!(out, "  refused rows             {rejected}");
    out
}

/// `"市容环境" 12, "其他" 3, and 4 more`: the ten most frequent texts first.
fn most_common(counts: &std::collections::BTreeMap<String, usize>) -> String {
    let (shown, others) = wangge_engine::intake::most_common(counts);
    let listed: Vec<String> = shown.iter().map(|(text, n)| format!("{text:?} {n}")).collect();
    let more = if others > 0 { format!(", and {others} more") } else { String::new() };
    format!("{}{more}", listed.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_parse() {
        assert_eq!(parse_offset("+08:00"), Ok(8 * 3600));
        assert_eq!(parse_offset("-05:00"), Ok(-5 * 3600));
        assert_eq!(parse_offset("+0530"), Ok(5 * 3600 + 30 * 60));
        assert_eq!(parse_offset("8"), Ok(8 * 3600));
        assert_eq!(parse_offset("-5"), Ok(-5 * 3600));
        assert!(parse_offset("CST").is_err());
        assert!(parse_offset("+25:00").is_err());
    }
}
