//! A change log written before formats were numbered — the schema of migrations 0001 to
//! 0005, rows holding the committed format-1 fixtures — opened by today's store: migration
//! 0006 numbers the rows, and the live loop (`changes_since`) and the audit trail read them
//! into today's domain types. On SQLite always, on PostgreSQL when the tests have a server
//! (see `test_support`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Row};
use wangge_domain::{Change, Timestamp};

use super::tests::{unversioned_samples, V1, V1_UNVERSIONED};
use super::{samples, FORMAT};
use crate::{AuditQuery, Store, StoreError};

/// A folder with the migrations of `backend` numbered below 6: the schema the last build
/// without formats left behind.
fn migrations_before_formats(backend: &str, scratch: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
    let to = scratch.join(format!("migrations-{backend}"));
    std::fs::create_dir_all(&to).expect("creating the scratch folder");
    for entry in std::fs::read_dir(&from).expect("reading the migrations") {
        let path = entry.expect("a migration").path();
        let name = path.file_name().and_then(|n| n.to_str()).expect("a UTF-8 name").to_owned();
        let number: u32 = name.split('_').next().and_then(|n| n.parse().ok()).expect("a numbered migration");
        if number < 6 {
            std::fs::copy(&path, to.join(&name)).expect("copying a migration");
        }
    }
    to
}

/// The fixture rows, as an old build appended them: each with the stored text of the same
/// record's previous row as `before`.
struct OldRow {
    entity: &'static str,
    entity_id: i64,
    payload: &'static str,
    before: Option<&'static str>,
    expected: Change,
    expected_before: Option<Change>,
}

fn old_rows() -> Vec<OldRow> {
    let lines = V1.lines().chain(V1_UNVERSIONED.lines());
    let expected = samples::all().into_iter().chain(unversioned_samples());
    let mut last: HashMap<(&'static str, i64, String), (&'static str, Change)> = HashMap::new();
    lines
        .zip(expected)
        .map(|(payload, expected)| {
            let code = match &expected {
                Change::Node(n) => n.code.0.clone(),
                _ => String::new(),
            };
            let key = (expected.entity(), expected.entity_id(), code);
            let previous = last.insert(key, (payload, expected.clone()));
            OldRow {
                entity: expected.entity(),
                entity_id: expected.entity_id(),
                payload,
                before: previous.as_ref().map(|(text, _)| *text),
                expected_before: previous.map(|(_, change)| change),
                expected,
            }
        })
        .collect()
}

async fn write_old_log(url: &str, backend: &str, scratch: &Path) -> usize {
    sqlx::any::install_default_drivers();
    let pool = AnyPool::connect(url).await.unwrap_or_else(|e| panic!("opening {url}: {e}"));
    let migrator = Migrator::new(migrations_before_formats(backend, scratch)).await.expect("reading the old migrations");
    migrator.run(&pool).await.expect("migrating to 0005");
    let rows = old_rows();
    for (n, row) in rows.iter().enumerate() {
        sqlx::query("INSERT INTO change_log (at, actor, entity, entity_id, payload, before, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(1_581_292_800 + n as i64)
            .bind("old-build")
            .bind(row.entity)
            .bind(row.entity_id)
            .bind(row.payload)
            .bind(row.before)
            .bind((n % 5 == 0).then_some("改派"))
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("appending old row {}: {e}", n + 1));
    }
    pool.close().await;
    rows.len()
}

