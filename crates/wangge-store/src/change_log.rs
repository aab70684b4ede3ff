//! Committing changes (upsert the record, append to the log) and reading the log back.

use sqlx::Row;
use sqlx::{Any, AnyConnection, AnyPool, Transaction};
use wangge_domain::as_known::Undo;
use wangge_domain::{Change, ChangeRecord, Node, Ticket, Timestamp};

use crate::chain::{Head, Link};
use crate::error::StoreError;
use crate::tables::{encode_boundary, select_one_sql, upsert_sql, NodeVersion, Table};
use crate::{bulk, notify, tx, wire, Backend};

/// Every write of a seat: changes to existing records (in order) and new records, committed
/// in one transaction, all or none; the updates first, each stored and appended to the log
/// (with `reason`, when the actor gave one), then the creations as [`create_in`] makes them
/// (the next free ids, references among the creations by negative id). Returns the updates'
/// seqs and the created records with their seqs. The store's other write methods are this one
/// with a part left empty.
pub(crate) async fn write_all(
    pool: &AnyPool,
    backend: Backend,
    actor: &str,
    at: Timestamp,
    updates: &[Change],
    creations: &[Change],
    reason: Option<&str>,
) -> Result<(Vec<i64>, Vec<(i64, Change)>), StoreError> {
    if updates.is_empty() && creations.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let doing = || match (updates.len(), creations.len()) {
        (_, 0) => "committing changes".to_string(),
        (0, n) => format!("creating {n} record(s)"),
        (u, n) => format!("committing {u} change(s) and creating {n} record(s)"),
    };
    let mut tx = tx::begin_write(pool, backend, &doing()).await?;
    let mut head = Head::read(&mut tx, &doing()).await?;
    let mut seqs = Vec::with_capacity(updates.len());
    for (index, change) in updates.iter().enumerate() {
        let what = || {
            let what = format!("committing {} {}", change.entity(), change.entity_id());
            if updates.len() > 1 {
                format!("{what} (change {} of {})", index + 1, updates.len())
            } else {
                what
            }
        };
        seqs.push(commit_one(&mut tx, &mut head, actor, at, change, reason, what).await?);
    }
    let created = create_in(&mut tx, &mut head, backend, actor, at, creations, &doing).await?;
    // Updates come first, creations after them: the last seq is the last creation's, if any.
    let last = created.last().map(|(seq, _)| *seq).or(seqs.last().copied());
    commit_appended(tx, backend, last, &doing()).await?;
    Ok((seqs, created))
}

/// Commits a write transaction that appended to the change log up to `last_seq`, announcing
/// it on PostgreSQL first (delivered with the commit, see `notify::announce`). Every path
/// that appends ends here, so no commit goes unannounced to the other server processes.
async fn commit_appended(
    mut tx: Transaction<'static, Any>,
    backend: Backend,
    last_seq: Option<i64>,
    doing: &str,
) -> Result<(), StoreError> {
    if let Some(last_seq) = last_seq {
        notify::announce(&mut tx, backend, last_seq, doing).await?;
    }
    tx.commit().await.map_err(StoreError::db(format!("{doing}: committing the transaction")))
}

/// Creates the records inside an open write transaction (see [`create_all`]).
///
/// New records are new by construction (their ids lie above every stored one), so there is
/// no "before" to read and no version to check: the records go in with multi-row INSERTs,
/// table by table in the order references point (houses before people, isolations before
/// follow-ups, tasks before items), and their change-log rows after them in batch order. One
/// statement per thousand rows instead of three per record keeps a large import's hold on
/// the write lock short, so other writers wait less (see `tx::begin_write`).
async fn create_in(
    tx: &mut AnyConnection,
    head: &mut Head,
    backend: Backend,
    actor: &str,
    at: Timestamp,
    changes: &[Change],
    doing: &impl Fn() -> String,
) -> Result<Vec<(i64, Change)>, StoreError> {
    let mut next_ids: std::collections::HashMap<&'static str, i64> = std::collections::HashMap::new();
    let mut given: Vec<i64> = Vec::with_capacity(changes.len());
    let mut resolved = Vec::with_capacity(changes.len());
    for (index, change) in changes.iter().enumerate() {
        let Some(table) = table_of(change) else {
            return Err(StoreError::Node {
                code: match change {
                    Change::Node(n) => n.code.0.clone(),
                    _ => String::new(),
                },
                reason: "nodes are keyed by code and committed as they are, not created with a new id".into(),
            });
        };
        let id = match next_ids.get(table) {
            Some(&id) => id,
            None => {
                let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
                sqlx::query(&sql)
                    .fetch_one(&mut *tx)
                    .await
                    .and_then(|row| row.try_get::<i64, _>(0))
                    .map_err(|source| StoreError::Database { doing: format!("{}: choosing ids in {table}", doing()), source })?
            }
        };
        next_ids.insert(table, id + 1);
        given.push(id);
        let change = resolve_batch_refs(change.clone().with_entity_id(id), &given).map_err(|k| {
            StoreError::corrupt(format!("change {} of the batch refers to change {k}, which does not come before it", index + 1))
        })?;
        resolved.push(change);
    }
    bulk::insert_new(tx, backend, &resolved).await.map_err(|error| match error {
        StoreError::Database { doing: step, source } => StoreError::Database { doing: format!("{}: {step}", doing()), source },
        other => other,
    })?;
    let seqs = bulk::append_created(tx, head, backend, actor, at, &resolved).await.map_err(|error| match error {
        StoreError::Database { doing: step, source } => StoreError::Database { doing: format!("{}: {step}", doing()), source },
        other => other,
    })?;
    Ok(seqs.into_iter().zip(resolved).collect())
}

