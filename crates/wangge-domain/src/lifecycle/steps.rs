//! The steps one can take on a ticket, which roles may take each, and which a ticket offers
//! in its state: the one table the engine enforces and the screen reads to show buttons.
//!
//! | step                                   | roles                                           |
//! |----------------------------------------|-------------------------------------------------|
//! | 签收, 开始办理, 办结, 退回             | commander, leader, community worker, unit handler (for its unit) |
//! | 回访                                   | commander, leader, community worker (网格员回访) |
//! | 挂起 / 恢复, 结案, 重新办理            | commander, leader                               |
//! | 延期, 上报, 加派, 改派, 督办, 分拨     | commander                                       |
//!
//! Suspending stops every clock, so the unit that is measured by them does not take it
//! itself; it asks the area's leader or the centre. Read-only roles take no step.

use serde::{Deserialize, Serialize};

use crate::lifecycle::state::TicketState;
use crate::lifecycle::status::TicketStatus;
use crate::scope::Role;

/// One kind of step on a ticket (what [`crate::lifecycle::TicketEvent`]s a seat asks for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStep {
    Accept,
    Start,
    Resolve,
    Return,
    Suspend,
    Resume,
    Extend,
    Escalate,
    CoDispatch,
    Reassign,
    Supervise,
    Dispatch,
    ReturnVisit,
    Close,
    Reopen,
}

use TicketStatus as S;

const WORKING: [TicketStatus; 3] = [S::Received, S::Accepted, S::InProgress];

impl TicketStep {
    pub const ALL: [TicketStep; 15] = [
        TicketStep::Accept,
        TicketStep::Start,
        TicketStep::Resolve,
        TicketStep::Return,
        TicketStep::Suspend,
        TicketStep::Resume,
        TicketStep::Extend,
        TicketStep::Escalate,
        TicketStep::CoDispatch,
        TicketStep::Reassign,
        TicketStep::Supervise,
        TicketStep::Dispatch,
        TicketStep::ReturnVisit,
        TicketStep::Close,
        TicketStep::Reopen,
    ];

    /// Whether an account of `role` may take this step at all (its scope still decides where).
    pub fn taken_by(self, role: Role) -> bool {
        use TicketStep as T;
        match self {
            T::Accept | T::Start | T::Resolve | T::Return => role.makes_changes() || role == Role::UnitHandler,
            T::ReturnVisit => role.makes_changes(),
            T::Suspend | T::Resume | T::Close | T::Reopen => matches!(role, Role::Commander | Role::Leader),
            T::Extend | T::Escalate | T::CoDispatch | T::Reassign | T::Supervise | T::Dispatch => role.commands(),
        }
    }

    /// Whether a ticket in `state` offers this step now (the lifecycle may still refuse a
    /// particular unit, e.g. one that already accepted).
    pub fn offered_by(self, state: &TicketState) -> bool {
        use TicketStep as T;
        let status = state.status;
        let owned = !state.owners.is_empty();
        match self {
            T::Accept => WORKING.contains(&status) && state.owners.iter().any(|o| o.accepted_at.is_none()),
            T::Start => {
                matches!(status, S::Accepted | S::InProgress)
                    && state.owners.iter().any(|o| o.accepted_at.is_some() && o.started_at.is_none() && o.resolved_at.is_none())
            }
            T::Resolve => {
                matches!(status, S::Accepted | S::InProgress)
                    && state.owners.iter().any(|o| o.accepted_at.is_some() && o.resolved_at.is_none())
            }
            T::Return => WORKING.contains(&status) && state.owners.iter().any(|o| o.resolved_at.is_none()),
            T::Suspend => WORKING.contains(&status),
            T::Resume => status == S::Suspended,
            T::Extend => WORKING.contains(&status) || status == S::Suspended,
            T::Escalate | T::CoDispatch => WORKING.contains(&status) || status == S::Returned,
            T::Reassign => WORKING.contains(&status) && owned,
            T::Supervise => status.is_open(),
            T::Dispatch => status == S::Returned || (WORKING.contains(&status) && !owned),
            T::ReturnVisit => status == S::Resolved,
            T::Close => matches!(status, S::Resolved | S::ReturnVisited),
            T::Reopen => matches!(status, S::Resolved | S::ReturnVisited | S::Closed),
        }
    }

