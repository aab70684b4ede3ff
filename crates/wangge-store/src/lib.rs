//! Persistence of a Wangge district: the hierarchy, every record and the change log, in
//! SQLite (one file, shared by the desktop app and `wangge simulate`) or PostgreSQL (several
//! seats on one server). This is the only crate that knows SQL.
//!
//! One code path serves both backends through `sqlx::Any` with portable SQL (`$N`
//! placeholders, BIGINT/TEXT/DOUBLE PRECISION columns); only the migrations differ, in two
//! folders. Records are upserted and their changes appended to `change_log` in the same
//! transaction, so the log and the tables never disagree. A change is stored in a numbered
//! format of this crate's own ([`wire`]), never by the domain's serde, so renaming a domain
//! field changes neither the log nor the audit trail, and old logs stay readable.

mod accounts;
mod audit;
mod bulk;
mod chain;
mod change_log;
mod connect;
mod error;
mod geometry;
mod load;
mod notify;
mod open311_clients;
mod recount;
mod reveal_log;
mod tables;
mod tx;
pub mod wire;

#[cfg(feature = "test-support")]
pub mod test_support;

use std::path::Path;

use sqlx::AnyPool;
use wangge_domain::{Change, ChangeRecord, District, Timestamp};

pub use accounts::StoredAccount;
pub use audit::{AuditQuery, AuditRecord};
pub use chain::{BreakKind, ChainBreak, ChainReport};
pub use error::StoreError;
pub use notify::{CommitListener, Heard};
pub use open311_clients::Open311Client;
pub use reveal_log::RevealRecord;
pub use tables::NodeVersion;

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A handle on one district's database. Cheap to clone: clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Where a [`CommitListener`] connects (PostgreSQL only): LISTEN needs a connection of
    /// its own, which the shared pool cannot lend for good.
    listen_url: Option<ListenUrl>,
}

/// A PostgreSQL URL kept for the listener; its password never reaches a `Debug` print.
#[derive(Clone)]
struct ListenUrl(std::sync::Arc<str>);

impl std::fmt::Debug for ListenUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&connect::redact(&self.0))
    }
}

