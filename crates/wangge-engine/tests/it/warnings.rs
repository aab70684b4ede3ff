//! Four-colour warnings kept live: rules set from the demo's own figures, one change that
//! crosses a threshold seen by another seat's `catch_up` as exactly one level change with its
//! reason, the map carrying the level, and scope (wall screens see levels, a street leader
//! not another street); the history day by day (预警记录).

use wangge_api::WarningLevel;
use wangge_domain::warnings::WarningRules;
use wangge_domain::{Change, Level, NodeId, Role, Scope};
use wangge_engine::{Engine, EngineError};

use crate::support::{two_seats, NOW};

fn code(engine: &Engine, id: NodeId) -> String {
    engine.district().hierarchy.node(id).code.0.clone()
}

#[tokio::test]
async fn crossing_a_threshold_is_one_level_change_with_its_reason() {
    let (_dir, mut window, mut writer) = two_seats(7).await;
    let scope = window.district_scope("window");
    let grids = window.nodes_at(&scope, Level::Grid).unwrap();
    let active = |engine: &Engine, id: NodeId| engine.index().counts(id).isolations_active;
    let busiest = *grids.iter().max_by_key(|&&g| (active(&window, g), std::cmp::Reverse(g))).unwrap();
    let threshold = active(&window, busiest) + 1;
    let text = format!("orange isolations_active >= {threshold} grid\n");
    for engine in [&mut window, &mut writer] {
        engine.set_warning_rules(WarningRules::parse(&text).unwrap(), NOW);
    }
    let seen = window.warning_changes_since(&scope, 0).unwrap().last;
    let community = window.district().hierarchy.parent(busiest).unwrap();
    let before = window.warnings(&scope, Some(&code(&window, community))).unwrap();
    assert!(before.children.iter().all(|c| c.level == WarningLevel::Green), "{before:?}");

    // One more person isolated in a micro-grid of the busiest grid, by another seat.
    let micro_grid = window.district().hierarchy.children(busiest)[0];
    let mut isolation = writer.district().isolations.values().next().unwrap().clone();
    isolation.micro_grid = writer.district().hierarchy.node(micro_grid).code.clone();
    isolation.started_at = NOW.plus_secs(-3_600);
    isolation.planned_end = NOW.plus_secs(13 * 86_400);
    isolation.released_at = None;
    let writer_scope = writer.district_scope("simulate");
    writer.create(&writer_scope, Change::Isolation(isolation), NOW).await.unwrap();

    window.catch_up(&scope, NOW).await.unwrap().expect("figures moved");
    let news = window.warning_changes_since(&scope, seen).unwrap();
    let [change] = news.changes.as_slice() else { panic!("exactly one level change expected: {news:?}") };
    assert_eq!(change.node.code, code(&window, busiest));
    assert_eq!((change.from, change.to), (WarningLevel::Green, WarningLevel::Orange));
    assert_eq!(change.reason, format!("在管隔离 = {threshold}（在管隔离 ≥ {threshold}，规则第 1 行）"));
    assert_eq!(change.at, NOW.secs());
    // Its ancestors up to the district, parent first, so a seat can tell whether it looks there.
    let hierarchy = &window.district().hierarchy;
    let path: Vec<String> = hierarchy.path_to_root(busiest).skip(1).map(|id| hierarchy.node(id).code.0.clone()).collect();
    assert_eq!(change.ancestors, path);
    assert_eq!(change.ancestors.first(), Some(&code(&window, community)));
    assert_eq!(change.ancestors.last(), Some(&hierarchy.node(hierarchy.root()).code.0));
    assert!(!news.truncated);
    assert!(window.warning_changes_since(&scope, news.last).unwrap().changes.is_empty(), "news once only");
    // The writer saw its own change the same way.
    let theirs = writer.warning_changes_since(&writer_scope, seen).unwrap();
    assert_eq!(theirs.changes.len(), 1);

    // The view and the map carry the level.
    let after = window.warnings(&scope, Some(&code(&window, community))).unwrap();
    let grid = after.children.iter().find(|c| c.node.code == code(&window, busiest)).unwrap();
    assert_eq!(grid.level, WarningLevel::Orange);
    assert_eq!(grid.reason.as_deref(), Some(change.reason.as_str()));
    assert_eq!(after.counts.orange, 1);
    assert_eq!(after.counts.green as usize, after.children.len() - 1);
    // A seat that reads English is given the same reason in English, wherever it reads it.
    let english = wangge_domain::Scope { language: wangge_domain::Language::English, ..scope.clone() };
    let in_english = format!("Active isolations = {threshold} (active isolations ≥ {threshold}, rule on line 1 of the rules)");
    let viewed = window.warnings(&english, Some(&code(&window, community))).unwrap();
    let grid_en = viewed.children.iter().find(|c| c.node.code == code(&window, busiest)).unwrap();
    assert_eq!(grid_en.reason.as_deref(), Some(in_english.as_str()));
    assert_eq!(window.warning_changes_since(&english, seen).unwrap().changes[0].reason, in_english);
    let relayed = window.warning_changes_within_scope(&english, &news.changes);
    assert_eq!((relayed.len(), relayed[0].reason.as_str()), (1, in_english.as_str()), "the server's relay to an English seat");
    assert_eq!(window.warning_changes_within_scope(&scope, &news.changes)[0].reason, change.reason, "and to a Chinese one");
    let map = window.map_view(&scope, Some(&code(&window, community))).unwrap();
    for area in &map.areas {
        let expected = if area.node.code == code(&window, busiest) { WarningLevel::Orange } else { WarningLevel::Green };
        assert_eq!(area.warning, Some(expected), "{}", area.node.code);
    }
}

