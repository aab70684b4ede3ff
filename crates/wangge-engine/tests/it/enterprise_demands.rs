//! Enterprise demands (企业诉求) linked to their enterprise by id: a demand recorded for an
//! enterprise lies where it is when no place is given, shows on its enterprise whatever its
//! words, and stays there when the enterprise is renamed; the link survives a reopened store.
//! The enterprise list (企业 view) counts what the panel and the breakdown count, per child
//! too (the map's 企业分布); demands are counted in the service loop (收集 → 解决 → 反馈) and a
//! step taken moves the count; the resumption trend (复工进度) is each day's panel.

use wangge_api as api;
use wangge_domain::{Change, Enterprise, ResumptionStatus, Timestamp};
use wangge_engine::{Engine, Store};

use crate::support::{two_seats, NOW};

#[tokio::test]
async fn a_demand_linked_by_id_stays_with_its_enterprise_through_a_rename() {
    let (dir, mut engine, _) = two_seats(11).await;
    let scope = engine.district_scope("enterprise-desk");
    let enterprise = engine.district().enterprises.values().min_by_key(|e| e.id).unwrap().clone();
    let form = api::TicketForm {
        source: "enterprise_demand".into(),
        category: "enterprise_demand".into(),
        summary: "用工缺口约三十人，请协调招聘".into(),
        enterprise: Some(enterprise.id),
        ..Default::default()
    };
    assert!(!form.summary.contains(&enterprise.name), "the words do not name the firm: only the id links them");
    let seq = engine.last_seq();
    let err = engine.submit_form(&scope, &api::TicketForm { enterprise: Some(9_999_999), ..form.clone() }, NOW).await.unwrap_err();
    assert!(err.to_string().starts_with("enterprise:"), "{err}");
    assert_eq!(engine.store().last_seq().await.unwrap(), seq, "a refused form stores nothing");

    let row = engine.submit_form(&scope, &form, NOW).await.unwrap();
    assert_eq!(row.micro_grid.as_deref(), Some(enterprise.micro_grid.0.as_str()), "placed where the enterprise is");
    let listed =
        |engine: &Engine| engine.enterprise_detail(&scope, enterprise.id, NOW).unwrap().demands.iter().any(|d| d.ticket_id == row.id);
    assert!(listed(&engine), "the demand shows on its enterprise");

    let renamed = wangge_domain::Enterprise { name: format!("{}（更名）", enterprise.name), ..enterprise.clone() };
    engine.commit(&scope, Change::Enterprise(renamed.clone()), NOW).await.unwrap();
    assert!(listed(&engine), "a rename keeps the link");
    let detail = engine.enterprise_detail(&scope, enterprise.id, NOW).unwrap();
    assert_eq!(detail.name, renamed.name);

    // The audit names the enterprise as the register has it now.
    let audit = engine
        .audit(&scope, &api::AuditFilter { entity: Some("ticket".into()), entity_id: Some(row.id), ..Default::default() })
        .await
        .unwrap();
    let named =
        audit.iter().flat_map(|a| &a.fields).find(|f| f.label == "所涉企业").expect("the created ticket's fields name the enterprise");
    assert_eq!(named.after, renamed.name);

    // Read back from the file by a new engine: the id was stored, not only kept in memory.
    drop(engine);
    let store = Store::open_sqlite_file(&crate::support::db_in(&dir)).await.unwrap();
    let reopened = Engine::open(store, NOW).await.unwrap();
    assert_eq!(reopened.district().tickets[&row.id].enterprise, Some(enterprise.id));
    assert!(listed(&reopened));
}

