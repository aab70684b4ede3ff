//! `wangge import tickets --mapping M.json` with a grid system's event list (issue 8): Chinese
//! event types and states that the bundled tables do not name exactly, US-style times with no
//! zone, value maps for categories and states, statuses and times that become each ticket's
//! history, unknown values counted in the summary, day/month files decided as a whole, and
//! mappings that name columns the file lacks. The events lie on the demo's own houses, so
//! each must land in the house's micro-grid; `verify` agrees after every import.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use wangge_domain::lifecycle::TicketStatus;
use wangge_domain::{District, House, Ticket, TicketCategory, Timestamp};

use crate::support::figures::n;
use crate::support::store::load;
use crate::support::{fails, ok, small_demo, verify, wangge};

fn import_args<'a>(db: &'a str, file: &'a Path, mapping: &'a Path) -> Vec<&'a str> {
    vec!["import", "tickets", file.to_str().unwrap(), "--db", db, "--mapping", mapping.to_str().unwrap()]
}

/// Quoted CSV lines, CRLF as Excel writes them.
fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Houses spread over the district, one per micro-grid, in a fixed order.
fn houses_in_distinct_micro_grids(district: &District, count: usize) -> Vec<&House> {
    let mut houses: Vec<&House> = district.houses.values().collect();
    houses.sort_by_key(|h| h.id);
    let mut seen = std::collections::BTreeSet::new();
    let picked: Vec<&House> = houses.into_iter().filter(|h| seen.insert(h.micro_grid.clone())).take(count).collect();
    assert_eq!(picked.len(), count, "the demo has {count} micro-grids with houses");
    picked
}

/// One kind of event row: its type and state as the grid system writes them, the times it
/// gives besides the report time (resolved, closed; US style), and what the import must make.
struct Kind {
    category: &'static str,
    status: &'static str,
    resolved: &'static str,
    closed: &'static str,
    expected_category: TicketCategory,
    expected_status: TicketStatus,
}

const KINDS: [Kind; 6] = [
    // Mapped by the value maps; times given.
    Kind {
        category: "市容环境",
        status: "网格员关闭",
        resolved: "9/30/2018 10:15:00",
        closed: "10/1/2018 09:00:00",
        expected_category: TicketCategory::Complaint,
        expected_status: TicketStatus::Closed,
    },
    // Known by the bundled keyword tables alone; accepted with no time of its own.
    Kind {
        category: "消防安全",
        status: "处置中",
        resolved: "",
        closed: "",
        expected_category: TicketCategory::Complaint,
        expected_status: TicketStatus::Accepted,
    },
    // The value maps translate a category the tables cannot know.
    Kind {
        category: "门前三包",
        status: "核查通过",
        resolved: "10/2/2018 16:20:05",
        closed: "",
        expected_category: TicketCategory::Complaint,
        expected_status: TicketStatus::Resolved,
    },
    // An unknown category: a consultation, counted.
    Kind {
        category: "其他事项",
        status: "待受理",
        resolved: "",
        closed: "",
        expected_category: TicketCategory::Consultation,
        expected_status: TicketStatus::Received,
    },
    // An unknown status: counted, and the row's own times decide (a closing time: closed).
    Kind {
        category: "环境卫生",
        status: "挂账",
        resolved: "",
        closed: "10/3/2018 11:00:00",
        expected_category: TicketCategory::Complaint,
        expected_status: TicketStatus::Closed,
    },
    // Closed with no time at all: the report time stands in, and that is counted.
    Kind {
        category: "消防安全",
        status: "网格员关闭",
        resolved: "",
        closed: "",
        expected_category: TicketCategory::Complaint,
        expected_status: TicketStatus::Closed,
    },
];

/// `9/30/2018 08:58:48` in China Standard Time, the instant.
fn cst(month: u32, day: u32, hour: u32, minute: u32, second: i64) -> Timestamp {
    Timestamp::from_local(2018, month, day, hour, minute).plus_secs(second)
}

