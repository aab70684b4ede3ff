//! `wangge import houses|people|isolations|enterprises` end to end, running the real binary
//! on a small demo district in SQLite (and PostgreSQL when `WANGGE_TEST_PG_URL` is set).
//!
//! The files are written in the test from the demo's own geography: new houses at the
//! points of existing ones (so the micro-grid each must land in is known), people at those
//! houses by code and at old houses by address, isolations by ID number, enterprises by
//! coordinates and by address. The figures move by exactly what was imported and still
//! reconcile down the tree; a GBK copy and an XLSX copy store the very same rows; a wrong
//! encoding, merged header cells and a duplicate code are clear errors that leave every row
//! of every table as it was (a checksum over all rows, before and after); rows that cannot
//! be placed are listed as unassigned and written out, never dropped; `wangge verify`
//! agrees after every import.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::Value;
use wangge_domain::{District, House, IsolationKind, ResumptionStatus, Timestamp};

use crate::support::figures::{assert_reconciles, moved, n};
use crate::support::store::{checksum, load};
use crate::support::{fails, import, import_fails, ok, stats, verify, wangge, Demo, NOW};

/// The additive figures the four registers move.
const REGISTER_FIGURES: [&str; 11] = [
    "isolations_active",
    "isolations_active_centralised",
    "isolations_active_home",
    "isolations_active_home_observation",
    "isolations_new_today",
    "isolations_released_today",
    "follow_ups_overdue",
    "enterprises_total",
    "enterprises_resumed",
    "workers_total",
    "workers_back",
];

/// verify, and the district and its first street reconcile with their children.
fn all_agree(db: &str) {
    verify(db);
    let district = stats(db, None);
    assert_reconciles(&district);
    let street = district["children"][0]["code"].as_str().unwrap().to_owned();
    assert_reconciles(&stats(db, Some(&street)));
}

/// Runs a refused import and checks that no row of any table changed. Returns stderr.
fn refused_without_a_trace(kind: &str, db: &str, file: &Path, extra: &[&str]) -> String {
    let before = checksum(db);
    let message = import_fails(kind, db, file, extra);
    assert_eq!(checksum(db), before, "a refused import changed the database");
    verify(db);
    message
}

/// A valid resident ID number (GB 11643 check character) from 17 digits.
fn id_number(first17: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// A new ID number no one in the district has, for person `k` of a test.
fn new_id_number(district: &District, k: usize) -> String {
    let id = id_number(&format!("33040219950101{:03}", 100 + k));
    assert!(district.people.values().all(|p| p.id_number != id));
    id
}

/// Houses of the demo in id order, one per micro-grid, with an address no other house has.
fn sample_houses(district: &District) -> Vec<House> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for house in district.houses.values() {
        *count.entry(house.address.as_str()).or_default() += 1;
    }
    let mut houses: Vec<&House> = district.houses.values().filter(|h| count[h.address.as_str()] == 1).collect();
    houses.sort_by_key(|h| h.id);
    let mut seen = std::collections::HashSet::new();
    houses.into_iter().filter(|h| seen.insert(h.micro_grid.clone())).cloned().collect()
}

