//! The database the binary wrote, read directly: through the store (SQLite file or
//! PostgreSQL URL), or row by row for a checksum that shows any change at all.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use wangge_domain::District;
use wangge_store::Store;

/// Runs `future` to completion on a runtime of its own (the tests themselves are plain).
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future)
}

/// The store at `db`: a PostgreSQL URL or a SQLite file.
pub async fn open_store(db: &str) -> Store {
    if db.starts_with("postgres") {
        Store::open(db).await.unwrap()
    } else {
        Store::open_sqlite_file(Path::new(db)).await.unwrap()
    }
}

/// Everything stored, read straight from the database: the district and the last seq of the
/// change log.
pub fn load(db: &str) -> (District, i64) {
    let loaded = block_on(async {
        let store = open_store(db).await;
        let loaded = store.load_district().await.unwrap();
        store.close().await;
        loaded
    });
    settle(db);
    loaded
}

/// Waits (up to 5 s) for SQLite's last connection to finish closing: it checkpoints the WAL
/// into the main file and deletes it, after which the files hold still.
pub fn settle(db: &str) {
    if db.starts_with("postgres") {
        return;
    }
    let wal = PathBuf::from(format!("{db}-wal"));
    for _ in 0..100 {
        if !wal.exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Every row of every table of a SQLite file, hashed per table: table → (rows, hash).
/// Values are hashed with their storage class, reals by their bits, so any change shows;
/// equal before and after means nothing at all was written.
#[derive(Debug, PartialEq, Eq)]
pub struct Checksum(pub BTreeMap<String, (usize, u64)>);

impl Checksum {
    /// Rows over all tables.
    pub fn rows(&self) -> usize {
        self.0.values().map(|(rows, _)| rows).sum()
    }
}

/// The [`Checksum`] of a SQLite file, opened read-only.
pub fn checksum(db: &str) -> Checksum {
    use sqlx::{Connection as _, Row as _, TypeInfo as _, ValueRef as _};
    block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db).read_only(true);
        let mut conn = sqlx::SqliteConnection::connect_with(&options).await.unwrap();
        let tables: Vec<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetch_all(&mut conn).await.unwrap();
        assert!(tables.len() > 5 && tables.iter().any(|t| t == "node_versions"), "{tables:?}");
        let mut sums = BTreeMap::new();
        for table in tables {
            let rows = sqlx::query(&format!("SELECT * FROM \"{table}\" ORDER BY 1")).fetch_all(&mut conn).await.unwrap();
            let mut hasher = DefaultHasher::new();
            for row in &rows {
                for i in 0..row.len() {
                    let raw = row.try_get_raw(i).unwrap();
                    // The storage class goes in too: NULL is not the text "NULL", 1 not "1".
                    let class = if raw.is_null() { "NULL".to_owned() } else { raw.type_info().name().to_owned() };
                    class.hash(&mut hasher);
                    match class.as_str() {
                        "NULL" => {}
                        "INTEGER" => row.get::<i64, _>(i).hash(&mut hasher),
                        "REAL" => row.get::<f64, _>(i).to_bits().hash(&mut hasher),
                        "TEXT" => row.get::<String, _>(i).hash(&mut hasher),
                        _ => row.get::<Vec<u8>, _>(i).hash(&mut hasher),
                    }
                }
            }
            sums.insert(table, (rows.len(), hasher.finish()));
        }
        conn.close().await.unwrap();
        Checksum(sums)
    })
}
