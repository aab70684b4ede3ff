//! Every message the reader gives a person about a bad register file is in Chinese: broken
//! files of each register (bad cells of every kind, missing and merged headers, ragged rows,
//! a cut last line, a wrongly stated encoding, duplicates) are read and every message that
//! comes back — file refusals, row errors and the report files — is scanned for English.
//! Allowed are the names a person types or sees in the file itself: file extensions, the
//! encodings' and formats' names, and a field's key where a mapping file needs it.

use encoding_rs::GBK;
use wangge_registers::{
    error_list_csv, open_table, parse_rows, rejected_rows_csv, EnterpriseRow, FromRow, HouseRow, ImportPolicy, IsolationRow, PersonRow,
    RentalRow, SourceOptions, TextEncoding,
};

/// Words that may stand in a Chinese message: formats, encodings, units and what files say.
const ALLOWED: &[&str] = &["csv", "xlsx", "utf", "gbk", "gb", "ascii", "excel", "nul", "json", "mib", "yes", "no", "id"];

/// The ASCII words of `message` that are neither allowed nor a field key in parentheses.
fn english_in(message: &str, field_keys: &[&str]) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in message.chars().chain([' ']) {
        if c.is_ascii_alphabetic() || (c == '_' && !word.is_empty()) {
            word.push(c);
            continue;
        }
        if word.len() >= 2 && !ALLOWED.contains(&word.to_lowercase().as_str()) && !field_keys.contains(&word.as_str()) {
            words.push(std::mem::take(&mut word));
        }
        word.clear();
    }
    words
}

/// Every message of reading `bytes` as a `T` register, all or nothing and good rows only.
fn messages_of<T: FromRow>(bytes: &[u8], file: &str, options: &SourceOptions) -> Vec<String> {
    let table = match open_table(bytes, file, options) {
        Ok(table) => table,
        Err(error) => return vec![error.to_string()],
    };
    let mapped = match T::suggest_mapping(&table.header).apply(&table) {
        Ok(mapped) => mapped,
        Err(error) => return vec![error.to_string()],
    };
    let mut said = Vec::new();
    if let Err(refused) = parse_rows::<T>(&mapped, ImportPolicy::AllOrNothing) {
        said.push(refused.to_string());
        said.extend(refused.errors.iter().map(ToString::to_string));
        said.push(String::from_utf8(error_list_csv(&refused.errors)).expect("UTF-8 report"));
    }
    let outcome = parse_rows::<T>(&mapped, ImportPolicy::GoodRowsOnly).expect("good rows only never refuses the file");
    said.push(String::from_utf8(rejected_rows_csv(&table.header, &outcome.rejected)).expect("UTF-8 report"));
    said
}

fn keys<T: FromRow>() -> Vec<&'static str> {
    T::FIELDS.iter().map(|f| f.name).collect()
}

fn assert_chinese(case: &str, messages: &[String], field_keys: &[&str]) {
    assert!(!messages.is_empty(), "{case}: the broken file gave no message at all");
    for message in messages {
        let english = english_in(message, field_keys);
        assert!(english.is_empty(), "{case}: English {english:?} in {message}");
    }
}

#[test]
fn the_scan_itself_finds_english_and_lets_names_through() {
    assert_eq!(english_in("row 3 has errors", &[]), ["row", "has", "errors"]);
    assert!(english_in("人员.csv：第 3 行是 GBK/GB18030 文本，不是有效 UTF-8", &[]).is_empty());
    assert!(english_in("必填字段“身份证号”（id_number）没有对应的列", &["id_number"]).is_empty());
    assert_eq!(english_in("必填字段（id_number）", &[]), ["id_number"]);
}

