//! Opening a register file: bytes plus a file label in, one uniform [`Table`] out.
//!
//! CSV/TSV and XLSX end up in the same shape so that mapping and row parsing never care
//! where the data came from. Problems with the file as a whole (undecodable text, a broken
//! header) are [`SourceError`]s; problems with single rows are left for `rows` to report.
//! Their `Display` is the Chinese; `message_in` words them in a seat's language.

mod bounds;
mod cells;
mod delimited;
mod encoding;
mod header;
mod xlsx;

use std::fmt;

use wangge_domain::Language;

pub(crate) use bounds::row_errors;
pub use bounds::{MAX_CELL_CHARS, MAX_XLSX_CELLS, MAX_XLSX_COLUMNS, MAX_XLSX_UNCOMPRESSED_BYTES};
pub use encoding::TextEncoding;
pub use header::HeaderProblem;

/// One data row as a person sees it: `number` is the 1-based line (CSV, as shown in an
/// editor) or row (XLSX, as shown in Excel) where the row starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
    /// Cells that cannot be taken as values whatever the mapping (see `bounds`); the row
    /// is rejected with these as its errors.
    pub problems: Vec<CellProblem>,
}

/// A cell refused while reading the file: `column` is its 0-based position in the row,
/// `reason` completes "the cell …" (单元格…), `reason_en` "The cell …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    pub column: usize,
    pub reason: String,
    pub reason_en: String,
}

impl CellProblem {
    /// The problem in a seat's language, as a whole sentence about the cell.
    pub fn reason_in(&self, language: Language) -> String {
        match language {
            Language::Chinese => format!("单元格{}", self.reason),
            Language::English => format!("The cell {}", self.reason_en),
        }
    }
}

/// The uniform result of opening a register file.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The label the caller gave (usually the file name), repeated in every message.
    pub file: String,
    pub format: SourceFormat,
    /// The text encoding used to decode a CSV; `None` for XLSX (always Unicode inside).
    pub encoding: Option<TextEncoding>,
    /// The worksheet read, for XLSX.
    pub sheet: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// Rows with nothing in them (Excel leaves these behind); skipped, but counted so the
    /// totals a person sees add up.
    pub blank_rows_skipped: usize,
}

impl Table {
    /// The index of a header name, exact match.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

/// The kind of file. Stated by the caller or recognised from the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// Delimited text; the delimiter is sniffed unless stated.
    Delimited {
        delimiter: u8,
    },
    Xlsx,
}

/// What the caller knows about the file; everything left `None` is detected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceOptions {
    /// Force XLSX or delimited text. Default: XLSX if the bytes are a ZIP archive.
    pub xlsx: Option<bool>,
    /// Delimiter for CSV/TSV; default: sniffed among `,` `\t` `;` on the header line.
    pub delimiter: Option<u8>,
    /// Text encoding for CSV; default: detected.
    pub encoding: Option<TextEncoding>,
    /// Worksheet name for XLSX; default: the first sheet.
    pub sheet: Option<String>,
}

/// A problem with the file as a whole: nothing from it can be imported.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SourceError {
    #[error("{file}：文件是空的（没有表头行）")]
    Empty { file: String },
    #[error(
        "{file}：第 {line} 行不是有效的 {encoding} 文本（第 {byte_offset} 字节：{preview}）；\
         文件可能是别的编码"
    )]
    Encoding {
        file: String,
        encoding: String,
        line: usize,
        byte_offset: usize,
        /// The offending line decoded leniently, so a person can recognise it.
        preview: String,
    },
    #[error(
        "{file}：第 {line} 行是 {line_encoding} 文本，另有 {other_lines} 行（首个是第 {other_first} 行）\
         是 {other_encoding}：文件混用了编码，请用同一种编码重新保存"
    )]
    MixedEncoding {
        file: String,
        /// The first line that does not decode as the rest.
        line: usize,
        line_encoding: String,
        other_lines: usize,
        other_first: usize,
        other_encoding: String,
    },
    #[error("{file}：指定了 {encoding}，但文件是含中文等非 ASCII 字符的有效 UTF-8（首见于第 {line} 行）；按 {encoding} 读会变成乱码")]
    StatedEncodingContradicted { file: String, encoding: String, line: usize },
    #[error("{file}：无法识别的编码名“{label}”")]
    UnknownEncoding { file: String, label: String },
    #[error("{file}：{}", join_problems(.problems))]
    Header { file: String, problems: Vec<HeaderProblem> },
    #[error("{file}：没有名为“{sheet}”的工作表；工作簿中有：{}", .available.join("、"))]
    NoSuchSheet { file: String, sheet: String, available: Vec<String> },
    #[error("{file}：工作簿中没有工作表")]
    NoSheets { file: String },
    #[error("{file}：无法按 XLSX 读取：{message}")]
    Xlsx { file: String, message: String },
    #[error("{file}：无法按 CSV 读取：{message}")]
    Csv { file: String, message: String },
    /// Over one of the bounds of reading (see `bounds`); the message names the sheet and cell
    /// (`message` in Chinese, `message_en` in English).
    #[error("{file}：{message}")]
    Limit { file: String, message: String, message_en: String },
}

