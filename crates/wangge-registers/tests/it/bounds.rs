//! Register files read within bounds and decoded honestly (issue 14): a sparse XLSX and a zip
//! bomb, generated here, are refused in bounded memory naming the file, sheet and cell; over-long
//! cells, NUL characters and a last line cut short are row errors naming row and column; a file
//! whose encoding changes within it is refused naming the line.

use std::io::{Cursor, Write};

use encoding_rs::GBK;
use rust_xlsxwriter::Workbook;
use wangge_registers::source::{MAX_CELL_CHARS, MAX_XLSX_UNCOMPRESSED_BYTES};
use wangge_registers::{open_table, parse_rows, FromRow, ImportPolicy, RowError, SourceError, SourceOptions};

use crate::common::PersonRow;

const HEADER: &str = "姓名,身份证号,地址,经度,纬度\n";
const ROWS: &str = "张三,330402199001011234,南湖区建设街道禾兴路1号,120.7555,30.7470\n\
                    李四,330402198502022345,南湖区东栅街道中环南路8号,120.7601,30.7352\n";

fn row_errors(bytes: &[u8], file: &str) -> (Vec<RowError>, usize) {
    let table = open_table(bytes, file, &SourceOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let mapped = PersonRow::suggest_mapping(&table.header).apply(&table).unwrap_or_else(|e| panic!("{e}"));
    let outcome = parse_rows::<PersonRow>(&mapped, ImportPolicy::GoodRowsOnly).unwrap();
    (outcome.rejected.into_iter().flat_map(|(_, e)| e).collect(), outcome.accepted.len())
}

#[test]
fn one_cell_at_xfd1048576_is_refused_naming_sheet_and_cell() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("人员").unwrap();
    sheet.write_string(0, 0, "姓名").unwrap();
    sheet.write_string(1, 0, "张三").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    assert!(bytes.len() < 10_000, "a small file: {} bytes", bytes.len());
    // Reading it whole once asked for 512 GiB and aborted the process.
    let err = open_table(&bytes, "sparse.xlsx", &SourceOptions::default()).unwrap_err();
    assert!(matches!(err, SourceError::Limit { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with("sparse.xlsx：工作表“人员”：单元格 XFD1048576"), "{message}");
}

/// A real workbook with one more part: `size` zero bytes, deflated (about 1,000 to 1).
fn with_extra_part(size: u64) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "姓名").unwrap();
    sheet.write_string(1, 0, "张三").unwrap();
    let plain = workbook.save_to_buffer().unwrap();
    let mut source = zip::ZipArchive::new(Cursor::new(plain)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..source.len() {
        out.raw_copy_file(source.by_index_raw(index).unwrap()).unwrap();
    }
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    out.start_file("xl/media/image1.png", options).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..size >> 20 {
        out.write_all(&zeros).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Overwrites the declared (uncompressed) size of every part with `size`, in the local
/// headers and the central directory, as a bomb built to pass size checks would.
fn lie_about_sizes(bytes: &mut [u8], size: u32) {
    for at in 0..bytes.len().saturating_sub(30) {
        let offset = match &bytes[at..at + 4] {
            [0x50, 0x4b, 0x03, 0x04] => 22,
            [0x50, 0x4b, 0x01, 0x02] => 24,
            _ => continue,
        };
        bytes[at + offset..at + offset + 4].copy_from_slice(&size.to_le_bytes());
    }
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    let bomb = with_extra_part(MAX_XLSX_UNCOMPRESSED_BYTES + (1 << 20));
    assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
    let err = open_table(&bomb, "bomb.xlsx", &SourceOptions::default()).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, SourceError::Limit { .. }), "{err:?}");
    assert!(message.starts_with("bomb.xlsx：工作簿解压后超过 512 MiB"), "{message}");
    assert!(message.contains("xl/media/image1.png"), "{message}");

    // Declared sizes that lie: the zip reader stops each part at its declared size (and the
    // reader's own count would refuse it past the bound), so the bomb stays small and the
    // sheet reads as it is, or the file is refused; it never inflates.
    let mut liar = bomb.clone();
    lie_about_sizes(&mut liar, 1000);
    if let Ok(table) = open_table(&liar, "liar.xlsx", &SourceOptions::default()) {
        assert_eq!(table.rows.len(), 1);
    }

    // The same workbook without the bomb reads.
    let fine = with_extra_part(1 << 20);
    let table = open_table(&fine, "fine.xlsx", &SourceOptions::default()).unwrap();
    assert_eq!(table.rows[0].cells, vec!["张三"]);
}

#[test]
fn an_over_long_xlsx_cell_is_a_row_error_naming_row_and_column() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, name) in HEADER.trim_end().split(',').enumerate() {
        sheet.write_string(0, col as u16, name).unwrap();
    }
    for (row, line) in ROWS.lines().enumerate() {
        for (col, value) in line.split(',').enumerate() {
            sheet.write_string(row as u32 + 1, col as u16, value).unwrap();
        }
    }
    sheet.write_string(2, 2, "长".repeat(MAX_CELL_CHARS + 2000)).unwrap();
    let (errors, accepted) = row_errors(&workbook.save_to_buffer().unwrap(), "long.xlsx");
    assert_eq!(accepted, 1);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].row, errors[0].column.as_str()), (3, "地址"));
    assert!(errors[0].reason.contains("长 12000 个字符；一个单元格最多 10000 个"), "{}", errors[0].reason);
    assert!(errors[0].value.chars().count() < 50, "the value is shown shortened");
}

