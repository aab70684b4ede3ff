//! Turf's point-in-polygon and kinks fixtures against our reader and self-intersection check.

use crate::common;

use geo::{Contains, Coord, Intersects, Point};
use wangge_geoimport::{check, read_file, CheckOptions, FindingKind, ReadErrorKind};

/// Expected answers from Turf's own boolean-point-in-polygon tests (the fixtures hold only the
/// polygons): point, inside?
const POLY_WITH_HOLE: [([f64; 2], bool); 3] = [
    ([-86.69208526611328, 36.20373274711739], false), // in the hole
    ([-86.72229766845702, 36.20258997094334], true),
    ([-86.75079345703125, 36.18527313913089], false),
];
const MULTIPOLY_WITH_HOLE: [([f64; 2], bool); 4] = [
    ([-86.69208526611328, 36.20373274711739], false), // in the hole
    ([-86.72229766845702, 36.20258997094334], true),
    ([-86.75079345703125, 36.18527313913089], true), // in the second polygon
    ([-86.75302505493164, 36.23015046460186], false),
];

#[test]
fn point_in_polygon_fixtures() {
    let Some(data) = common::testdata() else { return };
    let dir = data.join("geojson/turf-fixtures/boolean-point-in-polygon");
    for (file, cases) in [("poly-with-hole.geojson", &POLY_WITH_HOLE[..]), ("multipoly-with-hole.geojson", &MULTIPOLY_WITH_HOLE[..])] {
        let candidates = read_file(&dir.join(file), &common::plain()).unwrap();
        assert_eq!(candidates.len(), 1);
        let shape = &candidates[0].boundary;
        for &([x, y], inside) in cases {
            let p = Point::new(x, y);
            assert_eq!(shape.contains(&p), inside, "{file} contains {p:?}");
            assert_eq!(shape.intersects(&p), inside, "{file} intersects {p:?}");
        }
        let report = check(&candidates, &CheckOptions::default());
        assert!(
            report.warnings().chain(report.errors()).all(|f| matches!(f.kind, FindingKind::MissingCode | FindingKind::MissingName)),
            "{file}: {:#?}",
            report.findings
        );
    }
}

/// The kink points Turf expects: the Point features of the matching `kinks-out` file.
fn expected_kinks(path: &std::path::Path) -> Vec<Coord<f64>> {
    let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    value["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["geometry"]["type"] == "Point")
        .map(|f| Coord { x: f["geometry"]["coordinates"][0].as_f64().unwrap(), y: f["geometry"]["coordinates"][1].as_f64().unwrap() })
        .collect()
}

fn near(a: Coord<f64>, b: Coord<f64>) -> bool {
    (a.x - b.x).abs() <= 1e-9 && (a.y - b.y).abs() <= 1e-9
}

#[test]
fn kinks_fixtures() {
    let Some(data) = common::testdata() else { return };
    let dir = data.join("geojson/turf-fixtures");
    // Turf's kinks works on lines too; we read boundaries only, so those are clear errors.
    let polygons = ["hourglass.geojson", "issue-2627.geojson", "multi-polygon.geojson", "switzerlandKinked.geojson", "triple.geojson"];
    let lines = ["multi-linestring.geojson", "open-hourglass.geojson"];
    let mut names: Vec<String> =
        std::fs::read_dir(dir.join("kinks-in")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let mut all: Vec<&str> = polygons.iter().chain(lines.iter()).copied().collect();
    all.sort();
    assert_eq!(names, all);

    for file in lines {
        let e = read_file(&dir.join("kinks-in").join(file), &common::plain()).unwrap_err();
        assert_eq!(e.kind(), ReadErrorKind::NotPolygon, "{file}: {e}");
    }
    for file in polygons {
        let candidates = read_file(&dir.join("kinks-in").join(file), &common::plain()).unwrap();
        let report = check(&candidates, &CheckOptions::default());
        let ours: Vec<Coord<f64>> = report
            .findings
            .iter()
            .filter_map(|f| match &f.kind {
                FindingKind::SelfIntersection { points, .. } => Some(points.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        let expected = expected_kinks(&dir.join("kinks-out").join(file));
        assert!(!expected.is_empty());
        for e in &expected {
            assert!(ours.iter().any(|o| near(*o, *e)), "{file}: expected kink {e:?} not found in {ours:?}");
        }
        for o in &ours {
            assert!(expected.iter().any(|e| near(*o, *e)), "{file}: extra intersection {o:?}, expected {expected:?}");
        }
        // Self-intersections are warnings: the user may accept them.
        assert!(report.warnings().any(|f| matches!(f.kind, FindingKind::SelfIntersection { .. })));
    }
}