fn csv(header: &str, rows: &[String]) -> String {
    let mut text = format!("{header}\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

/// New houses `H-1`... at the points of `at` (so each lands in that house's micro-grid).
fn houses_csv(at: &[House]) -> String {
    let rows: Vec<String> =
        at.iter().enumerate().map(|(i, h)| format!("H-{},测试新村{}号,{},{}", i + 1, i + 1, h.location.x(), h.location.y())).collect();
    csv("房屋编码,地址,经度,纬度", &rows)
}

#[test]
fn four_registers_move_the_figures_by_exactly_what_was_imported() {
    let mut demo = Demo::new();
    let db = demo.fresh();
    let district = load(&db).0;
    let sample = sample_houses(&district);
    assert!(sample.len() >= 14, "the demo has enough micro-grids");

    // Houses: six new ones, each at the point of a sample house.
    let file = demo.write("houses.csv", houses_csv(&sample[..6]));
    let report = import("houses", &db, &file, &[]);
    assert_eq!((n(&report, "stored"), n(&report, "placed_by_coordinates"), n(&report, "rejected")), (6, 6, 0));
    let after = load(&db).0;
    for (i, reference) in sample[..6].iter().enumerate() {
        let code = format!("H-{}", i + 1);
        let house = after.houses.values().find(|h| h.code == code).unwrap();
        assert_eq!(house.micro_grid, reference.micro_grid, "{code} lies where its point is");
        assert_eq!(house.address, format!("测试新村{}号", i + 1));
    }
    assert_eq!(after.houses.len(), district.houses.len() + 6);
    all_agree(&db);

    // People: four at new houses by code, two at old houses by address.
    let people: Vec<(String, String)> = (0..6).map(|k| (format!("测试{k}"), new_id_number(&district, k))).collect();
    let mut rows: Vec<String> = (0..4).map(|k| format!("{},{},1380000000{k},H-{},", people[k].0, people[k].1, k + 1)).collect();
    for k in 4..6 {
        rows.push(format!("{},{},,,{}", people[k].0, people[k].1, sample[k + 2].address));
    }
    let file = demo.write("people.csv", csv("姓名,身份证号,联系电话,房屋编码,地址", &rows));
    let report = import("people", &db, &file, &[]);
    assert_eq!((n(&report, "stored"), n(&report, "placed_by_house_code"), n(&report, "placed_by_address")), (6, 4, 2));
    let after = load(&db).0;
    let person = |id: &str| after.people.values().find(|p| p.id_number == id).unwrap().clone();
    for (k, (_, id)) in people.iter().enumerate().take(4) {
        assert_eq!(after.houses[&person(id).house_id].code, format!("H-{}", k + 1));
    }
    for k in 4..6 {
        assert_eq!(person(&people[k].1).house_id, sample[k + 2].id);
    }
    all_agree(&db);

    // Isolations: one of each kind; one started today; default and stated planned ends.
    let before = stats(&db, None);
    let leaf = sample[0].micro_grid.0.clone();
    let leaf_before = stats(&db, Some(&leaf));
    let rows = vec![
        format!("{},集中隔离,2026-11-22 09:00,", people[0].1),
        format!("{},居家隔离,2026-11-23 08:30,2026-12-07 08:30", people[1].1),
        format!("{},居家观察,2026/11/20,2026-11-27", people[4].1),
    ];
    let file = demo.write("isolations.csv", csv("身份证号,隔离类型,开始时间,计划解除时间", &rows));
    let report = import("isolations", &db, &file, &[]);
    assert_eq!((n(&report, "stored"), n(&report, "placed_through_person")), (3, 3));
    let expected = BTreeMap::from([
        ("isolations_active", 3),
        ("isolations_active_centralised", 1),
        ("isolations_active_home", 1),
        ("isolations_active_home_observation", 1),
        ("isolations_new_today", 1),
    ]);
    assert_eq!(
        moved(&REGISTER_FIGURES, &before, &stats(&db, None)),
        expected,
        "slots before the import are not generated, so none is overdue"
    );
    assert_eq!(moved(&REGISTER_FIGURES, &leaf_before, &stats(&db, Some(&leaf))).get("isolations_active"), Some(&1));
    let after = load(&db).0;
    let first = n(&report, "first_id") as i64;
    let centralised = &after.isolations[&first];
    assert_eq!(centralised.kind, IsolationKind::Centralised);
    assert_eq!(centralised.micro_grid, sample[0].micro_grid, "counted where the person lives");
    assert_eq!(centralised.planned_end.secs() - centralised.started_at.secs(), 14 * 86_400, "14 days by default");
    assert_eq!(after.isolations[&(first + 1)].planned_end, Timestamp::from_local(2026, 12, 7, 8, 30));
    let slots: Vec<Timestamp> = after.follow_ups.values().filter(|f| f.isolation_id >= first).map(|f| f.due_at).collect();
    assert_eq!(slots.len() as u64, n(&report, "follow_ups"));
    // 22 Nov 09:00 + 14 days: 28 slots, 2 before now (10:00 on the 23rd); 23 Nov 08:30 to
    // 7 Dec 08:30: 28, none before now; 20 to 27 Nov: 14, 7 before now.
    assert_eq!((slots.len(), n(&report, "follow_ups_past_skipped")), (26 + 28 + 7, 9));
    let now = Timestamp(NOW);
    for due in &slots {
        let minute_of_day = (due.secs() + 8 * 3600).rem_euclid(86_400) / 60;
        assert!(*due >= now && (minute_of_day == 8 * 60 || minute_of_day == 16 * 60), "slot at {due}");
    }
    all_agree(&db);

    // Enterprises: three by coordinates, one through the house register by address.
    let before = stats(&db, None);
    let rows = vec![
        format!("测试甲厂,制造业,是,100,全面复工,2026-11-01,90,{},{},", sample[9].location.x(), sample[9].location.y()),
        format!("测试乙店,零售业,否,50,部分复工,2026-11-20,20,{},{},", sample[10].location.x(), sample[10].location.y()),
        format!("测试丙司,建筑业,规上,30,未复工,,,{},{},", sample[11].location.x(), sample[11].location.y()),
        format!("测试丁铺,餐饮业,否,10,未复工,,0,,,{}", sample[12].address),
    ];
    let file = demo.write("enterprises.csv", csv("企业名称,行业,规上,职工人数,复工状态,复工日期,返岗人数,经度,纬度,地址", &rows));
    let report = import("enterprises", &db, &file, &[]);
    assert_eq!((n(&report, "stored"), n(&report, "placed_by_coordinates"), n(&report, "placed_by_address")), (4, 3, 1));
    let expected = BTreeMap::from([("enterprises_total", 4), ("enterprises_resumed", 2), ("workers_total", 190), ("workers_back", 110)]);
    assert_eq!(moved(&REGISTER_FIGURES, &before, &stats(&db, None)), expected);
    let after = load(&db).0;
    let first = n(&report, "first_id") as i64;
    for (k, reference) in sample[9..13].iter().enumerate() {
        assert_eq!(after.enterprises[&(first + k as i64)].micro_grid, reference.micro_grid);
    }
    let partly = &after.enterprises[&(first + 1)];
    assert_eq!((partly.status, partly.workers_back, partly.above_designated_size), (ResumptionStatus::Partly, 20, false));
    assert_eq!(partly.resumed_at, Some(Timestamp::from_local(2026, 11, 20, 0, 0)));
    assert!(after.enterprises[&(first + 2)].above_designated_size, "规上 reads as yes");
    all_agree(&db);

    // The same files again: every row is a duplicate now, and nothing changes.
    for (kind, name) in [("houses", "houses.csv"), ("people", "people.csv"), ("enterprises", "enterprises.csv")] {
        let message = refused_without_a_trace(kind, &db, &demo.path(name), &[]);
        assert!(message.contains("重复："), "{message}");
    }
    let message = refused_without_a_trace("isolations", &db, &demo.path("isolations.csv"), &[]);
    assert!(message.contains("已有隔离记录"), "{message}");
}

/// A house register with one sheet of notes before the data, as offices send them.
fn houses_workbook(at: &[House], merged_header: bool) -> rust_xlsxwriter::Workbook {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.add_worksheet().set_name("说明").unwrap().write_string(0, 0, "房屋登记表").unwrap();
    let sheet = workbook.add_worksheet().set_name("房屋").unwrap();
    if merged_header {
        sheet.merge_range(0, 0, 0, 1, "房屋信息", &rust_xlsxwriter::Format::new()).unwrap();
    } else {
        sheet.write_string(0, 0, "房屋编码").unwrap();
        sheet.write_string(0, 1, "地址").unwrap();
    }
    sheet.write_string(0, 2, "经度").unwrap();
    sheet.write_string(0, 3, "纬度").unwrap();
    for (i, h) in at.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, format!("H-{}", i + 1)).unwrap();
        sheet.write_string(row, 1, format!("测试新村{}号", i + 1)).unwrap();
        sheet.write_number(row, 2, h.location.x()).unwrap();
        sheet.write_number(row, 3, h.location.y()).unwrap();
    }
    workbook
}

