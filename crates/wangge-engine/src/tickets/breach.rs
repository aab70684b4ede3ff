//! Breach events: tickets whose SLA state became "breached" since the last look, so a
//! seat can announce each one once rather than leaving it to be spotted on the board.

use std::collections::BTreeSet;

use wangge_api as api;
use wangge_domain::{Scope, Timestamp};

use super::rows::Folded;
use crate::{Engine, EngineError};

impl Engine {
    /// Open tickets in the scope that are breached at `now` and were not at the previous
    /// call. The first call only learns what is already breached and reports nothing: a
    /// window that opens must not announce a backlog as news.
    pub fn newly_breached(&mut self, scope: &Scope, now: Timestamp) -> Result<Vec<api::TicketRow>, EngineError> {
        let root = scope.root_id(&self.district().hierarchy)?;
        let lifecycle = self.lifecycle();
        let breached: BTreeSet<i64> = self
            .district()
            .tickets
            .values()
            .filter(|t| t.status.is_open() && self.lies_under(t, root))
            .filter(|t| Folded::of(t, self).sla_at(now, lifecycle) == Some(api::SlaState::Breached))
            .map(|t| t.id)
            .collect();
        let news: Vec<i64> = match &self.known_breached {
            None => Vec::new(),
            Some(known) => breached.difference(known).copied().collect(),
        };
        self.known_breached = Some(breached);
        Ok(self.rows_of(&news, now))
    }

    /// The rows of `rows` a seat may see: tickets whose micro-grid (the district, when not
    /// placed) lies within its area, and only for a role that reads personal data.
    pub fn breaches_within_scope(&self, scope: &Scope, rows: &[api::TicketRow]) -> Vec<api::TicketRow> {
        let hierarchy = &self.district().hierarchy;
        rows.iter()
            .filter(|row| {
                let node = row.micro_grid.as_deref().and_then(|code| hierarchy.id(code)).unwrap_or_else(|| hierarchy.root());
                scope.check_ticket_read(hierarchy, node, &row.owners).is_ok()
            })
            .cloned()
            .collect()
    }
}
