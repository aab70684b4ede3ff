//! Screening batches end to end through the real `wangge` binary, on a SQLite demo and on
//! PostgreSQL: a list made of real house addresses plus unknown ones is split into one part
//! per grid (the unknown ones unplaced, never dropped); outcomes are recorded within scope
//! only; progress rolls up (a community equals the sum over its grids); only commanders
//! reassign; GBK and XLSX copies split alike; a list without an address column stores
//! nothing; and `wangge verify` agrees after every step.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Output;

use serde_json::Value;
use wangge_domain::{District, Level};

use crate::support::figures::n;
use crate::support::store::{block_on, load};
use crate::support::{demo_in, fails, json, ok, verify, wangge};

/// Three days after `NOW`, past the deadline below.
const AFTER_DEADLINE: &str = "1795658400";
const DEADLINE: &str = "2026-11-25";
const DISTRICT: &str = "330402";
const UNKNOWN_ADDRESSES: [&str; 2] = ["嘉兴市南湖区不存在路1号", "浙江省某市查无此处8幢"];

/// The figures of task progress that add up over a node's children.
const PROGRESS_FIGURES: [&str; 11] = [
    "items",
    "done",
    "found_under_control",
    "isolated",
    "left_district",
    "not_found",
    "unplaced_items",
    "parts",
    "parts_complete",
    "parts_overdue",
    "parts_verified",
];

/// A real house of the demo, with the nodes above it.
#[derive(Debug, Clone)]
struct Place {
    address: String,
    micro_grid: String,
    grid: String,
    community: String,
    street: String,
}

/// The people of the list: three from grid A and two from grid B of one community, two
/// from grid D of another street, all at addresses only one house has; then two unknowns.
struct Batch {
    a: Vec<Place>,
    b: Vec<Place>,
    d: Vec<Place>,
}

impl Batch {
    fn pick(district: &District) -> Batch {
        let hierarchy = &district.hierarchy;
        let mut uses: HashMap<&str, usize> = HashMap::new();
        for house in district.houses.values() {
            *uses.entry(house.address.trim()).or_default() += 1;
        }
        let mut houses: Vec<_> = district.houses.values().filter(|h| uses[h.address.trim()] == 1).collect();
        houses.sort_by_key(|h| h.id);
        let mut by_grid: BTreeMap<String, Vec<Place>> = BTreeMap::new();
        for house in houses {
            let leaf = hierarchy.id_of(&house.micro_grid).unwrap();
            let above = |level: Level| {
                let id = hierarchy.path_to_root(leaf).find(|&n| hierarchy.node(n).level == level).unwrap();
                hierarchy.node(id).code.0.clone()
            };
            let place = Place {
                address: house.address.trim().to_owned(),
                micro_grid: house.micro_grid.0.clone(),
                grid: above(Level::Grid),
                community: above(Level::Community),
                street: above(Level::Street),
            };
            by_grid.entry(place.grid.clone()).or_default().push(place);
        }
        let mut by_community: BTreeMap<String, Vec<&Vec<Place>>> = BTreeMap::new();
        for places in by_grid.values().filter(|p| p.len() >= 3) {
            by_community.entry(places[0].community.clone()).or_default().push(places);
        }
        let grids = by_community.values().find(|grids| grids.len() >= 2).expect("a community with two grids of houses");
        let (a, b) = (grids[0][..3].to_vec(), grids[1][..2].to_vec());
        let d = by_grid.values().find(|p| p.len() >= 2 && p[0].street != a[0].street).expect("a grid with houses in another street")[..2]
            .to_vec();
        Batch { a, b, d }
    }

    fn people(&self) -> Vec<(String, String, String)> {
        let addresses = self.a.iter().chain(&self.b).chain(&self.d).map(|p| p.address.clone());
        let addresses = addresses.chain(UNKNOWN_ADDRESSES.iter().map(|a| a.to_string()));
        addresses.enumerate().map(|(i, address)| (format!("排查对象{}", i + 1), format!("3304021990010{:05}", i + 1), address)).collect()
    }

