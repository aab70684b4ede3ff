//! Register work after import, end to end with the real binary on the small demo: isolations
//! extended (planned end and new slots in one transaction), released, transferred between
//! micro-grids and followed up, with follow-up compliance moving and `verify` agreeing after
//! every step; the enterprise breakdown against the node's figures; exports to CSV and XLSX
//! within the scope (a street leader sees only their street, a wall screen nothing).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use wangge_domain::{Change, FollowUp};

use crate::support::figures::{assert_reconciles, figure, moved, ADDITIVE};
use crate::support::{fails, json, ok, small_demo, stats, stats_at, verify_at, wangge, wangge_at, NOW};

/// `YYYY-MM-DDTHH:MM:SS+08:00` → Unix seconds.
fn secs_of(text: &str) -> i64 {
    let n = |range: std::ops::Range<usize>| text[range].parse::<i64>().unwrap();
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    days * 86_400 + n(11..13) * 3600 + n(14..16) * 60 + n(17..19) - 8 * 3600
}

/// A minimal RFC 4180 reader (quoted fields, doubled quotes), after the BOM.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "the CSV starts with a UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    let header = rows.remove(0);
    (header, rows)
}

fn export(db: &str, register: &str, out: &Path, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let mut args = vec!["export", register, "--db", db, "--out", out.to_str().unwrap()];
    args.extend(extra);
    wangge(&args, env)
}

