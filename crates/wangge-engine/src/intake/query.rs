//! Tickets shown as Open311 service requests, one or a filtered list, within the scope.

use wangge_domain::time::DAY_SECS;
use wangge_domain::{Scope, Ticket, Timestamp};
use wangge_open311::{DetailedStatus, ServiceRequest, Status};

use super::publish::{public_location, public_text, Doors};
use super::{catalog::service_name, IntakeError, Publication};
use crate::Engine;

/// GET Service Requests: no dates means "the last 90 days" (spec, `start_date`).
const DEFAULT_WINDOW_SECS: i64 = 90 * DAY_SECS;

/// The spec's upper bound on one answer ("max 1000 requests").
pub const MAX_REQUESTS: usize = 1000;

/// Which requests a list shows. Empty lists mean "any".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestFilter {
    /// When given, only these ids, and every other criterion is ignored (spec).
    pub ids: Vec<String>,
    pub service_codes: Vec<String>,
    pub statuses: Vec<Status>,
    /// Received at or after.
    pub start: Option<Timestamp>,
    /// Received at or before.
    pub end: Option<Timestamp>,
}

impl RequestFilter {
    /// Fills the spec's default window: with neither date, the 90 days up to `now`; with one
    /// date, 90 days from or up to it.
    pub fn with_default_window(mut self, now: Timestamp) -> Self {
        match (self.start, self.end) {
            (None, None) => {
                self.end = Some(now);
                self.start = Some(now.plus_secs(-DEFAULT_WINDOW_SECS));
            }
            (Some(start), None) => self.end = Some(start.plus_secs(DEFAULT_WINDOW_SECS)),
            (None, Some(end)) => self.start = Some(end.plus_secs(-DEFAULT_WINDOW_SECS)),
            (Some(_), Some(_)) => {}
        }
        self
    }

    fn admits(&self, ticket: &Ticket) -> bool {
        (self.service_codes.is_empty() || self.service_codes.iter().any(|c| c == ticket.category.as_str()))
            && (self.statuses.is_empty() || self.statuses.contains(&detailed_status(ticket).status()))
            && self.start.is_none_or(|start| ticket.received_at >= start)
            && self.end.is_none_or(|end| ticket.received_at <= end)
    }
}

impl Engine {
    /// One request by its id, as the public sees it. An id that names no ticket, or one the
    /// publication rules keep internal, is [`IntakeError::UnknownRequest`]; a ticket outside
    /// the scope is refused as the scope says, not hidden as unknown.
    pub fn open311_request(&self, scope: &Scope, publication: &Publication, id: &str) -> Result<ServiceRequest, IntakeError> {
        let ticket =
            self.ticket_by_wire_id(id).filter(|t| publication.shows(t)).ok_or_else(|| IntakeError::UnknownRequest(id.to_owned()))?;
        self.check_ticket_scope(scope, ticket)?;
        Ok(self.service_request(ticket, &Doors::of(self.district())))
    }

    /// The requests the filter admits within the scope, newest first, at most `limit`
    /// (and never more than [`MAX_REQUESTS`]), as the public sees them. Ids that name
    /// nothing, a ticket outside the scope or one the publication rules keep internal are
    /// left out, as the spec's list semantics expect.
    pub fn open311_requests(
        &self,
        scope: &Scope,
        publication: &Publication,
        filter: &RequestFilter,
        limit: usize,
    ) -> Result<Vec<ServiceRequest>, IntakeError> {
        let hierarchy = &self.district().hierarchy;
        let root = scope.root_id(hierarchy).map_err(crate::EngineError::from)?;
        let in_scope = |t: &&Ticket| publication.shows(t) && self.lies_under(t, root);
        let mut tickets: Vec<&Ticket> = if filter.ids.is_empty() {
            self.district().tickets.values().filter(|t| filter.admits(t)).filter(in_scope).collect()
        } else {
            filter.ids.iter().filter_map(|id| self.ticket_by_wire_id(id)).filter(in_scope).collect()
        };
        if filter.ids.is_empty() {
            tickets.sort_by_key(|t| (std::cmp::Reverse(t.received_at), std::cmp::Reverse(t.id)));
        }
        let doors = Doors::of(self.district());
        Ok(tickets.into_iter().take(limit.min(MAX_REQUESTS)).map(|t| self.service_request(t, &doors)).collect())
    }

