//! Telling other processes on the same PostgreSQL that the change log moved: every write
//! transaction that appends to it also sends a NOTIFY, and [`CommitListener`] hears them.
//!
//! The notification is only a wake-up call. A reader still reads the log by sequence number
//! from its own cursor (`changes_since`), so a notification that is lost (the listener's
//! connection dropped, the process was busy) costs only time, never a change: the reader's
//! regular poll finds it. SQLite has no such channel; its readers poll.

use sqlx::postgres::PgListener;
use sqlx::AnyConnection;

use crate::error::StoreError;
use crate::Backend;

/// The channel every commit is announced on. One district per database, so one channel.
pub(crate) const CHANNEL: &str = "wangge_change_log";

/// Announces, inside the write transaction, the last seq it appended. PostgreSQL delivers
/// a NOTIFY only when (and if) its transaction commits, and in commit order, so a listener
/// never hears of a change it cannot read yet nor of one that was rolled back. A no-op on
/// SQLite.
pub(crate) async fn announce(conn: &mut AnyConnection, backend: Backend, last_seq: i64, doing: &str) -> Result<(), StoreError> {
    if backend != Backend::Postgres {
        return Ok(());
    }
    // `pg_notify` rather than `NOTIFY`: it takes the payload as a bound parameter. `SELECT 1
    // FROM f()` because it returns `void`, which sqlx::Any cannot carry (as in `tx.rs`).
    sqlx::query("SELECT 1 FROM pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(last_seq.to_string())
        .execute(&mut *conn)
        .await
        .map_err(StoreError::db(format!("{doing}: announcing the commit")))?;
    Ok(())
}

/// What a [`CommitListener`] heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    /// A commit appended to the change log, up to this seq.
    Commit(i64),
    /// The connection was lost and has been made again: whatever was committed meanwhile was
    /// not announced to this listener, so the reader should read the log now.
    Reconnected,
}

/// A connection of its own that LISTENs for commits of every process on the database.
pub struct CommitListener {
    listener: PgListener,
}

impl std::fmt::Debug for CommitListener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CommitListener")
    }
}

impl CommitListener {
    pub(crate) async fn connect(url: &str) -> Result<CommitListener, StoreError> {
        let doing = || format!("listening for commits on {}", crate::connect::redact(url));
        let mut listener = PgListener::connect(url).await.map_err(StoreError::db(doing()))?;
        listener.listen(CHANNEL).await.map_err(StoreError::db(doing()))?;
        Ok(CommitListener { listener })
    }

    /// Waits for the next commit. A lost connection is made again (and LISTENs again) before
    /// this returns [`Heard::Reconnected`]; an error means it could not be made (PostgreSQL
    /// still down) and the next call tries again.
    pub async fn next(&mut self) -> Result<Heard, StoreError> {
        match self.listener.try_recv().await {
            Ok(Some(notification)) => {
                // The payload is ours; a foreign one on the channel still means "read the log".
                Ok(Heard::Commit(notification.payload().parse().unwrap_or(0)))
            }
            Ok(None) => Ok(Heard::Reconnected),
            Err(source) => Err(StoreError::db("listening for commits")(source)),
        }
    }
}