#[tokio::test]
async fn the_enterprise_list_reconciles_with_the_breakdown_and_a_viewer_gets_counts_only() {
    let (_dir, engine, _) = two_seats(11).await;
    let scope = engine.district_scope("enterprise-desk");
    let street = engine.stats(&scope, None).unwrap().children[0].code.clone();
    let under = |filter: api::EnterpriseFilter| {
        engine.enterprise_list(&scope, &api::EnterpriseFilter { node: Some(street.clone()), ..filter }, NOW).unwrap()
    };
    let all = under(api::EnterpriseFilter::default());
    let figures = engine.stats(&scope, Some(&street)).unwrap().metrics;
    assert_eq!(all.matching, figures.enterprises_total, "the list counts what the panel counts");
    assert_eq!(all.matching_resumed, figures.enterprises_resumed);
    assert_eq!(all.rows.len() as u64, all.matching.min(500));
    for group in &all.breakdown.by_sector {
        let one = under(api::EnterpriseFilter { sector: Some(group.key.clone()), ..Default::default() });
        assert_eq!((one.matching, one.matching_resumed), (group.total, group.resumed), "sector {}", group.key);
        assert!(one.rows.iter().all(|r| r.sector == group.key));
    }
    for (above, group) in [(true, &all.breakdown.by_size[0]), (false, &all.breakdown.by_size[1])] {
        let one = under(api::EnterpriseFilter { above_designated_size: Some(above), ..Default::default() });
        assert_eq!((one.matching, one.matching_resumed), (group.total, group.resumed), "规上 = {above}");
    }
    let by_status: u64 = ["not_resumed", "partly", "fully"]
        .into_iter()
        .map(|status| under(api::EnterpriseFilter { status: Some(status.into()), ..Default::default() }).matching)
        .sum();
    assert_eq!(by_status, all.matching, "the statuses partition the enterprises");
    let bad =
        engine.enterprise_list(&scope, &api::EnterpriseFilter { status: Some("closed".into()), ..Default::default() }, NOW).unwrap_err();
    assert!(bad.to_string().contains("复工状态“closed”"), "{bad}");
    // Open demands on a row are the enterprise's unresolved demands, as its detail lists them.
    let busy = all.rows.iter().find(|r| r.open_demands > 0).expect("some enterprise of the street has an open demand");
    let detail = engine.enterprise_detail(&scope, busy.id, NOW).unwrap();
    let open = detail
        .demands
        .iter()
        .filter(|d| matches!(d.status.as_str(), "received" | "accepted" | "in_progress" | "suspended" | "returned"))
        .count();
    assert_eq!(open as u64, busy.open_demands);

    let viewer = wangge_domain::Scope::new("viewer", wangge_domain::Role::Viewer, street.as_str());
    let seen = engine.enterprise_list(&viewer, &api::EnterpriseFilter::default(), NOW).unwrap();
    assert_eq!(seen.matching, all.matching);
    assert!(seen.rows.is_empty(), "a viewer sees counts, not enterprises");
    assert!(engine.enterprise_detail(&viewer, busy.id, NOW).is_err());
}

