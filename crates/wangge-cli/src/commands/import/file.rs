//! What every import shares: the file and how to read it, the column mapping (suggested from
//! the header, corrected by a saved mapping file), the rows refused and the report of them.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use wangge_registers::{read_file, rejected_rows_csv, FileError, FileRequest, FromRow, ImportPolicy, Row, RowError};

pub use wangge_registers::ReadFile;

use crate::output::REPORT;

/// How many errors a refusal lists on the terminal; `--rejected` has them all.
const ERRORS_SHOWN: usize = 20;

#[derive(clap::Args)]
pub struct FileArgs {
    /// The file: CSV or TSV (UTF-8, UTF-8 with BOM, or GBK/GB18030), or an XLSX workbook.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// SQLite file, or a postgres:// URL.
    #[arg(long, value_name = "DB")]
    pub db: String,
    /// The worksheet to read (XLSX; default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The text encoding of a CSV/TSV: utf-8 or gbk (also gb18030, utf-8-bom). Default:
    /// detected; a stated encoding that would garble the file is refused.
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<String>,
    /// A JSON column mapping, field → column, saved per source: either
    /// {"category": "诉求类型", ...} or {"columns": {...}, "required": [...]}. It corrects the
    /// mapping suggested from the header names; fields it leaves out keep the suggestion.
    /// Tickets also take value maps: {"categories": {"市容环境": "complaint"}, "statuses": {...}}.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// Store the good rows and report the others, instead of refusing the whole file.
    #[arg(long)]
    pub good_rows: bool,
    /// Write the refused rows, as they were and with their errors, to this CSV (UTF-8
    /// with BOM, for Excel), so they can be fixed and imported again.
    #[arg(long, value_name = "OUT.csv")]
    pub rejected: Option<PathBuf>,
}

impl FileArgs {
    pub fn policy(&self) -> ImportPolicy {
        if self.good_rows {
            ImportPolicy::GoodRowsOnly
        } else {
            ImportPolicy::AllOrNothing
        }
    }

    /// The file's name as every message shows it.
    pub fn label(&self) -> String {
        self.file.display().to_string()
    }
}

/// Opens the file, maps its columns and reads every row into `T` (`wangge_registers::read_file`,
/// as the desktop's import dialog does), keeping the good rows and the refused ones apart (the
/// caller applies the policy). The mapping used is a note (`-v`).
pub fn read<T: FromRow>(args: &FileArgs) -> anyhow::Result<ReadFile<T>> {
    let request =
        FileRequest { path: args.file.clone(), encoding: args.encoding.clone(), sheet: args.sheet.clone(), mapping: args.mapping.clone() };
    let read = read_file::<T>(&request).map_err(|err| match err {
        FileError::UnknownEncoding(name) => anyhow::anyhow!("--encoding: unknown encoding {name:?} (use utf-8 or gbk)"),
        FileError::MappingFile { path, message } => anyhow::anyhow!("--mapping: {}: {message}", path.display()),
        other => anyhow::anyhow!("{other}"),
    })?;
    for note in &read.ignored {
        tracing::warn!("{note}");
    }
    let fields: Vec<&str> = T::FIELDS.iter().map(|f| f.name).collect();
    tracing::info!("{}", read.mapping_line(&fields));
    Ok(read)
}

/// Every refused row in file order, merging the reader's refusals with later ones (one row
/// may be refused by both; its errors are then joined).
pub fn merge(mut rejected: Vec<(Row, Vec<RowError>)>, more: Vec<(Row, Vec<RowError>)>) -> Vec<(Row, Vec<RowError>)> {
    let mut at: HashMap<usize, usize> = rejected.iter().enumerate().map(|(i, (row, _))| (row.number, i)).collect();
    for (row, errors) in more {
        match at.get(&row.number) {
            Some(&i) => rejected[i].1.extend(errors),
            None => {
                at.insert(row.number, rejected.len());
                rejected.push((row, errors));
            }
        }
    }
    rejected.sort_by_key(|(row, _)| row.number);
    rejected
}

/// Writes the rejected-rows report when `--rejected` asks for it (also when no row was
/// refused: the file then has its header only, which a script can rely on).
pub fn write_rejected(args: &FileArgs, header: &[String], rejected: &[(Row, Vec<RowError>)]) -> anyhow::Result<()> {
    if let Some(out) = &args.rejected {
        std::fs::write(out, rejected_rows_csv(header, rejected)).with_context(|| format!("--rejected: writing {}", out.display()))?;
        if !rejected.is_empty() {
            tracing::info!(target: REPORT, "已把 {} 个被拒的行写入 {}", rejected.len(), out.display());
        }
    }
    Ok(())
}

/// The errors of the refused rows, one per line, at most [`ERRORS_SHOWN`].
pub fn error_lines(rejected: &[(Row, Vec<RowError>)]) -> String {
    let errors: Vec<&RowError> = rejected.iter().flat_map(|(_, errors)| errors).collect();
    let mut text = String::new();
    for error in errors.iter().take(ERRORS_SHOWN) {
        let _ = writeln!(text, "  {error}");
    }
    if errors.len() > ERRORS_SHOWN {
        let _ = writeln!(text, "  ... and {} more", errors.len() - ERRORS_SHOWN);
    }
    text
}

/// The message of an all-or-nothing refusal: the file, how many rows, every error (up to
/// a screenful) with row, column, value and reason, and what to do next.
pub fn refusal(args: &FileArgs, rows: usize, rejected: &[(Row, Vec<RowError>)]) -> String {
    let mut text = format!("{}：{rows} 行中有 {} 行有错误，未导入任何内容：\n", args.label(), rejected.len());
    text.push_str(&error_lines(rejected));
    match &args.rejected {
        Some(out) => {
            let _ = write!(text, "被拒的行已写入 {}：改正后再导入，或用 --good-rows 只导入正确的行", out.display());
        }
        None => text.push_str("用 --rejected OUT.csv 列出被拒的行，或用 --good-rows 只导入正确的行"),
    }
    text
}
