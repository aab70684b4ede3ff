//! Writing a table for a spreadsheet: what `wangge export …` and the desktop's 导出 buttons
//! hand to a person. CSV is UTF-8 with a byte-order mark and CRLF records (RFC 4180), so Excel
//! opens Chinese text correctly; XLSX is one worksheet of strings under bold headers.
//!
//! Both are inert. A CSV cell that a spreadsheet would take for a formula (`=`, `+`, `-`,
//! `@`, tab, CR first: OWASP's CSV injection) gets a leading `'`, which the spreadsheet shows
//! as text and hides; a plain negative number is left alone, as it cannot be a formula and a
//! quote would spoil it for every program reading the file as data. XLSX cells are strings,
//! which are never evaluated. An XLSX cell longer than Excel allows would make the whole
//! workbook unwritable, so it is cut to fit with a marker and returned as a [`CutCell`] for the
//! caller to name: the export still holds the record, and its reader sees where it is cut.

use std::borrow::Cow;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The two formats a table is written in, by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    Xlsx,
}

impl TableFormat {
    /// By the extension (`.csv`, `.xlsx`, any case); `None` for anything else.
    pub fn of(path: &Path) -> Option<TableFormat> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("csv") => Some(TableFormat::Csv),
            Some("xlsx") => Some(TableFormat::Xlsx),
            _ => None,
        }
    }
}

/// A table to write: the worksheet's name (XLSX), the header row and the rows.
#[derive(Debug, Clone, Copy)]
pub struct TableOut<'a> {
    pub sheet: &'a str,
    pub headers: &'a [String],
    pub rows: &'a [Vec<String>],
}

/// An XLSX cell cut to Excel's limit: the row's first cell (its number), the column's header
/// and the text's length in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutCell {
    pub row_id: String,
    pub header: String,
    pub chars: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: 扩展名须为 .csv 或 .xlsx", .0.display())]
    Format(PathBuf),
    #[error("写入 {} 失败：{source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("写入 {} 失败：{message}", path.display())]
    Xlsx { path: PathBuf, message: String },
}

impl WriteError {
    /// Why the table was not written, in a seat's language (`Display` is the Chinese).
    pub fn message_in(&self, language: wangge_domain::Language) -> String {
        match self {
            WriteError::Format(path) => {
                say!(language, "{}: 扩展名须为 .csv 或 .xlsx", "{}: the extension must be .csv or .xlsx", path.display())
            }
            WriteError::Io { path, source } => say!(language, "写入 {} 失败：{source}", "Writing {} failed: {source}", path.display()),
            WriteError::Xlsx { path, message } => say!(language, "写入 {} 失败：{message}", "Writing {} failed: {message}", path.display()),
        }
    }
}

/// Writes `table` to `path` as its extension says, calling `progress(rows written, rows)` as
/// it goes (every 1,000 rows and at the end). Returns the XLSX cells cut to fit.
pub fn write_table(path: &Path, table: TableOut<'_>, progress: &mut dyn FnMut(u64, u64)) -> Result<Vec<CutCell>, WriteError> {
    match TableFormat::of(path).ok_or_else(|| WriteError::Format(path.to_path_buf()))? {
        TableFormat::Csv => {
            write_csv(path, table).map_err(|source| WriteError::Io { path: path.to_path_buf(), source })?;
            let total = table.rows.len() as u64;
            progress(total, total);
            Ok(Vec::new())
        }
        TableFormat::Xlsx => {
            write_xlsx(path, table, progress).map_err(|error| WriteError::Xlsx { path: path.to_path_buf(), message: error.to_string() })
        }
    }
}

/// A CSV cell as a spreadsheet must receive it: see the module's doc.
pub fn inert_csv_cell(field: &str) -> Cow<'_, str> {
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

fn write_csv(path: &Path, table: TableOut<'_>) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    for row in std::iter::once(table.headers).chain(table.rows.iter().map(Vec::as_slice)) {
        writer.write_record(row.iter().map(|f| inert_csv_cell(f).into_owned()))?;
    }
    writer.flush()
}

/// Excel's most characters in one cell.
const XLSX_CELL_MAX: usize = 32_767;

