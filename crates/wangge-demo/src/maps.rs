//! GeoJSON maps of the hierarchy, one RFC 7946 FeatureCollection per level.
//!
//! Maps carry boundaries and public facts only (code, name, level, parent, micro-grid kind),
//! never staff or residents, so they can go on a wall screen.

use std::path::{Path, PathBuf};

use geo::{Coord, LineString, MultiPolygon, Polygon};
use geojson::{Feature, FeatureCollection, Geometry, JsonObject};
use serde_json::Value;
use wangge_domain::{District, Level, Node};

/// Six decimals of a degree is about 0.1 m, finer than any boundary here needs.
fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// The ring with rounded coordinates, left open for `Polygon::new` to close: rounding can make
/// neighbouring vertices equal, so repeats are dropped (RFC 7946 rings must not repeat points
/// except to close).
fn ring(line: &LineString<f64>) -> LineString<f64> {
    let mut points: Vec<Coord<f64>> = Vec::with_capacity(line.0.len());
    for c in &line.0 {
        let p = Coord { x: round6(c.x), y: round6(c.y) };
        if points.last() != Some(&p) {
            points.push(p);
        }
    }
    while points.len() > 1 && points.first() == points.last() {
        points.pop();
    }
    LineString::new(points)
}

/// A single part is written as a Polygon, as map tools expect of a simple area.
fn geometry(boundary: &MultiPolygon<f64>) -> Geometry {
    let mut polygons: Vec<Polygon<f64>> =
        boundary.0.iter().map(|polygon| Polygon::new(ring(polygon.exterior()), polygon.interiors().iter().map(ring).collect())).collect();
    match polygons.len() {
        1 => Geometry::from(&polygons.remove(0)),
        _ => Geometry::from(&MultiPolygon::new(polygons)),
    }
}

fn feature(node: &Node) -> Feature {
    let mut properties = JsonObject::new();
    properties.insert("code".into(), Value::from(node.code.as_str()));
    properties.insert("name".into(), Value::from(node.name.as_str()));
    properties.insert("level".into(), Value::from(node.level.as_str()));
    properties.insert("parent".into(), node.parent.as_ref().map_or(Value::Null, |p| Value::from(p.as_str())));
    if let Some(kind) = node.micro_kind {
        properties.insert("kind".into(), Value::from(kind.as_str()));
    }
    Feature { bbox: None, geometry: Some(geometry(&node.boundary)), id: None, properties: Some(properties), foreign_members: None }
}

/// Writes `<level>.geojson` for every level into `dir` (created if missing) and returns the
/// paths in level order.
pub fn write_maps(district: &District, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::with_capacity(Level::ALL.len());
    for level in Level::ALL {
        // Hierarchy order is by level then code, so files are stable across runs.
        let features: Vec<Feature> = district.hierarchy.nodes().filter(|(_, n)| n.level == level).map(|(_, n)| feature(n)).collect();
        let collection = FeatureCollection::new(features);
        let path = dir.join(format!("{}.geojson", level.as_str()));
        let text = serde_json::to_string(&collection).map_err(std::io::Error::other)?;
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}
