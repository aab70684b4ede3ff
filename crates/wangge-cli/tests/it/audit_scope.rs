//! `wangge audit --limit N` under a leader's scope (issue 14, item 10): the limit counts
//! rows in the scope, so a leader asking for 5 rows gets their 5 newest even when the
//! newest thousand-odd changes of the district lie elsewhere.

use std::path::Path;

use wangge_domain::{Change, House, Timestamp};

use crate::support::store::block_on;
use crate::support::{json, small_demo, wangge, NOW};

/// Creates `mine` houses in one micro-grid, then `others` newer ones in another; returns
/// the first micro-grid's code and the ids of its new houses, oldest first.
fn seed(db: &Path, mine: usize, others: usize) -> (String, Vec<i64>) {
    block_on(async {
        let store = wangge_engine::Store::open_sqlite_file(db).await.unwrap();
        let now = Timestamp(NOW);
        let mut engine = wangge_engine::Engine::open(store, now).await.unwrap();
        let scope = engine.district_scope("test");
        let houses = &engine.district().houses;
        let here = houses.values().next().expect("the demo has houses").clone();
        let there = houses.values().find(|h| h.micro_grid != here.micro_grid).expect("a second micro-grid").clone();
        let batch = |template: &House, prefix: &str, n: usize| -> Vec<Change> {
            (0..n).map(|i| Change::House(House { id: 0, code: format!("{prefix}-{i}"), ..template.clone() })).collect()
        };
        let mut ids = Vec::new();
        for change in batch(&here, "MINE", mine) {
            let (_, stored) = engine.create(&scope, change, now).await.unwrap();
            ids.push(stored.entity_id());
        }
        engine.create_all(&scope, batch(&there, "OTHER", others), now).await.unwrap();
        (here.micro_grid.0.clone(), ids)
    })
}

#[test]
fn a_leaders_limit_counts_rows_in_their_scope() {
    let (_dir, db) = small_demo();
    let db_arg = db.as_str();
    let (micro_grid, mine) = seed(Path::new(&db), 24, 1_500);
    let leader = [("WANGGE_SCOPE", micro_grid.as_str()), ("WANGGE_ROLE", "leader"), ("WANGGE_ACCOUNT", "leader-wang")];

    let rows = json(wangge(&["audit", "--db", db_arg, "--entity", "house", "--limit", "5", "--json"], &leader));
    let ids: Vec<i64> = rows.as_array().unwrap().iter().map(|r| r["entity_id"].as_i64().unwrap()).collect();
    let newest: Vec<i64> = mine.iter().rev().take(5).copied().collect();
    assert_eq!(ids, newest, "the leader's five newest house changes");

    // All 24 of theirs when the limit allows, and never a row from elsewhere.
    let rows = json(wangge(&["audit", "--db", db_arg, "--entity", "house", "--limit", "100", "--json"], &leader));
    let ids: Vec<i64> = rows.as_array().unwrap().iter().map(|r| r["entity_id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 24, "{ids:?}");
    assert!(ids.iter().all(|id| mine.contains(id)));
    let seqs: Vec<i64> = rows.as_array().unwrap().iter().map(|r| r["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] > w[1]), "newest first, no row twice: {seqs:?}");

    // A commander's five are simply the five newest of the district.
    let rows = json(wangge(&["audit", "--db", db_arg, "--entity", "house", "--limit", "5", "--json"], &[]));
    assert_eq!(rows.as_array().unwrap().len(), 5);
}
