//! One function per chart, each from a [`BriefData`] to the SVG text of one drawing of
//! [`WIDTH`]×[`HEIGHT`] units. Which charts a briefing has, and in what order, is the
//! template's choice ([`ChartKind`]).

mod bars;
mod map;
mod style;
mod trends;

use serde::Deserialize;
use wangge_domain::metrics::Figure;

use crate::{BriefData, BriefError};

/// The size every chart is drawn at, in SVG units; pages scale it to their column.
pub const WIDTH: u32 = 720;
pub const HEIGHT: u32 = 360;

/// A chart a template may ask for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ChartKind {
    /// Active isolations per day's end, with new and released that day.
    IsolationTrend,
    /// Follow-up compliance (随访按时率) per day's end.
    FollowUpCompliance,
    /// Resumption rate of each child, worst first.
    ResumptionByChild,
    /// Resumption and worker return rates per day's end.
    ResumptionTrend,
    /// Tickets received and resolved each day.
    TicketsPerDay,
    /// Overdue tickets of each child, most first.
    OverdueByChild,
    /// How many children stand at each four-colour warning level (四色预警) on the day.
    WarningLevels,
    /// On-time resolution rate (按时办结率) of each unit that resolved the node's tickets, worst first.
    OnTimeByUnit,
    /// The children on a map, coloured by one figure (its name, e.g. `tickets_overdue`).
    Map { figure: String },
}

impl ChartKind {
    /// The chart's name in a template and in error messages.
    pub fn name(&self) -> &'static str {
        match self {
            ChartKind::IsolationTrend => "isolation_trend",
            ChartKind::FollowUpCompliance => "follow_up_compliance",
            ChartKind::ResumptionByChild => "resumption_by_child",
            ChartKind::ResumptionTrend => "resumption_trend",
            ChartKind::TicketsPerDay => "tickets_per_day",
            ChartKind::OverdueByChild => "overdue_by_child",
            ChartKind::WarningLevels => "warning_levels",
            ChartKind::OnTimeByUnit => "on_time_by_unit",
            ChartKind::Map { .. } => "map",
        }
    }

    /// Every chart with no parameters, and the map of `figure`.
    pub fn all_with_map_of(figure: &str) -> Vec<ChartKind> {
        vec![
            ChartKind::IsolationTrend,
            ChartKind::FollowUpCompliance,
            ChartKind::ResumptionByChild,
            ChartKind::ResumptionTrend,
            ChartKind::TicketsPerDay,
            ChartKind::OverdueByChild,
            ChartKind::WarningLevels,
            ChartKind::OnTimeByUnit,
            ChartKind::Map { figure: figure.to_string() },
        ]
    }

    /// Draws the chart.
    pub fn draw(&self, data: &BriefData) -> Result<String, BriefError> {
        let drawn = match self {
            ChartKind::IsolationTrend => trends::isolations(data),
            ChartKind::FollowUpCompliance => trends::follow_up_compliance(data),
            ChartKind::ResumptionByChild => bars::resumption_by_child(data),
            ChartKind::ResumptionTrend => trends::resumption(data),
            ChartKind::TicketsPerDay => trends::tickets_per_day(data),
            ChartKind::OverdueByChild => bars::overdue_by_child(data),
            ChartKind::WarningLevels => bars::warning_levels(data),
            ChartKind::OnTimeByUnit => bars::on_time_by_unit(data),
            ChartKind::Map { figure } => match Figure::named(figure) {
                Some(figure) => map::choropleth(data, figure),
                None => Err(format!("没有名为 {figure} 的指标").into()),
            },
        };
        drawn.map_err(|e| BriefError::Draw { chart: self.name(), reason: e.to_string() })
    }
}

type Drawn = Result<String, Box<dyn std::error::Error>>;
