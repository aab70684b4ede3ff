//! The change log as a hash chain, so an edited or removed audit row is found.
//!
//! Every row carries `chain_hash`: SHA-256 over the previous row's hash and this row's own
//! columns (seq, time, actor, record, payload, before, reason, format). Whoever edits a row
//! without recomputing every later hash breaks the chain at that row; whoever removes one
//! leaves a gap in the seqs, which writers keep gap-free (each row gets the seq after the
//! last, under the write lock). [`verify`] walks the log from the start and names the first
//! row that does not hold.
//!
//! Rows written before the chain existed are sealed once, when a store is first opened by a
//! build that has it ([`seal_once`]): their history before that moment is not attested, and
//! the `audit_chain` row says up to which seq and since when. A store is never resealed, so
//! clearing the hashes later does not hide an edit.

use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, AnyPool, Row};
use wangge_domain::Timestamp;

use crate::error::StoreError;
use crate::{tx, Backend};

/// The hash the first row links to.
pub(crate) const GENESIS: &str = "";

/// The columns of one change-log row that its hash covers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Link<'a> {
    pub seq: i64,
    pub at: i64,
    pub actor: &'a str,
    pub entity: &'a str,
    pub entity_id: i64,
    pub payload_format: i64,
    pub payload: &'a str,
    pub before: Option<&'a str>,
    pub reason: Option<&'a str>,
}

impl Link<'_> {
    /// The row's hash given the hash of the row before it, as 64 lowercase hex digits.
    pub(crate) fn hash(&self, previous: &str) -> String {
        let mut hasher = Sha256::new();
        // Every field goes in with its length, so no two different rows hash the same text.
        let mut field = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        field(b"wangge change log 1");
        field(previous.as_bytes());
        field(&self.seq.to_le_bytes());
        field(&self.at.to_le_bytes());
        field(self.actor.as_bytes());
        field(self.entity.as_bytes());
        field(&self.entity_id.to_le_bytes());
        field(&self.payload_format.to_le_bytes());
        field(self.payload.as_bytes());
        for optional in [self.before, self.reason] {
            // A tag first, so no text and an empty text differ.
            match optional {
                None => field(b"-"),
                Some(text) => {
                    field(b"+");
                    field(text.as_bytes());
                }
            }
        }
        hex(&hasher.finalize())
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// The last row of the log as a writer continues from it: inside a write transaction,
/// which writers take one at a time, so no one else appends in between.
#[derive(Debug, Clone)]
pub(crate) struct Head {
    pub seq: i64,
    pub hash: String,
}

impl Head {
    /// Reads the last row. A row without a hash (only a hand-edited log has one) is linked
    /// to as the genesis: writing goes on, and [`verify`] reports the row.
    pub(crate) async fn read(conn: &mut AnyConnection, doing: &str) -> Result<Head, StoreError> {
        let row = sqlx::query("SELECT seq, chain_hash FROM change_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await
            .map_err(StoreError::db(format!("{doing}: reading the end of the change log")))?;
        match row {
            None => Ok(Head { seq: 0, hash: GENESIS.to_owned() }),
            Some(row) => {
                let seq: i64 = row.try_get(0).map_err(StoreError::db(format!("{doing}: reading the last seq")))?;
                let hash: Option<String> = row.try_get(1).map_err(StoreError::db(format!("{doing}: reading the last hash")))?;
                Ok(Head { seq, hash: hash.unwrap_or_default() })
            }
        }
    }

    /// The seq and hash of the next row, `link` with its seq filled in; advances the head.
    pub(crate) fn append(&mut self, mut link: Link<'_>) -> (i64, String) {
        link.seq = self.seq + 1;
        let hash = link.hash(&self.hash);
        self.seq = link.seq;
        self.hash.clone_from(&hash);
        (link.seq, hash)
    }
}

/// What a walk over the whole chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// Rows checked.
    pub rows: u64,
    /// The last row's seq and hash when the chain holds to the end: write them down, and a
    /// later check that finds a different hash at that seq shows the log was rewritten.
    pub head_seq: i64,
    pub head_hash: String,
    /// Rows up to this seq were written before the chain existed and sealed when the store
    /// was upgraded, at `sealed_at`.
    pub sealed_through: Option<i64>,
    pub sealed_at: Option<Timestamp>,
    /// The first row that does not hold, if any.
    pub first_break: Option<ChainBreak>,
}

/// The first place where the chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// The seq of the first bad row: the changed row, or the first missing one.
    pub seq: i64,
    pub kind: BreakKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BreakKind {
    /// The row's columns no longer give its hash: it was edited (or its hash was).
    Changed,
    /// Rows from `seq` up to the one before `next_present` are missing.
    Removed { next_present: i64 },
    /// The row carries no hash although the chain was sealed before it was written.
    Unsealed,
    /// The record of when the chain was sealed is gone, so nothing can be attested.
    SealRecordMissing,
}

/// Rows read per page while verifying or sealing: bounded memory on a log of millions of rows.
const PAGE: i64 = 5_000;

/// A change-log row as stored, with every column its hash covers.
struct StoredRow {
    seq: i64,
    at: i64,
    actor: String,
    entity: String,
    entity_id: i64,
    payload_format: i64,
    payload: String,
    before: Option<String>,
    reason: Option<String>,
    chain_hash: Option<String>,
}

impl StoredRow {
    /// The next page of rows after `seq`, in seq order.
    async fn page_after<'c>(
        conn: impl sqlx::Executor<'c, Database = sqlx::Any>,
        seq: i64,
        doing: &str,
    ) -> Result<Vec<StoredRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, entity, entity_id, payload_format, payload, before, reason, chain_hash \
             FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(seq)
        .bind(PAGE)
        .fetch_all(conn)
        .await
        .map_err(StoreError::db(format!("{doing}: reading rows after seq {seq}")))?;
        rows.iter()
            .map(|row| {
                let db = |source| StoreError::Database { doing: doing.to_owned(), source };
                Ok(StoredRow {
                    seq: row.try_get("seq").map_err(db)?,
                    at: row.try_get("at").map_err(db)?,
                    actor: row.try_get("actor").map_err(db)?,
                    entity: row.try_get("entity").map_err(db)?,
                    entity_id: row.try_get("entity_id").map_err(db)?,
                    payload_format: row.try_get("payload_format").map_err(db)?,
                    payload: row.try_get("payload").map_err(db)?,
                    before: row.try_get("before").map_err(db)?,
                    reason: row.try_get("reason").map_err(db)?,
                    chain_hash: row.try_get("chain_hash").map_err(db)?,
                })
            })
            .collect()
    }

    fn link(&self) -> Link<'_> {
        Link {
            seq: self.seq,
            at: self.at,
            actor: &self.actor,
            entity: &self.entity,
            entity_id: self.entity_id,
            payload_format: self.payload_format,
            payload: &self.payload,
            before: self.before.as_deref(),
            reason: self.reason.as_deref(),
        }
    }
}

