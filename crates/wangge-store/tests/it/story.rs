//! The life of a store, told once and run on both backends: empty → saved → changed →
//! reloaded, with the refusals (a second save, a batch with one bad change) leaving it as it was.

use wangge_domain::*;
use wangge_store::{Backend, Store, StoreError};

use crate::support::district::{assert_same, small, t};
use crate::support::pg::PgDb;
use crate::support::TempDb;

async fn story(store: Store) {
    // An empty store.
    assert!(!store.has_district().await.unwrap());
    assert_eq!(store.last_seq().await.unwrap(), 0);
    assert!(matches!(store.load_district().await, Err(StoreError::NoDistrict)));
    assert!(matches!(store.load_hierarchy().await, Err(StoreError::NoDistrict)));
    assert!(store.changes_since(0, 100).await.unwrap().is_empty());

    // Save the small district, watching progress.
    let original = small();
    let mut stages: Vec<(String, u64, u64)> = Vec::new();
    store.save_district(&original, &mut |stage, done, total| stages.push((stage.to_owned(), done, total))).await.unwrap();
    assert!(store.has_district().await.unwrap());
    let finished: Vec<&str> = stages.iter().filter(|(_, done, total)| done == total).map(|(s, _, _)| s.as_str()).collect();
    assert_eq!(
        finished,
        ["nodes", "houses", "people", "isolations", "follow_ups", "enterprises", "tickets", "tasks", "task_items", "landlord_marks"]
    );
    assert!(stages.contains(&("people".to_owned(), 4, 4)), "{stages:?}");

    // It loads back equal, at seq 0.
    let (loaded, seq) = store.load_district().await.unwrap();
    assert_eq!(seq, 0);
    assert_same(&loaded, &original);
    // The places alone are the district's places.
    let places = store.load_hierarchy().await.unwrap();
    let codes = |h: &Hierarchy| h.nodes().map(|(_, node)| node.clone()).collect::<Vec<_>>();
    assert_eq!(codes(&places), codes(&original.hierarchy));

    // Three everyday changes and one new record.
    let mut ticket = original.tickets[&1].clone();
    ticket.resolved_at = Some(t(15));
    ticket.version += 1;
    let mut isolation = original.isolations[&1].clone();
    isolation.released_at = Some(t(16));
    isolation.version += 1;
    let mut enterprise = original.enterprises[&1].clone();
    enterprise.status = ResumptionStatus::Partly;
    enterprise.resumed_at = Some(t(17));
    enterprise.workers_back = 112;
    enterprise.version += 1;
    let follow_up = FollowUp { id: 4, isolation_id: 2, due_at: t(22), done_at: None, temperature_c: None, result: None, version: 0 };
    // The same record first without, then with a temperature: a NULL double and a value
    // must both bind into the statement that stores it.
    let done = FollowUp {
        done_at: Some(t(22)),
        temperature_c: Some(36.8),
        result: Some(FollowUpResult::SeenWell),
        version: 1,
        ..follow_up.clone()
    };
    let changes = vec![
        Change::Ticket(ticket.clone()),
        Change::Isolation(isolation.clone()),
        Change::Enterprise(enterprise.clone()),
        Change::FollowUp(follow_up.clone()),
        Change::FollowUp(done),
    ];
    let first = store.commit("commander-1", t(15), &changes[0]).await.unwrap();
    let rest = store.commit_all("leader-s1", t(17), &changes[1..]).await.unwrap();
    let mut seqs = vec![first];
    seqs.extend(rest);
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "seqs ascend: {seqs:?}");
    let last = *seqs.last().unwrap();
    assert_eq!(store.last_seq().await.unwrap(), last);

    // The log gives them back in order, whole.
    let log = store.changes_since(0, 100).await.unwrap();
    assert_eq!(log.iter().map(|r| r.seq).collect::<Vec<_>>(), seqs);
    assert_eq!(log.iter().map(|r| r.change.clone()).collect::<Vec<_>>(), changes);
    assert_eq!((log[0].actor.as_str(), log[0].at), ("commander-1", t(15)));
    assert_eq!((log[1].actor.as_str(), log[1].at), ("leader-s1", t(17)));
    assert_eq!(store.changes_since(seqs[1], 1).await.unwrap().iter().map(|r| r.seq).collect::<Vec<_>>(), [seqs[2]]);
    assert!(store.changes_since(last, 100).await.unwrap().is_empty());

    // A fresh load reflects them, and says which seq it is up to.
    let mut expected = small();
    for change in &changes {
        expected.apply(change.clone()).unwrap();
    }
    let (reloaded, seq) = store.load_district().await.unwrap();
    assert_eq!(seq, last);
    assert_same(&reloaded, &expected);

    // Saving again is refused and changes nothing.
    let refused = store.save_district(&small(), &mut |_, _, _| {}).await;
    assert!(matches!(refused, Err(StoreError::AlreadyHasDistrict)), "{refused:?}");
    let (after_refusal, seq) = store.load_district().await.unwrap();
    assert_eq!(seq, last);
    assert_same(&after_refusal, &expected);

    // A batch with one bad change (a ticket on a micro-grid that does not exist) stores nothing.
    let mut accepted = original.tickets[&2].clone();
    accepted.accepted_at = Some(t(18));
    accepted.version += 1;
    let mut lost = original.tickets[&1].clone();
    lost.id = 99;
    lost.micro_grid = Some("NO-SUCH-GRID".into());
    let bad = store.commit_all("leader-s1", t(18), &[Change::Ticket(accepted), Change::Ticket(lost)]).await;
    let error = bad.expect_err("a ticket on an unknown micro-grid must be refused");
    assert!(matches!(error, StoreError::Database { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.starts_with("committing ticket 99 (change 2 of 2): "), "{message}");
    assert_eq!(store.last_seq().await.unwrap(), last);
    let (after_failure, seq) = store.load_district().await.unwrap();
    assert_eq!(seq, last);
    assert_same(&after_failure, &expected);

    // A second handle on the same database sees the same thing.
    let again = store.clone();
    assert_eq!(again.changes_since(0, 100).await.unwrap(), log);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn story_on_sqlite() {
    let db = TempDb::new("story");
    let store = Store::open_sqlite_file(&db.path).await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    story(store).await;
    // Reopening the file finds everything committed.
    let reopened = Store::open(&db.url()).await.unwrap();
    assert_eq!(reopened.changes_since(0, 100).await.unwrap().len(), 5);
    reopened.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn story_on_postgres() {
    let Some(db) = PgDb::create("story").await else {
        return;
    };
    let store = Store::open(&db.url).await.unwrap();
    assert_eq!(store.backend(), Backend::Postgres);
    story(store).await;
    db.drop_database().await;
}

#[tokio::test]
async fn a_url_of_another_database_is_refused_with_its_reason() {
    let error = Store::open("mysql://root:hunter2@localhost/db").await.unwrap_err();
    assert_eq!(error.to_string(), "unsupported database URL \"mysql://root:***@localhost/db\": expected sqlite:// or postgres://");
}
