//! `wangge import tickets` end to end, running the real binary on SQLite files (and on
//! PostgreSQL when `WANGGE_TEST_PG_URL` is set): every 311 export in the shared test data,
//! a 12345 export with Chinese headers placed by point, by address and into triage, its GBK
//! copy, XLSX sheets, refusals that leave the database byte for byte as it was, good-rows
//! imports with the rejected-rows report, re-imports caught by the source id, and `verify`
//! agreeing after every import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use wangge_domain::{District, Ticket, TicketCategory, TicketSource, Timestamp};

use crate::support::figures::n;
use crate::support::store::{load, open_store, settle};
use crate::support::{import, import_fails, ok, testdata, verify, wangge, Demo};

/// The tickets stored after `before`'s last id, in id order.
fn new_tickets(before: &District, after: &District) -> Vec<Ticket> {
    let max = before.tickets.keys().max().copied().unwrap_or(0);
    let mut created: Vec<Ticket> = after.tickets.values().filter(|t| t.id > max).cloned().collect();
    created.sort_by_key(|t| t.id);
    created
}

/// The source ids the summaries of these tickets carry (`[12345:ID] ...`).
fn source_ids(tickets: &[Ticket]) -> BTreeSet<String> {
    tickets
        .iter()
        .map(|t| {
            let rest = t.summary.strip_prefix("[12345:").unwrap_or_else(|| panic!("summary {:?}", t.summary));
            rest[..rest.find(']').unwrap()].to_owned()
        })
        .collect()
}

/// The main SQLite file and its WAL, byte for byte (an empty WAL is no WAL: a reader
/// creates one and its last close removes it).
fn file_bytes(db: &str) -> (Vec<u8>, Option<Vec<u8>>) {
    (std::fs::read(db).unwrap(), std::fs::read(format!("{db}-wal")).ok().filter(|wal| !wal.is_empty()))
}

/// Runs a refused import and checks the database did not change: the files byte for byte,
/// every ticket and the change log's last seq. Returns the command's stderr.
fn refused_without_a_trace(db: &str, file: &Path, extra: &[&str]) -> String {
    let (before, seq_before) = load(db);
    let bytes = file_bytes(db);
    let message = import_fails("tickets", db, file, extra);
    settle(db);
    let after_bytes = file_bytes(db);
    assert!(
        after_bytes == bytes,
        "the database file changed after a refused import: main {} → {} bytes (same: {}), wal {:?} → {:?}",
        bytes.0.len(),
        after_bytes.0.len(),
        bytes.0 == after_bytes.0,
        bytes.1.as_ref().map(Vec::len),
        after_bytes.1.as_ref().map(Vec::len)
    );
    let (after, seq_after) = load(db);
    assert_eq!(seq_after, seq_before, "the change log grew after a refused import");
    assert_eq!(after.tickets, before.tickets, "tickets changed after a refused import");
    message
}

/// Every CSV/TSV export under `service-requests/`, recursively.
fn exports(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(exports(&path));
        } else if path.extension().is_some_and(|e| e == "csv" || e == "tsv") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The ids a 311 export carries and how many of its rows have no coordinates, read with
/// the register reader alone (no engine, no database).
fn ids_and_missing_coordinates(path: &Path, mapping: &[(&str, &str)]) -> (BTreeSet<String>, usize) {
    use wangge_registers::{open_table, parse_rows, FromRow, ImportPolicy, ServiceRequestRow, SourceOptions};
    let bytes = std::fs::read(path).unwrap();
    let table = open_table(&bytes, "export", &SourceOptions::default()).unwrap();
    let mut columns = ServiceRequestRow::suggest_mapping(&table.header);
    for (field, column) in mapping {
        columns = columns.with(field, column);
    }
    let rows = parse_rows::<ServiceRequestRow>(&columns.apply(&table).unwrap(), ImportPolicy::AllOrNothing).unwrap().accepted;
    let ids: BTreeSet<String> = rows.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids.len(), rows.len(), "ids are unique within a file");
    (ids, rows.iter().filter(|r| r.is_unassigned()).count())
}

