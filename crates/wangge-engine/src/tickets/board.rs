//! The work board: the tickets under a node that match a filter, most urgent first, with
//! counts per SLA state and the workload of the units a ticket can be dragged onto.

use std::collections::BTreeMap;

use wangge_api as api;
use wangge_domain::lifecycle::TicketEvent;
use wangge_domain::{Level, NodeId, Scope, Ticket, Timestamp, TRIAGE_UNIT};

use super::rows::{status, Folded};
use crate::{Engine, EngineError};

/// Rows returned when the filter names no limit.
const DEFAULT_ROWS: u32 = 200;

impl Engine {
    /// The board for `filter` as the scope sees it. Roles without personal data (viewers,
    /// wall screens, administrators) get the counts and unit cards but no rows: a row is a
    /// citizen's words. A unit handler's board holds its unit's tickets only.
    pub fn work_board(&self, scope: &Scope, filter: &api::BoardFilter, now: Timestamp) -> Result<api::WorkBoard, EngineError> {
        let focus = self.node_in_scope(scope, filter.node.as_deref())?;
        let lifecycle = self.lifecycle();
        // The unit whose action "needs my action" means: a handler's unit, else the area's own.
        let my_unit = scope.handled_unit().unwrap_or(scope.root.0.as_str());
        // A unit handler's board is its unit's tickets; the filter may ask for one unit too.
        let units: Vec<&str> = scope.handled_unit().into_iter().chain(filter.unit.as_deref()).collect();
        let mut matching: Vec<(Folded<'_>, Option<api::SlaState>)> = Vec::new();
        for ticket in self.district().tickets.values() {
            if !self.lies_under(ticket, focus) {
                continue;
            }
            if filter.status.is_some_and(|wanted| status(ticket) != wanted) {
                continue;
            }
            let folded = Folded::of(ticket, self);
            if !units.is_empty() {
                let owners = folded.owners();
                if !units.iter().all(|unit| owners.iter().any(|o| o == unit)) {
                    continue;
                }
            }
            if filter.needs_my_action && !waits_on(&folded, my_unit) {
                continue;
            }
            let sla = folded.sla_at(now, lifecycle);
            if filter.sla.is_some_and(|wanted| sla != Some(wanted)) {
                continue;
            }
            matching.push((folded, sla));
        }
        let mut by_sla: BTreeMap<api::SlaState, u64> = BTreeMap::new();
        for (_, sla) in &matching {
            if let Some(sla) = sla {
                *by_sla.entry(*sla).or_default() += 1;
            }
        }
        let shows_rows = scope.role.sees_personal_data() || scope.handled_unit().is_some();
        let mut rows: Vec<api::TicketRow> =
            if shows_rows { matching.iter().map(|(folded, _)| folded.row(now, self)).collect() } else { Vec::new() };
        rows.sort_by_key(urgency);
        rows.truncate(filter.limit.unwrap_or(DEFAULT_ROWS) as usize);
        Ok(api::WorkBoard {
            rows,
            total: matching.len() as u64,
            by_sla: api::SlaState::ALL.iter().map(|s| (*s, by_sla.get(s).copied().unwrap_or(0))).collect(),
            units: self.unit_loads(scope, focus, now)?,
            seq: self.last_seq(),
        })
    }

    /// Whether a ticket lies under `node`: in a micro-grid it covers, or in triage when
    /// `node` is the whole district.
    pub(crate) fn lies_under(&self, ticket: &Ticket, node: NodeId) -> bool {
        let hierarchy = &self.district().hierarchy;
        match &ticket.micro_grid {
            Some(code) => hierarchy.id_of(code).is_some_and(|leaf| hierarchy.covers(node, leaf)),
            None => node == hierarchy.root(),
        }
    }

    /// The units shown as cards under `focus`: the focus itself when it is a unit, its
    /// children that are units, and at the district level the district units and triage.
    pub(crate) fn units_under(&self, focus: NodeId) -> Vec<String> {
        let hierarchy = &self.district().hierarchy;
        let node = hierarchy.node(focus);
        let mut units = Vec::new();
        if node.level != Level::District && node.level != Level::MicroGrid {
            units.push(node.code.0.clone());
        }
        units.extend(
            hierarchy
                .children(focus)
                .iter()
                .filter(|&&c| hierarchy.node(c).level != Level::MicroGrid)
                .map(|&c| hierarchy.node(c).code.0.clone()),
        );
        if focus == hierarchy.root() {
            units.extend(self.units().district_units.iter().map(|u| u.code.clone()));
            units.push(TRIAGE_UNIT.to_string());
        }
        units
    }

    /// Workload and record of the units under `focus`, over the tickets in the scope.
    fn unit_loads(&self, scope: &Scope, focus: NodeId, now: Timestamp) -> Result<Vec<api::UnitLoad>, EngineError> {
        let hierarchy = &self.district().hierarchy;
        let scope_root = scope.root_id(hierarchy)?;
        let lifecycle = self.lifecycle();
        let mut loads: BTreeMap<String, api::UnitLoad> = self
            .units_under(focus)
            .into_iter()
            .map(|code| {
                let load = api::UnitLoad {
                    name: self.units().name_of(hierarchy, &code),
                    code: code.clone(),
                    open: 0,
                    breached: 0,
                    bounce_backs: 0,
                    avg_handling_secs: None,
                };
                (code, load)
            })
            .collect();
        let mut handled: BTreeMap<&str, (u64, i64)> = BTreeMap::new();
        for ticket in self.district().tickets.values().filter(|t| self.lies_under(t, scope_root)) {
            let mut accepted: BTreeMap<&str, Timestamp> = BTreeMap::new();
            for event in &ticket.events {
                match event {
                    TicketEvent::Returned { unit, .. } => {
                        if let Some(load) = loads.get_mut(unit) {
                            load.bounce_backs += 1;
                        }
                    }
                    TicketEvent::Accepted { unit, at } => {
                        accepted.insert(unit, *at);
                    }
                    TicketEvent::Resolved { unit, at, .. } if loads.contains_key(unit) => {
                        if let Some(from) = accepted.get(unit.as_str()) {
                            let h = handled.entry(unit).or_default();
                            h.0 += 1;
                            h.1 += at.secs() - from.secs();
                        }
                    }
                    _ => {}
                }
            }
            if !ticket.status.is_open() {
                continue;
            }
            let folded = Folded::of(ticket, self);
            let owners: Vec<String> = if ticket.is_in_triage() { vec![TRIAGE_UNIT.to_string()] } else { folded.owners() };
            let interesting: Vec<&String> = owners.iter().filter(|o| loads.contains_key(*o)).collect();
            if interesting.is_empty() {
                continue;
            }
            let breached = folded.sla_at(now, lifecycle) == Some(api::SlaState::Breached);
            for owner in interesting {
                let load = loads.get_mut(owner).expect("filtered to known units");
                load.open += 1;
                load.breached += u64::from(breached);
            }
        }
        for (unit, (count, secs)) in handled {
            if let Some(load) = loads.get_mut(unit) {
                load.avg_handling_secs = Some(secs as f64 / count as f64);
            }
        }
        let order = self.units_under(focus);
        let mut out: Vec<api::UnitLoad> = loads.into_values().collect();
        out.sort_by_key(|l| order.iter().position(|c| *c == l.code));
        Ok(out)
    }
}

/// Open work waiting on `unit`: it owns the ticket and has not resolved its part.
fn waits_on(folded: &Folded<'_>, unit: &str) -> bool {
    match &folded.state {
        Some(state) => state.status.is_open() && state.owner(unit).is_some_and(|o| o.resolved_at.is_none()),
        None => folded.ticket.owning_unit == unit && folded.ticket.status.is_open(),
    }
}

/// Sort key, most urgent first: supervised, then breached, warning, on time, paused, met;
/// then least time left; then oldest.
fn urgency(row: &api::TicketRow) -> (bool, u8, i64, i64) {
    let severity = match row.sla {
        Some(api::SlaState::Breached) => 0,
        Some(api::SlaState::Warning) => 1,
        Some(api::SlaState::OnTime) => 2,
        Some(api::SlaState::Paused) => 3,
        None => 4,
        Some(api::SlaState::Met) => 5,
    };
    (!row.supervised, severity, row.remaining_working_secs.unwrap_or(i64::MAX), row.id)
}
