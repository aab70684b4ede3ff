//! Bounded reading and checking of boundary files (issue 14): a self-crossing star is
//! reported (the check once ran for minutes on it), and files nested too deep or holding too
//! many positions are refused naming the line, before they are parsed.

use crate::common;

use wangge_geoimport::check::POINT_LIMIT;
use wangge_geoimport::limits::{MAX_DEPTH, MAX_POSITIONS};
use wangge_geoimport::{check, read_geojson, CheckOptions, FindingKind, ReadErrorKind};

/// A polygon from `positions`, as GeoJSON text, closed.
fn polygon(positions: &[(f64, f64)]) -> String {
    let mut ring: Vec<String> = positions.iter().map(|(x, y)| format!("[{x:.7},{y:.7}]")).collect();
    ring.push(ring[0].clone());
    format!(r#"{{"type":"Feature","properties":{{"code":"1"}},"geometry":{{"type":"Polygon","coordinates":[[{}]]}}}}"#, ring.join(","))
}

/// The star polygon {n/k}: n points on a circle, each joined to the one k steps on.
fn star(n: usize, k: usize) -> Vec<(f64, f64)> {
    (0..n)
        .map(|i| {
            let angle = std::f64::consts::TAU * ((i * k) % n) as f64 / n as f64;
            (120.75 + 0.01 * angle.cos(), 30.75 + 0.01 * angle.sin())
        })
        .collect()
}

#[test]
fn a_star_of_801_vertices_is_reported_as_crossing_itself() {
    let candidates = read_geojson("star.geojson", &polygon(&star(801, 400)), &common::plain()).unwrap();
    let report = check(&candidates, &CheckOptions::default());
    let crossings: Vec<_> = report
        .findings
        .iter()
        .filter_map(|f| match &f.kind {
            FindingKind::SelfIntersection { ring, other, points } => {
                // Not a warning --fix could act on: a figure this tangled can only be redrawn.
                assert_eq!(f.severity, wangge_geoimport::Severity::Error, "{}", f.message);
                Some((ring, other, points.len(), &f.message))
            }
            _ => None,
        })
        .collect();
    assert_eq!(crossings.len(), 1, "{:#?}", report.findings);
    let (ring, other, points, message) = crossings[0];
    assert_eq!(ring, other, "the exterior crosses itself");
    // About 320,000 crossings; listing stops at the limit, and the message says so.
    assert_eq!(points, POINT_LIMIT);
    assert!(message.contains("feature 0 (1)") && message.contains("or more"), "{message}");

    // A small star keeps its exact count: {7/3} crosses itself at 14 points.
    let small = read_geojson("star7.geojson", &polygon(&star(7, 3)), &common::plain()).unwrap();
    let found = wangge_geoimport::check::self_intersections(&small[0].boundary);
    assert_eq!(found.iter().map(|(_, _, p)| p.len()).sum::<usize>(), 14);
}

#[test]
fn a_plain_circle_is_clean() {
    let circle: Vec<(f64, f64)> = (0..20_000)
        .map(|i| {
            let angle = std::f64::consts::TAU * i as f64 / 20_000.0;
            (120.75 + 0.01 * angle.cos(), 30.75 + 0.01 * angle.sin())
        })
        .collect();
    let candidates = read_geojson("circle.geojson", &polygon(&circle), &common::plain()).unwrap();
    assert!(wangge_geoimport::check::self_intersections(&candidates[0].boundary).is_empty());
}

#[test]
fn nesting_past_the_limit_is_refused_naming_the_line() {
    let deep = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    let text = format!("{{\"type\":\"Feature\",\n\"properties\":{{\"x\":{deep}}},\"geometry\":null}}");
    let e = read_geojson("deep.geojson", &text, &common::plain()).unwrap_err();
    assert_eq!(e.kind(), ReadErrorKind::Limit, "{e}");
    let message = e.to_string();
    assert!(message.starts_with("deep.geojson: line 2, column ") && message.contains("nested more than 32"), "{message}");
}

#[test]
fn too_many_positions_are_refused_before_parsing() {
    let mut text = String::with_capacity(8 * MAX_POSITIONS + 100);
    text.push_str(r#"{"type":"Polygon","coordinates":[["#);
    for _ in 0..=MAX_POSITIONS {
        text.push_str("[0,0],");
    }
    text.push_str("[0,0]]]}");
    let e = read_geojson("huge.geojson", &text, &common::plain()).unwrap_err();
    assert_eq!(e.kind(), ReadErrorKind::Limit, "{e}");
    assert!(e.to_string().contains("more than 2000000 positions"), "{e}");
}

/// Found by `scripts/fuzz.sh` (topology target): a degenerate exterior and a flat hole lying
/// outside it that folds back on itself (x 14 → 1 → 10 → 14 along one line). The fold is a
/// self-intersection of the hole, reported at the hole's own positions, outside the
/// exterior's bounding box; the degenerate exterior is left to the ring checks.
#[test]
fn fuzz_crash_a_flat_hole_folding_back_is_reported_on_the_hole() {
    use geo::{Coord, LineString, MultiPolygon, Polygon};
    let at = |x: f64, y: f64| Coord { x: 120.0 + x * 1e-3, y: 30.0 + y * 1e-3 };
    let exterior = LineString::new(vec![at(11.0, 1.0), at(14.0, 3.0), at(11.0, 1.0)]);
    let hole = LineString::new(vec![at(14.0, 14.0), at(1.0, 14.0), at(10.0, 14.0), at(14.0, 14.0)]);
    let shape = MultiPolygon::new(vec![Polygon::new(exterior, vec![LineString::new(vec![]), hole])]);
    let found = wangge_geoimport::check::self_intersections(&shape);
    assert!(!found.is_empty());
    for (ring, other, points) in &found {
        assert_eq!((ring.ring, other.ring), (2, 2), "only the hole folds: {found:?}");
        assert!(points.iter().all(|p| (p.y - 30.014).abs() < 1e-12 && p.x >= 120.001 - 1e-12 && p.x <= 120.014 + 1e-12));
    }
}