#[test]
fn every_311_export_imports_with_no_row_lost_and_verify_agrees() {
    let Some(data) = testdata() else { return };
    let files = exports(&data.join("service-requests"));
    assert!(files.len() >= 7, "expected the NYC and Boston exports, found {files:?}");
    let mut demo = Demo::new();
    // Boston calls its address column `location`: a saved mapping says so, as a person would.
    let boston_mapping = demo.path("boston-mapping.json");
    std::fs::write(&boston_mapping, r#"{"address": "location"}"#).unwrap();
    for file in &files {
        let name = file.file_name().unwrap().to_str().unwrap();
        let db = demo.fresh();
        let (before, _) = load(&db);
        let mut extra = vec!["--utc-offset", "-05:00"];
        if name.starts_with("boston") {
            extra.extend(["--mapping", boston_mapping.to_str().unwrap()]);
        }
        if name.ends_with("-bad.tsv") {
            // One ragged row: refused as a whole first, then imported without it.
            let message = refused_without_a_trace(&db, file, &extra);
            assert!(message.contains(name) && message.contains("未导入任何内容"), "{message}");
            assert!(message.contains("第 41 行，“第 30 列（AD 列，无表头）”列，值“Citizens Connect App”"), "{message}");
            let rejected = demo.path("boston-rejected.csv");
            let rejected_arg = rejected.to_str().unwrap().to_owned();
            extra.extend(["--good-rows", "--rejected", rejected_arg.as_str()]);
            let report = import("tickets", &db, file, &extra);
            assert_eq!((n(&report, "rows"), n(&report, "imported"), n(&report, "rejected")), (100, 99, 1), "{name}");
            let csv = std::fs::read_to_string(&rejected).unwrap();
            assert!(csv.starts_with('\u{feff}'), "the report opens in Excel as UTF-8");
            let lines: Vec<&str> = csv.lines().collect();
            assert_eq!(lines.len(), 2, "{csv}");
            assert!(lines[1].starts_with("41,") && lines[1].contains("Citizens Connect App"), "{csv}");
            let (after, _) = load(&db);
            assert_eq!(after.tickets.len(), before.tickets.len() + 99);
            verify(&db);
            continue;
        }
        let mapping: &[(&str, &str)] = if name.starts_with("boston") { &[("address", "location")] } else { &[] };
        let (ids, without_coordinates) = ids_and_missing_coordinates(file, mapping);
        let rows = ids.len() as u64;
        let output = wangge(&[&["import", "tickets", file.to_str().unwrap(), "--db", db.as_str(), "--json"], &extra[..]].concat(), &[]);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let report: Value = serde_json::from_str(&ok(output)).unwrap();
        assert!(stderr.contains(&format!("定位工单: {rows}/{rows}")), "progress on stderr: {stderr}");
        assert_eq!(n(&report, "rows"), rows, "{name}");
        assert_eq!(n(&report, "imported"), rows, "{name}: every row becomes a ticket");
        assert_eq!(n(&report, "rejected"), 0, "{name}");
        // American cities lie outside 南湖区: every ticket waits in triage, none is dropped.
        assert_eq!(n(&report, "unassigned"), rows, "{name}");
        assert_eq!(n(&report, "placed_by_point") + n(&report, "placed_by_address"), 0, "{name}");
        assert_eq!(n(&report, "unassigned_without_location"), without_coordinates as u64, "{name}");
        let categories: u64 = report["categories"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
        assert_eq!(categories, rows, "{name}: categories add up");

        let (after, _) = load(&db);
        assert_eq!(after.tickets.len() as u64, before.tickets.len() as u64 + rows, "{name}: ticket count rises by the rows");
        let created = new_tickets(&before, &after);
        assert_eq!(source_ids(&created), ids, "{name}: one ticket per source id");
        for t in &created {
            assert!(t.micro_grid.is_none() && t.source == TicketSource::Hotline12345, "{t:?}");
            // Unplaced: in triage, unless the category goes to a district unit wherever it lies
            // (consumer complaints to the market department, disputes to mediation).
            assert!(t.is_in_triage() || t.owning_unit.contains(':'), "{name}: {} {}", t.category.as_str(), t.owning_unit);
        }
        verify(&db);
    }
}

#[test]
fn the_nyc_subset_keeps_its_unassigned_third_and_maps_complaint_types() {
    let Some(data) = testdata() else { return };
    let file = data.join("service-requests/tuplex-nyc311/311_subset.micro.csv");
    let mut demo = Demo::new();
    let db = demo.fresh();
    let (before, _) = load(&db);
    let report = import("tickets", &db, &file, &["--utc-offset", "-05:00"]);
    assert_eq!(n(&report, "imported"), 2000);
    assert_eq!(n(&report, "unassigned"), 2000);
    assert_eq!(n(&report, "unassigned_without_location"), 598, "29.9% have no coordinates");
    assert_eq!(n(&report, "unassigned_outside"), 1402);
    let categories = &report["categories"];
    assert!(n(categories, "complaint") > 1000, "{categories}");
    assert_eq!(n(categories, "consumer_complaint"), 53 + 50 + 5 + 13 + 8, "consumer, taxi, for-hire, food: {categories}");
    // Unknown categories are counted, named, and filed as consultations: never dropped.
    let unknown = report["unknown_categories"].as_object().unwrap();
    assert_eq!(unknown["SCRIE"], 69);
    assert_eq!(n(&report, "unknown_category_rows"), unknown.values().map(|v| v.as_u64().unwrap()).sum::<u64>());
    assert!(n(categories, "consultation") >= n(&report, "unknown_category_rows"));

    let (after, _) = load(&db);
    let created = new_tickets(&before, &after);
    let first = created.iter().find(|t| t.summary.starts_with("[12345:19937896]")).unwrap();
    // 03/01/2011 02:27:57 PM in New York (EST) is 19:27:57Z.
    assert_eq!(first.received_at, Timestamp(1_299_007_677));
    assert_eq!(first.summary, "[12345:19937896] DOF Property - Payment Issue: Misapplied Payment");
    let noise = created.iter().find(|t| t.summary.contains("Noise - Residential")).unwrap();
    assert_eq!(noise.category, TicketCategory::Complaint);
    // Deadlines come from the lifecycle, counted from the time of the call.
    assert!(created.iter().all(|t| t.deadline > t.received_at));
    verify(&db);

    // The same export again is caught by the source ids, and refused without a trace.
    let message = refused_without_a_trace(&db, &file, &["--utc-offset", "-05:00"]);
    assert!(message.contains("2000 行中有 2000 行有错误") && message.contains("已导入为工单"), "{message}");
    assert!(message.contains("“Unique Key”列"), "{message}");
}

/// A 12345 export with Chinese headers, built around the demo's own houses.
struct Hotline {
    csv: String,
    /// The micro-grid the point row should land in, and the one the address row should.
    by_point: String,
    by_address: String,
}

fn hotline_export(district: &District) -> Hotline {
    let mut houses: Vec<_> = district.houses.values().collect();
    houses.sort_by_key(|h| h.id);
    let point_house = houses[houses.len() / 3];
    let address_house = houses
        .iter()
        .filter(|h| h.micro_grid != point_house.micro_grid)
        .find(|h| houses.iter().filter(|o| o.address.trim() == h.address.trim()).count() == 1)
        .expect("a house with an address of its own");
    let (lon, lat) = (point_house.location.x(), point_house.location.y());
    let rows = [
        ["编号", "来电时间", "诉求类型", "诉求内容", "地址", "经度", "纬度"].map(String::from),
        ["A001", "2026-11-20 09:15:00", "投诉", "夜间施工噪音扰民", "", &lon.to_string(), &lat.to_string()].map(String::from),
        ["A002", "2026/11/21 14:30", "企业诉求", "企业用工招聘需协调", &address_house.address, "", ""].map(String::from),
        ["A003", "2026年11月22日 08:00", "表扬", "感谢社区网格员，\"上门\"服务", "不存在的地址", "", ""].map(String::from),
        ["A004", "2026-11-22 10:00", "疫情", "发现返乡人员未报备", "", "121.47", "31.23"].map(String::from),
    ];
    let mut csv = String::new();
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
        csv.push_str(&cells.join(","));
        csv.push_str("\r\n");
    }
    Hotline { csv, by_point: point_house.micro_grid.0.clone(), by_address: address_house.micro_grid.0.clone() }
}

#[test]
fn a_12345_export_is_placed_by_point_then_address_and_the_rest_waits_in_triage() {
    let mut demo = Demo::new();
    let db = demo.fresh();
    let (before, _) = load(&db);
    let hotline = hotline_export(&before);
    let file = demo.path("12345.csv");
    std::fs::write(&file, &hotline.csv).unwrap();
    let stats_before: Value = serde_json::from_str(&ok(wangge(&["stats", "--db", &db, "--json"], &[]))).unwrap();

    let report = import("tickets", &db, &file, &[]);
    assert_eq!(n(&report, "imported"), 4);
    assert_eq!(n(&report, "placed_by_point"), 1);
    assert_eq!(n(&report, "placed_by_address"), 1);
    assert_eq!(n(&report, "unassigned"), 2);
    assert_eq!(n(&report, "unassigned_without_location"), 1);
    assert_eq!(n(&report, "unassigned_outside"), 1);
    assert_eq!(report["unknown_categories"], serde_json::json!({"表扬": 1}));
    assert_eq!(report["read_as"], "CSV (','), UTF-8");

    let (after, _) = load(&db);
    let created: BTreeMap<String, Ticket> = new_tickets(&before, &after).into_iter().map(|t| (t.summary[7..11].to_owned(), t)).collect();
    assert_eq!(created.len(), 4);
    let a1 = &created["A001"];
    assert_eq!(a1.micro_grid.as_ref().map(|c| c.0.as_str()), Some(hotline.by_point.as_str()));
    assert_eq!(a1.category, TicketCategory::Complaint);
    assert_eq!(a1.summary, "[12345:A001] 投诉: 夜间施工噪音扰民");
    assert_eq!(a1.received_at, Timestamp::from_local(2026, 11, 20, 9, 15), "times are China Standard Time");
    assert_ne!(a1.owning_unit, "triage");
    let a2 = &created["A002"];
    assert_eq!(a2.micro_grid.as_ref().map(|c| c.0.as_str()), Some(hotline.by_address.as_str()));
    assert_eq!(a2.category, TicketCategory::EnterpriseDemand);
    let a3 = &created["A003"];
    assert_eq!((a3.micro_grid.clone(), a3.category, a3.is_in_triage()), (None, TicketCategory::Consultation, true));
    assert_eq!(a3.summary, "[12345:A003] 表扬: 感谢社区网格员，\"上门\"服务");
    assert_eq!(a3.received_at, Timestamp::from_local(2026, 11, 22, 8, 0));
    let a4 = &created["A004"];
    assert_eq!((a4.micro_grid.clone(), a4.category), (None, TicketCategory::EpidemicLead));
    assert!(a4.location.is_some(), "a point outside the district is kept for the dispatcher");

    // The two placed tickets count in the figures; the two in triage in none.
    let stats_after: Value = serde_json::from_str(&ok(wangge(&["stats", "--db", &db, "--json"], &[]))).unwrap();
    let received = |s: &Value| s["metrics"]["tickets_received"].as_u64().unwrap();
    assert_eq!(received(&stats_after), received(&stats_before) + 2);
    verify(&db);

    // Importing it again: every row is already there; with --good-rows nothing new either.
    let message = refused_without_a_trace(&db, &file, &[]);
    assert!(message.contains("第 2 行，“编号”列，值“A001”：已导入为工单"), "{message}");
    let again = import("tickets", &db, &file, &["--good-rows"]);
    assert_eq!((n(&again, "imported"), n(&again, "rejected")), (0, 4));
    assert_eq!(load(&db).0.tickets.len(), after.tickets.len());
}

#[test]
fn a_gbk_copy_imports_identically() {
    let mut demo = Demo::new();
    let (utf8_db, gbk_db, stated_db) = (demo.fresh(), demo.fresh(), demo.fresh());
    let (before, _) = load(&utf8_db);
    let hotline = hotline_export(&before);
    let utf8 = demo.path("12345-utf8.csv");
    std::fs::write(&utf8, &hotline.csv).unwrap();
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&hotline.csv);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "the copy really is GBK");
    let gbk = demo.path("12345-gbk.csv");
    std::fs::write(&gbk, &bytes).unwrap();

    let utf8_report = import("tickets", &utf8_db, &utf8, &[]);
    let detected = import("tickets", &gbk_db, &gbk, &[]);
    let stated = import("tickets", &stated_db, &gbk, &["--encoding", "gbk"]);
    assert_eq!(detected["read_as"], "CSV (','), GBK/GB18030");
    for report in [&detected, &stated] {
        for key in ["imported", "ticket_ids", "placed_by_point", "placed_by_address", "unassigned", "categories", "unknown_categories"] {
            assert_eq!(report[key], utf8_report[key], "{key}");
        }
    }
    let from_utf8 = new_tickets(&before, &load(&utf8_db).0);
    assert_eq!(from_utf8.len(), 4);
    assert_eq!(new_tickets(&before, &load(&gbk_db).0), from_utf8, "same tickets from the GBK copy");
    assert_eq!(new_tickets(&before, &load(&stated_db).0), from_utf8, "same tickets with --encoding gbk");
    verify(&gbk_db);

    // Stating GBK for the UTF-8 file would garble it: refused, naming the line.
    let message = refused_without_a_trace(&demo.fresh(), &utf8, &["--encoding", "gbk"]);
    assert!(message.contains("有效 UTF-8") && message.contains("第 1 行"), "{message}");
}

