//! The `accounts`, `sessions` and `account_log` tables. Passwords arrive already hashed and
//! tokens already digested: this module never sees a secret in clear.

use sqlx::any::AnyRow;
use sqlx::Row;
use wangge_domain::accounts::{Account, AccountAction};
use wangge_domain::{Language, NodeCode, Role, Timestamp};

use crate::error::StoreError;

/// An account with the hash of its password, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAccount {
    pub account: Account,
    /// An argon2 PHC string (`$argon2id$v=19$…`).
    pub password_hash: String,
}

const ACCOUNT_COLUMNS: &str = "name, role, node_code, administrator, disabled, password_hash, created_at, unit, language";

fn read_account(row: &AnyRow) -> Result<StoredAccount, StoreError> {
    let text = |column: &str| -> Result<String, StoreError> {
        row.try_get::<String, _>(column).map_err(|err| StoreError::corrupt(format!("accounts.{column}: {err}")))
    };
    let number = |column: &str| -> Result<i64, StoreError> {
        row.try_get::<i64, _>(column).map_err(|err| StoreError::corrupt(format!("accounts.{column}: {err}")))
    };
    let name = text("name")?;
    let role = Role::parse(&text("role")?).map_err(|err| StoreError::corrupt(format!("accounts.role of {name}: {err}")))?;
    Ok(StoredAccount {
        account: Account {
            role,
            node: NodeCode(text("node_code")?),
            administrator: number("administrator")? != 0,
            disabled: number("disabled")? != 0,
            created_at: Timestamp(number("created_at")?),
            unit: row.try_get::<Option<String>, _>("unit").map_err(|err| StoreError::corrupt(format!("accounts.unit of {name}: {err}")))?,
            language: {
                let tag = text("language")?;
                Language::parse(&tag).ok_or_else(|| StoreError::corrupt(format!("accounts.language of {name}: {tag:?}")))?
            },
            name,
        },
        password_hash: text("password_hash")?,
    })
}

impl crate::Store {
    /// How many accounts exist (0 on a district's first start).
    pub async fn account_count(&self) -> Result<i64, StoreError> {
        sqlx::query("SELECT COUNT(*) FROM accounts")
            .fetch_one(&self.pool)
            .await
            .and_then(|row| row.try_get(0))
            .map_err(StoreError::db("counting accounts"))
    }

