//! Opening the database a `--db` argument names.

use anyhow::Context;
use wangge_engine::{Clock, Engine, Store};

/// A `postgres://` URL opens PostgreSQL; anything else is a SQLite file path.
pub async fn store(db: &str) -> anyhow::Result<Store> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        Store::open(db).await.context("opening the PostgreSQL database")
    } else {
        Store::open_sqlite_file(std::path::Path::new(db)).await.with_context(|| format!("opening {db}"))
    }
}

/// Opens the store and loads its district into an engine, as of the clock's now.
pub async fn engine(db: &str, clock: &Clock) -> anyhow::Result<Engine> {
    let store = store(db).await?;
    if !store.has_district().await? {
        anyhow::bail!("{db} holds no district yet: create one with `wangge demo --db {db}`");
    }
    Ok(Engine::open(store, clock.now()).await?)
}
