//! The `tickets` table: citizen and enterprise requests (诉求 / 工单).

use geo::Point;
use sqlx::any::AnyRow;
use wangge_domain::lifecycle::{events_from_stamps, Priority, TicketStatus};
use wangge_domain::{Ticket, TicketCategory, TicketSource};

use super::{AnyQuery, Reader, Table};
use crate::error::StoreError;

impl Table for Ticket {
    const TABLE: &'static str = "tickets";
    // lon and lat are nullable doubles.
    const REUSABLE_STATEMENTS: bool = false;
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "source",
        "category",
        "priority",
        "summary",
        "micro_grid",
        "lon",
        "lat",
        "owning_unit",
        "received_at",
        "accepted_at",
        "resolved_at",
        "closed_at",
        "deadline",
        "status",
        "supervised",
        "version",
        "events",
        "enterprise_id",
    ];

    fn bind<'q>(&'q self, query: AnyQuery<'q>) -> Result<AnyQuery<'q>, StoreError> {
        Ok(query
            .bind(self.id)
            .bind(self.source.as_str())
            .bind(self.category.as_str())
            .bind(self.priority.name())
            .bind(self.summary.as_str())
            .bind(self.micro_grid.as_ref().map(|c| c.as_str()))
            .bind(self.location.map(|p| p.x()))
            .bind(self.location.map(|p| p.y()))
            .bind(self.owning_unit.as_str())
            .bind(self.received_at.0)
            .bind(self.accepted_at.map(|t| t.0))
            .bind(self.resolved_at.map(|t| t.0))
            .bind(self.closed_at.map(|t| t.0))
            .bind(self.deadline.0)
            .bind(self.status.name())
            .bind(i64::from(self.supervised))
            .bind(self.version)
            .bind(events_json(self)?)
            .bind(self.enterprise))
    }

    fn read(row: &AnyRow) -> Result<Self, StoreError> {
        let r = Reader::new(row, Self::TABLE);
        let location = match (r.opt_f64("lon")?, r.opt_f64("lat")?) {
            (Some(lon), Some(lat)) => Some(Point::new(lon, lat)),
            (None, None) => None,
            _ => return Err(r.bad("lon", "only one of lon and lat is set")),
        };
        let owning_unit = r.text("owning_unit")?;
        let received_at = r.at("received_at")?;
        let accepted_at = r.opt_at("accepted_at")?;
        let resolved_at = r.opt_at("resolved_at")?;
        let closed_at = r.opt_at("closed_at")?;
        let events_text = r.text("events")?;
        // Rows from before the lifecycle migration kept only their stamps.
        let events = if events_text.is_empty() {
            events_from_stamps(&owning_unit, received_at, accepted_at, resolved_at, closed_at)
        } else {
            serde_json::from_str(&events_text).map_err(|e| r.bad("events", e))?
        };
        Ok(Ticket {
            id: r.i64("id")?,
            source: r.name("source", TicketSource::parse)?,
            category: r.name("category", TicketCategory::parse)?,
            priority: r.name("priority", Priority::from_name)?,
            summary: r.text("summary")?,
            micro_grid: r.opt_code("micro_grid")?,
            location,
            owning_unit,
            received_at,
            accepted_at,
            resolved_at,
            closed_at,
            deadline: r.at("deadline")?,
            status: r.name("status", TicketStatus::from_name)?,
            supervised: r.flag("supervised")?,
            version: r.i64("version")?,
            events,
            enterprise: r.opt_i64("enterprise_id")?,
        })
    }
}

fn events_json(ticket: &Ticket) -> Result<String, StoreError> {
    serde_json::to_string(&ticket.events)
        .map_err(|source| StoreError::Encode { what: format!("the events of ticket {}", ticket.id), source })
}
