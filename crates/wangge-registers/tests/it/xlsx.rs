//! XLSX registers built in the test with rust_xlsxwriter, read back with calamine: merged
//! header cells, a missing required column, date cells and serials, half-filled rows, and
//! sheet selection.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use wangge_registers::{
    open_table, parse_rows, FromRow, HeaderProblem, ImportPolicy, LocalDateTime, MappingError, SourceError, SourceFormat, SourceOptions,
};

use crate::common::PersonRow;

const HEADER: [&str; 6] = ["姓名", "身份证号", "地址", "登记日期", "经度", "纬度"];

/// Writes the workbook into a temp dir and reads the file back, as a user's upload would be.
fn save(workbook: &mut Workbook, name: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    workbook.save(&path).unwrap();
    std::fs::read(&path).unwrap()
}

fn write_row(sheet: &mut rust_xlsxwriter::Worksheet, row: u32, cells: &[&str]) {
    for (col, value) in cells.iter().enumerate() {
        if !value.is_empty() {
            sheet.write_string(row, col as u16, *value).unwrap();
        }
    }
}

#[test]
fn merged_header_cells_are_refused_naming_the_range() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    // "基本信息" spread over the name and ID columns: one label for two columns.
    sheet.merge_range(0, 0, 0, 1, "基本信息", &Format::new()).unwrap();
    write_row(sheet, 0, &["", "", "地址", "登记日期"]);
    write_row(sheet, 1, &["张三", "330402199001011234", "禾兴路1号", "2020-02-01"]);
    let bytes = save(&mut workbook, "merged.xlsx");

    let err = open_table(&bytes, "merged.xlsx", &SourceOptions::default()).unwrap_err();
    match &err {
        SourceError::Header { file, problems } => {
            assert_eq!(file, "merged.xlsx");
            assert_eq!(problems, &vec![HeaderProblem::Merged { range: "A1:B1".into(), text: "基本信息".into() }]);
        }
        other => panic!("expected a header error, got {other:?}"),
    }
    assert!(err.to_string().contains("表头单元格 A1:B1 是合并的"), "{err}");
}

#[test]
fn missing_required_column_is_named_with_the_columns_present() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    write_row(sheet, 0, &["姓名", "地址", "联系电话"]);
    write_row(sheet, 1, &["张三", "禾兴路1号", "13800138000"]);
    let bytes = save(&mut workbook, "missing.xlsx");

    let table = open_table(&bytes, "missing.xlsx", &SourceOptions::default()).unwrap();
    assert_eq!(table.format, SourceFormat::Xlsx);
    assert_eq!(table.sheet.as_deref(), Some("Sheet1"));
    let err = PersonRow::suggest_mapping(&table.header).apply(&table).unwrap_err();
    let MappingError::MissingColumns { file, missing, available } = &err;
    assert_eq!(file, "missing.xlsx");
    assert_eq!(missing.iter().map(|m| m.field.as_str()).collect::<Vec<_>>(), vec!["id_number"]);
    assert_eq!(available, &["姓名", "地址", "联系电话"]);
}

#[test]
fn date_cells_numbers_and_half_filled_rows() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("登记表").unwrap();
    write_row(sheet, 0, &HEADER);
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    // Row 2: a real date cell and numeric coordinates.
    write_row(sheet, 1, &["张三", "330402199001011234", "禾兴路1号"]);
    sheet.write_datetime_with_format(1, 3, ExcelDateTime::from_ymd(2020, 2, 1).unwrap(), &date_format).unwrap();
    sheet.write_number(1, 4, 120.7555).unwrap();
    sheet.write_number(1, 5, 30.747).unwrap();
    // Row 3: the date lost its format and is a bare serial number (43867 = 2020-02-06).
    write_row(sheet, 2, &["李四", "330402198502022345", "中环南路8号"]);
    sheet.write_number(2, 3, 43867).unwrap();
    // Row 4 left blank on purpose; row 5 half filled: name only.
    write_row(sheet, 4, &["王五"]);
    // Row 6: a date written as text, coordinates missing → unassigned but accepted.
    write_row(sheet, 5, &["赵六", "33040219700303345X", "槜李路22号", "2020/02/07"]);
    let bytes = save(&mut workbook, "register.xlsx");

    let named = SourceOptions { sheet: Some("登记表".into()), ..Default::default() };
    let table = open_table(&bytes, "register.xlsx", &named).unwrap();
    assert_eq!(table.sheet.as_deref(), Some("登记表"));
    assert_eq!(table.blank_rows_skipped, 1);
    assert_eq!(table.rows.iter().map(|r| r.number).collect::<Vec<_>>(), vec![2, 3, 5, 6]);
    assert_eq!(table.rows[0].cells[3], "2020-02-01");

    let mapped = PersonRow::suggest_mapping(&table.header).apply(&table).unwrap();
    let refused = parse_rows::<PersonRow>(&mapped, ImportPolicy::AllOrNothing).unwrap_err();
    let found: Vec<(usize, &str)> = refused.errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(found, vec![(5, "身份证号"), (5, "地址")]);

    let outcome = parse_rows::<PersonRow>(&mapped, ImportPolicy::GoodRowsOnly).unwrap();
    let people = &outcome.accepted;
    assert_eq!(people.len(), 3);
    assert_eq!(people[0].registered_on, LocalDateTime::new(2020, 2, 1, 0, 0, 0));
    assert_eq!(people[0].location, Some((120.7555, 30.747)));
    assert_eq!(people[1].registered_on, LocalDateTime::new(2020, 2, 6, 0, 0, 0));
    assert_eq!(people[2].registered_on, LocalDateTime::new(2020, 2, 7, 0, 0, 0));
    assert_eq!(people[2].location, None);
}

#[test]
fn first_sheet_by_default_and_unknown_sheet_named() {
    let mut workbook = Workbook::new();
    write_row(workbook.add_worksheet(), 0, &["姓名"]);
    workbook.add_worksheet().set_name("其他").unwrap();
    let bytes = save(&mut workbook, "two.xlsx");
    let table = open_table(&bytes, "two.xlsx", &SourceOptions::default()).unwrap();
    assert_eq!(table.sheet.as_deref(), Some("Sheet1"));
    let wrong = SourceOptions { sheet: Some("人员".into()), ..Default::default() };
    let err = open_table(&bytes, "two.xlsx", &wrong).unwrap_err();
    assert_eq!(
        err,
        SourceError::NoSuchSheet { file: "two.xlsx".into(), sheet: "人员".into(), available: vec!["Sheet1".into(), "其他".into()] }
    );
}
