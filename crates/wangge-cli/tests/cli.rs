//! The `wangge` command line end to end, on a real SQLite file: the forms outside checks use
//! (`demo`, `stats --json`, `verify`, `simulate`), the reconciliation of figures, scope, and
//! bad input that must leave the database as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// 2026-11-23T10:00:00+08:00: every run of a test sees the same instant.
const NOW: &str = "1795399200";

const ADDITIVE: [&str; 19] = [
    "isolations_active",
    "isolations_active_centralised",
    "isolations_active_home",
    "isolations_active_home_observation",
    "isolations_new_today",
    "isolations_released_today",
    "follow_ups_overdue",
    "follow_ups_due",
    "follow_ups_done_on_time",
    "enterprises_total",
    "enterprises_resumed",
    "workers_total",
    "workers_back",
    "tickets_received",
    "tickets_accepted",
    "tickets_resolved",
    "tickets_resolved_on_time",
    "tickets_open",
    "tickets_overdue",
];

fn wangge(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wangge"));
    command.args(args).env("WANGGE_NOW", NOW).env_remove("WANGGE_SCOPE").env_remove("WANGGE_ROLE");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("wangge runs")
}

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "wangge failed: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

fn stats(db: &Path, node: Option<&str>) -> Value {
    let db = db.to_str().unwrap();
    let mut args = vec!["stats", "--db", db, "--json"];
    if let Some(node) = node {
        args.extend(["--node", node]);
    }
    serde_json::from_str(&ok(wangge(&args, &[]))).expect("stats prints one JSON object")
}

fn small_demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("district.db");
    ok(wangge(&["demo", "--db", db.to_str().unwrap(), "--seed", "7", "--scale", "small"], &[]));
    (dir, db)
}

fn count(figures: &Value, name: &str) -> u64 {
    figures[name].as_u64().unwrap_or_else(|| panic!("{name} is a count in {figures}"))
}

/// Every additive figure of the node equals the sum over its children; rates follow counts.
fn assert_reconciles(report: &Value) {
    let children = report["children"].as_array().unwrap();
    assert!(!children.is_empty());
    for name in ADDITIVE {
        let sum: u64 = children.iter().map(|c| count(&c["metrics"], name)).sum();
        assert_eq!(sum, count(&report["metrics"], name), "{name} of {} vs its children", report["node"]["code"]);
    }
    let m = &report["metrics"];
    let rate = count(m, "enterprises_resumed") as f64 / count(m, "enterprises_total") as f64;
    assert!((m["resumption_rate"].as_f64().unwrap() - rate).abs() < 1e-12);
}

#[test]
fn stats_prints_the_documented_shape_and_figures_reconcile_down_the_tree() {
    let (_dir, db) = small_demo();
    let district = stats(&db, None);
    assert_eq!(district["node"]["code"], "330402");
    assert_eq!(district["node"]["level"], "district");
    for level in ["street", "community", "grid", "micro_grid"] {
        assert!(district["levels"][level].as_u64().unwrap() > 0, "levels.{level}");
    }
    for name in
        ADDITIVE.iter().chain(&["resumption_rate", "acceptance_rate", "resolution_rate", "on_time_rate", "follow_up_compliance_rate"])
    {
        assert!(district["metrics"].get(name).is_some(), "metrics.{name} is missing");
    }
    assert!(count(&district["metrics"], "tickets_received") > 0);
    assert_reconciles(&district);

    let street = district["children"][0]["code"].as_str().unwrap().to_owned();
    let street_report = stats(&db, Some(&street));
    assert_eq!(street_report["node"]["level"], "street");
    assert_eq!(street_report["levels"]["street"], 0);
    assert_reconciles(&street_report);
    assert_eq!(street_report["metrics"], district["children"][0]["metrics"]);
}

