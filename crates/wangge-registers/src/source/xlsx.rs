//! Reading one worksheet of an XLSX workbook (named, or the first) with calamine.
//!
//! The header is the first row of the sheet's used range. Merged cells touching it are an
//! error: a merged "基本信息" over three columns leaves two of them without a name.

use std::io::Cursor;

use calamine::{Reader, Xlsx};

use super::{cell_name, cells, header, HeaderProblem, Row, SourceError, SourceFormat, Table};

pub(super) fn read(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<Table, SourceError> {
    let xlsx_error = |e: calamine::XlsxError| SourceError::Xlsx { file: file.to_owned(), message: e.to_string() };
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let names = workbook.sheet_names();
    let sheet_name = match sheet {
        Some(wanted) => names.iter().find(|n| n.as_str() == wanted).cloned().ok_or_else(|| {
            SourceError::NoSuchSheet { file: file.to_owned(), sheet: wanted.to_owned(), available: names.clone() }
        })?,
        None => names.first().cloned().ok_or_else(|| SourceError::NoSheets { file: file.to_owned() })?,
    };
    let range = workbook.worksheet_range(&sheet_name).map_err(xlsx_error)?;
    let merges = workbook.merge_cells_by_sheet_name(&sheet_name).map_err(xlsx_error)?;

    let Some((top, left)) = range.start() else {
        return Err(SourceError::Empty { file: file.to_owned() });
    };
    let mut grid = range.rows();
    let raw_header: Vec<String> = grid.next().map(|r| r.iter().map(cells::text).collect()).unwrap_or_default();

    let mut problems = Vec::new();
    let mut merged_cols = Vec::new();
    for m in &merges {
        if m.start.0 <= top && top <= m.end.0 && m.end.1 >= left {
            let first = m.start.1.saturating_sub(left) as usize;
            let text = raw_header.get(first).cloned().unwrap_or_default();
            let range_name = format!(
                "{}:{}",
                cell_name(m.start.0 as usize, m.start.1 as usize),
                cell_name(m.end.0 as usize, m.end.1 as usize)
            );
            problems.push(HeaderProblem::Merged { range: range_name, text });
            for col in m.start.1.max(left)..=m.end.1 {
                merged_cols.push((col - left) as usize);
            }
        }
    }

    let mut rows = Vec::new();
    let mut blank = 0;
    for (offset, cells_in_row) in grid.enumerate() {
        let cells: Vec<String> = cells_in_row.iter().map(cells::text).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            blank += 1;
            continue;
        }
        // +2: one for the header row, one because people count rows from 1.
        rows.push(Row { number: top as usize + offset + 2, cells });
    }
    let (header, more) = header::check(raw_header, &mut rows, top as usize, left as usize, &merged_cols);
    problems.extend(more);
    if !problems.is_empty() {
        return Err(SourceError::Header { file: file.to_owned(), problems });
    }
    Ok(Table {
        file: file.to_owned(),
        format: SourceFormat::Xlsx,
        encoding: None,
        sheet: Some(sheet_name),
        header,
        rows,
        blank_rows_skipped: blank,
    })
}
