//! Steps on tickets: one action on one ticket, or a reassignment of many at once. Each
//! names the version it was decided on; if somebody else wrote in between, nothing is
//! written and the caller gets the tickets as they stand now. Refusals are worded in the
//! scope's language.

use wangge_api as api;
use wangge_domain::lifecycle::{Satisfaction, TicketEvent};
use wangge_domain::{Change, Language, Scope, Ticket, Timestamp, TRIAGE_UNIT};
use wangge_figures::say;
use wangge_store::StoreError;

use super::rows::Folded;
use super::steps::require_step;
use crate::{Engine, EngineError};

/// Working hours an extension may add at once; more is a typo, not a decision.
const MAX_EXTENSION_HOURS: u32 = 24 * 30;

impl Engine {
    /// Takes one lifecycle step on a ticket as the scope's account.
    pub async fn act(
        &mut self,
        scope: &Scope,
        ticket: api::TicketVersion,
        action: api::TicketAction,
        now: Timestamp,
    ) -> Result<api::TicketRow, EngineError> {
        self.sync(now).await?;
        let current = self.ticket_for_write(scope, ticket, now)?;
        let next = self.step_for(scope, &current, action, now)?;
        let mut rows = self.commit_tickets(scope, vec![next], now).await?;
        Ok(rows.remove(0))
    }

    /// 改派: moves every named ticket to `to_unit`, all or nothing. Commanders only, within
    /// their part of the hierarchy, with a reason.
    pub async fn reassign(&mut self, scope: &Scope, request: &api::Reassign, now: Timestamp) -> Result<Vec<api::TicketRow>, EngineError> {
        require_step(scope, api::TicketStep::Reassign)?;
        let language = scope.language;
        if request.reason.trim().is_empty() {
            return Err(EngineError::InvalidInput(say!(language, "改派理由：改派须写明理由", "Reason: a reassignment needs a reason")));
        }
        if request.tickets.is_empty() {
            return Err(EngineError::InvalidInput(say!(
                language,
                "工单：请至少选择一张要改派的工单",
                "Tickets: choose at least one ticket to reassign"
            )));
        }
        let mut seen = std::collections::BTreeSet::new();
        if let Some(dup) = request.tickets.iter().find(|t| !seen.insert(t.id)) {
            return Err(EngineError::InvalidInput(say!(language, "工单：工单 {} 重复出现", "Tickets: ticket {} is listed twice", dup.id)));
        }
        self.check_unit(scope, &request.to_unit)?;
        self.sync(now).await?;
        let mut moved = Vec::with_capacity(request.tickets.len());
        for &wanted in &request.tickets {
            let current = self.ticket_for_write(scope, wanted, now)?;
            let from_unit = match &request.from_unit {
                Some(unit) => unit.clone(),
                None => sole_owner(&current, self, language)?,
            };
            let event = TicketEvent::Reassigned {
                at: now,
                from_unit,
                to_unit: request.to_unit.clone(),
                reason: request.reason.trim().to_string(),
                by: scope.account.clone(),
            };
            moved.push(self.step(&current, event, language)?);
        }
        self.commit_tickets(scope, moved, now).await
    }

    /// The stored ticket, if the scope may change it and nobody changed it since `wanted`.
    fn ticket_for_write(&self, scope: &Scope, wanted: api::TicketVersion, now: Timestamp) -> Result<Ticket, EngineError> {
        let ticket = self
            .district()
            .tickets
            .get(&wanted.id)
            .ok_or_else(|| EngineError::NotFound(say!(scope.language, "工单 {} ", "Ticket {}", wanted.id)))?;
        let owners = self.ticket_owners(ticket);
        for node in self.district().nodes_of(&Change::Ticket(ticket.clone()))? {
            scope.check_ticket_write(&self.district().hierarchy, node, &owners)?;
        }
        if ticket.version != wanted.version {
            return Err(self.conflict(
                say!(
                    scope.language,
                    "工单 {} 已被他人修改（现为第 {} 版，您看到的是第 {} 版），未写入任何内容",
                    "Ticket {} was changed by someone else (it is now version {}, you saw version {}); nothing was written",
                    ticket.id,
                    ticket.version,
                    wanted.version
                ),
                &[ticket.id],
                now,
            ));
        }
        Ok(ticket.clone())
    }

