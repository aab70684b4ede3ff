//! For tests of this and other crates (feature `test-support`): a fresh PostgreSQL database
//! per test, so tests run in parallel without meeting.
//!
//! `WANGGE_TEST_PG_URL` names a database on a server where the user may CREATE DATABASE
//! (`scripts/test-postgres.sh start` prints one). Without it the PostgreSQL half of a test is
//! skipped with a note, except under CI (`CI` set), where it fails: CI must not go green
//! without having run against PostgreSQL.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::postgres::PgConnection;
use sqlx::{Connection, Executor};

pub struct PgDb {
    admin_url: String,
    pub name: String,
    pub url: String,
}

/// The admin URL, `None` to skip; panics under CI when it is missing.
fn admin_url(test: &str) -> Option<String> {
    match std::env::var("WANGGE_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("{test}: CI is set but WANGGE_TEST_PG_URL is not; run `eval \"$(scripts/test-postgres.sh start)\"` first")
        }
        _ => {
            eprintln!("{test}: skipping the PostgreSQL run, WANGGE_TEST_PG_URL is not set");
            None
        }
    }
}

/// The same server and credentials, another database.
fn with_database(url: &str, database: &str) -> String {
    let (base, params) = match url.split_once('?') {
        Some((base, params)) => (base, Some(params)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match params {
        Some(params) => format!("{server}/{database}?{params}"),
        None => format!("{server}/{database}"),
    }
}

impl PgDb {
    /// Creates an empty database for `test`, or returns `None` when PostgreSQL tests are off.
    pub async fn create(test: &str) -> Option<PgDb> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let admin_url = admin_url(test)?;
        let name = format!("wangge_{test}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)).to_lowercase();
        let mut admin = PgConnection::connect(&admin_url).await.unwrap_or_else(|e| panic!("connecting to {admin_url}: {e}"));
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap_or_else(|e| panic!("creating database {name}: {e}"));
        admin.close().await.ok();
        let url = with_database(&admin_url, &name);
        Some(PgDb { admin_url, name, url })
    }

    /// Drops the database (forcing out any connection a killed child left behind).
    pub async fn drop_database(self) {
        if let Ok(mut admin) = PgConnection::connect(&self.admin_url).await {
            let _ = admin.execute(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name).as_str()).await;
            admin.close().await.ok();
        }
    }
}

#[cfg(test)]
#[test]
fn a_database_name_replaces_only_the_path() {
    assert_eq!(with_database("postgres://u:p@127.0.0.1:5433/postgres", "t1"), "postgres://u:p@127.0.0.1:5433/t1");
    assert_eq!(with_database("postgres://u@h:1/db?sslmode=disable", "t2"), "postgres://u@h:1/t2?sslmode=disable");
    assert_eq!(with_database("postgres://u@h:1", "t3"), "postgres://u@h:1/t3");
}
