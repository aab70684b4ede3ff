//! Briefings (每日简报): the charts, the map and the pages a command centre sends up and down
//! the hierarchy every evening, drawn from figures alone.
//!
//! Everything here is a pure function: [`BriefData`] (the figures of one node at each day's
//! end, and of its children on the day) and a [`Template`] go in, SVG text and PNG/PDF bytes
//! come out. No database, no clock, no system fonts: the same data gives the same bytes on
//! every machine, which is what makes a briefing for last Tuesday reproducible.
//!
//! One drawing, three formats: each page is one SVG (charts drawn by plotters, placed on an
//! A4 page); the PNG is that SVG rasterised by resvg, the PDF that SVG laid on PDF pages by
//! krilla. Text is drawn with the CJK font shipped in `assets/fonts/` ([`font`]).
//!
//! Where to start: [`model`] (what a briefing is made of), [`charts`] (one function per
//! chart), [`page`] (the A4 layout), [`output`] (PNG and PDF).

pub mod charts;
pub mod font;
pub mod model;
pub mod numbers;
pub mod output;
pub mod page;
pub mod template;

pub use charts::ChartKind;
pub use model::{BriefData, Child, Day, UnitOnTime};
pub use output::{Format, Rendered};
pub use template::Template;

/// Why a briefing could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum BriefError {
    #[error("图表“{chart}”绘制失败：{reason}")]
    Draw { chart: &'static str, reason: String },
    #[error("简报模板 {file} 有误：{reason}")]
    Template { file: String, reason: String },
    #[error("简报页面无法转换：{0}")]
    Convert(String),
}