impl Store {
    /// Opens `sqlite:///abs/path.db`, `sqlite://relative.db` or `postgres://…`, creating a
    /// missing SQLite file, and brings the schema up to date.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let (pool, backend) = connect::open_pool(url).await?;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        chain::seal_once(&pool, backend, Timestamp(now)).await?;
        let listen_url = (backend == Backend::Postgres).then(|| ListenUrl(url.into()));
        Ok(Store { pool, backend, listen_url })
    }

    /// Walks the audit chain from the first change-log row and reports the first row that
    /// was edited or removed, if any (see [`chain`]). `progress(rows_checked)` is called as
    /// it goes.
    pub async fn verify_chain(&self, progress: &mut (dyn FnMut(u64) + Send)) -> Result<ChainReport, StoreError> {
        chain::verify(&self.pool, progress).await
    }

    /// Opens (creating if missing) the SQLite file at `path`.
    pub async fn open_sqlite_file(path: &Path) -> Result<Store, StoreError> {
        Store::open(&connect::sqlite_url_of(path)?).await
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether a district has been saved.
    pub async fn has_district(&self) -> Result<bool, StoreError> {
        use sqlx::Row;
        let count: i64 = sqlx::query("SELECT COUNT(*) FROM district")
            .fetch_one(&self.pool)
            .await
            .and_then(|row| row.try_get(0))
            .map_err(StoreError::db("checking for a stored district"))?;
        Ok(count > 0)
    }

    /// Saves a whole district in one transaction: all of it or, on any error, nothing.
    /// Fails with [`StoreError::AlreadyHasDistrict`] if one is stored already (which is then
    /// left as it was). `progress(stage, done, total)` is called after every batch of rows;
    /// stages are table names (`nodes`, `houses`, `people`, …).
    pub async fn save_district(&self, district: &District, progress: &mut (dyn FnMut(&str, u64, u64) + Send)) -> Result<(), StoreError> {
        bulk::save_district(&self.pool, self.backend, district, progress).await
    }

    /// Loads the district and the seq of the last change it reflects, both from one snapshot:
    /// `changes_since(last_seq)` then yields exactly the changes made after the load.
    pub async fn load_district(&self) -> Result<(District, i64), StoreError> {
        load::load_district(&self.pool, self.backend).await
    }

    /// The district's hierarchy without its records.
    pub async fn load_hierarchy(&self) -> Result<wangge_domain::Hierarchy, StoreError> {
        load::load_hierarchy(&self.pool, self.backend).await
    }

    /// The one write every other write method here is a case of: changes to existing
    /// records, in order, then new records (the next free id of their table; a negative id in
    /// a reference field names an earlier creation of the batch), with the reason the actor
    /// gave on each change-log row, in one transaction: all or none. Returns the updates'
    /// seqs and the created records with their seqs.
    pub async fn write(
        &self,
        actor: &str,
        at: Timestamp,
        updates: &[Change],
        creations: &[Change],
        reason: Option<&str>,
    ) -> Result<(Vec<i64>, Vec<(i64, Change)>), StoreError> {
        change_log::write_all(&self.pool, self.backend, actor, at, updates, creations, reason).await
    }

    /// Stores the record a change carries (insert or replace by id) and appends the change
    /// to the log, in one transaction. Returns the change's seq.
    ///
    /// A [`Change::Node`] is keyed by its code. Storing a node whose `valid_from` is later
    /// than the stored one's first keeps the stored figure in `node_versions`; a node without
    /// a parent claims the district (the first node of an empty store, from a boundary import).
    pub async fn commit(&self, actor: &str, at: Timestamp, change: &Change) -> Result<i64, StoreError> {
        let (seqs, _) = self.write(actor, at, std::slice::from_ref(change), &[], None).await?;
        seqs.first().copied().ok_or_else(|| StoreError::corrupt("a committed change got no seq"))
    }

    /// Stores a new record and appends its change, giving it the next free id of its table
    /// (the id the change carries is ignored). Returns the seq and the change as stored.
    pub async fn commit_new(&self, actor: &str, at: Timestamp, change: &Change) -> Result<(i64, Change), StoreError> {
        let (_, mut created) = self.write(actor, at, &[], std::slice::from_ref(change), None).await?;
        created.pop().ok_or_else(|| StoreError::corrupt("a created record got no seq"))
    }

    /// Stores new records in one transaction, all or none, giving each the next free id of
    /// its table; a negative id in a reference field (`task_id`, `isolation_id`, `house_id`,
    /// `person_id`, a person's `employer`) names an earlier record of the same batch (`-1` = the first).
    pub async fn create_all(&self, actor: &str, at: Timestamp, changes: &[Change]) -> Result<Vec<(i64, Change)>, StoreError> {
        Ok(self.write(actor, at, &[], changes, None).await?.1)
    }

    /// Commits changes to existing records (in order) and creates new records, all in one
    /// transaction: everything or, on any error, nothing. Creations get the next free ids
    /// and may refer to earlier creations by negative id, as in [`Store::create_all`].
    /// Returns the updates' seqs and the created records (with their seqs) as stored.
    pub async fn commit_and_create(
        &self,
        actor: &str,
        at: Timestamp,
        updates: &[Change],
        creations: &[Change],
    ) -> Result<(Vec<i64>, Vec<(i64, Change)>), StoreError> {
        self.write(actor, at, updates, creations, None).await
    }

    /// Commits the changes in order in one transaction: all of them or none. Returns their
    /// seqs, ascending.
    pub async fn commit_all(&self, actor: &str, at: Timestamp, changes: &[Change]) -> Result<Vec<i64>, StoreError> {
        Ok(self.write(actor, at, changes, &[], None).await?.0)
    }

    /// [`Store::commit_all`] with the reason the actor gave, kept on each change-log row.
    pub async fn commit_all_because(&self, actor: &str, at: Timestamp, changes: &[Change], reason: &str) -> Result<Vec<i64>, StoreError> {
        Ok(self.write(actor, at, changes, &[], Some(reason)).await?.0)
    }

    /// Up to `limit` changes with a seq above `after_seq`, in ascending seq order. A seat
    /// polls this with its last seen seq; no committed change is ever skipped.
    pub async fn changes_since(&self, after_seq: i64, limit: i64) -> Result<Vec<ChangeRecord>, StoreError> {
        change_log::changes_since(&self.pool, after_seq, limit).await
    }

    /// Every change committed after `at`, newest first, each with the record as it was
    /// before it: what walking the district back to `at` undoes.
    pub async fn committed_after(&self, at: Timestamp) -> Result<Vec<wangge_domain::as_known::Undo>, StoreError> {
        change_log::committed_after(&self.pool, at).await
    }

    /// Listens for the commits of every process on this database, this one's included, so a
    /// reader can catch up at once instead of at its next poll. `None` on SQLite, where
    /// commits are not announced and readers poll. Notifications only wake the reader: what
    /// changed is still read with [`Store::changes_since`], which skips nothing.
    pub async fn listen_for_commits(&self) -> Result<Option<CommitListener>, StoreError> {
        match &self.listen_url {
            Some(url) => CommitListener::connect(&url.0).await.map(Some),
            None => Ok(None),
        }
    }

    /// Audit rows (committed changes with the record before and after), newest first.
    pub async fn audit(&self, query: &AuditQuery) -> Result<Vec<AuditRecord>, StoreError> {
        audit::read(&self.pool, query).await
    }

    /// The figures of a node that redraws replaced, oldest first (the current one is the
    /// node's own row).
    pub async fn node_versions(&self, code: &str) -> Result<Vec<NodeVersion>, StoreError> {
        let rows = sqlx::query(NodeVersion::SELECT)
            .bind(code)
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::db(format!("reading the versions of node {code}")))?;
        rows.iter().map(NodeVersion::read).collect()
    }

    /// The highest committed seq, 0 when nothing has been committed.
    pub async fn last_seq(&self) -> Result<i64, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(StoreError::db("reading the last seq"))?;
        change_log::last_seq_on(&mut conn).await
    }

    /// Closes every connection, waiting for those in use to come back. Later calls fail.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
