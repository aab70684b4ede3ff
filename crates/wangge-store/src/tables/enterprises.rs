//! The `enterprises` table: work resumption (复工复产).

use sqlx::any::AnyRow;
use wangge_domain::{Enterprise, ResumptionStatus};

use super::{AnyQuery, Reader, Table};
use crate::error::StoreError;

impl Table for Enterprise {
    const TABLE: &'static str = "enterprises";
    const COLUMNS: &'static [&'static str] =
        &["id", "name", "micro_grid", "sector", "above_designated_size", "headcount", "status", "resumed_at", "workers_back", "version"];

    fn bind<'q>(&'q self, query: AnyQuery<'q>) -> Result<AnyQuery<'q>, StoreError> {
        Ok(query
            .bind(self.id)
            .bind(self.name.as_str())
            .bind(self.micro_grid.as_str())
            .bind(self.sector.as_str())
            // 0/1 in a BIGINT: booleans through sqlx::Any are not read back alike by both backends.
            .bind(i64::from(self.above_designated_size))
            .bind(i64::from(self.headcount))
            .bind(self.status.as_str())
            .bind(self.resumed_at.map(|t| t.0))
            .bind(i64::from(self.workers_back))
            .bind(i64::from(self.version)))
    }

    fn read(row: &AnyRow) -> Result<Self, StoreError> {
        let r = Reader::new(row, Self::TABLE);
        Ok(Enterprise {
            id: r.i64("id")?,
            name: r.text("name")?,
            micro_grid: r.code("micro_grid")?,
            sector: r.text("sector")?,
            above_designated_size: r.flag("above_designated_size")?,
            headcount: r.u32("headcount")?,
            status: r.name("status", ResumptionStatus::parse)?,
            resumed_at: r.opt_at("resumed_at")?,
            workers_back: r.u32("workers_back")?,
            version: r.u32("version")?,
        })
    }
}
