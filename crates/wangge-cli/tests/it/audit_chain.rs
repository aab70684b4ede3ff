//! `wangge audit verify --db DB` (issue 11, item 7), the form outside checks use: exit 0
//! while the chain holds; after a row is edited or removed by hand (as anyone holding the
//! file could), exit 1 with the first bad row's seq on the first line.

use sqlx::Connection;

use crate::support::store::block_on;
use crate::support::{command, small_demo, text, wangge};

fn tamper(db: &str, sql: &str) {
    block_on(async {
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{db}")).await.unwrap();
        sqlx::query(sql).execute(&mut conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        conn.close().await.unwrap();
    });
}

/// Exit code and the report's first line.
fn check(db: &str) -> (i32, String) {
    let output = wangge(&["audit", "verify", "--db", db], &[]);
    let stdout = text(&output);
    (output.status.code().unwrap_or(-1), stdout.lines().next().unwrap_or_default().to_owned())
}

#[test]
fn an_edited_or_removed_audit_row_is_named_by_its_seq() {
    let (_dir, db) = small_demo();
    let simulated = command(&["simulate", "--db", &db, "--count", "40", "--rate", "1000", "--seed", "3"], &[]).output().unwrap();
    assert!(simulated.status.success(), "{}", text(&simulated));

    let (code, first) = check(&db);
    assert_eq!(code, 0, "{first}");
    assert!(first.starts_with("审计链完整"), "{first}");
    let report: serde_json::Value = serde_json::from_str(&text(&wangge(&["audit", "verify", "--db", &db, "--json"], &[]))).unwrap();
    assert_eq!((report["ok"].as_bool(), report["head_seq"].as_i64()), (Some(true), Some(40)), "{report}");

    tamper(&db, "UPDATE change_log SET actor = '张三' WHERE seq = 17");
    let (code, first) = check(&db);
    assert_eq!(code, 1);
    assert!(first.contains("seq 17：") && first.contains("改动"), "{first}");
    let report: serde_json::Value = serde_json::from_str(&text(&wangge(&["audit", "verify", "--db", &db, "--json"], &[]))).unwrap();
    assert_eq!(report["first_break"]["seq"].as_i64(), Some(17), "{report}");
    assert_eq!(report["ok"].as_bool(), Some(false));

    // Put back as it was, then a later row removed.
    let actor: String = block_on(async {
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{db}")).await.unwrap();
        sqlx::query_scalar("SELECT actor FROM change_log WHERE seq = 16").fetch_one(&mut conn).await.unwrap()
    });
    tamper(&db, &format!("UPDATE change_log SET actor = '{actor}' WHERE seq = 17"));
    assert_eq!(check(&db).0, 0, "the simulator writes every row under one actor");
    tamper(&db, "DELETE FROM change_log WHERE seq = 23");
    let (code, first) = check(&db);
    assert_eq!(code, 1);
    assert!(first.contains("seq 23：") && first.contains("删除"), "{first}");

    // The trail itself still reads, and a new change is written after the damage.
    let listed = wangge(&["audit", "--db", &db, "--limit", "3"], &[]);
    assert!(listed.status.success(), "{}", text(&listed));
    let listed = text(&listed);
    let heads: Vec<&str> = listed.lines().filter(|line| !line.starts_with('\t')).collect();
    assert_eq!(heads.len(), 3, "{listed}");
    // Each change on one line in local time, its fields below it: no internal names.
    assert!(heads.iter().all(|line| line.split('\t').nth(1).is_some_and(|at| at.len() == 19 && at.starts_with("20"))), "{listed}");
    assert!(listed.lines().any(|line| line.starts_with("\t\t")), "{listed}");
    assert!(!listed.contains("dept:") && !listed.contains(" created"), "{listed}");
}
