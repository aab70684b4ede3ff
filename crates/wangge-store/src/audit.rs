//! Reading the change log as an audit trail: who changed which record when, with the
//! record before and after. Rows are never updated or deleted, so this is the history.

use sqlx::{AnyPool, Row};
use wangge_domain::{Change, Timestamp};

use crate::error::StoreError;
use crate::wire;

/// Which audit rows to read; unset fields do not narrow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    pub actor: Option<String>,
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
    /// Only rows older than this sequence number: the next page after a page whose last
    /// row had it (keyset paging, so a page never repeats or skips a row).
    pub before_seq: Option<i64>,
    /// Read at most this many rows, newest first.
    pub limit: i64,
}

/// One change as the audit view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: Timestamp,
    pub actor: String,
    /// `None` when the change created the record.
    pub before: Option<Change>,
    pub after: Change,
    /// Why, when the actor was asked to say.
    pub reason: Option<String>,
}

pub(crate) async fn read(pool: &AnyPool, query: &AuditQuery) -> Result<Vec<AuditRecord>, StoreError> {
    let mut conditions: Vec<String> = Vec::new();
    let mut n = 0;
    let mut next = || {
        n += 1;
        format!("${n}")
    };
    if query.entity.is_some() {
        conditions.push(format!("entity = {}", next()));
    }
    if query.entity_id.is_some() {
        conditions.push(format!("entity_id = {}", next()));
    }
    if query.actor.is_some() {
        conditions.push(format!("actor = {}", next()));
    }
    if query.from.is_some() {
        conditions.push(format!("at >= {}", next()));
    }
    if query.to.is_some() {
        conditions.push(format!("at <= {}", next()));
    }
    if query.before_seq.is_some() {
        conditions.push(format!("seq < {}", next()));
    }
    let limit = next();
    let filter = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
    let sql =
        format!("SELECT seq, at, actor, payload_format, before, payload, reason FROM change_log {filter} ORDER BY seq DESC LIMIT {limit}");
    let mut q = sqlx::query(&sql);
    if let Some(entity) = &query.entity {
        q = q.bind(entity.clone());
    }
    if let Some(id) = query.entity_id {
        q = q.bind(id);
    }
    if let Some(actor) = &query.actor {
        q = q.bind(actor.clone());
    }
    if let Some(from) = query.from {
        q = q.bind(from.0);
    }
    if let Some(to) = query.to {
        q = q.bind(to.0);
    }
    if let Some(before) = query.before_seq {
        q = q.bind(before);
    }
    let rows = q.bind(query.limit.max(0)).fetch_all(pool).await.map_err(StoreError::db("reading the audit trail"))?;
    rows.iter()
        .map(|row| {
            let get_err = StoreError::db("reading the audit trail");
            let seq: i64 = row.try_get("seq").map_err(get_err)?;
            let format: i64 = row.try_get("payload_format").map_err(StoreError::db("reading the audit trail"))?;
            // One row, one format: `before` was written together with `payload`.
            let decode = |text: &str, column: &str| wire::decode_column(seq, column, format, text);
            let at: i64 = row.try_get("at").map_err(StoreError::db("reading the audit trail"))?;
            let actor: String = row.try_get("actor").map_err(StoreError::db("reading the audit trail"))?;
            let before: Option<String> = row.try_get("before").map_err(StoreError::db("reading the audit trail"))?;
            let payload: String = row.try_get("payload").map_err(StoreError::db("reading the audit trail"))?;
            let reason: Option<String> = row.try_get("reason").map_err(StoreError::db("reading the audit trail"))?;
            Ok(AuditRecord {
                seq,
                at: Timestamp(at),
                actor,
                before: before.as_deref().map(|b| decode(b, "before")).transpose()?,
                after: decode(&payload, "payload")?,
                reason,
            })
        })
        .collect()
}
