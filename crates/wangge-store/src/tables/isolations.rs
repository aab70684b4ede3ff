//! The `isolations` and `follow_ups` tables.

use sqlx::any::AnyRow;
use wangge_domain::{FollowUp, FollowUpResult, Isolation, IsolationKind};

use super::{AnyQuery, Reader, Table};
use crate::error::StoreError;

impl Table for Isolation {
    const TABLE: &'static str = "isolations";
    const COLUMNS: &'static [&'static str] =
        &["id", "person_id", "micro_grid", "kind", "started_at", "planned_end", "released_at", "version"];

    fn bind<'q>(&'q self, query: AnyQuery<'q>) -> Result<AnyQuery<'q>, StoreError> {
        Ok(query
            .bind(self.id)
            .bind(self.person_id)
            .bind(self.micro_grid.as_str())
            .bind(self.kind.as_str())
            .bind(self.started_at.0)
            .bind(self.planned_end.0)
            .bind(self.released_at.map(|t| t.0))
            .bind(i64::from(self.version)))
    }

    fn read(row: &AnyRow) -> Result<Self, StoreError> {
        let r = Reader::new(row, Self::TABLE);
        Ok(Isolation {
            id: r.i64("id")?,
            person_id: r.i64("person_id")?,
            micro_grid: r.code("micro_grid")?,
            kind: r.name("kind", IsolationKind::parse)?,
            started_at: r.at("started_at")?,
            planned_end: r.at("planned_end")?,
            released_at: r.opt_at("released_at")?,
            version: r.u32("version")?,
        })
    }
}

impl Table for FollowUp {
    const TABLE: &'static str = "follow_ups";
    // temperature_c is a nullable double.
    const REUSABLE_STATEMENTS: bool = false;
    const COLUMNS: &'static [&'static str] = &["id", "isolation_id", "due_at", "done_at", "temperature_c", "result", "version"];

    fn bind<'q>(&'q self, query: AnyQuery<'q>) -> Result<AnyQuery<'q>, StoreError> {
        Ok(query
            .bind(self.id)
            .bind(self.isolation_id)
            .bind(self.due_at.0)
            .bind(self.done_at.map(|t| t.0))
            .bind(self.temperature_c)
            .bind(self.result.map(FollowUpResult::as_str))
            .bind(i64::from(self.version)))
    }

    fn read(row: &AnyRow) -> Result<Self, StoreError> {
        let r = Reader::new(row, Self::TABLE);
        Ok(FollowUp {
            id: r.i64("id")?,
            isolation_id: r.i64("isolation_id")?,
            due_at: r.at("due_at")?,
            done_at: r.opt_at("done_at")?,
            temperature_c: r.opt_f64("temperature_c")?,
            result: r.opt_name("result", FollowUpResult::parse)?,
            version: r.u32("version")?,
        })
    }
}