fn export_csv(db: &str, dir: &Path, register: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let out = dir.join(format!("{register}.csv"));
    ok(export(db, register, &out, &[], &[]));
    read_csv(&out)
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// The street (first 9 digits of its code) a micro-grid code lies in.
fn street_of(district: &Value, micro_grid: &str) -> String {
    district["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_owned())
        .find(|street| micro_grid.starts_with(&street[..9]))
        .unwrap_or_else(|| panic!("no street holds {micro_grid}"))
}

/// Active isolations (no release, started by now), by id, with their micro-grid.
fn active_isolations(db: &str, dir: &Path) -> Vec<(i64, String)> {
    let (header, rows) = export_csv(db, dir, "isolations");
    let (id, grid, started, released) =
        (column(&header, "编号"), column(&header, "微网格"), column(&header, "开始时间"), column(&header, "解除时间"));
    rows.iter()
        .filter(|r| r[released].is_empty() && secs_of(&r[started]) <= NOW)
        .map(|r| (r[id].parse().unwrap(), r[grid].clone()))
        .collect()
}

fn slots_of(db: &str, dir: &Path, isolation: i64) -> Vec<Vec<String>> {
    let (header, rows) = export_csv(db, dir, "follow-ups");
    let of = column(&header, "隔离编号");
    rows.into_iter().filter(|r| r[of] == isolation.to_string()).collect()
}

fn isolation_story(db: &str, dir: &Path) {
    let district = stats(db, None);
    let active = active_isolations(db, dir);
    assert!(active.len() >= 3, "the demo has active isolations");

    // Extend: planned end moves by the days, exactly two new slots a day, one transaction.
    let (extended, grid) = active[0].clone();
    let slots_before = slots_of(db, dir, extended).len();
    let changed = json(wangge(&["isolation", "extend", "--db", db, "--id", &extended.to_string(), "--days", "3", "--json"], &[]));
    let previous = changed["previous_planned_end"].as_i64().unwrap();
    assert_eq!(changed["isolation"]["planned_end"].as_i64().unwrap(), previous + 3 * 86_400);
    assert_eq!(changed["follow_ups_created"].as_array().unwrap().len(), 6);
    assert_eq!(slots_of(db, dir, extended).len(), slots_before + 6);
    verify_at(NOW, db);
    // Nothing is written for a refused extension.
    let before = stats(db, Some(&grid));
    assert!(fails(wangge(&["isolation", "extend", "--db", db, "--id", &extended.to_string(), "--days", "0"], &[])).contains("延长天数"));
    assert_eq!(slots_of(db, dir, extended).len(), slots_before + 6);
    assert_eq!(stats(db, Some(&grid)), before);

    // Follow-up: an overdue slot recorded within its grace (seen well) turns into one done on
    // time; compliance rises. Recorded as of an hour after it was due.
    let (header, rows) = export_csv(db, dir, "follow-ups");
    let (fid, fiso, fdue, fdone) =
        (column(&header, "编号"), column(&header, "隔离编号"), column(&header, "应随访时间"), column(&header, "随访时间"));
    let active_ids: Vec<String> = active.iter().map(|(id, _)| id.to_string()).collect();
    let overdue = rows
        .iter()
        .find(|r| r[fdone].is_empty() && active_ids.contains(&r[fiso]) && secs_of(&r[fdue]) + 2 * 3600 < NOW)
        .expect("the demo has an overdue follow-up");
    let iso_grid = active.iter().find(|(id, _)| id.to_string() == overdue[fiso]).unwrap().1.clone();
    let before = stats(db, None);
    let before_grid = stats(db, Some(&iso_grid));
    let record_at = secs_of(&overdue[fdue]) + 3600;
    let recorded = json(wangge_at(
        record_at,
        &["isolation", "follow-up", "--db", db, "--id", &overdue[fid], "--result", "seen_well", "--temperature", "36.8", "--json"],
        &[],
    ));
    assert_eq!(recorded["on_time"], true);
    let after = stats(db, None);
    let expected: BTreeMap<&str, i64> = [("follow_ups_overdue", -1), ("follow_ups_done_on_time", 1)].into();
    assert_eq!(moved(&ADDITIVE, &before, &after), expected);
    assert_eq!(moved(&ADDITIVE, &before_grid, &stats(db, Some(&iso_grid))), expected);
    assert!(after["metrics"]["follow_up_compliance_rate"].as_f64() > before["metrics"]["follow_up_compliance_rate"].as_f64());
    assert_reconciles(&after);
    verify_at(NOW, db);
    // A missed visit is recorded but does not comply.
    let missed = json(wangge(&["isolation", "follow-up", "--db", db, "--id", &overdue[fid], "--result", "missed", "--json"], &[]));
    assert_eq!((missed["on_time"].as_bool(), missed["previous"].as_str()), (Some(false), Some("seen_well")));
    let expected: BTreeMap<&str, i64> = [("follow_ups_done_on_time", -1)].into();
    assert_eq!(moved(&ADDITIVE, &after, &stats(db, None)), expected);
    verify_at(NOW, db);

    // Transfer: to a micro-grid of the other street; figures move from old to new and up both paths.
    let (moving, from) = active.iter().find(|(id, g)| *id != extended && *g != iso_grid).cloned().unwrap();
    let from_street = street_of(&district, &from);
    let to_street = district["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .find(|s| *s != from_street)
        .unwrap()
        .to_owned();
    let (hheader, houses) = export_csv(db, dir, "houses");
    let hgrid = column(&hheader, "微网格");
    let to = houses.iter().map(|h| h[hgrid].clone()).find(|g| g.starts_with(&to_street[..9])).unwrap();
    let places = [from.as_str(), to.as_str(), from_street.as_str(), to_street.as_str()];
    let before: Vec<Value> = places.iter().map(|p| stats(db, Some(p))).collect();
    let district_before = stats(db, None);
    let changed = json(wangge(&["isolation", "transfer", "--db", db, "--id", &moving.to_string(), "--to-micro-grid", &to, "--json"], &[]));
    assert_eq!(changed["previous_micro_grid"]["code"], from.as_str());
    assert_eq!(changed["isolation"]["micro_grid"]["code"], to.as_str());
    let after: Vec<Value> = places.iter().map(|p| stats(db, Some(p))).collect();
    assert_eq!(figure(&after[0], "isolations_active"), figure(&before[0], "isolations_active") - 1);
    assert_eq!(figure(&after[1], "isolations_active"), figure(&before[1], "isolations_active") + 1);
    assert_eq!(figure(&after[2], "isolations_active"), figure(&before[2], "isolations_active") - 1);
    assert_eq!(figure(&after[3], "isolations_active"), figure(&before[3], "isolations_active") + 1);
    for name in ["follow_ups_due", "follow_ups_done_on_time", "follow_ups_overdue"] {
        let left = figure(&before[2], name) - figure(&after[2], name);
        let arrived = figure(&after[3], name) - figure(&before[3], name);
        assert_eq!(left, arrived, "{name} moves between the streets");
    }
    assert_eq!(moved(&ADDITIVE, &district_before, &stats(db, None)), BTreeMap::new());
    assert_reconciles(&stats(db, Some(&from_street)));
    assert_reconciles(&stats(db, Some(&to_street)));
    verify_at(NOW, db);

    // Release: active −1, released today +1, in its micro-grid and the district.
    let (releasing, grid) = active.iter().find(|(id, _)| *id != moving).cloned().unwrap();
    let before = (stats(db, None), stats(db, Some(&grid)));
    let changed = json(wangge(&["isolation", "release", "--db", db, "--id", &releasing.to_string(), "--json"], &[]));
    assert_eq!(changed["isolation"]["released_at"].as_i64(), Some(NOW));
    for (b, a) in [(&before.0, stats(db, None)), (&before.1, stats(db, Some(&grid)))] {
        assert_eq!(figure(&a, "isolations_active"), figure(b, "isolations_active") - 1);
        assert_eq!(figure(&a, "isolations_released_today"), figure(b, "isolations_released_today") + 1);
        assert!(figure(&a, "follow_ups_due") <= figure(b, "follow_ups_due"));
    }
    verify_at(NOW, db);
    assert!(fails(wangge(&["isolation", "release", "--db", db, "--id", &releasing.to_string()], &[])).contains("已于"));
    // A later instant: the new counts still reconcile and the SQL recount agrees.
    verify_at(NOW + 5 * 3600, db);
    assert_reconciles(&stats_at(NOW + 5 * 3600, db, None));
}

#[test]
fn isolations_extend_follow_up_transfer_and_release_on_sqlite() {
    let (dir, db) = small_demo();
    isolation_story(&db, dir.path());
}

#[tokio::test(flavor = "multi_thread")]
async fn isolations_extend_follow_up_transfer_and_release_on_postgres() {
    let Some(pg) = wangge_store::test_support::PgDb::create("registers_more").await else { return };
    let url = pg.url.clone();
    tokio::task::spawn_blocking(move || {
        let dir = tempfile::tempdir().unwrap();
        ok(wangge(&["demo", "--db", &url, "--seed", "7", "--scale", "small"], &[]));
        isolation_story(&url, dir.path());
    })
    .await
    .unwrap();
    pg.drop_database().await;
}

/// The store commits the new planned end and the new slots in one transaction: a creation
/// that fails after the update was written leaves nothing behind.
#[tokio::test(flavor = "multi_thread")]
async fn commit_and_create_is_all_or_nothing() {
    let (dir, db) = tokio::task::spawn_blocking(small_demo).await.unwrap();
    let store = wangge_store::Store::open_sqlite_file(&PathBuf::from(&db)).await.unwrap();
    let (district, _) = store.load_district().await.unwrap();
    let last = store.last_seq().await.unwrap();
    let mut isolation = district.isolations.values().min_by_key(|i| i.id).unwrap().clone();
    let original = isolation.clone();
    isolation.planned_end = isolation.planned_end.plus_secs(86_400);
    isolation.version += 1;
    let slot = |isolation_id| {
        Change::FollowUp(FollowUp {
            id: 0,
            isolation_id,
            due_at: isolation.planned_end,
            done_at: None,
            temperature_c: None,
            result: None,
            version: 0,
        })
    };
    // The second creation refers to a batch record that does not exist.
    let err = store
        .commit_and_create("test", wangge_domain::Timestamp(NOW), &[Change::Isolation(isolation.clone())], &[slot(isolation.id), slot(-7)])
        .await;
    assert!(err.is_err());
    assert_eq!(store.last_seq().await.unwrap(), last);
    let (reloaded, _) = store.load_district().await.unwrap();
    assert_eq!(reloaded.isolations[&original.id], original);
    assert_eq!(reloaded.follow_ups.len(), district.follow_ups.len());
    // The same without the bad creation commits all three, in order.
    let (seqs, created) = store
        .commit_and_create("test", wangge_domain::Timestamp(NOW), &[Change::Isolation(isolation.clone())], &[slot(isolation.id)])
        .await
        .unwrap();
    assert_eq!(seqs, vec![last + 1]);
    assert_eq!(created[0].0, last + 2);
    store.close().await;
    drop(dir);
}

#[test]
fn enterprise_breakdown_sums_to_the_node_figures_and_demands_name_the_enterprise() {
    let (_dir, db) = small_demo();
    let district = stats(&db, None);
    let street = district["children"][0]["code"].as_str().unwrap().to_owned();
    for node in [None, Some(street.as_str())] {
        let figures = stats(&db, node);
        let mut args = vec!["enterprises", "--db", db.as_str(), "--json"];
        if let Some(node) = node {
            args.extend(["--node", node]);
        }
        let b = json(wangge(&args, &[]));
        let pairs = [
            ("total", "enterprises_total"),
            ("resumed", "enterprises_resumed"),
            ("workers_total", "workers_total"),
            ("workers_back", "workers_back"),
        ];
        for (key, name) in pairs {
            assert_eq!(b["totals"][key].as_i64().unwrap(), figure(&figures, name), "{key}");
            for breakdown in ["by_sector", "by_size"] {
                let sum: i64 = b[breakdown].as_array().unwrap().iter().map(|g| g[key].as_i64().unwrap()).sum();
                assert_eq!(sum, figure(&figures, name), "{breakdown}.{key} sums to {name}");
            }
        }
        assert_eq!(b["by_size"][0]["label"], "规上");
        assert_eq!(b["by_size"][1]["label"], "规下");
        assert_eq!(b["totals"]["resumption_rate"], figures["metrics"]["resumption_rate"]);
    }
    // An enterprise named by an enterprise demand lists it; every demand listed names it.
    let dir = tempfile::tempdir().unwrap();
    let (header, enterprises) = export_csv(&db, dir.path(), "enterprises");
    let (theader, tickets) = export_csv(&db, dir.path(), "tickets");
    let (name, id) = (column(&header, "企业名称"), column(&header, "编号"));
    let (category, summary, tid) = (column(&theader, "类别"), column(&theader, "摘要"), column(&theader, "编号"));
    let (enterprise, ticket) = tickets
        .iter()
        .filter(|t| t[category] == "企业诉求")
        .find_map(|t| enterprises.iter().find(|e| t[summary].contains(&e[name])).map(|e| (e.clone(), t.clone())))
        .expect("the demo's enterprise demands name their enterprise");
    let d = json(wangge(&["enterprises", "--db", &db, "--id", &enterprise[id], "--json"], &[]));
    let demands = d["demands"].as_array().unwrap();
    assert!(demands.iter().any(|t| t["ticket_id"].as_i64() == ticket[tid].parse().ok()), "ticket {} in {d}", ticket[tid]);
    for demand in demands {
        assert!(demand["summary"].as_str().unwrap().contains(&enterprise[name]));
    }
    let text = ok(wangge(&["enterprises", "--db", &db], &[]));
    assert!(text.contains("规上") && text.contains("合计"), "{text}");
    let whole = json(wangge(&["enterprises", "--db", &db, "--json"], &[]));
    let loop_line = format!("企业诉求 收集 {} 条", whole["demands"]["collected"]);
    assert!(whole["demands"]["collected"].as_u64().unwrap() > 0 && text.contains(&loop_line), "{loop_line} in {text}");
}

#[test]
fn exports_hold_the_scope_and_xlsx_equals_csv() {
    let (dir, db) = small_demo();
    let dir = dir.path();
    let district = stats(&db, None);
    // Every record in scope, one row each.
    let (header, enterprises) = export_csv(&db, dir, "enterprises");
    assert_eq!(header[0], "编号");
    assert!(header.contains(&"企业名称".to_owned()));
    assert_eq!(enterprises.len() as i64, figure(&district, "enterprises_total"));
    let (_, tickets) = export_csv(&db, dir, "tickets");
    assert_eq!(tickets.len() as i64, figure(&district, "tickets_received"));
    let (pheader, people) = export_csv(&db, dir, "people");
    assert!(!people.is_empty());
    assert!(pheader.contains(&"身份证号".to_owned()));
    assert!(people.iter().all(|p| p[column(&pheader, "身份证号")].len() == 18));

    // A street leader's export holds only their street.
    let street = district["children"][0]["code"].as_str().unwrap().to_owned();
    let street_figures = stats(&db, Some(&street));
    let leader = [("WANGGE_SCOPE", street.as_str()), ("WANGGE_ROLE", "leader")];
    for register in ["houses", "enterprises", "people", "isolations"] {
        let out = dir.join(format!("street-{register}.csv"));
        ok(export(&db, register, &out, &[], &leader));
        let (header, rows) = read_csv(&out);
        let grid = column(&header, "微网格");
        assert!(!rows.is_empty(), "{register}");
        assert!(rows.iter().all(|r| r[grid].starts_with(&street[..9])), "{register} outside {street}");
        if register == "enterprises" {
            assert_eq!(rows.len() as i64, figure(&street_figures, "enterprises_total"));
        }
    }
    let other = district["children"][1]["code"].as_str().unwrap();
    let out = dir.join("outside.csv");
    assert!(!fails(export(&db, "houses", &out, &["--node", other], &leader)).is_empty());
    assert!(!out.exists());

    // A wall screen is refused, and no file appears.
    let out = dir.join("wall.csv");
    let err = fails(export(&db, "people", &out, &[], &[("WANGGE_ROLE", "wall_screen")]));
    assert!(err.contains("（大屏）无权查看个人信息"), "{err}");
    assert!(!out.exists());

    // The XLSX holds the same rows as the CSV.
    use calamine::Reader as _;
    for register in ["tickets", "isolations"] {
        let xlsx = dir.join(format!("{register}.xlsx"));
        ok(export(&db, register, &xlsx, &[], &[]));
        let (header, rows) = export_csv(&db, dir, register);
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
        let name = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&name).unwrap();
        let cells: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
        assert_eq!(cells[0], header);
        assert_eq!(cells.len() - 1, rows.len());
        for (x, c) in cells[1..].iter().zip(&rows) {
            // calamine drops trailing empty cells of a row.
            let mut x = x.clone();
            x.resize(c.len(), String::new());
            assert_eq!(&x, c);
        }
    }
    assert!(fails(export(&db, "houses", &dir.join("x.txt"), &[], &[])).contains(".csv or .xlsx"));
}
