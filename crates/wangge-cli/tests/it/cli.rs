//! The `wangge` command line end to end, on a real SQLite file: the forms outside checks use
//! (`demo`, `stats --json`, `verify`, `simulate`), the reconciliation of figures, scope, and
//! bad input that must leave the database as it was.

use serde_json::Value;

use crate::support::figures::{assert_reconciles, n, ADDITIVE};
use crate::support::{ok, small_demo, stats, wangge};

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
    assert!(n(&district["metrics"], "tickets_received") > 0);
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
    let path = db.as_str();
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
    let path = db.as_str();
    let scoped = [("WANGGE_SCOPE", own), ("WANGGE_ROLE", "leader")];

    let mine: Value = serde_json::from_str(&ok(wangge(&["stats", "--db", path, "--json"], &scoped))).unwrap();
    assert_eq!(mine["node"]["code"], own, "a leader's default node is their own");

    let refused = wangge(&["stats", "--db", path, "--node", other, "--json"], &scoped);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains(&format!("区域 {other} 不在账号")), "{message}");
}

#[test]
fn bad_input_is_named_and_changes_nothing() {
    let (_dir, db) = small_demo();
    let path = db.as_str();
    let before = stats(&db, None);

    let unknown = wangge(&["stats", "--db", path, "--node", "999999", "--json"], &[]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("没有编码为 999999 的区域"));

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