fn write_row(sheet: &mut rust_xlsxwriter::Worksheet, row: u32, cells: &[&str]) {
    for (col, value) in cells.iter().enumerate() {
        if !value.is_empty() {
            sheet.write_string(row, col as u16, *value).unwrap();
        }
    }
}

#[test]
fn a_workbook_missing_required_columns_is_refused_by_name_and_changes_nothing() {
    let mut demo = Demo::new();
    let db = demo.fresh();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet().set_name("工单").unwrap();
    write_row(sheet, 0, &["编号", "诉求内容", "地址"]);
    write_row(sheet, 1, &["B001", "路灯不亮", "南湖区某路1号"]);
    let file = demo.path("missing.xlsx");
    workbook.save(&file).unwrap();

    let message = refused_without_a_trace(&db, &file, &[]);
    assert!(message.contains("missing.xlsx"), "{message}");
    assert!(message.contains("必填字段“类别”（category）没有对应的列"), "{message}");
    assert!(message.contains("必填字段“受理时间”（created_at）没有对应的列"), "{message}");
    assert!(message.contains("文件中的列：编号、诉求内容、地址"), "{message}");
    assert!(message.contains("未导入任何内容"), "{message}");

    // A saved mapping naming a column the file does not have is refused the same way.
    let mapping = demo.path("mapping.json");
    std::fs::write(&mapping, r#"{"columns": {"category": "诉求分类", "created_at": "受理日期"}, "required": ["category"]}"#).unwrap();
    let message = refused_without_a_trace(&db, &file, &["--mapping", mapping.to_str().unwrap()]);
    assert!(message.contains("必填字段“类别”（category）对应的列“诉求分类”不存在"), "{message}");
    std::fs::write(&mapping, r#"{"catgory": "诉求分类"}"#).unwrap();
    let message = refused_without_a_trace(&db, &file, &["--mapping", mapping.to_str().unwrap()]);
    assert!(message.contains("无法识别的字段 \"catgory\""), "{message}");
    verify(&db);
}

#[test]
fn a_named_sheet_with_mapped_columns_and_a_bad_row() {
    let mut demo = Demo::new();
    let db = demo.fresh();
    let (before, _) = load(&db);
    let mut workbook = rust_xlsxwriter::Workbook::new();
    write_row(workbook.add_worksheet().set_name("说明").unwrap(), 0, &["本表由12345热线导出"]);
    let sheet = workbook.add_worksheet().set_name("工单").unwrap();
    write_row(sheet, 0, &["工单流水号", "受理时间", "问题分类", "问题描述", "经度", "纬度"]);
    write_row(sheet, 1, &["C001", "2026-11-01 08:00", "消费投诉", "商家拒绝退款", "", ""]);
    write_row(sheet, 2, &["C002", "2026-11-02 09:30", "纠纷", "邻里噪音纠纷", "", ""]);
    write_row(sheet, 3, &["C003", "2026-11-31 10:00", "咨询", "医保如何办理", "", ""]);
    write_row(sheet, 4, &["C004", "2026-11-03 11:00", "求助", "老人走失", "120.75", ""]);
    sheet.write_number(5, 0, 5).unwrap();
    // A date cell that lost its format reads as an Excel serial: 46000.5 is 2025-12-09 12:00.
    sheet.write_number(5, 1, 46000.5).unwrap();
    write_row(sheet, 5, &["", "", "建议", "增设公交站"]);
    let file = demo.path("hotline.xlsx");
    workbook.save(&file).unwrap();
    let mapping = demo.path("mapping.json");
    std::fs::write(&mapping, r#"{"id": "工单流水号", "created_at": "受理时间", "category": "问题分类"}"#).unwrap();
    let mapping = mapping.to_str().unwrap();

    // The first sheet is read by default, and it has none of the columns.
    let message = refused_without_a_trace(&db, &file, &[]);
    assert!(message.contains("没有对应的列") && message.contains("本表由12345热线导出"), "{message}");
    // The right sheet: rows 4 (no 31 November) and 5 (longitude without latitude) refuse it all.
    let rejected = demo.path("rejected.csv");
    let rejected = rejected.to_str().unwrap();
    let message = refused_without_a_trace(&db, &file, &["--sheet", "工单", "--mapping", mapping, "--rejected", rejected]);
    assert!(message.contains("5 行中有 2 行有错误，未导入任何内容"), "{message}");
    assert!(message.contains("第 4 行，“受理时间”列，值“2026-11-31 10:00”"), "{message}");
    assert!(message.contains("第 5 行，“纬度”列"), "{message}");
    let report_text = std::fs::read_to_string(rejected).unwrap();
    assert_eq!(report_text.lines().count(), 3, "header and two rows: {report_text}");

    let report = import("tickets", &db, &file, &["--sheet", "工单", "--mapping", mapping, "--good-rows", "--rejected", rejected]);
    assert_eq!((n(&report, "imported"), n(&report, "rejected")), (3, 2));
    assert_eq!(report["read_as"], "XLSX, sheet \"工单\"");
    assert_eq!(report["categories"], serde_json::json!({"consumer_complaint": 1, "dispute": 1, "suggestion": 1}));
    let created = new_tickets(&before, &load(&db).0);
    assert_eq!(created.len(), 3);
    let serial = created.iter().find(|t| t.summary.starts_with("[12345:5]")).unwrap();
    assert_eq!(serial.received_at, Timestamp::from_local(2025, 12, 9, 12, 0));
    verify(&db);
}

#[test]
fn rows_dated_after_now_and_other_sources_are_named() {
    let mut demo = Demo::new();
    let db = demo.fresh();
    let file = demo.path("future.csv");
    std::fs::write(&file, "编号,来电时间,诉求类型,诉求内容\nD001,2026-11-23 09:00,建议,增设路灯\nD002,2026-11-23 11:00,建议,增设座椅\n")
        .unwrap();
    let message = refused_without_a_trace(&db, &file, &[]);
    assert!(message.contains("第 3 行，“来电时间”列，值“2026-11-23 11:00:00”：晚于导入时间"), "{message}");
    // In New York time 09:00 is already past Beijing's 10:00 too: both refused.
    let message = refused_without_a_trace(&db, &file, &["--utc-offset", "-05:00"]);
    assert!(message.contains("2 行中有 2 行有错误"), "{message}");
    let bad = import_fails("tickets", &db, &file, &["--source", "fax"]);
    assert!(bad.contains("unknown source \"fax\"") && bad.contains("hotline_12345"), "{bad}");

    let (before, _) = load(&db);
    let report = import("tickets", &db, &file, &["--good-rows", "--source", "mini_program"]);
    assert_eq!((n(&report, "imported"), n(&report, "rejected")), (1, 1));
    let created = new_tickets(&before, &load(&db).0);
    assert_eq!(created[0].source, TicketSource::MiniProgram);
    assert_eq!(created[0].summary, "[mini_program:D001] 建议: 增设路灯");
    verify(&db);
}

/// The same import on PostgreSQL: one transaction there too, refusals leave no trace, and
/// `verify`'s SQL recount agrees.
#[tokio::test(flavor = "multi_thread")]
async fn the_nyc_subset_and_a_refusal_on_postgres() {
    let Some(data) = testdata() else { return };
    let Some(pg) = wangge_store::test_support::PgDb::create("import_tickets").await else { return };
    let url = pg.url.clone();
    let nyc = data.join("service-requests/tuplex-nyc311/311_subset.micro.csv");
    let bad = data.join("service-requests/qsv-fixtures/boston311-100-bad.tsv");
    {
        let (url, nyc, bad) = (url.clone(), nyc.clone(), bad.clone());
        tokio::task::spawn_blocking(move || {
            ok(wangge(&["demo", "--db", &url, "--seed", "7", "--scale", "small"], &[]));
            let message = import_fails("tickets", &url, &bad, &[]);
            assert!(message.contains("第 41 行"), "{message}");
            let report = import("tickets", &url, &nyc, &["--utc-offset", "-05:00"]);
            assert_eq!((n(&report, "imported"), n(&report, "unassigned_without_location")), (2000, 598));
            verify(&url);
        })
        .await
        .unwrap();
    }
    let store = open_store(&url).await;
    let (district, seq) = store.load_district().await.unwrap();
    let imported = district.tickets.values().filter(|t| t.summary.starts_with("[12345:")).count();
    assert_eq!(imported, 2000);
    store.close().await;
    // Refused again as already imported: the change log does not move.
    let message = tokio::task::spawn_blocking({
        let (url, nyc) = (url.clone(), nyc.clone());
        move || import_fails("tickets", &url, &nyc, &["--utc-offset", "-05:00"])
    })
    .await
    .unwrap();
    assert!(message.contains("已导入为工单"), "{message}");
    let store = open_store(&url).await;
    assert_eq!(store.load_district().await.unwrap().1, seq);
    store.close().await;
    pg.drop_database().await;
}
