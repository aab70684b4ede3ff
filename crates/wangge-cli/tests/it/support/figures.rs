//! Figures as `wangge stats --json` prints them: reading one, how they moved between two
//! reports, and the additive ones reconciling down the tree.

use std::collections::BTreeMap;

use serde_json::Value;

/// The figures of a node that equal the sum over its children.
pub const ADDITIVE: [&str; 22] = [
    "residents",
    "isolations_active",
    "isolations_active_centralised",
    "isolations_active_home",
    "isolations_active_home_observation",
    "isolations_new_today",
    "isolations_released_today",
    "follow_ups_overdue",
    "follow_ups_due",
    "follow_ups_done_on_time",
    "enterprises_total",
    "enterprises_resumed",
    "enterprises_above_size",
    "enterprises_above_size_resumed",
    "workers_total",
    "workers_back",
    "tickets_received",
    "tickets_accepted",
    "tickets_resolved",
    "tickets_resolved_on_time",
    "tickets_open",
    "tickets_overdue",
];

/// The count `name` of a JSON object (a report, a figures object).
pub fn n(value: &Value, name: &str) -> u64 {
    value[name].as_u64().unwrap_or_else(|| panic!("{name} is a count in {value}"))
}

/// The figure `name` of a stats report's node.
pub fn figure(report: &Value, name: &str) -> i64 {
    report["metrics"][name].as_i64().unwrap_or_else(|| panic!("{name} in {report}"))
}

/// How each of the `names` figures of the node moved between two reports (those that did).
pub fn moved(names: &[&'static str], before: &Value, after: &Value) -> BTreeMap<&'static str, i64> {
    names.iter().map(|&name| (name, figure(after, name) - figure(before, name))).filter(|(_, d)| *d != 0).collect()
}

/// Every additive figure of the node equals the sum over its children; rates follow counts.
pub fn assert_reconciles(report: &Value) {
    let children = report["children"].as_array().unwrap();
    assert!(!children.is_empty());
    for name in ADDITIVE {
        let sum: u64 = children.iter().map(|c| n(&c["metrics"], name)).sum();
        assert_eq!(sum, n(&report["metrics"], name), "{name} of {} vs its children", report["node"]["code"]);
    }
    let m = &report["metrics"];
    let rate = n(m, "enterprises_resumed") as f64 / n(m, "enterprises_total") as f64;
    assert!((m["resumption_rate"].as_f64().unwrap() - rate).abs() < 1e-12);
}