/// 复工进度: each day's figures are those the panel showed at that day's end (`figures_as_of`),
/// counted again here from the enterprises' own resumption dates; today's equal the live
/// panel; an enterprise resuming now moves today's bar only.
#[tokio::test]
async fn the_resumption_trend_is_each_days_panel_and_a_resumption_moves_today_only() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let scope = engine.district_scope("enterprise-desk");
    let street = engine.stats(&scope, None).unwrap().children[0].code.clone();
    let request = api::TrendRequest { node: Some(street.clone()), days: Some(7) };
    let trend = engine.resumption_trend(&scope, &request, NOW).await.unwrap();
    assert_eq!(trend.days.len(), 7);
    assert_eq!(trend.days.last().unwrap().date, NOW.local().date().to_string());
    let live = engine.stats(&scope, Some(&street)).unwrap().metrics;
    let today = trend.days.last().unwrap();
    assert_eq!(
        (today.enterprises_total, today.enterprises_resumed, today.workers_back),
        (live.enterprises_total, live.enterprises_resumed, live.workers_back)
    );
    let hierarchy = &engine.district().hierarchy;
    let street_id = hierarchy.id(&street).unwrap();
    for (back, day) in trend.days.iter().rev().enumerate() {
        let as_of = engine
            .figures_as_of(&scope, &api::AsOfRequest { code: Some(street.clone()), date: Some(day.date.clone()) }, NOW)
            .await
            .unwrap()
            .metrics;
        assert_eq!((day.enterprises_total, day.enterprises_resumed), (as_of.enterprises_total, as_of.enterprises_resumed), "{}", day.date);
        // By hand: an enterprise counts as resumed from its resumption date on.
        let day_end = if back == 0 { NOW } else { Timestamp::start_of_local_day(NOW.local_day_number() - back as i64 + 1).plus_secs(-1) };
        let resumed = engine
            .district()
            .enterprises
            .values()
            .filter(|e| hierarchy.id_of(&e.micro_grid).is_some_and(|place| hierarchy.covers(street_id, place)))
            .filter(|e| e.is_resumed_at(day_end))
            .count() as u64;
        assert_eq!(day.enterprises_resumed, resumed, "{} counted by hand", day.date);
    }

    let idle = engine
        .district()
        .enterprises
        .values()
        .filter(|e| hierarchy.id_of(&e.micro_grid).is_some_and(|place| hierarchy.covers(street_id, place)))
        .find(|e| e.status == ResumptionStatus::NotResumed)
        .expect("an enterprise of the street not yet resumed")
        .clone();
    let resumed = Enterprise { status: ResumptionStatus::Fully, resumed_at: Some(NOW), workers_back: idle.headcount, ..idle };
    engine.commit(&scope, Change::Enterprise(resumed), NOW).await.unwrap();
    let after = engine.resumption_trend(&scope, &request, NOW).await.unwrap();
    let (before_days, after_days) = (&trend.days[..6], &after.days[..6]);
    assert_eq!(before_days, after_days, "the days before today are as they were");
    assert_eq!(after.days[6].enterprises_resumed, trend.days[6].enterprises_resumed + 1);
    let refused = engine.resumption_trend(&scope, &api::TrendRequest { days: Some(0), ..request }, NOW).await.unwrap_err();
    assert!(refused.to_string().contains("天数"), "{refused}");
}