#[test]
fn gbk_and_xlsx_copies_store_the_very_same_rows() {
    let mut demo = Demo::new();
    let (utf8_db, gbk_db, stated_db, xlsx_db) = (demo.fresh(), demo.fresh(), demo.fresh(), demo.fresh());
    let sample = sample_houses(&load(&utf8_db).0);
    let text = houses_csv(&sample[..5]);
    let utf8 = demo.write("houses-utf8.csv", &text);
    let (gbk_bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable && std::str::from_utf8(&gbk_bytes).is_err(), "the copy really is GBK");
    let gbk = demo.write("houses-gbk.csv", &gbk_bytes);
    let xlsx = demo.path("houses.xlsx");
    houses_workbook(&sample[..5], false).save(&xlsx).unwrap();

    assert_eq!(checksum(&utf8_db), checksum(&gbk_db), "copies of one demo start identical");
    let from_utf8 = import("houses", &utf8_db, &utf8, &[]);
    let detected = import("houses", &gbk_db, &gbk, &[]);
    let stated = import("houses", &stated_db, &gbk, &["--encoding", "gbk"]);
    assert_eq!(stated["read_as"], "CSV (','), GBK/GB18030");
    let from_xlsx = import("houses", &xlsx_db, &xlsx, &["--sheet", "房屋"]);
    assert_eq!(n(&from_utf8, "stored"), 5);
    assert_eq!(detected["read_as"], "CSV (','), GBK/GB18030");
    assert_eq!(from_xlsx["read_as"], "XLSX, sheet \"房屋\"");
    let reference = checksum(&utf8_db);
    for (db, how) in [(&gbk_db, "detected GBK"), (&stated_db, "stated GBK"), (&xlsx_db, "XLSX")] {
        assert_eq!(checksum(db), reference, "{how}: every row of every table as from the UTF-8 file");
    }
    all_agree(&xlsx_db);

    // Without --sheet the first sheet (notes) is read, and its header names no house code.
    let message = refused_without_a_trace("houses", &demo.fresh(), &xlsx, &[]);
    assert!(message.contains("必填字段“编码”（code）没有对应的列"), "{message}");
}