    fn csv(&self) -> String {
        let mut text = String::from("序号,姓名,身份证号,地址\n");
        for (i, (name, id, address)) in self.people().into_iter().enumerate() {
            text.push_str(&format!("{},{name},{id},{address}\n", i + 1));
        }
        text
    }

    /// Grid code → number of people, in the order the parts come (by grid code).
    fn expected_split(&self) -> Vec<(String, u64)> {
        let mut split: Vec<(String, u64)> =
            [&self.a, &self.b, &self.d].iter().map(|places| (places[0].grid.clone(), places.len() as u64)).collect();
        split.sort();
        split
    }
}

fn import(db: &str, file: &Path, title: &str, extra: &[&str]) -> Value {
    let mut args = vec!["task", "import", file.to_str().unwrap(), "--db", db, "--title", title, "--deadline", DEADLINE, "--json"];
    args.extend_from_slice(extra);
    json(wangge(&args, &[]))
}

/// (owner, items, unplaced) of every part, in order.
fn split_of(report: &Value) -> Vec<(String, u64, bool)> {
    report["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let part = &p["part"];
            (part["owner"]["code"].as_str().unwrap().to_owned(), part["items"].as_u64().unwrap(), part["unplaced"].as_bool().unwrap())
        })
        .collect()
}

fn part_of<'a>(report: &'a Value, owner: &str) -> &'a Value {
    report["parts"].as_array().unwrap().iter().find(|p| p["part"]["owner"]["code"] == owner).unwrap_or_else(|| panic!("no part of {owner}"))
}

fn item_ids(part: &Value) -> Vec<String> {
    part["item_ids"].as_array().unwrap().iter().map(|id| id.as_i64().unwrap().to_string()).collect()
}

fn progress(db: &str, node: &str, batch: &str, env: &[(&str, &str)]) -> Value {
    json(wangge(&["task", "progress", "--db", db, "--node", node, "--batch", batch, "--json"], env))
}

fn outcome(db: &str, item: &str, outcome: &str, env: &[(&str, &str)]) -> Output {
    wangge(&["task", "outcome", "--db", db, "--item", item, "--outcome", outcome, "--json"], env)
}

/// Every additive figure of the report's node equals the sum over its children.
fn assert_sum_of_children(report: &Value) {
    let children = report["children"].as_array().unwrap();
    assert!(!children.is_empty());
    for name in PROGRESS_FIGURES {
        let sum: u64 = children.iter().map(|c| n(&c["figures"], name)).sum();
        assert_eq!(sum, n(&report["figures"], name), "{name} of {} vs its children", report["node"]["code"]);
    }
}

fn child<'a>(report: &'a Value, code: &str) -> &'a Value {
    &report["children"].as_array().unwrap().iter().find(|c| c["node"]["code"] == code).unwrap()["figures"]
}

