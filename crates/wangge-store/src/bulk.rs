//! Saving a whole district in one transaction, with multi-row INSERT statements.
//!
//! One row per statement would cost a round trip (PostgreSQL) or a statement execution
//! (SQLite) per record: ~400k for the demo district. Packing many rows into one statement
//! cuts that by two to three orders of magnitude. Each statement must stay under the
//! backend's limit on bound parameters: 32,766 in SQLite (since 3.32), 65,535 in PostgreSQL.
//!
//! Placeholders are plain `?` for SQLite, not `$N`: SQLite treats `$N` as a *named*
//! parameter and sqlx looks every name up by index, which SQLite answers with a linear scan,
//! so binding one statement of n named parameters costs O(n²) — with 5,000 parameters per
//! statement that made saving the demo district six times slower.

use sqlx::{AnyConnection, AnyPool};
use wangge_domain::{Change, District, Timestamp};

use crate::error::StoreError;
use crate::tables::{column_list, Table};
use crate::{tx, Backend};

/// Called after every batch: (stage, rows done, rows in the stage).
pub(crate) type Progress<'p> = &'p mut (dyn FnMut(&str, u64, u64) + Send);

/// The most rows in one statement, whatever the limit on parameters allows: past a few
/// hundred rows SQLite gains nothing, and a smaller batch reports progress more often.
const MAX_ROWS_PER_STATEMENT: usize = 1_000;

fn max_parameters(backend: Backend) -> usize {
    match backend {
        Backend::Sqlite => 32_766,
        Backend::Postgres => 65_535,
    }
}

/// Saves the district unless the store holds one already; all or nothing.
pub(crate) async fn save_district(pool: &AnyPool, backend: Backend, district: &District, progress: Progress<'_>) -> Result<(), StoreError> {
    let mut tx = tx::begin_write(pool, backend, "saving the district").await?;
    // Claiming the single district row first makes "already has a district" race-free: a
    // concurrent save waits on this row's key and then finds it taken.
    let root = district.hierarchy.node(district.hierarchy.root()).code.as_str();
    let claimed = sqlx::query("INSERT INTO district (id, root_code) VALUES (1, $1) ON CONFLICT (id) DO NOTHING")
        .bind(root)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("saving the district: claiming the store"))?
        .rows_affected();
    if claimed == 0 {
        // Dropping the transaction rolls it back; nothing was written.
        return Err(StoreError::AlreadyHasDistrict);
    }

    // Parents before children, so every foreign key finds its target already saved: the
    // hierarchy lists parents before children, and tables go nodes → houses → people, …
    let nodes: Vec<_> = district.hierarchy.nodes().map(|(_, node)| node).collect();
    insert_all(&mut tx, backend, &nodes, progress).await?;
    insert_all(&mut tx, backend, &by_id(&district.houses), progress).await?;
    insert_all(&mut tx, backend, &by_id(&district.people), progress).await?;
    insert_all(&mut tx, backend, &by_id(&district.isolations), progress).await?;
    insert_all(&mut tx, backend, &by_id(&district.follow_ups), progress).await?;
    insert_all(&mut tx, backend, &by_id(&district.enterprises), progress).await?;
    insert_all(&mut tx, backend, &by_id(&district.tickets), progress).await?;
    insert_all(&mut tx, backend, &by_id(&district.tasks), progress).await?;
    insert_all(&mut tx, backend, &by_id(&district.task_items), progress).await?;
    insert_all(&mut tx, backend, &by_id(&district.landlord_marks), progress).await?;

    tx.commit().await.map_err(StoreError::db("saving the district: committing"))
}

/// The records in ascending id order: deterministic, and SQLite appends to its B-trees
/// fastest when keys arrive in order.
fn by_id<T>(records: &std::collections::HashMap<i64, T>) -> Vec<&T> {
    let mut pairs: Vec<(&i64, &T)> = records.iter().collect();
    pairs.sort_unstable_by_key(|(id, _)| **id);
    pairs.into_iter().map(|(_, record)| record).collect()
}

/// Inserts every row of one table, as many per statement as the parameter limit allows.
async fn insert_all<T: Table>(conn: &mut AnyConnection, backend: Backend, rows: &[&T], progress: Progress<'_>) -> Result<(), StoreError> {
    let total = rows.len() as u64;
    if rows.is_empty() {
        progress(T::TABLE, 0, 0);
        return Ok(());
    }
    let per_statement = (max_parameters(backend) / T::COLUMNS.len()).clamp(1, MAX_ROWS_PER_STATEMENT);
    let full_sql = insert_sql::<T>(backend, per_statement);
    let mut done = 0u64;
    for chunk in rows.chunks(per_statement) {
        // Only the last chunk may be short; the full-size statement is prepared once and reused.
        let short_sql;
        let sql = if chunk.len() == per_statement {
            &full_sql
        } else {
            short_sql = insert_sql::<T>(backend, chunk.len());
            &short_sql
        };
        let mut query = sqlx::query(sql).persistent(T::REUSABLE_STATEMENTS);
        for row in chunk {
            query = row.bind(query)?;
        }
        query.execute(&mut *conn).await.map_err(StoreError::db(format!(
            "saving {} (rows {} to {})",
            T::TABLE,
            done + 1,
            done + chunk.len() as u64
        )))?;
        done += chunk.len() as u64;
        progress(T::TABLE, done, total);
    }
    Ok(())
}

