//! Routing by location: which place — a micro-grid (四级网格), or the grid where no
//! micro-grids are drawn — a WGS84 point falls in.
//!
//! Tickets with coordinates (issue 3) and register records with coordinates (issue 4) are
//! assigned to the micro-grid that contains them; the micro-grid then gives grid, community
//! and street through the hierarchy. [`MicroGridLocator`] is built once per district and
//! answers [`MicroGridLocator::locate`] without allocating.
//!
//! # How
//!
//! Every polygon of every micro-grid's boundary goes into an R-tree ([`rstar`]) by its
//! bounding box. A query asks the tree for the boxes containing the point (boundary
//! included), and only those few polygons get the exact test. The exact test is geo's own
//! winding-number rule with robust orientation predicates, re-stated here over flat
//! coordinate arrays with cheap bounding-box rejections in front of it, so that the answer
//! is *identical* to `geo::Contains` / `geo::Intersects` (the tests check that against a
//! brute-force scan) while skipping most orientation tests.
//!
//! # Which micro-grid wins
//!
//! Sibling micro-grids tile their grid, so a point usually lies strictly inside exactly one.
//! When it does not, the rule is deterministic:
//!
//! 1. micro-grids whose boundary **contains** the point in its interior (`geo::Contains`)
//!    win over those that merely **touch** it (`geo::Intersects` but not `Contains`: the
//!    point lies on an edge or vertex);
//! 2. within the winning tier, the micro-grid with the **smallest code** ([`NodeCode`]'s
//!    ordering, i.e. byte-wise on the code string) wins.
//!
//! So a point exactly on the edge shared by two micro-grids, or on a vertex shared by
//! several, goes to the smallest code among them; a point inside two overlapping
//! micro-grids (imported data can overlap) goes to the smaller code of the two; a point in
//! no micro-grid, or a non-finite point, gives `None` (the caller's triage queue).

use std::ops::{ControlFlow, Range};

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::{Coord, MultiPolygon, Point};
use rstar::{RTree, RTreeObject, AABB};

use crate::hierarchy::{Hierarchy, NodeCode, NodeId};

/// Finds the micro-grid containing a point. Immutable after construction, so it can be
/// shared across threads (`Send + Sync`).
#[derive(Debug, Clone)]
pub struct MicroGridLocator {
    tree: RTree<PolygonBox>,
    /// Every ring of every indexed polygon, closed (last coordinate repeats the first),
    /// back to back; flat so that the exact test walks contiguous memory.
    coords: Vec<Coord<f64>>,
    /// Each ring's slice of `coords`.
    rings: Vec<Range<u32>>,
    /// Each polygon's slice of `rings`; the first ring is the exterior, the rest holes.
    polygons: Vec<IndexedPolygon>,
    /// Per indexed micro-grid: its node and its rank by code (0 = smallest code).
    grids: Vec<(NodeId, u32)>,
}

#[derive(Debug, Clone)]
struct IndexedPolygon {
    rings: Range<u32>,
    /// Index into `MicroGridLocator::grids`.
    grid: u32,
}

/// What the R-tree stores: one polygon's bounding box.
#[derive(Debug, Clone)]
struct PolygonBox {
    envelope: AABB<[f64; 2]>,
    polygon: u32,
}

impl RTreeObject for PolygonBox {
    type Envelope = AABB<[f64; 2]>;

    fn envelope(&self) -> Self::Envelope {
        self.envelope
    }
}

/// Where a coordinate lies relative to a ring or polygon (mirrors `geo::CoordPos`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Inside,
    OnBoundary,
    Outside,
}

impl MicroGridLocator {
    /// Indexes the boundary of every leaf of `hierarchy` (a node without children: the
    /// micro-grids, or the grids of a district that stops at grids). Leaves with an empty
    /// boundary are left out (no point can land in them).
    pub fn new(hierarchy: &Hierarchy) -> Self {
        Self::indexing(hierarchy, |id| hierarchy.is_leaf(id))
    }

    /// Indexes the places at `at` ([`Hierarchy::is_place_at`]: current, with no current
    /// child): after a redraw, a point goes to the area that holds it now, never to a retired
    /// one, and to the micro-grid where a grid has them, to the grid itself where it has none.
    pub fn valid_at(hierarchy: &Hierarchy, at: crate::time::Timestamp) -> Self {
        Self::indexing(hierarchy, |id| hierarchy.is_place_at(id, at))
    }

