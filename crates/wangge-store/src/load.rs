//! Loading the whole district, and the seq of the last change it reflects, from one snapshot.

use sqlx::Row;
use sqlx::{AnyConnection, AnyPool};
use wangge_domain::district::Records;
use wangge_domain::{District, Hierarchy, Node};

use crate::error::StoreError;
use crate::tables::{select_all_sql, Table};
use crate::{tx, Backend};

pub(crate) async fn load_district(pool: &AnyPool, backend: Backend) -> Result<(District, i64), StoreError> {
    let mut tx = tx::begin_snapshot(pool, backend, "loading the district").await?;
    let stored: i64 = sqlx::query("SELECT COUNT(*) FROM district")
        .fetch_one(&mut *tx)
        .await
        .and_then(|row| row.try_get(0))
        .map_err(StoreError::db("loading the district"))?;
    if stored == 0 {
        return Err(StoreError::NoDistrict);
    }
    let last_seq = crate::change_log::last_seq_on(&mut tx).await?;
    let nodes = read_all::<Node>(&mut tx).await?;
    let records = Records {
        houses: read_all(&mut tx).await?,
        people: read_all(&mut tx).await?,
        isolations: read_all(&mut tx).await?,
        follow_ups: read_all(&mut tx).await?,
        enterprises: read_all(&mut tx).await?,
        tickets: read_all(&mut tx).await?,
        tasks: read_all(&mut tx).await?,
        task_items: read_all(&mut tx).await?,
        landlord_marks: read_all(&mut tx).await?,
    };
    // Nothing was written; ending the snapshot explicitly frees it at once.
    tx.rollback().await.map_err(StoreError::db("loading the district: ending the read"))?;

    let hierarchy = Hierarchy::new(nodes).map_err(|e| StoreError::corrupt(format!("the stored hierarchy: {e}")))?;
    let district = District::new(hierarchy, records).map_err(|e| StoreError::corrupt(format!("the stored records: {e}")))?;
    Ok((district, last_seq))
}

/// The hierarchy alone (every node version's current row), for work that needs to know the
/// places but none of the records: far less to read than the whole district.
pub(crate) async fn load_hierarchy(pool: &AnyPool, backend: Backend) -> Result<Hierarchy, StoreError> {
    let mut tx = tx::begin_snapshot(pool, backend, "loading the hierarchy").await?;
    let nodes = read_all::<Node>(&mut tx).await?;
    tx.rollback().await.map_err(StoreError::db("loading the hierarchy: ending the read"))?;
    if nodes.is_empty() {
        return Err(StoreError::NoDistrict);
    }
    Hierarchy::new(nodes).map_err(|e| StoreError::corrupt(format!("the stored hierarchy: {e}")))
}

/// Every row of a table as records, converted as they stream in (no second copy of the rows).
async fn read_all<T: Table + Send + Unpin + 'static>(conn: &mut AnyConnection) -> Result<Vec<T>, StoreError> {
    let sql = select_all_sql::<T>();
    let result = sqlx::query(&sql)
        // try_map wants a sqlx::Error; the StoreError travels inside one and is unwrapped below.
        .try_map(|row| T::read(&row).map_err(|e| sqlx::Error::Decode(Box::new(e))))
        .fetch_all(conn)
        .await;
    result.map_err(|error| match error {
        sqlx::Error::Decode(inner) => match inner.downcast::<StoreError>() {
            Ok(store_error) => *store_error,
            Err(other) => StoreError::Database { doing: format!("loading {}", T::TABLE), source: sqlx::Error::Decode(other) },
        },
        other => StoreError::Database { doing: format!("loading {}", T::TABLE), source: other },
    })
}
