//! Two engines writing one SQLite file, as `wangge serve` (Open311 intake) and `wangge
//! import` do: an intake commit during a long import waits and succeeds, and a release of an
//! isolation decided on a version the other engine has replaced is refused with the fresh
//! record instead of overwriting it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use wangge_domain::Change;
use wangge_engine::EngineError;
use wangge_store::StoreError;

use crate::support::{two_seats, NOW};

/// Enough houses that storing them one statement at a time held the write lock past the
/// 5 s busy timeout in a debug build.
const IMPORTED: usize = 40_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_intake_commit_during_a_long_import_succeeds() {
    let (_dir, mut importer, mut intake) = two_seats(5).await;
    let template = importer.district().houses.values().min_by_key(|h| h.id).unwrap().clone();
    let houses_before = importer.district().houses.len();
    let tickets_before = intake.district().tickets.len();
    let houses: Vec<Change> =
        (0..IMPORTED).map(|k| Change::House(wangge_domain::House { id: 0, code: format!("IMP-{k}"), ..template.clone() })).collect();

    let importing = Arc::new(AtomicBool::new(true));
    let still_importing = importing.clone();
    let import = tokio::spawn(async move {
        let scope = importer.district_scope("import");
        let stored = importer.create_all(&scope, houses, NOW).await;
        still_importing.store(false, Ordering::SeqCst);
        stored.map(|stored| stored.len())
    });

    // Citizens keep reporting while the import runs: every report must be stored.
    let scope = intake.district_scope("open311");
    let ticket = intake.district().tickets.values().min_by_key(|t| t.id).unwrap().clone();
    let mut reported = 0;
    while importing.load(Ordering::SeqCst) || reported == 0 {
        let report = wangge_domain::Ticket { id: 0, summary: format!("intake {reported}"), version: 1, ..ticket.clone() };
        intake.create(&scope, Change::Ticket(report), NOW).await.expect("an intake commit during the import is stored");
        reported += 1;
    }
    assert_eq!(import.await.unwrap().unwrap(), IMPORTED);
    intake.catch_up(&scope, NOW).await.unwrap();
    assert_eq!(intake.district().tickets.len(), tickets_before + reported);
    assert_eq!(intake.district().houses.len(), houses_before + IMPORTED, "the import is whole");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_isolation_release_is_refused_with_the_fresh_record() {
    let (_dir, mut first, mut second) = two_seats(5).await;
    let active = first.district().isolations.values().filter(|i| i.is_active_at(NOW)).min_by_key(|i| i.id).unwrap().clone();
    // The second seat decides on the isolation as it reads it now…
    let mut stale = second.district().isolations[&active.id].clone();
    stale.released_at = Some(NOW.plus_secs(60));

    // …while the first releases it.
    let scope = first.district_scope("leader-1");
    first.release_isolation(&scope, active.id, NOW).await.unwrap();
    let released = first.district().isolations[&active.id].clone();
    assert_eq!((released.released_at, released.version), (Some(NOW), active.version + 1));

    let scope = second.district_scope("leader-2");
    match second.commit(&scope, Change::Isolation(stale), NOW.plus_secs(60)).await {
        Err(EngineError::Store(StoreError::Conflict { entity: "isolation", id, fresh, .. })) => {
            assert_eq!(id, active.id);
            assert_eq!(*fresh, Change::Isolation(released.clone()), "the refusal carries the release as stored");
        }
        other => panic!("the stale release must be refused, got {other:?}"),
    }
    let (stored, _) = second.store().load_district().await.unwrap();
    assert_eq!(stored.isolations[&active.id], released, "nothing was overwritten");
    assert_eq!(second.district().isolations[&active.id], released, "the refused seat has caught up");
}
