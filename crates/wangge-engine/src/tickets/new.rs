//! A new ticket: routed to its first unit by the district's rules, with its history begun.

use geo::Point;
use wangge_domain::lifecycle::{Priority, TicketEvent, TicketStatus};
use wangge_domain::{Change, NodeId, Scope, Ticket, TicketCategory, TicketSource, Timestamp};

use crate::{Engine, EngineError};

/// What intake knows of a request before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTicket {
    pub source: TicketSource,
    pub category: TicketCategory,
    pub priority: Priority,
    pub summary: String,
    /// Where the matter lies; `None` sends the ticket to triage.
    pub micro_grid: Option<NodeId>,
    pub location: Option<Point<f64>>,
    pub received_at: Timestamp,
    /// The enterprise a demand is for (its register id), checked by the caller.
    pub enterprise: Option<i64>,
}

impl Engine {
    /// The record of a new ticket (id 0 until stored): its first unit from the routing
    /// rules, the `Received` event, and the projections of that history.
    pub fn new_ticket(&self, new: NewTicket) -> Result<Ticket, EngineError> {
        let hierarchy = &self.district().hierarchy;
        let unit = self.units().route(hierarchy, new.category, new.micro_grid);
        let ticket = Ticket {
            id: 0,
            source: new.source,
            category: new.category,
            priority: new.priority,
            summary: new.summary,
            micro_grid: new.micro_grid.map(|id| hierarchy.node(id).code.clone()),
            location: new.location,
            owning_unit: unit.clone(),
            received_at: new.received_at,
            accepted_at: None,
            resolved_at: None,
            closed_at: None,
            deadline: new.received_at,
            status: TicketStatus::New,
            supervised: false,
            version: 1,
            events: vec![TicketEvent::Received { at: new.received_at, unit }],
            enterprise: new.enterprise,
        };
        self.lifecycle().project(ticket).map_err(|e| EngineError::InvalidInput(e.to_string()))
    }

    /// Creates a new ticket as the scope's account and returns it as stored (with its id).
    pub async fn create_ticket(&mut self, scope: &Scope, new: NewTicket, now: Timestamp) -> Result<Ticket, EngineError> {
        // Apply every change made elsewhere first, so routing sees the current district.
        self.sync(now).await?;
        let ticket = self.new_ticket(new)?;
        match self.create(scope, Change::Ticket(ticket), now).await? {
            (_, Change::Ticket(stored)) => Ok(stored),
            (seq, other) => unreachable!("change {seq} was created as a ticket but stored as {}", other.entity()),
        }
    }
}