    /// Stores a new account and logs who made it. Fails (storing nothing) when the name is taken.
    pub async fn add_account(&self, actor: &str, stored: &StoredAccount) -> Result<(), StoreError> {
        let account = &stored.account;
        let mut tx = self.pool.begin().await.map_err(StoreError::db("adding an account"))?;
        let taken: i64 = sqlx::query("SELECT COUNT(*) FROM accounts WHERE name = $1")
            .bind(account.name.as_str())
            .fetch_one(&mut *tx)
            .await
            .and_then(|row| row.try_get(0))
            .map_err(StoreError::db(format!("adding account {}", account.name)))?;
        if taken > 0 {
            return Err(StoreError::AccountExists { name: account.name.clone() });
        }
        sqlx::query(&format!("INSERT INTO accounts ({ACCOUNT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"))
            .bind(account.name.as_str())
            .bind(account.role.as_str())
            .bind(account.node.0.as_str())
            .bind(i64::from(account.administrator))
            .bind(i64::from(account.disabled))
            .bind(stored.password_hash.as_str())
            .bind(account.created_at.0)
            .bind(account.unit.as_deref())
            .bind(account.language.tag())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(format!("adding account {}", account.name)))?;
        log(&mut tx, account.created_at, actor, &account.name, AccountAction::Created).await?;
        tx.commit().await.map_err(StoreError::db(format!("adding account {}", account.name)))
    }

    /// Every account, by name.
    pub async fn accounts(&self) -> Result<Vec<StoredAccount>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY name"))
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::db("reading accounts"))?;
        rows.iter().map(read_account).collect()
    }

    /// The account named `name`, if there is one.
    pub async fn account(&self, name: &str) -> Result<Option<StoredAccount>, StoreError> {
        let row = sqlx::query(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE name = $1"))
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(StoreError::db(format!("reading account {name}")))?;
        row.as_ref().map(read_account).transpose()
    }

    /// Keeps the language an account reads. Not an administrator's act on the account (each
    /// account chooses its own), so it is not in the account log.
    pub async fn set_account_language(&self, name: &str, language: Language) -> Result<(), StoreError> {
        let updated = sqlx::query("UPDATE accounts SET language = $1 WHERE name = $2")
            .bind(language.tag())
            .bind(name)
            .execute(&self.pool)
            .await
            .map_err(StoreError::db(format!("setting the language of account {name}")))?
            .rows_affected();
        if updated == 0 {
            return Err(StoreError::NoSuchAccount { name: name.to_owned() });
        }
        Ok(())
    }

    /// Disables an account and ends its sessions, in one transaction.
    pub async fn disable_account(&self, actor: &str, name: &str, at: Timestamp) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(StoreError::db(format!("disabling account {name}")))?;
        let updated = sqlx::query("UPDATE accounts SET disabled = 1 WHERE name = $1")
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(format!("disabling account {name}")))?
            .rows_affected();
        if updated == 0 {
            return Err(StoreError::NoSuchAccount { name: name.to_owned() });
        }
        end_sessions(&mut tx, name).await?;
        log(&mut tx, at, actor, name, AccountAction::Disabled).await?;
        tx.commit().await.map_err(StoreError::db(format!("disabling account {name}")))
    }

    /// Replaces an account's password hash and ends its sessions, in one transaction.
    pub async fn set_password_hash(&self, actor: &str, name: &str, password_hash: &str, at: Timestamp) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(StoreError::db(format!("resetting the password of {name}")))?;
        let updated = sqlx::query("UPDATE accounts SET password_hash = $1 WHERE name = $2")
            .bind(password_hash)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(format!("resetting the password of {name}")))?
            .rows_affected();
        if updated == 0 {
            return Err(StoreError::NoSuchAccount { name: name.to_owned() });
        }
        end_sessions(&mut tx, name).await?;
        log(&mut tx, at, actor, name, AccountAction::PasswordReset).await?;
        tx.commit().await.map_err(StoreError::db(format!("resetting the password of {name}")))
    }

    /// Stores a session by its token's digest and logs the sign-in.
    pub async fn add_session(&self, token_digest: &str, account: &str, at: Timestamp, expires_at: Timestamp) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(StoreError::db(format!("signing in {account}")))?;
        // Sessions that have ended are of no use to anyone: each sign-in sweeps them.
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(at.0)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("removing ended sessions"))?;
        sqlx::query("INSERT INTO sessions (token_digest, account, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_digest)
            .bind(account)
            .bind(at.0)
            .bind(expires_at.0)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(format!("signing in {account}")))?;
        log(&mut tx, at, account, account, AccountAction::SignedIn).await?;
        tx.commit().await.map_err(StoreError::db(format!("signing in {account}")))
    }

    /// The account of a session and when the session ends, when the digest names one.
    pub async fn session(&self, token_digest: &str) -> Result<Option<(StoredAccount, Timestamp)>, StoreError> {
        let columns = ACCOUNT_COLUMNS.split(", ").map(|c| format!("a.{c}")).collect::<Vec<_>>().join(", ");
        let row = sqlx::query(&format!(
            "SELECT {columns}, s.expires_at FROM sessions s JOIN accounts a ON a.name = s.account WHERE s.token_digest = $1"
        ))
        .bind(token_digest)
        .fetch_optional(&self.pool)
        .await
        .map_err(StoreError::db("reading a session"))?;
        let Some(row) = row else { return Ok(None) };
        let expires_at: i64 = row.try_get("expires_at").map_err(|err| StoreError::corrupt(format!("sessions.expires_at: {err}")))?;
        Ok(Some((read_account(&row)?, Timestamp(expires_at))))
    }

    /// Ends one session (signing out). Ending one that does not exist is not an error.
    pub async fn end_session(&self, token_digest: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_digest = $1")
            .bind(token_digest)
            .execute(&self.pool)
            .await
            .map_err(StoreError::db("signing out"))?;
        Ok(())
    }
}

async fn end_sessions(tx: &mut sqlx::Transaction<'_, sqlx::Any>, name: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE account = $1")
        .bind(name)
        .execute(&mut **tx)
        .await
        .map_err(StoreError::db(format!("ending the sessions of {name}")))?;
    Ok(())
}

pub(crate) async fn log(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    at: Timestamp,
    actor: &str,
    account: &str,
    action: AccountAction,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO account_log (at, actor, account, action) VALUES ($1, $2, $3, $4)")
        .bind(at.0)
        .bind(actor)
        .bind(account)
        .bind(action.as_str())
        .execute(&mut **tx)
        .await
        .map_err(StoreError::db(format!("logging {} of account {account}", action.as_str())))?;
    Ok(())
}