    fn indexing(hierarchy: &Hierarchy, keep: impl Fn(NodeId) -> bool) -> Self {
        let areas = hierarchy.nodes().filter(|&(id, _)| keep(id)).map(|(id, node)| (id, &node.code, &node.boundary));
        Self::from_areas(areas)
    }

    /// Indexes the given areas, each under the id the caller knows it by (a boundary import
    /// locates records in areas it is about to create, which have no node id yet), with the
    /// same tie-break by code.
    pub fn from_areas<'a>(areas: impl IntoIterator<Item = (NodeId, &'a NodeCode, &'a MultiPolygon<f64>)>) -> Self {
        let mut micro: Vec<(NodeId, &NodeCode, &MultiPolygon<f64>)> = areas.into_iter().collect();
        // Rank by code once here so that the tie-break at query time is an integer compare.
        micro.sort_by(|a, b| a.1.cmp(b.1));

        let mut locator = MicroGridLocator {
            tree: RTree::new(),
            coords: Vec::new(),
            rings: Vec::new(),
            polygons: Vec::new(),
            grids: Vec::with_capacity(micro.len()),
        };
        let mut boxes = Vec::new();
        for (rank, (id, _, boundary)) in micro.into_iter().enumerate() {
            let grid = locator.grids.len() as u32;
            let mut indexed_any = false;
            for polygon in &boundary.0 {
                // geo treats a polygon with an empty exterior as empty, holes or not.
                if polygon.exterior().0.is_empty() {
                    continue;
                }
                let first_ring = locator.rings.len() as u32;
                for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                    locator.push_ring(&ring.0);
                }
                let exterior = locator.rings[first_ring as usize].clone();
                let envelope = bounding_box(&locator.coords[exterior.start as usize..exterior.end as usize]);
                boxes.push(PolygonBox { envelope, polygon: locator.polygons.len() as u32 });
                locator.polygons.push(IndexedPolygon { rings: first_ring..locator.rings.len() as u32, grid });
                indexed_any = true;
            }
            if indexed_any {
                locator.grids.push((id, rank as u32));
            }
        }
        locator.tree = RTree::bulk_load(boxes);
        locator
    }

    /// Appends one ring, closing it if the input left it open: geo's `Polygon::new` always
    /// closes rings, but a deserialised polygon may not have gone through it.
    fn push_ring(&mut self, ring: &[Coord<f64>]) {
        let start = self.coords.len() as u32;
        self.coords.extend_from_slice(ring);
        if let (Some(first), Some(last)) = (ring.first(), ring.last()) {
            if first != last {
                self.coords.push(*first);
            }
        }
        self.rings.push(start..self.coords.len() as u32);
    }

    /// How many micro-grids are indexed (those with a non-empty boundary).
    pub fn len(&self) -> usize {
        self.grids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.grids.is_empty()
    }

    /// The micro-grid containing `point` (x = longitude, y = latitude, WGS84), by the rule
    /// in the [module documentation](self): interior beats boundary, then smallest code.
    /// `None` when the point lies in no micro-grid or is not finite.
    pub fn locate(&self, point: Point<f64>) -> Option<NodeId> {
        let p = point.0;
        if !(p.x.is_finite() && p.y.is_finite()) {
            return None;
        }
        // Best so far as (tier, rank, grid): tier 0 = interior, 1 = boundary.
        let mut best: Option<(u8, u32, u32)> = None;
        let query = AABB::from_point([p.x, p.y]);
        let _ = self.tree.locate_in_envelope_intersecting_int(&query, |candidate| {
            let polygon = &self.polygons[candidate.polygon as usize];
            let rank = self.grids[polygon.grid as usize].1;
            // A candidate that cannot beat the current best even from the interior tier is
            // not worth an exact test.
            if let Some((tier, best_rank, _)) = best {
                if (0, rank) >= (tier, best_rank) {
                    return ControlFlow::<()>::Continue(());
                }
            }
            let tier = match self.polygon_position(polygon, p) {
                Position::Inside => 0,
                Position::OnBoundary => 1,
                Position::Outside => return ControlFlow::Continue(()),
            };
            if best.is_none_or(|(best_tier, best_rank, _)| (tier, rank) < (best_tier, best_rank)) {
                best = Some((tier, rank, polygon.grid));
            }
            ControlFlow::Continue(())
        });
        best.map(|(_, _, grid)| self.grids[grid as usize].0)
    }

    /// geo's rule for a polygon: the exterior decides unless the point is inside it, in
    /// which case the first hole not leaving the point outside decides.
    fn polygon_position(&self, polygon: &IndexedPolygon, p: Coord<f64>) -> Position {
        let mut rings = polygon.rings.clone().map(|r| &self.rings[r as usize]);
        let Some(exterior) = rings.next() else { return Position::Outside };
        match ring_position(self.ring(exterior), p) {
            Position::Inside => {}
            other => return other,
        }
        for hole in rings {
            match ring_position(self.ring(hole), p) {
                Position::Outside => {}
                Position::OnBoundary => return Position::OnBoundary,
                Position::Inside => return Position::Outside,
            }
        }
        Position::Inside
    }

    fn ring(&self, range: &Range<u32>) -> &[Coord<f64>] {
        &self.coords[range.start as usize..range.end as usize]
    }
}