/// Walks the whole log from the first row and stops at the first that does not hold.
/// `progress(rows_checked)` is called after each page.
pub(crate) async fn verify(pool: &AnyPool, progress: &mut (dyn FnMut(u64) + Send)) -> Result<ChainReport, StoreError> {
    let doing = "checking the audit chain";
    let seal = sqlx::query("SELECT sealed_through, sealed_at FROM audit_chain WHERE id = 1")
        .fetch_optional(pool)
        .await
        .map_err(StoreError::db(format!("{doing}: reading when the chain was sealed")))?;
    let (sealed_through, sealed_at) = match &seal {
        Some(row) => (
            Some(row.try_get::<i64, _>(0).map_err(StoreError::db(doing))?),
            Some(Timestamp(row.try_get::<i64, _>(1).map_err(StoreError::db(doing))?)),
        ),
        None => (None, None),
    };
    let mut report = ChainReport { rows: 0, head_seq: 0, head_hash: GENESIS.to_owned(), sealed_through, sealed_at, first_break: None };
    loop {
        let rows = StoredRow::page_after(pool, report.head_seq, doing).await?;
        if rows.is_empty() {
            return Ok(report);
        }
        for row in rows {
            let (seq, link, stored) = (row.seq, row.link(), row.chain_hash.clone());
            let broken = |kind| Some(ChainBreak { seq, kind });
            report.first_break = if sealed_through.is_none() {
                // Rows exist but the seal is gone: name the first of them.
                broken(BreakKind::SealRecordMissing)
            } else if seq > report.head_seq + 1 && sealed_through < Some(seq) {
                // Rows written since the seal have gap-free seqs from 1 (or from the seal):
                // the first missing one is the one after the last row that held.
                Some(ChainBreak { seq: report.head_seq + 1, kind: BreakKind::Removed { next_present: seq } })
            } else {
                match stored {
                    None => broken(BreakKind::Unsealed),
                    Some(stored) if stored != link.hash(&report.head_hash) => broken(BreakKind::Changed),
                    Some(stored) => {
                        report.head_hash = stored;
                        None
                    }
                }
            };
            if report.first_break.is_some() {
                return Ok(report);
            }
            report.rows += 1;
            report.head_seq = seq;
        }
        progress(report.rows);
    }
}