/// Import, outcomes within and outside scope, progress rolled up, overdue after the deadline.
fn split_and_progress_story(db: &str, dir: &Path, title: &str) {
    let (district, _) = load(db);
    let batch = Batch::pick(&district);
    let file = dir.join(format!("{title}.csv"));
    std::fs::write(&file, batch.csv()).unwrap();

    let report = import(db, &file, title, &[]);
    let mut expected: Vec<(String, u64, bool)> = batch.expected_split().into_iter().map(|(g, n)| (g, n, false)).collect();
    expected.push((DISTRICT.to_owned(), 2, true));
    assert_eq!(split_of(&report), expected, "one part per grid touched, then the unplaced part");
    assert_eq!((report["people"].as_u64(), report["placed"].as_u64()), (Some(9), Some(7)));
    let unplaced: Vec<&str> = report["unplaced"].as_array().unwrap().iter().map(|u| u["address"].as_str().unwrap()).collect();
    assert_eq!(unplaced, UNKNOWN_ADDRESSES, "the unknown addresses are listed, not dropped");
    for p in report["parts"].as_array().unwrap() {
        let part = &p["part"];
        assert!(part["title"].as_str().unwrap().starts_with(&format!("{title} · ")), "{part}");
        assert_eq!(part["deadline"].as_i64(), Some(1_795_622_399), "2026-11-25T23:59:59+08:00");
    }

    // What is stored: each item carries its house's micro-grid; the unplaced ones none.
    let (stored, _) = load(db);
    let micro_grid_of: HashMap<&str, &str> =
        batch.a.iter().chain(&batch.b).chain(&batch.d).map(|p| (p.address.as_str(), p.micro_grid.as_str())).collect();
    let parts: Vec<i64> = report["parts"].as_array().unwrap().iter().map(|p| p["part"]["task_id"].as_i64().unwrap()).collect();
    let items: Vec<_> = stored.task_items.values().filter(|i| parts.contains(&i.task_id)).collect();
    assert_eq!(items.len(), 9);
    for item in items {
        assert_eq!(item.micro_grid.as_ref().map(|m| m.0.as_str()), micro_grid_of.get(item.address.as_str()).copied(), "{item:?}");
        assert_eq!(item.outcome, None);
    }
    verify(db);

    // Outcomes: the commander records some; a grid leader records in their own grid only.
    let (a, b, d) = (&batch.a[0], &batch.b[0], &batch.d[0]);
    let in_a = item_ids(part_of(&report, &a.grid));
    let in_d = item_ids(part_of(&report, &d.grid));
    let unplaced_items = item_ids(part_of(&report, DISTRICT));
    let recorded = json(outcome(db, &in_a[0], "found_under_control", &[]));
    assert_eq!(recorded["outcome"], "found_under_control");
    assert_eq!(recorded["part"]["done"], 1);
    ok(outcome(db, &in_a[1], "not_found", &[]));
    let corrected = json(outcome(db, &in_a[1], "isolated", &[]));
    assert_eq!(corrected["previous"], "not_found", "a second report corrects the first");
    ok(outcome(db, &in_d[0], "left_district", &[]));
    ok(outcome(db, &unplaced_items[0], "not_found", &[]));

    let grid_leader = [("WANGGE_SCOPE", a.grid.as_str()), ("WANGGE_ROLE", "leader")];
    let own = json(outcome(db, &in_a[2], "found_under_control", &grid_leader));
    assert_eq!((own["part"]["done"].as_u64(), own["part"]["items"].as_u64()), (Some(3), Some(3)));
    let message = fails(outcome(db, &in_d[1], "isolated", &grid_leader));
    assert!(message.contains(&format!("不在账号 tester 的管辖范围（{}）内", a.grid)), "{message}");
    let message = fails(outcome(db, &unplaced_items[1], "isolated", &grid_leader));
    assert!(message.contains("的管辖范围"), "{message}");
    let wall = [("WANGGE_ROLE", "wall_screen")];
    assert!(fails(outcome(db, &in_d[1], "isolated", &wall)).contains("无权修改数据"));
    assert!(fails(outcome(db, "999999", "isolated", &[])).contains("排查对象 999999 不存在"));
    verify(db);

    // Progress: a community is the sum over its grids; the district holds the unplaced.
    let community = progress(db, &a.community, title, &[]);
    assert_sum_of_children(&community);
    assert_eq!(n(&community["figures"], "items"), 5);
    assert_eq!(n(&community["figures"], "done"), 3);
    let grid_a = child(&community, &a.grid);
    assert_eq!(
        ["items", "done", "found_under_control", "isolated", "parts", "parts_complete"].map(|name| n(grid_a, name)),
        [3, 3, 2, 1, 1, 1]
    );
    assert_eq!(grid_a["completion_rate"].as_f64(), Some(1.0));
    assert_eq!((n(child(&community, &b.grid), "items"), n(child(&community, &b.grid), "done")), (2, 0));

    let whole = progress(db, DISTRICT, title, &[]);
    let f = &whole["figures"];
    assert_eq!(
        ["items", "done", "unplaced_items", "not_found", "left_district", "parts", "parts_complete", "parts_overdue"]
            .map(|name| n(f, name)),
        [9, 5, 2, 1, 1, 4, 1, 0]
    );
    let street = progress(db, &a.street, title, &[]);
    assert_sum_of_children(&street);
    assert_eq!(
        n(&whole["figures"], "items") - n(&whole["figures"], "unplaced_items"),
        whole["children"].as_array().unwrap().iter().map(|c| n(&c["figures"], "items")).sum::<u64>(),
        "the district is its streets plus the unplaced it owns"
    );

    // After the deadline every incomplete part is overdue, up the tree.
    let late = [("WANGGE_NOW", AFTER_DEADLINE)];
    let whole_late = progress(db, DISTRICT, title, &late);
    assert_eq!(n(&whole_late["figures"], "parts_overdue"), 3);
    let overdue: Vec<&str> = whole_late["overdue_parts"].as_array().unwrap().iter().map(|p| p["owner"]["code"].as_str().unwrap()).collect();
    assert_eq!(overdue.len(), 3);
    assert!(!overdue.contains(&a.grid.as_str()), "grid A finished its part");
    let community_late = progress(db, &a.community, title, &late);
    assert_sum_of_children(&community_late);
    assert_eq!(n(&community_late["figures"], "parts_overdue"), 1);

    // The roll-up the street sends up (排查汇总): one row per community and the street's total.
    let rollup = dir.join(format!("{title}-汇总.csv"));
    ok(wangge(&["task", "progress", "--db", db, "--node", &a.street, "--batch", title, "--out", rollup.to_str().unwrap()], &[]));
    let text = std::fs::read_to_string(&rollup).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert!(lines[0].starts_with("区域,层级,排查人数,已反馈,完成率"), "{}", lines[0]);
    assert_eq!(lines.len(), 1 + street["children"].as_array().unwrap().len() + 1, "{text}");
    let total: Vec<&str> = lines.last().unwrap().split(',').collect();
    assert!(total[0].ends_with("合计"), "{text}");
    assert_eq!(total[2], n(&street["figures"], "items").to_string());
    assert_eq!(total[3], n(&street["figures"], "done").to_string());

    // The leader reads their own grid; the text form prints too.
    let mine = json(wangge(&["task", "progress", "--db", db, "--batch", title, "--json"], &grid_leader));
    assert_eq!(mine["node"]["code"], a.grid.as_str());
    assert!(ok(wangge(&["task", "progress", "--db", db], &[])).contains(DISTRICT));
    assert!(fails(wangge(&["task", "progress", "--db", db, "--batch", "没有这一批"], &[])).contains("不存在"));
    verify(db);
}

