//! `wangge tickets`, `wangge reassign` and `wangge audit` end to end on a real SQLite file:
//! the board as JSON, a reassignment by a commander (and its refusal for a leader), the
//! audit row it leaves, and figures that still reconcile afterwards.

use serde_json::Value;

use crate::support::{json, movable_ticket, ok, small_demo, wangge};

/// The commander whose reassignment the audit trail must name.
const COMMANDER: (&str, &str) = ("WANGGE_ACCOUNT", "commander-li");

/// The `open` figure of a unit card on the board of `node`.
fn open_of(db: &str, node: &str, unit: &str) -> u64 {
    let board = json(wangge(&["tickets", "--db", db, "--node", node, "--limit", "0", "--json"], &[]));
    let cards = board["units"].as_array().unwrap();
    let card = cards.iter().find(|c| c["code"] == unit).unwrap_or_else(|| panic!("no card {unit} in {cards:?}"));
    card["open"].as_u64().unwrap()
}

#[test]
fn a_commander_reassigns_from_the_command_line_and_the_audit_trail_shows_it() {
    let (_dir, db) = small_demo();
    let db = db.as_str();
    let (row, community, to) = movable_ticket(db);
    let id = row["id"].as_i64().unwrap().to_string();
    let from = row["owners"][0].as_str().unwrap().to_string();
    let (from_before, to_before) = (open_of(db, &community, &from), open_of(db, &community, &to));

    // A leader may not reassign; nothing changes.
    let refused = wangge(&["reassign", "--db", db, "--ticket", &id, "--to", &to, "--reason", "调整"], &[("WANGGE_ROLE", "leader")]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("无权改派工单"), "{}", String::from_utf8_lossy(&refused.stderr));
    assert_eq!(open_of(db, &community, &from), from_before);

    let moved = ok(wangge(&["reassign", "--db", db, "--ticket", &id, "--to", &to, "--reason", "属地调整"], &[COMMANDER]));
    assert!(moved.contains(&to), "{moved}");
    assert_eq!(open_of(db, &community, &from), from_before - 1);
    assert_eq!(open_of(db, &community, &to), to_before + 1);

    let detail = json(wangge(&["tickets", "--db", db, "--id", &id, "--json"], &[]));
    assert_eq!(detail["timeline"].as_array().unwrap().last().unwrap()["kind"], "reassigned");
    let audit = json(wangge(&["audit", "--db", db, "--entity", "ticket", "--id", &id, "--json"], &[]));
    let rows = audit.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["actor"], "commander-li");
    assert!(rows[0]["summary"].as_str().unwrap().contains("属地调整"));
    let before: Value = serde_json::from_str(rows[0]["before"].as_str().unwrap()).unwrap();
    assert_eq!(before["record"]["owning_unit"], from.as_str());
    ok(wangge(&["verify", "--db", db], &[]));
}

#[test]
fn bad_filters_are_named() {
    let (_dir, db) = small_demo();
    let out = wangge(&["tickets", "--db", &db, "--status", "lost"], &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--status"));
}

/// A district's own routing and SLA files, from `WANGGE_CONFIG_DIR`, replace the bundled
/// ones; a broken file stops the command, naming file and line.
#[test]
fn a_districts_own_rules_route_and_time_new_tickets() {
    let (dir, db) = small_demo();
    let db = db.as_str();
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    std::fs::write(config.join("routing.txt"), "complaint * dept:urban\nconsumer_complaint * dept:market\nsuggestion * street\nconsultation * grid\ndispute * centre:mediation\nenterprise_demand * team:enterprise\nepidemic_lead * community\n").unwrap();
    let bundled = include_str!("../../../../assets/sla/policies.txt");
    std::fs::write(config.join("sla-policies.txt"), bundled.replace("complaint            4h   5d", "complaint            4h   1d"))
        .unwrap();
    let csv = dir.path().join("12345.csv");
    std::fs::write(&csv, "工单编号,受理时间,诉求类型,诉求内容,地址\nC1,2026-11-23 09:00:00,投诉,楼下烧烤油烟,火星路1号\n").unwrap();
    let env = [("WANGGE_CONFIG_DIR", config.to_str().unwrap())];
    ok(wangge(&["import", "tickets", csv.to_str().unwrap(), "--db", db], &env));
    let board = json(wangge(&["tickets", "--db", db, "--unit", "dept:urban", "--json"], &env));
    let rows = board["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "the complaint went to the district's own unit: {board}");
    // Received Mon 09:00 with one working day to resolve: due Tue 09:00 CST.
    assert_eq!(rows[0]["deadline"].as_i64(), Some(1_795_395_600 + 86_400));
    std::fs::write(config.join("sla-policies.txt"), "complaint 4h 5x 2d\n").unwrap();
    let broken = wangge(&["tickets", "--db", db], &env);
    assert!(!broken.status.success());
    let message = String::from_utf8_lossy(&broken.stderr);
    assert!(message.contains("sla-policies.txt") && message.contains("line 1"), "{message}");
}
