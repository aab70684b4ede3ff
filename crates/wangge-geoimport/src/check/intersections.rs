//! Self-intersections: where rings of one feature cross themselves or each other.
//!
//! Segment bounding boxes go into an R-tree (bulk-loaded, O(n log n)), which is walked against
//! itself once to find the pairs of touching boxes; only those pairs are tested, so a ring of a
//! million vertices is checked in about a second. A figure that crosses itself everywhere (a star drawn with n
//! vertices has about n²/2 crossings) is listed up to [`POINT_LIMIT`] points and no further,
//! which keeps time and memory bounded whatever the file holds. The exact test is geo's
//! `line_intersection`. Rules, following OGC simple features:
//! - within one ring, any contact between non-adjacent segments is reported, and adjacent
//!   segments that fold back over each other (a spike) too;
//! - between two rings (a hole and its exterior, or two parts of a MultiPolygon), a proper
//!   crossing or a shared stretch is reported; touching at a single point is allowed.

use std::collections::{BTreeMap, HashSet};

use geo::line_intersection::{line_intersection, LineIntersection};
use geo::{Coord, Line};
use rstar::{RTree, RTreeObject, AABB};
use wangge_figures::{say, Language};

use super::{finding, Finding, FindingKind, Severity};
use crate::read::Candidate;
use crate::rings::RingRef;

/// At most this many intersection points are listed for one feature. A figure crossing itself
/// this often has to be redrawn anyway, and the listing would otherwise grow with the square
/// of its vertex count.
pub const POINT_LIMIT: usize = 1000;

struct Segment {
    line: Line<f64>,
    ring: usize,
    position: usize,
    /// Position in the list of all segments, to test each pair once.
    id: usize,
}

impl RTreeObject for Segment {
    type Envelope = AABB<[f64; 2]>;

    fn envelope(&self) -> Self::Envelope {
        AABB::from_corners([self.line.start.x, self.line.start.y], [self.line.end.x, self.line.end.y])
    }
}

/// Intersection points grouped by the pair of rings (ring, other) with ring <= other; the
/// points of each pair sorted west to east. At most [`POINT_LIMIT`] points in all.
pub fn self_intersections(shape: &geo::MultiPolygon<f64>) -> Vec<(RingRef, RingRef, Vec<Coord<f64>>)> {
    let mut refs = Vec::new();
    let mut ring_lengths = Vec::new();
    let mut segments = Vec::new();
    for (p, polygon) in shape.0.iter().enumerate() {
        let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
        for (r, ring) in rings.enumerate() {
            // Repeated consecutive positions make zero-length segments that would "touch"
            // their neighbours; they are harmless, so drop them here.
            let mut coords: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len());
            for c in &ring.0 {
                if coords.last() != Some(c) {
                    coords.push(*c);
                }
            }
            let id = refs.len();
            refs.push(RingRef { polygon: p, ring: r });
            let count = coords.len().saturating_sub(1);
            ring_lengths.push(count);
            if count < 3 {
                continue; // degenerate ring: reported as too few positions, nothing to test
            }
            for (position, w) in coords.windows(2).enumerate() {
                let line = Line::new(w[0], w[1]);
                segments.push(Segment { line, ring: id, position, id: segments.len() });
            }
        }
    }
    let tree = RTree::bulk_load(segments);

    let mut groups: BTreeMap<(usize, usize), Vec<Coord<f64>>> = BTreeMap::new();
    // The same point is met by every segment pair around a vertex; keep it once (to 1e-12°).
    let mut seen: HashSet<(usize, usize, i64, i64)> = HashSet::new();
    let mut total = 0;
    // One walk of the tree against itself yields every pair of touching boxes, each twice.
    for (s, t) in tree.intersection_candidates_with_other_tree(&tree) {
        if t.id <= s.id {
            continue;
        }
        let (line, ring, position) = (s.line, s.ring, s.position);
        let Some(hit) = line_intersection(line, t.line) else { continue };
        let point = if ring == t.ring {
            let n = ring_lengths[ring];
            let gap = position.abs_diff(t.position);
            let adjacent = gap == 1 || gap == n - 1;
            match hit {
                // Neighbours always share their common vertex: that is not a defect.
                LineIntersection::SinglePoint { .. } if adjacent => None,
                LineIntersection::SinglePoint { intersection, .. } => Some(intersection),
                // Adjacent collinear segments overlapping beyond one point fold back.
                LineIntersection::Collinear { intersection } => {
                    (!adjacent || intersection.start != intersection.end).then_some(intersection.start)
                }
            }
        } else {
            match hit {
                LineIntersection::SinglePoint { intersection, is_proper: true } => Some(intersection),
                LineIntersection::SinglePoint { is_proper: false, .. } => None,
                LineIntersection::Collinear { intersection } => (intersection.start != intersection.end).then_some(intersection.start),
            }
        };
        let Some(point) = point else { continue };
        let key = (ring.min(t.ring), ring.max(t.ring));
        if seen.insert((key.0, key.1, (point.x * 1e12).round() as i64, (point.y * 1e12).round() as i64)) {
            groups.entry(key).or_default().push(point);
            total += 1;
            if total >= POINT_LIMIT {
                break;
            }
        }
    }
    groups
        .into_iter()
        .map(|((a, b), mut points)| {
            points.sort_by(|p, q| p.x.total_cmp(&q.x).then(p.y.total_cmp(&q.y)));
            (refs[a], refs[b], points)
        })
        .collect()
}