/// Reassignment: commanders only, within their scope; the unplaced part handed to a street.
fn reassign_story(db: &str, dir: &Path, title: &str) {
    let (district, _) = load(db);
    let batch = Batch::pick(&district);
    let file = dir.join(format!("{title}.csv"));
    std::fs::write(&file, batch.csv()).unwrap();
    let report = import(db, &file, title, &[]);
    let (a, b, d) = (&batch.a[0], &batch.b[0], &batch.d[0]);
    let part_b = part_of(&report, &b.grid)["part"]["task_id"].as_i64().unwrap().to_string();
    let part_a = part_of(&report, &a.grid)["part"]["task_id"].as_i64().unwrap().to_string();
    let unplaced = part_of(&report, DISTRICT);
    let unplaced_part = unplaced["part"]["task_id"].as_i64().unwrap().to_string();
    let reassign = |task: &str, to: &str, reason: &str, env: &[(&str, &str)]| {
        wangge(&["task", "reassign", "--db", db, "--task", task, "--to", to, "--reason", reason, "--json"], env)
    };

    let leader = [("WANGGE_ROLE", "leader")];
    let message = fails(reassign(&part_b, &a.grid, "网格员不足", &leader));
    assert!(message.contains("不是指挥员，无权改派排查任务"), "{message}");
    let street_commander = [("WANGGE_SCOPE", d.street.as_str())];
    assert!(fails(reassign(&part_a, &d.grid, "支援", &street_commander)).contains("的管辖范围"));
    assert!(fails(reassign(&part_b, &a.grid, "  ", &[])).contains("须写明理由"));
    assert!(fails(reassign(&part_b, "999999999", "支援", &[])).contains("没有编码为 999999999 的区域"));
    verify(db);

    let moved = json(reassign(&part_b, &a.grid, "网格员不足，由相邻网格代办", &[]));
    assert_eq!(moved["from"]["code"], b.grid.as_str());
    assert_eq!(moved["part"]["owner"]["code"], a.grid.as_str());
    assert_eq!(moved["reason"], "网格员不足，由相邻网格代办");
    // The reason stays on the audit row, with who moved the part and from where.
    let audit = json(wangge(&["audit", "--db", db, "--entity", "task", "--id", &part_b, "--json"], &[]));
    let newest = &audit.as_array().expect("audit rows")[0];
    assert_eq!(newest["reason"], "网格员不足，由相邻网格代办");
    let before: serde_json::Value = serde_json::from_str(newest["before"].as_str().unwrap()).unwrap();
    assert_eq!(before["record"]["owner_unit"], b.grid.as_str());
    let community = progress(db, &a.community, title, &[]);
    assert_sum_of_children(&community);
    assert_eq!(n(child(&community, &a.grid), "parts"), 2, "grid A owns both parts now");
    assert_eq!(n(child(&community, &b.grid), "parts"), 0);
    assert_eq!(n(child(&community, &b.grid), "items"), 2, "the people still live in grid B");
    verify(db);

    // The unplaced part goes down to a street, whose leader may then work it.
    let street_leader = [("WANGGE_SCOPE", d.street.as_str()), ("WANGGE_ROLE", "leader")];
    let person = item_ids(unplaced)[0].clone();
    assert!(fails(outcome(db, &person, "left_district", &street_leader)).contains("的管辖范围"));
    let handed = json(reassign(&unplaced_part, &d.street, "地址不详，交街道核查", &[]));
    assert_eq!(handed["part"]["unplaced"], true);
    ok(outcome(db, &person, "left_district", &street_leader));
    let street = progress(db, &d.street, title, &[]);
    assert_eq!(n(&street["figures"], "unplaced_items"), 2);
    assert_eq!(n(&street["figures"], "left_district"), 1);
    verify(db);
}