    /// The steps a seat of `role` can take on a ticket in `state` now, in [`TicketStep::ALL`] order.
    pub fn available(role: Role, state: &TicketState) -> Vec<TicketStep> {
        TicketStep::ALL.into_iter().filter(|step| step.taken_by(role) && step.offered_by(state)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::{Priority, SlaPolicies, TicketEvent};
    use crate::records::TicketCategory;
    use crate::time::Timestamp;

    fn state_after(events: &[TicketEvent]) -> TicketState {
        let initial = TicketState::new(1, TicketCategory::Complaint, Priority::Normal);
        initial.replay(events, &SlaPolicies::default()).expect("a legal history")
    }

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_local(2025, 3, 3, 9, 0).plus_secs(secs)
    }

    #[test]
    fn read_only_roles_take_no_step_and_only_commanders_move_work() {
        for step in TicketStep::ALL {
            assert!(!step.taken_by(Role::Viewer), "{step:?}");
            assert!(!step.taken_by(Role::WallScreen), "{step:?}");
            assert!(!step.taken_by(Role::Administrator), "{step:?}");
            assert!(step.taken_by(Role::Commander), "{step:?}");
        }
        for step in [TicketStep::Extend, TicketStep::CoDispatch, TicketStep::Reassign, TicketStep::Supervise] {
            assert!(!step.taken_by(Role::Leader), "{step:?}");
        }
        assert!(TicketStep::Suspend.taken_by(Role::Leader));
        assert!(!TicketStep::Suspend.taken_by(Role::UnitHandler));
        assert!(!TicketStep::Suspend.taken_by(Role::CommunityWorker));
        assert!(TicketStep::ReturnVisit.taken_by(Role::CommunityWorker));
        assert!(TicketStep::Resolve.taken_by(Role::UnitHandler));
        assert!(!TicketStep::ReturnVisit.taken_by(Role::UnitHandler));
    }

    #[test]
    fn every_offered_step_follows_the_lifecycle() {
        let received = vec![TicketEvent::Received { at: at(0), unit: "dept:market".into() }];
        let state = state_after(&received);
        assert_eq!(
            TicketStep::available(Role::Commander, &state),
            [
                TicketStep::Accept,
                TicketStep::Return,
                TicketStep::Suspend,
                TicketStep::Extend,
                TicketStep::Escalate,
                TicketStep::CoDispatch,
                TicketStep::Reassign,
                TicketStep::Supervise
            ]
        );
        assert_eq!(TicketStep::available(Role::UnitHandler, &state), [TicketStep::Accept, TicketStep::Return]);

        let mut history = received.clone();
        history.push(TicketEvent::Suspended { at: at(60), reason: "等待市民补充材料".into() });
        let suspended = state_after(&history);
        assert_eq!(TicketStep::available(Role::Leader, &suspended), [TicketStep::Resume]);
        assert_eq!(TicketStep::available(Role::Commander, &suspended), [TicketStep::Resume, TicketStep::Extend, TicketStep::Supervise]);

        let mut history = received;
        history.push(TicketEvent::Accepted { at: at(60), unit: "dept:market".into() });
        history.push(TicketEvent::Resolved { at: at(120), unit: "dept:market".into(), note: "已处理".into() });
        let resolved = state_after(&history);
        assert_eq!(TicketStep::available(Role::Leader, &resolved), [TicketStep::ReturnVisit, TicketStep::Close, TicketStep::Reopen]);
        assert_eq!(TicketStep::available(Role::CommunityWorker, &resolved), [TicketStep::ReturnVisit]);
        assert!(TicketStep::available(Role::Viewer, &resolved).is_empty());
    }

    /// The offer agrees with the lifecycle: a step the state offers is one some event of
    /// that kind passes, and a step it does not offer is refused for every unit.
    #[test]
    fn an_offered_step_is_one_the_lifecycle_takes() {
        let unit = "dept:market".to_string();
        let histories: Vec<Vec<TicketEvent>> = vec![
            vec![TicketEvent::Received { at: at(0), unit: unit.clone() }],
            vec![TicketEvent::Received { at: at(0), unit: unit.clone() }, TicketEvent::Accepted { at: at(1), unit: unit.clone() }],
            vec![
                TicketEvent::Received { at: at(0), unit: unit.clone() },
                TicketEvent::Accepted { at: at(1), unit: unit.clone() },
                TicketEvent::Started { at: at(2), unit: unit.clone() },
            ],
            vec![
                TicketEvent::Received { at: at(0), unit: unit.clone() },
                TicketEvent::Returned { at: at(1), unit: unit.clone(), reason: "非本单位职责".into() },
            ],
            vec![
                TicketEvent::Received { at: at(0), unit: unit.clone() },
                TicketEvent::Accepted { at: at(1), unit: unit.clone() },
                TicketEvent::Resolved { at: at(2), unit: unit.clone(), note: "已处理".into() },
                TicketEvent::Closed { at: at(3) },
            ],
        ];
        for history in histories {
            let state = state_after(&history);
            for step in TicketStep::ALL {
                let later = at(100);
                let candidates: Vec<TicketEvent> = match step {
                    TicketStep::Accept => vec![TicketEvent::Accepted { at: later, unit: unit.clone() }],
                    TicketStep::Start => vec![TicketEvent::Started { at: later, unit: unit.clone() }],
                    TicketStep::Resolve => vec![TicketEvent::Resolved { at: later, unit: unit.clone(), note: "好".into() }],
                    TicketStep::Return => {
                        vec![TicketEvent::Returned { at: later, unit: unit.clone(), reason: "非本单位职责".into() }]
                    }
                    TicketStep::Suspend => vec![TicketEvent::Suspended { at: later, reason: "等待".into() }],
                    TicketStep::Resume => vec![TicketEvent::Resumed { at: later }],
                    TicketStep::Extend => {
                        vec![TicketEvent::Extended { at: later, unit: None, working_secs: 3600, approver: "王主任".into() }]
                    }
                    TicketStep::Escalate => vec![TicketEvent::Escalated { at: later, to_unit: "district".into(), reason: "复杂".into() }],
                    TicketStep::CoDispatch => vec![TicketEvent::CoDispatched { at: later, units: vec!["dept:urban".into()] }],
                    TicketStep::Reassign => vec![TicketEvent::Reassigned {
                        at: later,
                        from_unit: unit.clone(),
                        to_unit: "dept:urban".into(),
                        reason: "职责".into(),
                        by: "zhang".into(),
                    }],
                    TicketStep::Supervise => vec![TicketEvent::Supervised { at: later, by: "zhang".into(), note: "加快".into() }],
                    // Dispatch is a placement plus a co-dispatch or a reassignment.
                    TicketStep::Dispatch => continue,
                    TicketStep::ReturnVisit => {
                        vec![TicketEvent::ReturnVisit { at: later, satisfaction: crate::lifecycle::Satisfaction::Satisfied }]
                    }
                    TicketStep::Close => vec![TicketEvent::Closed { at: later }],
                    TicketStep::Reopen => vec![TicketEvent::Reopened { at: later, reason: "市民不满意".into() }],
                };
                let taken = candidates.iter().any(|event| state.apply(event, &SlaPolicies::default()).is_ok());
                assert_eq!(step.offered_by(&state), taken, "{step:?} in {:?}", state.status);
            }
        }
    }
}