#[test]
fn grid_events_with_chinese_states_and_us_times_import_as_mapped() {
    let (dir, db) = small_demo();
    let before = load(&db).0;
    let houses = houses_in_distinct_micro_grids(&before, 24);
    let mut rows =
        vec![["事件编号", "上报时间", "事件类型", "事件描述", "当前状态", "处置时间", "结案时间", "X", "Y"].map(String::from).to_vec()];
    for (i, house) in houses.iter().enumerate() {
        let kind = &KINDS[i % KINDS.len()];
        rows.push(vec![
            format!("SJ{i:04}"),
            "9/30/2018 08:58:48".to_owned(),
            kind.category.to_owned(),
            format!("网格巡查发现{}问题", kind.category),
            kind.status.to_owned(),
            kind.resolved.to_owned(),
            kind.closed.to_owned(),
            house.location.x().to_string(),
            house.location.y().to_string(),
        ]);
    }
    let file = dir.path().join("grid-events.csv");
    std::fs::write(&file, csv(&rows)).unwrap();
    let mapping = dir.path().join("mapping.json");
    std::fs::write(
        &mapping,
        r#"{"id": "事件编号", "created_at": "上报时间", "category": "事件类型", "description": "事件描述",
            "status": "当前状态", "resolved_at": "处置时间", "lon": "X", "lat": "Y",
            "categories": {"门前三包": "complaint"},
            "statuses": {"网格员关闭": "closed", "核查通过": "resolved"}}"#,
    )
    .unwrap();

    let mut args = import_args(&db, &file, &mapping);
    args.push("--json");
    let report: Value = serde_json::from_str(&ok(wangge(&args, &[]))).unwrap();
    let per_kind = (houses.len() / KINDS.len()) as u64;
    assert_eq!((n(&report, "rows"), n(&report, "imported"), n(&report, "rejected")), (24, 24, 0), "{report}");
    assert_eq!(n(&report, "placed_by_point"), 24, "every event lies in a micro-grid: {report}");
    assert_eq!(report["unknown_categories"], serde_json::json!({"其他事项": per_kind}));
    assert_eq!(report["unknown_statuses"], serde_json::json!({"挂账": per_kind}));
    assert_eq!(n(&report, "unknown_status_rows"), per_kind);
    // 处置中 with no acceptance time and 网格员关闭 with no time at all.
    assert_eq!(n(&report, "status_times_assumed"), 2 * per_kind);
    assert_eq!(
        report["statuses"],
        serde_json::json!({"closed": 3 * per_kind, "accepted": per_kind, "resolved": per_kind, "received": per_kind})
    );
    assert_eq!(report["date_order"], "month_first");

    let after = load(&db).0;
    let reported = cst(9, 30, 8, 58, 48);
    let by_id: BTreeMap<i64, &Ticket> = after.tickets.iter().map(|(id, t)| (*id, t)).collect();
    let ids: Vec<i64> = report["ticket_ids"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
    assert_eq!(ids.len(), houses.len());
    for (i, id) in ids.iter().enumerate() {
        let kind = &KINDS[i % KINDS.len()];
        let ticket = by_id[id];
        assert!(ticket.summary.starts_with(&format!("[12345:SJ{i:04}] {}", kind.category)), "{}", ticket.summary);
        assert_eq!(ticket.micro_grid.as_ref(), Some(&houses[i].micro_grid), "row {i} lands in its house's micro-grid");
        assert_eq!(ticket.received_at, reported, "9/30/2018 08:58:48 is 30 September, Beijing time");
        assert_eq!((ticket.category, ticket.status), (kind.expected_category, kind.expected_status), "row {i}");
        let (accepted, resolved, closed) = match i % KINDS.len() {
            0 => (cst(9, 30, 10, 15, 0), Some(cst(9, 30, 10, 15, 0)), Some(cst(10, 1, 9, 0, 0))),
            1 => (reported, None, None),
            2 => (cst(10, 2, 16, 20, 5), Some(cst(10, 2, 16, 20, 5)), None),
            3 => {
                assert_eq!((ticket.accepted_at, ticket.resolved_at, ticket.closed_at), (None, None, None));
                continue;
            }
            4 => (cst(10, 3, 11, 0, 0), Some(cst(10, 3, 11, 0, 0)), Some(cst(10, 3, 11, 0, 0))),
            _ => (reported, Some(reported), Some(reported)),
        };
        assert_eq!((ticket.accepted_at, ticket.resolved_at, ticket.closed_at), (Some(accepted), resolved, closed), "row {i}");
    }

    // The history the seats read says the same.
    let first: Value = serde_json::from_str(&ok(wangge(&["tickets", "--db", &db, "--id", &ids[0].to_string(), "--json"], &[]))).unwrap();
    assert_eq!(first["row"]["status"], "closed", "{first}");
    let timeline: Vec<(String, i64)> =
        first["timeline"].as_array().unwrap().iter().map(|e| (e["kind"].as_str().unwrap().to_owned(), e["at"].as_i64().unwrap())).collect();
    let at = |t: Timestamp| t.secs();
    assert_eq!(
        timeline,
        vec![
            ("received".to_owned(), at(reported)),
            ("accepted".to_owned(), at(cst(9, 30, 10, 15, 0))),
            ("resolved".to_owned(), at(cst(9, 30, 10, 15, 0))),
            ("closed".to_owned(), at(cst(10, 1, 9, 0, 0))),
        ]
    );
    let second: Value = serde_json::from_str(&ok(wangge(&["tickets", "--db", &db, "--id", &ids[1].to_string(), "--json"], &[]))).unwrap();
    assert_eq!(second["row"]["status"], "accepted", "{second}");
    verify(&db);

    // The text summary names the unknown values with their counts.
    let mut again = vec![rows[0].clone(), rows[4].clone()];
    again[1][0] = "SJ9999".to_owned();
    let file = dir.path().join("one-more.csv");
    std::fs::write(&file, csv(&again)).unwrap();
    let text = ok(wangge(&import_args(&db, &file, &mapping), &[]));
    assert!(text.contains("unknown categories       1 rows filed as consultation: \"其他事项\" 1"), "{text}");
    assert!(text.contains("statuses                 received 1"), "{text}");
    verify(&db);
}