/// The list's per-child counts (the map's 企业分布) sum to the matching count and each equals
/// the list asked at that child; the service loop counts each demand at its step, a count
/// recomputed here from the tickets; resolving and calling back move one demand along.
#[tokio::test]
async fn demands_are_counted_in_the_service_loop_and_enterprises_per_child() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let scope = engine.district_scope("enterprise-desk");
    let street = engine.stats(&scope, None).unwrap().children[0].code.clone();
    let filter = api::EnterpriseFilter { node: Some(street.clone()), above_designated_size: Some(false), ..Default::default() };
    let list = engine.enterprise_list(&scope, &filter, NOW).unwrap();
    assert!(list.matching > 0);
    assert_eq!(list.by_child.iter().map(|c| c.matching).sum::<u64>(), list.matching, "the children sum to the whole");
    assert_eq!(list.by_child.iter().map(|c| c.resumed).sum::<u64>(), list.matching_resumed);
    for child in &list.by_child {
        let there =
            engine.enterprise_list(&scope, &api::EnterpriseFilter { node: Some(child.node.code.clone()), ..filter.clone() }, NOW).unwrap();
        assert_eq!((there.matching, there.matching_resumed), (child.matching, child.resumed), "{}", child.node.name);
    }

    // The street's loop, counted again from the linked tickets by their status.
    let hierarchy = &engine.district().hierarchy;
    let street_id = hierarchy.id(&street).unwrap();
    let in_street: std::collections::HashSet<i64> = engine
        .district()
        .enterprises
        .values()
        .filter(|e| hierarchy.id_of(&e.micro_grid).is_some_and(|place| hierarchy.covers(street_id, place)))
        .map(|e| e.id)
        .collect();
    let statuses: Vec<&str> = engine
        .district()
        .tickets
        .values()
        .filter(|t| t.enterprise.is_some_and(|id| in_street.contains(&id)))
        .map(|t| t.status.name())
        .collect();
    let all = engine.enterprise_list(&scope, &api::EnterpriseFilter { node: Some(street.clone()), ..Default::default() }, NOW).unwrap();
    let demands = all.breakdown.demands;
    assert_eq!(all.matching_demands, demands, "unfiltered, the list's loop is the node's");
    let by_hand = |names: &[&str]| statuses.iter().filter(|s| names.contains(s)).count() as u64;
    assert_eq!(demands.collected, statuses.len() as u64, "the demo links every demand by id");
    assert!(demands.collected > 0, "the street has demands");
    assert_eq!(demands.resolved, by_hand(&["resolved"]));
    assert_eq!(demands.fed_back, by_hand(&["return_visited", "closed"]));
    assert_eq!(demands.in_hand + demands.resolved + demands.fed_back, demands.collected, "the steps partition the demands");
    assert_eq!(demands.closure_rate, (demands.collected > 0).then(|| demands.fed_back as f64 / demands.collected as f64));

    // One demand taken round the loop: submitted (collected), resolved, called back.
    let enterprise = *in_street.iter().min().unwrap();
    let form = api::TicketForm {
        source: "enterprise_demand".into(),
        category: "enterprise_demand".into(),
        summary: "防疫物资短缺，请协调口罩".into(),
        enterprise: Some(enterprise),
        ..Default::default()
    };
    let row = engine.submit_form(&scope, &form, NOW).await.unwrap();
    let loop_now = |engine: &Engine| engine.enterprise_breakdown(&scope, Some(&street), NOW).unwrap().demands;
    let submitted = loop_now(&engine);
    assert_eq!((submitted.collected, submitted.in_hand), (demands.collected + 1, demands.in_hand + 1));
    let detail = engine.enterprise_detail(&scope, enterprise, NOW).unwrap();
    let shown = detail.demands.iter().find(|d| d.ticket_id == row.id).unwrap();
    assert_eq!((shown.step.as_str(), shown.step_zh.as_str()), ("collected", "已收集，办理中"));
    assert_eq!(shown.units, row.owner_names, "handled by the units the board names");
    assert!(shown.units.iter().all(|u| !u.contains(':')), "units by name: {:?}", shown.units);
    let on_board = engine.ticket_detail(&scope, row.id, NOW).unwrap();
    assert_eq!(shown.sla, on_board.row.sla, "the demand's SLA state is the board's");
    assert_eq!(shown.sla, Some(api::SlaState::OnTime), "just received");

    let unit = row.owners[0].clone();
    let mut version = api::TicketVersion { id: row.id, version: row.version };
    for action in
        [api::TicketAction::Accept { unit: unit.clone() }, api::TicketAction::Resolve { unit: unit.clone(), note: "已协调防疫物资".into() }]
    {
        version.version = engine.act(&scope, version, action, NOW).await.unwrap().version;
    }
    let resolved = loop_now(&engine);
    assert_eq!((resolved.in_hand, resolved.resolved, resolved.fed_back), (demands.in_hand, demands.resolved + 1, demands.fed_back));
    engine.act(&scope, version, api::TicketAction::ReturnVisit { satisfaction: "satisfied".into() }, NOW).await.unwrap();
    let fed_back = loop_now(&engine);
    assert_eq!((fed_back.resolved, fed_back.fed_back), (demands.resolved, demands.fed_back + 1));
    let detail = engine.enterprise_detail(&scope, enterprise, NOW).unwrap();
    assert_eq!(detail.demands.iter().find(|d| d.ticket_id == row.id).unwrap().step, "fed_back");
}