/// The cell, cut to Excel's limit with a marker saying how long the text was; `None` when it
/// fits. Counted in UTF-16 units (Excel's measure), so a character outside the BMP counts
/// twice and the cut never overshoots.
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

fn write_xlsx(path: &Path, table: TableOut<'_>, progress: &mut dyn FnMut(u64, u64)) -> Result<Vec<CutCell>, rust_xlsxwriter::XlsxError> {
    let total = table.rows.len() as u64;
    let mut cut = Vec::new();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(table.sheet)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, header) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, header, &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, field) in row.iter().enumerate() {
            // Everything as text: ID numbers and codes must not turn into numbers.
            let fitted = fit_xlsx_cell(field);
            if fitted.is_some() {
                cut.push(CutCell {
                    row_id: row.first().cloned().unwrap_or_default(),
                    header: table.headers.get(c).cloned().unwrap_or_default(),
                    chars: field.chars().count(),
                });
            }
            sheet.write_string(r as u32 + 1, c as u16, fitted.as_deref().unwrap_or(field))?;
        }
        if (r + 1) % 1_000 == 0 {
            progress(r as u64 + 1, total);
        }
    }
    progress(total, total);
    sheet.set_freeze_panes(1, 0)?;
    workbook.save(path)?;
    Ok(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_quoted_and_negative_numbers_are_not() {
        for risky in ["=1+1", "+86 138", "-x", "@SUM(A1)", "\tA", "\rB", "-", "-1e5", "--1"] {
            assert_eq!(inert_csv_cell(risky), format!("'{risky}"), "{risky:?}");
        }
        for plain in ["-12", "-3.5", "张三", "330402", ""] {
            assert_eq!(inert_csv_cell(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn a_cell_over_excels_limit_is_cut_to_fit_with_its_length_said() {
        let long = "长".repeat(XLSX_CELL_MAX + 5);
        let cut = fit_xlsx_cell(&long).expect("too long to fit");
        assert!(cut.encode_utf16().count() <= XLSX_CELL_MAX);
        assert!(cut.ends_with(&format!("原文 {} 字，全文见 CSV 导出〕", XLSX_CELL_MAX + 5)));
        assert_eq!(fit_xlsx_cell(&"长".repeat(XLSX_CELL_MAX)), None);
        // A character outside the BMP takes two units, so the cut never overshoots.
        assert!(fit_xlsx_cell(&"𠀀".repeat(XLSX_CELL_MAX)).is_some_and(|c| c.encode_utf16().count() <= XLSX_CELL_MAX));
    }

    #[test]
    fn both_formats_are_written_and_read_back_and_another_extension_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let headers = vec!["区域".to_string(), "备注".to_string()];
        let rows = vec![vec!["南湖区".to_string(), "=HYPERLINK(\"x\")".to_string()], vec!["新兴街道".to_string(), "-7".to_string()]];
        let table = TableOut { sheet: "排查汇总", headers: &headers, rows: &rows };
        let mut seen = Vec::new();

        let csv = dir.path().join("t.csv");
        write_table(&csv, table, &mut |done, total| seen.push((done, total))).expect("csv written");
        let text = std::fs::read_to_string(&csv).expect("csv read");
        assert_eq!(text, "\u{feff}区域,备注\r\n南湖区,\"'=HYPERLINK(\"\"x\"\")\"\r\n新兴街道,-7\r\n");

        let xlsx = dir.path().join("t.XLSX");
        let cut = write_table(&xlsx, table, &mut |done, total| seen.push((done, total))).expect("xlsx written");
        assert!(cut.is_empty());
        let bytes = std::fs::read(&xlsx).expect("xlsx read");
        let read = crate::source::open_table(&bytes, "t.XLSX", &crate::source::SourceOptions::default()).expect("xlsx read back");
        assert_eq!(read.sheet.as_deref(), Some("排查汇总"));
        assert_eq!(read.header, headers);
        assert_eq!(read.rows.iter().map(|r| r.cells.clone()).collect::<Vec<_>>(), rows);
        assert_eq!(seen, vec![(2, 2), (2, 2)]);

        let other = dir.path().join("t.txt");
        assert!(matches!(write_table(&other, table, &mut |_, _| {}), Err(WriteError::Format(_))));
        assert!(!other.exists());
    }
}
