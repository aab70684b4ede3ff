//! Area rules between figures: children outside their parent, overlaps and gaps between
//! siblings.
//!
//! Boolean operations come from geo (i_overlay); areas are geodesic m². Pieces below the
//! tolerance are dropped: generalised boundaries leave slivers along every shared edge. Each
//! remaining piece is reported with its area and a point inside it.

use geo::{unary_union, BooleanOps, BoundingRect, Contains, Coord, InteriorPoint, MultiPolygon, Polygon, Rect};
use wangge_figures::{say, Language};

use super::area::area_m2;
use super::{finding, Finding, FindingKind, ParentBoundary, Severity};
use crate::read::Candidate;

/// Gap pieces reported one by one; smaller ones are summed in one more finding.
const MAX_GAP_FINDINGS: usize = 20;

/// Pieces of `shape` at least `tolerance` m², largest first, with their areas.
fn pieces(shape: MultiPolygon<f64>, tolerance: f64) -> Vec<(Polygon<f64>, f64)> {
    let mut out: Vec<(Polygon<f64>, f64)> = shape
        .0
        .into_iter()
        .map(|p| {
            let a = area_m2(&MultiPolygon::new(vec![p.clone()]));
            (p, a)
        })
        .filter(|(_, a)| *a >= tolerance)
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out
}

fn inside_point(p: &Polygon<f64>) -> Option<Coord<f64>> {
    p.interior_point().map(|pt| pt.0)
}

/// Where the largest piece lies, appended to a message: ", largest near 120.1, 30.1".
fn largest_near(location: Option<Coord<f64>>, language: Language) -> String {
    location.map(|l| say!(language, "，最大一块在 {:.6}, {:.6} 附近", ", largest near {:.6}, {:.6}", l.x, l.y)).unwrap_or_default()
}

fn rects_touch(a: &Rect<f64>, b: &Rect<f64>) -> bool {
    a.min().x <= b.max().x && b.min().x <= a.max().x && a.min().y <= b.max().y && b.min().y <= a.max().y
}

pub(super) fn outside_parent(
    candidates: &[Candidate],
    parent: &ParentBoundary,
    tolerance: f64,
    language: Language,
    out: &mut Vec<Finding>,
) {
    for c in candidates {
        let outside = c.boundary.difference(&parent.boundary);
        let parts = pieces(outside, tolerance);
        if parts.is_empty() {
            continue;
        }
        let total: f64 = parts.iter().map(|(_, a)| a).sum();
        let own = area_m2(&c.boundary);
        // Mostly outside means the figure belongs elsewhere (wrong parent or wrong datum):
        // that must be fixed; a fringe outside is the usual mismatch of two surveys.
        let severity = if total > own * 0.5 { Severity::Error } else { Severity::Warning };
        let location = parts.first().and_then(|(p, _)| inside_point(p));
        let (label, share, code, count) =
            (c.label_in(language), if own > 0.0 { total / own * 100.0 } else { 100.0 }, &parent.code, parts.len());
        let (plural, near) = (if count == 1 { "" } else { "s" }, largest_near(location, language));
        let message = say!(
            language,
            "{label}：{total:.0} 平方米（占其 {share:.1}%）超出上级 {code} 的范围，共 {count} 块{near}",
            "{label}: {total:.0} m² ({share:.1}% of it) lies outside parent {code} in {count} piece{plural}{near}"
        );
        out.push(finding(severity, c, FindingKind::OutsideParent { parent: parent.code.to_string(), area_m2: total }, location, message));
    }
}

