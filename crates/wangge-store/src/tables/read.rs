//! Reading typed values out of a row, turning anything unexpected into a `Corrupt` error
//! that names the table and the column.

use sqlx::any::AnyRow;
use sqlx::Row;
use wangge_domain::{NodeCode, Timestamp};

use crate::error::StoreError;

/// A row of a named table, read column by column.
pub(crate) struct Reader<'r> {
    row: &'r AnyRow,
    table: &'static str,
}

impl<'r> Reader<'r> {
    pub(crate) fn new(row: &'r AnyRow, table: &'static str) -> Self {
        Reader { row, table }
    }

    fn get<T>(&self, column: &str) -> Result<T, StoreError>
    where
        T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
    {
        self.row.try_get(column).map_err(|e| self.bad(column, e))
    }

    /// A corrupt-data error about one column of this table.
    pub(crate) fn bad(&self, column: &str, why: impl std::fmt::Display) -> StoreError {
        StoreError::corrupt(format!("{}.{column}: {why}", self.table))
    }

    pub(crate) fn i64(&self, column: &str) -> Result<i64, StoreError> {
        self.get(column)
    }

    pub(crate) fn opt_i64(&self, column: &str) -> Result<Option<i64>, StoreError> {
        self.get(column)
    }

    pub(crate) fn f64(&self, column: &str) -> Result<f64, StoreError> {
        self.get(column)
    }

    pub(crate) fn opt_f64(&self, column: &str) -> Result<Option<f64>, StoreError> {
        self.get(column)
    }

    pub(crate) fn text(&self, column: &str) -> Result<String, StoreError> {
        self.get(column)
    }

    pub(crate) fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        self.get(column)
    }

    pub(crate) fn at(&self, column: &str) -> Result<Timestamp, StoreError> {
        self.i64(column).map(Timestamp)
    }

    pub(crate) fn opt_at(&self, column: &str) -> Result<Option<Timestamp>, StoreError> {
        Ok(self.get::<Option<i64>>(column)?.map(Timestamp))
    }

    pub(crate) fn code(&self, column: &str) -> Result<NodeCode, StoreError> {
        self.text(column).map(NodeCode)
    }

    pub(crate) fn opt_code(&self, column: &str) -> Result<Option<NodeCode>, StoreError> {
        Ok(self.opt_text(column)?.map(NodeCode))
    }

    /// A count stored as BIGINT that the domain holds as u32.
    pub(crate) fn u32(&self, column: &str) -> Result<u32, StoreError> {
        let value = self.i64(column)?;
        u32::try_from(value).map_err(|_| self.bad(column, format!("{value} is not a count")))
    }

    /// A yes/no stored as 0/1 (booleans through sqlx::Any differ between backends).
    pub(crate) fn flag(&self, column: &str) -> Result<bool, StoreError> {
        match self.i64(column)? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(self.bad(column, format!("{other} is not 0 or 1"))),
        }
    }

    /// An enum stored as its `as_str()` text.
    pub(crate) fn name<T>(&self, column: &str, parse: fn(&str) -> Option<T>) -> Result<T, StoreError> {
        let text = self.text(column)?;
        parse(&text).ok_or_else(|| self.bad(column, format!("unknown value {text:?}")))
    }

    pub(crate) fn opt_name<T>(&self, column: &str, parse: fn(&str) -> Option<T>) -> Result<Option<T>, StoreError> {
        match self.opt_text(column)? {
            None => Ok(None),
            Some(text) => parse(&text).map(Some).ok_or_else(|| self.bad(column, format!("unknown value {text:?}"))),
        }
    }
}