/// `INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), …` for `rows` rows (`?` for SQLite).
fn insert_sql<T: Table>(backend: Backend, rows: usize) -> String {
    values_sql(T::TABLE, &column_list::<T>(), T::COLUMNS.len(), backend, rows)
}

fn values_sql(table: &str, columns: &str, width: usize, backend: Backend, rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({columns}) VALUES ");
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..width {
            if column > 0 {
                sql.push_str(", ");
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    sql.push('$');
                    sql.push_str(&(row * width + column + 1).to_string());
                }
            }
        }
        sql.push(')');
    }
    sql
}

/// Inserts records that are new by construction (see `change_log::create_in`), table by
/// table in the order references point, as `save_district` does.
pub(crate) async fn insert_new(conn: &mut AnyConnection, backend: Backend, changes: &[Change]) -> Result<(), StoreError> {
    let (mut houses, mut people, mut isolations, mut follow_ups) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut enterprises, mut tickets, mut tasks, mut items) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut marks = Vec::new();
    for change in changes {
        match change {
            Change::House(r) => houses.push(r),
            Change::Person(r) => people.push(r),
            Change::Isolation(r) => isolations.push(r),
            Change::FollowUp(r) => follow_ups.push(r),
            Change::Enterprise(r) => enterprises.push(r),
            Change::Ticket(r) => tickets.push(r),
            Change::Task(r) => tasks.push(r),
            Change::TaskItem(r) => items.push(r),
            Change::LandlordMark(r) => marks.push(r),
            Change::Node(node) => {
                return Err(StoreError::Node { code: node.code.0.clone(), reason: "nodes are not created with a new id".into() })
            }
        }
    }
    let quiet = &mut |_: &str, _: u64, _: u64| {};
    insert_all(conn, backend, &houses, quiet).await?;
    insert_all(conn, backend, &people, quiet).await?;
    insert_all(conn, backend, &isolations, quiet).await?;
    insert_all(conn, backend, &follow_ups, quiet).await?;
    insert_all(conn, backend, &enterprises, quiet).await?;
    insert_all(conn, backend, &tickets, quiet).await?;
    insert_all(conn, backend, &tasks, quiet).await?;
    insert_all(conn, backend, &items, quiet).await?;
    insert_all(conn, backend, &marks, quiet).await?;
    Ok(())
}

/// Appends the change-log rows of newly created records, in batch order, with multi-row
/// INSERTs; returns their seqs in the same order. Writers append one at a time (the write
/// lock, the advisory lock), so the seqs after `head` are free: each row is given the next
/// one and its link in the audit chain.
pub(crate) async fn append_created(
    conn: &mut AnyConnection,
    head: &mut crate::chain::Head,
    backend: Backend,
    actor: &str,
    at: Timestamp,
    changes: &[Change],
) -> Result<Vec<i64>, StoreError> {
    const COLUMNS: &str = "seq, at, actor, entity, entity_id, payload, payload_format, chain_hash";
    const WIDTH: usize = 8;
    let payloads = changes
        .iter()
        .map(|change| {
            crate::wire::encode(change)
                .map_err(|source| StoreError::Encode { what: format!("creating {} {}", change.entity(), change.entity_id()), source })
        })
        .collect::<Result<Vec<String>, StoreError>>()?;
    let links: Vec<(i64, String)> = changes
        .iter()
        .zip(&payloads)
        .map(|(change, payload)| {
            head.append(crate::chain::Link {
                seq: 0,
                at: at.0,
                actor,
                entity: change.entity(),
                entity_id: change.entity_id(),
                payload_format: crate::wire::FORMAT,
                payload,
                before: None,
                reason: None,
            })
        })
        .collect();
    let per_statement = (max_parameters(backend) / WIDTH).clamp(1, MAX_ROWS_PER_STATEMENT);
    for ((chunk, payloads), links) in changes.chunks(per_statement).zip(payloads.chunks(per_statement)).zip(links.chunks(per_statement)) {
        let sql = values_sql("change_log", COLUMNS, WIDTH, backend, chunk.len());
        let mut query = sqlx::query(&sql);
        for ((change, payload), (seq, chain_hash)) in chunk.iter().zip(payloads).zip(links) {
            query = query
                .bind(*seq)
                .bind(at.0)
                .bind(actor)
                .bind(change.entity())
                .bind(change.entity_id())
                .bind(payload.as_str())
                .bind(crate::wire::FORMAT)
                .bind(chain_hash.as_str());
        }
        query.execute(&mut *conn).await.map_err(StoreError::db(format!(
            "appending to the change log (seqs {} to {})",
            links.first().map_or(0, |l| l.0),
            links.last().map_or(0, |l| l.0)
        )))?;
    }
    Ok(links.into_iter().map(|(seq, _)| seq).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wangge_domain::Task;

    #[test]
    fn placeholders_number_on_across_rows() {
        assert_eq!(
            insert_sql::<Task>(Backend::Postgres, 2),
            "INSERT INTO tasks (id, title, owner_unit, created_at, deadline, verified_by, verified_at, version) VALUES \
             ($1, $2, $3, $4, $5, $6, $7, $8), ($9, $10, $11, $12, $13, $14, $15, $16)"
        );
        assert_eq!(
            insert_sql::<Task>(Backend::Sqlite, 2),
            "INSERT INTO tasks (id, title, owner_unit, created_at, deadline, verified_by, verified_at, version) VALUES \
             (?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?)"
        );
    }
}
