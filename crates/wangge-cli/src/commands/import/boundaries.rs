//! `wangge import boundaries FILE --level LEVEL [--parent CODE] --db DB [options]`: a GeoJSON
//! file of boundaries (FeatureCollection, bare Feature array, Feature or geometry; Polygon or
//! MultiPolygon, holes, either winding; WGS84 or GCJ-02) into the hierarchy.
//!
//! The file is read and checked before anything is written, and the topology report printed:
//! invalid rings, self-intersections, children outside their parent, overlaps and gaps between
//! siblings (with areas and locations), codes not under their parent, and features that cannot
//! be placed. Then the user's choice decides:
//!
//! - errors: refused, exit 1, nothing written;
//! - warnings: cancelled (exit 3, nothing written) unless `--accept-warnings`; `--fix` first
//!   applies the fixes that need no judgement (closing rings, dropping repeated positions and
//!   degenerate rings, rebuilding self-intersecting figures, clipping fringes outside the
//!   parent) and checks again — what it cannot fix (overlaps, gaps) still needs acceptance;
//! - otherwise every change is committed in one transaction through the change log.
//!
//! Codes that exist get a new figure from `--valid-from` (default: today), the old one kept as
//! a version; `--retire-missing` retires the covered parents' children the file leaves out.
//! See `wangge_engine::boundaries` for the rules. `--report OUT.json` writes the report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use serde_json::{json, Value};
use wangge_domain::{Level, MicroGridKind, Timestamp};
use wangge_engine::boundaries::geoimport::{self, CoordSystem, PropertyMapping, ReadOptions};
use wangge_engine::boundaries::{BoundaryOptions, BoundaryPlan, ParentFromCode};
use wangge_engine::boundary_file::{import_boundary_file, BoundaryFileRequest, BoundaryOutcome};
use wangge_engine::{Clock, Engine};

use crate::output::REPORT;
use crate::progress::Counter;

/// Exit status of an import refused for errors.
const REFUSED: u8 = 1;
/// Exit status of an import cancelled because warnings were not accepted.
const CANCELLED: u8 = 3;

