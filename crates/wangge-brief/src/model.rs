//! What a briefing is drawn from: the figures of one node at the end of each day of the
//! period, and of each of its children on the briefing's day.

use geo::MultiPolygon;
use wangge_domain::metrics::{Counts, Metrics};
use wangge_domain::warnings::WarningLevel;

/// The figures of one node for one briefing. The engine fills it (from the records, as of
/// each day's end); everything else only reads it.
#[derive(Debug, Clone)]
pub struct BriefData {
    /// The unit the briefing is about: its name (e.g. 和睦街道) and level (街道).
    pub unit_name: String,
    pub unit_code: String,
    pub level_label: String,
    /// What its children are called (社区 under a street), for chart titles.
    pub child_level_label: String,
    /// The briefing's day, `YYYY-MM-DD`.
    pub date: String,
    /// When the figures hold, as a reader reads it ("2026-12-01 24:00").
    pub data_as_of: String,
    /// The node's figures at the end of each day, oldest first; the last is the briefing's
    /// day. One day more than the charts show precedes them, so that per-day flows (tickets
    /// received that day) and the day-on-day change of the first day can be computed.
    pub days: Vec<Day>,
    /// The node's children current on the day, with their figures at the day's end.
    pub children: Vec<Child>,
    /// The units that resolved tickets placed under the node, by the day's end.
    pub units: Vec<UnitOnTime>,
}

/// One handling unit's resolutions of the node's tickets by the day's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitOnTime {
    /// Its name (社区, 街道, 市场监管所 …), never its code.
    pub name: String,
    pub resolved: u64,
    /// Of those, by the deadline.
    pub on_time: u64,
}

/// One day's end.
#[derive(Debug, Clone)]
pub struct Day {
    /// `MM-DD`, as on an axis.
    pub label: String,
    pub counts: Counts,
}

/// A child node on the briefing's day.
#[derive(Debug, Clone)]
pub struct Child {
    pub name: String,
    pub counts: Counts,
    /// Its boundary (longitude, latitude) as it was on the day.
    pub boundary: MultiPolygon<f64>,
    /// Its four-colour warning level (四色预警) by the district's rules on its figures of the
    /// day's end.
    pub warning: WarningLevel,
}

impl BriefData {
    /// The figures on the briefing's day.
    pub fn today(&self) -> Metrics {
        Metrics { counts: self.days.last().map(|d| d.counts).unwrap_or_default() }
    }

    /// The figures at the end of the day before.
    pub fn yesterday(&self) -> Option<Metrics> {
        let n = self.days.len();
        (n >= 2).then(|| Metrics { counts: self.days[n - 2].counts })
    }

    /// The days the trend charts show (all but the leading one kept for differences).
    pub fn shown_days(&self) -> &[Day] {
        self.days.get(1..).unwrap_or(&[])
    }

    /// For each shown day, the growth of a cumulative count over that day.
    pub fn per_day(&self, count: impl Fn(&Counts) -> u64) -> Vec<u64> {
        self.days.windows(2).map(|w| count(&w[1].counts).saturating_sub(count(&w[0].counts))).collect()
    }
}
