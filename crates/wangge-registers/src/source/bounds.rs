//! The bounds a register file is read within, so that a broken or hostile file is refused
//! with a message naming the place, instead of exhausting memory or storing text no one can
//! use (a 1.5 KB XLSX with one cell at XFD1048576 once asked for 512 GiB; a 2 MB zip bomb
//! inflates to gigabytes).
//!
//! Whole-file bounds (decompressed size, sheet extent) are [`SourceError::Limit`]s; cell
//! bounds (length, control characters, a last line cut short) are [`CellProblem`]s on the
//! row, which `parse_rows` reports as row errors like any other bad value.

use std::io::{Cursor, Read};

use wangge_domain::Language;

use super::{unnamed_column, CellProblem, Row, SourceError};
use crate::rows::RowError;

/// Longest text a cell may hold, in characters. Addresses, names and even ticket
/// descriptions are far shorter; Excel itself stops at 32,767, and a longer text in the
/// store would make every later XLSX export covering it fail.
pub const MAX_CELL_CHARS: usize = 10_000;

/// Most bytes the parts of an XLSX may inflate to, together: 512 MiB, several times a
/// sheet of a million register rows.
pub const MAX_XLSX_UNCOMPRESSED_BYTES: u64 = 512 << 20;

/// Widest sheet read, counted from the first used column to the last: 1,000 columns.
pub const MAX_XLSX_COLUMNS: u32 = 1_000;

/// Most cells a sheet's used range may span (data rows × columns): 20 million, a register of
/// a million people with twenty columns.
pub const MAX_XLSX_CELLS: u64 = 20_000_000;

/// Shown for a refused cell instead of its text, so memory stays bounded.
const PREVIEW_CHARS: usize = 40;

/// Refuses an XLSX whose parts inflate past [`MAX_XLSX_UNCOMPRESSED_BYTES`]: first by the sizes
/// the archive declares, then by inflating every part into nothing, because declared sizes
/// can lie and the XLSX reader trusts them. Archives the zip reader cannot open are left to
/// the XLSX reader, which names what is wrong with them.
pub(super) fn check_zip(bytes: &[u8], file: &str) -> Result<(), SourceError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let too_large = |part: &str, size: u64| SourceError::Limit {
        file: file.to_owned(),
        message: format!(
            "工作簿解压后超过 {} MiB（到部件 {part} 已有 {} MiB）；\
             这不是可以读取的登记表（可能是压缩炸弹，或需要拆分的文件）",
            MAX_XLSX_UNCOMPRESSED_BYTES >> 20,
            size >> 20
        ),
        message_en: format!(
            "the workbook inflates past {} MiB ({} MiB by part {part}); this is not a register that can be read \
             (a zip bomb, or a file to split)",
            MAX_XLSX_UNCOMPRESSED_BYTES >> 20,
            size >> 20
        ),
    };
    let mut declared = 0u64;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(index) else { continue };
        declared = declared.saturating_add(entry.size());
        if declared > MAX_XLSX_UNCOMPRESSED_BYTES {
            return Err(too_large(&entry.name().unwrap_or_default(), declared));
        }
    }
    let mut inflated = 0u64;
    for index in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(index) else { continue };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let mut buffer = vec![0u8; 64 << 10];
        // A read error (a corrupt part) stops the count; the XLSX reader names it later.
        while let Ok(read @ 1..) = entry.read(&mut buffer) {
            inflated += read as u64;
            if inflated > MAX_XLSX_UNCOMPRESSED_BYTES {
                return Err(too_large(&name, inflated));
            }
        }
    }
    Ok(())
}

/// Problems of one cell's text: too long, or holding a control character XML cannot carry
/// (NUL and the other C0 controls; tab and line breaks are text). C1 controls (U+0080…) stay:
/// real exports hold them where a Windows code page was misread, and XML allows them.
pub(super) fn cell_problem(column: usize, text: &str) -> Option<CellProblem> {
    if let Some((at, c)) = text.chars().enumerate().find(|(_, c)| *c < ' ' && !matches!(c, '\t' | '\n' | '\r')) {
        let name = if c == '\0' { "NUL".to_owned() } else { format!("U+{:04X}", c as u32) };
        return Some(CellProblem {
            column,
            reason: format!("第 {} 个字符是控制字符 {name}；登记表只能是文本", at + 1),
            reason_en: format!("has the control character {name} at character {}; a register holds only text", at + 1),
        });
    }
    too_long(column, text.chars().count())
}

/// The problem of a cell `chars` characters long, if it is over [`MAX_CELL_CHARS`].
pub(super) fn too_long(column: usize, chars: usize) -> Option<CellProblem> {
    (chars > MAX_CELL_CHARS).then(|| CellProblem {
        column,
        reason: format!("长 {chars} 个字符；一个单元格最多 {MAX_CELL_CHARS} 个"),
        reason_en: format!("is {chars} characters long; a cell holds at most {MAX_CELL_CHARS}"),
    })
}

/// The first characters of an over-long cell, kept in its place.
pub(super) fn preview(text: &str) -> String {
    let mut short: String = text.chars().take(PREVIEW_CHARS).collect();
    short.push('…');
    short
}

/// Checks every cell of every row, recording the problems on the row.
pub(super) fn check_cells(rows: &mut [Row]) {
    for row in rows {
        for (column, text) in row.cells.iter().enumerate() {
            if let Some(problem) = cell_problem(column, text) {
                row.problems.push(problem);
            }
        }
    }
}

/// The row errors of the problems found while reading `row`, with the columns named by their
/// header, as every other row error names them, in `language`.
pub(crate) fn row_errors(header: &[String], row: &Row, language: Language) -> Vec<RowError> {
    row.problems
        .iter()
        .map(|p| {
            let value =
                row.cells.get(p.column).map_or_else(
                    String::new,
                    |v| {
                        if v.chars().count() > PREVIEW_CHARS {
                            preview(v)
                        } else {
                            v.clone()
                        }
                    },
                );
            let column = match header.get(p.column) {
                Some(name) => name.clone(),
                None => unnamed_column(p.column, language),
            };
            let reason = p.reason_in(language);
            RowError { row: row.number, column, value, reason }
        })
        .collect()
}