/// Replaces batch references (negative ids) in the fields that point at other records.
fn resolve_batch_refs(mut change: Change, given: &[i64]) -> Result<Change, i64> {
    let resolve = |id: &mut i64| -> Result<(), i64> {
        if *id < 0 {
            let k = -*id;
            // The record itself is the last one given; it may only refer to earlier ones.
            *id = *given.get((k - 1) as usize).filter(|_| (k as usize) < given.len()).ok_or(k)?;
        }
        Ok(())
    };
    match &mut change {
        Change::TaskItem(item) => resolve(&mut item.task_id)?,
        Change::FollowUp(f) => resolve(&mut f.isolation_id)?,
        Change::Person(p) => {
            resolve(&mut p.house_id)?;
            if let Some(employer) = p.employer.as_mut() {
                resolve(employer)?;
            }
        }
        Change::Isolation(i) => resolve(&mut i.person_id)?,
        _ => {}
    }
    Ok(change)
}

/// The table whose ids a new record draws from; `None` for nodes, which have codes.
fn table_of(change: &Change) -> Option<&'static str> {
    use wangge_domain::records::*;
    Some(match change {
        Change::House(_) => <House as Table>::TABLE,
        Change::Person(_) => <Person as Table>::TABLE,
        Change::Isolation(_) => <Isolation as Table>::TABLE,
        Change::FollowUp(_) => <FollowUp as Table>::TABLE,
        Change::Enterprise(_) => <Enterprise as Table>::TABLE,
        Change::Ticket(_) => <Ticket as Table>::TABLE,
        Change::Task(_) => <Task as Table>::TABLE,
        Change::TaskItem(_) => <TaskItem as Table>::TABLE,
        Change::LandlordMark(_) => <LandlordMark as Table>::TABLE,
        Change::Node(_) => return None,
    })
}

