//! The steps a seat may take on a ticket: the domain's rights table ([`TicketStep`]) checked
//! before every step, and offered in a ticket's detail so the screen shows those buttons only.

use wangge_api as api;
use wangge_domain::lifecycle::{TicketState, TicketStep};
use wangge_domain::Scope;

use crate::EngineError;

/// Refuses a step the scope's role may not take, naming it as the screen does (in the
/// scope's language).
pub(crate) fn require_step(scope: &Scope, step: api::TicketStep) -> Result<(), EngineError> {
    if domain_step(step).taken_by(scope.role) {
        Ok(())
    } else {
        let (account, role) = (&scope.account, scope.role.label_in(scope.language));
        Err(EngineError::Forbidden(wangge_figures::say!(
            scope.language,
            "账号 {account}（{role}）无权{}工单",
            "Account {account} ({role}) may not take the step \"{}\" on tickets",
            step.label_in(scope.language)
        )))
    }
}

/// The steps `scope` may take on a ticket in `state` now.
pub(crate) fn available(scope: &Scope, state: &TicketState) -> Vec<api::TicketStep> {
    TicketStep::available(scope.role, state).into_iter().map(api_step).collect()
}

fn domain_step(step: api::TicketStep) -> TicketStep {
    use api::TicketStep as A;
    match step {
        A::Accept => TicketStep::Accept,
        A::Start => TicketStep::Start,
        A::Resolve => TicketStep::Resolve,
        A::Return => TicketStep::Return,
        A::Suspend => TicketStep::Suspend,
        A::Resume => TicketStep::Resume,
        A::Extend => TicketStep::Extend,
        A::Escalate => TicketStep::Escalate,
        A::CoDispatch => TicketStep::CoDispatch,
        A::Reassign => TicketStep::Reassign,
        A::Supervise => TicketStep::Supervise,
        A::Dispatch => TicketStep::Dispatch,
        A::ReturnVisit => TicketStep::ReturnVisit,
        A::Close => TicketStep::Close,
        A::Reopen => TicketStep::Reopen,
    }
}

fn api_step(step: TicketStep) -> api::TicketStep {
    use api::TicketStep as A;
    match step {
        TicketStep::Accept => A::Accept,
        TicketStep::Start => A::Start,
        TicketStep::Resolve => A::Resolve,
        TicketStep::Return => A::Return,
        TicketStep::Suspend => A::Suspend,
        TicketStep::Resume => A::Resume,
        TicketStep::Extend => A::Extend,
        TicketStep::Escalate => A::Escalate,
        TicketStep::CoDispatch => A::CoDispatch,
        TicketStep::Reassign => A::Reassign,
        TicketStep::Supervise => A::Supervise,
        TicketStep::Dispatch => A::Dispatch,
        TicketStep::ReturnVisit => A::ReturnVisit,
        TicketStep::Close => A::Close,
        TicketStep::Reopen => A::Reopen,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_and_domain_steps_are_the_same_set() {
        for step in TicketStep::ALL {
            assert_eq!(domain_step(api_step(step)), step);
            // Same serde names, so a stored or logged step reads the same on both sides.
            assert_eq!(serde_json_name(&step), format!("\"{}\"", api_step(step).name()));
        }
    }

    #[test]
    fn the_triage_card_has_one_code() {
        assert_eq!(api::TRIAGE_UNIT, wangge_domain::TRIAGE_UNIT);
    }

    fn serde_json_name(step: &TicketStep) -> String {
        serde_json::to_string(step).expect("a step serialises")
    }
}