    fn ticket_by_wire_id(&self, id: &str) -> Option<&Ticket> {
        id.trim().parse::<i64>().ok().and_then(|id| self.district().tickets.get(&id))
    }

    fn check_ticket_scope(&self, scope: &Scope, ticket: &Ticket) -> Result<(), IntakeError> {
        let hierarchy = &self.district().hierarchy;
        let place = match &ticket.micro_grid {
            Some(code) => hierarchy.id_of(code).ok_or_else(|| crate::EngineError::UnknownNode(code.0.clone()))?,
            // Triage belongs to the whole district.
            None => hierarchy.root(),
        };
        scope.check_node(hierarchy, place).map_err(crate::EngineError::from)?;
        Ok(())
    }

    /// A ticket as the public sees it. No personal data: the description is the summary with
    /// ID numbers, phones and names masked, a door from the house register is shown as its
    /// micro-grid's centre, and the agency is a unit's name.
    fn service_request(&self, ticket: &Ticket, doors: &Doors) -> ServiceRequest {
        let hierarchy = &self.district().hierarchy;
        // Units outside the hierarchy (district departments) are shown by their code.
        let agency = hierarchy.id(&ticket.owning_unit).map_or_else(|| ticket.owning_unit.clone(), |id| hierarchy.node(id).name.clone());
        let location = public_location(self.district(), doors, ticket);
        let updated = [Some(ticket.received_at), ticket.accepted_at, ticket.resolved_at, ticket.closed_at].into_iter().flatten().max();
        let mut request = ServiceRequest {
            service_request_id: ticket.id.to_string(),
            status: Status::Open,
            status_notes: None,
            service_name: Some(service_name(ticket.category).to_owned()),
            service_code: ticket.category.as_str().to_owned(),
            description: Some(public_text(&ticket.summary)),
            agency_responsible: Some(agency),
            service_notice: None,
            requested_datetime: ticket.received_at.to_string(),
            updated_datetime: updated.map(|at| at.to_string()),
            expected_datetime: Some(ticket.deadline.to_string()),
            address: None,
            address_id: None,
            zipcode: None,
            lat: location.map(|p| p.y()),
            long: location.map(|p| p.x()),
            media_url: None,
            attributes: None,
            extended_attributes: None,
            notes: None,
        };
        request.set_detailed_status(detailed_status(ticket));
        request
    }
}

/// The lifecycle status in the common extensions' words. The last step decides between
/// states the status alone does not tell apart (an escalated or reopened ticket is open).
fn detailed_status(ticket: &Ticket) -> DetailedStatus {
    use wangge_domain::lifecycle::{TicketEvent, TicketStatus};
    match ticket.status {
        TicketStatus::Closed => DetailedStatus::Closed,
        TicketStatus::ReturnVisited => DetailedStatus::ReturnVisit,
        TicketStatus::Resolved => DetailedStatus::Resolved,
        TicketStatus::Suspended => DetailedStatus::Suspended,
        TicketStatus::Returned => DetailedStatus::Returned,
        TicketStatus::InProgress => DetailedStatus::InProgress,
        TicketStatus::New | TicketStatus::Received | TicketStatus::Accepted => match ticket.events.last() {
            Some(TicketEvent::Escalated { .. }) => DetailedStatus::Escalated,
            Some(TicketEvent::Reopened { .. }) => DetailedStatus::Reopened,
            _ if ticket.status == TicketStatus::Accepted => DetailedStatus::Accepted,
            _ => DetailedStatus::Received,
        },
    }
}
