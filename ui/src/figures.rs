//! Which figures the panel shows, under which Chinese label, and how each is written: counts
//! with thousands separators, rates as percentages with two decimals. Pure, tested on the
//! host; the `data-value` written next to each is exact so tests can compare it.

use wangge_api::Figures;

/// One figure's value: a count or a rate (undefined when its denominator is zero).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Count(u64),
    Rate(Option<f64>),
}

impl Value {
    /// What a commander reads: `11,614` or `98.92%` (or `—` for an undefined rate).
    pub fn display(self) -> String {
        match self {
            Value::Count(n) => group_thousands(n),
            Value::Rate(Some(rate)) => format!("{:.2}%", rate * 100.0),
            Value::Rate(None) => "—".to_string(),
        }
    }

    /// The exact value for machines: the integer, the rate's shortest round-trip decimal,
    /// or empty for an undefined rate.
    pub fn exact(self) -> String {
        match self {
            Value::Count(n) => n.to_string(),
            Value::Rate(Some(rate)) => rate.to_string(),
            Value::Rate(None) => String::new(),
        }
    }
}

/// One row of the panel: the snake_case field name (as in `wangge stats --json`), its label.
pub struct Metric {
    pub key: &'static str,
    pub label: &'static str,
    pub read: fn(&Figures) -> Value,
}

/// A titled block of rows.
pub struct Group {
    pub title: &'static str,
    pub metrics: &'static [Metric],
}

macro_rules! count {
    ($key:ident, $label:literal) => {
        Metric { key: stringify!($key), label: $label, read: |f| Value::Count(f.$key) }
    };
}
macro_rules! rate {
    ($key:ident, $label:literal) => {
        Metric { key: stringify!($key), label: $label, read: |f| Value::Rate(f.$key) }
    };
}

/// Every field of [`Figures`], grouped as the articles talk about them.
pub const GROUPS: &[Group] = &[
    Group {
        title: "疫情防控 · 隔离",
        metrics: &[
            count!(isolations_active, "在管隔离"),
            count!(isolations_active_centralised, "集中隔离"),
            count!(isolations_active_home, "居家隔离"),
            count!(isolations_active_home_observation, "居家观察"),
            count!(isolations_new_today, "今日新增"),
            count!(isolations_released_today, "今日解除"),
            count!(follow_ups_overdue, "随访超时"),
            count!(follow_ups_due, "应随访"),
            count!(follow_ups_done_on_time, "按时随访"),
            rate!(follow_up_compliance_rate, "随访按时率"),
        ],
    },
    Group {
        title: "复工复产",
        metrics: &[
            count!(enterprises_total, "企业总数"),
            count!(enterprises_resumed, "已复工"),
            rate!(resumption_rate, "复工率"),
            count!(workers_total, "职工总数"),
            count!(workers_back, "已返岗"),
            rate!(worker_return_rate, "返岗率"),
        ],
    },
    Group {
        title: "诉求工单",
        metrics: &[
            count!(tickets_received, "受理工单"),
            count!(tickets_accepted, "签收"),
            count!(tickets_resolved, "办结"),
            count!(tickets_resolved_on_time, "按时办结"),
            count!(tickets_open, "未办结"),
            count!(tickets_overdue, "超期"),
            rate!(acceptance_rate, "签收率"),
            rate!(resolution_rate, "办结率"),
            rate!(on_time_rate, "按时办结率"),
        ],
    },
];

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(11614), "11,614");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn rates_show_two_decimals_and_exact_values_round_trip() {
        let rate = Value::Rate(Some(0.989_2));
        assert_eq!(rate.display(), "98.92%");
        assert_eq!(rate.exact().parse::<f64>().ok(), Some(0.989_2));
        assert_eq!(Value::Rate(None).display(), "—");
        assert_eq!(Value::Rate(None).exact(), "");
        assert_eq!(Value::Count(11614).exact(), "11614");
    }

    #[test]
    fn every_field_of_figures_is_shown_once() {
        let keys: Vec<&str> = GROUPS.iter().flat_map(|g| g.metrics.iter().map(|m| m.key)).collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "duplicate keys");
        // Serialising Figures names every field; each must have a row.
        let json = format!("{:?}", Figures::default());
        let fields = json.matches(": ").count();
        assert_eq!(keys.len(), fields, "{json}");
    }

    #[test]
    fn rows_read_their_own_field() {
        let figures = Figures { tickets_received: 11614, resumption_rate: Some(0.5), ..Figures::default() };
        let find = |key: &str| GROUPS.iter().flat_map(|g| g.metrics.iter()).find(|m| m.key == key).map(|m| (m.read)(&figures));
        assert_eq!(find("tickets_received"), Some(Value::Count(11614)));
        assert_eq!(find("resumption_rate"), Some(Value::Rate(Some(0.5))));
    }
}
