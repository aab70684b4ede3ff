//! Reading typed fields out of one mapped row, collecting every problem instead of stopping
//! at the first, so a person fixes a row once. The reasons are worded in the reader's
//! language (the importing seat's; Chinese for the command line).

use serde::Serialize;
use wangge_domain::Language;

use super::datetime::LocalDateTime;
use crate::mapping::MappedTable;
use crate::source::{Row, SourceFormat};

/// One problem in one cell, as a person needs it to find and fix the cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based line (CSV) or row (XLSX) number.
    pub row: usize,
    /// The source column's header name (what the person sees), not the target field name.
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(Language::Chinese))
    }
}

impl RowError {
    /// The error in one line, naming the row, the column and the value (`Display` is the
    /// Chinese).
    pub fn message_in(&self, language: Language) -> String {
        let (row, column, value, reason) = (self.row, &self.column, &self.value, &self.reason);
        if value.is_empty() {
            say!(language, "第 {row} 行，“{column}”列：{reason}", "Row {row}, column \"{column}\": {reason}")
        } else {
            say!(
                language,
                "第 {row} 行，“{column}”列，值“{value}”：{reason}",
                "Row {row}, column \"{column}\", value \"{value}\": {reason}"
            )
        }
    }
}

/// Access to one row's fields by target field name; parsing problems are recorded here.
pub struct RowReader<'a> {
    table: &'a MappedTable,
    row: &'a Row,
    errors: Vec<RowError>,
    language: Language,
}

impl<'a> RowReader<'a> {
    pub(super) fn new(table: &'a MappedTable, row: &'a Row, language: Language) -> Self {
        RowReader { table, row, errors: Vec::new(), language }
    }

    /// The language the row's errors are worded in.
    pub fn language(&self) -> Language {
        self.language
    }

    pub(super) fn into_errors(self) -> Vec<RowError> {
        self.errors
    }

    pub fn row_number(&self) -> usize {
        self.row.number
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The trimmed cell of `field`; `None` if the field is not mapped. A missing trailing
    /// cell reads as empty.
    pub fn raw(&self, field: &str) -> Option<&'a str> {
        let (index, _) = self.table.fields.get(field)?;
        Some(self.row.cells.get(*index).map_or("", |c| c.trim()))
    }

    fn column(&self, field: &str) -> String {
        crate::mapping::column_of_in(self.table, field, self.language)
    }

    /// Records a problem with `field` in this row; for checks specific to a record type.
    pub fn error(&mut self, field: &str, value: &str, reason: impl Into<String>) {
        let column = self.column(field);
        self.errors.push(RowError { row: self.row.number, column, value: value.to_owned(), reason: reason.into() });
    }

    /// Optional text: empty when unmapped or blank.
    pub fn text(&self, field: &str) -> String {
        self.raw(field).unwrap_or("").to_owned()
    }

    /// Text that must not be blank.
    pub fn required_text(&mut self, field: &str) -> Option<String> {
        match self.raw(field) {
            Some(value) if !value.is_empty() => Some(value.to_owned()),
            _ => {
                self.error(field, "", self.language.pick("此项必填", "Required"));
                None
            }
        }
    }

    /// An optional number: blank → `Ok(None)`; text that is not a number is an error.
    pub fn optional_f64(&mut self, field: &str) -> Option<f64> {
        let value = self.raw(field).filter(|v| !v.is_empty())?;
        match value.parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => {
                self.error(field, value, self.language.pick("不是数字", "Not a number"));
                None
            }
        }
    }

    /// A date-time; blank is an error only when `required`. In XLSX a plain number is read as
    /// an Excel serial date (a date cell that lost its date format).
    pub fn datetime(&mut self, field: &str, required: bool) -> Option<LocalDateTime> {
        let value = self.raw(field).unwrap_or("");
        if value.is_empty() {
            if required {
                self.error(field, "", self.language.pick("日期必填", "A date is required"));
            }
            return None;
        }
        if self.table.format == SourceFormat::Xlsx {
            if let Ok(serial) = value.parse::<f64>() {
                return match LocalDateTime::from_excel_serial(serial) {
                    Some(dt) => Some(dt),
                    None => {
                        let reason = self.language.pick(
                            "此处的数字按 Excel 日期读取，但超出了日期范围",
                            "This number is read as an Excel date, but it is out of the range of dates",
                        );
                        self.error(field, value, reason);
                        None
                    }
                };
            }
        }
        match LocalDateTime::parse_for(value, self.table.date_order, self.language) {
            Ok(dt) => Some(dt),
            Err(reason) => {
                self.error(field, value, reason);
                None
            }
        }
    }

    /// Longitude/latitude in WGS84 degrees. Both blank → `None` (the record will be
    /// unassigned, never dropped); one without the other, or out of range, is an error.
    pub fn coordinates(&mut self, lon_field: &str, lat_field: &str) -> Option<(f64, f64)> {
        let before = self.errors.len();
        let lon = self.optional_f64(lon_field);
        let lat = self.optional_f64(lat_field);
        if self.errors.len() > before {
            return None;
        }
        match (lon, lat) {
            (None, None) => None,
            (Some(lon), Some(lat)) => {
                let mut ok = true;
                if !(-180.0..=180.0).contains(&lon) {
                    self.error(
                        lon_field,
                        &lon.to_string(),
                        self.language.pick("经度应在 -180 到 180 之间", "Longitude must be between -180 and 180"),
                    );
                    ok = false;
                }
                if !(-90.0..=90.0).contains(&lat) {
                    self.error(
                        lat_field,
                        &lat.to_string(),
                        self.language.pick("纬度应在 -90 到 90 之间", "Latitude must be between -90 and 90"),
                    );
                    ok = false;
                }
                ok.then_some((lon, lat))
            }
            (Some(_), None) => {
                self.error(lat_field, "", self.language.pick("填了经度，缺少纬度", "A longitude without a latitude"));
                None
            }
            (None, Some(_)) => {
                self.error(lon_field, "", self.language.pick("填了纬度，缺少经度", "A latitude without a longitude"));
                None
            }
        }
    }
}