fn bounding_box(coords: &[Coord<f64>]) -> AABB<[f64; 2]> {
    let (mut min, mut max) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for c in coords {
        min = [min[0].min(c.x), min[1].min(c.y)];
        max = [max[0].max(c.x), max[1].max(c.y)];
    }
    AABB::from_corners(min, max)
}

/// The position of `p` relative to a closed ring, by the same winding-number rule and
/// robust predicates as `geo::coordinate_position::coord_pos_relative_to_ring`, so that
/// results agree with geo's `Contains` and `Intersects` bit for bit. Winding number rather
/// than even–odd crossing because that is what geo does: they differ on self-overlapping
/// rings, which real imported boundaries do contain.
///
/// The shortcuts in front of the orientation test only skip edges whose outcome is already
/// known from coordinates alone: an edge wholly above, below or left of `p` changes
/// nothing, and an edge wholly right of `p` crosses the ray exactly when it spans `p.y`.
fn ring_position(ring: &[Coord<f64>], p: Coord<f64>) -> Position {
    match ring {
        [] => return Position::Outside,
        [only] => return if *only == p { Position::OnBoundary } else { Position::Outside },
        _ => {}
    }
    let mut winding = 0i32;
    for edge in ring.windows(2) {
        let (a, b) = (edge[0], edge[1]);
        if (a.y > p.y && b.y > p.y) || (a.y < p.y && b.y < p.y) || (a.x < p.x && b.x < p.x) {
            continue;
        }
        if a.x > p.x && b.x > p.x {
            // p is strictly left of this edge: upward edges (start included, end excluded)
            // add one, downward edges (start excluded, end included) take one away.
            if a.y <= p.y && b.y > p.y {
                winding += 1;
            } else if a.y > p.y && b.y <= p.y {
                winding -= 1;
            }
            continue;
        }
        if a.y <= p.y {
            // An edge leaving p's latitude downwards (a.y == p.y > b.y) is a downward edge
            // whose start is excluded: it never counts. Were it let through, a point an ulp
            // east of such a vertex would be counted inside (found by the PostGIS
            // comparison on boundary vertices). p lying on it is p == a, which the edge
            // ending at a reports.
            if b.y >= p.y {
                match RobustKernel::orient2d(a, b, p) {
                    Orientation::CounterClockwise if b.y != p.y => winding += 1,
                    Orientation::Collinear if between(p.x, a.x, b.x) => return Position::OnBoundary,
                    _ => {}
                }
            }
        } else if b.y <= p.y {
            match RobustKernel::orient2d(a, b, p) {
                Orientation::Clockwise => winding -= 1,
                Orientation::Collinear if between(p.x, a.x, b.x) => return Position::OnBoundary,
                _ => {}
            }
        }
    }
    if winding == 0 {
        Position::Outside
    } else {
        Position::Inside
    }
}

fn between(value: f64, bound_1: f64, bound_2: f64) -> bool {
    if bound_1 < bound_2 {
        bound_1 <= value && value <= bound_2
    } else {
        bound_2 <= value && value <= bound_1
    }
}

#[cfg(test)]
mod tests {
    use geo::{polygon, Contains, Intersects, MultiPolygon, Polygon};

    use super::*;
    use crate::hierarchy::tests::node;
    use crate::hierarchy::Level;

