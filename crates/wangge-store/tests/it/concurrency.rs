//! Several seats writing at once, and a seat polling the log meanwhile: every commit gets its
//! own seq, and the poller, moving its cursor to the last seq it saw, misses none.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use wangge_domain::{Change, FollowUp};
use wangge_store::Store;

use crate::support::district::{small, t};
use crate::support::pg::PgDb;
use crate::support::TempDb;

const WRITERS_PER_SEAT: i64 = 2;
const COMMITS_PER_WRITER: i64 = 40;

/// `seats` are separate handles (separate pools) on one database.
async fn seats_write_at_once(seats: Vec<Store>, reader: Store) {
    seats[0].save_district(&small(), &mut |_, _, _| {}).await.unwrap();
    let total = seats.len() as i64 * WRITERS_PER_SEAT * COMMITS_PER_WRITER;

    let mut writers = Vec::new();
    for (seat_index, seat) in seats.iter().enumerate() {
        for writer in 0..WRITERS_PER_SEAT {
            let seat = seat.clone();
            writers.push(tokio::spawn(async move {
                let mut seqs = Vec::new();
                for k in 0..COMMITS_PER_WRITER {
                    // A new follow-up per commit: ids unique across all writers.
                    let id = 1_000 + seat_index as i64 * 1_000 + writer * 100 + k;
                    let change = Change::FollowUp(FollowUp {
                        id,
                        isolation_id: 1 + id % 2,
                        due_at: t(20),
                        done_at: None,
                        temperature_c: None,
                        result: None,
                        version: 0,
                    });
                    seqs.push(seat.commit(&format!("seat-{seat_index}"), t(20), &change).await.unwrap());
                }
                seqs
            }));
        }
    }

    // The poller reads in small pages while the writers run, and stops at the first empty
    // page read after they have all finished: by then it must have seen everything.
    let writers_done = Arc::new(AtomicBool::new(false));
    let done = writers_done.clone();
    let poller = tokio::spawn(async move {
        let mut seen = Vec::new();
        let mut cursor = 0;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
        loop {
            assert!(tokio::time::Instant::now() < deadline, "the poller is stuck after {} changes", seen.len());
            let finished_before_read = done.load(Ordering::SeqCst);
            let page = reader.changes_since(cursor, 7).await.unwrap();
            for record in &page {
                assert!(record.seq > cursor, "seq {} after cursor {cursor}", record.seq);
                cursor = record.seq;
                seen.push(record.seq);
            }
            if page.is_empty() {
                if finished_before_read {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }
        seen
    });

    let mut committed = Vec::new();
    for writer in writers {
        let seqs = writer.await.unwrap();
        assert!(seqs.windows(2).all(|w| w[0] < w[1]), "one writer's seqs ascend");
        committed.extend(seqs);
    }
    writers_done.store(true, Ordering::SeqCst);
    committed.sort_unstable();
    assert_eq!(committed, (1..=total).collect::<Vec<_>>(), "distinct and complete");

    let seen = poller.await.unwrap();
    assert_eq!(seen, committed, "the poller skipped nothing");
    let (district, last_seq) = seats[0].load_district().await.unwrap();
    assert_eq!(last_seq, total);
    assert_eq!(district.follow_ups.len() as i64, 3 + total);
    for seat in seats {
        seat.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_sqlite_handles_commit_at_once() {
    let db = TempDb::new("writers");
    let first = Store::open_sqlite_file(&db.path).await.unwrap();
    let second = Store::open_sqlite_file(&db.path).await.unwrap();
    let reader = Store::open_sqlite_file(&db.path).await.unwrap();
    seats_write_at_once(vec![first, second], reader).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_postgres_seats_commit_at_once() {
    let Some(db) = PgDb::create("writers").await else {
        return;
    };
    let mut seats = Vec::new();
    for _ in 0..3 {
        seats.push(Store::open(&db.url).await.unwrap());
    }
    let reader = Store::open(&db.url).await.unwrap();
    seats_write_at_once(seats, reader).await;
    db.drop_database().await;
}
