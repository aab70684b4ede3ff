//! One ticket with its timeline and every owner's clocks.

use wangge_api as api;
use wangge_domain::lifecycle::event::{INTAKE_DESK, RETURN_VISIT_DESK};
use wangge_domain::lifecycle::{build_timeline, TicketState};
use wangge_domain::{Change, Language, Scope, Timestamp};
use wangge_figures::say;

use super::rows::{lifecycle_status, sla, Folded};
use super::steps;
use crate::{Engine, EngineError};

impl Engine {
    /// The ticket's row, its history and its clocks, if the scope may see it (wall screens
    /// may not: the history names people and places). The history's words are in the
    /// scope's language.
    pub fn ticket_detail(&self, scope: &Scope, id: i64, now: Timestamp) -> Result<api::TicketDetail, EngineError> {
        let ticket =
            self.district().tickets.get(&id).ok_or_else(|| EngineError::NotFound(say!(scope.language, "工单 {id} ", "Ticket {id}")))?;
        let hierarchy = &self.district().hierarchy;
        let owners = self.ticket_owners(ticket);
        let nodes = self.district().nodes_of(&Change::Ticket(ticket.clone()))?;
        for &node in &nodes {
            scope.check_ticket_read(hierarchy, node, &owners)?;
        }
        let writable = nodes.iter().all(|&node| scope.check_ticket_write(hierarchy, node, &owners).is_ok());
        let lifecycle = self.lifecycle();
        let initial = TicketState::new(ticket.id, ticket.category, ticket.priority);
        let (state, timeline) = build_timeline(&initial, &ticket.events, &lifecycle.policies, &lifecycle.calendar)
            .map_err(|e| EngineError::Lifecycle(format!("ticket {id}: {e}")))?;
        let unit_name = |unit: &str| self.units().name_of(hierarchy, unit);
        let timeline = timeline
            .into_iter()
            .zip(&ticket.events)
            .map(|(entry, event)| api::TimelineEntry {
                at: entry.at.secs(),
                actor: self.actor_name(&entry.actor, scope.language),
                kind: entry.action,
                description: event.describe_in(scope.language, unit_name),
                quoted: event.quoted(unit_name),
                status_before: lifecycle_status(entry.before.status),
                status_after: lifecycle_status(entry.after.status),
            })
            .collect();
        let unit_deadlines = state
            .owners
            .iter()
            .zip(&state.units.units)
            .map(|(owner, clocks)| api::UnitDeadline {
                unit: owner.unit.clone(),
                accepted: owner.accepted_at.is_some(),
                acceptance_deadline: clocks.acceptance.deadline(&lifecycle.calendar).map(|t| t.secs()),
                resolution_deadline: clocks.resolution.deadline(&lifecycle.calendar).map(|t| t.secs()),
                sla: Some(sla(clocks.state_at(now, &lifecycle.calendar))),
            })
            .collect();
        let place = ticket.micro_grid.as_ref().and_then(|code| hierarchy.id_of(code));
        let place_names = place.map(|id| crate::convert::place_names(hierarchy, id));
        let (unplaced_reason, unplaced_quoted) = match (place, ticket.location) {
            (Some(_), _) => (None, Vec::new()),
            (None, Some(point)) => {
                let why = self.why_unplaced(point);
                (Some(why.describe_in(scope.language, hierarchy)), why.quoted(hierarchy))
            }
            (None, None) => {
                let why = say!(
                    scope.language,
                    "未提供坐标，地址也未在房屋登记中找到",
                    "No coordinates were given and the address is not in the house register"
                );
                (Some(why), Vec::new())
            }
        };
        Ok(api::TicketDetail {
            row: Folded::of(ticket, self).row(now, self),
            source: ticket.source.as_str().to_string(),
            location: ticket.location.map(|p| [p.x(), p.y()]),
            place_names,
            unplaced_reason,
            unplaced_quoted,
            steps: if writable { steps::available(scope, &state) } else { Vec::new() },
            timeline,
            unit_deadlines,
        })
    }

    /// Who took a step, as the timeline says it: a unit by its name, the intake desk and the
    /// return-visit desk in words (in `language`), an account or an approver as named.
    fn actor_name(&self, actor: &str, language: Language) -> String {
        match actor {
            INTAKE_DESK => language.pick("受理中心", "Intake desk").to_string(),
            RETURN_VISIT_DESK => language.pick("回访员", "Call-back desk").to_string(),
            unit if self.units().is_unit(&self.district().hierarchy, unit) => self.units().name_of(&self.district().hierarchy, unit),
            person => person.to_string(),
        }
    }
}