#[test]
fn a_screening_list_splits_by_grid_and_progress_rolls_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path(), &[]);
    split_and_progress_story(&db, dir.path(), "省市下发排查名单第1批");
}

#[test]
fn only_a_commander_reassigns_a_part() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path(), &[]);
    reassign_story(&db, dir.path(), "重点人员排查");
}

#[test]
fn gbk_and_xlsx_copies_of_the_list_split_alike() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path(), &[]);
    let (district, _) = load(&db);
    let batch = Batch::pick(&district);
    let csv = batch.csv();
    let utf8 = dir.path().join("名单.csv");
    std::fs::write(&utf8, &csv).unwrap();
    let (gbk_bytes, _, unmappable) = encoding_rs::GBK.encode(&csv);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk_bytes).is_err(), "the GBK copy really differs from UTF-8");
    let gbk = dir.path().join("名单-gbk.csv");
    std::fs::write(&gbk, &gbk_bytes).unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.add_worksheet().set_name("说明").unwrap().write_string(0, 0, "本表第二页为名单").unwrap();
    let sheet = workbook.add_worksheet().set_name("名单").unwrap();
    for (r, line) in csv.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let xlsx = dir.path().join("名单.xlsx");
    std::fs::write(&xlsx, workbook.save_to_buffer().unwrap()).unwrap();

    let from_utf8 = import(&db, &utf8, "第1批", &[]);
    let from_gbk = import(&db, &gbk, "第2批", &["--encoding", "gbk"]);
    let from_xlsx = import(&db, &xlsx, "第3批", &["--sheet", "名单"]);
    assert_eq!(split_of(&from_gbk), split_of(&from_utf8));
    assert_eq!(split_of(&from_xlsx), split_of(&from_utf8));
    let names = |r: &Value| -> Vec<String> {
        r["unplaced"].as_array().unwrap().iter().map(|u| format!("{} {}", u["name"], u["address"])).collect()
    };
    assert_eq!(names(&from_gbk), names(&from_utf8), "Chinese text survives the GBK copy");
    assert_eq!(names(&from_xlsx), names(&from_utf8));
    verify(&db);

    let (_, seq) = load(&db);
    let again = fails(wangge(&["task", "import", utf8.to_str().unwrap(), "--db", &db, "--title", "第1批", "--deadline", DEADLINE], &[]));
    assert!(again.contains("批次“第1批”已存在"), "{again}");
    assert_eq!(load(&db).1, seq, "nothing was written");
}

