//! geojsonhint's good and bad fixtures, each with an explicit expected outcome.
//!
//! geojsonhint validates all of GeoJSON; we read only boundaries, so a valid Point is for us
//! a clear "not a polygon" error. Where a `.result` message concerns something we check, the
//! expected outcome below is of the same kind (bad JSON → Json, unclosed ring → an
//! UnclosedRing finding, wrong winding → accepted and rewound, and so on).

use crate::common;

use std::collections::BTreeMap;

use wangge_geoimport::{check, read_file, CheckOptions, FindingKind, ReadErrorKind};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// Reads; no ring findings; `rewound` rings were reversed to RFC 7946 winding.
    Reads { rewound: usize },
    /// Fails to read with this kind of error.
    Fails(ReadErrorKind),
    /// Reads, and the report holds an unclosed-ring error.
    Unclosed,
    /// Reads, and the report holds both a too-few-positions and an unclosed-ring error.
    ShortAndUnclosed,
}

use Expect::*;
use ReadErrorKind::*;

fn good() -> BTreeMap<&'static str, Expect> {
    BTreeMap::from([
        ("good-feature-with-id.geojson", Fails(NotPolygon)),
        ("good-feature-with-string-id.geojson", Fails(NotPolygon)),
        ("good-feature.geojson", Fails(NotPolygon)),
        ("good-featurecollection-bbox.geojson", Fails(NotPolygon)),
        ("good-featurecollection-bbox3d.geojson", Fails(NotPolygon)),
        ("good-featurecollection-extensions.geojson", Fails(NotPolygon)),
        ("good-featurecollection.geojson", Fails(NotPolygon)),
        ("good-geometrycollection.geojson", Fails(NotPolygon)),
        ("good-linestring.geojson", Fails(NotPolygon)),
        ("good-multilinestring.geojson", Fails(NotPolygon)),
        ("good-multipoint.geojson", Fails(NotPolygon)),
        ("good-point-3d.geojson", Fails(NotPolygon)),
        ("good-point.geojson", Fails(NotPolygon)),
        ("good-polygon.geojson", Reads { rewound: 0 }),
        // A MultiPolygon whose latitudes reach -141°: valid JSON structure for geojsonhint
        // (it does not check ranges) but no place on Earth; we refuse it as coordinates.
        ("issue82.geojson", Fails(Coordinates)),
        ("multipolygon.geojson", Reads { rewound: 0 }),
        ("nullgeometry.geojson", Fails(NotPolygon)),
        ("nullproperties.geojson", Fails(NotPolygon)),
    ])
}

fn bad() -> BTreeMap<&'static str, Expect> {
    BTreeMap::from([
        // JSON keeps the last duplicate "type" (Feature), which then lacks "geometry", one of
        // geojsonhint's messages too.
        ("bad-duplicate-properties.geojson", Fails(Structure)),
        ("bad-featurelist.geojson", Fails(Coordinates)),
        ("bad-json.geojson", Fails(Json)),
        ("bad-object-type.geojson", Fails(Structure)),
        // Right-hand-rule messages: we accept either winding and normalise.
        ("bad-polygon-interiorring-rhr.geojson", Reads { rewound: 1 }),
        ("bad-polygonloop.geojson", Fails(Coordinates)),
        ("bad-properties-as-array.geojson", Fails(Structure)),
        ("badcoord.geojson", Fails(NotPolygon)),
        ("badcoordtype.geojson", Fails(Coordinates)),
        ("badfeature.geojson", Fails(Structure)),
        ("badfeatureid.geojson", Fails(NotPolygon)),
        ("bbox-4or6elements.geojson", Fails(NotPolygon)),
        ("bbox-contains-string.geojson", Fails(NotPolygon)),
        ("bbox-string.geojson", Fails(NotPolygon)),
        ("different-first-last.geojson", Unclosed),
        // Last position has a third value the first lacks: not identical, so unclosed.
        ("different-first-size.geojson", Unclosed),
        ("excessive_precision_truncated.geojson", Fails(NotPolygon)),
        ("expected_object.geojson", Fails(Structure)),
        ("false.geojson", Fails(NotPolygon)),
        ("feature_changed_semantics.geojson", Fails(NotPolygon)),
        ("featurecollection-obj.geojson", Fails(Structure)),
        ("featurecollection-type-case.geojson", Fails(Structure)),
        ("featurecollection.geojson", Fails(Structure)),
        ("featurecollection_changed_semantics.geojson", Fails(NotPolygon)),
        ("geometry_changed_semantics.geojson", Fails(NotPolygon)),
        ("geometrycollection_nested.geojson", Fails(NotPolygon)),
        ("geometrycollection_single.geojson", Fails(NotPolygon)),
        ("multiple_problems.geojson", Fails(NotPolygon)),
        ("multipoint-multidimension.geojson", Fails(NotPolygon)),
        ("multipoint-nondimension.geojson", Fails(NotPolygon)),
        ("nofeaturetype.geojson", Fails(Structure)),
        ("notype.geojson", Fails(Structure)),
        ("point-labeled-as-a-multipolygon.geojson", Fails(Coordinates)),
        ("point-string.geojson", Fails(NotPolygon)),
        ("point-toofew.geojson", Fails(NotPolygon)),
        ("point-toomany.geojson", Fails(NotPolygon)),
        ("point.geojson", Fails(NotPolygon)),
        ("polygon_winding_order.geojson", Reads { rewound: 1 }),
        ("rootstring.geojson", Fails(Structure)),
        ("short-line.geojson", Fails(NotPolygon)),
        ("short-linearring.geojson", ShortAndUnclosed),
        ("short-multilinestring.geojson", Fails(NotPolygon)),
        ("stringcoord.geojson", Fails(NotPolygon)),
        ("unknowntype.geojson", Fails(Structure)),
    ])
}

