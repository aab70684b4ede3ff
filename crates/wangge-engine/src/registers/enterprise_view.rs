//! The enterprise register read back: resumption and worker return per sector and size
//! class (规上/规下) under a node, and one enterprise with the demands that name it.
//!
//! Tickets carry no enterprise id, so the link is a name match: tickets of category
//! `enterprise_demand` in the enterprise's micro-grid whose summary contains its name. A
//! proper link needs an `enterprise_id` on `Ticket`.

use std::collections::BTreeMap;

use wangge_api as api;
use wangge_domain::{Enterprise, Scope, TicketCategory, Timestamp};

use crate::{convert, Engine, EngineError};

#[derive(Default, Clone, Copy)]
struct Tally {
    total: u64,
    resumed: u64,
    workers_total: u64,
    workers_back: u64,
}

impl Tally {
    /// The same rules as the node figures (`Counts::of_own_records`).
    fn add(&mut self, enterprise: &Enterprise, now: Timestamp) {
        self.total += 1;
        self.workers_total += u64::from(enterprise.headcount);
        if enterprise.is_resumed_at(now) {
            self.resumed += 1;
            self.workers_back += u64::from(enterprise.workers_back);
        }
    }

    fn group(self, key: &str, label: &str) -> api::EnterpriseGroup {
        let ratio = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
        api::EnterpriseGroup {
            key: key.to_owned(),
            label: label.to_owned(),
            total: self.total,
            resumed: self.resumed,
            resumption_rate: ratio(self.resumed, self.total),
            workers_total: self.workers_total,
            workers_back: self.workers_back,
            worker_return_rate: ratio(self.workers_back, self.workers_total),
        }
    }
}

/// 规上 / 规下.
pub fn size_label(above_designated_size: bool) -> &'static str {
    if above_designated_size {
        "规上"
    } else {
        "规下"
    }
}

impl Engine {
    /// Every enterprise counted under a node (the scope's root when none is named).
    pub(crate) fn enterprises_under(
        &self,
        scope: &Scope,
        code: Option<&str>,
    ) -> Result<(wangge_domain::NodeId, Vec<&Enterprise>), EngineError> {
        let id = self.node_in_scope(scope, code)?;
        let district = self.district();
        let hierarchy = &district.hierarchy;
        let mut out: Vec<&Enterprise> = hierarchy
            .subtree(id)
            .into_iter()
            .flat_map(|leaf| district.leaf(leaf).enterprises.iter())
            .filter_map(|e| district.enterprises.get(e))
            .collect();
        out.sort_by_key(|e| e.id);
        Ok((id, out))
    }

    /// Resumption rate and worker return rate under a node, per sector and per size class.
    /// Each breakdown sums to the totals, which equal the node's enterprise figures.
    pub fn enterprise_breakdown(&self, scope: &Scope, code: Option<&str>, now: Timestamp) -> Result<api::EnterpriseBreakdown, EngineError> {
        let (id, enterprises) = self.enterprises_under(scope, code)?;
        let mut totals = Tally::default();
        let mut sectors: BTreeMap<&str, Tally> = BTreeMap::new();
        let mut sizes = [Tally::default(); 2];
        for enterprise in enterprises {
            totals.add(enterprise, now);
            sectors.entry(enterprise.sector.as_str()).or_default().add(enterprise, now);
            sizes[usize::from(!enterprise.above_designated_size)].add(enterprise, now);
        }
        let mut by_sector: Vec<api::EnterpriseGroup> = sectors.into_iter().map(|(sector, t)| t.group(sector, sector)).collect();
        by_sector.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.key.cmp(&b.key)));
        Ok(api::EnterpriseBreakdown {
            node: convert::node_ref(&self.district().hierarchy, id),
            as_of: now.secs(),
            totals: totals.group("all", "合计"),
            by_sector,
            by_size: vec![sizes[0].group("above", size_label(true)), sizes[1].group("below", size_label(false))],
        })
    }

    /// One enterprise and the enterprise demands that name it (see the module docs: a name
    /// match). Only for roles that see personal data: demands are case rows.
    pub fn enterprise_detail(&self, scope: &Scope, id: i64) -> Result<api::EnterpriseDetail, EngineError> {
        scope.may_see_personal_data()?;
        let district = self.district();
        let enterprise = district.enterprises.get(&id).ok_or_else(|| EngineError::NotFound(format!("enterprise {id}")))?;
        let leaf =
            district.hierarchy.id_of(&enterprise.micro_grid).ok_or_else(|| EngineError::UnknownNode(enterprise.micro_grid.0.clone()))?;
        scope.check_node(&district.hierarchy, leaf)?;
        let mut demands: Vec<api::EnterpriseDemand> = district
            .leaf(leaf)
            .tickets
            .iter()
            .filter_map(|t| district.tickets.get(t))
            .filter(|t| t.category == TicketCategory::EnterpriseDemand && t.summary.contains(enterprise.name.as_str()))
            .map(|t| api::EnterpriseDemand {
                ticket_id: t.id,
                summary: t.summary.clone(),
                status: t.status.name().to_owned(),
                received_at: t.received_at.secs(),
                resolved_at: t.resolved_at.map(Timestamp::secs),
            })
            .collect();
        demands.sort_by_key(|d| (d.received_at, d.ticket_id));
        Ok(api::EnterpriseDetail {
            id,
            name: enterprise.name.clone(),
            micro_grid: convert::node_ref(&district.hierarchy, leaf),
            sector: enterprise.sector.clone(),
            above_designated_size: enterprise.above_designated_size,
            headcount: enterprise.headcount,
            status: enterprise.status.as_str().to_owned(),
            resumed_at: enterprise.resumed_at.map(Timestamp::secs),
            workers_back: enterprise.workers_back,
            demands,
        })
    }
}
