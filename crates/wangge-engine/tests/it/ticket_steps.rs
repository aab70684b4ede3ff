//! Which steps each role is offered on a ticket, that a step not offered is refused, and the
//! steps of the commander's desk (挂起/恢复, 延期 with an approver, 加派 to two units, 回访)
//! as the detail shows them: unit cards and a timeline in names.

use wangge_api as api;
use wangge_api::TicketStep as Step;
use wangge_domain::{Level, Role, Scope};
use wangge_engine::{Engine, EngineError};

use crate::support::{two_seats, NOW};

/// A received ticket with one owner, lying in a place, with the street it lies in.
fn a_received_ticket(engine: &Engine) -> (api::TicketRow, String) {
    let scope = engine.district_scope("probe");
    let board = engine.work_board(&scope, &api::BoardFilter { limit: Some(100_000), ..Default::default() }, NOW).unwrap();
    let h = &engine.district().hierarchy;
    let row = board
        .rows
        .into_iter()
        .find(|row| row.status == api::TicketStatus::Received && row.owners.len() == 1 && row.micro_grid.is_some())
        .expect("the demo has a received ticket with one owner in a place");
    let place = h.id(row.micro_grid.as_ref().unwrap()).unwrap();
    let street = h.path_to_root(place).find(|&n| h.node(n).level == Level::Street).unwrap();
    (row, h.node(street).code.0.clone())
}

#[tokio::test]
async fn each_role_is_offered_what_it_may_take_and_refused_the_rest() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let (row, street) = a_received_ticket(&engine);
    let unit = row.owners[0].clone();
    let commander = engine.district_scope("commander");
    let leader = Scope::new("street-leader", Role::Leader, street.as_str());
    let worker = Scope::new("grid-worker", Role::CommunityWorker, street.as_str());
    let handler = Scope::unit_handler("handler", commander.root.clone(), unit.as_str());
    let offered = |engine: &Engine, scope: &Scope| engine.ticket_detail(scope, row.id, NOW).unwrap().steps;

    let for_commander = offered(&engine, &commander);
    for step in [Step::Accept, Step::Suspend, Step::Extend, Step::CoDispatch, Step::Reassign, Step::Supervise] {
        assert!(for_commander.contains(&step), "{step:?} in {for_commander:?}");
    }
    assert!(!for_commander.contains(&Step::Resume) && !for_commander.contains(&Step::Close), "not in a received ticket's state");
    assert_eq!(offered(&engine, &leader), [Step::Accept, Step::Return, Step::Suspend]);
    assert_eq!(offered(&engine, &worker), [Step::Accept, Step::Return]);
    assert_eq!(offered(&engine, &handler), [Step::Accept, Step::Return]);
    let viewer = Scope::new("viewer", Role::Viewer, street.as_str());
    assert!(engine.ticket_detail(&viewer, row.id, NOW).is_err(), "a viewer reads no ticket");

    // What a role is not offered, the engine refuses, naming the step; nothing is written.
    let version = api::TicketVersion { id: row.id, version: row.version };
    let seq = engine.last_seq();
    let refusals = [
        (&worker, api::TicketAction::Suspend { reason: "等待".into() }, "挂起"),
        (&handler, api::TicketAction::Suspend { reason: "等待".into() }, "挂起"),
        (&leader, api::TicketAction::CoDispatch { units: vec!["centre:legal".into()] }, "加派"),
        (&leader, api::TicketAction::Supervise { note: "加快".into() }, "督办"),
        (&worker, api::TicketAction::Extend { unit: None, working_hours: 8, approver: "王主任".into() }, "延期"),
    ];
    for (scope, action, label) in refusals {
        match engine.act(scope, version, action.clone(), NOW).await {
            Err(EngineError::Forbidden(message)) => assert!(message.contains(label), "{message}"),
            other => panic!("{:?} taking {action:?}: {other:?}", scope.role),
        }
    }
    assert_eq!(engine.store().last_seq().await.unwrap(), seq, "no refusal wrote anything");
    // The leader's suspension is taken, and then only resuming is offered to the leader.
    engine.act(&leader, version, api::TicketAction::Suspend { reason: "等待市民补充材料".into() }, NOW).await.unwrap();
    assert_eq!(offered(&engine, &leader), [Step::Resume]);
    assert!(offered(&engine, &handler).is_empty(), "a suspended ticket waits; its unit has nothing to do");
}

#[tokio::test]
async fn the_desk_s_steps_move_the_clocks_and_the_unit_cards_and_read_in_names() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let (row, _) = a_received_ticket(&engine);
    let unit = row.owners[0].clone();
    let commander = engine.district_scope("commander-wang");
    let mut version = api::TicketVersion { id: row.id, version: row.version };
    let mut take = async |engine: &mut Engine, action: api::TicketAction| {
        let taken = engine.act(&commander, version, action.clone(), NOW).await.unwrap_or_else(|e| panic!("{action:?}: {e}"));
        version.version = taken.version;
        taken
    };
    let before = engine.ticket_detail(&commander, row.id, NOW).unwrap();
    take(&mut engine, api::TicketAction::Suspend { reason: "等待市民补充材料".into() }).await;
    take(&mut engine, api::TicketAction::Resume).await;
    take(&mut engine, api::TicketAction::Extend { unit: None, working_hours: 16, approver: "王主任".into() }).await;
    let extended = engine.ticket_detail(&commander, row.id, NOW).unwrap();
    assert!(extended.row.deadline > before.row.deadline, "{:?} → {:?}", before.row.deadline, extended.row.deadline);
    let [one, two] = ["centre:legal", "centre:counselling"];
    assert!(unit != one && unit != two, "the ticket is not already theirs");
    take(&mut engine, api::TicketAction::CoDispatch { units: vec![one.into(), two.into()] }).await;
    let co = engine.ticket_detail(&commander, row.id, NOW).unwrap();
    let cards: Vec<&str> = co.unit_deadlines.iter().map(|d| d.unit.as_str()).collect();
    assert_eq!(cards, [unit.as_str(), one, two]);
    for owner in [unit.as_str(), one, two] {
        take(&mut engine, api::TicketAction::Accept { unit: owner.into() }).await;
        take(&mut engine, api::TicketAction::Resolve { unit: owner.into(), note: "已处理".into() }).await;
    }
    let resolved = take(&mut engine, api::TicketAction::ReturnVisit { satisfaction: "satisfied".into() }).await;
    assert_eq!(resolved.status, api::TicketStatus::ReturnVisited);
    let detail = engine.ticket_detail(&commander, row.id, NOW).unwrap();
    assert_eq!(detail.steps, [Step::Close, Step::Reopen]);
    let kinds: Vec<&str> = detail.timeline.iter().map(|e| e.kind.as_str()).collect();
    for kind in ["suspended", "resumed", "extended", "co_dispatched", "return_visit"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let extension = detail.timeline.iter().find(|e| e.kind == "extended").unwrap();
    assert!(extension.description.contains("延期 16 工作小时") && extension.description.contains("王主任"), "{extension:?}");
    // Names, not codes: no unit code, intake desk or visit desk in who or what.
    let hierarchy = &engine.district().hierarchy;
    for entry in &detail.timeline {
        for code in [unit.as_str(), one, two, "dispatcher", "return_visit_desk"] {
            assert!(!entry.actor.contains(code) && !entry.description.contains(code), "{entry:?}");
        }
    }
    let legal = engine.units().name_of(hierarchy, one);
    assert!(detail.timeline.iter().any(|e| e.actor == legal), "the unit's own steps name it: {:?}", detail.timeline);
}
