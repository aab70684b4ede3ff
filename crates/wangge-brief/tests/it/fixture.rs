//! A fixed briefing: a street of three communities, fifteen days' ends of figures.

use geo::{polygon, MultiPolygon};
use wangge_brief::{BriefData, Child, Day, UnitOnTime};
use wangge_domain::metrics::Counts;
use wangge_domain::warnings::WarningLevel;

fn square(lon: f64, lat: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![
        polygon![(x: lon, y: lat), (x: lon + 0.01, y: lat), (x: lon + 0.01, y: lat + 0.01), (x: lon, y: lat + 0.01), (x: lon, y: lat)],
    ])
}

fn counts(day: u64) -> Counts {
    Counts {
        isolations_active: 20 + day * 3 % 7,
        isolations_new_today: day % 4,
        isolations_released_today: (day + 1) % 3,
        follow_ups_due: 40 + day,
        follow_ups_done_on_time: 35 + day,
        enterprises_total: 50,
        enterprises_resumed: 30 + day,
        workers_total: 2_000,
        workers_back: 1_200 + 40 * day,
        tickets_received: 100 + 12 * day,
        tickets_resolved: 90 + 11 * day,
        tickets_open: 10 + day,
        tickets_overdue: day % 5,
        tickets_resolved_on_time: 80 + 10 * day,
        tickets_accepted: 98 + 12 * day,
        ..Counts::default()
    }
}

pub fn street() -> BriefData {
    let children = [("和睦社区", 0.0, 0.0, 4), ("德胜社区", 0.01, 0.0, 0), ("文晖社区", 0.0, 0.01, 9)]
        .into_iter()
        .map(|(name, dx, dy, overdue)| Child {
            name: name.to_string(),
            counts: Counts {
                tickets_overdue: overdue,
                enterprises_total: 10,
                enterprises_resumed: overdue + 1,
                enterprises_above_size: 4,
                enterprises_above_size_resumed: overdue.min(4),
                ..Counts::default()
            },
            boundary: square(120.15 + dx, 30.30 + dy),
            // The most overdue tickets, the worse the level.
            warning: match overdue {
                0 => WarningLevel::Green,
                1..=3 => WarningLevel::Yellow,
                _ => WarningLevel::Red,
            },
        })
        .collect();
    BriefData {
        unit_name: "和睦街道".to_string(),
        unit_code: "330105001".to_string(),
        level_label: "街道".to_string(),
        child_level_label: "社区".to_string(),
        date: "2026-12-01".to_string(),
        data_as_of: "2026-12-01 24:00".to_string(),
        days: (0..15).map(|d| Day { label: format!("11-{:02}", 17 + d), counts: counts(d) }).collect(),
        children,
        units: [("和睦社区", 120, 114), ("德胜社区", 80, 79), ("区城管局", 40, 31), ("市场监管所", 0, 0)]
            .into_iter()
            .map(|(name, resolved, on_time)| UnitOnTime { name: name.to_string(), resolved, on_time })
            .collect(),
    }
}
