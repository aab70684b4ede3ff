//! The closed loop of enterprise service (北苑's "1+5+X" platform and its "333" loop of
//! 收集 → 解决 → 反馈): where each demand (企业诉求) stands in the loop, and the tally a street
//! reports ("收集需求 591 条，已解决反馈 578 条，问题解决率 97.8%").
//!
//! A demand is *collected* from the moment it is taken in until every owning unit has
//! finished (a returned, suspended or reopened demand is back in hand); *resolved* once
//! finished and waiting for the call back; *fed back* once the enterprise was called back or
//! the demand closed. The loop's rate is fed back over collected: a demand solved but never
//! reported back to the firm has not closed the loop.

use crate::lifecycle::TicketStatus;

/// Where one demand stands in the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceStep {
    /// 收集: taken in, still being handled.
    Collected,
    /// 解决: every owning unit finished; the firm not yet told.
    Resolved,
    /// 反馈: the firm was called back, or the demand closed.
    FedBack,
}

impl ServiceStep {
    pub const ALL: [ServiceStep; 3] = [ServiceStep::Collected, ServiceStep::Resolved, ServiceStep::FedBack];

    /// The step of a demand with this lifecycle status.
    pub fn of(status: TicketStatus) -> ServiceStep {
        match status {
            TicketStatus::Resolved => ServiceStep::Resolved,
            TicketStatus::ReturnVisited | TicketStatus::Closed => ServiceStep::FedBack,
            TicketStatus::New
            | TicketStatus::Received
            | TicketStatus::Accepted
            | TicketStatus::InProgress
            | TicketStatus::Suspended
            | TicketStatus::Returned => ServiceStep::Collected,
        }
    }

    /// The stable name used by the API.
    pub fn name(self) -> &'static str {
        match self {
            ServiceStep::Collected => "collected",
            ServiceStep::Resolved => "resolved",
            ServiceStep::FedBack => "fed_back",
        }
    }

    /// What the service centre calls the step.
    pub fn label_zh(self) -> &'static str {
        match self {
            ServiceStep::Collected => "已收集，办理中",
            ServiceStep::Resolved => "已解决，待反馈",
            ServiceStep::FedBack => "已解决反馈",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ServiceStep::Collected => "Collected, in progress",
            ServiceStep::Resolved => "Resolved, awaiting feedback",
            ServiceStep::FedBack => "Resolved and fed back",
        }
    }

    /// The step in a seat's language.
    pub fn label_in(self, language: crate::Language) -> &'static str {
        language.pick(self.label_zh(), self.label_en())
    }
}

/// Demands counted by their step. `collected` counts every demand taken in, whatever its
/// step now (the article's 收集 figure); the three steps partition it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServiceLoop {
    pub collected: u64,
    pub in_hand: u64,
    pub resolved: u64,
    pub fed_back: u64,
}

impl ServiceLoop {
    /// Counts one demand with this status.
    pub fn add(&mut self, status: TicketStatus) {
        self.collected += 1;
        match ServiceStep::of(status) {
            ServiceStep::Collected => self.in_hand += 1,
            ServiceStep::Resolved => self.resolved += 1,
            ServiceStep::FedBack => self.fed_back += 1,
        }
    }

    /// 问题解决率: the demands whose loop is closed (solved and fed back) over all collected;
    /// `None` without demands.
    pub fn closure_rate(&self) -> Option<f64> {
        (self.collected > 0).then(|| self.fed_back as f64 / self.collected as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_one_step_and_only_finished_ones_leave_collection() {
        for status in TicketStatus::ALL {
            let step = ServiceStep::of(status);
            assert_eq!(
                step != ServiceStep::Collected,
                matches!(status, TicketStatus::Resolved | TicketStatus::ReturnVisited | TicketStatus::Closed)
            );
        }
        assert_eq!(ServiceStep::of(TicketStatus::Suspended), ServiceStep::Collected, "waiting on the firm is still in hand");
        assert_eq!(ServiceStep::of(TicketStatus::Returned), ServiceStep::Collected, "returned to triage is still in hand");
    }

    #[test]
    fn the_steps_partition_what_was_collected_and_the_rate_counts_closed_loops_only() {
        let mut tally = ServiceLoop::default();
        assert_eq!(tally.closure_rate(), None);
        for status in [
            TicketStatus::Received,
            TicketStatus::InProgress,
            TicketStatus::Resolved,
            TicketStatus::ReturnVisited,
            TicketStatus::Closed,
            TicketStatus::Closed,
            TicketStatus::Suspended,
            TicketStatus::ReturnVisited,
        ] {
            tally.add(status);
        }
        assert_eq!(tally, ServiceLoop { collected: 8, in_hand: 3, resolved: 1, fed_back: 4 });
        assert_eq!(tally.in_hand + tally.resolved + tally.fed_back, tally.collected);
        assert_eq!(tally.closure_rate(), Some(0.5), "a resolved demand not yet fed back does not close the loop");
    }

    #[test]
    fn names_and_labels_are_distinct() {
        let names: std::collections::HashSet<_> = ServiceStep::ALL.iter().map(|s| s.name()).collect();
        let labels: std::collections::HashSet<_> = ServiceStep::ALL.iter().map(|s| s.label_zh()).collect();
        let english: std::collections::HashSet<_> = ServiceStep::ALL.iter().map(|s| s.label_en()).collect();
        assert_eq!((names.len(), labels.len(), english.len()), (3, 3, 3));
        for step in ServiceStep::ALL {
            assert_eq!(step.label_in(crate::Language::Chinese), step.label_zh());
            assert!(step.label_in(crate::Language::English).is_ascii());
        }
    }
}
