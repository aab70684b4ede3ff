//! `wangge export houses|people|isolations|follow-ups|enterprises|tickets --db DB --out FILE.xlsx|FILE.csv [--node CODE]`
//!
//! The rows of one register within the caller's scope (under `--node`, or the scope's root),
//! with Chinese headers. CSV is UTF-8 with a byte-order mark, so Excel opens Chinese text
//! correctly; XLSX is one worksheet named after the register. Wall screens are refused.
//! Progress goes to stderr (a bar, and a line per stage of 10,000 rows or more). Exports
//! are inert: a CSV cell that a spreadsheet would take for a formula is prefixed with `'`,
//! XLSX cells are strings, and an XLSX cell longer than Excel allows is cut to fit with a
//! marker and named in a warning, never a failed export.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use wangge_api as api;
use wangge_engine::Clock;

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

enum Format {
    Csv,
    Xlsx,
}

fn format_of(out: &Path) -> anyhow::Result<Format> {
    match out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("csv") => Ok(Format::Csv),
        Some("xlsx") => Ok(Format::Xlsx),
        _ => anyhow::bail!("--out: {} must end in .csv or .xlsx", out.display()),
    }
}

/// Writes a table as `out`'s extension says (CSV with BOM or XLSX): the exports' writers for
/// other commands' tables (`wangge task progress --out`).
pub(crate) fn write_table(table: &api::ExportTable, out: &Path) -> anyhow::Result<()> {
    let format = format_of(out)?;
    let mut stages = Stages::new().logged_from(LOGGED_FROM_ROWS);
    match format {
        Format::Csv => write_csv(table, out)?,
        Format::Xlsx => write_xlsx(table, out, &mut stages)?,
    }
    stages.finish();
    Ok(())
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format = format_of(&args.out)?;
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
    match format {
        Format::Csv => write_csv(&table, &args.out)?,
        Format::Xlsx => write_xlsx(&table, &args.out, &mut stages)?,
    }
    stages.finish();
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

/// A cell as a spreadsheet must receive it: one starting with `=`, `+`, `-`, `@`, tab or CR
/// is a formula (or becomes one) when Excel or LibreOffice opens the CSV, so it gets a
/// leading `'` (OWASP, CSV injection), which the spreadsheet shows as text and hides. A
/// plain negative number (`-12`, `-3.5`) is left alone: it cannot be a formula, and a quote
/// would spoil it for every program that reads the file as data.
fn inert_csv_cell(field: &str) -> std::borrow::Cow<'_, str> {
    let risky = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_negative_number(field) {
        format!("'{field}").into()
    } else {
        field.into()
    }
}

fn is_plain_negative_number(field: &str) -> bool {
    let Some(digits) = field.strip_prefix('-') else { return false };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

fn write_csv(table: &api::ExportTable, path: &Path) -> anyhow::Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    out.write_all("\u{feff}".as_bytes())?;
    // CRLF records and quoting where needed (RFC 4180), as Excel expects.
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    for row in std::iter::once(&table.headers).chain(&table.rows) {
        writer.write_record(row.iter().map(|f| inert_csv_cell(f).into_owned()))?;
    }
    writer.flush().with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// Excel's most characters in one cell. Longer text makes the whole workbook unwritable,
/// so such a cell is cut to fit, marked, and named on stderr: the export still holds the
/// record, and whoever reads it sees that the cell is incomplete and where to find all of it.
const XLSX_CELL_MAX: usize = 32_767;

/// The cell, cut to Excel's limit with a marker saying how long the text was; `None` when
/// it fits. Counted in UTF-16 units (Excel's measure), so a character outside the BMP
/// counts twice and the cut never overshoots.
fn fit_xlsx_cell(field: &str) -> Option<String> {
    let units = field.encode_utf16().count();
    if units <= XLSX_CELL_MAX {
        return None;
    }
    let marker = format!("…〔已截断：原文 {} 字，全文见 CSV 导出〕", field.chars().count());
    let room = XLSX_CELL_MAX - marker.encode_utf16().count();
    let mut used = 0;
    let end = field
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(field.len(), |(i, _)| i);
    Some(format!("{}{marker}", &field[..end]))
}

fn write_xlsx(table: &api::ExportTable, path: &Path, stages: &mut Stages) -> anyhow::Result<()> {
    let stage = format!("writing {}", path.display());
    let total = table.rows.len() as u64;
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(table.register.label_zh())?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, header) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, header, &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, field) in row.iter().enumerate() {
            // Everything as text: ID numbers and codes must not turn into numbers, and a
            // string cell is never evaluated, so `=…` stays inert without a quote.
            let fitted = fit_xlsx_cell(field);
            if fitted.is_some() {
                let header = table.headers.get(c).map_or("?", String::as_str);
                let id = row.first().map_or("?", String::as_str);
                tracing::warn!(
                    "{}: {} 编号 {id}, column {header}: {} characters, more than Excel's {XLSX_CELL_MAX} per cell; \
                     cut to fit and marked 已截断 (the CSV export keeps it whole)",
                    path.display(),
                    table.register.as_str(),
                    field.chars().count()
                );
            }
            sheet.write_string(r as u32 + 1, c as u16, fitted.as_deref().unwrap_or(field))?;
        }
        if (r + 1) % 1_000 == 0 {
            stages.set(&stage, r as u64 + 1, total);
        }
    }
    stages.set(&stage, total, total);
    sheet.set_freeze_panes(1, 0)?;
    workbook.save(path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
