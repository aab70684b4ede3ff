//! A Chinese register written in the test as UTF-8, UTF-8 with BOM and GBK: all three read
//! identically; a wrongly stated encoding is refused naming the line; and the two import
//! policies with their error reports.

use encoding_rs::GBK;
use wangge_registers::{
    error_list_csv, open_table, parse_rows, rejected_rows_csv, ColumnMapping, FromRow, ImportPolicy, LocalDateTime, MappingError,
    SourceError, SourceOptions, TextEncoding,
};

use crate::common::PersonRow;

const REGISTER: &str = "\
序号,姓名,身份证号,联系电话,地址,登记日期,经度,纬度
1,张三,330402199001011234,13800138000,南湖区建设街道禾兴路1号,2020-02-01,120.7555,30.7470
2,李四,330402198502022345,13900139000,南湖区东栅街道中环南路8号,2020/02/03,,
3,王五,33040219700303345X,,南湖区新嘉街道槜李路22号,2020-02-05 09:30,120.7801,30.7352
";

/// The same register with one bad row (line 3): a latitude that is not a number and a date
/// that does not exist; and a half-filled row (line 5) missing its ID number and address.
const REGISTER_WITH_BAD_ROWS: &str = "\
姓名,身份证号,地址,登记日期,经度,纬度
张三,330402199001011234,南湖区建设街道禾兴路1号,2020-02-01,120.7555,30.7470
李四,330402198502022345,南湖区东栅街道中环南路8号,2020-02-30,120.76,北纬30度
王五,33040219700303345X,南湖区新嘉街道槜李路22号,2020-02-05,,
赵六,,,,,
";

fn utf8_bom(text: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = GBK.encode(text);
    assert!(!unmappable, "test text must be representable in GBK");
    bytes.into_owned()
}

fn import(bytes: &[u8], file: &str, options: &SourceOptions) -> (TextEncoding, Vec<PersonRow>) {
    let table = open_table(bytes, file, options).unwrap_or_else(|e| panic!("{e}"));
    let mapping = PersonRow::suggest_mapping(&table.header);
    let mapped = mapping.apply(&table).unwrap_or_else(|e| panic!("{e}"));
    let rows = parse_rows::<PersonRow>(&mapped, ImportPolicy::AllOrNothing).unwrap_or_else(|e| panic!("{e}"));
    (table.encoding.unwrap(), rows.accepted)
}

#[test]
fn utf8_bom_and_gbk_copies_import_identically() {
    let gbk_bytes = gbk(REGISTER);
    assert!(std::str::from_utf8(&gbk_bytes).is_err(), "the GBK copy must really differ from UTF-8");

    let (enc_utf8, from_utf8) = import(REGISTER.as_bytes(), "register.csv", &SourceOptions::default());
    let (enc_bom, from_bom) = import(&utf8_bom(REGISTER), "register-bom.csv", &SourceOptions::default());
    let (enc_gbk, from_gbk) = import(&gbk_bytes, "register-gbk.csv", &SourceOptions::default());
    let stated = SourceOptions { encoding: TextEncoding::from_label("GBK"), ..Default::default() };
    let (enc_stated, from_stated) = import(&gbk_bytes, "register-gbk.csv", &stated);

    assert_eq!(enc_utf8, TextEncoding::Utf8);
    assert_eq!(enc_bom, TextEncoding::Utf8Bom);
    assert_eq!(enc_gbk, TextEncoding::Gb18030);
    assert_eq!(enc_stated, TextEncoding::Gb18030);
    assert_eq!(from_utf8.len(), 3);
    assert_eq!(from_utf8, from_bom);
    assert_eq!(from_utf8, from_gbk);
    assert_eq!(from_utf8, from_stated);

    assert_eq!(from_gbk[0].name, "张三");
    assert_eq!(from_gbk[2].id_number, "33040219700303345X");
    assert_eq!(from_gbk[1].location, None, "no coordinates: kept, to be assigned by address");
    assert_eq!(from_gbk[2].registered_on, LocalDateTime::new(2020, 2, 5, 9, 30, 0));
}

