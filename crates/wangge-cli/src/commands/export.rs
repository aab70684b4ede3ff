//! `wangge export houses|people|isolations|follow-ups|enterprises|tickets --db DB --out FILE.xlsx|FILE.csv [--node CODE]`
//!
//! The rows of one register within the caller's scope (under `--node`, or the scope's root),
//! with Chinese headers. CSV is UTF-8 with a byte-order mark, so Excel opens Chinese text
//! correctly; XLSX is one worksheet named after the register. Wall screens are refused.
//! Progress goes to stderr.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use wangge_api as api;
use wangge_engine::Clock;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Register {
    Houses,
    People,
    Isolations,
    FollowUps,
    Enterprises,
    Tickets,
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

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format = match args.out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        _ => anyhow::bail!("--out: {} must end in .csv or .xlsx", args.out.display()),
    };
    let register = match args.register {
        Register::Houses => api::ExportRegister::Houses,
        Register::People => api::ExportRegister::People,
        Register::Isolations => api::ExportRegister::Isolations,
        Register::FollowUps => api::ExportRegister::FollowUps,
        Register::Enterprises => api::ExportRegister::Enterprises,
        Register::Tickets => api::ExportRegister::Tickets,
    };
    let clock = Clock::from_env()?;
    let engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let table = engine.export_register(&scope, register, args.node.as_deref(), clock.now(), &mut |p| {
        if p.total >= 10_000 {
            eprintln!("{}: {}/{}", p.stage, p.done, p.total);
        }
    })?;
    match format {
        Format::Csv => write_csv(&table, &args.out)?,
        Format::Xlsx => write_xlsx(&table, &args.out)?,
    }
    eprintln!(
        "wrote {} {} rows under {} {} to {}",
        table.rows.len(),
        register.as_str(),
        table.node.code,
        table.node.name,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
fn csv_field(field: &str) -> std::borrow::Cow<'_, str> {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\"")).into()
    } else {
        field.into()
    }
}

fn write_csv(table: &api::ExportTable, path: &Path) -> anyhow::Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    out.write_all("\u{feff}".as_bytes())?;
    for row in std::iter::once(&table.headers).chain(&table.rows) {
        let line: Vec<_> = row.iter().map(|f| csv_field(f)).collect();
        out.write_all(line.join(",").as_bytes())?;
        out.write_all(b"\r\n")?;
    }
    out.flush().with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn write_xlsx(table: &api::ExportTable, path: &Path) -> anyhow::Result<()> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(table.register.label_zh())?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, header) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, header, &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, field) in row.iter().enumerate() {
            // Everything as text: ID numbers and codes must not turn into numbers.
            sheet.write_string(r as u32 + 1, c as u16, field)?;
        }
        if (r + 1) % 50_000 == 0 {
            eprintln!("writing {}: {}/{}", path.display(), r + 1, table.rows.len());
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save(path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
