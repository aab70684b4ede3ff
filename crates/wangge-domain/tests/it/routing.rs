//! Micro-grid routing on the Small demo district: every house locates to its own micro-grid,
//! points off the district locate nowhere, shared vertices follow the smallest-code rule, and
//! for random points the R-tree locator agrees with a brute-force scan using geo's `Contains`
//! and `Intersects` under the same tie-break.
//!
//! These live in `tests/` rather than in the module because `wangge-demo` depends on this
//! crate: only an integration test links the same build of `wangge_domain` as the demo does.

use std::sync::OnceLock;

use geo::{BoundingRect, Contains, Coord, Intersects, Point, Rect};
use proptest::prelude::*;
use wangge_demo::{DemoConfig, Scale};
use wangge_domain::routing::MicroGridLocator;
use wangge_domain::{District, Level, NodeId, Timestamp};

struct Fixture {
    district: District,
    locator: MicroGridLocator,
    micro: Vec<NodeId>,
    bbox: Rect<f64>,
}

/// Generated once: the demo takes a moment and every test only reads it.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let config = DemoConfig { seed: 20_260_123, now: Timestamp::from_local(2026, 11, 23, 10, 0), scale: Scale::Small };
        let district = wangge_demo::generate(&config, &mut |_, _, _| {});
        let locator = MicroGridLocator::new(&district.hierarchy);
        let micro: Vec<NodeId> = district.hierarchy.nodes().filter(|(_, n)| n.level == Level::MicroGrid).map(|(id, _)| id).collect();
        let root = district.hierarchy.root();
        let bbox = district.hierarchy.node(root).boundary.bounding_rect().expect("the district has a boundary");
        Fixture { district, locator, micro, bbox }
    })
}

/// The specification, written the slow and obvious way: interior containment first, then
/// boundary contact, smallest code within each.
fn brute_force(f: &Fixture, point: Point<f64>) -> Option<NodeId> {
    let h = &f.district.hierarchy;
    let smallest = |ids: Vec<NodeId>| ids.into_iter().min_by(|a, b| h.node(*a).code.cmp(&h.node(*b).code));
    let inside: Vec<NodeId> = f.micro.iter().copied().filter(|id| h.node(*id).boundary.contains(&point)).collect();
    if !inside.is_empty() {
        return smallest(inside);
    }
    smallest(f.micro.iter().copied().filter(|id| h.node(*id).boundary.intersects(&point)).collect())
}

#[test]
fn every_house_locates_to_its_own_micro_grid() {
    let f = fixture();
    assert_eq!(f.locator.len(), f.micro.len());
    assert!(f.district.houses.len() > 100, "the Small demo has houses");
    for house in f.district.houses.values() {
        let found = f.locator.locate(house.location).map(|id| &f.district.hierarchy.node(id).code);
        assert_eq!(found, Some(&house.micro_grid), "house {} at {:?}", house.code, house.location);
    }
}

#[test]
fn points_off_the_district_locate_nowhere() {
    let f = fixture();
    let (min, max) = (f.bbox.min(), f.bbox.max());
    let (w, h) = (max.x - min.x, max.y - min.y);
    let outside = [
        (min.x - 1e-6, min.y + h / 2.0),
        (max.x + 1e-6, min.y + h / 2.0),
        (min.x + w / 2.0, min.y - 1e-6),
        (min.x + w / 2.0, max.y + 1e-6),
        (min.x - w, min.y - h),
        (max.x + w, max.y + h),
        (0.0, 0.0),
        (-120.75, 30.75),
    ];
    for (x, y) in outside {
        assert_eq!(f.locator.locate(Point::new(x, y)), None, "({x}, {y})");
    }
}

#[test]
fn shared_vertices_go_to_the_smallest_code_touching_them() {
    let f = fixture();
    let h = &f.district.hierarchy;
    let mut shared = 0;
    for id in &f.micro {
        for polygon in &h.node(*id).boundary {
            for c in polygon.exterior().coords() {
                let point = Point::from(*c);
                let touching: Vec<NodeId> = f.micro.iter().copied().filter(|m| h.node(*m).boundary.intersects(&point)).collect();
                assert!(touching.contains(id), "a vertex touches its own micro-grid");
                let found = f.locator.locate(point);
                assert_eq!(found, brute_force(f, point), "vertex {c:?} of {}", h.node(*id).code);
                if touching.len() >= 2 && !f.micro.iter().any(|m| h.node(*m).boundary.contains(&point)) {
                    shared += 1;
                    let smallest = touching.iter().map(|m| &h.node(*m).code).min();
                    assert_eq!(found.map(|m| &h.node(m).code), smallest, "vertex {c:?}");
                }
            }
        }
    }
    // The demo's tiling shares vertices between neighbours, so the rule must have been exercised.
    assert!(shared > 100, "only {shared} shared vertices found");
}

/// A point at fractions (u, v) of the district's bounding box.
fn in_bbox(f: &Fixture, u: f64, v: f64) -> Point<f64> {
    let (min, max) = (f.bbox.min(), f.bbox.max());
    Point::new(min.x + u * (max.x - min.x), min.y + v * (max.y - min.y))
}

/// A point on (or, through rounding, a hair off) an edge of a micro-grid: where the
/// tie-break and the floating-point noise between neighbours actually matter.
fn on_an_edge(f: &Fixture, grid: usize, edge: usize, t: f64) -> Point<f64> {
    let h = &f.district.hierarchy;
    let boundary = &h.node(f.micro[grid % f.micro.len()]).boundary;
    let ring = &boundary.0[0].exterior().0;
    let i = edge % (ring.len() - 1);
    let (a, b) = (ring[i], ring[i + 1]);
    Point::from(Coord { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn random_points_agree_with_the_brute_force_scan(u in -0.05f64..1.05, v in -0.05f64..1.05) {
        let f = fixture();
        let point = in_bbox(f, u, v);
        prop_assert_eq!(f.locator.locate(point), brute_force(f, point));
    }

    #[test]
    fn points_on_edges_agree_with_the_brute_force_scan(grid in 0usize..10_000, edge in 0usize..64, t in 0.0f64..=1.0) {
        let f = fixture();
        let point = on_an_edge(f, grid, edge, t);
        prop_assert_eq!(f.locator.locate(point), brute_force(f, point));
    }
}