#[derive(clap::Args)]
pub struct Args {
    /// The GeoJSON file (UTF-8).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The level of the file's features.
    #[arg(long, value_enum)]
    level: LevelArg,
    /// The parent of every feature (default: each feature's parent property; streets: the district).
    #[arg(long, value_name = "CODE")]
    parent: Option<String>,
    /// SQLite file, or a postgres:// URL.
    #[arg(long, value_name = "DB")]
    db: String,
    /// The datum of the file's coordinates; gcj02 (Amap, Tencent, DataV) is converted to WGS84.
    #[arg(long, value_enum, default_value_t = Crs::Wgs84)]
    crs: Crs,
    /// The property holding each feature's code (a dotted path reaches into objects).
    #[arg(long, value_name = "PROPERTY", default_value = "code")]
    code_field: String,
    /// The property holding each feature's name, e.g. 名称.
    #[arg(long, value_name = "PROPERTY", default_value = "name")]
    name_field: String,
    /// The property holding each feature's parent code, e.g. parent.adcode; empty: none.
    #[arg(long, value_name = "PROPERTY", default_value = "parent")]
    parent_field: String,
    /// The property holding a micro-grid's kind (stairwell, building, street_segment,
    /// work_unit, enterprise, villager_group).
    #[arg(long, value_name = "PROPERTY", default_value = "kind")]
    kind_field: String,
    /// The kind of new micro-grids whose feature does not state one.
    #[arg(long, value_name = "KIND")]
    micro_kind: Option<String>,
    /// When the new figures take effect, a local date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    valid_from: Option<String>,
    /// Import despite warnings (each is printed first).
    #[arg(long)]
    accept_warnings: bool,
    /// Apply the fixes that need no judgement, then check again.
    #[arg(long)]
    fix: bool,
    /// Retire the current children of the parents the file covers that it does not name.
    #[arg(long)]
    retire_missing: bool,
    /// Give features without a code the next free code under their parent.
    #[arg(long)]
    auto_code: bool,
    /// For a database without a district: create it from this file's streets, with this name.
    #[arg(long, value_name = "NAME")]
    district_name: Option<String>,
    /// For a database without a district: the code of the district this file's streets make
    /// up (any code, e.g. 330402 or HZ-GS).
    #[arg(long, value_name = "CODE")]
    district_code: Option<String>,
    /// Find each feature's parent from its code: `prefix` (the longest code one level up that
    /// starts it, with or without a separator) or `regex:PATTERN` (its first group is the
    /// parent's code). Without a parent property and --parent, the prefix rule is tried anyway.
    #[arg(long, value_name = "RULE")]
    parent_from_code: Option<String>,
    /// Refuse features that share a code instead of merging them into one area.
    #[arg(long)]
    strict_codes: bool,
    /// Overlaps, gaps and outside pieces smaller than this are ignored, in m².
    #[arg(long, value_name = "M2", default_value_t = geoimport::check::DEFAULT_AREA_TOLERANCE_M2)]
    tolerance: f64,
    /// Also write the report (findings, problems, fixes, outcome) to this JSON file.
    #[arg(long, value_name = "OUT.json")]
    report: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LevelArg {
    Street,
    Community,
    Grid,
    #[value(name = "micro_grid", alias = "micro-grid")]
    MicroGrid,
}

impl LevelArg {
    fn level(self) -> Level {
        match self {
            LevelArg::Street => Level::Street,
            LevelArg::Community => Level::Community,
            LevelArg::Grid => Level::Grid,
            LevelArg::MicroGrid => Level::MicroGrid,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Crs {
    Wgs84,
    Gcj02,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !(args.tolerance >= 0.0 && args.tolerance.is_finite()) {
        anyhow::bail!("--tolerance must be a number of m², 0 or more, got {}", args.tolerance);
    }
    let micro_kind = args
        .micro_kind
        .as_deref()
        .map(|k| MicroGridKind::parse(k).ok_or_else(|| anyhow::anyhow!("--micro-kind: unknown kind {k:?} ({})", kinds())))
        .transpose()?;
    let parent_from_code = args.parent_from_code.as_deref().map(ParentFromCode::parse).transpose().map_err(anyhow::Error::msg)?;
    let clock = Clock::from_env()?;
    let now = clock.now();
    let valid_from = match &args.valid_from {
        Some(text) => parse_date(text).with_context(|| format!("--valid-from {text:?}"))?,
        None => now.local_day_start(),
    };
    let level = args.level.level();
    let label = args.file.display().to_string();
    let request = BoundaryFileRequest {
        path: args.file.clone(),
        read: ReadOptions {
            mapping: PropertyMapping {
                code: args.code_field.clone(),
                name: args.name_field.clone(),
                parent: (!args.parent_field.is_empty()).then(|| args.parent_field.clone()),
                kind: (level == Level::MicroGrid && !args.kind_field.is_empty()).then(|| args.kind_field.clone()),
            },
            coords: match args.crs {
                Crs::Wgs84 => CoordSystem::Wgs84,
                Crs::Gcj02 => CoordSystem::Gcj02,
            },
        },
        options: BoundaryOptions {
            parent: args.parent.clone(),
            retire_missing: args.retire_missing,
            fix: args.fix,
            auto_code: args.auto_code,
            district_name: args.district_name.clone(),
            district_code: args.district_code.clone(),
            micro_kind,
            area_tolerance_m2: args.tolerance,
            parent_from_code,
            strict_codes: args.strict_codes,
            ..BoundaryOptions::new(level, valid_from)
        },
        accept_warnings: args.accept_warnings,
    };

    let store = crate::open::store(&args.db).await?;
    let mut engine = if store.has_district().await? { Some(Engine::open(store.clone(), now).await?) } else { None };
    let scope = match &engine {
        Some(engine) => Some(engine.scope_from_env()?),
        None => None,
    };
    let engine_and_scope = engine.as_mut().zip(scope.as_ref());
    // The engine reports no progress here; a spinner at least shows the work goes on.
    let working = Counter::new(format!("{label}: reading, checking and storing"), None);
    let done = import_boundary_file(&store, engine_and_scope, &account(), &request, now).await?;
    drop(working);

    if let Some(err) = &done.read_error {
        tracing::error!("{err}");
        tracing::error!(target: REPORT, "refused: {label} cannot be read as boundaries; nothing was written");
        write_report(args.report.as_deref(), json!({"file": label, "outcome": "refused", "read_error": err}))?;
        return Ok(ExitCode::from(REFUSED));
    }
    let planned = done.plan.as_ref().expect("a file that was read has a plan");
    let mut out = format!("{label}: {} feature(s) at level {}, valid from {}\n", done.features, level.as_str(), date(valid_from));
    if done.rewound_rings > 0 {
        out.push_str(&format!("note\trewound {} ring(s) to RFC 7946 winding (exteriors counter-clockwise)\n", done.rewound_rings));
    }
    if matches!(args.crs, Crs::Gcj02) {
        out.push_str("note\tcoordinates converted from GCJ-02 to WGS84\n");
    }
    for note in &planned.notes {
        out.push_str(&format!("note\t{note}\n"));
    }
    out.push_str(&report_lines(planned));
    print!("{out}");
    let (errors, warnings) = (planned.errors(), planned.warnings());
    match done.outcome {
        BoundaryOutcome::Refused => tracing::error!(target: REPORT, "refused: {errors} error(s); nothing was written"),
        BoundaryOutcome::Cancelled if args.fix => tracing::error!(
            target: REPORT,
            "cancelled: {warnings} warnings remain after --fix; re-run with --accept-warnings to import them as they are; nothing was written"
        ),
        BoundaryOutcome::Cancelled => {
            tracing::error!(target: REPORT, "cancelled: {warnings} warnings; re-run with --accept-warnings or --fix; nothing was written")
        }
        BoundaryOutcome::Unchanged => println!("nothing to import: every feature is already stored as it is"),
        BoundaryOutcome::Imported => {
            let s = &planned.summary;
            let mut line = format!("imported {label}:");
            if let Some(district) = &s.district {
                line.push_str(&format!(" district {district} created;"));
            }
            line.push_str(&format!(
                " {} created, {} redrawn (old figures kept), {} unchanged, {} retired; valid from {}",
                s.created.len(),
                s.redrawn.len(),
                s.unchanged.len(),
                s.retired.len(),
                date(valid_from)
            ));
            let moves = &planned.moves;
            if moves.moved() > 0 || moves.placed_from_triage > 0 {
                line.push_str(&format!(
                    "; records moved into the new areas: {} houses, {} isolations, {} tickets, {} screening items; {} tickets placed from triage",
                    moves.houses, moves.isolations, moves.tickets, moves.task_items, moves.placed_from_triage
                ));
            }
            if let (Some(first), Some(last)) = (done.seqs.first(), done.seqs.last()) {
                line.push_str(&format!("; change-log seq {first}..{last}"));
            }
            println!("{line}");
            for (kind, n) in &moves.stayed {
                println!("note\t{n} {kind} record(s) stay with the divided area: nothing locates them in one of its parts");
            }
        }
    }
    write_report(args.report.as_deref(), serde_json::to_value(&done)?)?;
    Ok(match done.outcome {
        BoundaryOutcome::Refused => ExitCode::from(REFUSED),
        BoundaryOutcome::Cancelled => ExitCode::from(CANCELLED),
        _ => ExitCode::SUCCESS,
    })
}

/// One line per finding, problem and fix: severity, kind, message (which names the feature,
/// and the area and location where there are some).
fn report_lines(plan: &BoundaryPlan) -> String {
    let mut out = String::new();
    for problem in &plan.problems {
        out.push_str(&format!("error\tplacement\t{}\n", problem.message));
    }
    for finding in &plan.report.findings {
        let severity = match finding.severity {
            geoimport::Severity::Error => "error",
            geoimport::Severity::Warning => "warning",
        };
        let kind = serde_json::to_value(&finding.kind)
            .ok()
            .and_then(|v| v.get("kind").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_default();
        out.push_str(&format!("{severity}\t{kind}\t{}\n", finding.message));
    }
    for fix in &plan.fixes {
        out.push_str(&format!("fixed\t{fix}\n"));
    }
    let (e, w) = (plan.errors(), plan.warnings());
    out.push_str(&format!("report: {e} error(s), {w} warning(s), {} fix(es)\n", plan.fixes.len()));
    out
}

fn write_report(path: Option<&Path>, report: Value) -> anyhow::Result<()> {
    if let Some(path) = path {
        let text = serde_json::to_string_pretty(&report)?;
        std::fs::write(path, text).with_context(|| format!("writing the report to {}", path.display()))?;
    }
    Ok(())
}

fn kinds() -> String {
    MicroGridKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
}

/// The start (local midnight in China) of a `YYYY-MM-DD` date; jiff refuses what is no date
/// (`2026-02-30`) and says why.
fn parse_date(text: &str) -> anyhow::Result<Timestamp> {
    let date =
        jiff::civil::Date::strptime("%Y-%m-%d", text.trim()).map_err(|err| anyhow::anyhow!("expected a date as YYYY-MM-DD: {err}"))?;
    Ok(Timestamp::at_local(date.to_datetime(jiff::civil::Time::midnight())))
}

/// The local date of an instant, as `--valid-from` takes it.
fn date(at: Timestamp) -> String {
    at.local().date().strftime("%Y-%m-%d").to_string()
}

/// Who the change log names for the first import, before there is a district to scope.
fn account() -> String {
    std::env::var("WANGGE_ACCOUNT").or_else(|_| std::env::var("USER")).unwrap_or_else(|_| "local".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_from_date_is_its_local_midnight() {
        assert_eq!(parse_date("2026-03-01").unwrap(), Timestamp::from_local(2026, 3, 1, 0, 0));
        assert_eq!(parse_date(" 2024-02-29 ").unwrap(), Timestamp::from_local(2024, 2, 29, 0, 0), "a leap day");
        assert_eq!(date(parse_date("2026-12-31").unwrap()), "2026-12-31");
    }

    #[test]
    fn what_is_no_date_is_refused_with_the_reason() {
        for text in ["2026-02-30", "2025-02-29", "2026-13-01", "2026/03/01", "2026-03-01T08:00", "tomorrow", ""] {
            let err = parse_date(text).expect_err(text).to_string();
            assert!(err.starts_with("expected a date as YYYY-MM-DD: "), "{text}: {err}");
        }
    }
}
