//! Reading one worksheet of an XLSX workbook (named, or the first) with calamine.
//!
//! The header is the first row of the sheet's used range. Merged cells touching it are an
//! error: a merged "基本信息" over three columns leaves two of them without a name.
//!
//! Cells are read one at a time (calamine's cell reader), never as calamine's dense range:
//! the range spans the bounding box of the used cells, so one cell at XFD1048576 would ask for
//! 17 billion cells. The archive's inflated size, the sheet's extent and every cell's length
//! are checked (see `bounds`) before anything is allocated for them.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xlsx};

use super::bounds::{self, MAX_XLSX_CELLS, MAX_XLSX_COLUMNS};
use super::{cell_name, cells, header, CellProblem, HeaderProblem, Row, SourceError, SourceFormat, Table};

/// Excel's own last row and column (1,048,576 and XFD), 0-based.
const EXCEL_LAST_ROW: u32 = 1_048_575;
const EXCEL_LAST_COL: u32 = 16_383;

pub(super) fn read(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<Table, SourceError> {
    bounds::check_zip(bytes, file)?;
    let xlsx_error = |e: calamine::XlsxError| SourceError::Xlsx { file: file.to_owned(), message: e.to_string() };
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let names = workbook.sheet_names();
    let sheet_name = match sheet {
        Some(wanted) => names.iter().find(|n| n.as_str() == wanted).cloned().ok_or_else(|| SourceError::NoSuchSheet {
            file: file.to_owned(),
            sheet: wanted.to_owned(),
            available: names.clone(),
        })?,
        None => names.first().cloned().ok_or_else(|| SourceError::NoSheets { file: file.to_owned() })?,
    };
    let merges = workbook.merge_cells_by_sheet_name(&sheet_name).map_err(xlsx_error)?;
    let limit = |message: String, message_en: String| SourceError::Limit {
        file: file.to_owned(),
        message: format!("工作表“{sheet_name}”：{message}"),
        message_en: format!("worksheet \"{sheet_name}\": {message_en}"),
    };

    // Row → its cells (column, text, problem), in sheet order.
    let mut used: BTreeMap<u32, Vec<(u32, String, Option<CellProblem>)>> = BTreeMap::new();
    let (mut left, mut right) = (u32::MAX, 0u32);
    let mut counted: HashMap<usize, usize> = HashMap::new();
    let mut reader = workbook.worksheet_cells_reader(&sheet_name).map_err(xlsx_error)?;
    while let Some(cell) = reader.next_cell().map_err(xlsx_error)? {
        let (row, col) = cell.get_position();
        let value = cell.get_value();
        if *value == DataRef::Empty {
            continue;
        }
        if row > EXCEL_LAST_ROW || col > EXCEL_LAST_COL {
            return Err(limit(
                format!("第 {} 行第 {} 列的单元格超出了 Excel 工作表的范围", row + 1, col + 1),
                format!("the cell at row {}, column {} is beyond the bounds of an Excel worksheet", row + 1, col + 1),
            ));
        }
        left = left.min(col);
        right = right.max(col);
        if right - left >= MAX_XLSX_COLUMNS {
            let (cell, span) = (cell_name(row as usize, col as usize), right - left + 1);
            return Err(limit(
                format!(
                    "单元格 {cell} 与第一个有内容的列相距 {span} 列；登记表最多 {MAX_XLSX_COLUMNS} 列宽\
                     （如果那个单元格里的内容是误填的，请删除）"
                ),
                format!(
                    "cell {cell} is {span} columns from the first column with content; a register is at most \
                     {MAX_XLSX_COLUMNS} columns wide (if that cell was filled by mistake, clear it)"
                ),
            ));
        }
        // A shared string is one text referenced by any number of cells: measured before it is
        // copied, so a long one repeated in every row is never multiplied in memory.
        // Fewer bytes than the limit means fewer characters; a longer shared string is counted
        // once however many cells repeat it (the table outlives the reader, so its addresses
        // are stable keys).
        let long = match value {
            DataRef::SharedString(s) if s.len() > bounds::MAX_CELL_CHARS => {
                let chars = *counted.entry(s.as_ptr() as usize).or_insert_with(|| s.chars().count());
                bounds::too_long(0, chars).map(|p| (bounds::preview(s), p))
            }
            DataRef::String(s) if s.len() > bounds::MAX_CELL_CHARS => {
                bounds::too_long(0, s.chars().count()).map(|p| (bounds::preview(s), p))
            }
            _ => None,
        };
        let (text, problem) = match long {
            Some((preview, problem)) => (preview, Some(problem)),
            None => (cells::text(&Data::from(value.clone())), None),
        };
        used.entry(row).or_default().push((col, text, problem));
    }
    drop(reader);

    let Some((&top, _)) = used.first_key_value() else {
        return Err(SourceError::Empty { file: file.to_owned() });
    };
    let bottom = used.last_key_value().map_or(top, |(&r, _)| r);
    let width = (right - left + 1) as usize;
    let data_rows = used.len() as u64 - 1;
    if data_rows * width as u64 > MAX_XLSX_CELLS {
        let (first, last) = (top + 1, bottom + 1);
        let (from, to) = (super::column_letters(left as usize), super::column_letters(right as usize));
        let cells = data_rows * width as u64;
        return Err(limit(
            format!("第 {first}–{last} 行、第 {from}–{to} 列共 {cells} 个单元格；一次读取的工作表最多 {MAX_XLSX_CELLS} 个单元格（请拆分文件）"),
            format!("rows {first} to {last}, columns {from} to {to}: {cells} cells; a worksheet read at once holds at most {MAX_XLSX_CELLS} (split the file)"),
        ));
    }

    let dense = |cells_in_row: Vec<(u32, String, Option<CellProblem>)>| {
        let mut texts = vec![String::new(); width];
        let mut problems = Vec::new();
        for (col, text, problem) in cells_in_row {
            let at = (col - left) as usize;
            texts[at] = text;
            if let Some(problem) = problem {
                problems.push(CellProblem { column: at, ..problem });
            }
        }
        (texts, problems)
    };
    let mut used = used.into_iter();
    let (raw_header, _) = used.next().map(|(_, cells_in_row)| dense(cells_in_row)).unwrap_or_default();

    let mut problems = Vec::new();
    let mut merged_cols = Vec::new();
    for m in &merges {
        if m.start.0 <= top && top <= m.end.0 && m.end.1 >= left {
            let first = m.start.1.saturating_sub(left) as usize;
            let text = raw_header.get(first).cloned().unwrap_or_default();
            let range_name =
                format!("{}:{}", cell_name(m.start.0 as usize, m.start.1 as usize), cell_name(m.end.0 as usize, m.end.1 as usize));
            problems.push(HeaderProblem::Merged { range: range_name, text });
            // Clamped to the used width: a merge may reach past the last used column.
            for col in m.start.1.max(left)..=m.end.1.min(right) {
                merged_cols.push((col - left) as usize);
            }
        }
    }

    let mut rows = Vec::new();
    for (row, cells_in_row) in used {
        let (texts, problems) = dense(cells_in_row);
        if problems.is_empty() && texts.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // +1 because people count rows from 1.
        rows.push(Row { number: row as usize + 1, cells: texts, problems });
    }
    // Rows between the header and the last used row without a value: Excel leaves them behind.
    let blank = (bottom - top) as usize - rows.len();
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
