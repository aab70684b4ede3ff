//! The topology report, computed before anything is written.
//!
//! [`check`] runs every rule over the candidates of one file (siblings: the children of one
//! parent) and returns a [`Report`]. Errors block an import until the file is fixed; warnings
//! may be accepted by the user. Each finding names the feature (index and code) and, where it
//! has one, a location (WGS84 lon/lat) and an area in m².
//!
//! A finding's message is worded in [`CheckOptions::language`], the importing seat's; its
//! kind, severity, feature, code and location are the same in every language.

mod area;
mod codes;
mod intersections;
mod siblings;

use geo::{Coord, MultiPolygon};
use serde::Serialize;
use wangge_domain::hierarchy::NodeCode;
use wangge_figures::{say, Language};

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
    /// Human-readable, in [`CheckOptions::language`]; names the feature by index and code.
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
    /// The language of the findings' messages: the importing seat's. English by default, the
    /// wording of the command line's boundary report (English throughout, and read by its tests).
    pub language: Language,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions { parent: None, area_tolerance_m2: DEFAULT_AREA_TOLERANCE_M2, siblings: true, language: Language::English }
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
    let language = options.language;
    for c in candidates {
        ring_defects(c, language, &mut findings);
        if intersections::findings(c, language, &mut findings) {
            tangled.push(c.index);
        }
    }
    codes::findings(candidates, options.parent.as_ref(), language, &mut findings);
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
        siblings::outside_parent(candidates, parent, options.area_tolerance_m2, language, &mut findings);
    }
    if options.siblings {
        siblings::overlaps(candidates, options.area_tolerance_m2, language, &mut findings);
        siblings::gaps(candidates, options.parent.as_ref(), options.area_tolerance_m2, language, &mut findings);
    }
    Report { findings }
}