/// Stores one change and appends its row to the log, next after `head` in the chain.
async fn commit_one(
    conn: &mut AnyConnection,
    head: &mut Head,
    actor: &str,
    at: Timestamp,
    change: &Change,
    reason: Option<&str>,
    doing: impl Fn() -> String,
) -> Result<i64, StoreError> {
    let before = match change {
        Change::House(r) => write(conn, r, r.id, Change::House, &doing).await?,
        Change::Person(r) => write(conn, r, r.id, Change::Person, &doing).await?,
        Change::Isolation(r) => write(conn, r, r.id, Change::Isolation, &doing).await?,
        Change::FollowUp(r) => write(conn, r, r.id, Change::FollowUp, &doing).await?,
        Change::Enterprise(r) => write(conn, r, r.id, Change::Enterprise, &doing).await?,
        Change::Ticket(r) => write(conn, r, r.id, Change::Ticket, &doing).await?,
        Change::Task(r) => write(conn, r, r.id, Change::Task, &doing).await?,
        Change::TaskItem(r) => write(conn, r, r.id, Change::TaskItem, &doing).await?,
        Change::LandlordMark(r) => write(conn, r, r.id, Change::LandlordMark, &doing).await?,
        Change::Node(r) => write_node(conn, r, &doing).await?.map(Change::Node),
    };
    let encode = |change: &Change| wire::encode(change).map_err(|source| StoreError::Encode { what: doing(), source });
    let payload = encode(change)?;
    let before = before.as_ref().map(encode).transpose()?;
    let (seq, chain_hash) = head.append(Link {
        seq: 0,
        at: at.0,
        actor,
        entity: change.entity(),
        entity_id: change.entity_id(),
        payload_format: wire::FORMAT,
        payload: &payload,
        before: before.as_deref(),
        reason,
    });
    sqlx::query(
        "INSERT INTO change_log (seq, at, actor, entity, entity_id, payload, before, reason, payload_format, chain_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(seq)
    .bind(at.0)
    .bind(actor)
    .bind(change.entity())
    .bind(change.entity_id())
    .bind(payload)
    .bind(before)
    .bind(reason)
    .bind(wire::FORMAT)
    .bind(chain_hash)
    .execute(&mut *conn)
    .await
    .map_err(|source| StoreError::Database { doing: format!("{}: appending to the change log", doing()), source })?;
    Ok(seq)
}

/// A record whose version rises by exactly one per stored change (every kind but nodes,
/// whose figures are versioned by date instead).
pub(crate) trait Versioned {
    const ENTITY: &'static str;
    fn version(&self) -> i64;
}

macro_rules! versioned {
    ($($record:ident => $entity:literal),+ $(,)?) => {
        $(impl Versioned for wangge_domain::records::$record {
            const ENTITY: &'static str = $entity;
            fn version(&self) -> i64 {
                i64::from(self.version)
            }
        })+
    };
}

versioned!(House => "house", Person => "person", Isolation => "isolation", FollowUp => "follow_up", Enterprise => "enterprise", Task => "task", TaskItem => "task_item", LandlordMark => "landlord_mark");

impl Versioned for Ticket {
    const ENTITY: &'static str = "ticket";
    fn version(&self) -> i64 {
        self.version
    }
}

/// Optimistic concurrency: a record's version rises by exactly one per stored change, so a
/// change made on an older version is refused whoever wrote in between, and the refusal
/// carries the record as it is now. The check runs inside the write transaction, which
/// writers take one at a time. A record not stored yet may carry any version.
fn check_version<T: Versioned + Clone>(stored: Option<&T>, next: &T, id: i64, wrap: fn(T) -> Change) -> Result<(), StoreError> {
    match stored {
        Some(stored) if stored.version() != next.version() - 1 => Err(StoreError::Conflict {
            entity: T::ENTITY,
            id,
            stored: stored.version(),
            expected: next.version() - 1,
            fresh: Box::new(wrap(stored.clone())),
        }),
        _ => Ok(()),
    }
}

/// Writes a node by its code. A new figure (a later `valid_from`) first moves the stored
/// figure to `node_versions`, valid until the new one starts; a retirement or an edit at the
/// same `valid_from` replaces the row in place. A node without a parent claims the district
/// row, so a second district is refused as `save_district` would refuse it.
async fn write_node(conn: &mut AnyConnection, node: &Node, doing: &impl Fn() -> String) -> Result<Option<Node>, StoreError> {
    let refuse = |reason: String| StoreError::Node { code: node.code.0.clone(), reason };
    let row = sqlx::query(&select_one_sql::<Node>())
        .bind(node.code.as_str())
        .fetch_optional(&mut *conn)
        .await
        .map_err(|source| StoreError::Database { doing: format!("{}: reading the node as it was", doing()), source })?;
    let stored = row.as_ref().map(Node::read).transpose()?;
    match &stored {
        None if node.parent.is_none() => {
            let claimed = sqlx::query("INSERT INTO district (id, root_code) VALUES (1, $1) ON CONFLICT (id) DO NOTHING")
                .bind(node.code.as_str())
                .execute(&mut *conn)
                .await
                .map_err(|source| StoreError::Database { doing: format!("{}: claiming the store", doing()), source })?
                .rows_affected();
            if claimed == 0 {
                return Err(refuse("the store already holds a district, and a node without a parent would be a second one".into()));
            }
        }
        None => {}
        Some(stored) if stored.valid_from == node.valid_from => {}
        Some(stored) => {
            let Some(from) = node.valid_from.filter(|&from| stored.valid_from.is_none_or(|old| old < from)) else {
                return Err(refuse(format!(
                    "the new figure would be valid from {}, not after the stored one ({})",
                    node.valid_from.map_or("the start".into(), |t| t.to_string()),
                    stored.valid_from.map_or("the start".into(), |t| t.to_string())
                )));
            };
            sqlx::query(NodeVersion::INSERT)
                .bind(stored.code.as_str())
                .bind(stored.valid_from.map(Timestamp::secs))
                .bind(from.secs())
                .bind(stored.name.as_str())
                .bind(encode_boundary(&stored.code, &stored.boundary)?)
                .execute(&mut *conn)
                .await
                .map_err(|source| StoreError::Database { doing: format!("{}: keeping the figure it replaces", doing()), source })?;
        }
    }
    upsert(conn, node, doing).await?;
    Ok(stored)
}

/// Reads the record as it is (for the audit row's "before" and the version check), then
/// writes the new one.
async fn write<T: Table + Versioned + Clone>(
    conn: &mut AnyConnection,
    record: &T,
    id: i64,
    wrap: fn(T) -> Change,
    doing: &impl Fn() -> String,
) -> Result<Option<Change>, StoreError> {
    let before = read_one::<T>(conn, id, doing).await?;
    check_version(before.as_ref(), record, id, wrap)?;
    upsert(conn, record, doing).await?;
    Ok(before.map(wrap))
}

async fn read_one<T: Table>(conn: &mut AnyConnection, id: i64, doing: &impl Fn() -> String) -> Result<Option<T>, StoreError> {
    let row = sqlx::query(&select_one_sql::<T>())
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|source| StoreError::Database { doing: format!("{}: reading the record as it was", doing()), source })?;
    row.as_ref().map(T::read).transpose()
}

