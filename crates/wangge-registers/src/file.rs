//! Reading one register or hotline file as every front end does (`wangge import …`, the
//! desktop's import dialog): the bytes opened as CSV/TSV or XLSX, the columns mapped from the
//! header and corrected by a saved mapping file, every row read into `T` with the good rows
//! and the refused ones kept apart. The caller applies the import policy once the engine has
//! had its say too, so one report lists every problem.

use std::collections::HashSet;
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::{
    open_table, parse_rows, FromRow, ImportPolicy, MappedTable, MappingError, MappingFile, Row, RowError, SourceError, SourceFormat,
    SourceOptions, TextEncoding,
};

/// Which file, and how to read it.
#[derive(Debug, Clone, Default)]
pub struct FileRequest {
    pub path: PathBuf,
    /// `utf-8`, `gbk`, … for a CSV/TSV; `None`: detected.
    pub encoding: Option<String>,
    /// The worksheet of an XLSX workbook; `None`: the first.
    pub sheet: Option<String>,
    /// A saved mapping file (JSON: field → column, and value maps) correcting the mapping
    /// suggested from the header.
    pub mapping: Option<PathBuf>,
}

/// A file read into typed records; nothing stored yet.
#[derive(Debug)]
pub struct ReadFile<T> {
    pub mapped: MappedTable,
    /// Every good row's record with the row's number (the line or sheet row it starts on).
    pub records: Vec<(usize, T)>,
    /// The rows refused while reading, with every error found in each.
    pub rejected: Vec<(Row, Vec<RowError>)>,
    /// The mapping file, when one was given: its value maps are the importing step's.
    pub mapping_file: Option<MappingFile>,
    /// What of the request did not apply to this file (a sheet named for a CSV, …).
    pub ignored: Vec<String>,
}

/// Why a file could not be read at all (a row's problem is a [`RowError`] instead).
#[derive(Debug)]
pub enum FileError {
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    UnknownEncoding(String),
    Source(SourceError),
    MappingFile {
        path: PathBuf,
        message: String,
    },
    /// Required fields found no column: the file's columns are listed by the error.
    Mapping(MappingError),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Unreadable { path, error } => write!(f, "读取 {} 失败：{error}", path.display()),
            FileError::UnknownEncoding(name) => write!(f, "无法识别的编码“{name}”（请用 utf-8 或 gbk）"),
            FileError::Source(error) => write!(f, "{error}"),
            FileError::MappingFile { path, message } => write!(f, "列对应文件 {}：{message}", path.display()),
            FileError::Mapping(error) => {
                let MappingError::MissingColumns { missing, .. } = error;
                let field = missing.first().map_or_else(String::new, |m| m.field.clone());
                write!(f, "{error}\n未导入任何内容；请用列对应文件指明各列，例如 {{\"{field}\": \"<列名>\"}}")
            }
        }
    }
}

impl std::error::Error for FileError {}

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
        crate::mapping::column_of(&self.mapped, field)
    }

    /// `columns: id ← "Unique Key", created_at ← "Created Date", ...; unmapped: lon, lat`
    pub fn mapping_line(&self, fields: &[&str]) -> String {
        let mut used = Vec::new();
        let mut unmapped = Vec::new();
        for field in fields {
            match self.mapped.fields.get(*field) {
                Some((_, column)) => used.push(format!("{field} ← {column:?}")),
                None => unmapped.push(*field),
            }
        }
        let mut line = format!("{}: columns: {}", self.mapped.file, used.join(", "));
        if !unmapped.is_empty() {
            let _ = write!(line, "; unmapped: {}", unmapped.join(", "));
        }
        line
    }
}

/// Reads a saved mapping file. Unknown field names and value maps are refused, so a typo
/// does not silently leave a field to the suggestion.
pub fn read_mapping_file<T: FromRow>(path: &Path) -> Result<MappingFile, FileError> {
    let refused = |message: String| FileError::MappingFile { path: path.to_owned(), message };
    let text = std::fs::read_to_string(path).map_err(|e| refused(e.to_string()))?;
    let saved = MappingFile::parse(&text).map_err(refused)?;
    saved.check(T::FIELDS, T::VALUE_MAPS).map_err(refused)?;
    Ok(saved)
}

/// Opens the file, maps its columns and reads every row into `T`.
pub fn read_file<T: FromRow>(request: &FileRequest) -> Result<ReadFile<T>, FileError> {
    let path = &request.path;
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| FileError::Unreadable { path: path.clone(), error })?;
    let encoding = request
        .encoding
        .as_deref()
        .filter(|name| !name.trim().is_empty() && *name != "auto")
        .map(|name| TextEncoding::from_label(name).ok_or_else(|| FileError::UnknownEncoding(name.to_owned())))
        .transpose()?;
    let sheet = request.sheet.clone().filter(|s| !s.trim().is_empty());
    let options = SourceOptions { encoding, sheet: sheet.clone(), ..SourceOptions::default() };
    let table = open_table(&bytes, &label, &options).map_err(FileError::Source)?;
    let mut ignored = Vec::new();
    if sheet.is_some() && table.format != SourceFormat::Xlsx {
        ignored.push(format!("未使用指定的工作表：{label} 是 {}，不是 XLSX 工作簿", table.format));
    }
    if encoding.is_some() && table.format == SourceFormat::Xlsx {
        ignored.push(format!("未使用指定的编码：{label} 是 XLSX 工作簿"));
    }
    let mut mapping = T::suggest_mapping(&table.header);
    let mapping_file = request.mapping.as_deref().map(read_mapping_file::<T>).transpose()?;
    if let Some(saved) = &mapping_file {
        saved.overlay(&mut mapping);
    }
    let mapped = mapping.apply(&table).map_err(FileError::Mapping)?;
    // Every row is read whatever the policy: it is applied once the engine has had its say.
    // Good rows only never refuses the whole file; all or nothing would, with every row.
    let outcome = parse_rows::<T>(&mapped, ImportPolicy::GoodRowsOnly)
        .unwrap_or_else(|refusal| crate::ImportOutcome { accepted: Vec::new(), rejected: refusal.rejected });
    let refused: HashSet<usize> = outcome.rejected.iter().map(|(row, _)| row.number).collect();
    let numbers = mapped.rows.iter().map(|r| r.number).filter(|n| !refused.contains(n));
    let records = numbers.zip(outcome.accepted).collect();
    Ok(ReadFile { mapped, records, rejected: outcome.rejected, mapping_file, ignored })
}
