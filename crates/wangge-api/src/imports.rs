//! Importing files from the desktop's import dialog (issue 4): what to import and how, the
//! progress events, and the result — counts, row errors, or a boundary topology report.
//! Progress stages, reasons and summary lines are worded in the importing seat's language;
//! columns and values are the file's own.

use serde::{Deserialize, Serialize};

use crate::Level;

/// What kind of file is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Boundaries,
    Houses,
    People,
    Isolations,
    Enterprises,
    /// The rental register: let houses, rooms, landlords (出租房台账).
    Rentals,
    /// A 12345 hotline export: tickets.
    Hotline,
}

impl ImportKind {
    pub const ALL: [ImportKind; 7] = [
        ImportKind::Boundaries,
        ImportKind::Houses,
        ImportKind::People,
        ImportKind::Isolations,
        ImportKind::Enterprises,
        ImportKind::Rentals,
        ImportKind::Hotline,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Boundaries => "boundaries",
            ImportKind::Houses => "houses",
            ImportKind::People => "people",
            ImportKind::Isolations => "isolations",
            ImportKind::Enterprises => "enterprises",
            ImportKind::Rentals => "rentals",
            ImportKind::Hotline => "hotline",
        }
    }

    pub fn parse(text: &str) -> Option<ImportKind> {
        ImportKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ImportKind::Boundaries => "边界",
            ImportKind::Houses => "房屋",
            ImportKind::People => "人员",
            ImportKind::Isolations => "隔离",
            ImportKind::Enterprises => "企业",
            ImportKind::Rentals => "出租房",
            ImportKind::Hotline => "12345工单",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ImportKind::Boundaries => "Boundaries",
            ImportKind::Houses => "Houses",
            ImportKind::People => "People",
            ImportKind::Isolations => "Isolations",
            ImportKind::Enterprises => "Enterprises",
            ImportKind::Rentals => "Rental houses",
            ImportKind::Hotline => "12345 tickets",
        }
    }

    /// The name in a seat's language.
    pub fn label_in(self, language: crate::Language) -> &'static str {
        language.pick(self.label_zh(), self.label_en())
    }
}

/// One import as the dialog asks for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportRequest {
    pub kind: ImportKind,
    /// The file's path on this machine.
    pub path: String,
    /// `utf-8` or `gbk`; `None`: detected. Ignored for boundaries and XLSX.
    #[serde(default)]
    pub encoding: Option<String>,
    /// Tables: a saved mapping file (JSON: field → column; for hotline files also value maps
    /// `categories` and `statuses`), as `wangge import … --mapping FILE` takes it.
    #[serde(default)]
    pub mapping: Option<String>,
    /// XLSX: the worksheet to read (default: the first).
    #[serde(default)]
    pub sheet: Option<String>,
    /// Store the good rows and report the others, instead of all or nothing.
    #[serde(default)]
    pub good_rows: bool,
    /// Boundaries: the level of the file's features (default: grid).
    #[serde(default)]
    pub level: Option<Level>,
    /// Boundaries: the parent of every feature (default: each feature's `parent` property).
    #[serde(default)]
    pub parent: Option<String>,
    /// Boundaries: the file's datum is GCJ-02 (converted to WGS84); WGS84 otherwise.
    #[serde(default)]
    pub gcj02: bool,
    /// Boundaries: import despite warnings.
    #[serde(default)]
    pub accept_warnings: bool,
    /// Boundaries: apply the fixes that need no judgement, then check again.
    #[serde(default)]
    pub fix: bool,
    /// Boundaries: the property holding each feature's code, e.g. 网格编号 (default `code`).
    #[serde(default)]
    pub code_field: Option<String>,
    /// Boundaries: the property holding each feature's name, e.g. 网格名称 (default `name`).
    #[serde(default)]
    pub name_field: Option<String>,
    /// Boundaries: find each feature's parent from its code, `prefix` or `regex:PATTERN`
    /// (as `wangge import boundaries --parent-from-code`).
    #[serde(default)]
    pub parent_from_code: Option<String>,
    /// Boundaries, the first import of streets: the code and name of the district they make up.
    #[serde(default)]
    pub district_code: Option<String>,
    #[serde(default)]
    pub district_name: Option<String>,
    /// Boundaries: the kind of new micro-grids whose feature does not say (`building`, …).
    #[serde(default)]
    pub micro_kind: Option<String>,
    /// Boundaries: refuse features that share a code instead of merging them into one area.
    #[serde(default)]
    pub strict_codes: bool,
}

/// One refused row: the file's row number, the column as the file names it, the value, why
/// (in the seat's language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRowError {
    pub row: u64,
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// One finding of a boundary file's topology report (or a feature that cannot be placed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoundaryFinding {
    /// `error` or `warning`.
    pub severity: String,
    /// `self_intersection`, `overlap`, `gap`, `outside_parent`, `placement`, ...
    pub kind: String,
    /// The feature's code, when it has one.
    pub code: Option<String>,
    /// The feature's index in the file.
    pub feature: Option<u64>,
    /// `[longitude, latitude]` of the problem, when it has a place.
    pub location: Option<[f64; 2]>,
    pub message: String,
}

/// How an import ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    /// Stored (possibly only the good rows).
    Imported,
    /// Errors: nothing stored.
    Refused,
    /// Boundary warnings not accepted: nothing stored; re-run with fix or accept-warnings.
    Cancelled,
    /// Nothing to store: every feature is already stored as it is.
    Unchanged,
}

/// What an import did, for the dialog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub kind: ImportKind,
    pub outcome: ImportOutcome,
    /// Data rows (features for boundaries) in the file.
    pub rows: u64,
    /// Records stored.
    pub stored: u64,
    /// Rows refused in all.
    pub rejected: u64,
    /// The first row errors (at most [`ImportReport::ERRORS_SHOWN`]), in row order.
    pub errors: Vec<ImportRowError>,
    /// One line each: how the file was read and what was placed where.
    pub summary: Vec<String>,
    /// Boundaries: the topology report.
    pub findings: Vec<BoundaryFinding>,
    /// Boundaries: one line per fix applied.
    pub fixes: Vec<String>,
    pub seconds: f64,
}

impl ImportReport {
    pub const ERRORS_SHOWN: usize = 50;

    pub fn warnings(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == "warning").count()
    }

    pub fn errors_found(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == "error").count()
    }
}