    /// The record after the action, checked against the scope and the lifecycle.
    fn step_for(&self, scope: &Scope, ticket: &Ticket, action: api::TicketAction, now: Timestamp) -> Result<Ticket, EngineError> {
        use api::TicketAction as A;
        require_step(scope, action.step())?;
        let language = scope.language;
        let at = now;
        let event = match action {
            A::Accept { unit } => {
                self.check_unit(scope, &unit)?;
                TicketEvent::Accepted { unit, at }
            }
            A::Start { unit } => {
                self.check_unit(scope, &unit)?;
                TicketEvent::Started { unit, at }
            }
            A::Return { unit, reason } => {
                self.check_unit(scope, &unit)?;
                TicketEvent::Returned { unit, at, reason }
            }
            A::Resolve { unit, note } => {
                self.check_unit(scope, &unit)?;
                TicketEvent::Resolved { unit, at, note }
            }
            A::Suspend { reason } => TicketEvent::Suspended { at, reason },
            A::Resume => TicketEvent::Resumed { at },
            A::ReturnVisit { satisfaction } => {
                let satisfaction = match satisfaction.as_str() {
                    "satisfied" => Satisfaction::Satisfied,
                    "neutral" => Satisfaction::Neutral,
                    "dissatisfied" => Satisfaction::Dissatisfied,
                    other => {
                        return Err(EngineError::InvalidInput(say!(
                            language,
                            "满意度“{other}”无法识别：应为 satisfied（满意）、neutral（基本满意）或 dissatisfied（不满意）",
                            "Satisfaction \"{other}\" is not recognised: it should be satisfied, neutral or dissatisfied"
                        )))
                    }
                };
                TicketEvent::ReturnVisit { at, satisfaction }
            }
            A::Close => TicketEvent::Closed { at },
            A::Reopen { reason } => TicketEvent::Reopened { at, reason },
            A::Extend { unit, working_hours, approver } => {
                if working_hours == 0 || working_hours > MAX_EXTENSION_HOURS {
                    return Err(EngineError::InvalidInput(format!(
                        "working_hours: {working_hours} is not between 1 and {MAX_EXTENSION_HOURS}"
                    )));
                }
                TicketEvent::Extended { unit, at, working_secs: i64::from(working_hours) * 3600, approver }
            }
            A::Escalate { to_unit, reason } => {
                self.check_unit(scope, &to_unit)?;
                TicketEvent::Escalated { at, to_unit, reason }
            }
            A::CoDispatch { units } => {
                if units.iter().any(|unit| unit == TRIAGE_UNIT) {
                    return Err(EngineError::InvalidInput(say!(
                        language,
                        "加派单位：待分拨不是可以加派的单位",
                        "Units to add: the awaiting-dispatch queue is not a unit work can be sent to"
                    )));
                }
                for unit in &units {
                    self.check_unit(scope, unit)?;
                }
                TicketEvent::CoDispatched { at, units }
            }
            A::Supervise { note } => TicketEvent::Supervised { at, by: scope.account.clone(), note },
            A::Dispatch { micro_grid, unit } => {
                self.check_unit(scope, &unit)?;
                let mut placed = ticket.clone();
                if let Some(code) = micro_grid {
                    let hierarchy = &self.district().hierarchy;
                    let id = hierarchy.id(&code).filter(|&id| hierarchy.is_place_at(id, at)).ok_or_else(|| {
                        EngineError::InvalidInput(say!(
                            language,
                            "微网格：{code} 不是现有的最底层区域",
                            "Micro-grid: {code} is not a current area of the lowest level"
                        ))
                    })?;
                    scope.check_write(hierarchy, id)?;
                    placed.micro_grid = Some(hierarchy.node(id).code.clone());
                }
                let owners = Folded::of(ticket, self).owners();
                let event = match owners.as_slice() {
                    [] => TicketEvent::CoDispatched { at, units: vec![unit] },
                    [only] => TicketEvent::Reassigned {
                        at,
                        from_unit: only.clone(),
                        to_unit: unit,
                        reason: "分拨".to_string(),
                        by: scope.account.clone(),
                    },
                    _ => {
                        return Err(EngineError::InvalidInput(say!(
                            language,
                            "工单 {} 有多个承办单位，请从其中一个改派",
                            "Ticket {} has several handling units: reassign it from one of them",
                            ticket.id
                        )))
                    }
                };
                return self.step(&placed, event, language);
            }
        };
        self.step(ticket, event, language)
    }

