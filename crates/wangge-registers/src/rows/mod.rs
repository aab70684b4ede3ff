//! Typed rows from a mapped table: every row either becomes a record or is rejected with
//! the reasons, per [`ImportPolicy`], worded in the language asked for ([`parse_rows_in`]).

mod datetime;
mod reader;

use std::collections::HashMap;

use wangge_domain::Language;

pub use datetime::{DateOrder, LocalDateTime, ACCEPTED_FORMATS};
pub use reader::{RowError, RowReader};

use crate::mapping::{ColumnMapping, FieldSpec, MappedTable};
use crate::source::Row;

/// A record type that can be read from a register row.
pub trait FromRow: Sized {
    /// The fields the record reads, for mapping suggestions and required-field checks.
    const FIELDS: &'static [FieldSpec];
    /// A field whose value must be unique within one file (a register's own id), if any.
    const KEY_FIELD: Option<&'static str> = None;
    /// Value maps a mapping file may carry for this record type: (the map's name, the field
    /// whose source values it translates), e.g. `("statuses", "status")`.
    const VALUE_MAPS: &'static [(&'static str, &'static str)] = &[];

    /// Reads the record; problems go to `row` (return `None` or anything: a row with
    /// recorded errors is rejected either way).
    fn from_row(row: &mut RowReader<'_>) -> Option<Self>;

    /// A mapping suggested from the header names.
    fn suggest_mapping(header: &[String]) -> ColumnMapping {
        ColumnMapping::suggest(header, Self::FIELDS)
    }
}

/// What to do when some rows are bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImportPolicy {
    /// Any bad row refuses the whole file (the default: never half an import).
    #[default]
    AllOrNothing,
    /// Import the good rows; the bad ones are returned for the error report.
    GoodRowsOnly,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportOutcome<T> {
    pub accepted: Vec<T>,
    pub rejected: Vec<(Row, Vec<RowError>)>,
}

/// The refusal of an all-or-nothing import, with every error found.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message_in(Language::Chinese))]
pub struct ImportRejected {
    pub file: String,
    pub rows_total: usize,
    pub rows_rejected: usize,
    pub errors: Vec<RowError>,
    /// The bad rows themselves, for the same report GoodRowsOnly would give.
    pub rejected: Vec<(Row, Vec<RowError>)>,
}

impl ImportRejected {
    /// The refusal with its first error (`Display` is the Chinese).
    pub fn message_in(&self, language: Language) -> String {
        let (file, total, rejected) = (&self.file, self.rows_total, self.rows_rejected);
        let first = self.errors.first().map(|e| e.message_in(language)).unwrap_or_default();
        say!(
            language,
            "{file}：{total} 行中有 {rejected} 行有错误，未导入任何内容；第一处：{first}",
            "{file}: {rejected} of {total} rows have errors; nothing was imported. The first: {first}"
        )
    }
}

/// Parses every row of `mapped` into `T`, the errors in Chinese.
pub fn parse_rows<T: FromRow>(mapped: &MappedTable, policy: ImportPolicy) -> Result<ImportOutcome<T>, ImportRejected> {
    parse_rows_in(mapped, policy, Language::Chinese)
}

/// Parses every row of `mapped` into `T`, the errors worded in `language`.
pub fn parse_rows_in<T: FromRow>(
    mapped: &MappedTable,
    policy: ImportPolicy,
    language: Language,
) -> Result<ImportOutcome<T>, ImportRejected> {
    let mut accepted = Vec::with_capacity(mapped.rows.len());
    let mut rejected = Vec::new();
    // Key value → row number of its first occurrence.
    let mut keys: HashMap<&str, usize> = HashMap::new();
    for row in &mapped.rows {
        if !row.problems.is_empty() {
            rejected.push((row.clone(), crate::source::row_errors(&mapped.header, row, language)));
            continue;
        }
        let shape = shape_errors(mapped, row, language);
        if !shape.is_empty() {
            // Columns are probably shifted in a ragged row; reading fields from it would
            // only add misleading errors.
            rejected.push((row.clone(), shape));
            continue;
        }
        let mut reader = RowReader::new(mapped, row, language);
        let record = T::from_row(&mut reader);
        if let (Some(field), Some(_)) = (T::KEY_FIELD, &record) {
            if let Some(key) = reader.raw(field).filter(|k| !k.is_empty()) {
                if let Some(first) = keys.get(key) {
                    reader.error(
                        field,
                        key,
                        say!(language, "重复：第 {first} 行已有相同的值", "Duplicate: row {first} has the same value"),
                    );
                } else if !reader.has_errors() {
                    keys.insert(key, row.number);
                }
            }
        }
        let errors = reader.into_errors();
        match record {
            Some(record) if errors.is_empty() => accepted.push(record),
            _ => {
                let errors = if errors.is_empty() {
                    let reason = language.pick("该行无法读取", "The row cannot be read").to_owned();
                    vec![RowError { row: row.number, column: String::new(), value: String::new(), reason }]
                } else {
                    errors
                };
                rejected.push((row.clone(), errors));
            }
        }
    }
    if policy == ImportPolicy::AllOrNothing && !rejected.is_empty() {
        return Err(ImportRejected {
            file: mapped.file.clone(),
            rows_total: mapped.rows.len(),
            rows_rejected: rejected.len(),
            errors: rejected.iter().flat_map(|(_, e)| e.iter().cloned()).collect(),
            rejected,
        });
    }
    Ok(ImportOutcome { accepted, rejected })
}

/// A row with more cells than the header has names, or fewer, is reported on its first
/// surplus or missing cell.
fn shape_errors(mapped: &MappedTable, row: &Row, language: Language) -> Vec<RowError> {
    let width = mapped.header.len();
    let count = row.cells.len();
    if count > width {
        vec![RowError {
            row: row.number,
            column: crate::source::unnamed_column(width, language),
            value: row.cells[width].clone(),
            reason: say!(
                language,
                "该行有 {count} 个单元格，表头只有 {width} 列",
                "The row has {count} cells; the header has only {width} columns"
            ),
        }]
    } else if count < width {
        vec![RowError {
            row: row.number,
            column: mapped.header[count].clone(),
            value: String::new(),
            reason: say!(
                language,
                "该行只有 {count} 个单元格，表头有 {width} 列",
                "The row has only {count} cells; the header has {width} columns"
            ),
        }]
    } else {
        Vec::new()
    }
}
