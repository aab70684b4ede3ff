//! `wangge verify`: every figure of every node, recomputed along a second, independent path.
//!
//! The engine's figures come from the records loaded into memory and the domain's rules. The
//! check recounts every micro-grid with SQL aggregates inside the database, rolls those
//! counts up the hierarchy, and compares the two for every node and every count. Parents
//! equal the sum of their children by construction of the rollup, so a difference anywhere
//! also catches a parent that drifted from its children.

use wangge_domain::metrics::MetricRules;
use wangge_domain::{Counts, Level, Timestamp};

use crate::engine::Engine;
use crate::error::EngineError;

/// One figure that the two paths disagree on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discrepancy {
    pub node: String,
    pub metric: &'static str,
    pub engine: u64,
    pub records: u64,
}

impl std::fmt::Display for Discrepancy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "node {} metric {}: shown {} but the records give {}", self.node, self.metric, self.engine, self.records)
    }
}

#[derive(Debug, Clone, Default)]
pub struct VerifyReport {
    pub nodes_checked: usize,
    pub figures_checked: usize,
    pub discrepancies: Vec<Discrepancy>,
}

impl Engine {
    /// Compares every node's figures as of `now` with a recount from the stored records.
    pub async fn verify(&mut self, now: Timestamp) -> Result<VerifyReport, EngineError> {
        self.recompute_all(now);
        let rules = MetricRules::default();
        let recounted = self.store().recount_micro_grids(now, rules.follow_up_grace_secs).await?;
        let hierarchy = &self.district().hierarchy;
        let mut expected = vec![Counts::default(); hierarchy.len()];
        for (code, counts) in recounted {
            let code: String = code;
            let id = hierarchy
                .id(&code)
                .filter(|&id| hierarchy.node(id).level == Level::MicroGrid)
                .ok_or_else(|| EngineError::InvalidInput(format!("records point at {code}, which is not a micro-grid")))?;
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
            let shown = self.index().counts(id).named();
            let recounted = expected[id.index()].named();
            for ((metric, engine), (_, records)) in shown.into_iter().zip(recounted) {
                report.figures_checked += 1;
                if engine != records {
                    report.discrepancies.push(Discrepancy { node: node.code.0.clone(), metric, engine, records });
                }
            }
        }
        Ok(report)
    }
}
