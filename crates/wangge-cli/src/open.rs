//! Opening the database a `--db` argument names.

use std::sync::Mutex;

use anyhow::Context;
use wangge_engine::{Clock, Engine, Store};

/// Every store this process opened, to be closed (the SQLite log folded into the file) on a
/// clean exit.
static OPENED: Mutex<Vec<Store>> = Mutex::new(Vec::new());

/// A `postgres://` URL opens PostgreSQL; anything else is a SQLite file path.
pub async fn store(db: &str) -> anyhow::Result<Store> {
    // A server's address is no file to open (nor to create by mistake).
    anyhow::ensure!(
        !crate::remote::is_server(db),
        "--db {db}：连接服务器目前只用于 wangge stats、wangge locate 与 wangge reassign；其他命令请用服务器的数据库文件或 postgres:// 地址"
    );
    let store = if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        Store::open(db).await.context("opening the PostgreSQL database")?
    } else {
        Store::open_sqlite_file(std::path::Path::new(db)).await.with_context(|| format!("opening {db}"))?
    };
    OPENED.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(store.clone());
    Ok(store)
}

/// Closes every store opened through [`store`], so a SQLite `.db` file is whole when the
/// command exits: copying it alone carries every change.
pub async fn close_all() {
    let stores = std::mem::take(&mut *OPENED.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
    for store in stores {
        if let Err(err) = store.checkpoint_and_close().await {
            tracing::warn!("could not fold the write-ahead log into the database file on exit: {err}");
        }
    }
}

/// Forgets the stores opened so far, which their user has closed (the server closes its
/// store on shutdown): a closed pool cannot be checkpointed, and trying only warns wrongly.
pub fn closed_elsewhere() {
    OPENED.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clear();
}

/// Opens the store and loads its district into an engine, as of the clock's now.
pub async fn engine(db: &str, clock: &Clock) -> anyhow::Result<Engine> {
    let store = with_district(db).await?;
    Ok(Engine::open(store, clock.now()).await?)
}

/// Opens the store, refusing one that holds no district yet with what to do about it.
pub async fn with_district(db: &str) -> anyhow::Result<Store> {
    let store = store(db).await?;
    if !store.has_district().await? {
        anyhow::bail!(
            "{db} holds no district yet: import its boundaries with `wangge import boundaries FILE --db {db} --level street --district-code CODE --district-name NAME`, or create the demo with `wangge demo --db {db}`"
        );
    }
    Ok(store)
}
