//! `wangge warnings` end to end on the small demo: a rules file whose thresholds come from
//! the demo's own figures (`wangge stats --json`) gives every child the level the rules say,
//! before and after a stream of simulated changes; a wall screen reads levels; a street
//! leader cannot ask for another street; a bad rules file is refused by its line; the
//! history day by day ends at today's level.

use std::path::Path;

use serde_json::Value;

use crate::support::figures::n;
use crate::support::{json, ok, small_demo, stats, wangge};

/// Thresholds taken from the communities' own figures, so that the rules split them.
struct Thresholds {
    isolations: u64,
    open_tickets: u64,
}

impl Thresholds {
    fn from(communities: &[Value]) -> Self {
        let mut isolations: Vec<u64> = communities.iter().map(|c| n(&c["metrics"], "isolations_active")).collect();
        let mut open: Vec<u64> = communities.iter().map(|c| n(&c["metrics"], "tickets_open")).collect();
        isolations.sort_unstable();
        open.sort_unstable();
        // The largest value: at least one community at it, and (the demo varies) some below.
        let isolations = *isolations.last().unwrap();
        let open_tickets = open[open.len() / 2];
        Thresholds { isolations: isolations.max(1), open_tickets: open_tickets.max(1) }
    }

    fn file(&self) -> String {
        format!(
            "# thresholds from the demo's own figures\n\
             red     isolations_new_today >= 1 street\n\
             orange  isolations_active >= {} community\n\
             yellow  tickets_open >= {} community\n",
            self.isolations, self.open_tickets
        )
    }

    /// What the rules say of a child: its level and the figure named in the reason.
    fn expected(&self, level: &str, metrics: &Value) -> (&'static str, Option<String>) {
        let (iso, open, new) = (n(metrics, "isolations_active"), n(metrics, "tickets_open"), n(metrics, "isolations_new_today"));
        match level {
            "street" if new >= 1 => ("red", Some(format!("今日新增隔离 = {new}（"))),
            "community" if iso >= self.isolations => ("orange", Some(format!("在管隔离 = {iso}（"))),
            "community" if open >= self.open_tickets => ("yellow", Some(format!("未办结工单 = {open}（"))),
            _ => ("green", None),
        }
    }
}

/// Every child of `node` has the level the rules give its figures from `wangge stats`.
fn assert_levels_follow_the_rules(db: &str, rules: &Path, thresholds: &Thresholds, node: Option<&str>) -> Vec<String> {
    let report = stats(db, node);
    let mut args = vec!["warnings", "--db", db, "--rules", rules.to_str().unwrap(), "--json"];
    args.extend(node.iter().flat_map(|n| ["--node", n]));
    let view = json(wangge(&args, &[]));
    assert_eq!(view["focus"]["node"]["code"], report["node"]["code"]);
    let children = view["children"].as_array().unwrap();
    assert_eq!(children.len(), report["children"].as_array().unwrap().len());
    let mut levels = Vec::new();
    for (child, figures) in children.iter().zip(report["children"].as_array().unwrap()) {
        assert_eq!(child["node"]["code"], figures["code"]);
        let (level, reason) = thresholds.expected(figures["level"].as_str().unwrap(), &figures["metrics"]);
        assert_eq!(child["level"], level, "{child} with {}", figures["metrics"]);
        match reason {
            Some(start) => assert!(child["reason"].as_str().unwrap().starts_with(&start), "{child}: expected {start}"),
            None => assert!(child["reason"].is_null(), "{child}"),
        }
        levels.push(level.to_string());
    }
    let counts = &view["counts"];
    for colour in ["red", "orange", "yellow", "green"] {
        assert_eq!(counts[colour].as_u64().unwrap() as usize, levels.iter().filter(|l| *l == colour).count(), "{colour}");
    }
    levels
}

#[test]
fn levels_follow_a_rules_file_made_from_the_demo_figures_before_and_after_changes() {
    let (dir, db) = small_demo();
    let db = db.as_str();
    let streets: Vec<String> =
        stats(db, None)["children"].as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap().to_string()).collect();
    let communities: Vec<Value> = streets.iter().flat_map(|s| stats(db, Some(s))["children"].as_array().unwrap().clone()).collect();
    let thresholds = Thresholds::from(&communities);
    let rules = dir.path().join("rules.txt");
    std::fs::write(&rules, thresholds.file()).unwrap();

    let mut seen = Vec::new();
    seen.extend(assert_levels_follow_the_rules(db, &rules, &thresholds, None));
    for street in &streets {
        seen.extend(assert_levels_follow_the_rules(db, &rules, &thresholds, Some(street)));
    }
    assert!(seen.iter().any(|l| l == "orange"), "the thresholds split the demo: {seen:?}");
    assert!(seen.iter().any(|l| l != "orange"), "{seen:?}");

    // Other seats change things; levels follow the new figures.
    ok(wangge(&["simulate", "--db", db, "--count", "25", "--rate", "1000", "--node", &streets[0], "--seed", "3"], &[]));
    for street in &streets {
        assert_levels_follow_the_rules(db, &rules, &thresholds, Some(street));
    }

    // The table names levels in Chinese, with the reasons.
    let table = ok(wangge(&["warnings", "--db", db, "--node", &streets[0], "--rules", rules.to_str().unwrap()], &[]));
    assert!(table.contains("橙色预警: 在管隔离 = "), "{table}");
}