#[tokio::test]
async fn wall_screens_see_levels_and_a_street_leader_only_their_own_street() {
    let (_dir, mut window, _writer) = two_seats(7).await;
    let district = window.district_scope("window");
    let root = window.district_ref().code;
    let wall = Scope::new("wall-1", Role::WallScreen, root.as_str());
    let view = window.warnings(&wall, None).unwrap();
    assert_eq!(view.children.len(), window.stats(&district, None).unwrap().children.len());
    assert_eq!(view.focus.node.code, root);

    let streets: Vec<NodeId> = window.nodes_at(&district, Level::Street).unwrap();
    let (own, other) = (code(&window, streets[0]), code(&window, streets[1]));
    let leader = Scope::new("leader", Role::Leader, own.as_str());
    assert!(window.warnings(&leader, None).is_ok());
    let err = window.warnings(&leader, Some(&other)).unwrap_err();
    assert!(matches!(err, EngineError::Scope(_)), "{err}");

    // No rules: everything green. Then a rule edit turns every street red; the leader hears
    // only of their own.
    window.set_warning_rules(WarningRules::default(), NOW);
    let seen = window.warning_changes_since(&district, 0).unwrap().last;
    window.set_warning_rules(WarningRules::parse("red isolations_active >= 0 street").unwrap(), NOW);
    let news = window.warning_changes_since(&leader, seen).unwrap();
    let codes: Vec<&str> = news.changes.iter().map(|c| c.node.code.as_str()).collect();
    assert_eq!(codes, vec![own.as_str()], "a rule edit is a level change too, within the scope only");
    assert_eq!(window.warning_changes_since(&district, seen).unwrap().changes.len(), streets.len());
}

/// 预警记录: the busiest grid's last week, day by day, with a rule that sits just above its
/// isolations now: green every day (today too, as the live view says); one more isolation
/// today turns today orange with the rule's reason and leaves the days before as they were;
/// asked again the same; under other rules the past reads by those rules.
#[tokio::test]
async fn the_warning_history_is_each_days_level_and_a_change_today_moves_today_only() {
    let (_dir, mut engine, _) = two_seats(7).await;
    let scope = engine.district_scope("history");
    let grids = engine.nodes_at(&scope, Level::Grid).unwrap();
    let active = |engine: &Engine, id: NodeId| engine.index().counts(id).isolations_active;
    let busiest = *grids.iter().max_by_key(|&&g| (active(&engine, g), std::cmp::Reverse(g))).unwrap();
    let threshold = active(&engine, busiest) + 1;
    engine.set_warning_rules(WarningRules::parse(&format!("orange isolations_active >= {threshold} grid\n")).unwrap(), NOW);
    let request = wangge_api::TrendRequest { node: Some(code(&engine, busiest)), days: Some(7) };
    let before = engine.warning_history(&scope, &request, NOW).await.unwrap();
    assert_eq!(before.days.len(), 7);
    assert_eq!(before.days.last().unwrap().date, NOW.local().date().to_string());
    let live = engine.warnings(&scope, Some(&code(&engine, busiest))).unwrap().focus;
    let today = before.days.last().unwrap();
    assert_eq!((today.level, today.reason.clone()), (live.level, live.reason.clone()), "today is the live level");
    assert!(before.days.iter().all(|d| d.level == WarningLevel::Green), "{before:?}");

    let micro_grid = engine.district().hierarchy.children(busiest)[0];
    let mut isolation = engine.district().isolations.values().next().unwrap().clone();
    isolation.micro_grid = engine.district().hierarchy.node(micro_grid).code.clone();
    isolation.started_at = NOW.plus_secs(-600);
    isolation.planned_end = NOW.plus_secs(13 * 86_400);
    isolation.released_at = None;
    engine.create(&scope, Change::Isolation(isolation), NOW).await.unwrap();
    let after = engine.warning_history(&scope, &request, NOW).await.unwrap();
    assert_eq!(after.days[..6], before.days[..6], "the days before today are as they were");
    let today = after.days.last().unwrap();
    assert_eq!(today.level, WarningLevel::Orange);
    assert_eq!(today.reason.as_deref(), Some(format!("在管隔离 = {threshold}（在管隔离 ≥ {threshold}，规则第 1 行）").as_str()));
    assert_eq!(engine.warning_history(&scope, &request, NOW).await.unwrap(), after, "asked again (ended days kept): the same");
    // Other rules read the same past differently: nothing kept from the rules before.
    engine.set_warning_rules(WarningRules::parse("red isolations_active >= 0 grid\n").unwrap(), NOW);
    let under_other_rules = engine.warning_history(&scope, &request, NOW).await.unwrap();
    assert!(under_other_rules.days.iter().all(|d| d.level == WarningLevel::Red), "{under_other_rules:?}");
    let refused = engine.warning_history(&scope, &wangge_api::TrendRequest { days: Some(93), ..request }, NOW).await.unwrap_err();
    assert!(refused.to_string().contains("天数"), "{refused}");
}
