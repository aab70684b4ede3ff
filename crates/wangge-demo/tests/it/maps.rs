//! The GeoJSON maps: one FeatureCollection per level that parses back with the right features,
//! public properties only, valid rings, and a tiling that survives rounding.

use crate::common;

use std::path::PathBuf;

use geojson::{GeoJson, GeometryValue};
use wangge_domain::{District, Level};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wangge-demo-maps-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Shoelace area of a ring of positions.
fn ring_area(ring: &[geojson::Position]) -> f64 {
    ring.windows(2).map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1]).sum::<f64>() / 2.0
}

fn ring_length(ring: &[geojson::Position]) -> f64 {
    ring.windows(2).map(|w| ((w[1][0] - w[0][0]).powi(2) + (w[1][1] - w[0][1]).powi(2)).sqrt()).sum()
}

struct MapFeature {
    code: String,
    parent: Option<String>,
    area: f64,
    perimeter: f64,
}

fn check_maps(district: &District, name: &str) {
    let dir = temp_dir(name);
    let paths = wangge_demo::write_maps(district, &dir).expect("maps written");
    let expected: Vec<PathBuf> = Level::ALL.iter().map(|l| dir.join(format!("{}.geojson", l.as_str()))).collect();
    assert_eq!(paths, expected);

    let mut features: Vec<MapFeature> = Vec::new();
    for (level, path) in Level::ALL.iter().zip(&paths) {
        let text = std::fs::read_to_string(path).expect("readable");
        let GeoJson::FeatureCollection(collection) = text.parse::<GeoJson>().expect("valid GeoJSON") else {
            panic!("{} is not a FeatureCollection", path.display());
        };
        // Staff and residents never reach a map: the property keys are checked below, and
        // no personal field name appears anywhere in the file.
        for key in ["staff", "phone", "id_number"] {
            assert!(!text.contains(key), "{key} in {}", path.display());
        }
        let nodes: Vec<_> = district.hierarchy.nodes().filter(|(_, n)| n.level == *level).map(|(_, n)| n).collect();
        assert_eq!(collection.features.len(), nodes.len(), "{}", path.display());
        for (feature, node) in collection.features.iter().zip(&nodes) {
            let props = feature.properties.as_ref().expect("properties");
            let mut keys: Vec<&str> = props.keys().map(String::as_str).collect();
            keys.sort_unstable();
            let want: &[&str] = if *level == Level::MicroGrid {
                &["code", "kind", "level", "name", "parent"]
            } else {
                &["code", "level", "name", "parent"]
            };
            assert_eq!(keys, want, "only public properties");
            assert_eq!(props["code"], node.code.as_str());
            assert_eq!(props["name"], node.name.as_str());
            assert_eq!(props["level"], level.as_str());
            assert_eq!(props["parent"].as_str(), node.parent.as_ref().map(|p| p.as_str()));
            if let Some(kind) = node.micro_kind {
                assert_eq!(props["kind"], kind.as_str());
            }
            let Some(GeometryValue::Polygon { coordinates }) = feature.geometry.as_ref().map(|g| &g.value) else {
                panic!("{} is not a polygon", node.code);
            };
            assert_eq!(coordinates.len(), 1, "no holes");
            let ring = &coordinates[0];
            assert!(ring.len() >= 4 && ring.first() == ring.last(), "{} ring not closed", node.code);
            assert!(ring.windows(2).all(|w| w[0] != w[1]), "{} repeats a point", node.code);
            assert!(ring_area(ring) > 0.0, "{} is not counter-clockwise", node.code);
            for p in ring {
                assert_eq!(p.len(), 2);
                assert!((120.70..=120.95).contains(&p[0]) && (30.65..=30.85).contains(&p[1]));
                assert_eq!((p[0] * 1e6).round() / 1e6, p[0], "six decimals");
            }
            features.push(MapFeature {
                code: node.code.to_string(),
                parent: node.parent.as_ref().map(|p| p.to_string()),
                area: ring_area(ring),
                perimeter: ring_length(ring),
            });
        }
    }

    // After rounding to 1e-6°, children still cover their parent: any gap or overlap is
    // confined to a band of 1e-6° (~0.1 m) along the parent's boundary and the children's
    // shared edges.
    let by_code: std::collections::BTreeMap<&str, &MapFeature> = features.iter().map(|f| (f.code.as_str(), f)).collect();
    let mut sums: std::collections::BTreeMap<&str, (f64, f64)> = std::collections::BTreeMap::new();
    for f in &features {
        if let Some(parent) = &f.parent {
            let entry = sums.entry(parent.as_str()).or_default();
            entry.0 += f.area;
            entry.1 += f.perimeter;
        }
    }
    for (parent, (area, perimeters)) in sums {
        let p = by_code[parent];
        let tolerance = 1e-6 * (p.perimeter + perimeters);
        assert!((area - p.area).abs() <= tolerance, "children of {parent}: {area} vs {} (tolerance {tolerance})", p.area);
    }
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn small_maps_parse_back_with_every_node() {
    check_maps(common::small(), "small");
}

#[test]
fn full_maps_parse_back_with_every_node() {
    check_maps(common::full(), "full");
}