#[test]
fn the_same_register_as_tsv_and_semicolon_reads_the_same() {
    let (_, expected) = import(REGISTER.as_bytes(), "register.csv", &SourceOptions::default());
    for delimiter in ["\t", ";"] {
        let text = REGISTER.replace(',', delimiter);
        let (_, rows) = import(&gbk(&text), "register.tsv", &SourceOptions::default());
        assert_eq!(rows, expected, "delimiter {delimiter:?}");
    }
}

#[test]
fn utf8_stated_for_gbk_bytes_is_refused_naming_the_line() {
    let utf8 = SourceOptions { encoding: Some(TextEncoding::Utf8), ..Default::default() };
    let err = open_table(&gbk(REGISTER), "register-gbk.csv", &utf8).unwrap_err();
    assert!(matches!(&err, SourceError::Encoding { line: 1, .. }), "{err:?}");

    // An ASCII header: the first Chinese text, and so the first bad byte, is on line 3.
    let text = "name,address\nJohn,Main St 1\n张三,南湖区建设街道\n";
    let err = open_table(&gbk(text), "people.csv", &utf8).unwrap_err();
    match &err {
        SourceError::Encoding { file, line, byte_offset, .. } => {
            assert_eq!((file.as_str(), *line, *byte_offset), ("people.csv", 3, 28));
        }
        other => panic!("expected an encoding error, got {other:?}"),
    }
    let message = err.to_string();
    assert!(message.contains("people.csv") && message.contains("第 3 行") && message.contains("UTF-8"), "{message}");
}

#[test]
fn gbk_stated_for_utf8_bytes_is_refused_instead_of_garbled() {
    let stated = SourceOptions { encoding: Some(TextEncoding::Gb18030), ..Default::default() };
    let err = open_table(REGISTER.as_bytes(), "register.csv", &stated).unwrap_err();
    assert!(matches!(err, SourceError::StatedEncodingContradicted { line: 1, .. }), "{err:?}");
}

#[test]
fn a_missing_required_column_names_the_field_and_the_columns_present() {
    let text = "姓名,联系电话,地址\n张三,13800138000,禾兴路1号\n";
    let table = open_table(text.as_bytes(), "no-id.csv", &SourceOptions::default()).unwrap();
    let err = PersonRow::suggest_mapping(&table.header).apply(&table).unwrap_err();
    let MappingError::MissingColumns { missing, available, .. } = &err;
    assert_eq!(missing.len(), 1);
    assert_eq!((missing[0].field.as_str(), missing[0].required), ("id_number", true));
    assert_eq!(available, &["姓名", "联系电话", "地址"]);
    let message = err.to_string();
    assert!(message.contains("身份证号") && message.contains("id_number") && message.contains("姓名、联系电话、地址"), "{message}");

    // A saved mapping whose column has been renamed in the new file is refused too.
    let saved: ColumnMapping = serde_json::from_str(
        r#"{"columns":{"name":"姓名","id_number":"身份证号","address":"住址"},"required":["name","id_number","address"]}"#,
    )
    .unwrap();
    let err = saved.apply(&table).unwrap_err();
    let MappingError::MissingColumns { missing, .. } = &err;
    let fields: Vec<(&str, Option<&str>)> = missing.iter().map(|m| (m.field.as_str(), m.column.as_deref())).collect();
    assert_eq!(fields, vec![("address", Some("住址")), ("id_number", Some("身份证号"))]);
}