#[test]
fn a_wrong_encoding_stated_is_a_clear_error_and_changes_nothing() {
    let mut demo = Demo::new();
    let db = demo.fresh();
    let sample = sample_houses(&load(&db).0);
    let text = houses_csv(&sample[..3]);
    let (gbk_bytes, _, _) = encoding_rs::GBK.encode(&text);
    let gbk = demo.write("houses-gbk.csv", &gbk_bytes);
    let message = refused_without_a_trace("houses", &db, &gbk, &["--encoding", "utf-8"]);
    assert!(message.contains("houses-gbk.csv：第 1 行不是有效的 UTF-8 文本"), "{message}");
    assert!(message.contains("文件可能是别的编码"), "{message}");

    let utf8 = demo.write("houses.csv", houses_csv(&sample[..3]));
    let message = refused_without_a_trace("houses", &db, &utf8, &["--encoding", "gbk"]);
    assert!(message.contains("指定了 GBK/GB18030，但文件是含中文等非 ASCII 字符的有效 UTF-8"), "{message}");
    let message = refused_without_a_trace("houses", &db, &utf8, &["--encoding", "klingon"]);
    assert!(message.contains("--encoding: unknown encoding \"klingon\""), "{message}");
}

#[test]
fn merged_header_cells_are_a_clear_error_naming_the_header() {
    let mut demo = Demo::new();
    let db = demo.fresh();
    let sample = sample_houses(&load(&db).0);
    let xlsx = demo.path("merged.xlsx");
    houses_workbook(&sample[..3], true).save(&xlsx).unwrap();
    let message = refused_without_a_trace("houses", &db, &xlsx, &["--sheet", "房屋"]);
    assert!(message.contains("merged.xlsx：表头单元格 A1:B1 是合并的"), "{message}");
    assert!(message.contains("房屋信息"), "{message}");
}