async fn old_log_reads_as_today(url: &str, backend: &str, scratch: &Path) {
    let written = write_old_log(url, backend, scratch).await;
    let expected = old_rows();
    let store = Store::open(url).await.expect("opening the old store migrates it");

    let formats: Vec<i64> = sqlx::query("SELECT payload_format FROM change_log ORDER BY seq")
        .fetch_all(&store.pool)
        .await
        .expect("reading the formats")
        .iter()
        .map(|row| row.try_get(0).expect("a format"))
        .collect();
    assert_eq!(formats, vec![1; written], "rows from before formats are format 1");

    // The old rows were sealed into the audit chain when the store was opened.
    let sealed = store.verify_chain(&mut |_| {}).await.expect("the chain reads");
    assert_eq!(sealed.first_break, None, "{sealed:?}");
    assert_eq!((sealed.rows, sealed.sealed_through), (written as u64, Some(written as i64)));

    // The live loop.
    let changes = store.changes_since(0, 10_000).await.expect("the old log reads");
    assert_eq!(changes.len(), written);
    for (n, (record, row)) in changes.iter().zip(&expected).enumerate() {
        assert_eq!(record.change, row.expected, "row {}", n + 1);
        assert_eq!(record.actor, "old-build");
        assert_eq!(record.at, Timestamp(1_581_292_800 + n as i64));
    }

    // The audit trail, newest first.
    let audit = store.audit(&AuditQuery { limit: 10_000, ..AuditQuery::default() }).await.expect("the old audit trail reads");
    assert_eq!(audit.len(), written);
    for (n, (record, row)) in audit.iter().rev().zip(&expected).enumerate() {
        assert_eq!(record.after, row.expected, "row {}", n + 1);
        assert_eq!(record.before, row.expected_before, "row {}", n + 1);
        assert_eq!(record.reason.is_some(), n % 5 == 0);
    }
    assert!(audit.iter().any(|r| r.before.is_some()), "some rows carry a before");

    // Written now: the current format, named on the row.
    let Change::Node(district) = samples::all().remove(0) else { panic!("the first sample is the district node") };
    assert!(district.parent.is_none());
    let seq = store.commit("new-build", Timestamp(1_700_000_000), &Change::Node(district.clone())).await.expect("committing");
    let format: i64 = sqlx::query("SELECT payload_format FROM change_log WHERE seq = $1")
        .bind(seq)
        .fetch_one(&store.pool)
        .await
        .and_then(|row| row.try_get(0))
        .expect("reading the new row's format");
    assert_eq!(format, FORMAT);
    let after = store.changes_since(seq - 1, 10).await.expect("reading the new row");
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].change, Change::Node(district));

    // A row a newer build wrote is refused by name, not misread.
    sqlx::query("UPDATE change_log SET payload_format = 99 WHERE seq = $1").bind(seq).execute(&store.pool).await.expect("marking");
    match store.changes_since(seq - 1, 10).await {
        Err(StoreError::UnknownFormat { seq: s, format: 99, known }) => assert_eq!((s, known), (seq, FORMAT)),
        other => panic!("expected an unknown format, got {other:?}"),
    }
    let newest = store.audit(&AuditQuery { limit: 1, ..AuditQuery::default() }).await;
    assert!(matches!(newest, Err(StoreError::UnknownFormat { format: 99, .. })), "{newest:?}");
    // The new row continued the sealed chain; the marking broke it there.
    let marked = store.verify_chain(&mut |_| {}).await.expect("the chain reads");
    assert_eq!(marked.first_break, Some(crate::ChainBreak { seq, kind: crate::BreakKind::Changed }));
    store.close().await;
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wangge-store-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating the scratch folder");
    dir
}

#[tokio::test]
async fn a_sqlite_log_from_before_formats_reads_into_todays_types() {
    let dir = scratch("old-log-sqlite");
    let url = format!("{}?mode=rwc", crate::connect::sqlite_url_of(&dir.join("old.db")).expect("a URL"));
    old_log_reads_as_today(&url, "sqlite", &dir).await;
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(feature = "test-support")]
#[tokio::test]
async fn a_postgres_log_from_before_formats_reads_into_todays_types() {
    let Some(db) = crate::test_support::PgDb::create("wire_old_log").await else { return };
    let dir = scratch("old-log-postgres");
    old_log_reads_as_today(&db.url, "postgres", &dir).await;
    std::fs::remove_dir_all(&dir).ok();
    db.drop_database().await;
}
