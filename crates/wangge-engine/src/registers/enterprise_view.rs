//! The enterprise register read back: resumption and worker return per sector and size
//! class (规上/规下) under a node, and one enterprise with the demands that name it.
//!
//! A demand belongs to an enterprise by the ticket's enterprise id (`Ticket::enterprise`), so
//! a renamed enterprise keeps its demands. Tickets stored before the link existed (no id)
//! are matched as before: category `enterprise_demand` in the enterprise's micro-grid with
//! its current name in the summary.
//!
//! The words the answers carry (size classes, the total, statuses, service-loop steps, a
//! worker's isolation) are in the seat's language; sectors and names are data.

use std::collections::{BTreeMap, HashMap};

use wangge_api as api;
use wangge_domain::enterprise_service::{ServiceLoop, ServiceStep};
use wangge_domain::masking::{mask_name, mask_phone};
use wangge_domain::{District, Enterprise, Language, NodeId, ResumptionStatus, Scope, Ticket, TicketCategory, Timestamp};
use wangge_figures::say;

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

/// 规上 / 规下 (the command line's words).
pub fn size_label(above_designated_size: bool) -> &'static str {
    size_label_in(above_designated_size, Language::Chinese)
}

/// 规上 / 规下, in a seat's language.
pub fn size_label_in(above_designated_size: bool, language: Language) -> &'static str {
    if above_designated_size {
        language.pick("规上", "Above designated size")
    } else {
        language.pick("规下", "Below designated size")
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
        self.breakdown_with(scope, code, &DemandIndex::new(self.district()), now)
    }

    /// The breakdown, with the demands already gathered by enterprise.
    fn breakdown_with(
        &self,
        scope: &Scope,
        code: Option<&str>,
        linked: &DemandIndex<'_>,
        now: Timestamp,
    ) -> Result<api::EnterpriseBreakdown, EngineError> {
        let (id, enterprises) = self.enterprises_under(scope, code)?;
        let demands = demand_loop(self.district(), linked, &enterprises);
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
            totals: totals.group("all", scope.language.pick("合计", "Total")),
            by_sector,
            by_size: vec![
                sizes[0].group("above", size_label_in(true, scope.language)),
                sizes[1].group("below", size_label_in(false, scope.language)),
            ],
            demands,
        })
    }

    /// One enterprise, its demands (linked by id; older tickets by name, see the module docs)
    /// and its workers on record (those living within the scope by name, the others counted).
    /// Only for roles that see personal data: demands are case rows, workers are people.
    pub fn enterprise_detail(&self, scope: &Scope, id: i64, now: Timestamp) -> Result<api::EnterpriseDetail, EngineError> {
        scope.may_see_personal_data()?;
        let district = self.district();
        let enterprise =
            district.enterprises.get(&id).ok_or_else(|| EngineError::NotFound(say!(scope.language, "企业 {id} ", "Enterprise {id}")))?;
        let leaf =
            district.hierarchy.id_of(&enterprise.micro_grid).ok_or_else(|| EngineError::UnknownNode(enterprise.micro_grid.0.clone()))?;
        scope.check_node(&district.hierarchy, leaf)?;
        let linked = DemandIndex::new(district);
        let mut demands: Vec<api::EnterpriseDemand> = linked
            .demands_of(district, enterprise)
            .map(|t| api::EnterpriseDemand {
                ticket_id: t.id,
                summary: t.summary.clone(),
                status: t.status.name().to_owned(),
                received_at: t.received_at.secs(),
                resolved_at: t.resolved_at.map(Timestamp::secs),
                step: ServiceStep::of(t.status).name().to_owned(),
                step_zh: ServiceStep::of(t.status).label_in(scope.language).to_owned(),
                units: self.ticket_owners(t).iter().map(|unit| self.units().name_of(&district.hierarchy, unit)).collect(),
                sla: crate::tickets::Folded::of(t, self).sla_at(now, self.lifecycle()),
            })
            .collect();
        demands.sort_by_key(|d| (d.received_at, d.ticket_id));
        let (workers, workers_elsewhere) = workers_of(district, scope, id, now);
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
            workers,
            workers_elsewhere,
        })
    }

    /// The enterprises under a node matching the filter: counts for every role that sees
    /// figures, the enterprises themselves (names, places, demands) only for roles that see
    /// case rows. The breakdown is the node's whole, unfiltered.
    pub fn enterprise_list(
        &self,
        scope: &Scope,
        filter: &api::EnterpriseFilter,
        now: Timestamp,
    ) -> Result<api::EnterpriseList, EngineError> {
        // One pass over the tickets serves the breakdown, the filter's loop and the rows.
        let linked = DemandIndex::new(self.district());
        let breakdown = self.breakdown_with(scope, filter.node.as_deref(), &linked, now)?;
        let status = match filter.status.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(text) => Some(ResumptionStatus::parse(text).ok_or_else(|| {
                EngineError::InvalidInput(say!(
                    scope.language,
                    "复工状态“{text}”无法识别：应为 not_resumed（未复工）、partly（部分复工）或 fully（全面复工）",
                    "Resumption status \"{text}\" not recognised: expected not_resumed, partly or fully"
                ))
            })?),
        };
        let (node, enterprises) = self.enterprises_under(scope, filter.node.as_deref())?;
        let matching: Vec<&Enterprise> = enterprises
            .into_iter()
            .filter(|e| filter.sector.as_deref().is_none_or(|sector| sector.is_empty() || e.sector == sector))
            .filter(|e| filter.above_designated_size.is_none_or(|above| e.above_designated_size == above))
            .filter(|e| status.is_none_or(|status| e.status == status))
            .collect();
        let matching_resumed = matching.iter().filter(|e| e.is_resumed_at(now)).count() as u64;
        let matching_demands = demand_loop(self.district(), &linked, &matching);
        let by_child = self.per_child(node, &matching, now);
        let rows = if scope.may_see_personal_data().is_ok() {
            let district = self.district();
            let hierarchy = &district.hierarchy;
            let limit = filter.limit.unwrap_or(DEFAULT_ROWS) as usize;
            matching
                .iter()
                .take(limit)
                .map(|e| api::EnterpriseRow {
                    id: e.id,
                    name: e.name.clone(),
                    place: hierarchy.id_of(&e.micro_grid).map(|leaf| convert::place_names(hierarchy, leaf)).unwrap_or_default(),
                    micro_grid: e.micro_grid.0.clone(),
                    sector: e.sector.clone(),
                    above_designated_size: e.above_designated_size,
                    headcount: e.headcount,
                    status: e.status.as_str().to_owned(),
                    status_zh: e.status.label_in(scope.language).to_owned(),
                    workers_back: e.workers_back,
                    open_demands: linked.demands_of(district, e).filter(|t| t.status.is_open()).count() as u64,
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(api::EnterpriseList { breakdown, matching: matching.len() as u64, matching_resumed, matching_demands, by_child, rows })
    }

    /// The enterprises counted under each child of `node` (retired children too: they still
    /// count in the node's figures, so the children sum to the whole).
    fn per_child(&self, node: NodeId, enterprises: &[&Enterprise], now: Timestamp) -> Vec<api::EnterpriseAreaCount> {
        let hierarchy = &self.district().hierarchy;
        let children = hierarchy.children(node);
        let mut child_of_leaf: HashMap<NodeId, usize> = HashMap::new();
        for (index, &child) in children.iter().enumerate() {
            child_of_leaf.extend(hierarchy.subtree(child).into_iter().map(|leaf| (leaf, index)));
        }
        let mut counts = vec![(0u64, 0u64); children.len()];
        for enterprise in enterprises {
            let Some(index) = hierarchy.id_of(&enterprise.micro_grid).and_then(|leaf| child_of_leaf.get(&leaf)) else { continue };
            counts[*index].0 += 1;
            counts[*index].1 += u64::from(enterprise.is_resumed_at(now));
        }
        children
            .iter()
            .zip(counts)
            .map(|(&child, (matching, resumed))| api::EnterpriseAreaCount { node: convert::node_ref(hierarchy, child), matching, resumed })
            .collect()
    }
}

/// The demands of these enterprises counted by their step in the service loop.
fn demand_loop(district: &District, linked: &DemandIndex<'_>, enterprises: &[&Enterprise]) -> api::DemandLoop {
    let mut tally = ServiceLoop::default();
    for enterprise in enterprises {
        for ticket in linked.demands_of(district, enterprise) {
            tally.add(ticket.status);
        }
    }
    api::DemandLoop {
        collected: tally.collected,
        in_hand: tally.in_hand,
        resolved: tally.resolved,
        fed_back: tally.fed_back,
        closure_rate: tally.closure_rate(),
    }
}

/// Rows an enterprise list returns unless asked for another number.
const DEFAULT_ROWS: u32 = 500;

/// The tickets linked to enterprises by id, gathered in one pass over the tickets.
struct DemandIndex<'a> {
    by_enterprise: HashMap<i64, Vec<&'a Ticket>>,
}

