//! SLA targets per ticket category and priority.
//!
//! The table is read from `assets/sla/policies.txt` (see [`crate::lifecycle::policy_file`]);
//! `Default` is the same table in code, a PLACEHOLDER for local policy, which each district sets by
//! notice; it is written in working time (one working day = 7.5 working hours, the standard
//! office hours of [`crate::sla::BusinessHours::standard`]):
//!
//! | category           | accept | resolve | return visit |
//! |--------------------|--------|---------|--------------|
//! | complaint          | 4 h    | 5 days  | 2 days       |
//! | consumer complaint | 4 h    | 7 days  | 2 days       |
//! | suggestion         | 1 day  | 15 days | 3 days       |
//! | consultation       | 2 h    | 1 day   | 1 day        |
//! | dispute            | 4 h    | 10 days | 2 days       |
//! | enterprise demand  | 4 h    | 5 days  | 2 days       |
//! | epidemic lead      | 1 h    | 1 day   | 1 day        |
//!
//! Urgent tickets get half of every target, because "urgent" must mean something on the
//! board. Warnings come at 80% of a target unless a row says otherwise.

use serde::{Deserialize, Serialize};

use crate::records::TicketCategory;
use crate::sla::SlaPolicy;

/// A ticket's priority, which selects its row of targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Normal,
    Urgent,
}

impl Priority {
    /// 一般 or 紧急.
    pub fn label_zh(self) -> &'static str {
        match self {
            Priority::Normal => "一般",
            Priority::Urgent => "紧急",
        }
    }

    /// The stable snake_case name used in storage (the serde name).
    pub fn name(self) -> &'static str {
        match self {
            Priority::Normal => "normal",
            Priority::Urgent => "urgent",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [Priority::Normal, Priority::Urgent].into_iter().find(|p| p.name() == name)
    }
}

/// The three promises of one category and priority.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SlaTargets {
    pub acceptance: SlaPolicy,
    pub resolution: SlaPolicy,
    pub return_visit: SlaPolicy,
}

/// One row of the policy table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PolicyRow {
    pub category: TicketCategory,
    pub priority: Priority,
    pub targets: SlaTargets,
}

/// The policy table: a list of rows rather than a map, so it serialises as plain JSON and
/// reads like the notice it transcribes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaPolicies {
    pub rows: Vec<PolicyRow>,
    /// Used when a row is missing, so that a ticket of a new category still has clocks
    /// (loud on the board rather than silently untimed).
    pub fallback: SlaTargets,
}

const HOUR: i64 = 3600;
const DAY: i64 = 27_000; // one working day of standard hours, 7.5 h

impl SlaTargets {
    pub fn new(acceptance_secs: i64, resolution_secs: i64, return_visit_secs: i64) -> Self {
        SlaTargets {
            acceptance: SlaPolicy::new(acceptance_secs),
            resolution: SlaPolicy::new(resolution_secs),
            return_visit: SlaPolicy::new(return_visit_secs),
        }
    }

    /// Every target halved (at least one working second), warning shares kept.
    fn halved(self) -> Self {
        let half = |p: SlaPolicy| SlaPolicy { target_working_secs: (p.target_working_secs / 2).max(1), ..p };
        SlaTargets { acceptance: half(self.acceptance), resolution: half(self.resolution), return_visit: half(self.return_visit) }
    }
}

impl SlaPolicies {
    /// The targets of a category and priority.
    pub fn targets(&self, category: TicketCategory, priority: Priority) -> SlaTargets {
        self.rows.iter().find(|r| r.category == category && r.priority == priority).map_or(self.fallback, |r| r.targets)
    }

    /// Sets the warning share of every target (e.g. 0.75 instead of 0.8).
    pub fn with_warn_share(mut self, share: f64) -> Self {
        let set = |p: &mut SlaPolicy| p.warn_at_share = share;
        for t in self.rows.iter_mut().map(|r| &mut r.targets).chain(std::iter::once(&mut self.fallback)) {
            set(&mut t.acceptance);
            set(&mut t.resolution);
            set(&mut t.return_visit);
        }
        self
    }
}

impl Default for SlaPolicies {
    /// The placeholder table of the module documentation.
    fn default() -> Self {
        use TicketCategory::*;
        let normal = [
            (Complaint, SlaTargets::new(4 * HOUR, 5 * DAY, 2 * DAY)),
            (ConsumerComplaint, SlaTargets::new(4 * HOUR, 7 * DAY, 2 * DAY)),
            (Suggestion, SlaTargets::new(DAY, 15 * DAY, 3 * DAY)),
            (Consultation, SlaTargets::new(2 * HOUR, DAY, DAY)),
            (Dispute, SlaTargets::new(4 * HOUR, 10 * DAY, 2 * DAY)),
            (EnterpriseDemand, SlaTargets::new(4 * HOUR, 5 * DAY, 2 * DAY)),
            (EpidemicLead, SlaTargets::new(HOUR, DAY, DAY)),
        ];
        let rows = normal
            .iter()
            .flat_map(|&(category, targets)| {
                [
                    PolicyRow { category, priority: Priority::Normal, targets },
                    PolicyRow { category, priority: Priority::Urgent, targets: targets.halved() },
                ]
            })
            .collect();
        SlaPolicies { rows, fallback: SlaTargets::new(4 * HOUR, 5 * DAY, 2 * DAY) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_and_priority_has_a_row() {
        let policies = SlaPolicies::default();
        for &category in TicketCategory::ALL {
            for priority in [Priority::Normal, Priority::Urgent] {
                assert!(policies.rows.iter().any(|r| r.category == category && r.priority == priority));
            }
        }
        let epidemic = policies.targets(TicketCategory::EpidemicLead, Priority::Normal);
        assert_eq!(epidemic.acceptance.target_working_secs, 3600);
        assert_eq!(epidemic.resolution.target_working_secs, 27_000);
        assert_eq!(epidemic.acceptance.warn_at_share, 0.8);
        let complaint = policies.targets(TicketCategory::Complaint, Priority::Urgent);
        assert_eq!(complaint.acceptance.target_working_secs, 2 * 3600);
        assert_eq!(policies.clone().with_warn_share(0.5).targets(TicketCategory::Dispute, Priority::Normal).resolution.warn_at_share, 0.5);
    }
}