#[test]
fn a_list_without_an_address_column_fails_naming_it_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path(), &[]);
    let (before, seq) = load(&db);
    let file = dir.path().join("no-address.csv");
    std::fs::write(&file, "姓名,身份证号,电话\n张三,330402199001011234,13800138000\n").unwrap();
    let path = file.to_str().unwrap();

    let message = fails(wangge(&["task", "import", path, "--db", &db, "--title", "缺地址", "--deadline", DEADLINE], &[]));
    assert!(message.contains("必填字段“地址”（address）没有对应的列"), "{message}");
    assert!(message.contains("文件中的列：姓名、身份证号、电话"), "{message}");

    let good = dir.path().join("good.csv");
    std::fs::write(&good, format!("姓名,身份证号,地址\n张三,330402199001011234,{}\n", UNKNOWN_ADDRESSES[0])).unwrap();
    let good = good.to_str().unwrap();
    let bad_date = fails(wangge(&["task", "import", good, "--db", &db, "--title", "t", "--deadline", "2026-02-30"], &[]));
    assert!(bad_date.contains("--deadline"), "{bad_date}");
    let past = fails(wangge(&["task", "import", good, "--db", &db, "--title", "t", "--deadline", "2026-11-22"], &[]));
    assert!(past.contains("已经过去"), "{past}");
    let wall =
        fails(wangge(&["task", "import", good, "--db", &db, "--title", "t", "--deadline", DEADLINE], &[("WANGGE_ROLE", "wall_screen")]));
    assert!(wall.contains("无权修改数据"), "{wall}");

    let (after, seq_after) = load(&db);
    assert_eq!(after.tasks.len(), before.tasks.len(), "the task count is unchanged");
    assert_eq!(after.task_items.len(), before.task_items.len());
    assert_eq!(seq_after, seq, "nothing reached the change log");
    verify(&db);
}

/// The same stories on PostgreSQL.
#[test]
fn the_screening_stories_on_postgres() {
    let Some(pg) = block_on(wangge_store::test_support::PgDb::create("tasks_cli")) else { return };
    let dir = tempfile::tempdir().unwrap();
    ok(wangge(&["demo", "--db", &pg.url, "--seed", "7", "--scale", "small"], &[]));
    verify(&pg.url);
    split_and_progress_story(&pg.url, dir.path(), "省市下发排查名单第1批");
    reassign_story(&pg.url, dir.path(), "重点人员排查");
    block_on(pg.drop_database());
}
