//! One table per kind of record: its columns, how a record binds into a row and how a row
//! reads back into a record. Everything else (bulk saving, upserts, loading) is written once
//! against the [`Table`] trait, so the SQL for a kind of record lives in exactly one place.

mod enterprises;
mod isolations;
mod nodes;
mod places;
mod read;
mod tasks;
mod tickets;

use sqlx::any::{Any, AnyArguments, AnyRow};

use crate::error::StoreError;

pub(crate) use nodes::encode_boundary;
pub use nodes::NodeVersion;
pub(crate) use read::Reader;

/// A query being built, with its arguments bound so far.
pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, Any, AnyArguments<'q>>;

/// A kind of record stored one per row.
pub(crate) trait Table: Sized {
    /// The table's name, also the stage name reported while saving.
    const TABLE: &'static str;
    /// Every column, the key first, in the order [`Table::bind`] binds them.
    const COLUMNS: &'static [&'static str];
    /// Whether the same statement may be prepared once and reused for every record.
    ///
    /// Not when a DOUBLE PRECISION column is nullable: sqlx::Any sends a NULL double as a
    /// `float4` parameter but a value as `float8`, and PostgreSQL rejects a statement prepared
    /// with one and executed with the other ("incorrect binary data format"). Such tables
    /// re-prepare each statement with the parameter types of its own arguments.
    const REUSABLE_STATEMENTS: bool = true;

    /// Binds this record's values, one per column of [`Table::COLUMNS`], in order.
    fn bind<'q>(&'q self, query: AnyQuery<'q>) -> Result<AnyQuery<'q>, StoreError>;

    /// Reads a row selected with [`Table::COLUMNS`] in order.
    fn read(row: &AnyRow) -> Result<Self, StoreError>;
}

/// `a, b, c`: the column list of a table.
pub(crate) fn column_list<T: Table>() -> String {
    T::COLUMNS.join(", ")
}

/// `INSERT … ON CONFLICT (key) DO UPDATE`: a committed change replaces the record with its id
/// or adds it. Both SQLite (3.24+) and PostgreSQL (9.5+) speak this dialect.
pub(crate) fn upsert_sql<T: Table>() -> String {
    let (key, rest) = T::COLUMNS.split_first().map_or(("", &[][..]), |(k, r)| (*k, r));
    let placeholders = (1..=T::COLUMNS.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
    let updates = rest.iter().map(|c| format!("{c} = excluded.{c}")).collect::<Vec<_>>().join(", ");
    format!(
        "INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT ({key}) DO UPDATE SET {updates}",
        table = T::TABLE,
        columns = column_list::<T>(),
    )
}

/// `SELECT … ORDER BY key`: a whole table, in key order so loads are deterministic.
pub(crate) fn select_all_sql<T: Table>() -> String {
    format!("SELECT {} FROM {} ORDER BY {}", column_list::<T>(), T::TABLE, T::COLUMNS[0])
}

/// `SELECT … WHERE key = $1`: one record by its key.
pub(crate) fn select_one_sql<T: Table>() -> String {
    format!("SELECT {} FROM {} WHERE {} = $1", column_list::<T>(), T::TABLE, T::COLUMNS[0])
}