fn ring_kinds(findings: &[wangge_geoimport::Finding]) -> (bool, bool, usize) {
    let unclosed = findings.iter().any(|f| matches!(f.kind, FindingKind::UnclosedRing { .. }));
    let short = findings.iter().any(|f| matches!(f.kind, FindingKind::TooFewPositions { .. }));
    let other = findings
        .iter()
        .filter(|f| {
            !matches!(
                f.kind,
                FindingKind::MissingCode
                    | FindingKind::MissingName
                    | FindingKind::UnclosedRing { .. }
                    | FindingKind::TooFewPositions { .. }
            )
        })
        .count();
    (unclosed, short, other)
}

fn run(folder: &str, table: BTreeMap<&'static str, Expect>) {
    let Some(data) = common::testdata() else { return };
    let dir = data.join("geojson/geojsonhint-fixtures").join(folder);
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("geojson") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let expect = *table.get(name.as_str()).unwrap_or_else(|| panic!("{folder}/{name} has no expectation in the table"));
        let got = read_file(&path, &common::plain());
        match (expect, got) {
            (Fails(kind), Err(e)) => {
                assert_eq!(e.kind(), kind, "{folder}/{name}: {e}");
                // Every message names the file.
                assert!(e.to_string().contains(&name), "{e}");
            }
            (Fails(kind), Ok(_)) => panic!("{folder}/{name}: expected a {kind:?} error, but it read"),
            (_, Err(e)) => panic!("{folder}/{name}: expected to read, got {e}"),
            (Reads { rewound }, Ok(candidates)) => {
                let report = check(&candidates, &CheckOptions::default());
                assert_eq!(ring_kinds(&report.findings), (false, false, 0), "{folder}/{name}: {:#?}", report.findings);
                assert_eq!(candidates.iter().map(|c| c.rewound_rings).sum::<usize>(), rewound, "{folder}/{name}");
            }
            (Unclosed, Ok(candidates)) => {
                let report = check(&candidates, &CheckOptions::default());
                assert_eq!(ring_kinds(&report.findings), (true, false, 0), "{folder}/{name}: {:#?}", report.findings);
                assert!(report.blocks_import());
            }
            (ShortAndUnclosed, Ok(candidates)) => {
                let report = check(&candidates, &CheckOptions::default());
                assert_eq!(ring_kinds(&report.findings), (true, true, 0), "{folder}/{name}: {:#?}", report.findings);
            }
        }
        seen.push(name);
    }
    assert_eq!(seen.len(), table.len(), "{folder}: files in the table but not on disk");
}

#[test]
fn good_fixtures() {
    run("good", good());
}

#[test]
fn bad_fixtures() {
    run("bad", bad());
}

#[test]
fn bad_json_names_line_and_column() {
    let Some(data) = common::testdata() else { return };
    let path = data.join("geojson/geojsonhint-fixtures/bad/bad-json.geojson");
    match read_file(&path, &common::plain()) {
        // The missing comma after "MultiPoint" is detected where the next member starts.
        Err(wangge_geoimport::ReadError::Json { line, column, .. }) => assert_eq!((line, column), (3, 5)),
        other => panic!("{other:?}"),
    }
}
