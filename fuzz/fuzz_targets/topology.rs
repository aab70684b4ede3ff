//! Rings built straight from the input bytes (each byte pair one vertex on a small grid, so
//! that collinear runs, repeated vertices, spikes and crossings are common), through the
//! self-intersection finder and the area. Also checks that what it reports is consistent: a
//! crossing point lies within the bounding box of the figure's rings.
#![no_main]

use geo::{Coord, LineString, MultiPolygon, Polygon};
use libfuzzer_sys::fuzz_target;
use wangge_geoimport::check::{area_m2, self_intersections, POINT_LIMIT};

fuzz_target!(|data: &[u8]| {
    // A zero byte ends a ring; rings after the first are holes of one polygon, or (after a
    // 0xff byte) the exterior of the next polygon.
    let mut polygons: Vec<(Vec<Coord<f64>>, Vec<Vec<Coord<f64>>>)> = Vec::new();
    for chunk in data.split(|&b| b == 0xff) {
        let mut rings = chunk.split(|&b| b == 0).map(|ring| {
            let mut coords: Vec<Coord<f64>> = ring
                .chunks_exact(2)
                .map(|p| Coord { x: 120.0 + f64::from(p[0] % 16) * 1e-3, y: 30.0 + f64::from(p[1] % 16) * 1e-3 })
                .collect();
            if let Some(&first) = coords.first() {
                coords.push(first);
            }
            coords
        });
        let Some(exterior) = rings.next() else { continue };
        polygons.push((exterior, rings.collect()));
    }
    let shape = MultiPolygon::new(
        polygons.into_iter().map(|(e, holes)| Polygon::new(LineString::new(e), holes.into_iter().map(LineString::new).collect())).collect(),
    );
    let found = self_intersections(&shape);
    let total: usize = found.iter().map(|(_, _, points)| points.len()).sum();
    assert!(total <= POINT_LIMIT);
    // Bounds over every ring: geo's bounding box of a polygon is its exterior's, and a hole
    // drawn outside its exterior is exactly the kind of input this target makes.
    let all = shape.0.iter().flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors())).flat_map(|r| r.0.iter());
    let (mut min, mut max) = (Coord { x: f64::MAX, y: f64::MAX }, Coord { x: f64::MIN, y: f64::MIN });
    for c in all {
        (min.x, min.y, max.x, max.y) = (min.x.min(c.x), min.y.min(c.y), max.x.max(c.x), max.y.max(c.y));
    }
    for (_, _, points) in &found {
        assert!(!points.is_empty());
        for p in points {
            let inside = p.x >= min.x - 1e-9 && p.x <= max.x + 1e-9 && p.y >= min.y - 1e-9 && p.y <= max.y + 1e-9;
            assert!(inside, "crossing {p:?} outside every ring's bounds {min:?}–{max:?}");
        }
    }
    let _ = area_m2(&shape);
});
