//! `wangge verify`: every figure of every node, recomputed along a second, independent path.
//!
//! The engine's figures come from the records loaded into memory and the domain's rules. The
//! check recounts every micro-grid with SQL aggregates inside the database, rolls those
//! counts up the hierarchy, and compares the two for every node and every count. Parents
//! equal the sum of their children by construction of the rollup, so a difference anywhere
//! also catches a parent that drifted from its children. Records may sit at any node (a
//! grid without micro-grids is a place), so each node's own recount is added to its
//! children's.
//!
//! It also checks placement ([`crate::placement::misplaced`]): every placed record with
//! coordinates lies in its area, and no ticket waiting in triage lies in a current one.

use std::collections::BTreeMap;

use wangge_domain::{Counts, Hierarchy, MetricsIndex, Timestamp};

use crate::engine::Engine;
use crate::error::EngineError;

/// One figure that the two paths disagree on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discrepancy {
    pub node: String,
    pub node_name: String,
    /// The figure's field name; people read its label.
    pub metric: &'static str,
    pub engine: u64,
    pub records: u64,
}

impl std::fmt::Display for Discrepancy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let label = wangge_api::FIGURES.iter().find(|figure| figure.name == self.metric).map_or(self.metric, |figure| figure.label_zh);
        write!(f, "{} {}: {} shown {} but the records give {}", self.node_name, self.node, label, self.engine, self.records)
    }
}

#[derive(Debug, Clone, Default)]
pub struct VerifyReport {
    pub nodes_checked: usize,
    pub figures_checked: usize,
    pub discrepancies: Vec<Discrepancy>,
    /// Records checked for placement (those with coordinates).
    pub records_placed_checked: usize,
    pub misplaced: Vec<crate::placement::Misplaced>,
}

impl VerifyReport {
    pub fn is_ok(&self) -> bool {
        self.discrepancies.is_empty() && self.misplaced.is_empty()
    }
}

impl Engine {
    /// Compares every node's figures as of `now` with a recount from the stored records.
    pub async fn verify(&mut self, now: Timestamp) -> Result<VerifyReport, EngineError> {
        self.recompute_all(now);
        let rules = self.metric_rules();
        let recounted = self.store().recount_micro_grids(now, &rules).await?;
        let mut report = compare(&self.district().hierarchy, self.index(), recounted)?;
        let district = self.district();
        let places = wangge_domain::routing::MicroGridLocator::valid_at(&district.hierarchy, now);
        report.misplaced = crate::placement::misplaced(district, &places);
        report.records_placed_checked = district.houses.len() + district.tickets.values().filter(|t| t.location.is_some()).count();
        Ok(report)
    }
}

/// Rolls the recount of every micro-grid up the hierarchy and compares it, node by node and
/// count by count, with the figures the index holds.
fn compare(hierarchy: &Hierarchy, index: &MetricsIndex, recounted: BTreeMap<String, Counts>) -> Result<VerifyReport, EngineError> {
    let mut expected = vec![Counts::default(); hierarchy.len()];
    for (code, counts) in recounted {
        let id = hierarchy
            .id(&code)
            .ok_or_else(|| EngineError::InvalidInput(format!("records point at {code}, which is not an area of this district")))?;
        expected[id.index()] = counts;
    }
    for id in hierarchy.bottom_up() {
        if let Some(parent) = hierarchy.parent(id) {
            let child = expected[id.index()];
            expected[parent.index()] += &child;
        }
    }
    let mut report = VerifyReport::default();
    for (id, node) in hierarchy.nodes() {
        report.nodes_checked += 1;
        let shown = index.counts(id).named();
        let recounted = expected[id.index()].named();
        for ((metric, engine), (_, records)) in shown.into_iter().zip(recounted) {
            report.figures_checked += 1;
            if engine != records {
                report.discrepancies.push(Discrepancy { node: node.code.0.clone(), node_name: node.name.clone(), metric, engine, records });
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wangge_domain::Level;

    fn demo() -> (wangge_domain::District, MetricsIndex) {
        let now = Timestamp::from_local(2026, 11, 23, 10, 0);
        let config = wangge_demo::DemoConfig { seed: 5, now, scale: wangge_demo::Scale::Small };
        let district = wangge_demo::generate(&config, &mut |_, _, _| {});
        let index = MetricsIndex::build(&district, now, wangge_domain::metrics::MetricRules::default());
        (district, index)
    }

    fn leaves_of(district: &wangge_domain::District, index: &MetricsIndex) -> BTreeMap<String, Counts> {
        district
            .hierarchy
            .nodes()
            .filter(|(_, node)| node.level == Level::MicroGrid)
            .map(|(id, node)| (node.code.0.clone(), *index.counts(id)))
            .collect()
    }

    #[test]
    fn a_recount_equal_to_the_leaves_agrees_everywhere() {
        let (district, index) = demo();
        let report = compare(&district.hierarchy, &index, leaves_of(&district, &index)).unwrap();
        assert!(report.discrepancies.is_empty(), "{:?}", report.discrepancies);
        assert_eq!(report.figures_checked, district.hierarchy.len() * Counts::LEN);
    }

    #[test]
    fn one_ticket_off_in_one_micro_grid_is_named_there_and_in_every_ancestor() {
        let (district, index) = demo();
        let mut recount = leaves_of(&district, &index);
        let (code, counts) = recount.iter_mut().find(|(_, c)| c.tickets_received > 0).unwrap();
        counts.tickets_received += 1;
        let code = code.clone();
        let report = compare(&district.hierarchy, &index, recount).unwrap();
        let named: Vec<(&str, &str)> = report.discrepancies.iter().map(|d| (d.node.as_str(), d.metric)).collect();
        let leaf = district.hierarchy.id(&code).unwrap();
        let expected: Vec<String> = district.hierarchy.path_to_root(leaf).map(|id| district.hierarchy.node(id).code.0.clone()).collect();
        assert_eq!(named.len(), expected.len());
        for node in &expected {
            assert!(named.contains(&(node.as_str(), "tickets_received")), "{node} not named in {named:?}");
        }
        let message = report.discrepancies[0].to_string();
        assert!(message.contains(": 受理工单 shown "), "{message}");
        assert!(!message.contains("tickets_received"), "{message}");
        let first = district.hierarchy.node(district.hierarchy.id(&report.discrepancies[0].node).unwrap());
        assert!(message.starts_with(&format!("{} {}", first.name, first.code.0)), "{message}");
    }
}
