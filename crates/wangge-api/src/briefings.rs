//! The view of the past and the briefings: figures of a node as they stood at the end of a
//! day (with the day before, for the day-on-day change), and a briefing export's request
//! and result.

use serde::{Deserialize, Serialize};

use crate::{ChildStats, Figures, NodeRef};

/// Figures of a node and its children at the end of a day, or now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AsOfRequest {
    /// The node; the scope's root when `None`.
    pub code: Option<String>,
    /// `YYYY-MM-DD`; `None` (or today) means now.
    pub date: Option<String>,
}

/// What the screen shows for a day: the node's figures at its end (now, for today), the
/// figures at the end of the day before, and the children's at the same instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AsOfFigures {
    pub node: NodeRef,
    /// The day shown, `YYYY-MM-DD`.
    pub date: String,
    /// When the figures hold, as a reader reads it: "2026-11-22 24:00", or the time now.
    pub data_as_of: String,
    /// Whether the day is today (the figures are those of now and move on).
    pub live: bool,
    pub metrics: Figures,
    /// At the end of the day before: what "较前一日" compares with.
    pub previous: Figures,
    pub children: Vec<ChildStats>,
}

/// A briefing (每日简报) to draw and write: of a node (the scope's root when `None`) for a
/// day, with a bundled template (`daily`, `weekly`), optionally one per child too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefingExport {
    pub code: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub template: String,
    pub children: bool,
}

/// The files a briefing export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedBriefings {
    /// The folder they are in.
    pub folder: String,
    /// How many briefings (the node, and its children when asked).
    pub briefings: usize,
    /// Every file's full path: per briefing one PDF, and a PNG and SVG per page.
    pub files: Vec<String>,
}

/// A briefing drawn for the screen, not written: its pages as SVG, first page first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefingPreview {
    pub pages: Vec<String>,
}