#[test]
fn a_file_with_a_day_above_12_reads_every_slash_date_day_first() {
    let (dir, db) = small_demo();
    let before = load(&db).0;
    let house = houses_in_distinct_micro_grids(&before, 1)[0];
    let (x, y) = (house.location.x().to_string(), house.location.y().to_string());
    let (x, y) = (x.as_str(), y.as_str());
    let rows: Vec<Vec<String>> = [
        ["编号", "上报时间", "类型", "状态", "关闭时间", "经度", "纬度"],
        ["D1", "1/10/2018 09:00:00", "市容环境", "网格员关闭", "2/10/2018 10:00:00", x, y],
        ["D2", "30/9/2018 08:58:48", "消防安全", "办理中", "", x, y],
    ]
    .iter()
    .map(|r| r.map(String::from).to_vec())
    .collect();
    let file = dir.path().join("day-first.csv");
    std::fs::write(&file, csv(&rows)).unwrap();
    let mapping = dir.path().join("mapping.json");
    std::fs::write(&mapping, r#"{"category": "类型"}"#).unwrap();
    let output = wangge(&[&import_args(&db, &file, &mapping)[..], &["--json"][..]].concat(), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report: Value = serde_json::from_str(&ok(output)).unwrap();
    assert_eq!(report["date_order"], "day_first");
    assert!(stderr.contains("按日/月/年读取，依据是第 3 行“上报时间”列的“30/9/2018 08:58:48”"), "{stderr}");
    let after = load(&db).0;
    let ids: Vec<i64> = report["ticket_ids"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
    let d1 = &after.tickets[&ids[0]];
    assert_eq!((d1.received_at, d1.closed_at), (cst(10, 1, 9, 0, 0), Some(cst(10, 2, 10, 0, 0))), "1/10 is 1 October");
    assert_eq!(d1.status, TicketStatus::Closed);
    assert_eq!(after.tickets[&ids[1]].received_at, cst(9, 30, 8, 58, 48));
    verify(&db);

    // A file that writes both orders cannot be read either way: refused, naming the cell.
    let mixed: Vec<Vec<String>> =
        [["编号", "上报时间", "类型"], ["M1", "9/30/2018 08:58:48", "市容环境"], ["M2", "13/1/2018 08:00:00", "市容环境"]]
            .iter()
            .map(|r| r.map(String::from).to_vec())
            .collect();
    let file = dir.path().join("mixed.csv");
    std::fs::write(&file, csv(&mixed)).unwrap();
    let message = fails(wangge(&import_args(&db, &file, &mapping), &[]));
    assert!(message.contains("第 2 行，“上报时间”列，值“9/30/2018 08:58:48”"), "{message}");
    assert!(message.contains("按日/月/年读不成真实日期"), "{message}");
}

#[test]
fn mappings_that_do_not_fit_the_file_list_its_columns() {
    let (dir, db) = small_demo();
    let file = dir.path().join("events.csv");
    std::fs::write(&file, "编号,上报时间,类型\r\nA1,9/30/2018 08:58:48,市容环境\r\n").unwrap();
    let columns = "文件中的列：编号、上报时间、类型";
    let cases = [
        (r#"{"status": "处理结果"}"#, vec!["字段“状态”（status）对应的列“处理结果”不存在", columns]),
        (r#"{"statuses": {"网格员关闭": "closed"}}"#, vec!["\"statuses\"", "字段 status 的值，但该字段没有对应的列", columns]),
        (r#"{"statuses": {"挂起": "suspended"}}"#, vec!["\"挂起\"", "received, accepted, resolved, closed"]),
        (r#"{"categories": {"市容环境": "noise"}}"#, vec!["\"noise\" 不是工单类别", "complaint"]),
        (r#"{"colours": {"a": "b"}}"#, vec!["无法识别的值对应 \"colours\"", "categories, statuses"]),
    ];
    for (i, (text, wanted)) in cases.iter().enumerate() {
        let mapping = dir.path().join(format!("mapping-{i}.json"));
        std::fs::write(&mapping, text).unwrap();
        let message = fails(wangge(&import_args(&db, &file, &mapping), &[]));
        for part in wanted {
            assert!(message.contains(part), "{text}: {part:?} missing from: {message}");
        }
    }
    assert!(load(&db).0.tickets.values().all(|t| !t.summary.starts_with("[12345:A1]")), "nothing was imported");
}
