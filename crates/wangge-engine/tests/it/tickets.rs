//! The work board, lifecycle steps, reassignment with optimistic concurrency, unit
//! workloads and the audit trail, on a real SQLite file and a real PostgreSQL server.

use wangge_api as api;
use wangge_domain::{Level, Role, Scope, TRIAGE_UNIT};
use wangge_engine::{Engine, EngineError, Store};
use wangge_store::test_support::PgDb;

use crate::support::{demo_on, two_seats, NOW};

/// An open, unresolved ticket with one owner that is a grid, and a sibling grid to move it to.
fn a_movable_ticket(engine: &Engine) -> (api::TicketRow, String) {
    let scope = engine.district_scope("probe");
    let board = engine.work_board(&scope, &api::BoardFilter { limit: Some(100_000), ..Default::default() }, NOW).unwrap();
    let hierarchy = &engine.district().hierarchy;
    for row in board.rows {
        let [owner] = row.owners.as_slice() else { continue };
        let open = matches!(row.status, api::TicketStatus::Received | api::TicketStatus::Accepted | api::TicketStatus::InProgress);
        let Some(grid) = hierarchy.id(owner).filter(|&g| hierarchy.node(g).level == Level::Grid) else { continue };
        if !open {
            continue;
        }
        let community = hierarchy.parent(grid).unwrap();
        if let Some(&sibling) = hierarchy.children(community).iter().find(|&&g| g != grid) {
            return (row, hierarchy.node(sibling).code.0.clone());
        }
    }
    panic!("the demo has no open grid-owned ticket with a sibling grid");
}

fn community_of(engine: &Engine, grid: &str) -> String {
    let h = &engine.district().hierarchy;
    h.node(h.parent(h.id(grid).unwrap()).unwrap()).code.0.clone()
}

fn load_of(engine: &Engine, scope: &Scope, focus: &str, unit: &str) -> api::UnitLoad {
    let board =
        engine.work_board(scope, &api::BoardFilter { node: Some(focus.into()), limit: Some(0), ..Default::default() }, NOW).unwrap();
    board.units.into_iter().find(|u| u.code == unit).unwrap_or_else(|| panic!("no card for {unit} under {focus}"))
}

#[tokio::test]
async fn the_board_counts_reconcile_and_wall_screens_get_no_rows() {
    let (_dir, engine, _) = two_seats(11).await;
    let scope = engine.district_scope("commander");
    let all = engine.work_board(&scope, &api::BoardFilter { limit: Some(100_000), ..Default::default() }, NOW).unwrap();
    assert_eq!(all.total as usize, engine.district().tickets.len());
    assert_eq!(all.rows.len(), engine.district().tickets.len());
    assert_eq!(all.by_sla.iter().map(|(_, n)| n).sum::<u64>(), all.total, "every stored ticket has an SLA state");
    // Every ticket the map counts as overdue (its citizen deadline passed) is breached on
    // the board; the board may hold more (a unit's own clock can run out first).
    let overdue_ids: Vec<i64> = engine.district().tickets.values().filter(|t| t.is_overdue_at(NOW)).map(|t| t.id).collect();
    assert_eq!(overdue_ids.len() as u64, engine.stats(&scope, None).unwrap().metrics.tickets_overdue);
    assert!(!overdue_ids.is_empty(), "the demo has overdue tickets to check");
    for id in &overdue_ids {
        let row = all.rows.iter().find(|r| r.id == *id).unwrap();
        assert_eq!(row.sla, Some(api::SlaState::Breached), "overdue ticket {id} on the board");
    }
    // Filters narrow and agree with the rows they return.
    for status in api::TicketStatus::ALL {
        let board =
            engine.work_board(&scope, &api::BoardFilter { status: Some(status), limit: Some(100_000), ..Default::default() }, NOW).unwrap();
        assert!(board.rows.iter().all(|r| r.status == status));
        assert_eq!(board.total as usize, all.rows.iter().filter(|r| r.status == status).count(), "{status:?}");
    }
    // Most urgent first: supervised tickets lead.
    let first_unsupervised = all.rows.iter().position(|r| !r.supervised).unwrap_or(all.rows.len());
    assert!(all.rows[first_unsupervised..].iter().all(|r| !r.supervised));
    // A wall screen sees the counts but not one citizen's words.
    let wall = Scope::new("wall", Role::WallScreen, scope.root.clone());
    let seen = engine.work_board(&wall, &api::BoardFilter::default(), NOW).unwrap();
    assert!(seen.rows.is_empty());
    assert_eq!(seen.total, all.total);
    assert!(matches!(engine.ticket_detail(&wall, all.rows[0].id, NOW), Err(EngineError::Scope(_))));
}