#[test]
fn verify_agrees_before_and_after_a_stream_of_simulated_changes() {
    let (_dir, db) = small_demo();
    let path = db.to_str().unwrap();
    assert!(ok(wangge(&["verify", "--db", path], &[])).starts_with("ok: "));
    let before = stats(&db, None);

    let out = ok(wangge(&["simulate", "--db", path, "--count", "40", "--rate", "1000", "--seed", "3"], &[]));
    let seqs: Vec<i64> = out.lines().map(|line| line.split('\t').next().unwrap().parse().unwrap()).collect();
    assert_eq!(seqs.len(), 40);
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "one change-log entry per change, in order: {seqs:?}");

    let after = stats(&db, None);
    assert_ne!(before["metrics"], after["metrics"], "40 changes moved no figure");
    assert_reconciles(&after);
    assert!(ok(wangge(&["verify", "--db", path], &[])).starts_with("ok: "));
}

#[test]
fn a_street_leader_cannot_read_another_street() {
    let (_dir, db) = small_demo();
    let district = stats(&db, None);
    let own = district["children"][0]["code"].as_str().unwrap();
    let other = district["children"][1]["code"].as_str().unwrap();
    let path = db.to_str().unwrap();
    let scoped = [("WANGGE_SCOPE", own), ("WANGGE_ROLE", "leader")];

    let mine: Value = serde_json::from_str(&ok(wangge(&["stats", "--db", path, "--json"], &scoped))).unwrap();
    assert_eq!(mine["node"]["code"], own, "a leader's default node is their own");

    let refused = wangge(&["stats", "--db", path, "--node", other, "--json"], &scoped);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains(&format!("node {other} is outside the scope")), "{message}");
}

#[test]
fn bad_input_is_named_and_changes_nothing() {
    let (_dir, db) = small_demo();
    let path = db.to_str().unwrap();
    let before = stats(&db, None);

    let unknown = wangge(&["stats", "--db", path, "--node", "999999", "--json"], &[]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no node with code 999999"));

    let again = wangge(&["demo", "--db", path], &[]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds a district"));

    let bad_rate = wangge(&["simulate", "--db", path, "--rate", "0"], &[]);
    assert!(!bad_rate.status.success());
    assert!(String::from_utf8_lossy(&bad_rate.stderr).contains("--rate"));

    assert_eq!(stats(&db, None), before);
}

#[test]
fn a_database_without_a_district_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    let out = wangge(&["stats", "--db", db.to_str().unwrap(), "--json"], &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no district yet"));
}

/// The same commands on PostgreSQL: `verify`'s SQL recount and the engine agree there too.
#[tokio::test(flavor = "multi_thread")]
async fn demo_simulate_and_verify_on_postgres() {
    let Some(db) = wangge_store::test_support::PgDb::create("cli").await else { return };
    let url = db.url.clone();
    let report = tokio::task::spawn_blocking(move || {
        ok(wangge(&["demo", "--db", &url, "--seed", "7", "--scale", "small"], &[]));
        assert!(ok(wangge(&["verify", "--db", &url], &[])).starts_with("ok: "));
        ok(wangge(&["simulate", "--db", &url, "--count", "25", "--rate", "1000", "--seed", "9"], &[]));
        assert!(ok(wangge(&["verify", "--db", &url], &[])).starts_with("ok: "));
        serde_json::from_str::<Value>(&ok(wangge(&["stats", "--db", &url, "--json"], &[]))).unwrap()
    })
    .await
    .unwrap();
    assert_reconciles(&report);
    db.drop_database().await;
}

/// The same seed gives the same district whichever database holds it.
#[tokio::test(flavor = "multi_thread")]
async fn sqlite_and_postgres_report_identical_figures_for_one_seed() {
    let Some(db) = wangge_store::test_support::PgDb::create("cli_same").await else { return };
    let url = db.url.clone();
    let (_dir, sqlite) = small_demo();
    let pg = tokio::task::spawn_blocking(move || {
        ok(wangge(&["demo", "--db", &url, "--seed", "7", "--scale", "small"], &[]));
        serde_json::from_str::<Value>(&ok(wangge(&["stats", "--db", &url, "--json"], &[]))).unwrap()
    })
    .await
    .unwrap();
    assert_eq!(pg, stats(&sqlite, None));
    db.drop_database().await;
}