/// Seals the rows written before the chain existed, once per store: hashes them in seq
/// order and records up to which seq and when. A store whose `audit_chain` row exists, or
/// whose log already carries hashes (its seal record was deleted), is never sealed again.
/// Runs when a store is opened, after the migrations.
pub(crate) async fn seal_once(pool: &AnyPool, backend: Backend, now: Timestamp) -> Result<(), StoreError> {
    let doing = "sealing the change log written before the audit chain";
    let already = sqlx::query("SELECT 1 FROM audit_chain WHERE id = 1").fetch_optional(pool).await.map_err(StoreError::db(doing))?;
    if already.is_some() {
        return Ok(());
    }
    let mut tx = tx::begin_write(pool, backend, doing).await?;
    // Another process may have sealed it while this one waited for the lock.
    let already = sqlx::query("SELECT 1 FROM audit_chain WHERE id = 1").fetch_optional(&mut *tx).await.map_err(StoreError::db(doing))?;
    let chained = sqlx::query("SELECT 1 FROM change_log WHERE chain_hash IS NOT NULL LIMIT 1")
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::db(doing))?;
    if already.is_some() || chained.is_some() {
        return Ok(());
    }
    let mut head = Head { seq: 0, hash: GENESIS.to_owned() };
    loop {
        let rows = StoredRow::page_after(&mut *tx, head.seq, doing).await?;
        if rows.is_empty() {
            break;
        }
        for row in rows {
            let link = row.link();
            // Old rows keep their seqs, gaps included (PostgreSQL's sequence skipped the
            // seqs of rolled-back writes): the hashes cover them as they are.
            let hash = link.hash(&head.hash);
            sqlx::query("UPDATE change_log SET chain_hash = $1 WHERE seq = $2")
                .bind(&hash)
                .bind(link.seq)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db(format!("{doing}: sealing seq {}", link.seq)))?;
            head = Head { seq: link.seq, hash };
        }
    }
    sqlx::query("INSERT INTO audit_chain (id, sealed_through, sealed_at) VALUES (1, $1, $2)")
        .bind(head.seq)
        .bind(now.0)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db(format!("{doing}: recording the seal")))?;
    tx.commit().await.map_err(StoreError::db(format!("{doing}: committing")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link<'a>(payload: &'a str, reason: Option<&'a str>) -> Link<'a> {
        Link {
            seq: 7, at: 1_700_000_000, actor: "王芳", entity: "ticket", entity_id: 42, payload_format: 2, payload, before: None, reason
        }
    }

    #[test]
    fn every_column_and_the_previous_hash_move_the_hash() {
        let base = link("{}", None);
        let hash = base.hash("abc");
        assert_eq!(hash.len(), 64);
        assert_eq!(hash, base.hash("abc"), "the same row hashes the same");
        let variants = [
            Link { seq: 8, ..base },
            Link { at: 1_700_000_001, ..base },
            Link { actor: "王芬", ..base },
            Link { entity: "task", ..base },
            Link { entity_id: 43, ..base },
            Link { payload_format: 1, ..base },
            Link { payload: "{ }", ..base },
            Link { before: Some("{}"), ..base },
            Link { reason: Some(""), ..base },
        ];
        for variant in variants {
            assert_ne!(variant.hash("abc"), hash, "{variant:?}");
        }
        assert_ne!(base.hash("abd"), hash, "the previous row's hash");
    }

    #[test]
    fn moving_text_between_fields_changes_the_hash() {
        // Without lengths, "ab" + "c" and "a" + "bc" would hash alike.
        let one = Link { actor: "ab", entity: "c", ..link("{}", None) };
        let other = Link { actor: "a", entity: "bc", ..link("{}", None) };
        assert_ne!(one.hash(""), other.hash(""));
        let no_reason = link("{}", None);
        let empty_reason = link("{}", Some(""));
        assert_ne!(no_reason.hash(""), empty_reason.hash(""), "no reason differs from an empty one");
    }

    #[test]
    fn hashes_are_lowercase_hex_of_sha256() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        let link = link("{}", None);
        let hash = link.hash("");
        assert!(hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "{hash}");
    }

    #[test]
    fn the_head_numbers_rows_on_without_gaps() {
        let mut head = Head { seq: 41, hash: "x".into() };
        let (seq, hash) = head.append(link("{}", None));
        assert_eq!(seq, 42);
        assert_eq!(hash, Link { seq: 42, ..link("{}", None) }.hash("x"));
        let (next, _) = head.append(link("{}", None));
        assert_eq!((next, head.seq), (43, 43));
    }
}