    /// The record after `event`, or the lifecycle's refusal worded in `language`.
    fn step(&self, ticket: &Ticket, event: TicketEvent, language: Language) -> Result<Ticket, EngineError> {
        let hierarchy = &self.district().hierarchy;
        self.lifecycle()
            .step(ticket, event)
            .map_err(|error| EngineError::Lifecycle(error.message_in(language, &|unit| self.units().name_of(hierarchy, unit))))
    }

    /// A unit the scope may hand work to or act for: a node in scope, or a district-level
    /// unit (or triage) for a scope over the whole district.
    fn check_unit(&self, scope: &Scope, unit: &str) -> Result<(), EngineError> {
        let hierarchy = &self.district().hierarchy;
        if !self.units().is_unit(hierarchy, unit) {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "承办单位：{unit} 不是本区的单位",
                "Handling unit: {unit} is not a unit of this district"
            )));
        }
        let node = hierarchy.id(unit).unwrap_or(hierarchy.root());
        scope.check_node(hierarchy, node)?;
        // A unit handler acts for its own unit only.
        if let Some(mine) = scope.handled_unit().filter(|mine| *mine != unit) {
            return Err(wangge_domain::ScopeError::NotTheUnitsTicket { account: scope.account.clone(), unit: mine.to_owned() }.into());
        }
        Ok(())
    }

    /// Commits the new records in one transaction and returns their rows; a version
    /// conflict found by the store becomes a conflict with the fresh tickets.
    async fn commit_tickets(&mut self, scope: &Scope, tickets: Vec<Ticket>, now: Timestamp) -> Result<Vec<api::TicketRow>, EngineError> {
        let ids: Vec<i64> = tickets.iter().map(|t| t.id).collect();
        let changes: Vec<Change> = tickets.into_iter().map(Change::Ticket).collect();
        match self.commit_all(scope, changes, now).await {
            Ok(_) => {}
            Err(EngineError::Store(error @ StoreError::Conflict { .. })) => {
                self.sync(now).await?;
                return Err(self.conflict(error.message_in(scope.language), &ids, now));
            }
            Err(other) => return Err(other),
        }
        Ok(self.rows_of(&ids, now))
    }

    fn conflict(&self, message: String, ids: &[i64], now: Timestamp) -> EngineError {
        EngineError::Conflict { message, fresh: self.rows_of(ids, now) }
    }

    pub(crate) fn rows_of(&self, ids: &[i64], now: Timestamp) -> Vec<api::TicketRow> {
        ids.iter().filter_map(|id| self.district().tickets.get(id)).map(|t| Folded::of(t, self).row(now, self)).collect()
    }
}

fn sole_owner(ticket: &Ticket, engine: &Engine, language: Language) -> Result<String, EngineError> {
    let owners = Folded::of(ticket, engine).owners();
    match owners.as_slice() {
        [only] => Ok(only.clone()),
        [] => Err(EngineError::InvalidInput(say!(
            language,
            "工单 {} 没有承办单位可改派，请在待分拨中分拨",
            "Ticket {} has no handling unit to reassign from: dispatch it from the awaiting-dispatch queue",
            ticket.id
        ))),
        _ => {
            let names: Vec<String> = owners.iter().map(|unit| engine.units().name_of(&engine.district().hierarchy, unit)).collect();
            Err(EngineError::InvalidInput(say!(
                language,
                "工单 {} 有多个承办单位（{}），请指明从哪个单位改派",
                "Ticket {} has several handling units ({}): say which one to reassign it from",
                ticket.id,
                names.join(language.pick("、", ", "))
            )))
        }
    }
}