async fn upsert<T: Table>(conn: &mut AnyConnection, record: &T, doing: &impl Fn() -> String) -> Result<(), StoreError> {
    let sql = upsert_sql::<T>();
    record
        .bind(sqlx::query(&sql).persistent(T::REUSABLE_STATEMENTS))?
        .execute(&mut *conn)
        .await
        .map_err(|source| StoreError::Database { doing: doing(), source })?;
    Ok(())
}

/// Changes with a seq above `after_seq`, ascending, at most `limit` of them.
pub(crate) async fn changes_since(pool: &AnyPool, after_seq: i64, limit: i64) -> Result<Vec<ChangeRecord>, StoreError> {
    let doing = || format!("reading changes after seq {after_seq}");
    let rows = sqlx::query("SELECT seq, at, actor, payload_format, payload FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2")
        .bind(after_seq)
        .bind(limit.max(0))
        .fetch_all(pool)
        .await
        .map_err(|source| StoreError::Database { doing: doing(), source })?;
    rows.iter()
        .map(|row| {
            let seq: i64 = row.try_get("seq").map_err(|source| StoreError::Database { doing: doing(), source })?;
            let at: i64 = row.try_get("at").map_err(|source| StoreError::Database { doing: doing(), source })?;
            let actor: String = row.try_get("actor").map_err(|source| StoreError::Database { doing: doing(), source })?;
            let format: i64 = row.try_get("payload_format").map_err(|source| StoreError::Database { doing: doing(), source })?;
            let payload: String = row.try_get("payload").map_err(|source| StoreError::Database { doing: doing(), source })?;
            let change = wire::decode_column(seq, "payload", format, &payload)?;
            Ok(ChangeRecord { seq, at: Timestamp(at), actor, change })
        })
        .collect()
}

/// Every change committed after `at`, newest first, with the record as it was before it:
/// what a view of the past undoes ([`wangge_domain::as_known`]).
pub(crate) async fn committed_after(pool: &AnyPool, at: Timestamp) -> Result<Vec<Undo>, StoreError> {
    let doing = || format!("reading the changes committed after {}", at.rfc3339());
    let db = |source| StoreError::Database { doing: doing(), source };
    let rows = sqlx::query("SELECT seq, at, entity, entity_id, payload_format, before FROM change_log WHERE at > $1 ORDER BY seq DESC")
        .bind(at.0)
        .fetch_all(pool)
        .await
        .map_err(db)?;
    rows.iter()
        .map(|row| {
            let seq: i64 = row.try_get("seq").map_err(db)?;
            let format: i64 = row.try_get("payload_format").map_err(db)?;
            let before: Option<String> = row.try_get("before").map_err(db)?;
            Ok(Undo {
                seq,
                at: Timestamp(row.try_get("at").map_err(db)?),
                entity: row.try_get("entity").map_err(db)?,
                entity_id: row.try_get("entity_id").map_err(db)?,
                before: before.map(|text| wire::decode_column(seq, "before", format, &text)).transpose()?,
            })
        })
        .collect()
}

/// The highest committed seq, 0 when the log is empty.
pub(crate) async fn last_seq_on(conn: &mut AnyConnection) -> Result<i64, StoreError> {
    sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM change_log")
        .fetch_one(&mut *conn)
        .await
        .and_then(|row| row.try_get::<i64, _>(0))
        .map_err(StoreError::db("reading the last seq"))
}