#[test]
fn a_duplicate_code_is_a_row_error_and_only_good_rows_asked_for_are_stored() {
    let mut demo = Demo::new();
    let db = demo.fresh();
    let district = load(&db).0;
    let sample = sample_houses(&district);
    let existing = &sample[0].code;
    let (x, y) = (sample[1].location.x(), sample[1].location.y());
    let rows = vec![
        format!("N-1,新房1号,{x},{y}"),
        format!("{existing},新房2号,{x},{y}"),
        format!("N-1,新房3号,{x},{y}"),
        format!("N-2,新房4号,{x},{y}"),
    ];
    let file = demo.write("dup.csv", csv("房屋编码,地址,经度,纬度", &rows));
    let errors = demo.path("errors.csv");
    let message = refused_without_a_trace("houses", &db, &file, &["--errors", errors.to_str().unwrap()]);
    assert!(message.contains("dup.csv：4 行中有 2 行有错误，未导入任何内容"), "{message}");
    assert!(message.contains(&format!("第 3 行，“房屋编码”列，值“{existing}”：重复：房屋")), "{message}");
    assert!(message.contains("第 4 行，“房屋编码”列，值“N-1”：重复：第 2 行已有相同的值"), "{message}");
    let list = std::fs::read_to_string(&errors).unwrap();
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines[0], "\u{feff}行号,列,值,原因");
    assert!(lines[1].starts_with(&format!("3,房屋编码,{existing},重复：房屋 ")), "{list}");
    assert!(lines[2].starts_with("4,房屋编码,N-1,重复"), "{list}");
    assert_eq!(lines.len(), 3);

    // Good rows only: the refused rows must go somewhere.
    let message = refused_without_a_trace("houses", &db, &file, &["--good-rows"]);
    assert!(message.contains("--good-rows needs --rejected"), "{message}");
    let rejected = demo.path("rejected.csv");
    let before = checksum(&db);
    let report = import("houses", &db, &file, &["--good-rows", "--rejected", rejected.to_str().unwrap()]);
    assert_eq!((n(&report, "stored"), n(&report, "rejected")), (2, 2));
    let after = checksum(&db);
    // Two houses, their two change-log rows, and the log's first AUTOINCREMENT counter
    // (sqlite_sequence): the demo is saved without a log, so these are its first entries.
    assert!(after != before && after.rows() == before.rows() + 5, "{before:?} → {after:?}");
    let rejected = std::fs::read_to_string(&rejected).unwrap();
    let lines: Vec<&str> = rejected.lines().collect();
    assert_eq!(lines.len(), 3, "{rejected}");
    assert!(lines[0].ends_with(",房屋编码,地址,经度,纬度"));
    assert!(lines[1].starts_with("3,") && lines[1].ends_with(&format!(",{existing},新房2号,{x},{y}")), "{rejected}");
    assert!(lines[2].starts_with("4,") && lines[2].contains(",N-1,新房3号,"), "{rejected}");
    let after = load(&db).0;
    assert_eq!(after.houses.len(), district.houses.len() + 2);
    assert!(after.houses.values().any(|h| h.code == "N-2" && h.micro_grid == sample[1].micro_grid));
    all_agree(&db);
}