fn ring_defects(c: &Candidate, language: Language, out: &mut Vec<Finding>) {
    let label = c.label_in(language);
    for defect in &c.ring_defects {
        let (kind, location, message) = match defect {
            RingDefect::Unclosed { ring, first, last } => (
                FindingKind::UnclosedRing { ring: *ring },
                // The stored ring is closed at the original first position (already WGS84).
                ring_start(c, *ring),
                say!(
                    language,
                    "{label}：{}未闭合：首个坐标点 {first:?} 与末个坐标点 {last:?} 不同",
                    "{label}: {} is not closed: first position {first:?} differs from last {last:?}",
                    ring.describe_in(language)
                ),
            ),
            RingDefect::TooFewPositions { ring, count } => (
                FindingKind::TooFewPositions { ring: *ring, count: *count },
                None,
                say!(
                    language,
                    "{label}：{}只有 {count} 个坐标点，环至少需要 4 个",
                    "{label}: {} has {count} positions; a linear ring needs at least 4",
                    ring.describe_in(language)
                ),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read_geojson, CoordSystem, PropertyMapping, ReadOptions};

    /// Names in the file: data, quoted as written in either language.
    const NAMES: [&str; 9] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬"];

    fn has_chinese(text: &str) -> bool {
        text.chars().any(|c| {
            ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
        })
    }

    fn feature(code: Option<&str>, name: Option<&str>, parent: Option<&str>, rings: &[Vec<(f64, f64)>]) -> String {
        let mut properties = serde_json::Map::new();
        for (key, value) in [("编码", code), ("名称", name), ("上级", parent)] {
            if let Some(value) = value {
                properties.insert(key.into(), value.into());
            }
        }
        let rings: Vec<Vec<[f64; 2]>> = rings.iter().map(|r| r.iter().map(|&(x, y)| [x, y]).collect()).collect();
        serde_json::json!({"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": rings}}).to_string()
    }

    fn square(x: f64, y: f64, width: f64, height: f64) -> Vec<(f64, f64)> {
        vec![(x, y), (x + width, y), (x + width, y + height), (x, y + height), (x, y)]
    }

    /// One file with every kind of finding (a ring crossing itself, a tangled one, two rings
    /// meeting: the last hole of feature 9 touches its exterior along an edge; more gaps than
    /// are listed one by one), checked under parent 330402 in `language`.
    fn report_in(language: Language) -> Report {
        let star: Vec<(f64, f64)> = (0..=101)
            .map(|i| {
                let angle = std::f64::consts::TAU * ((i * 50) % 101) as f64 / 101.0;
                (120.05 + 0.005 * angle.cos(), 30.05 + 0.005 * angle.sin())
            })
            .collect();
        let mut holed = vec![square(120.0, 30.06, 0.1, 0.04)];
        for i in 0..25 {
            let hole = square(120.002 + 0.004 * i as f64, 30.08, 0.002, 0.002);
            holed.push(hole.into_iter().rev().collect());
        }
        let features = [
            feature(None, Some("甲"), None, &[square(120.0, 30.0, 0.01, 0.01)]),
            feature(
                Some("330402001000"),
                None,
                None,
                &[vec![(120.02, 30.0), (120.03, 30.01), (120.03, 30.0), (120.02, 30.01), (120.02, 30.0)]],
            ),
            feature(Some("330402002000"), Some("乙"), None, &[square(120.04, 30.0, 0.01, 0.01)[..4].to_vec()]),
            feature(
                Some("330402003000"),
                Some("丙"),
                None,
                &[square(120.06, 30.0, 0.01, 0.01), vec![(120.062, 30.002), (120.064, 30.002), (120.062, 30.002)]],
            ),
            feature(Some("330402001000"), Some("丁"), None, &[square(120.08, 30.0, 0.01, 0.01)]),
            feature(Some("330411001000"), Some("戊"), Some("330411"), &[square(120.0, 30.02, 0.01, 0.01)]),
            feature(Some("330402004000"), Some("己"), None, &[square(120.094, 30.02, 0.01, 0.01)]),
            feature(Some("330402005000"), Some("庚"), None, &[square(120.09, 30.02, 0.008, 0.01)]),
            feature(Some("330402006000"), Some("辛"), None, &[star]),
            feature(Some("330402007000"), Some("壬"), None, &holed),
        ];
        let options = ReadOptions {
            mapping: PropertyMapping { code: "编码".into(), name: "名称".into(), parent: Some("上级".into()), kind: None },
            coords: CoordSystem::Wgs84,
        };
        let candidates = read_geojson("every.geojson", &format!("[{}]", features.join(",")), &options).unwrap();
        let boundary = MultiPolygon::new(vec![geo::Polygon::new(square(120.0, 30.0, 0.1, 0.1).into(), vec![])]);
        let parent = ParentBoundary { code: NodeCode("330402".into()), boundary };
        check(&candidates, &CheckOptions { parent: Some(parent), language, ..CheckOptions::default() })
    }

    fn tag(kind: &FindingKind) -> String {
        serde_json::to_value(kind).unwrap()["kind"].as_str().unwrap().to_owned()
    }

    #[test]
    fn every_finding_is_worded_in_chinese_and_in_english() {
        let (zh, en) = (report_in(Language::Chinese), report_in(Language::English));
        let tags: std::collections::BTreeSet<String> = en.findings.iter().map(|f| tag(&f.kind)).collect();
        let every = [
            "missing_code",
            "missing_name",
            "unclosed_ring",
            "too_few_positions",
            "self_intersection",
            "duplicate_code",
            "code_not_under_parent",
            "parent_mismatch",
            "outside_parent",
            "overlap",
            "gap",
        ];
        assert_eq!(tags, every.iter().map(|t| t.to_string()).collect(), "{:#?}", en.findings);
        let tangled = |r: &Report| r.errors().any(|f| matches!(f.kind, FindingKind::SelfIntersection { .. }));
        assert!(tangled(&en) && en.warnings().any(|f| matches!(f.kind, FindingKind::SelfIntersection { .. })), "{en:#?}");
        assert!(en.findings.iter().any(|f| f.message.contains("smaller gaps between siblings")), "{en:#?}");

        // The same findings, only worded differently.
        let facts =
            |r: &Report| r.findings.iter().map(|f| (f.severity, f.feature, f.code.clone(), f.kind.clone(), f.location)).collect::<Vec<_>>();
        assert_eq!(facts(&zh), facts(&en));
        for (z, e) in zh.findings.iter().zip(&en.findings) {
            // Chinese: no ASCII word; the codes, numbers and coordinates it quotes are digits.
            assert!(has_chinese(&z.message) && !z.message.chars().any(|c| c.is_ascii_alphabetic()), "{}", z.message);
            // English: no Chinese once the names, which are data, are left out.
            let bare = NAMES.iter().fold(e.message.clone(), |text, name| text.replace(name, ""));
            assert!(!has_chinese(&bare), "{}", e.message);
        }

        let said = |r: &Report, kind: &str| -> Vec<String> {
            r.findings.iter().filter(|f| tag(&f.kind) == kind).map(|f| f.message.clone()).collect()
        };
        assert_eq!(said(&zh, "missing_code"), ["要素 0（甲）：没有编码（请检查编码属性的设置）"]);
        assert_eq!(said(&en, "missing_code"), ["feature 0 (甲): no code (check the property mapping)"]);
        assert_eq!(said(&zh, "missing_name"), ["要素 1（330402001000）：没有名称"]);
        assert_eq!(
            said(&zh, "unclosed_ring"),
            ["要素 2（330402002000 乙）：多边形 0 的外环未闭合：首个坐标点 [120.04, 30.0] 与末个坐标点 [120.04, 30.01] 不同"]
        );
        assert_eq!(said(&zh, "too_few_positions"), ["要素 3（330402003000 丙）：多边形 0 的第 1 个内环只有 3 个坐标点，环至少需要 4 个"]);
        assert_eq!(
            said(&en, "too_few_positions"),
            ["feature 3 (330402003000 丙): polygon 0 hole 1 has 3 positions; a linear ring needs at least 4"]
        );
        assert!(said(&zh, "duplicate_code").contains(&"要素 1（330402001000）：编码 330402001000 也用于要素 4".to_owned()), "{zh:#?}");
        assert_eq!(said(&zh, "parent_mismatch"), ["要素 5（330411001000 戊）：注明的上级是 330411，但导入在上级 330402 之下"]);
        assert!(said(&zh, "outside_parent")[0].contains("超出上级 330402 的范围"), "{zh:#?}");
        assert!(said(&zh, "overlap")[0].starts_with("要素 6（330402004000 己）与要素 7（330402005000 庚）重叠"), "{zh:#?}");
        assert!(said(&zh, "self_intersection").iter().any(|m| m.contains("多边形 0 的外环自相交") && m.contains("请重新绘制")), "{zh:#?}");
        assert!(said(&zh, "self_intersection").iter().any(|m| m.contains("多边形 0 的外环与多边形 0 的第 25 个内环相交")), "{zh:#?}");
        assert!(
            said(&zh, "gap").iter().any(|m| m.starts_with("另有 "))
                && said(&zh, "gap").iter().any(|m| m.starts_with("上级 330402 内同级之间有"))
        );
    }
}
