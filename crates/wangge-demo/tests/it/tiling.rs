//! Boundaries: children tile their parent (areas add up, siblings do not overlap, children
//! stay inside), every polygon is valid, and located records lie inside their micro-grid.
//!
//! Tolerances:
//! - sum of children's areas vs parent's area: relative 1e-9;
//! - every child vertex within 1e-12° (0.1 µm) of its parent;
//! - overlap of two siblings, and the part of a child outside its parent, as computed by
//!   geo's boolean operations: at most a band of 1e-9° (0.1 mm) along the smaller
//!   perimeter. The band allows for the integer snapping inside geo's overlay engine, whose
//!   own noise is around 1e-11 of the areas here; a real overlap would be ~1e-3 of them.
//!
//! The checks use geo's own algorithms (area, boolean operations, distance, validation), not
//! the crate's tiling code, so they are an independent witness.

use crate::common;

use geo::{Area, BooleanOps, BoundingRect, Contains, Distance, Euclidean, Length, Point, Validation, Winding};
use wangge_domain::{District, Level};

const REL: f64 = 1e-9;
const VERTEX_EPS: f64 = 1e-12;
const BAND: f64 = 1e-9;

fn perimeter(boundary: &geo::MultiPolygon<f64>) -> f64 {
    boundary.0.iter().map(|p| Euclidean.length(p.exterior())).sum()
}

fn check_tiling(district: &District) -> usize {
    let h = &district.hierarchy;
    let mut parents = 0;
    for (id, parent) in h.nodes() {
        let children = h.children(id);
        if children.is_empty() {
            assert_eq!(parent.level, Level::MicroGrid, "{} has no children", parent.code);
            continue;
        }
        parents += 1;
        let parent_area = parent.boundary.unsigned_area();
        let areas: Vec<f64> = children.iter().map(|&c| h.node(c).boundary.unsigned_area()).collect();
        let perimeters: Vec<f64> = children.iter().map(|&c| perimeter(&h.node(c).boundary)).collect();
        let parent_polygon = &parent.boundary.0[0];
        let sum: f64 = areas.iter().sum();
        assert!((sum - parent_area).abs() <= REL * parent_area, "children of {} cover {sum} but the parent is {parent_area}", parent.code);

        let rects: Vec<_> = children.iter().map(|&c| h.node(c).boundary.bounding_rect().expect("non-empty")).collect();
        for i in 0..children.len() {
            let a = h.node(children[i]);
            assert!(areas[i] > 0.0, "{} is empty", a.code);
            for c in a.boundary.0[0].exterior().coords() {
                let off = Euclidean.distance(&Point::from(*c), parent_polygon);
                assert!(off <= VERTEX_EPS, "{} has a vertex {off}° outside {}", a.code, parent.code);
            }
            let outside = a.boundary.difference(&parent.boundary).unsigned_area();
            assert!(outside <= BAND * perimeters[i], "{} sticks out of {} by {outside}", a.code, parent.code);
            for j in i + 1..children.len() {
                let (ra, rb) = (rects[i], rects[j]);
                let apart = ra.max().x < rb.min().x || rb.max().x < ra.min().x || ra.max().y < rb.min().y || rb.max().y < ra.min().y;
                if apart {
                    continue;
                }
                let b = h.node(children[j]);
                let overlap = a.boundary.intersection(&b.boundary).unsigned_area();
                assert!(overlap <= BAND * perimeters[i].min(perimeters[j]), "{} and {} overlap by {overlap}", a.code, b.code);
            }
        }
    }
    parents
}

fn check_valid(district: &District) {
    for (_, node) in district.hierarchy.nodes() {
        assert_eq!(node.boundary.0.len(), 1, "{} is one polygon", node.code);
        assert!(node.boundary.is_valid(), "{} invalid: {:?}", node.code, node.boundary.check_validation());
        for polygon in &node.boundary.0 {
            let ring = polygon.exterior();
            assert!(polygon.interiors().is_empty(), "{} has holes", node.code);
            assert!(ring.is_closed(), "{} ring not closed", node.code);
            assert!(ring.0.len() >= 4, "{} ring too short", node.code);
            assert!(ring.is_ccw(), "{} exterior is not counter-clockwise", node.code);
            assert!(ring.0.windows(2).all(|w| w[0] != w[1]), "{} repeats a point", node.code);
            for c in &ring.0 {
                assert!((120.70..=120.95).contains(&c.x) && (30.65..=30.85).contains(&c.y), "{} leaves the frame at {c:?}", node.code);
            }
        }
    }
}

fn check_located_records(district: &District) {
    let h = &district.hierarchy;
    let boundary = |code: &wangge_domain::NodeCode| &h.node(h.id_of(code).expect("micro-grid exists")).boundary;
    for house in district.houses.values() {
        assert!(boundary(&house.micro_grid).contains(&house.location), "house {} lies outside {}", house.id, house.micro_grid);
    }
    for ticket in district.tickets.values() {
        let location = ticket.location.expect("every demo ticket is located");
        assert!(
            boundary(ticket.micro_grid.as_ref().unwrap()).contains(&location),
            "ticket {} lies outside {}",
            ticket.id,
            ticket.micro_grid.as_ref().unwrap()
        );
    }
}

#[test]
fn full_children_tile_their_parents() {
    let district = common::full();
    let parents = check_tiling(district);
    // Every node above the micro-grids is a parent.
    let non_leaves = district.hierarchy.nodes().filter(|(_, n)| n.level != Level::MicroGrid).count();
    assert_eq!(parents, non_leaves);
}

#[test]
fn small_children_tile_their_parents() {
    check_tiling(common::small());
}

#[test]
fn every_polygon_is_valid_counter_clockwise_and_in_jiaxing() {
    check_valid(common::full());
    check_valid(common::small());
}

#[test]
fn houses_and_tickets_lie_strictly_inside_their_micro_grid() {
    check_located_records(common::full());
    check_located_records(common::small());
}