    /// A point at the exact latitude of a vertex, just east of it, where the ring leaves
    /// that vertex downwards: outside, in either ring orientation, as geo says.
    #[test]
    fn a_point_level_with_a_vertex_above_a_downward_edge_is_outside() {
        let apex = Coord { x: 1.0, y: 1.0 };
        let clockwise = [apex, Coord { x: 2.0, y: 0.0 }, Coord { x: 0.0, y: 0.0 }, apex];
        let counter = [apex, Coord { x: 0.0, y: 0.0 }, Coord { x: 2.0, y: 0.0 }, apex];
        for eps in [f64::EPSILON, 1e-12, 1e-6, 0.25] {
            let p = Coord { x: 1.0 + eps, y: 1.0 };
            for ring in [&clockwise, &counter] {
                assert!(matches!(ring_position(ring, p), Position::Outside), "eps {eps}, ring {ring:?}");
                let polygon = Polygon::new(geo::LineString::from(ring.to_vec()), vec![]);
                assert!(!polygon.intersects(&geo::Point::from(p)), "geo agrees for eps {eps}");
            }
        }
        // The apex itself is on the boundary; a point just below it is inside.
        assert!(matches!(ring_position(&clockwise, apex), Position::OnBoundary));
        assert!(matches!(ring_position(&clockwise, Coord { x: 1.0, y: 0.999 }), Position::Inside));
    }

    /// A unit square with its lower-left corner at (x, y).
    fn square(x: f64, y: f64) -> Polygon<f64> {
        polygon![(x: x, y: y), (x: x + 1.0, y: y), (x: x + 1.0, y: y + 1.0), (x: x, y: y + 1.0)]
    }

    /// One district, street, community and grid over a 2×2 block of unit squares at the
    /// origin, one micro-grid per square, with codes deliberately not in spatial order:
    ///
    /// ```text
    ///   y=2 +----+----+
    ///       | M3 | M1 |
    ///   y=1 +----+----+
    ///       | M4 | M2 |
    ///   y=0 +----+----+
    ///      x=0  x=1  x=2
    /// ```
    ///
    /// plus M5, a square with a square hole at (10, 10), and M0, the hole's filling, which is
    /// kept as a separate micro-grid to check that holes exclude their inside.
    fn block() -> Hierarchy {
        let mut nodes = vec![
            node("D", Level::District, None),
            node("S", Level::Street, Some("D")),
            node("C", Level::Community, Some("S")),
            node("G", Level::Grid, Some("C")),
        ];
        let mut micro = |code: &str, polygons: Vec<Polygon<f64>>| {
            let mut n = node(code, Level::MicroGrid, Some("G"));
            n.boundary = MultiPolygon(polygons);
            nodes.push(n);
        };
        micro("M3", vec![square(0.0, 1.0)]);
        micro("M1", vec![square(1.0, 1.0)]);
        micro("M4", vec![square(0.0, 0.0)]);
        micro("M2", vec![square(1.0, 0.0)]);
        let hole = square(11.0, 11.0).exterior().clone();
        micro(
            "M5",
            vec![Polygon::new(
                polygon![(x: 10.0, y: 10.0), (x: 13.0, y: 10.0), (x: 13.0, y: 13.0), (x: 10.0, y: 13.0)].exterior().clone(),
                vec![hole],
            )],
        );
        micro("M0", vec![square(11.0, 11.0)]);
        micro("M9", vec![]);
        Hierarchy::new(nodes).expect("valid block")
    }

    fn code(h: &Hierarchy, id: Option<NodeId>) -> Option<&str> {
        id.map(|id| h.node(id).code.as_str())
    }

    fn at(locator: &MicroGridLocator, h: &Hierarchy, x: f64, y: f64) -> Option<String> {
        code(h, locator.locate(Point::new(x, y))).map(str::to_owned)
    }