#[test]
fn the_bundled_rules_apply_without_a_file_and_scope_is_checked() {
    let (_dir, db) = small_demo();
    let db = db.as_str();
    let district = stats(db, None);
    let own = district["children"][0]["code"].as_str().unwrap();
    let other = district["children"][1]["code"].as_str().unwrap();

    let view = json(wangge(&["warnings", "--db", db, "--json"], &[]));
    // The bundled rules judge by rates per level: a new isolation today does not make the
    // district or its street red, and the communities are not all one colour.
    assert!(n(&district["metrics"], "isolations_new_today") >= 1, "the demo has an isolation started today");
    assert_ne!(view["focus"]["level"], "red", "{}", view["focus"]);
    assert!(view["children"].as_array().unwrap().iter().all(|c| c["level"] != "red"), "{view}");
    let mut colours = std::collections::BTreeSet::new();
    for street in district["children"].as_array().unwrap() {
        let code = street["code"].as_str().unwrap();
        let communities = json(wangge(&["warnings", "--db", db, "--node", code, "--json"], &[]));
        for child in communities["children"].as_array().unwrap() {
            colours.insert(child["level"].as_str().unwrap().to_owned());
            if child["level"] != "green" {
                let reason = child["reason"].as_str().unwrap();
                assert!(reason.contains("规则第") && !reason.contains('_'), "a reason in words: {reason}");
            }
        }
    }
    assert!(colours.len() > 1, "every community of the demo is {colours:?}");

    let wall = json(wangge(&["warnings", "--db", db, "--json"], &[("WANGGE_ROLE", "wall_screen")]));
    assert_eq!(wall, view, "levels are aggregates: a wall screen sees them as a commander does");

    let leader = [("WANGGE_SCOPE", own), ("WANGGE_ROLE", "leader")];
    let mine = json(wangge(&["warnings", "--db", db, "--json"], &leader));
    assert_eq!(mine["focus"]["node"]["code"], own);
    let refused = wangge(&["warnings", "--db", db, "--node", other], &leader);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains(&format!("区域 {other} 不在账号")), "{message}");
}

#[test]
fn a_bad_rules_file_is_refused_by_its_line() {
    let (dir, db) = small_demo();
    let rules = dir.path().join("rules.txt");
    std::fs::write(&rules, "# ours\nred isolations_new_today >= 1\norange isolations_active >= lots grid\n").unwrap();
    let out = wangge(&["warnings", "--db", &db, "--rules", rules.to_str().unwrap()], &[]);
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains(&format!("{}, line 3: threshold \"lots\" is not a number", rules.display())), "{message}");
}

/// `--history DAYS`: one day per line, oldest first, today last and at the level the live
/// report gives the node; a number of days out of range is refused by name.
#[test]
fn the_history_ends_at_todays_level() {
    let (_dir, db) = small_demo();
    let district = stats(&db, None);
    let street = district["children"][0]["code"].as_str().unwrap().to_owned();
    let history = json(wangge(&["warnings", "--db", &db, "--node", &street, "--history", "5", "--json"], &[]));
    let days = history["days"].as_array().unwrap();
    assert_eq!(days.len(), 5);
    let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] < w[1]), "oldest first: {dates:?}");
    let live = json(wangge(&["warnings", "--db", &db, "--node", &street, "--json"], &[]));
    assert_eq!(days[4]["level"], live["focus"]["level"], "today is the live level");
    assert_eq!(days[4]["reason"], live["focus"]["reason"]);
    let text = ok(wangge(&["warnings", "--db", &db, "--node", &street, "--history", "5"], &[]));
    assert_eq!(text.lines().count(), 6, "a head and five days: {text}");
    let refused = wangge(&["warnings", "--db", &db, "--node", &street, "--history", "0"], &[]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("天数"), "{}", String::from_utf8_lossy(&refused.stderr));
}
