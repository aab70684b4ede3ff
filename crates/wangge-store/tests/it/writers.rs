//! Writers that meet: every kind of record refuses a write made on a version somebody else
//! has replaced (with the record as it is now), a writer waits for a write lock held past
//! SQLite's busy timeout instead of failing, and a batch of new records goes in with its
//! change-log rows in batch order (the multi-row path imports take).

use std::time::Duration;

use sqlx::{Connection, Executor};
use wangge_domain::{Change, District, Timestamp};
use wangge_store::{Store, StoreError};

use crate::support::district::{small, t};
use crate::support::pg::PgDb;
use crate::support::TempDb;

/// Two seats on one database (separate pools), both holding the small district as saved.
async fn two_seats(url: &str) -> (Store, Store, District) {
    let a = Store::open(url).await.unwrap();
    a.save_district(&small(), &mut |_, _, _| {}).await.unwrap();
    let b = Store::open(url).await.unwrap();
    let (district, _) = b.load_district().await.unwrap();
    (a, b, district)
}

fn conflict_of(result: Result<i64, StoreError>) -> (&'static str, i64, i64, i64, Change) {
    match result {
        Err(StoreError::Conflict { entity, id, stored, expected, fresh }) => (entity, id, stored, expected, *fresh),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

async fn stale_writes_are_refused(url: &str) {
    let (a, b, district) = two_seats(url).await;
    let read = district.isolations[&1].clone();
    assert_eq!(read.version, 0);

    // Both seats read version 0 and release the isolation; the first to store wins.
    let mut first = read.clone();
    first.released_at = Some(t(16));
    first.version = 1;
    let mut second = read.clone();
    second.released_at = Some(t(18));
    second.version = 1;
    let last = a.commit("leader-a", t(16), &Change::Isolation(first.clone())).await.unwrap();
    let (entity, id, stored, expected, fresh) = conflict_of(b.commit("leader-b", t(18), &Change::Isolation(second)).await);
    assert_eq!((entity, id, stored, expected), ("isolation", 1, 1, 0));
    assert_eq!(fresh, Change::Isolation(first.clone()), "the refusal carries the record as stored");
    let (now, _) = b.load_district().await.unwrap();
    assert_eq!(now.isolations[&1], first, "the stale write changed nothing");
    assert_eq!(b.last_seq().await.unwrap(), last, "and appended nothing to the log");

    // Deciding again on the fresh record goes through.
    let mut again = first.clone();
    again.released_at = Some(t(18));
    again.version = 2;
    b.commit("leader-b", t(18), &Change::Isolation(again.clone())).await.unwrap();

    // Every other kind of record the same way: one version up is stored, the same again is not.
    let bumped: Vec<Change> = vec![
        Change::House(wangge_domain::House { version: 1, ..district.houses[&1].clone() }),
        Change::Person(wangge_domain::Person { version: 1, ..district.people[&1].clone() }),
        Change::FollowUp(wangge_domain::FollowUp { version: 1, ..district.follow_ups[&1].clone() }),
        Change::Enterprise(wangge_domain::Enterprise { version: 1, ..district.enterprises[&1].clone() }),
        Change::Task(wangge_domain::Task { version: 1, ..district.tasks[&1].clone() }),
        Change::TaskItem(wangge_domain::TaskItem { version: 1, ..district.task_items[&1].clone() }),
    ];
    for change in &bumped {
        a.commit("seat-a", t(19), change).await.unwrap();
        let (entity, id, stored, expected, fresh) = conflict_of(b.commit("seat-b", t(19), change).await);
        assert_eq!((entity, id, stored, expected), (change.entity(), change.entity_id(), 1, 0));
        assert_eq!(&fresh, change);
    }
    let (reloaded, _) = a.load_district().await.unwrap();
    assert_eq!(reloaded.isolations[&1], again);
    assert_eq!(reloaded.houses[&1].version, 1);
    assert_eq!(reloaded.task_items[&1].version, 1);
    a.close().await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_write_of_any_record_is_refused_with_the_fresh_record_on_sqlite() {
    let db = TempDb::new("stale");
    stale_writes_are_refused(&db.url()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_write_of_any_record_is_refused_with_the_fresh_record_on_postgres() {
    let Some(db) = PgDb::create("stale").await else { return };
    stale_writes_are_refused(&db.url).await;
    db.drop_database().await;
}

/// Another process (a long import, for instance) holds SQLite's write lock for longer than
/// the 5 s busy timeout: a commit meanwhile waits and then succeeds instead of failing with
/// "database is locked".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_writer_waits_for_a_lock_held_past_the_busy_timeout() {
    let db = TempDb::new("wait");
    let (store, _other, district) = two_seats(&db.url()).await;
    let mut holder = sqlx::SqliteConnection::connect(&db.url()).await.unwrap();
    holder.execute("BEGIN IMMEDIATE").await.unwrap();

    let writer = store.clone();
    let mut follow_up = district.follow_ups[&1].clone();
    follow_up.id = 100;
    let change = Change::FollowUp(follow_up.clone());
    let commit = tokio::spawn(async move { writer.commit("intake", t(20), &change).await });
    // Past the busy timeout, with the lock still held.
    tokio::time::sleep(Duration::from_secs(7)).await;
    assert!(!commit.is_finished(), "the commit cannot have gone through while the lock was held");
    holder.execute("COMMIT").await.unwrap();
    let seq = commit.await.unwrap().expect("the writer waited for the lock instead of failing");
    let (reloaded, last) = store.load_district().await.unwrap();
    assert_eq!(last, seq);
    assert_eq!(reloaded.follow_ups[&100], follow_up);
    store.close().await;
}

async fn a_batch_goes_in_whole_and_in_order(url: &str) {
    let (store, _other, district) = two_seats(url).await;
    let before = store.last_seq().await.unwrap();
    let at = Timestamp(t(21).0);
    let batch = vec![
        Change::House(wangge_domain::House { id: 0, code: "H-new".into(), ..district.houses[&1].clone() }),
        Change::Person(wangge_domain::Person { id: 0, house_id: -1, ..district.people[&1].clone() }),
        Change::Isolation(wangge_domain::Isolation { id: 0, person_id: -2, released_at: None, ..district.isolations[&1].clone() }),
        Change::FollowUp(wangge_domain::FollowUp { id: 0, isolation_id: -3, ..district.follow_ups[&1].clone() }),
        Change::FollowUp(wangge_domain::FollowUp { id: 0, isolation_id: -3, temperature_c: Some(36.5), ..district.follow_ups[&1].clone() }),
        Change::Task(wangge_domain::Task { id: 0, ..district.tasks[&1].clone() }),
        Change::TaskItem(wangge_domain::TaskItem { id: 0, task_id: -6, ..district.task_items[&1].clone() }),
        Change::Ticket(wangge_domain::Ticket { id: 0, ..district.tickets[&1].clone() }),
        Change::Enterprise(wangge_domain::Enterprise { id: 0, ..district.enterprises[&1].clone() }),
    ];
    let created = store.create_all("import", at, &batch).await.unwrap();
    let seqs: Vec<i64> = created.iter().map(|(seq, _)| *seq).collect();
    assert_eq!(seqs, (before + 1..=before + batch.len() as i64).collect::<Vec<_>>());
    let log = store.changes_since(before, 100).await.unwrap();
    let logged: Vec<(i64, Change)> = log.into_iter().map(|record| (record.seq, record.change)).collect();
    assert_eq!(logged, created, "the log holds each created record under its seq, in batch order");
    let house = created[0].1.entity_id();
    let Change::Person(person) = &created[1].1 else { panic!("{created:?}") };
    assert_eq!(person.house_id, house);
    let Change::FollowUp(slot) = &created[4].1 else { panic!("{created:?}") };
    assert_eq!(slot.isolation_id, created[2].1.entity_id());
    let (reloaded, last) = store.load_district().await.unwrap();
    assert_eq!(last, before + batch.len() as i64);
    assert_eq!(Change::Person(reloaded.people[&person.id].clone()), created[1].1);
    assert_eq!(Change::FollowUp(reloaded.follow_ups[&slot.id].clone()), created[4].1);
    assert_eq!(Change::Ticket(reloaded.tickets[&created[7].1.entity_id()].clone()), created[7].1);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_of_new_records_goes_in_whole_and_in_order_on_sqlite() {
    let db = TempDb::new("batch");
    a_batch_goes_in_whole_and_in_order(&db.url()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_of_new_records_goes_in_whole_and_in_order_on_postgres() {
    let Some(db) = PgDb::create("batch").await else { return };
    a_batch_goes_in_whole_and_in_order(&db.url).await;
    db.drop_database().await;
}
