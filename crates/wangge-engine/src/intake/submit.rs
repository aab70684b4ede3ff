//! A validated Open311 POST becomes a ticket in the micro-grid where the matter lies.

use geo::Point;
use wangge_domain::{Change, House, NodeId, Scope, Ticket, TicketCategory, TicketSource, Timestamp};
use wangge_open311::NewRequest;

use super::{catalog::service_name, IntakeError, PROVISIONAL_DEADLINE_SECS};
use crate::Engine;

/// Where a request was placed: its micro-grid and the point recorded on the ticket.
struct Placed {
    micro_grid: NodeId,
    location: Point<f64>,
}

impl Engine {
    /// Creates the ticket a POST describes and commits it as the scope's account, so every
    /// open seat sees it arrive through the change log. Returns the ticket as stored.
    ///
    /// The requester's contact fields (email, phone, names, device and account ids) are not
    /// kept: tickets carry no personal data of the requester yet.
    pub async fn submit_request(&mut self, scope: &Scope, request: NewRequest, now: Timestamp) -> Result<Ticket, IntakeError> {
        let category = TicketCategory::parse(&request.service_code).ok_or_else(|| {
            IntakeError::invalid("service_code", format!("{:?} is not a service of this district", request.service_code))
        })?;
        // Apply every change made elsewhere first: a house added a moment ago can be found by
        // its address.
        self.catch_up(scope, now).await?;
        let placed = self.place(&request)?;
        let hierarchy = &self.district().hierarchy;
        let micro_grid = hierarchy.node(placed.micro_grid).code.clone();
        // The grid answers for the micro-grids it contains; a micro-grid without a parent
        // cannot exist in a valid hierarchy, but owning itself is the safe reading.
        let owning_unit =
            hierarchy.parent(placed.micro_grid).map_or_else(|| micro_grid.0.clone(), |g| hierarchy.node(g).code.0.clone());
        let summary = match request.description.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => text.to_owned(),
            _ => service_name(category).to_owned(),
        };
        let ticket = Ticket {
            // The store gives the ticket its id when it commits it.
            id: 0,
            source: TicketSource::MiniProgram,
            category,
            summary,
            micro_grid,
            location: Some(placed.location),
            owning_unit,
            received_at: now,
            accepted_at: None,
            resolved_at: None,
            closed_at: None,
            deadline: now.plus_secs(PROVISIONAL_DEADLINE_SECS),
        };
        match self.create(scope, Change::Ticket(ticket), now).await? {
            (_, Change::Ticket(stored)) => Ok(stored),
            (seq, other) => unreachable!("change {seq} was created as a ticket but stored as {}", other.entity()),
        }
    }

    /// Routes the request's location to a micro-grid: coordinates by point-in-polygon, else
    /// the house register by exact address, else by house code (`address_id`).
    ///
    /// A place no micro-grid holds is refused, naming the field. Unroutable requests are to
    /// go to a triage queue instead (issue 3, item 4); until it exists, refusing keeps them
    /// from being stored in the wrong place.
    fn place(&self, request: &NewRequest) -> Result<Placed, IntakeError> {
        if let Some(at) = request.position {
            let location = Point::new(at.long, at.lat);
            return match self.locator().locate(location) {
                Some(micro_grid) => Ok(Placed { micro_grid, location }),
                None => Err(IntakeError::invalid(
                    "lat",
                    format!("({}, {}) lies in no micro-grid of this district", at.lat, at.long),
                )),
            };
        }
        if let Some(address) = &request.address_string {
            let wanted = address.trim();
            let house = self.house_where(|h| h.address.trim() == wanted).ok_or_else(|| {
                IntakeError::invalid("address_string", format!("{wanted:?} is not in the house register"))
            })?;
            return self.placed_at(house, "address_string");
        }
        if let Some(code) = &request.address_id {
            let wanted = code.trim();
            let house = self
                .house_where(|h| h.code == wanted)
                .ok_or_else(|| IntakeError::invalid("address_id", format!("{wanted:?} is not a house code of the register")))?;
            return self.placed_at(house, "address_id");
        }
        // The wire crate refuses a POST without any location; this guards other callers.
        Err(IntakeError::invalid("location", "send lat and long, address_string or address_id"))
    }

    /// The matching house with the lowest id, so equal addresses always resolve alike.
    /// A scan, not an index: houses change through the log and the register is small enough
    /// that one pass per request costs well under the commit it precedes.
    fn house_where(&self, matches: impl Fn(&House) -> bool) -> Option<&House> {
        self.district().houses.values().filter(|h| matches(h)).min_by_key(|h| h.id)
    }

    fn placed_at(&self, house: &House, field: &'static str) -> Result<Placed, IntakeError> {
        let micro_grid = self.district().hierarchy.id_of(&house.micro_grid).ok_or_else(|| {
            IntakeError::invalid(field, format!("the house register places it in {}, which is no node", house.micro_grid))
        })?;
        Ok(Placed { micro_grid, location: house.location })
    }
}