fn join_problems(problems: &[HeaderProblem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("；")
}

impl SourceError {
    /// The refusal in a seat's language (`Display` is the Chinese).
    pub fn message_in(&self, language: Language) -> String {
        if language == Language::Chinese {
            return self.to_string();
        }
        match self {
            SourceError::Empty { file } => format!("{file}: the file is empty (no header row)"),
            SourceError::Encoding { file, encoding, line, byte_offset, preview } => format!(
                "{file}: line {line} is not valid {encoding} text (byte {byte_offset}: {preview}); the file may be in another encoding"
            ),
            SourceError::MixedEncoding { file, line, line_encoding, other_lines, other_first, other_encoding } => format!(
                "{file}: line {line} is {line_encoding} text, but {other_lines} other lines (the first is line {other_first}) are \
                 {other_encoding}: the file mixes encodings; save it again in one encoding"
            ),
            SourceError::StatedEncodingContradicted { file, encoding, line } => format!(
                "{file}: {encoding} was stated, but the file is valid UTF-8 with non-ASCII text (first on line {line}); read as \
                 {encoding} it would be garbled"
            ),
            SourceError::UnknownEncoding { file, label } => format!("{file}: unknown encoding name \"{label}\""),
            SourceError::Header { file, problems } => {
                let problems: Vec<String> = problems.iter().map(|p| p.message_in(language)).collect();
                format!("{file}: {}", problems.join("; "))
            }
            SourceError::NoSuchSheet { file, sheet, available } => {
                format!("{file}: no worksheet named \"{sheet}\"; the workbook has: {}", available.join(", "))
            }
            SourceError::NoSheets { file } => format!("{file}: the workbook has no worksheets"),
            SourceError::Xlsx { file, message } => format!("{file}: cannot be read as XLSX: {message}"),
            SourceError::Csv { file, message } => format!("{file}: cannot be read as CSV: {message}"),
            SourceError::Limit { file, message_en, .. } => format!("{file}: {message_en}"),
        }
    }
}

/// A column beyond the header's last (`第 5 列（E 列，无表头）`), in a seat's language.
pub(crate) fn unnamed_column(col0: usize, language: Language) -> String {
    let (number, letters) = (col0 + 1, column_letters(col0));
    say!(language, "第 {number} 列（{letters} 列，无表头）", "column {number} ({letters}, no header)")
}

/// Opens a table from the bytes of a file. `file` is only a label for messages.
pub fn open_table(bytes: &[u8], file: &str, options: &SourceOptions) -> Result<Table, SourceError> {
    // A ZIP signature is how XLSX announces itself; relying on the bytes rather than the
    // extension copes with files renamed by mail clients.
    let is_xlsx = options.xlsx.unwrap_or_else(|| bytes.starts_with(b"PK\x03\x04"));
    let mut table = if is_xlsx {
        xlsx::read(bytes, file, options.sheet.as_deref())?
    } else {
        delimited::read(bytes, file, options.delimiter, options.encoding)?
    };
    bounds::check_cells(&mut table.rows);
    Ok(table)
}

/// A1-style name of a cell, 0-based row and column in, as Excel shows it.
pub fn cell_name(row0: usize, col0: usize) -> String {
    format!("{}{}", column_letters(col0), row0 + 1)
}

/// Excel column letters for a 0-based column index (0 → A, 26 → AA).
pub fn column_letters(col0: usize) -> String {
    let mut n = col0 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceFormat::Delimited { delimiter: b'\t' } => write!(f, "TSV"),
            SourceFormat::Delimited { delimiter } => write!(f, "CSV ({:?})", *delimiter as char),
            SourceFormat::Xlsx => write!(f, "XLSX"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(cell_name(0, 2), "C1");
    }
}
