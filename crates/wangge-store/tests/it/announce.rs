//! Commits announced on PostgreSQL (LISTEN/NOTIFY): every write path that appends to the
//! change log is heard by a listener of another handle, with its last seq, in commit order;
//! a refused write is not heard; a listener whose connection is killed listens again; SQLite
//! offers no listener (its readers poll).

use std::time::Duration;

use sqlx::{Connection, Executor, Row};
use wangge_domain::{Change, FollowUp};
use wangge_store::{CommitListener, Heard, Store, StoreError};

use crate::support::district::{small, t};
use crate::support::pg::PgDb;
use crate::support::TempDb;

/// A failure guard only: a notification normally arrives in milliseconds.
const GUARD: Duration = Duration::from_secs(30);

async fn next_commit(listener: &mut CommitListener) -> i64 {
    match tokio::time::timeout(GUARD, listener.next()).await.expect("nothing heard within 30 s").unwrap() {
        Heard::Commit(seq) => seq,
        Heard::Reconnected => panic!("the listener lost its connection"),
    }
}

fn follow_up(id: i64) -> Change {
    Change::FollowUp(FollowUp { id, isolation_id: 1, due_at: t(20), done_at: None, temperature_c: None, result: None, version: 0 })
}

#[tokio::test]
async fn every_write_path_is_heard_by_another_handle_in_commit_order() {
    let Some(db) = PgDb::create("announce").await else { return };
    let writer = Store::open(&db.url).await.unwrap();
    writer.save_district(&small(), &mut |_, _, _| {}).await.unwrap();
    let reader = Store::open(&db.url).await.unwrap();
    let mut listener = reader.listen_for_commits().await.unwrap().expect("PostgreSQL announces commits");

    assert_eq!(writer.commit("a", t(20), &follow_up(100)).await.unwrap(), 1);
    assert_eq!(next_commit(&mut listener).await, 1);
    assert_eq!(writer.commit_all("a", t(20), &[follow_up(101), follow_up(102)]).await.unwrap(), [2, 3]);
    assert_eq!(next_commit(&mut listener).await, 3, "one announcement per transaction, with its last seq");
    let created = writer.create_all("a", t(20), &[follow_up(0), follow_up(0)]).await.unwrap();
    assert_eq!(created.iter().map(|(seq, _)| *seq).collect::<Vec<_>>(), [4, 5]);
    assert_eq!(next_commit(&mut listener).await, 5);
    let (updated, made) = writer
        .commit_and_create("a", t(20), &[Change::FollowUp(FollowUp { version: 1, ..as_follow_up(follow_up(100)) })], &[follow_up(0)])
        .await
        .unwrap();
    assert_eq!((updated, made[0].0), (vec![6], 7));
    assert_eq!(next_commit(&mut listener).await, 7);

    // A stale write is refused and rolled back: nothing is announced, so the next thing
    // heard is the commit after it.
    let stale = writer.commit("b", t(21), &Change::FollowUp(FollowUp { version: 1, ..as_follow_up(follow_up(100)) })).await;
    assert!(matches!(stale, Err(StoreError::Conflict { .. })), "{stale:?}");
    assert_eq!(writer.commit("a", t(21), &follow_up(200)).await.unwrap(), 8);
    assert_eq!(next_commit(&mut listener).await, 8);

    // The listener's connection killed (as a PostgreSQL restart would): it connects and
    // LISTENs again, says so, and hears the next commit.
    let mut admin = sqlx::postgres::PgConnection::connect(&db.url).await.unwrap();
    let killed = admin
        .fetch_one(
            sqlx::query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN %'")
                .bind(&db.name),
        )
        .await
        .unwrap()
        .get::<i64, _>(0);
    assert_eq!(killed, 1, "one listening connection");
    admin.close().await.unwrap();
    let mut errors = 0;
    loop {
        match tokio::time::timeout(GUARD, listener.next()).await.expect("no reconnection within 30 s") {
            Ok(Heard::Reconnected) => break,
            Ok(Heard::Commit(seq)) => panic!("heard {seq} with nothing committed"),
            // The termination notice itself may surface as one error before the reconnect.
            Err(err) => {
                errors += 1;
                assert!(errors < 5, "{err}");
            }
        }
    }
    assert_eq!(writer.commit("a", t(22), &follow_up(201)).await.unwrap(), 9);
    assert_eq!(next_commit(&mut listener).await, 9);

    drop(listener);
    writer.close().await;
    reader.close().await;
    db.drop_database().await;
}

fn as_follow_up(change: Change) -> FollowUp {
    match change {
        Change::FollowUp(f) => f,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn sqlite_offers_no_listener() {
    let db = TempDb::new("announce");
    let store = Store::open_sqlite_file(&db.path).await.unwrap();
    assert!(store.listen_for_commits().await.unwrap().is_none());
    store.close().await;
}