impl<'a> DemandIndex<'a> {
    fn new(district: &'a District) -> Self {
        let mut by_enterprise: HashMap<i64, Vec<&Ticket>> = HashMap::new();
        for ticket in district.tickets.values() {
            if let Some(id) = ticket.enterprise {
                by_enterprise.entry(id).or_default().push(ticket);
            }
        }
        DemandIndex { by_enterprise }
    }

    /// An enterprise's demands: linked by id, and older tickets without a link that are
    /// demands in its micro-grid naming it.
    fn demands_of(&self, district: &'a District, enterprise: &Enterprise) -> impl Iterator<Item = &'a Ticket> + use<'a, '_> {
        let linked = self.by_enterprise.get(&enterprise.id).into_iter().flatten().copied();
        let name = enterprise.name.clone();
        let named_before_the_link = district
            .hierarchy
            .id_of(&enterprise.micro_grid)
            .map(|leaf| district.leaf(leaf).tickets.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|t| district.tickets.get(t))
            .filter(move |t| t.enterprise.is_none() && t.category == TicketCategory::EnterpriseDemand && t.summary.contains(name.as_str()));
        linked.chain(named_before_the_link)
    }
}

/// An enterprise's workers on record living within the scope, masked (a reveal shows one in
/// full), and how many live outside it: a worker is listed only to the accounts whose part
/// covers their home.
fn workers_of(district: &District, scope: &Scope, enterprise: i64, now: Timestamp) -> (Vec<api::EnterpriseWorker>, u64) {
    let hierarchy = &district.hierarchy;
    let mut shown = Vec::new();
    let mut elsewhere = 0;
    for person in district.workers_of(enterprise) {
        let house = district.houses.get(&person.house_id);
        let home = house.and_then(|h| hierarchy.id_of(&h.micro_grid));
        if home.is_none_or(|home| scope.check_node(hierarchy, home).is_err()) {
            elsewhere += 1;
            continue;
        }
        let isolation = district
            .isolations
            .values()
            .find(|i| i.person_id == person.id && i.is_active_at(now))
            .map(|i| i.kind.label_in(scope.language).to_owned());
        shown.push(api::EnterpriseWorker {
            person_id: person.id,
            name: mask_name(&person.name),
            phone: mask_phone(&person.phone),
            address: house.map(|h| h.address.clone()).unwrap_or_default(),
            isolation,
        });
    }
    shown.sort_by(|a, b| a.name.cmp(&b.name).then(a.person_id.cmp(&b.person_id)));
    (shown, elsewhere)
}