#[tokio::test]
async fn a_ticket_walks_its_lifecycle_and_each_step_is_in_its_timeline_and_the_audit_trail() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let scope = engine.district_scope("commander-wang");
    let (row, _) = a_movable_ticket(&engine);
    let unit = row.owners[0].clone();
    let mut version = api::TicketVersion { id: row.id, version: row.version };
    let mut steps = Vec::new();
    if row.status == api::TicketStatus::Received {
        steps.push(api::TicketAction::Accept { unit: unit.clone() });
    }
    steps.push(api::TicketAction::Supervise { note: "请加快".into() });
    steps.push(api::TicketAction::Suspend { reason: "等待市民补充材料".into() });
    steps.push(api::TicketAction::Resume);
    steps.push(api::TicketAction::Resolve { unit: unit.clone(), note: "已处理".into() });
    steps.push(api::TicketAction::ReturnVisit { satisfaction: "satisfied".into() });
    steps.push(api::TicketAction::Close);
    let mut last = row.clone();
    for action in steps {
        last = engine.act(&scope, version, action.clone(), NOW).await.unwrap_or_else(|e| panic!("{action:?}: {e}"));
        assert_eq!(last.version, version.version + 1, "{action:?} raises the version by one");
        version.version = last.version;
    }
    assert_eq!(last.status, api::TicketStatus::Closed);
    assert!(last.supervised);
    let detail = engine.ticket_detail(&scope, row.id, NOW).unwrap();
    let kinds: Vec<&str> = detail.timeline.iter().map(|e| e.kind.as_str()).collect();
    for kind in ["supervised", "suspended", "resumed", "resolved", "return_visit", "closed"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    // A step the state does not allow is refused and nothing is written.
    let seq = engine.last_seq();
    let err = engine.act(&scope, version, api::TicketAction::Close, NOW).await.unwrap_err();
    assert!(err.to_string().contains("已关闭，不能关闭"), "{err}");
    assert_eq!(engine.store().last_seq().await.unwrap(), seq);
    // Every step is an audit row with the account, before and after.
    let audit = engine
        .audit(&scope, &api::AuditFilter { entity: Some("ticket".into()), entity_id: Some(row.id), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(audit.len() as i64, version.version - row.version);
    assert!(audit.iter().all(|a| a.actor == "commander-wang" && a.before.is_some()));
    assert!(audit[0].summary.contains("结案"), "newest first: {:?}", audit[0]);
    assert!(audit.iter().any(|a| a.summary.contains("挂起：等待市民补充材料")));
    // Units by name, states in words: the unit's code is nowhere in the trail or the timeline.
    let unit_name = engine.units().name_of(&engine.district().hierarchy, &unit);
    assert_ne!(unit_name, unit, "the unit has a name");
    let resolved = audit.iter().find(|a| a.summary.contains("办结")).expect("the resolution's row");
    assert!(resolved.summary.contains(&format!("{unit_name} 办结")), "{}", resolved.summary);
    let closing = audit[0].fields.iter().find(|f| f.label == "状态").expect("the state changed on closing");
    assert_eq!(closing.after, api::TicketStatus::Closed.label_zh(), "in the board's words: {closing:?}");
    for text in audit.iter().flat_map(|a| {
        std::iter::once(a.summary.clone()).chain(a.fields.iter().flat_map(|f| f.before.clone().into_iter().chain([f.after.clone()])))
    }) {
        assert!(!text.contains(&unit), "{text}");
    }
    assert!(detail.timeline.iter().all(|e| !e.description.contains(&unit)), "{:?}", detail.timeline);
    let by_actor = engine.audit(&scope, &api::AuditFilter { actor: Some("nobody".into()), ..Default::default() }).await.unwrap();
    assert!(by_actor.is_empty());
}

#[tokio::test]
async fn reassignment_moves_the_work_between_unit_cards_and_needs_a_reason() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let scope = engine.district_scope("commander");
    let (row, to) = a_movable_ticket(&engine);
    let from = row.owners[0].clone();
    let community = community_of(&engine, &from);
    let (from_before, to_before) = (load_of(&engine, &scope, &community, &from), load_of(&engine, &scope, &community, &to));

    let mut request = api::Reassign {
        tickets: vec![api::TicketVersion { id: row.id, version: row.version }],
        from_unit: None,
        to_unit: to.clone(),
        reason: " ".into(),
    };
    assert!(matches!(engine.reassign(&scope, &request, NOW).await, Err(EngineError::InvalidInput(_))));
    request.reason = "属地调整".into();
    let moved = engine.reassign(&scope, &request, NOW).await.unwrap();
    assert_eq!(moved[0].owners, vec![to.clone()]);
    assert_eq!(load_of(&engine, &scope, &community, &from).open, from_before.open - 1);
    assert_eq!(load_of(&engine, &scope, &community, &to).open, to_before.open + 1);
    let detail = engine.ticket_detail(&scope, row.id, NOW).unwrap();
    let last = detail.timeline.last().unwrap();
    assert_eq!(last.kind, "reassigned");
    assert!(last.description.contains("属地调整"));
    // The new unit's acceptance clock starts now; the citizen's deadline does not move.
    assert_eq!(detail.row.deadline, row.deadline);
    assert_eq!(detail.unit_deadlines[0].unit, to);
    assert!(!detail.unit_deadlines[0].accepted);
}

#[tokio::test]
async fn reassignment_stays_within_the_commanders_part_and_leaders_may_not_reassign() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let (row, to) = a_movable_ticket(&engine);
    let h = &engine.district().hierarchy;
    let grid = h.id(&row.owners[0]).unwrap();
    let street = h.path_to_root(grid).find(|&n| h.node(n).level == Level::Street).unwrap();
    let other_street = h.children(h.root()).iter().copied().find(|&s| s != street).unwrap();
    let other_grid = h.subtree(other_street).into_iter().find(|&n| h.node(n).level == Level::Grid).unwrap();
    let (street, other_street, other_grid) =
        (h.node(street).code.0.clone(), h.node(other_street).code.0.clone(), h.node(other_grid).code.0.clone());
    let request = |to_unit: &str| api::Reassign {
        tickets: vec![api::TicketVersion { id: row.id, version: row.version }],
        from_unit: None,
        to_unit: to_unit.into(),
        reason: "调整".into(),
    };
    let seq = engine.last_seq();
    let street_commander = Scope::new("street-commander", Role::Commander, street.as_str());
    assert!(matches!(engine.reassign(&street_commander, &request(&other_grid), NOW).await, Err(EngineError::Scope(_))));
    assert!(matches!(engine.reassign(&street_commander, &request("dept:market"), NOW).await, Err(EngineError::Scope(_))));
    let leader = Scope::new("street-leader", Role::Leader, street.as_str());
    assert!(matches!(engine.reassign(&leader, &request(&to), NOW).await, Err(EngineError::Forbidden(_))));
    let elsewhere = Scope::new("other-commander", Role::Commander, other_street.as_str());
    assert!(matches!(engine.reassign(&elsewhere, &request(&other_grid), NOW).await, Err(EngineError::Scope(_))));
    assert_eq!(engine.store().last_seq().await.unwrap(), seq, "no refusal wrote anything");
    // Within the street it works, and the other street's commander cannot read the audit row.
    engine.reassign(&street_commander, &request(&to), NOW).await.unwrap();
    let theirs = engine
        .audit(&elsewhere, &api::AuditFilter { entity_id: Some(row.id), entity: Some("ticket".into()), ..Default::default() })
        .await
        .unwrap();
    assert!(theirs.is_empty());
    let ours = engine
        .audit(&street_commander, &api::AuditFilter { entity_id: Some(row.id), entity: Some("ticket".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(ours.len(), 1);
}

/// Two commanders on two seats move the same ticket at the same moment: exactly one wins,
/// the other is told of the conflict and gets the ticket as the winner left it.
async fn two_commanders_race(mut one: Engine, mut two: Engine) {
    let (row, to) = a_movable_ticket(&one);
    let from = row.owners[0].clone();
    let community = community_of(&one, &from);
    let third = {
        let h = &one.district().hierarchy;
        h.children(h.id(&community).unwrap()).iter().map(|&g| h.node(g).code.0.clone()).find(|g| *g != from && *g != to)
    }
    .unwrap_or_else(|| community.clone());
    let seen = api::TicketVersion { id: row.id, version: row.version };
    let (a, b) = (one.district_scope("commander-a"), two.district_scope("commander-b"));
    let to_a = api::Reassign { tickets: vec![seen], from_unit: None, to_unit: to.clone(), reason: "A 的判断".into() };
    let to_b = api::Reassign { tickets: vec![seen], from_unit: None, to_unit: third.clone(), reason: "B 的判断".into() };
    let (ra, rb) = tokio::join!(one.reassign(&a, &to_a, NOW), two.reassign(&b, &to_b, NOW));
    let (winner_unit, loser) = match (ra, rb) {
        (Ok(_), Err(e)) => (to.clone(), e),
        (Err(e), Ok(_)) => (third.clone(), e),
        (ra, rb) => panic!("exactly one must win: {ra:?} / {rb:?}"),
    };
    let EngineError::Conflict { message, fresh } = loser else { panic!("the loser must get a conflict, got {loser:?}") };
    assert!(message.contains(&format!("工单 {}", row.id)), "{message}");
    assert_eq!(fresh.len(), 1);
    assert_eq!(fresh[0].owners, vec![winner_unit.clone()], "the fresh state is the winner's");
    assert_eq!(fresh[0].version, row.version + 1);
    let api_error = wangge_api::ApiError::from(EngineError::Conflict { message, fresh });
    assert_eq!(api_error.code, api::ErrorCode::Conflict);
    // Both seats end with the same ticket, moved once.
    let scope = one.district_scope("check");
    one.catch_up(&scope, NOW).await.unwrap();
    two.catch_up(&scope, NOW).await.unwrap();
    for engine in [&one, &two] {
        let ticket = &engine.district().tickets[&row.id];
        assert_eq!(ticket.owning_unit, winner_unit);
        assert_eq!(ticket.version, row.version + 1);
        assert_eq!(ticket.events.iter().filter(|e| e.kind() == "reassigned").count(), 1);
    }
    let audit = one
        .audit(&scope, &api::AuditFilter { entity: Some("ticket".into()), entity_id: Some(row.id), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(audit.len(), 1, "only the winner's change was written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_concurrent_reassignments_on_sqlite_one_wins_one_gets_a_conflict() {
    let (_dir, one, two) = two_seats(11).await;
    two_commanders_race(one, two).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_concurrent_reassignments_on_postgres_one_wins_one_gets_a_conflict() {
    let Some(db) = PgDb::create("ticket_conflict").await else { return };
    let store = Store::open(&db.url).await.unwrap();
    demo_on(&store, 11).await;
    let one = Engine::open(store, NOW).await.unwrap();
    let two = Engine::open(Store::open(&db.url).await.unwrap(), NOW).await.unwrap();
    two_commanders_race(one, two).await;
    db.drop_database().await;
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_even_on_one_seat() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let scope = engine.district_scope("commander");
    let (row, _) = a_movable_ticket(&engine);
    let stale = api::TicketVersion { id: row.id, version: row.version - 1 };
    let err = engine.act(&scope, stale, api::TicketAction::Supervise { note: "x".into() }, NOW).await.unwrap_err();
    let EngineError::Conflict { fresh, .. } = err else { panic!("{err:?}") };
    assert_eq!(fresh[0].version, row.version);
}

#[tokio::test]
async fn a_triage_ticket_is_dispatched_to_a_place_and_a_unit() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let scope = engine.district_scope("dispatcher");
    let new = wangge_engine::NewTicket {
        source: wangge_domain::TicketSource::Hotline12345,
        category: wangge_domain::TicketCategory::Complaint,
        priority: wangge_domain::lifecycle::Priority::Normal,
        summary: "无法定位的来电".into(),
        micro_grid: None,
        location: None,
        received_at: NOW,
        enterprise: None,
    };
    let ticket = engine.create_ticket(&scope, new, NOW).await.unwrap();
    assert_eq!(ticket.owning_unit, TRIAGE_UNIT);
    let received = |e: &Engine| e.stats(&e.district_scope("x"), None).unwrap().metrics.tickets_received;
    let before = received(&engine);
    let h = &engine.district().hierarchy;
    let leaf = h.nodes().find(|(_, n)| n.level == Level::MicroGrid).unwrap().0;
    let grid = h.node(h.parent(leaf).unwrap()).code.0.clone();
    let leaf = h.node(leaf).code.0.clone();
    let row = engine
        .act(
            &scope,
            api::TicketVersion { id: ticket.id, version: ticket.version },
            api::TicketAction::Dispatch { micro_grid: Some(leaf.clone()), unit: grid.clone() },
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(row.micro_grid, Some(leaf));
    assert_eq!(row.owners, vec![grid]);
    assert_eq!(row.status, api::TicketStatus::Received);
    assert_eq!(received(&engine), before + 1, "placed, it now counts in its micro-grid and up the tree");
}

#[tokio::test]
async fn the_intake_form_names_bad_fields_and_routes_what_it_stores() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let scope = engine.district_scope("desk-officer");
    let house = engine.district().houses.values().min_by_key(|h| h.id).unwrap().clone();
    let form = api::TicketForm {
        source: "hotline_12345".into(),
        category: "dispute".into(),
        urgent: true,
        summary: "邻里噪音纠纷".into(),
        address: Some(house.address.clone()),
        ..Default::default()
    };
    let seq = engine.last_seq();
    for (field, broken) in [
        ("source", api::TicketForm { source: "fax".into(), ..form.clone() }),
        ("category", api::TicketForm { category: "gossip".into(), ..form.clone() }),
        ("summary", api::TicketForm { summary: "  ".into(), ..form.clone() }),
        ("micro_grid", api::TicketForm { micro_grid: Some("NOPE".into()), ..form.clone() }),
        ("point", api::TicketForm { point: Some([f64::NAN, 30.0]), address: None, ..form.clone() }),
    ] {
        let err = engine.submit_form(&scope, &broken, NOW).await.unwrap_err();
        assert!(err.to_string().starts_with(&format!("{field}:")), "{field}: {err}");
        // Under the field, in the seat's words: a Chinese seat reads no English sentence.
        let why = err.to_string()[field.len() + 1..].to_string();
        assert!(why.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{field}: {why}");
    }
    assert_eq!(engine.store().last_seq().await.unwrap(), seq, "refused forms store nothing");
    let row = engine.submit_form(&scope, &form, NOW).await.unwrap();
    assert_eq!(row.micro_grid.as_deref(), Some(house.micro_grid.0.as_str()), "placed through the house register");
    assert_eq!(row.owners, vec!["centre:mediation".to_string()], "disputes go to the mediation centre");
    assert_eq!(row.priority, "urgent");
    // Unplaced, a complaint cannot go to "its" grid: triage. A dispute still goes to the
    // mediation centre, which needs no place to act.
    let unplaced = api::TicketForm { address: Some("火星路1号".into()), ..form.clone() };
    let complaint = engine.submit_form(&scope, &api::TicketForm { category: "complaint".into(), ..unplaced.clone() }, NOW).await.unwrap();
    assert_eq!(complaint.status, api::TicketStatus::Triage);
    assert_eq!(complaint.micro_grid, None);
    let dispute = engine.submit_form(&scope, &unplaced, NOW).await.unwrap();
    assert_eq!((dispute.micro_grid, dispute.owners), (None, vec!["centre:mediation".to_string()]));
}

#[tokio::test]
async fn a_window_hears_of_its_own_writes_at_the_next_catch_up() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let scope = engine.district_scope("window");
    engine.catch_up(&scope, NOW).await.unwrap();
    let board = engine
        .work_board(
            &scope,
            &api::BoardFilter { status: Some(api::TicketStatus::Received), limit: Some(100_000), ..Default::default() },
            NOW,
        )
        .unwrap();
    let row = board.rows.iter().find(|r| r.micro_grid.is_some() && r.owners.len() == 1).expect("a received, placed ticket");
    let accepted_before = engine.stats(&scope, None).unwrap().metrics.tickets_accepted;
    engine
        .act(
            &scope,
            api::TicketVersion { id: row.id, version: row.version },
            api::TicketAction::Accept { unit: row.owners[0].clone() },
            NOW,
        )
        .await
        .unwrap();
    let update = engine.catch_up(&scope, NOW).await.unwrap().expect("the window's own acceptance moved figures");
    let micro_grid = row.micro_grid.clone().unwrap();
    assert!(update.nodes.iter().any(|n| n.code == micro_grid), "{micro_grid} missing");
    let district = update.nodes.iter().find(|n| n.code == scope.root.0).expect("the district moved too");
    assert_eq!(district.metrics.tickets_accepted, accepted_before + 1);
    assert!(engine.catch_up(&scope, NOW).await.unwrap().is_none(), "reported once");
}

#[tokio::test]
async fn each_breach_is_announced_once_and_a_backlog_is_not_news() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let scope = engine.district_scope("wall-of-news");
    assert!(engine.newly_breached(&scope, NOW).unwrap().is_empty(), "what is breached at opening is not news");
    let later = NOW.plus_secs(30 * 86_400);
    let news = engine.newly_breached(&scope, later).unwrap();
    assert!(!news.is_empty(), "a month on, open tickets have run out of time");
    assert!(news.iter().all(|r| r.sla == Some(api::SlaState::Breached)));
    let already = engine
        .work_board(&scope, &api::BoardFilter { sla: Some(api::SlaState::Breached), limit: Some(0), ..Default::default() }, NOW)
        .unwrap()
        .total;
    let now_breached = engine
        .work_board(&scope, &api::BoardFilter { sla: Some(api::SlaState::Breached), limit: Some(0), ..Default::default() }, later)
        .unwrap()
        .total;
    assert_eq!(news.len() as u64, now_breached - already, "exactly the tickets that crossed the line");
    assert!(engine.newly_breached(&scope, later).unwrap().is_empty(), "announced once");
}
