//! Starting transactions the way each backend needs for writing and for consistent reading.

use sqlx::Transaction;
use sqlx::{Any, AnyPool};

use crate::error::StoreError;
use crate::Backend;

/// Key of the PostgreSQL advisory lock that serialises appends to the change log.
/// Any constant works; this one spells "wangge" in ASCII so it is recognisable in pg_locks.
const CHANGE_LOG_LOCK: i64 = 0x77_61_6e_67_67_65;

/// How long a writer waits for SQLite's write lock before it gives up: the stated bound on
/// the delay another writer (a long import, mostly) can cause. Writers wait, they do not
/// fail: an Open311 POST or a seat's action that meets an import waits until it commits.
/// With multi-row inserts an import of 100,000 records holds the lock for a few seconds
/// (BENCHMARKS.md, "Writers wait"), far inside this bound.
pub(crate) const WRITE_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// Whether SQLite refused because another connection holds the lock (SQLITE_BUSY and its
/// extended codes, which all end in 5 in the low byte).
pub(crate) fn is_busy(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => {
            db.code().and_then(|code| code.parse::<i32>().ok()).is_some_and(|code| code & 0xff == 5)
                || db.message().contains("database is locked")
        }
        _ => false,
    }
}

/// A transaction that will write.
///
/// SQLite: `BEGIN IMMEDIATE` takes the write lock up front (waiting up to the busy timeout).
/// A deferred `BEGIN` would take it at the first write, and a transaction that had read
/// first could then fail with SQLITE_BUSY without waiting at all. When the busy timeout
/// runs out it tries again, until [`WRITE_LOCK_WAIT`] has passed.
///
/// PostgreSQL: the transaction takes a transaction-level advisory lock, held until it commits
/// or rolls back. Without it, BIGSERIAL hands out seq 7 to one seat and seq 8 to another, 8
/// may commit first, and a reader polling `changes_since(6)` sees 8, moves its cursor to 8
/// and never sees 7. With the lock, writers append one at a time and commit before the next
/// one draws a seq, so seq order is commit order and every reader sees a gap-free prefix.
/// The lock is released only after the commit is visible, so a later writer's snapshot
/// always includes the earlier change. Writes are short, so serialising them costs little.
pub(crate) async fn begin_write(pool: &AnyPool, backend: Backend, doing: &str) -> Result<Transaction<'static, Any>, StoreError> {
    match backend {
        Backend::Sqlite => {
            let started = std::time::Instant::now();
            loop {
                match pool.begin_with("BEGIN IMMEDIATE").await {
                    Ok(tx) => return Ok(tx),
                    // Each attempt has already waited out the busy timeout (5 s) inside SQLite.
                    Err(error) if is_busy(&error) && started.elapsed() < WRITE_LOCK_WAIT => continue,
                    Err(error) if is_busy(&error) => {
                        return Err(StoreError::db(format!(
                            "{doing}: another writer held the database for more than {} s",
                            started.elapsed().as_secs()
                        ))(error))
                    }
                    Err(error) => return Err(StoreError::db(doing)(error)),
                }
            }
        }
        Backend::Postgres => {
            let mut tx = pool.begin().await.map_err(StoreError::db(doing))?;
            // `SELECT 1 FROM f()` rather than `SELECT f()`: the lock function returns `void`,
            // a type sqlx::Any cannot carry even in a discarded row.
            sqlx::query(&format!("SELECT 1 FROM pg_advisory_xact_lock({CHANGE_LOG_LOCK})"))
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db(format!("{doing}: waiting for the change-log lock")))?;
            Ok(tx)
        }
    }
}

/// A read-only transaction that sees one snapshot throughout, so a loaded district and its
/// last seq agree: every change after that seq is missing from the loaded records, every
/// change up to it is in them.
///
/// SQLite in WAL mode: a deferred transaction reads one snapshot from its first SELECT on.
/// PostgreSQL: READ COMMITTED would take a fresh snapshot per statement; REPEATABLE READ
/// keeps the first one.
pub(crate) async fn begin_snapshot(pool: &AnyPool, backend: Backend, doing: &str) -> Result<Transaction<'static, Any>, StoreError> {
    let begin = match backend {
        Backend::Sqlite => "BEGIN",
        Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    };
    pool.begin_with(begin).await.map_err(StoreError::db(doing))
}
