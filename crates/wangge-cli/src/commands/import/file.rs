//! What every import shares: the file and how to read it, the column mapping (suggested from
//! the header, corrected by a saved mapping file), the rows refused and the report of them.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use wangge_registers::{
    open_table, parse_rows, rejected_rows_csv, FromRow, ImportPolicy, MappedTable, MappingFile, Row, RowError, SourceFormat, SourceOptions,
    TextEncoding,
};

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

/// A file read into typed records; nothing stored yet.
pub struct ReadFile<T> {
    pub mapped: MappedTable,
    /// Every good row's record with the row's number (the line or sheet row it starts on).
    pub records: Vec<(usize, T)>,
    /// The rows refused while reading, with every error found in each.
    pub rejected: Vec<(Row, Vec<RowError>)>,
}

impl<T> ReadFile<T> {
    /// Data rows in the file (blank rows aside).
    pub fn rows(&self) -> usize {
        self.mapped.rows.len()
    }

    /// What was read, for the summary line: format, encoding, sheet.
    pub fn describe(&self) -> String {
        let mut text = self.mapped.format.to_string();
        if let Some(encoding) = self.mapped.encoding {
            let _ = write!(text, ", {encoding}");
        }
        if let Some(sheet) = &self.mapped.sheet {
            let _ = write!(text, ", sheet {sheet:?}");
        }
        text
    }

    /// The row with this number, as read.
    pub fn row(&self, number: usize) -> Option<&Row> {
        // Rows are in file order with ascending numbers.
        self.mapped.rows.binary_search_by_key(&number, |r| r.number).ok().map(|i| &self.mapped.rows[i])
    }

    /// The file's column name for a target field (the field name itself when unmapped).
    pub fn column_of(&self, field: &str) -> String {
        self.mapped.fields.get(field).map_or_else(|| field.to_owned(), |(_, column)| column.clone())
    }
}

/// Opens the file, maps its columns and reads every row into `T`, keeping the good rows and
/// the refused ones apart (the caller applies the policy). The mapping used is a note (`-v`).
pub fn read<T: FromRow>(args: &FileArgs) -> anyhow::Result<ReadFile<T>> {
    let label = args.label();
    let bytes = std::fs::read(&args.file).with_context(|| format!("reading {label}"))?;
    let encoding = args
        .encoding
        .as_deref()
        .map(|name| TextEncoding::from_label(name).with_context(|| format!("--encoding: unknown encoding {name:?} (use utf-8 or gbk)")))
        .transpose()?;
    let options = SourceOptions { encoding, sheet: args.sheet.clone(), ..SourceOptions::default() };
    let table = open_table(&bytes, &label, &options)?;
    if args.sheet.is_some() && table.format != SourceFormat::Xlsx {
        tracing::warn!("--sheet is ignored: {label} is {}, not an XLSX workbook", table.format);
    }
    if args.encoding.is_some() && table.format == SourceFormat::Xlsx {
        tracing::warn!("--encoding is ignored: {label} is an XLSX workbook");
    }
    let mut mapping = T::suggest_mapping(&table.header);
    if let Some(path) = &args.mapping {
        mapping_file::<T>(path)?.overlay(&mut mapping);
    }
    let mapped = mapping.apply(&table).map_err(|err| {
        anyhow::anyhow!(
            "{err}\nnothing was imported; name the columns with --mapping FILE, e.g. {{\"{}\": \"<column>\"}}",
            first_missing(&err)
        )
    })?;
    tracing::info!("{}", mapping_line(&mapped, T::FIELDS.iter().map(|f| f.name)));
    // Always read every row: the policy is applied once the engine has had its say too.
    let outcome = parse_rows::<T>(&mapped, ImportPolicy::GoodRowsOnly).map_err(|e| anyhow::anyhow!("{e}"))?;
    let refused: std::collections::HashSet<usize> = outcome.rejected.iter().map(|(row, _)| row.number).collect();
    let numbers = mapped.rows.iter().map(|r| r.number).filter(|n| !refused.contains(n));
    let records = numbers.zip(outcome.accepted).collect();
    Ok(ReadFile { mapped, records, rejected: outcome.rejected })
}

fn first_missing(err: &wangge_registers::MappingError) -> String {
    let wangge_registers::MappingError::MissingColumns { missing, .. } = err;
    missing.first().map_or_else(String::new, |m| m.field.clone())
}

/// Reads a saved mapping file (see [`MappingFile`]). Unknown field names and value maps are
/// refused, so a typo does not silently leave a field to the suggestion.
pub fn mapping_file<T: FromRow>(path: &Path) -> anyhow::Result<MappingFile> {
    let label = path.display();
    let text = std::fs::read_to_string(path).with_context(|| format!("--mapping: reading {label}"))?;
    let saved = MappingFile::parse(&text).map_err(|e| anyhow::anyhow!("--mapping: {label}: {e}"))?;
    saved.check(T::FIELDS, T::VALUE_MAPS).map_err(|e| anyhow::anyhow!("--mapping: {label}: {e}"))?;
    Ok(saved)
}

/// `columns: id ← "Unique Key", created_at ← "Created Date", ...; unmapped: lon, lat`
fn mapping_line<'a>(mapped: &MappedTable, fields: impl Iterator<Item = &'a str>) -> String {
    let mut used = Vec::new();
    let mut unmapped = Vec::new();
    for field in fields {
        match mapped.fields.get(field) {
            Some((_, column)) => used.push(format!("{field} ← {column:?}")),
            None => unmapped.push(field),
        }
    }
    let mut line = format!("{}: columns: {}", mapped.file, used.join(", "));
    if !unmapped.is_empty() {
        let _ = write!(line, "; unmapped: {}", unmapped.join(", "));
    }
    line
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
            tracing::info!(target: REPORT, "{} refused row(s) written to {}", rejected.len(), out.display());
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
    let mut text = format!("{}: {} of {rows} rows have errors; nothing was imported:\n", args.label(), rejected.len());
    text.push_str(&error_lines(rejected));
    match &args.rejected {
        Some(out) => {
            let _ = write!(text, "the refused rows are in {}; fix them, or import the good rows with --good-rows", out.display());
        }
        None => text.push_str("list the refused rows with --rejected OUT.csv, or import the good rows with --good-rows"),
    }
    text
}