    #[test]
    fn the_locator_can_be_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<MicroGridLocator>();
    }

    #[test]
    fn interior_points_land_in_their_square() {
        let h = block();
        let l = MicroGridLocator::new(&h);
        assert_eq!(l.len(), 6, "the empty micro-grid is not indexed");
        assert_eq!(at(&l, &h, 0.5, 1.5).as_deref(), Some("M3"));
        assert_eq!(at(&l, &h, 1.5, 1.5).as_deref(), Some("M1"));
        assert_eq!(at(&l, &h, 0.5, 0.5).as_deref(), Some("M4"));
        assert_eq!(at(&l, &h, 1.999, 0.001).as_deref(), Some("M2"));
    }

    #[test]
    fn shared_edges_and_vertices_go_to_the_smallest_code() {
        let h = block();
        let l = MicroGridLocator::new(&h);
        // Vertical edge between M3 and M1 (x = 1, 1 < y < 2).
        assert_eq!(at(&l, &h, 1.0, 1.5).as_deref(), Some("M1"));
        // Horizontal edge between M3 (above) and M4 (below).
        assert_eq!(at(&l, &h, 0.25, 1.0).as_deref(), Some("M3"));
        // Vertical edge between M4 and M2.
        assert_eq!(at(&l, &h, 1.0, 0.5).as_deref(), Some("M2"));
        // The centre vertex touches all four.
        assert_eq!(at(&l, &h, 1.0, 1.0).as_deref(), Some("M1"));
        // The outer edge of a single square still belongs to it.
        assert_eq!(at(&l, &h, 0.0, 0.5).as_deref(), Some("M4"));
        assert_eq!(at(&l, &h, 2.0, 2.0).as_deref(), Some("M1"));
    }

    #[test]
    fn points_outside_every_micro_grid_are_none() {
        let h = block();
        let l = MicroGridLocator::new(&h);
        for (x, y) in [(-0.1, 0.5), (2.0000001, 1.0), (5.0, 5.0), (1.0, -1e-12), (f64::NAN, 0.5), (f64::INFINITY, 1.0)] {
            assert_eq!(at(&l, &h, x, y), None, "({x}, {y})");
        }
    }

    #[test]
    fn a_hole_excludes_its_inside_and_its_rim_is_shared() {
        let h = block();
        let l = MicroGridLocator::new(&h);
        assert_eq!(at(&l, &h, 10.5, 10.5).as_deref(), Some("M5"));
        assert_eq!(at(&l, &h, 11.5, 11.5).as_deref(), Some("M0"), "inside the hole: only the filling");
        // On the hole's rim both touch; M0 < M5.
        assert_eq!(at(&l, &h, 11.0, 11.5).as_deref(), Some("M0"));
        // On M5's outer rim only M5 touches.
        assert_eq!(at(&l, &h, 13.0, 11.5).as_deref(), Some("M5"));
    }

    #[test]
    fn interior_beats_boundary_and_overlaps_go_to_the_smaller_code() {
        let mut nodes = vec![
            node("D", Level::District, None),
            node("S", Level::Street, Some("D")),
            node("C", Level::Community, Some("S")),
            node("G", Level::Grid, Some("C")),
        ];
        for (code, x) in [("B", 0.0), ("A", 0.5)] {
            let mut n = node(code, Level::MicroGrid, Some("G"));
            n.boundary = MultiPolygon(vec![square(x, 0.0)]);
            nodes.push(n);
        }
        let h = Hierarchy::new(nodes).unwrap();
        let l = MicroGridLocator::new(&h);
        assert_eq!(at(&l, &h, 0.75, 0.5).as_deref(), Some("A"), "inside both");
        assert_eq!(at(&l, &h, 0.25, 0.5).as_deref(), Some("B"), "inside B only");
        // On A's left edge but inside B: the interior wins over the smaller code.
        assert_eq!(at(&l, &h, 0.5, 0.5).as_deref(), Some("B"));
        // On B's right edge, inside A.
        assert_eq!(at(&l, &h, 1.0, 0.5).as_deref(), Some("A"));
    }

    #[test]
    fn self_overlapping_rings_follow_geo_winding_rule() {
        // A ring that winds twice around the middle: geo's winding-number rule says inside.
        let ring: Vec<Coord<f64>> = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (1.0, 4.0), (1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (0.0, 3.0)]
            .into_iter()
            .map(|(x, y)| Coord { x, y })
            .collect();
        let poly = Polygon::new(geo::LineString::new(ring.clone()), vec![]);
        for (x, y) in [(2.0, 2.0), (0.5, 0.5), (3.5, 3.5), (0.5, 3.5), (1.0, 2.0), (5.0, 5.0)] {
            let c = Coord { x, y };
            let expected = if poly.contains(&c) {
                Position::Inside
            } else if poly.intersects(&c) {
                Position::OnBoundary
            } else {
                Position::Outside
            };
            let mut closed_ring = ring.clone();
            closed_ring.push(ring[0]);
            assert_eq!(ring_position(&closed_ring, c), expected, "({x}, {y})");
        }
    }
}
