//! The `reveal_log` table: each reveal of a person's personal data, with who, when and why.
//! Only appended to; the audit view reads it back newest first.

use sqlx::Row;
use wangge_domain::Timestamp;

use crate::error::StoreError;

/// One reveal as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevealRecord {
    pub at: Timestamp,
    pub account: String,
    pub person_id: i64,
    pub reason: String,
}

impl crate::Store {
    /// Appends one reveal; it is committed before the data is shown.
    pub async fn log_reveal(&self, record: &RevealRecord) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO reveal_log (at, account, person_id, reason) VALUES ($1, $2, $3, $4)")
            .bind(record.at.0)
            .bind(record.account.as_str())
            .bind(record.person_id)
            .bind(record.reason.as_str())
            .execute(&self.pool)
            .await
            .map_err(StoreError::db(format!("logging a reveal of person {}", record.person_id)))?;
        Ok(())
    }

    /// The latest reveals, newest first, at most `limit`.
    pub async fn reveals(&self, limit: i64) -> Result<Vec<RevealRecord>, StoreError> {
        let rows = sqlx::query("SELECT at, account, person_id, reason FROM reveal_log ORDER BY at DESC, person_id LIMIT $1")
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::db("reading the reveal log"))?;
        rows.iter()
            .map(|row| {
                let corrupt = |err: sqlx::Error| StoreError::corrupt(format!("reveal_log: {err}"));
                Ok(RevealRecord {
                    at: Timestamp(row.try_get("at").map_err(corrupt)?),
                    account: row.try_get("account").map_err(corrupt)?,
                    person_id: row.try_get("person_id").map_err(corrupt)?,
                    reason: row.try_get("reason").map_err(corrupt)?,
                })
            })
            .collect()
    }
}