#[test]
fn rows_that_cannot_be_placed_are_listed_as_unassigned_never_dropped() {
    let mut demo = Demo::new();
    let db = demo.fresh();
    let district = load(&db).0;
    let sample = sample_houses(&district);
    let ids: Vec<String> = (0..5).map(|k| new_id_number(&district, k)).collect();
    let rows = vec![
        format!("甲,{},,{},", ids[0], sample[0].code),
        format!("乙,{},,NO-SUCH-HOUSE,", ids[1]),
        format!("丙,{},,,火星路1号", ids[2]),
        format!("丁,{},,,", ids[3]),
        // A mistyped ID number is the reader's error, named with its check character.
        format!("戊,{}{},,{},", &ids[4][..17], if ids[4].ends_with('0') { '1' } else { '0' }, sample[1].code),
    ];
    let file = demo.write("people.csv", csv("姓名,身份证号,电话,房屋编码,地址", &rows));
    let message = refused_without_a_trace("people", &db, &file, &[]);
    assert!(message.contains("5 行中有 4 行有错误，未导入任何内容"), "{message}");
    assert!(message.contains("值“NO-SUCH-HOUSE”：房屋登记中没有编码为“NO-SUCH-HOUSE”的房屋"), "{message}");
    assert!(message.contains("值“火星路1号”：房屋登记中没有地址为“火星路1号”的房屋"), "{message}");
    assert!(message.contains("既没有房屋编码，也没有地址"), "{message}");
    assert!(message.contains("校验位应为"), "{message}");
    assert!(message.contains("3 of the refused rows are unassigned"), "{message}");

    let rejected = demo.path("people-rejected.csv");
    let report = import("people", &db, &file, &["--good-rows", "--rejected", rejected.to_str().unwrap()]);
    assert_eq!((n(&report, "stored"), n(&report, "rejected"), n(&report, "unassigned")), (1, 4, 3));
    assert_eq!(report["unassigned_rows"], serde_json::json!([3, 4, 5]));
    let written = std::fs::read_to_string(&rejected).unwrap();
    for name in ["乙", "丙", "丁", "戊"] {
        assert!(written.contains(&format!(",{name},")), "{name} is written out: {written}");
    }
    assert!(written.contains("无法定位，未保存：人员登记在房屋登记中的某处房屋"), "{written}");
    all_agree(&db);

    // An isolation of someone not registered, an enterprise outside the district.
    let rows = vec![format!("{},居家隔离,2026-11-23 08:00", ids[0]), format!("{},居家隔离,2026-11-23 08:00", ids[1])];
    let file = demo.write("isolations.csv", csv("身份证号,隔离类型,开始时间", &rows));
    let message = refused_without_a_trace("isolations", &db, &file, &[]);
    assert!(message.contains(&format!("第 3 行，“身份证号”列，值“{}”：人口登记中没有这个身份证号的人", ids[1])), "{message}");
    let rows = vec!["测试外企,制造业,否,10,未复工,,,121.5,31.2".to_owned()];
    let file = demo.write("enterprises.csv", csv("企业名称,行业,规上,职工人数,复工状态,复工日期,返岗人数,经度,纬度", &rows));
    let message = refused_without_a_trace("enterprises", &db, &file, &[]);
    assert!(message.contains("不在本区任何微网格内，也没有房屋编码或地址"), "{message}");
    let rejected = demo.path("enterprises-rejected.csv");
    let before = checksum(&db);
    let report = import("enterprises", &db, &file, &["--dry-run", "--good-rows", "--rejected", rejected.to_str().unwrap()]);
    assert_eq!((n(&report, "stored"), n(&report, "unassigned"), report["dry_run"].as_bool()), (0, 1, Some(true)));
    assert!(std::fs::read_to_string(&rejected).unwrap().contains("测试外企"));
    assert_eq!(checksum(&db), before, "a dry run stores nothing");
}

