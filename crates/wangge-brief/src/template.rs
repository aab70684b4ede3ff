//! Briefing templates: which charts, in which order, how many days of trend, and which
//! figures head the first page. The bundled ones live in `assets/briefings/`; a district
//! may write its own in the same form.
//!
//! ```toml
//! title = "每日简报"
//! days = 14
//! headline = ["isolations_active", "tickets_overdue"]
//! [[charts]]
//! kind = "isolation_trend"
//! [[charts]]
//! kind = "map"
//! figure = "tickets_overdue"
//! ```

use serde::Deserialize;
use wangge_domain::metrics::Figure;

use crate::{BriefError, ChartKind};

/// The templates every installation has, by the name `--template` takes.
pub const BUNDLED: &[(&str, &str)] =
    &[("daily", include_str!("../../../assets/briefings/daily.toml")), ("weekly", include_str!("../../../assets/briefings/weekly.toml"))];

/// The longest trend a template may ask for, in days.
pub const MOST_DAYS: u32 = 92;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The briefing's title after the unit's name: 和睦街道 + 每日简报.
    pub title: String,
    /// How many days the trend charts show, ending on the briefing's day.
    pub days: u32,
    /// The figures of the headline table, by name, in order.
    pub headline: Vec<String>,
    pub charts: Vec<ChartKind>,
}

impl Template {
    /// A bundled template by name.
    pub fn bundled(name: &str) -> Option<Template> {
        let (file, text) = BUNDLED.iter().find(|(n, _)| *n == name)?;
        // Bundled templates are tested to parse; a failure is a broken build.
        Some(Template::parse(&format!("{file}.toml"), text).unwrap_or_else(|e| panic!("{e}")))
    }

    /// Reads a template; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Template, BriefError> {
        let wrong = |reason: String| BriefError::Template { file: file.to_string(), reason };
        let template: Template = toml::from_str(text).map_err(|e| wrong(e.to_string()))?;
        if template.days == 0 || template.days > MOST_DAYS {
            return Err(wrong(format!("days = {}：趋势天数应在 1 到 {MOST_DAYS} 之间", template.days)));
        }
        if let Some(unknown) = template.headline.iter().find(|name| Figure::named(name).is_none()) {
            return Err(wrong(format!("headline 中的 {unknown} 不是指标名")));
        }
        for chart in &template.charts {
            if let ChartKind::Map { figure } = chart {
                if Figure::named(figure).is_none() {
                    return Err(wrong(format!("地图的 figure = {figure} 不是指标名")));
                }
            }
        }
        if template.charts.is_empty() && template.headline.is_empty() {
            return Err(wrong("既没有 headline 也没有 charts：简报将是空白的".to_string()));
        }
        Ok(template)
    }

    /// The headline figures.
    pub fn headline_figures(&self) -> impl Iterator<Item = &'static Figure> + '_ {
        self.headline.iter().filter_map(|name| Figure::named(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_templates_parse() {
        for (name, _) in BUNDLED {
            let template = Template::bundled(name).unwrap();
            assert!(!template.charts.is_empty(), "{name}");
        }
    }

    #[test]
    fn mistakes_name_the_file_and_the_field() {
        let err = Template::parse("mine.toml", "title = \"x\"\ndays = 7\nheadline = [\"isolations_activ\"]\ncharts = []").unwrap_err();
        assert_eq!(err.to_string(), "简报模板 mine.toml 有误：headline 中的 isolations_activ 不是指标名");
        let err = Template::parse("mine.toml", "title = \"x\"\ndays = 0\nheadline = []\ncharts = []").unwrap_err();
        assert!(err.to_string().contains("days = 0"), "{err}");
        let err = Template::parse("mine.toml", "title = \"x\"\ndays = 7\nheadline = []\n[[charts]]\nkind = \"pie\"").unwrap_err();
        assert!(err.to_string().contains("mine.toml") && err.to_string().contains("pie"), "{err}");
        let err = Template::parse("mine.toml", "title = \"x\"\ndays = 7\nheadline = []\n[[charts]]\nkind = \"map\"\nfigure = \"nope\"")
            .unwrap_err();
        assert!(err.to_string().contains("figure = nope"), "{err}");
    }
}
