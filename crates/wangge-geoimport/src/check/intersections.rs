//! Self-intersections: where rings of one feature cross themselves or each other.
//!
//! A sort-and-sweep over segments (sorted by their west end; only pairs whose x-ranges overlap
//! are tested) keeps this near-linear on real boundaries with thousands of vertices. The exact
//! test is geo's `line_intersection`. Rules, following OGC simple features:
//! - within one ring, any contact between non-adjacent segments is reported, and adjacent
//!   segments that fold back over each other (a spike) too;
//! - between two rings (a hole and its exterior, or two parts of a MultiPolygon), a proper
//!   crossing or a shared stretch is reported; touching at a single point is allowed.

use geo::line_intersection::{line_intersection, LineIntersection};
use geo::{Coord, Line};

use super::{finding, Finding, FindingKind, Severity};
use crate::read::Candidate;
use crate::rings::RingRef;

struct Segment {
    line: Line<f64>,
    ring: usize,
    position: usize,
    min_x: f64,
    max_x: f64,
    min_y: f64,
    max_y: f64,
}

/// Intersection points grouped by the pair of rings (ring, other) with ring <= other.
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
                continue; // degenerate ring: reported as too few positions, nothing to sweep
            }
            for (position, w) in coords.windows(2).enumerate() {
                segments.push(Segment {
                    line: Line::new(w[0], w[1]),
                    ring: id,
                    position,
                    min_x: w[0].x.min(w[1].x),
                    max_x: w[0].x.max(w[1].x),
                    min_y: w[0].y.min(w[1].y),
                    max_y: w[0].y.max(w[1].y),
                });
            }
        }
    }
    segments.sort_by(|a, b| a.min_x.total_cmp(&b.min_x));

    let mut groups: Vec<((usize, usize), Vec<Coord<f64>>)> = Vec::new();
    let mut add = |a: usize, b: usize, point: Coord<f64>| {
        let key = (a.min(b), a.max(b));
        let slot = match groups.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                groups.push((key, Vec::new()));
                groups.len() - 1
            }
        };
        let points = &mut groups[slot].1;
        // The same point is met by every segment pair around a vertex; keep it once.
        if !points.iter().any(|q| (q.x - point.x).abs() < 1e-12 && (q.y - point.y).abs() < 1e-12) {
            points.push(point);
        }
    };

    for i in 0..segments.len() {
        let s = &segments[i];
        for t in &segments[i + 1..] {
            if t.min_x > s.max_x {
                break;
            }
            if t.max_y < s.min_y || t.min_y > s.max_y {
                continue;
            }
            let Some(hit) = line_intersection(s.line, t.line) else { continue };
            if s.ring == t.ring {
                let n = ring_lengths[s.ring];
                let gap = s.position.abs_diff(t.position);
                let adjacent = gap == 1 || gap == n - 1;
                match hit {
                    // Neighbours always share their common vertex: that is not a defect.
                    LineIntersection::SinglePoint { .. } if adjacent => {}
                    LineIntersection::SinglePoint { intersection, .. } => add(s.ring, t.ring, intersection),
                    LineIntersection::Collinear { intersection } => {
                        // Adjacent collinear segments overlapping beyond one point fold back.
                        if !adjacent || intersection.start != intersection.end {
                            add(s.ring, t.ring, intersection.start);
                        }
                    }
                }
            } else {
                match hit {
                    LineIntersection::SinglePoint { intersection, is_proper: true } => add(s.ring, t.ring, intersection),
                    LineIntersection::SinglePoint { is_proper: false, .. } => {}
                    LineIntersection::Collinear { intersection } => {
                        if intersection.start != intersection.end {
                            add(s.ring, t.ring, intersection.start);
                        }
                    }
                }
            }
        }
    }
    groups.sort_by_key(|(k, _)| *k);
    groups.into_iter().map(|((a, b), points)| (refs[a], refs[b], points)).collect()
}

pub(super) fn findings(c: &Candidate, out: &mut Vec<Finding>) {
    for (ring, other, points) in self_intersections(&c.boundary) {
        let first = points[0];
        let what = if ring == other { format!("{ring} crosses itself") } else { format!("{ring} and {other} intersect") };
        let message = format!(
            "{}: {what} at {} point{} (first at {:.6}, {:.6})",
            c.label(),
            points.len(),
            if points.len() == 1 { "" } else { "s" },
            first.x,
            first.y
        );
        out.push(finding(Severity::Warning, c, FindingKind::SelfIntersection { ring, other, points }, Some(first), message));
    }
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