#[test]
fn a_saved_mapping_reads_a_source_with_its_own_headers() {
    let mut demo = Demo::new();
    let db = demo.fresh();
    let district = load(&db).0;
    let sample = sample_houses(&district);
    let rows = vec![format!("甲,{},{}", new_id_number(&district, 0), sample[0].code)];
    let file = demo.write("people.csv", csv("名字,证件,门牌", &rows));
    let message = refused_without_a_trace("people", &db, &file, &[]);
    assert!(message.contains("必填字段“身份证号”（id_number）没有对应的列"), "{message}");

    let mapping = demo.write("mapping.json", r#"{"id_number": "证件", "house_code": "门牌"}"#);
    let saved = demo.path("saved.json");
    let before = checksum(&db);
    let report =
        import("people", &db, &file, &["--mapping", mapping.to_str().unwrap(), "--save-mapping", saved.to_str().unwrap(), "--dry-run"]);
    assert_eq!((n(&report, "accepted"), n(&report, "stored")), (1, 0));
    assert_eq!(checksum(&db), before, "a dry run stores nothing");
    let saved_mapping: Value = serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(saved_mapping, serde_json::json!({"name": "名字", "id_number": "证件", "house_code": "门牌"}));
    let report = import("people", &db, &file, &["--mapping", saved.to_str().unwrap()]);
    assert_eq!(n(&report, "stored"), 1);
    all_agree(&db);
}

#[test]
fn a_street_leader_imports_within_the_street_and_a_wall_screen_not_at_all() {
    let mut demo = Demo::new();
    let db = demo.fresh();
    let district = load(&db).0;
    let sample = sample_houses(&district);
    let street_of = |house: &House| {
        let leaf = district.hierarchy.id_of(&house.micro_grid).unwrap();
        let street = district.hierarchy.path_to_root(leaf).find(|&id| district.hierarchy.node(id).level == wangge_domain::Level::Street);
        district.hierarchy.node(street.unwrap()).code.0.clone()
    };
    let own = street_of(&sample[0]);
    let other = sample.iter().find(|h| street_of(h) != own).expect("the demo has two streets");
    let file = demo.write("houses.csv", houses_csv(&[sample[0].clone(), other.clone()]));
    let path = file.to_str().unwrap();

    let leader = [("WANGGE_SCOPE", own.as_str()), ("WANGGE_ROLE", "leader"), ("WANGGE_ACCOUNT", "register-test")];
    let before = checksum(&db);
    let message = fails(wangge(&["import", "houses", path, "--db", &db], &leader));
    assert_eq!(checksum(&db), before);
    assert!(message.contains("第 3 行，“经度”列"), "{message}");
    assert!(message.contains(&format!("不在账号 register-test 的管辖范围（{own}）内：该行位于微网格 {}", other.micro_grid)), "{message}");
    let rejected = demo.path("rejected.csv");
    let out =
        ok(wangge(&["import", "houses", path, "--db", &db, "--good-rows", "--rejected", rejected.to_str().unwrap(), "--json"], &leader));
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!((n(&report, "stored"), n(&report, "rejected"), n(&report, "unassigned")), (1, 1, 0));
    verify(&db);

    let screen = [("WANGGE_ROLE", "wall_screen")];
    let before = checksum(&db);
    let message = fails(wangge(&["import", "houses", path, "--db", &db], &screen));
    assert!(message.contains("is a wall screen") || message.contains("无权修改数据"), "{message}");
    assert_eq!(checksum(&db), before);
}

/// The four registers on PostgreSQL: the same story, `verify`'s SQL recount agreeing there.
#[tokio::test(flavor = "multi_thread")]
async fn the_four_registers_on_postgres() {
    let Some(pg) = wangge_store::test_support::PgDb::create("registers").await else { return };
    let url = pg.url.clone();
    tokio::task::spawn_blocking(move || {
        let demo = Demo::without_district();
        ok(wangge(&["demo", "--db", &url, "--seed", "7", "--scale", "small"], &[]));
        let district = load(&url).0;
        let sample = sample_houses(&district);
        let before = stats(&url, None);

        let report = import("houses", &url, &demo.write("houses.csv", houses_csv(&sample[..2])), &[]);
        assert_eq!(n(&report, "stored"), 2);
        verify(&url);
        let ids: Vec<String> = (0..2).map(|k| new_id_number(&district, k)).collect();
        let rows = vec![format!("甲,{},,H-1,", ids[0]), format!("乙,{},,,{}", ids[1], sample[3].address)];
        let report = import("people", &url, &demo.write("people.csv", csv("姓名,身份证号,电话,房屋编码,地址", &rows)), &[]);
        assert_eq!((n(&report, "placed_by_house_code"), n(&report, "placed_by_address")), (1, 1));
        verify(&url);
        let rows = vec![format!("{},集中隔离,2026-11-22 09:00", ids[0]), format!("{},home,2026-11-23 09:00", ids[1])];
        let report = import("isolations", &url, &demo.write("iso.csv", csv("身份证号,隔离类型,开始时间", &rows)), &[]);
        assert_eq!(n(&report, "follow_ups"), 26 + 28);
        verify(&url);
        let rows = vec![format!("测试甲厂,制造业,是,100,全面复工,2026-11-01,90,{},{}", sample[5].location.x(), sample[5].location.y())];
        let header = "企业名称,行业,规上,职工人数,复工状态,复工日期,返岗人数,经度,纬度";
        import("enterprises", &url, &demo.write("ent.csv", csv(header, &rows)), &[]);
        verify(&url);

        let after = stats(&url, None);
        let expected = BTreeMap::from([
            ("isolations_active", 2),
            ("isolations_active_centralised", 1),
            ("isolations_active_home", 1),
            ("isolations_new_today", 1),
            ("enterprises_total", 1),
            ("enterprises_resumed", 1),
            ("workers_total", 100),
            ("workers_back", 90),
        ]);
        assert_eq!(moved(&REGISTER_FIGURES, &before, &after), expected);
        assert_reconciles(&after);
    })
    .await
    .unwrap();
    pg.drop_database().await;
}