#[test]
fn all_or_nothing_refuses_and_good_rows_only_reports_the_bad_rows() {
    let table = open_table(&gbk(REGISTER_WITH_BAD_ROWS), "bad.csv", &SourceOptions::default()).unwrap();
    let mapped = PersonRow::suggest_mapping(&table.header).apply(&table).unwrap();

    let refused = parse_rows::<PersonRow>(&mapped, ImportPolicy::AllOrNothing).unwrap_err();
    assert_eq!((refused.rows_total, refused.rows_rejected), (4, 2));
    let found: Vec<(usize, &str, &str)> = refused.errors.iter().map(|e| (e.row, e.column.as_str(), e.value.as_str())).collect();
    assert_eq!(found, vec![(3, "登记日期", "2020-02-30"), (3, "纬度", "北纬30度"), (5, "身份证号", ""), (5, "地址", "")]);
    assert!(refused.errors[0].reason.contains("不是真实的日期"), "{}", refused.errors[0].reason);
    assert_eq!(refused.errors[1].reason, "不是数字");

    let outcome = parse_rows::<PersonRow>(&mapped, ImportPolicy::GoodRowsOnly).unwrap();
    let names: Vec<&str> = outcome.accepted.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["张三", "王五"]);
    assert_eq!(outcome.accepted[1].location, None);
    assert_eq!(outcome.rejected.len(), 2);

    let report = rejected_rows_csv(&table.header, &outcome.rejected);
    assert!(report.starts_with(b"\xEF\xBB\xBF"), "BOM so Excel reads UTF-8");
    let text = std::str::from_utf8(&report[3..]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("原行号,错误,姓名,身份证号"), "{}", lines[0]);
    assert!(lines[1].starts_with("3,") && lines[1].contains("纬度“北纬30度”：不是数字"), "{}", lines[1]);
    assert!(lines[1].contains("李四"), "{}", lines[1]);
    assert!(lines[2].starts_with("5,") && lines[2].contains("身份证号：此项必填"), "{}", lines[2]);

    // The rejected-rows file is itself importable: after fixing, it goes through again.
    let again = open_table(&report, "bad-rejected.csv", &SourceOptions::default()).unwrap();
    assert_eq!(again.encoding, Some(TextEncoding::Utf8Bom));
    assert_eq!(again.rows.len(), 2);

    let list = error_list_csv(&refused.errors);
    let list = std::str::from_utf8(&list[3..]).unwrap();
    assert_eq!(list.lines().count(), 5);
    assert!(list.contains("3,纬度,北纬30度,不是数字"), "{list}");
}

#[test]
fn duplicate_ids_in_one_file_are_row_errors() {
    let text = "姓名,身份证号,地址\n张三,330402199001011234,禾兴路1号\n张叁,330402199001011234,禾兴路2号\n";
    let table = open_table(text.as_bytes(), "dup.csv", &SourceOptions::default()).unwrap();
    let mapped = PersonRow::suggest_mapping(&table.header).apply(&table).unwrap();
    let outcome = parse_rows::<PersonRow>(&mapped, ImportPolicy::GoodRowsOnly).unwrap();
    assert_eq!(outcome.accepted.len(), 1);
    let error = &outcome.rejected[0].1[0];
    assert_eq!((error.row, error.column.as_str()), (3, "身份证号"));
    assert!(error.reason.contains("第 2 行"), "{}", error.reason);
}

#[test]
fn header_problems_name_the_cells() {
    let err = open_table("姓名,,地址,姓名\n张三,x,禾兴路,y\n".as_bytes(), "h.csv", &SourceOptions::default()).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("h.csv"), "{message}");
    assert!(message.contains("表头单元格 B1 是空的"), "{message}");
    assert!(message.contains("表头“姓名”出现了不止一次（A1、D1）"), "{message}");
}

/// The encoding is guessed from the first 16 KB of non-ASCII lines, not the whole file (the
/// guess reads about 12 MB/s): a GBK register of 2 MB whose first thousand rows are ASCII only
/// is still read as GBK, to its last row; and a UTF-8 row pasted in far past the sample is
/// still found, because the whole file is checked and decoded strictly.
#[test]
fn a_large_register_is_guessed_from_a_sample_and_still_checked_whole() {
    let mut text = String::from("姓名,身份证号,地址,经度,纬度\n");
    for i in 0..1_000 {
        text.push_str(&format!("Li Wei {i},330402199001011234,No. {i} Hexing Road,120.75,30.74\n"));
    }
    for i in 0..40_000 {
        text.push_str(&format!("张三{i},330402199001011234,南湖区建设街道禾兴路{i}号,120.75,30.74\n"));
    }
    let bytes = gbk(&text);
    assert!(bytes.len() > 1 << 20, "{}", bytes.len());
    let table = open_table(&bytes, "large-gbk.csv", &SourceOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(table.encoding, Some(TextEncoding::Gb18030));
    assert_eq!(table.rows.len(), 41_000);
    assert_eq!(table.rows[40_999].cells[0], "张三39999");

    let mut pasted = bytes.clone();
    pasted.extend_from_slice("李四,330402198502022345,南湖区东栅街道中环南路8号,,\n".as_bytes());
    let err = open_table(&pasted, "large-gbk.csv", &SourceOptions::default()).unwrap_err();
    assert!(matches!(err, SourceError::MixedEncoding { line: 41_002, .. }), "{err:?}");
}
