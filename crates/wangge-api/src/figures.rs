//! A node's figures on the wire, and which of them colours the map.
//!
//! [`Figures`] is generated from the one declaration of every figure
//! (`wangge_figures::with_figures!`, re-exported here with its table [`FIGURES`]): one field
//! per figure, named as declared, so the JSON of `wangge stats --json` and the labels the UI
//! shows cannot drift apart. The engine fills it from the domain's counts with the same
//! declaration; the UI lists it by walking [`FIGURES`].

use serde::{Deserialize, Serialize};

pub use wangge_figures::{change_text, figure, grouped, Figure, FigureValue, Group as FigureGroup, Kind as FigureKind, FIGURES};

macro_rules! declare_figures {
    (
        counts { $( $(#[$doc:meta])* $count:ident => $cgroup:ident $clabels:tt, )* }
        rates { $( $(#[$rdoc:meta])* $rate:ident = $part:ident / $whole:ident => $rgroup:ident $rlabels:tt, )* }
    ) => {
        /// The figures of one node over its whole subtree. Counts add up from children to
        /// parent; rates are derived from counts and are `null` when their denominator is zero.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
        pub struct Figures {
            $( $(#[$doc])* pub $count: u64, )*
            $( $(#[$rdoc])* pub $rate: Option<f64>, )*
        }

        impl Figures {
            /// The value of `figure` at this node.
            pub fn value(&self, figure: &Figure) -> FigureValue {
                match figure.name {
                    $( stringify!($count) => FigureValue::Count(self.$count), )*
                    $( stringify!($rate) => FigureValue::Rate(self.$rate), )*
                    // A `Figure` is made only by the declaration these fields come from.
                    other => unreachable!("{other} is not a declared figure"),
                }
            }
        }
    };
}

wangge_figures::with_figures!(declare_figures);

/// Which figure colours the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChoroplethMetric {
    IsolationsActive,
    ResumptionRate,
    TicketsOverdue,
    OnTimeRate,
    /// Follow-ups done on time over those due (随访按时率).
    FollowUpCompliance,
    /// Let houses (出租房): where the rental work lies.
    RentalHouses,
    /// Let houses whose landlord is on the 黑榜 (黑榜房东).
    LandlordsBlackListed,
}

impl ChoroplethMetric {
    pub const ALL: [ChoroplethMetric; 7] = [
        ChoroplethMetric::IsolationsActive,
        ChoroplethMetric::ResumptionRate,
        ChoroplethMetric::TicketsOverdue,
        ChoroplethMetric::OnTimeRate,
        ChoroplethMetric::FollowUpCompliance,
        ChoroplethMetric::RentalHouses,
        ChoroplethMetric::LandlordsBlackListed,
    ];

    /// The figure it shows.
    pub fn figure(self) -> &'static Figure {
        match self {
            ChoroplethMetric::IsolationsActive => &figure::isolations_active,
            ChoroplethMetric::ResumptionRate => &figure::resumption_rate,
            ChoroplethMetric::TicketsOverdue => &figure::tickets_overdue,
            ChoroplethMetric::OnTimeRate => &figure::on_time_rate,
            ChoroplethMetric::FollowUpCompliance => &figure::follow_up_compliance_rate,
            ChoroplethMetric::RentalHouses => &figure::rental_houses,
            ChoroplethMetric::LandlordsBlackListed => &figure::landlords_black_listed,
        }
    }

    pub fn label_zh(self) -> &'static str {
        self.figure().label_zh
    }

    /// The metric's name in a seat's language.
    pub fn label_in(self, language: crate::Language) -> &'static str {
        self.figure().label_in(language)
    }

    /// The value of this metric in a node's figures; `None` where it is undefined.
    pub fn value(self, figures: &Figures) -> Option<f64> {
        figures.value(self.figure()).as_f64()
    }

    /// Whether a larger value is worse (drawn darker red) or better.
    pub fn higher_is_worse(self) -> bool {
        !matches!(self, ChoroplethMetric::ResumptionRate | ChoroplethMetric::OnTimeRate | ChoroplethMetric::FollowUpCompliance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_fields_are_the_declared_names_in_order() {
        let json = serde_json::to_string(&Figures::default()).unwrap();
        let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&json).unwrap();
        assert_eq!(object.len(), FIGURES.len(), "{json}");
        let mut at = 0;
        for f in FIGURES {
            let key = format!("\"{}\":", f.name);
            let found = json[at..].find(&key).unwrap_or_else(|| panic!("{} missing or out of order in {json}", f.name));
            at += found + key.len();
            let expected = if f.is_rate() { serde_json::Value::Null } else { serde_json::Value::from(0) };
            assert_eq!(object[f.name], expected, "{}", f.name);
        }
        // Names the outside world reads stay put.
        for name in ["workers_back", "worker_return_rate", "isolations_new_today", "tickets_overdue"] {
            assert!(object.contains_key(name), "{name}");
        }
    }

    #[test]
    fn every_figure_reads_its_own_field() {
        let figures = Figures { workers_back: 7, tickets_overdue: 3, resumption_rate: Some(0.5), ..Figures::default() };
        assert_eq!(figures.value(&figure::workers_back), FigureValue::Count(7));
        assert_eq!(figures.value(&figure::tickets_overdue), FigureValue::Count(3));
        assert_eq!(figures.value(&figure::resumption_rate), FigureValue::Rate(Some(0.5)));
        assert_eq!(figures.value(&figure::on_time_rate), FigureValue::Rate(None));
        let nonzero = FIGURES.iter().filter(|f| figures.value(f).as_f64().is_some_and(|v| v != 0.0)).count();
        assert_eq!(nonzero, 3);
    }

    #[test]
    fn each_choropleth_metric_shows_a_declared_figure_under_its_label() {
        let figures = Figures { isolations_active: 4, on_time_rate: Some(0.25), ..Figures::default() };
        for metric in ChoroplethMetric::ALL {
            assert!(FIGURES.contains(metric.figure()));
            assert_eq!(metric.label_zh(), metric.figure().label());
        }
        assert_eq!(ChoroplethMetric::IsolationsActive.value(&figures), Some(4.0));
        assert_eq!(ChoroplethMetric::OnTimeRate.value(&figures), Some(0.25));
        assert_eq!(ChoroplethMetric::ResumptionRate.value(&figures), None);
    }
}
