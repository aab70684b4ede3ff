//! The `tasks` and `task_items` tables: screening batches (排查任务) and their people.

use sqlx::any::AnyRow;
use wangge_domain::{Task, TaskItem, TaskOutcome, Verification};

use super::{AnyQuery, Reader, Table};
use crate::error::StoreError;

impl Table for Task {
    const TABLE: &'static str = "tasks";
    const COLUMNS: &'static [&'static str] =
        &["id", "title", "owner_unit", "created_at", "deadline", "verified_by", "verified_at", "version"];

    fn bind<'q>(&'q self, query: AnyQuery<'q>) -> Result<AnyQuery<'q>, StoreError> {
        Ok(query
            .bind(self.id)
            .bind(self.title.as_str())
            .bind(self.owner_unit.as_str())
            .bind(self.created_at.0)
            .bind(self.deadline.0)
            .bind(self.verified.as_ref().map(|v| v.by.as_str()))
            .bind(self.verified.as_ref().map(|v| v.at.0))
            .bind(i64::from(self.version)))
    }

    fn read(row: &AnyRow) -> Result<Self, StoreError> {
        let r = Reader::new(row, Self::TABLE);
        Ok(Task {
            id: r.i64("id")?,
            title: r.text("title")?,
            owner_unit: r.code("owner_unit")?,
            created_at: r.at("created_at")?,
            deadline: r.at("deadline")?,
            verified: match (r.opt_text("verified_by")?, r.opt_at("verified_at")?) {
                (Some(by), Some(at)) => Some(Verification { by, at }),
                _ => None,
            },
            version: r.u32("version")?,
        })
    }
}

impl Table for TaskItem {
    const TABLE: &'static str = "task_items";
    const COLUMNS: &'static [&'static str] =
        &["id", "task_id", "person_name", "id_number", "address", "micro_grid", "outcome", "reported_at", "version"];

    fn bind<'q>(&'q self, query: AnyQuery<'q>) -> Result<AnyQuery<'q>, StoreError> {
        Ok(query
            .bind(self.id)
            .bind(self.task_id)
            .bind(self.person_name.as_str())
            .bind(self.id_number.as_str())
            .bind(self.address.as_str())
            .bind(self.micro_grid.as_ref().map(|c| c.as_str()))
            .bind(self.outcome.map(TaskOutcome::as_str))
            .bind(self.reported_at.map(|t| t.0))
            .bind(i64::from(self.version)))
    }

    fn read(row: &AnyRow) -> Result<Self, StoreError> {
        let r = Reader::new(row, Self::TABLE);
        Ok(TaskItem {
            id: r.i64("id")?,
            task_id: r.i64("task_id")?,
            person_name: r.text("person_name")?,
            id_number: r.text("id_number")?,
            address: r.text("address")?,
            micro_grid: r.opt_code("micro_grid")?,
            outcome: r.opt_name("outcome", TaskOutcome::parse)?,
            reported_at: r.opt_at("reported_at")?,
            version: r.u32("version")?,
        })
    }
}
