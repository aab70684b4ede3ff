//! The topology report, computed before anything is written.
//!
//! [`check`] runs every rule over the candidates of one file (siblings: the children of one
//! parent) and returns a [`Report`]. Errors block an import until the file is fixed; warnings
//! may be accepted by the user. Each finding names the feature (index and code) and, where it
//! has one, a location (WGS84 lon/lat) and an area in m².

mod area;
mod codes;
mod intersections;
mod siblings;

use geo::{Coord, MultiPolygon};
use serde::Serialize;
use wangge_domain::hierarchy::NodeCode;

use crate::read::Candidate;
use crate::rings::{RingDefect, RingRef};

pub use area::area_m2;
pub use codes::significant_prefix;
pub use intersections::{is_tangled, self_intersections, POINT_LIMIT};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// May be accepted by the user; the import can go on.
    Warning,
    /// Blocks the import until fixed.
    Error,
}

/// What a finding is about; the data a UI needs to point at the problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum FindingKind {
    MissingCode,
    MissingName,
    UnclosedRing {
        ring: RingRef,
    },
    TooFewPositions {
        ring: RingRef,
        count: usize,
    },
    /// Rings of one feature cross or touch along a line: `ring == other` is a ring crossing
    /// itself, otherwise two rings (or two parts of a MultiPolygon) meet improperly.
    SelfIntersection {
        ring: RingRef,
        other: RingRef,
        points: Vec<Coord<f64>>,
    },
    DuplicateCode {
        features: Vec<usize>,
    },
    /// The code does not start with the parent's significant prefix.
    CodeNotUnderParent {
        parent: String,
        expected_prefix: String,
    },
    /// The feature names a parent other than the one being imported under.
    ParentMismatch {
        stated: String,
        expected: String,
    },
    OutsideParent {
        parent: String,
        area_m2: f64,
    },
    Overlap {
        other: usize,
        area_m2: f64,
    },
    Gap {
        area_m2: f64,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Feature index in the file, when the finding concerns one feature.
    pub feature: Option<usize>,
    pub code: Option<String>,
    pub kind: FindingKind,
    /// A representative WGS84 lon/lat to show on the map.
    pub location: Option<Coord<f64>>,
    /// Human-readable, names the feature by index and code.
    pub message: String,
}

/// The parent the candidates are imported under, when it is known (its boundary comes from
/// the database or from the file one level up).
#[derive(Debug, Clone, PartialEq)]
pub struct ParentBoundary {
    pub code: NodeCode,
    pub boundary: MultiPolygon<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckOptions {
    pub parent: Option<ParentBoundary>,
    /// Overlaps, gaps and outside-parent pieces smaller than this are ignored: boundary files
    /// are generalised and adjacent figures rarely share every vertex.
    pub area_tolerance_m2: f64,
    /// Whether to compute sibling overlaps and gaps (costly on thousands of figures).
    pub siblings: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions { parent: None, area_tolerance_m2: DEFAULT_AREA_TOLERANCE_M2, siblings: true }
    }
}

/// Default tolerance for overlaps, gaps and outside-parent areas: 100 m², a 10 m × 10 m
/// square — below what a micro-grid (a stairwell, a building) could lose to a redraw, above
/// the slivers that coordinate rounding at 1e-6° leaves along a shared edge.
pub const DEFAULT_AREA_TOLERANCE_M2: f64 = 100.0;

/// All findings for one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    /// No findings at all, warnings included.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity == Severity::Warning)
    }

    /// Whether the import may proceed (possibly after the user accepts the warnings).
    pub fn blocks_import(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Findings about one feature.
    pub fn for_feature(&self, index: usize) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.feature == Some(index))
    }
}

pub(crate) fn finding(severity: Severity, c: &Candidate, kind: FindingKind, location: Option<Coord<f64>>, message: String) -> Finding {
    Finding { severity, feature: Some(c.index), code: c.code.clone(), kind, location, message }
}

/// Runs every rule over the candidates of one file.
pub fn check(candidates: &[Candidate], options: &CheckOptions) -> Report {
    let mut findings = Vec::new();
    let mut tangled = Vec::new();
    for c in candidates {
        ring_defects(c, &mut findings);
        if intersections::findings(c, &mut findings) {
            tangled.push(c.index);
        }
    }
    codes::findings(candidates, options.parent.as_ref(), &mut findings);
    // A figure crossing itself a thousand times has no meaningful area, and overlaying it costs
    // time with the square of its vertices (the 801-vertex star took 19 s): left out.
    let kept: Vec<Candidate>;
    let candidates = if tangled.is_empty() {
        candidates
    } else {
        kept = candidates.iter().filter(|c| !tangled.contains(&c.index)).cloned().collect();
        &kept
    };
    if let Some(parent) = &options.parent {
        siblings::outside_parent(candidates, parent, options.area_tolerance_m2, &mut findings);
    }
    if options.siblings {
        siblings::overlaps(candidates, options.area_tolerance_m2, &mut findings);
        siblings::gaps(candidates, options.parent.as_ref(), options.area_tolerance_m2, &mut findings);
    }
    Report { findings }
}

fn ring_defects(c: &Candidate, out: &mut Vec<Finding>) {
    for defect in &c.ring_defects {
        let (kind, location, message) = match defect {
            RingDefect::Unclosed { ring, first, last } => (
                FindingKind::UnclosedRing { ring: *ring },
                // The stored ring is closed at the original first position (already WGS84).
                ring_start(c, *ring),
                format!("{}: {ring} is not closed: first position {first:?} differs from last {last:?}", c.label()),
            ),
            RingDefect::TooFewPositions { ring, count } => (
                FindingKind::TooFewPositions { ring: *ring, count: *count },
                None,
                format!("{}: {ring} has {count} positions; a linear ring needs at least 4", c.label()),
            ),
        };
        out.push(finding(Severity::Error, c, kind, location, message));
    }
}

fn ring_start(c: &Candidate, at: RingRef) -> Option<Coord<f64>> {
    let polygon = c.boundary.0.get(at.polygon)?;
    let ring = if at.ring == 0 { polygon.exterior() } else { polygon.interiors().get(at.ring - 1)? };
    ring.0.first().copied()
}