#[test]
fn every_row_error_of_every_register_reads_chinese() {
    let options = SourceOptions::default();
    let houses = "房屋编码,地址,经度,纬度\nH1,禾兴路1号,120.75,\nH1,禾兴路2号,200,30.7\nH3,,北纬,30.7\n";
    assert_chinese("houses", &messages_of::<HouseRow>(houses.as_bytes(), "房屋.csv", &options), &keys::<HouseRow>());

    let people = "姓名,身份证号,联系电话,房屋编码\n张三,330402199001011235,138,H1\n李四,3.30402199001011E+17,,H1\n,33040219900101,,\n王五,330402199001011234,,H1\n王五,330402199001011234,,H1\n";
    assert_chinese("people", &messages_of::<PersonRow>(people.as_bytes(), "人口.csv", &options), &keys::<PersonRow>());

    let isolations = "身份证号,隔离类型,开始时间,计划解除时间,解除时间\n330402199001011234,隔离酒店,2020-02-01,2020-01-01,2019-12-31\n330402199001011234,,2020-02-30,,\n330402199001011234,居家隔离,,,\n";
    assert_chinese("isolations", &messages_of::<IsolationRow>(isolations.as_bytes(), "隔离.csv", &options), &keys::<IsolationRow>());

    let enterprises = "企业名称,规上,职工人数,复工状态,复工日期,返岗人数\n甲厂,也许,十,未复工,2020-02-10,5\n乙厂,是,10,全面复工,,20\n丙厂,否,-3,停工,,\n丁厂,,,,,\n";
    assert_chinese("enterprises", &messages_of::<EnterpriseRow>(enterprises.as_bytes(), "企业.csv", &options), &keys::<EnterpriseRow>());

    let rentals = "房屋编码,出租间数,房东身份证号,房东姓名\nH1,三间,330402199001011234,张三\nH2,2,,李四\n";
    assert_chinese("rentals", &messages_of::<RentalRow>(rentals.as_bytes(), "出租.csv", &options), &keys::<RentalRow>());
}

#[test]
fn every_refusal_of_a_whole_file_reads_chinese() {
    let options = SourceOptions::default();
    let people = keys::<PersonRow>();
    let cases: Vec<(&str, Vec<u8>, SourceOptions)> = vec![
        ("empty", Vec::new(), SourceOptions::default()),
        ("no place column", "姓名,身份证号\n张三,330402199001011234\n".as_bytes().to_vec(), SourceOptions::default()),
        ("missing required column", "姓名,电话\n张三,138\n".as_bytes().to_vec(), SourceOptions::default()),
        ("header problems", "姓名,,姓名,地址\n张三,1,2,禾兴路\n".as_bytes().to_vec(), SourceOptions::default()),
        ("ragged rows", "姓名,身份证号,地址\n张三,330402199001011234,禾兴路,多余\n李四\n".as_bytes().to_vec(), SourceOptions::default()),
        ("cut last line", "姓名,身份证号,地址\n张三,330402199001011234,禾兴".as_bytes().to_vec(), SourceOptions::default()),
        (
            "GBK stated UTF-8",
            GBK.encode("姓名,身份证号,地址\n张三,330402199001011234,禾兴路\n").0.into_owned(),
            SourceOptions { encoding: Some(TextEncoding::Utf8), ..options.clone() },
        ),
        (
            "UTF-8 stated GBK",
            "姓名,身份证号,地址\n张三,330402199001011234,禾兴路\n".as_bytes().to_vec(),
            SourceOptions { encoding: TextEncoding::from_label("gbk"), ..options.clone() },
        ),
        ("a control character", "姓名,身份证号,地址\n张\u{1}三,330402199001011234,禾兴路\n".as_bytes().to_vec(), SourceOptions::default()),
        (
            "an over-long cell",
            format!("姓名,身份证号,地址\n张三,330402199001011234,{}\n", "路".repeat(10_001)).into_bytes(),
            SourceOptions::default(),
        ),
    ];
    for (case, bytes, options) in cases {
        assert_chinese(case, &messages_of::<PersonRow>(&bytes, "人口.csv", &options), &people);
    }
}