pub(super) fn overlaps(candidates: &[Candidate], tolerance: f64, language: Language, out: &mut Vec<Finding>) {
    // Sort-and-sweep on bounding boxes: only pairs whose boxes meet are intersected.
    let mut boxes: Vec<(usize, Rect<f64>)> =
        candidates.iter().enumerate().filter_map(|(i, c)| c.boundary.bounding_rect().map(|r| (i, r))).collect();
    boxes.sort_by(|a, b| a.1.min().x.total_cmp(&b.1.min().x));
    for (k, (i, ri)) in boxes.iter().enumerate() {
        for (j, rj) in &boxes[k + 1..] {
            if rj.min().x > ri.max().x {
                break;
            }
            if !rects_touch(ri, rj) {
                continue;
            }
            let (a, b) = if i < j { (&candidates[*i], &candidates[*j]) } else { (&candidates[*j], &candidates[*i]) };
            let parts = pieces(a.boundary.intersection(&b.boundary), tolerance);
            if parts.is_empty() {
                continue;
            }
            let total: f64 = parts.iter().map(|(_, a)| a).sum();
            let location = parts.first().and_then(|(p, _)| inside_point(p));
            let (first, second, count) = (a.label_in(language), b.label_in(language), parts.len());
            let (plural, near) = (if count == 1 { "" } else { "s" }, largest_near(location, language));
            let message = say!(
                language,
                "{first}与{second}重叠 {total:.0} 平方米，共 {count} 块{near}",
                "{first} overlaps {second} by {total:.0} m² in {count} piece{plural}{near}"
            );
            out.push(finding(Severity::Warning, a, FindingKind::Overlap { other: b.index, area_m2: total }, location, message));
        }
    }
}

/// Uncovered area: inside the parent but in no child when the parent is known; otherwise the
/// holes enclosed by the union of the siblings (an uncovered gap along the outer edge cannot
/// be told from the outside without the parent).
pub(super) fn gaps(candidates: &[Candidate], parent: Option<&ParentBoundary>, tolerance: f64, language: Language, out: &mut Vec<Finding>) {
    if candidates.is_empty() {
        return;
    }
    let union = unary_union(candidates.iter().map(|c| &c.boundary));
    let uncovered = match parent {
        Some(p) => p.boundary.difference(&union),
        None => MultiPolygon::new(
            union
                .0
                .iter()
                .flat_map(|p| p.interiors().iter())
                .map(|hole| {
                    // Holes are clockwise; as a figure of their own they must be
                    // counter-clockwise or the geodesic area is the rest of the globe.
                    let mut ring = hole.clone();
                    ring.0.reverse();
                    Polygon::new(ring, vec![])
                })
                .filter(|hole| !own_hole(candidates, hole))
                .collect(),
        ),
    };
    let all = pieces(uncovered, tolerance);
    // Two differently generalised sources leave hundreds of slivers; the largest are listed,
    // the rest summed in one finding so the report stays readable.
    if all.len() > MAX_GAP_FINDINGS {
        let rest = &all[MAX_GAP_FINDINGS..];
        let area: f64 = rest.iter().map(|(_, a)| a).sum();
        let (count, largest) = (rest.len(), rest[0].1);
        let message = say!(
            language,
            "另有 {count} 处较小的同级缝隙，共 {area:.0} 平方米，每处至多 {largest:.0} 平方米",
            "{count} smaller gaps between siblings, {area:.0} m² in all, each at most {largest:.0} m²"
        );
        out.push(Finding {
            severity: Severity::Warning,
            feature: None,
            code: None,
            kind: FindingKind::Gap { area_m2: area },
            location: inside_point(&rest[0].0),
            message,
        });
    }
    for (piece, area) in all.into_iter().take(MAX_GAP_FINDINGS) {
        let location = inside_point(&piece);
        let inside = parent.map(|p| say!(language, "上级 {} 内", " inside parent {}", p.code)).unwrap_or_default();
        let near = location.map(|l| say!(language, "，位于 {:.6}, {:.6} 附近", " near {:.6}, {:.6}", l.x, l.y)).unwrap_or_default();
        let message =
            say!(language, "{inside}同级之间有 {area:.0} 平方米的缝隙{near}", "gap of {area:.0} m² between siblings{inside}{near}");
        out.push(Finding {
            severity: Severity::Warning,
            feature: None,
            code: None,
            kind: FindingKind::Gap { area_m2: area },
            location,
            message,
        });
    }
}

/// A hole of the union that lies inside one sibling's outer ring is that sibling's own hole (an
/// enclave of a neighbouring parent, a lake), not a gap between siblings.
fn own_hole(candidates: &[Candidate], hole: &Polygon<f64>) -> bool {
    let Some(inside) = hole.interior_point() else { return true };
    candidates
        .iter()
        .flat_map(|c| c.boundary.0.iter())
        .any(|p| !p.interiors().is_empty() && Polygon::new(p.exterior().clone(), vec![]).contains(&inside))
}
