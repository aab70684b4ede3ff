//! The change log as a hash chain on both backends: every way of writing (one change, a
//! batch, new records in bulk, updates with creations, a change with a reason) extends an
//! unbroken chain; an edited row, a removed row and a cleared hash are each found at their
//! seq, by another connection's hand, as someone holding the database file would do it.

use sqlx::AnyPool;
use wangge_domain::*;
use wangge_store::{BreakKind, ChainBreak, Store};

use crate::support::district::{small, t};
use crate::support::pg::PgDb;
use crate::support::TempDb;

async fn verify(store: &Store) -> wangge_store::ChainReport {
    let mut pages = 0;
    let report = store.verify_chain(&mut |_| pages += 1).await.expect("the chain can be read");
    assert!(report.first_break.is_some() || report.rows == 0 || pages > 0, "progress is reported");
    report
}

async fn tamper(raw: &AnyPool, sql: &str) {
    sqlx::query(sql).execute(raw).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn chain(url: &str) {
    let store = Store::open(url).await.unwrap();
    let district = small();
    store.save_district(&district, &mut |_, _, _| {}).await.unwrap();
    let empty = verify(&store).await;
    assert_eq!((empty.rows, empty.first_break.clone(), empty.sealed_through), (0, None, Some(0)), "a new store is sealed empty");

    // Every write path.
    let mut ticket = district.tickets[&1].clone();
    ticket.version += 1;
    ticket.summary = "路灯不亮（已核实）".into();
    store.commit("王芳", t(1), &Change::Ticket(ticket.clone())).await.unwrap();
    let mut house = district.houses[&1].clone();
    house.version += 1;
    store.commit_all_because("李强", t(2), &[Change::House(house)], "门牌号更正").await.unwrap();
    let new_records: Vec<Change> =
        (0..30).map(|n| Change::Ticket(Ticket { id: 0, summary: format!("新工单 {n}"), ..district.tickets[&1].clone() })).collect();
    store.create_all("热线导入", t(3), &new_records).await.unwrap();
    ticket.version += 1;
    store
        .commit_and_create("王芳", t(4), &[Change::Ticket(ticket)], &[Change::Task(Task { id: 0, ..district.tasks[&1].clone() })])
        .await
        .unwrap();
    let last = store.last_seq().await.unwrap();
    assert_eq!(last, 34);

    let whole = verify(&store).await;
    assert_eq!(whole.first_break, None, "{whole:?}");
    assert_eq!((whole.rows, whole.head_seq), (34, 34));
    assert_eq!(whole.head_hash.len(), 64);
    assert_eq!(verify(&store).await, whole, "checking twice finds the same head");

    let raw = AnyPool::connect(url).await.unwrap();
    // An edited actor.
    tamper(&raw, "UPDATE change_log SET actor = '张三' WHERE seq = 2").await;
    assert_eq!(verify(&store).await.first_break, Some(ChainBreak { seq: 2, kind: BreakKind::Changed }));
    tamper(&raw, "UPDATE change_log SET actor = '李强' WHERE seq = 2").await;
    assert_eq!(verify(&store).await, whole, "put back as it was, the chain holds again");

    // An edited reason, an edited payload, an edited time.
    for (seq, edit, undo) in [
        (2, "UPDATE change_log SET reason = '随手改' WHERE seq = 2", "UPDATE change_log SET reason = '门牌号更正' WHERE seq = 2"),
        (
            17,
            "UPDATE change_log SET payload = REPLACE(payload, '新工单', '旧工单') WHERE seq = 17",
            "UPDATE change_log SET payload = REPLACE(payload, '旧工单', '新工单') WHERE seq = 17",
        ),
        (34, "UPDATE change_log SET at = at + 1 WHERE seq = 34", "UPDATE change_log SET at = at - 1 WHERE seq = 34"),
    ] {
        tamper(&raw, edit).await;
        assert_eq!(verify(&store).await.first_break, Some(ChainBreak { seq, kind: BreakKind::Changed }), "{edit}");
        tamper(&raw, undo).await;
    }
    assert_eq!(verify(&store).await, whole);

    // A hash replaced, then cleared.
    tamper(&raw, "UPDATE change_log SET chain_hash = (SELECT chain_hash FROM change_log WHERE seq = 6) WHERE seq = 5").await;
    assert_eq!(verify(&store).await.first_break, Some(ChainBreak { seq: 5, kind: BreakKind::Changed }));
    tamper(&raw, "UPDATE change_log SET chain_hash = NULL WHERE seq = 5").await;
    assert_eq!(verify(&store).await.first_break, Some(ChainBreak { seq: 5, kind: BreakKind::Unsealed }));

    // Writing goes on over a damaged log; the damage stays reported.
    let extra = Change::Ticket(Ticket { id: 0, ..district.tickets[&1].clone() });
    store.create_all("热线导入", t(5), &[extra]).await.unwrap();
    assert_eq!(verify(&store).await.first_break, Some(ChainBreak { seq: 5, kind: BreakKind::Unsealed }));

    // A removed row is named by its own seq, and reopening never reseals the log.
    tamper(&raw, "DELETE FROM change_log WHERE seq <= 5").await;
    let store = {
        store.close().await;
        Store::open(url).await.unwrap()
    };
    let removed = verify(&store).await;
    assert_eq!(removed.first_break, Some(ChainBreak { seq: 1, kind: BreakKind::Removed { next_present: 6 } }), "{removed:?}");

    // Without the record of the seal nothing is attested, and a reopening does not seal anew.
    tamper(&raw, "DELETE FROM audit_chain").await;
    let store = {
        store.close().await;
        Store::open(url).await.unwrap()
    };
    let unsealed = verify(&store).await;
    assert_eq!(unsealed.first_break, Some(ChainBreak { seq: 6, kind: BreakKind::SealRecordMissing }));
    raw.close().await;
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_chain_on_sqlite() {
    let db = TempDb::new("chain");
    chain(&db.url()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_chain_on_postgres() {
    let Some(db) = PgDb::create("chain").await else { return };
    chain(&db.url).await;
    db.drop_database().await;
}