#[test]
fn over_long_text_and_nul_in_a_csv_are_row_errors_naming_row_and_column() {
    let long = "路".repeat(MAX_CELL_CHARS + 1);
    let text = format!("{HEADER}{ROWS}王五,33040219700303345X,{long},,\n赵六,330402198001014321,禾兴路\0号,,\n");
    let (errors, accepted) = row_errors(text.as_bytes(), "dirty.csv");
    assert_eq!(accepted, 2);
    let found: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(found, vec![(4, "地址"), (5, "地址")], "{errors:?}");
    assert!(errors[0].reason.contains("长 10001 个字符"), "{}", errors[0].reason);
    assert!(errors[1].reason.contains("第 4 个字符是控制字符 NUL"), "{}", errors[1].reason);
}

#[test]
fn a_last_line_cut_short_is_a_row_error_not_a_value() {
    // A download stopped mid-line: the latitude 30.7352 arrives as 30.73.
    let cut = format!("{HEADER}{}", &ROWS[..ROWS.len() - 3]);
    let (errors, accepted) = row_errors(cut.as_bytes(), "cut.csv");
    assert_eq!(accepted, 1);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].row, errors[0].column.as_str(), errors[0].value.as_str()), (3, "纬度", "30.73"));
    assert!(errors[0].reason.contains("被截断"), "{}", errors[0].reason);
    // All or nothing refuses the file, naming the line.
    let table = open_table(cut.as_bytes(), "cut.csv", &SourceOptions::default()).unwrap();
    let mapped = PersonRow::suggest_mapping(&table.header).apply(&table).unwrap();
    let refused = parse_rows::<PersonRow>(&mapped, ImportPolicy::AllOrNothing).unwrap_err();
    assert!(refused.to_string().contains("第 3 行，“纬度”列"), "{refused}");
    // Whole, it reads.
    assert_eq!(row_errors(format!("{HEADER}{ROWS}").as_bytes(), "whole.csv"), (vec![], 2));
}

#[test]
fn a_gbk_header_with_utf8_rows_is_refused_naming_the_line() {
    let mut bytes = GBK.encode(HEADER).0.into_owned();
    bytes.extend_from_slice(ROWS.as_bytes());
    bytes.extend_from_slice("王五,33040219700303345X,测试,,\n".as_bytes());
    // Once stored as mojibake: 测试 → 娴嬭瘯.
    let err = open_table(&bytes, "mixed.csv", &SourceOptions::default()).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, SourceError::MixedEncoding { line: 1, other_first: 2, other_lines: 3, .. }), "{err:?}");
    assert!(message.starts_with("mixed.csv：第 1 行是 ") && message.contains("（首个是第 2 行）是 UTF-8"), "{message}");

    // One GBK row pasted into a UTF-8 file: that row is named.
    let mut bytes = format!("{HEADER}{ROWS}").into_bytes();
    bytes.extend_from_slice(&GBK.encode("王五,33040219700303345X,新嘉街道,,\n").0);
    bytes.extend_from_slice("赵六,330402198001014321,禾兴路,,\n".as_bytes());
    let err = open_table(&bytes, "pasted.csv", &SourceOptions::default()).unwrap_err();
    assert!(matches!(err, SourceError::MixedEncoding { line: 4, other_lines: 4, .. }), "{err:?}");
}
