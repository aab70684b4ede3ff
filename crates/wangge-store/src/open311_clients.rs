//! The `open311_clients` table: one row per integrator allowed to file Open311 requests,
//! with only the digest of its key. Issuing and revoking are logged in `account_log`.

use sqlx::any::AnyRow;
use sqlx::Row;
use wangge_domain::accounts::AccountAction;
use wangge_domain::Timestamp;

use crate::accounts::log;
use crate::error::StoreError;

/// An Open311 client as stored (its key is never stored, only its digest).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Open311Client {
    pub name: String,
    pub created_at: Timestamp,
    /// When its key stopped being accepted.
    pub revoked_at: Option<Timestamp>,
}

fn read_client(row: &AnyRow) -> Result<Open311Client, StoreError> {
    let corrupt = |column: &str, err: sqlx::Error| StoreError::corrupt(format!("open311_clients.{column}: {err}"));
    Ok(Open311Client {
        name: row.try_get("name").map_err(|e| corrupt("name", e))?,
        created_at: Timestamp(row.try_get("created_at").map_err(|e| corrupt("created_at", e))?),
        revoked_at: row.try_get::<Option<i64>, _>("revoked_at").map_err(|e| corrupt("revoked_at", e))?.map(Timestamp),
    })
}

impl crate::Store {
    /// Stores a client with its key's digest. A name in use, even revoked, is refused: the
    /// audit trail's tickets name the client, so a name stays with one integrator.
    pub async fn add_open311_client(&self, actor: &str, name: &str, key_digest: &str, at: Timestamp) -> Result<(), StoreError> {
        let doing = || format!("issuing the Open311 key of {name}");
        let mut tx = self.pool.begin().await.map_err(StoreError::db(doing()))?;
        let taken: i64 = sqlx::query("SELECT COUNT(*) FROM open311_clients WHERE name = $1")
            .bind(name)
            .fetch_one(&mut *tx)
            .await
            .and_then(|row| row.try_get(0))
            .map_err(StoreError::db(doing()))?;
        if taken > 0 {
            return Err(StoreError::Open311ClientExists { name: name.to_owned() });
        }
        sqlx::query("INSERT INTO open311_clients (name, key_digest, created_at) VALUES ($1, $2, $3)")
            .bind(name)
            .bind(key_digest)
            .bind(at.0)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(doing()))?;
        log(&mut tx, at, actor, name, AccountAction::KeyIssued).await?;
        tx.commit().await.map_err(StoreError::db(doing()))
    }

    /// Every client, by name, revoked ones included.
    pub async fn open311_clients(&self) -> Result<Vec<Open311Client>, StoreError> {
        let rows = sqlx::query("SELECT name, created_at, revoked_at FROM open311_clients ORDER BY name")
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::db("reading the Open311 clients"))?;
        rows.iter().map(read_client).collect()
    }

    /// The client whose key has this digest, if its key is still accepted.
    pub async fn open311_client_by_key(&self, key_digest: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT name FROM open311_clients WHERE key_digest = $1 AND revoked_at IS NULL")
            .bind(key_digest)
            .fetch_optional(&self.pool)
            .await
            .map_err(StoreError::db("looking up an Open311 key"))?;
        row.map(|row| row.try_get::<String, _>(0).map_err(|err| StoreError::corrupt(format!("open311_clients.name: {err}")))).transpose()
    }

    /// Stops accepting a client's key from now on.
    pub async fn revoke_open311_client(&self, actor: &str, name: &str, at: Timestamp) -> Result<(), StoreError> {
        let doing = || format!("revoking the Open311 key of {name}");
        let mut tx = self.pool.begin().await.map_err(StoreError::db(doing()))?;
        let updated = sqlx::query("UPDATE open311_clients SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL")
            .bind(at.0)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(doing()))?
            .rows_affected();
        if updated == 0 {
            return Err(StoreError::NoSuchOpen311Client { name: name.to_owned() });
        }
        log(&mut tx, at, actor, name, AccountAction::KeyRevoked).await?;
        tx.commit().await.map_err(StoreError::db(doing()))
    }
}