/// Reports the feature's self-intersections; returns whether listing stopped at the limit.
/// Whether a figure crosses itself at [`POINT_LIMIT`] points or more: no boundary anyone
/// surveyed, and overlaying it (overlaps, gaps, `--fix`'s rebuild, comparing it with a stored
/// figure) costs time with the square of its vertices, so every area operation leaves it out.
pub fn is_tangled(shape: &geo::MultiPolygon<f64>) -> bool {
    tangled(&self_intersections(shape))
}

fn tangled(found: &[(RingRef, RingRef, Vec<Coord<f64>>)]) -> bool {
    found.iter().map(|(_, _, points)| points.len()).sum::<usize>() >= POINT_LIMIT
}

/// Reports the crossings of `c`: a warning each (`--fix` rebuilds such a figure as the area
/// it encloses), or errors when the figure is tangled (see [`is_tangled`]): it cannot be
/// checked or repaired, only redrawn. Returns whether it is tangled.
pub(super) fn findings(c: &Candidate, language: Language, out: &mut Vec<Finding>) -> bool {
    let found = self_intersections(&c.boundary);
    let tangled = tangled(&found);
    let severity = if tangled { Severity::Error } else { Severity::Warning };
    let label = c.label_in(language);
    for (ring, other, points) in found {
        let (first, count) = (points[0], points.len());
        let (x, y) = (first.x, first.y);
        let (ring_name, other_name) = (ring.describe_in(language), other.describe_in(language));
        let what = match (ring == other, language) {
            (true, Language::Chinese) => format!("{ring_name}自相交"),
            (true, Language::English) => format!("{ring_name} crosses itself"),
            (false, Language::Chinese) => format!("{ring_name}与{other_name}相交"),
            (false, Language::English) => format!("{ring_name} and {other_name} intersect"),
        };
        let plural = if count == 1 { "" } else { "s" };
        let message = if tangled {
            say!(
                language,
                "{label}：{what}，达 {count} 处或更多（只列到此），第一处在 {x:.6}, {y:.6}；\
                 缠绕到这种程度的图形无法与相邻图形比对，也无法自动修复，请重新绘制",
                "{label}: {what} at {count} point{plural} or more (listing stops there): a figure this tangled cannot be checked \
                 against its neighbours or repaired by --fix; redraw it (first at {x:.6}, {y:.6})"
            )
        } else {
            say!(
                language,
                "{label}：{what}，共 {count} 处，第一处在 {x:.6}, {y:.6}",
                "{label}: {what} at {count} point{plural} (first at {x:.6}, {y:.6})"
            )
        };
        out.push(finding(severity, c, FindingKind::SelfIntersection { ring, other, points }, Some(first), message));
    }
    tangled
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, MultiPolygon};

    #[test]
    fn bow_tie_crosses_once() {
        let p = polygon![(x: 0., y: 0.), (x: 2., y: 2.), (x: 2., y: 0.), (x: 0., y: 2.)];
        let found = self_intersections(&MultiPolygon::new(vec![p]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].2, vec![Coord { x: 1.0, y: 1.0 }]);
    }

    #[test]
    fn square_with_touching_hole_is_fine_but_crossing_hole_is_not() {
        let touching = polygon!(
            exterior: [(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.)],
            interiors: [[(x: 0., y: 2.), (x: 2., y: 1.), (x: 2., y: 3.)]],
        );
        assert!(self_intersections(&MultiPolygon::new(vec![touching])).is_empty());
        let crossing = polygon!(
            exterior: [(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.)],
            interiors: [[(x: -1., y: 2.), (x: 2., y: 1.), (x: 2., y: 3.)]],
        );
        assert_eq!(self_intersections(&MultiPolygon::new(vec![crossing]))[0].2.len(), 2);
    }

    #[test]
    fn spike_is_reported() {
        let p = polygon![(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 4., y: 6.), (x: 4., y: 4.), (x: 0., y: 4.)];
        assert_eq!(self_intersections(&MultiPolygon::new(vec![p])).len(), 1);
    }
}
