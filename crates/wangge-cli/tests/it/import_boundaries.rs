//! `wangge import boundaries` end to end, running the real binary:
//!
//! - the small demo's own grid map, redrawn (an edge moved between two grids, a third grid
//!   split under new codes): old figures kept as versions, the split grid retired with its
//!   records, every figure unchanged, the map drawing the new grids, `verify` passing — on
//!   SQLite, and the same story on PostgreSQL;
//! - every file of `shared/testdata/geojson` and `shared/testdata/zhejiang`: the valid ones
//!   import (as the streets of a fresh district), the invalid ones are refused with a reason
//!   that matches geojsonhint's `.result` where there is one, warnings cancel the import
//!   until accepted, and the DataV files (GCJ-02, clockwise, 宁波/舟山 self-intersecting)
//!   build a province → city → district hierarchy with the warnings real data brings;
//! - bad input (truncated GeoJSON, duplicate codes, a code of another level, unaccepted
//!   warnings): a clear error and every row of every table as it was.
//!
//! - a past day's briefing of the communities redrawn is the same file after the redraw.
//!
//! After every import, `wangge verify` passes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use geo::{BooleanOps, BoundingRect, Coord, LineString, MultiPolygon, Polygon, Rect};
use serde_json::{json, Value};

use crate::support::store::{block_on, checksum};
use crate::support::{demo_in, ok, stats, testdata, text, verify, wangge, NOW};

/// Local midnight of the day of `NOW`: the default `--valid-from`.
const TODAY: i64 = NOW - 10 * 3600;
/// Exit status of a cancelled import (warnings not accepted).
const CANCELLED: i32 = 3;

fn import(file: &Path, db: &str, extra: &[&str]) -> Output {
    let mut args = vec!["import", "boundaries", file.to_str().unwrap(), "--db", db];
    args.extend_from_slice(extra);
    wangge(&args, &[])
}

/// Rows of a query on a SQLite file, every column as text (NULL as None).
fn sql(db: &str, query: &str) -> Vec<Vec<Option<String>>> {
    use sqlx::{Connection as _, Row as _, TypeInfo as _, ValueRef as _};
    block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db).read_only(true);
        let mut conn = sqlx::SqliteConnection::connect_with(&options).await.unwrap();
        let rows = sqlx::query(query).fetch_all(&mut conn).await.unwrap();
        let cell = |row: &sqlx::sqlite::SqliteRow, i: usize| -> Option<String> {
            let raw = row.try_get_raw(i).unwrap();
            if raw.is_null() {
                return None;
            }
            Some(match raw.type_info().name() {
                "INTEGER" => row.get::<i64, _>(i).to_string(),
                "REAL" => row.get::<f64, _>(i).to_string(),
                _ => row.get::<String, _>(i),
            })
        };
        let out = rows.iter().map(|row| (0..row.len()).map(|i| cell(row, i)).collect()).collect();
        conn.close().await.unwrap();
        out
    })
}

/// The small demo in `dir`, with its GeoJSON maps in `dir/maps`.
fn demo_with_maps(dir: &Path) -> (String, PathBuf) {
    let maps = dir.join("maps");
    (demo_in(dir, &["--maps", maps.to_str().unwrap()]), maps)
}

// ---------------------------------------------------------------------------------------
// Redrawing the demo's grids.

fn to_geo(geometry: &Value) -> MultiPolygon<f64> {
    let ring = |r: &Value| {
        LineString::new(r.as_array().unwrap().iter().map(|p| Coord { x: p[0].as_f64().unwrap(), y: p[1].as_f64().unwrap() }).collect())
    };
    let polygon = |p: &Value| {
        let rings: Vec<LineString<f64>> = p.as_array().unwrap().iter().map(ring).collect();
        Polygon::new(rings[0].clone(), rings[1..].to_vec())
    };
    match geometry["type"].as_str().unwrap() {
        "Polygon" => MultiPolygon::new(vec![polygon(&geometry["coordinates"])]),
        _ => MultiPolygon::new(geometry["coordinates"].as_array().unwrap().iter().map(polygon).collect()),
    }
}

fn to_json(shape: &MultiPolygon<f64>) -> Value {
    let ring = |r: &LineString<f64>| r.0.iter().map(|c| json!([c.x, c.y])).collect::<Vec<_>>();
    json!({
        "type": "MultiPolygon",
        "coordinates": shape.0.iter().map(|p| std::iter::once(p.exterior()).chain(p.interiors()).map(ring).collect::<Vec<_>>()).collect::<Vec<_>>(),
    })
}

fn rect(min: (f64, f64), max: (f64, f64)) -> MultiPolygon<f64> {
    MultiPolygon::new(vec![Rect::new(Coord { x: min.0, y: min.1 }, Coord { x: max.0, y: max.1 }).to_polygon()])
}

/// What `redraw` changed.
struct Redraw {
    file: PathBuf,
    /// Two neighbouring grids of one community that trade a piece of land.
    moved: [String; 2],
    /// The grid split in two, and the codes of its halves.
    split: String,
    halves: [String; 2],
    community_of_moved: String,
    community_of_split: String,
    /// Grids the file repeats as they are.
    unchanged: usize,
}

/// The demo's grid map with two neighbours' shared edge moved (a 300 m square around one of
/// their shared vertices goes from the second to the first) and a third grid split at its
/// middle into two new codes.
fn redraw(maps: &Path) -> Redraw {
    let mut map: Value = serde_json::from_str(&std::fs::read_to_string(maps.join("grid.geojson")).unwrap()).unwrap();
    let features = map["features"].as_array_mut().unwrap();
    let prop = |f: &Value, k: &str| f["properties"][k].as_str().unwrap().to_owned();
    let shapes: Vec<MultiPolygon<f64>> = features.iter().map(|f| to_geo(&f["geometry"])).collect();

    // Two grids of one community sharing a vertex.
    let (a, b, shared) = (0..features.len())
        .flat_map(|i| (0..features.len()).map(move |j| (i, j)))
        .filter(|&(i, j)| i < j && prop(&features[i], "parent") == prop(&features[j], "parent"))
        .find_map(|(i, j)| {
            let vertices = |s: &MultiPolygon<f64>| s.0.iter().flat_map(|p| p.exterior().0.clone()).collect::<Vec<_>>();
            let theirs = vertices(&shapes[j]);
            vertices(&shapes[i]).into_iter().find(|v| theirs.contains(v)).map(|v| (i, j, v))
        })
        .expect("two neighbouring grids");
    let piece = shapes[b].intersection(&rect((shared.x - 0.0015, shared.y - 0.0015), (shared.x + 0.0015, shared.y + 0.0015)));
    let new_a = shapes[a].union(&piece);
    let new_b = shapes[b].difference(&piece);
    features[a]["geometry"] = to_json(&new_a);
    features[b]["geometry"] = to_json(&new_b);

    // A grid of another community, split at the middle of its bounding box.
    let c = (0..features.len()).find(|&k| prop(&features[k], "parent") != prop(&features[a], "parent")).expect("a grid elsewhere");
    let bounds = shapes[c].bounding_rect().unwrap();
    let mid = (bounds.min().x + bounds.max().x) / 2.0;
    let west = shapes[c].intersection(&rect((bounds.min().x - 1.0, bounds.min().y - 1.0), (mid, bounds.max().y + 1.0)));
    let east = shapes[c].intersection(&rect((mid, bounds.min().y - 1.0), (bounds.max().x + 1.0, bounds.max().y + 1.0)));
    let community = prop(&features[c], "parent");
    let halves = [format!("{community}98"), format!("{community}99")];
    let split = prop(&features[c], "code");
    let old = features.remove(c);
    for (code, shape, side) in [(&halves[0], west, "西"), (&halves[1], east, "东")] {
        let mut half = old.clone();
        half["properties"]["code"] = json!(code);
        half["properties"]["name"] = json!(format!("{}{side}", prop(&old, "name")));
        half["geometry"] = to_json(&shape);
        features.push(half);
    }
    let moved = [prop(&features[a], "code"), prop(&features[b], "code")];
    let community_of_moved = prop(&features[a], "parent");
    let unchanged = features.len() - 4;
    let file = maps.join("grid-redrawn.geojson");
    std::fs::write(&file, serde_json::to_string(&map).unwrap()).unwrap();
    Redraw { file, moved, split, halves, community_of_moved, community_of_split: community, unchanged }
}

/// Importing the redrawn grids. The demo's maps round to 1e-6° (~0.1 m); where a redrawn
/// grid meets a stored neighbour or its community along an edge kilometres long, that
/// rounding leaves slivers of up to a few hundred m², so the tolerance is raised to 1,000 m²
/// (a 30 m × 30 m square, still far below a grid's area) instead of accepting warnings.
const REDRAW: [&str; 5] = ["--level", "grid", "--retire-missing", "--tolerance", "1000"];

/// The figures of a node, and of each of its children by code.
fn figures(db: &str, node: &str) -> (Value, BTreeMap<String, Value>) {
    let report = stats(db, Some(node));
    let children =
        report["children"].as_array().unwrap().iter().map(|c| (c["code"].as_str().unwrap().to_owned(), c["metrics"].clone())).collect();
    (report["metrics"].clone(), children)
}

#[test]
fn a_redrawn_grid_level_keeps_old_figures_as_versions_and_every_figure_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (db, maps) = demo_with_maps(dir.path());
    let r = redraw(&maps);
    let district = stats(&db, None)["metrics"].clone();
    let moved_community = figures(&db, &r.community_of_moved);
    let split_community = figures(&db, &r.community_of_split);
    let split_micro: Vec<String> = sql(&db, &format!("SELECT code FROM nodes WHERE parent_code = '{}' ORDER BY code", r.split))
        .into_iter()
        .map(|row| row[0].clone().unwrap())
        .collect();
    assert!(!split_micro.is_empty());
    let old_boundaries: Vec<Option<String>> =
        r.moved.iter().map(|code| sql(&db, &format!("SELECT boundary FROM nodes WHERE code = '{code}'"))[0][0].clone()).collect();

    // Without --retire-missing the old grid stays, overlapping both halves: cancelled.
    let before = checksum(&db);
    let cancelled = import(&r.file, &db, &["--level", "grid", "--tolerance", "1000"]);
    assert_eq!(cancelled.status.code(), Some(CANCELLED), "{}", text(&cancelled));
    let said = text(&cancelled);
    let overlaps: Vec<&str> =
        said.lines().filter(|l| l.starts_with("warning\toverlap\t") && l.contains(&r.split) && l.contains(", stored)")).collect();
    assert_eq!(overlaps.len(), 2, "each half overlaps the stored grid it replaces: {said}");
    assert_eq!(checksum(&db), before);

    let out = ok(import(&r.file, &db, &REDRAW));
    let retired = 1 + split_micro.len();
    assert!(out.contains(&format!("2 created, 2 redrawn (old figures kept), {} unchanged, {retired} retired", r.unchanged)), "{out}");
    assert!(out.contains("report: 0 error(s), 0 warning(s)"), "{out}");
    verify(&db);

    // The redrawn grids keep their old figure as a version, valid until today.
    for (code, old) in r.moved.iter().zip(&old_boundaries) {
        let versions = sql(&db, &format!("SELECT valid_from, valid_to, boundary FROM node_versions WHERE code = '{code}'"));
        assert_eq!(versions.len(), 1, "{code}");
        assert_eq!(versions[0][0], None, "{code}: the demo's figure held from the start");
        assert_eq!(versions[0][1].as_deref(), Some(TODAY.to_string().as_str()));
        assert_eq!(&versions[0][2], old, "{code}: the old boundary, as it was stored");
        let now = sql(&db, &format!("SELECT valid_from, valid_to, boundary FROM nodes WHERE code = '{code}'"));
        assert_eq!(now[0][0].as_deref(), Some(TODAY.to_string().as_str()));
        assert_eq!(now[0][1], None);
        assert_ne!(&now[0][2], old);
    }
    // The split grid and its micro-grids are retired, not deleted; the halves are new.
    for code in std::iter::once(&r.split).chain(&split_micro) {
        let row = sql(&db, &format!("SELECT valid_to FROM nodes WHERE code = '{code}'"));
        assert_eq!(row[0][0].as_deref(), Some(TODAY.to_string().as_str()), "{code}");
    }
    for code in &r.halves {
        let row = sql(&db, &format!("SELECT parent_code, valid_from, valid_to FROM nodes WHERE code = '{code}'"));
        assert_eq!(row, vec![vec![Some(r.community_of_split.clone()), Some(TODAY.to_string()), None]]);
    }
    let logged = sql(&db, "SELECT COUNT(*) FROM change_log WHERE entity = 'node'");
    assert_eq!(logged[0][0].as_deref(), Some((4 + retired).to_string().as_str()));

    // No figure moved: records stay with their codes, the retired grid's too.
    assert_eq!(stats(&db, None)["metrics"], district);
    let (metrics, children) = figures(&db, &r.community_of_moved);
    assert_eq!(metrics, moved_community.0);
    assert_eq!(children, moved_community.1);
    let (metrics, children) = figures(&db, &r.community_of_split);
    assert_eq!(metrics, split_community.0);
    assert_eq!(children[&r.split], split_community.1[&r.split]);
    for half in &r.halves {
        assert_eq!(children[half]["tickets_received"], 0, "a new grid holds no records yet");
    }

    // The map draws what is current: the halves, not the retired grid.
    let (drawn_split, drawn_moved) = block_on(async {
        let store = wangge_engine::Store::open_sqlite_file(Path::new(&db)).await.unwrap();
        let now = wangge_domain::Timestamp(NOW);
        let engine = wangge_engine::Engine::open(store, now).await.unwrap();
        let scope = engine.district_scope("test");
        let codes =
            |code: &str| -> Vec<String> { engine.map_view(&scope, Some(code)).unwrap().areas.into_iter().map(|a| a.node.code).collect() };
        (codes(&r.community_of_split), codes(&r.community_of_moved))
    });
    assert!(r.halves.iter().all(|h| drawn_split.contains(h)) && !drawn_split.contains(&r.split), "{drawn_split:?}");
    assert!(r.moved.iter().all(|m| drawn_moved.contains(m)), "{drawn_moved:?}");

    // The new grids get their micro-grids (one each, covering it); the kind comes from the
    // file's `kind` property, as the demo's own maps write it.
    let grid_map: Value = serde_json::from_str(&std::fs::read_to_string(&r.file).unwrap()).unwrap();
    let micro: Vec<Value> = grid_map["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| r.halves.iter().any(|h| f["properties"]["code"] == h.as_str()))
        .map(|f| {
            let code = f["properties"]["code"].as_str().unwrap();
            json!({"type": "Feature", "geometry": f["geometry"].clone(),
                   "properties": {"code": format!("{code}001"), "name": "楼道", "parent": code, "kind": "stairwell"}})
        })
        .collect();
    assert_eq!(micro.len(), 2);
    let micro_file = maps.join("micro-new.geojson");
    std::fs::write(&micro_file, json!({"type": "FeatureCollection", "features": micro}).to_string()).unwrap();
    let out = ok(import(&micro_file, &db, &["--level", "micro_grid", "--tolerance", "1000"]));
    assert!(out.contains("2 created, 0 redrawn (old figures kept), 0 unchanged, 0 retired"), "{out}");
    let kinds = sql(&db, &format!("SELECT micro_kind FROM nodes WHERE parent_code IN ('{}', '{}')", r.halves[0], r.halves[1]));
    assert_eq!(kinds, vec![vec![Some("stairwell".to_owned())]; 2]);
    verify(&db);

    // The same file again changes nothing.
    let before = checksum(&db);
    let again = ok(import(&r.file, &db, &REDRAW));
    assert!(again.contains("nothing to import"), "{again}");
    assert_eq!(checksum(&db), before);
    verify(&db);
}

/// A past day's briefing of the communities whose grids are redrawn today is the same file
/// after the redraw: the redrawn grids on its map keep yesterday's boundaries (their stored
/// versions), the split grid is still drawn (retired only today), its halves not yet.
#[test]
fn a_past_days_briefing_is_the_same_file_after_a_boundary_redraw() {
    let dir = tempfile::tempdir().unwrap();
    let (db, maps) = demo_with_maps(dir.path());
    let r = redraw(&maps);
    let brief = |node: &str, out: &Path| {
        let out = out.to_str().unwrap();
        ok(wangge(&["brief", "--db", &db, "--node", node, "--date", "2026-11-22", "--out", out, "--format", "svg,pdf"], &[]))
    };
    let files = |dir: &Path| -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect()
    };
    let communities = [r.community_of_moved.clone(), r.community_of_split.clone()];
    for (i, community) in communities.iter().enumerate() {
        brief(community, &dir.path().join(format!("before-{i}")));
    }
    ok(import(&r.file, &db, &REDRAW));
    for (i, community) in communities.iter().enumerate() {
        brief(community, &dir.path().join(format!("after-{i}")));
        let (before, after) = (files(&dir.path().join(format!("before-{i}"))), files(&dir.path().join(format!("after-{i}"))));
        assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
        for (name, bytes) in &before {
            assert!(after[name] == *bytes, "{name} changed after the redraw");
        }
    }
    // Today's map is the new one: the split grid's two halves are drawn where it was one.
    let today = dir.path().join("today");
    let out = today.to_str().unwrap();
    ok(wangge(&["brief", "--db", &db, "--node", &r.community_of_split, "--date", "2026-11-23", "--out", out, "--format", "svg"], &[]));
    let polygons = |dir: &Path| -> usize {
        files(dir)
            .iter()
            .filter(|(name, _)| name.ends_with(".svg"))
            .map(|(_, svg)| String::from_utf8_lossy(svg).matches("<polygon").count())
            .sum()
    };
    assert_eq!(polygons(&today), polygons(&dir.path().join("before-1")) + 1, "the map of today draws one area more");
}

/// The same redraw on PostgreSQL: imported in one transaction, figures unchanged, verified.
#[tokio::test(flavor = "multi_thread")]
async fn a_redrawn_grid_level_on_postgres() {
    let Some(pg) = wangge_store::test_support::PgDb::create("import_boundaries").await else { return };
    let url = pg.url.clone();
    tokio::task::spawn_blocking(move || {
        let dir = tempfile::tempdir().unwrap();
        let maps = dir.path().join("maps");
        ok(wangge(&["demo", "--db", &url, "--seed", "7", "--scale", "small", "--maps", maps.to_str().unwrap()], &[]));
        let r = redraw(&maps);
        let before = stats(&url, None)["metrics"].clone();
        let split = figures(&url, &r.community_of_split);
        let out = ok(import(&r.file, &url, &REDRAW));
        assert!(out.contains("2 created, 2 redrawn (old figures kept)"), "{out}");
        verify(&url);
        assert_eq!(stats(&url, None)["metrics"], before);
        assert_eq!(figures(&url, &r.community_of_split).1[&r.split], split.1[&r.split]);
        let again = ok(import(&r.file, &url, &REDRAW));
        assert!(again.contains("nothing to import"), "{again}");
    })
    .await
    .unwrap();
    let store = wangge_engine::Store::open(&pg.url).await.unwrap();
    let (district, _) = store.load_district().await.unwrap();
    let retired = district.hierarchy.nodes().filter(|(_, n)| n.valid_to.is_some()).count();
    assert!(retired > 1, "the split grid and its micro-grids");
    let redrawn: Vec<_> =
        district.hierarchy.nodes().filter(|(_, n)| n.level == wangge_domain::Level::Grid && n.valid_from.is_some()).collect();
    let mut versions = 0;
    for (_, node) in &redrawn {
        versions += store.node_versions(node.code.as_str()).await.unwrap().len();
    }
    assert_eq!(versions, 2, "the two grids that traded land keep their old figures");
    store.close().await;
    pg.drop_database().await;
}

// ---------------------------------------------------------------------------------------
// Every file of the test data.

#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Imports at once: no finding at all.
    Clean,
    /// Cancelled for warnings of exactly these kinds; imports with `--accept-warnings`.
    Warns(&'static [&'static str]),
    /// Refused; the output says this.
    Refused(&'static str),
    /// Refused for ring errors that `--fix` repairs; then imports (accepting the rest).
    Fixable(&'static str),
}

use Expect::*;

/// Why a file that is GeoJSON but not a boundary is refused; geojsonhint's `.result` for
/// such a file speaks of what it checks further on (a bbox, an id, a position), which a
/// boundary import never reaches.
const NOT_A_BOUNDARY: &str = "not a Polygon or MultiPolygon";
const NOT_JSON: &str = "not valid JSON at line";
const NO_NAME: &[&str] = &["missing_name"];
const KINKED: &[&str] = &["missing_name", "self_intersection"];

/// geojsonhint's message (in the `.result`) and ours, for the same defect.
type Match = Option<(&'static str, &'static str)>;

const NESTED: Match = Some(("this needs to be nested more deeply", "nested too shallowly"));
const UNCLOSED: Match = Some(("the first and last positions in a LinearRing of coordinates must be the same", "is not closed"));
const RHR: Match = Some(("should follow the right-hand rule", "rewound 1 ring(s) to RFC 7946 winding"));
const PROPERTIES: Match = Some(("\"properties\" member should be object", "\"properties\" must be an object"));

/// Every file, its expected outcome, and where geojsonhint has a `.result`, the message of
/// it that our reason answers (`None` for non-boundaries, see [`NOT_A_BOUNDARY`]).
fn expectations() -> BTreeMap<&'static str, (Expect, Match)> {
    let hint = "geojson/geojsonhint-fixtures";
    let rfc = "geojson/rfc7946-examples";
    let turf = "geojson/turf-fixtures";
    let not_boundary = (Refused(NOT_A_BOUNDARY), None);
    let mut table: Vec<(String, (Expect, Match))> = vec![
        (format!("{hint}/LICENSE"), (Refused(NOT_JSON), None)),
        (
            format!("{hint}/bad/bad-duplicate-properties.geojson"),
            (Refused("\"geometry\" member required"), Some(("\"geometry\" member required", "\"geometry\" member required"))),
        ),
        (format!("{hint}/bad/bad-featurelist.geojson"), (Refused("nested too shallowly"), NESTED)),
        (format!("{hint}/bad/bad-json.geojson"), (Refused("not valid JSON at line 3, column 5"), Some(("Parse error", "not valid JSON")))),
        (
            format!("{hint}/bad/bad-object-type.geojson"),
            (Refused("\"type\" must be a string"), Some(("\"type\" member should be string", "\"type\" must be a string"))),
        ),
        (format!("{hint}/bad/bad-polygon-interiorring-rhr.geojson"), (Warns(NO_NAME), RHR)),
        (format!("{hint}/bad/bad-polygonloop.geojson"), (Refused("nested too shallowly"), NESTED)),
        (format!("{hint}/bad/bad-properties-as-array.geojson"), (Refused("\"properties\" must be an object"), PROPERTIES)),
        (format!("{hint}/bad/badcoordtype.geojson"), (Refused("nested too shallowly"), NESTED)),
        (
            format!("{hint}/bad/badfeature.geojson"),
            (Refused("every feature must be an object"), Some(("Every feature must be an object", "every feature must be an object"))),
        ),
        (format!("{hint}/bad/different-first-last.geojson"), (Fixable("is not closed"), UNCLOSED)),
        (format!("{hint}/bad/different-first-size.geojson"), (Fixable("is not closed"), UNCLOSED)),
        (format!("{hint}/bad/expected_object.geojson"), (Refused("\"properties\" must be an object"), PROPERTIES)),
        (
            format!("{hint}/bad/featurecollection-obj.geojson"),
            (Refused("\"features\" must be an array"), Some(("\"features\" member should be an array", "\"features\" must be an array"))),
        ),
        (
            format!("{hint}/bad/featurecollection-type-case.geojson"),
            (Refused("types are case-sensitive"), Some(("(case sensitive)", "types are case-sensitive"))),
        ),
        (
            format!("{hint}/bad/featurecollection.geojson"),
            (Refused("\"features\" member required"), Some(("\"features\" member required", "\"features\" member required"))),
        ),
        (
            format!("{hint}/bad/nofeaturetype.geojson"),
            (Refused("expected type \"Feature\""), Some(("must have a type=feature member", "expected type \"Feature\""))),
        ),
        (
            format!("{hint}/bad/notype.geojson"),
            (Refused("\"type\" member required"), Some(("\"type\" member required", "\"type\" member required"))),
        ),
        (format!("{hint}/bad/point-labeled-as-a-multipolygon.geojson"), (Refused("nested too shallowly"), NESTED)),
        (format!("{hint}/bad/polygon_winding_order.geojson"), (Warns(NO_NAME), RHR)),
        (
            format!("{hint}/bad/rootstring.geojson"),
            (Refused("the root must be an object"), Some(("The root of a GeoJSON object must be an object", "the root must be an object"))),
        ),
        // Three positions, unclosed: closing it makes a triangle, a ring of four positions.
        (
            format!("{hint}/bad/short-linearring.geojson"),
            (Fixable("a linear ring needs at least 4"), Some(("needs to have four or more positions", "a linear ring needs at least 4"))),
        ),
        (
            format!("{hint}/bad/unknowntype.geojson"),
            (Refused("unknown type \"FooBar\""), Some(("The type FooBar is unknown", "unknown type \"FooBar\""))),
        ),
        (format!("{hint}/good/good-polygon.geojson"), (Warns(NO_NAME), None)),
        (format!("{hint}/good/multipolygon.geojson"), (Warns(NO_NAME), None)),
        // Latitudes down to -141°: geojsonhint checks no ranges; no place on Earth.
        (format!("{hint}/good/issue82.geojson"), (Refused("is not a longitude/latitude in degrees"), None)),
        (format!("{hint}/good/nullgeometry.geojson"), (Refused("the feature has no geometry"), None)),
        (format!("{rfc}/example_02_a.geojson"), (Fixable("is not closed"), None)),
        (format!("{rfc}/example_02_b.geojson"), (Refused("the file holds no features"), None)),
        (format!("{rfc}/example_appendix_03_a.geojson"), (Warns(NO_NAME), None)),
        (format!("{rfc}/example_appendix_03_b.geojson"), (Warns(NO_NAME), None)),
        // The antimeridian-crossing polygon with a hole, uncut: its hole crosses its exterior.
        (format!("{rfc}/example_appendix_03_c.geojson"), (Warns(KINKED), None)),
        (format!("{rfc}/example_appendix_06.geojson"), (Warns(NO_NAME), None)),
        (format!("{turf}/LICENSE"), (Refused(NOT_JSON), None)),
        (format!("{turf}/boolean-point-in-polygon/multipoly-with-hole.geojson"), (Warns(NO_NAME), None)),
        (format!("{turf}/boolean-point-in-polygon/poly-with-hole.geojson"), (Warns(NO_NAME), None)),
        // Turf calls a hole touching its exterior at two vertices invalid; as an area it is fine.
        (format!("{turf}/boolean-valid/false/MultiPolygon/multipoly-with-2-vertices-touching.geojson"), (Warns(NO_NAME), None)),
        (format!("{turf}/boolean-valid/false/MultiPolygon/multipolygons-overlap.geojson"), (Warns(KINKED), None)),
        (format!("{turf}/boolean-valid/false/MultiPolygon/not-enough-coords.geojson"), (Refused("a linear ring needs at least 4"), None)),
        (format!("{turf}/boolean-valid/false/Polygon/not-closing-ring.geojson"), (Fixable("is not closed"), None)),
        (format!("{turf}/boolean-valid/false/Polygon/not-enough-coords.geojson"), (Refused("a linear ring needs at least 4"), None)),
        (format!("{turf}/boolean-valid/false/Polygon/polygon-with-hole-2-vertices-touching.geojson"), (Warns(NO_NAME), None)),
        (format!("{turf}/boolean-valid/false/Polygon/polygon-with-puncture.geojson"), (Warns(KINKED), None)),
        (format!("{turf}/boolean-valid/false/Polygon/polygon-with-spike.geojson"), (Warns(KINKED), None)),
        (format!("{turf}/boolean-valid/true/MultiPolygon/multipolygon-touch.geojson"), (Warns(NO_NAME), None)),
        (format!("{turf}/boolean-valid/true/MultiPolygon/multipolygon-with-hole.geojson"), (Warns(NO_NAME), None)),
        (format!("{turf}/boolean-valid/true/MultiPolygon/multipolygon.geojson"), (Warns(NO_NAME), None)),
        (format!("{turf}/boolean-valid/true/Polygon/polygon-internal-hole.geojson"), (Warns(NO_NAME), None)),
        (format!("{turf}/boolean-valid/true/Polygon/polygon-with-hole-1-vertice-touching.geojson"), (Warns(NO_NAME), None)),
        (format!("{turf}/boolean-valid/true/Polygon/polygon.geojson"), (Warns(NO_NAME), None)),
        (format!("{turf}/kinks-in/hourglass.geojson"), (Warns(KINKED), None)),
        (format!("{turf}/kinks-in/issue-2627.geojson"), (Warns(KINKED), None)),
        (format!("{turf}/kinks-in/multi-polygon.geojson"), (Warns(KINKED), None)),
        (format!("{turf}/kinks-in/switzerlandKinked.geojson"), (Warns(KINKED), None)),
        (format!("{turf}/kinks-in/triple.geojson"), (Warns(KINKED), None)),
        ("zhejiang/areacity-hierarchy/ok_data_level4_zhejiang.csv".into(), (Refused(NOT_JSON), None)),
        // DataV, read with its own mapping (see `datav_args`): 宁波 once, 舟山 twice.
        ("zhejiang/datav-anzhou99/330000_full.json".into(), (Warns(&["self_intersection"]), None)),
        ("zhejiang/datav-anzhou99/330100_full.json".into(), (Clean, None)),
        ("zhejiang/datav-anzhou99/330400_full.json".into(), (Clean, None)),
        ("zhejiang/datav-anzhou99/330700_full.json".into(), (Clean, None)),
    ];
    for name in [
        "badcoord",
        "badfeatureid",
        "bbox-4or6elements",
        "bbox-contains-string",
        "bbox-string",
        "excessive_precision_truncated",
        "false",
        "feature_changed_semantics",
        "featurecollection_changed_semantics",
        "geometry_changed_semantics",
        "geometrycollection_nested",
        "geometrycollection_single",
        "multiple_problems",
        "multipoint-multidimension",
        "multipoint-nondimension",
        "point-string",
        "point-toofew",
        "point-toomany",
        "point",
        "short-line",
        "short-multilinestring",
        "stringcoord",
    ] {
        table.push((format!("{hint}/bad/{name}.geojson"), not_boundary));
    }
    for name in [
        "good-feature-with-id",
        "good-feature-with-string-id",
        "good-feature",
        "good-featurecollection-bbox",
        "good-featurecollection-bbox3d",
        "good-featurecollection-extensions",
        "good-featurecollection",
        "good-geometrycollection",
        "good-linestring",
        "good-multilinestring",
        "good-multipoint",
        "good-point-3d",
        "good-point",
        "nullproperties",
    ] {
        table.push((format!("{hint}/good/{name}.geojson"), not_boundary));
    }
    for name in [
        "example_01",
        "example_02_c",
        "example_appendix_01",
        "example_appendix_02",
        "example_appendix_04",
        "example_appendix_05",
        "example_appendix_07",
    ] {
        table.push((format!("{rfc}/{name}.geojson"), not_boundary));
    }
    for name in ["spec_LICENSE.txt", "spec_README.md", "spec_back.mkd", "spec_considerations.mkd", "spec_middle.mkd"] {
        table.push((format!("{rfc}/{name}"), (Refused(NOT_JSON), None)));
    }
    for name in [
        "false/GeometryCollection/empty-geometry-collection",
        "false/GeometryCollection/malformed-geometry-in-collection",
        "false/GeometryCollection/nested-collection",
        "false/GeometryCollection/no-type-in-nested-geometry",
        "false/GeometryCollection/non-geometry-in-collection",
        "false/MultiPoint/multipoint",
        "false/Point/point",
        "true/GeometryCollection/geometry-collection",
        "true/LineString/linestring",
        "true/MultiLineString/multilinestring",
        "true/MultiPoint/multipoint-with-z",
        "true/MultiPoint/multipoint",
        "true/Point/point-with-z",
        "true/Point/point",
    ] {
        table.push((format!("{turf}/boolean-valid/{name}.geojson"), not_boundary));
    }
    for name in ["multi-linestring", "open-hourglass"] {
        table.push((format!("{turf}/kinks-in/{name}.geojson"), not_boundary));
    }
    // Turf's expected kinks: Point features first.
    for name in ["hourglass", "issue-2627", "multi-linestring", "multi-polygon", "open-hourglass", "switzerlandKinked", "triple"] {
        table.push((format!("{turf}/kinks-out/{name}.geojson"), not_boundary));
    }
    let count = table.len();
    let map: BTreeMap<&'static str, (Expect, Match)> = table.into_iter().map(|(k, v)| (&*Box::leak(k.into_boxed_str()), v)).collect();
    assert_eq!(map.len(), count, "a file listed twice");
    map
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// DataV files: GCJ-02, `adcode`, `name`, `parent.adcode`; each makes a fresh district of the
/// code its features name as their parent.
const DATAV: &[&str] = &["--crs", "gcj02", "--code-field", "adcode", "--parent-field", "parent.adcode", "--district-name", "DataV 测试"];
/// Generic fixtures carry no codes, names or parents: their polygons become the streets of a
/// fresh district 990000, numbered in file order.
const GENERIC: &[&str] = &["--parent", "990000", "--district-name", "测试区", "--auto-code"];

#[test]
fn every_testdata_file_is_imported_or_refused_with_its_reason() {
    let Some(data) = testdata() else { return };
    let table = expectations();
    let mut files = Vec::new();
    files_under(&data.join("geojson"), &mut files);
    files_under(&data.join("zhejiang"), &mut files);
    files.sort();
    let mut seen = BTreeSet::new();
    let scratch = tempfile::tempdir().unwrap();
    for (n, path) in files.iter().enumerate() {
        let name = path.strip_prefix(&data).unwrap().to_str().unwrap().to_owned();
        if name.ends_with(".result") {
            continue; // geojsonhint's expected messages: compared below, not imported
        }
        let (expect, hint) = *table.get(name.as_str()).unwrap_or_else(|| panic!("{name} has no expectation"));
        seen.insert(name.clone());
        let db = scratch.path().join(format!("{n}.db")).to_str().unwrap().to_owned();
        // An empty database with the schema: `verify` creates it and finds no district.
        assert!(!wangge(&["verify", "--db", &db], &[]).status.success());
        let before = checksum(&db);
        let mut args = vec!["--level", "street"];
        args.extend_from_slice(if name.contains("datav") { DATAV } else { GENERIC });
        let first = import(path, &db, &args);
        let said = text(&first);
        let run = |extra: &[&str]| {
            let mut all = args.clone();
            all.extend_from_slice(extra);
            import(path, &db, &all)
        };
        match expect {
            Clean => assert!(first.status.success() && said.contains("report: 0 error(s), 0 warning(s)"), "{name}: {said}"),
            Warns(kinds) => {
                assert_eq!(first.status.code(), Some(CANCELLED), "{name}: {said}");
                assert!(said.contains("re-run with --accept-warnings or --fix; nothing was written"), "{name}: {said}");
                let found: BTreeSet<&str> =
                    said.lines().filter_map(|l| l.strip_prefix("warning\t")).filter_map(|l| l.split('\t').next()).collect();
                assert_eq!(found, kinds.iter().copied().collect(), "{name}: {said}");
                assert_eq!(checksum(&db), before, "{name}: a cancelled import wrote");
                ok(run(&["--accept-warnings"]));
            }
            Refused(reason) | Fixable(reason) => {
                assert_eq!(first.status.code(), Some(1), "{name}: {said}");
                assert!(said.contains(reason), "{name}: expected {reason:?} in\n{said}");
                assert!(said.contains("nothing was written"), "{name}: {said}");
                assert_eq!(checksum(&db), before, "{name}: a refused import wrote");
                if reason == NOT_A_BOUNDARY {
                    // The type named is really in the file.
                    let found = said.split("geometry is ").nth(1).and_then(|s| s.split(',').next()).unwrap();
                    let file = std::fs::read_to_string(path).unwrap();
                    assert!(file.contains(&format!("\"{found}\"")) || found.starts_with("null"), "{name}: {found}");
                }
                if matches!(expect, Fixable(_)) {
                    let fixed = ok(run(&["--fix", "--accept-warnings"]));
                    assert!(fixed.contains("fixed\t") && fixed.contains("imported"), "{name}: {fixed}");
                }
            }
        }
        // geojsonhint's verdict, where it has one, and ours answer the same defect.
        let result = path.with_extension("result");
        if result.exists() {
            let messages: Value = serde_json::from_str(&std::fs::read_to_string(&result).unwrap()).unwrap();
            let theirs: Vec<&str> = messages.as_array().unwrap().iter().filter_map(|m| m["message"].as_str()).collect();
            let theirs = theirs.join("\n");
            match hint {
                Some((their, our)) => {
                    assert!(theirs.contains(their), "{name}: {their:?} not in {theirs}");
                    assert!(said.contains(our), "{name}: {our:?} not in {said}");
                }
                None => assert!(matches!(expect, Refused(NOT_A_BOUNDARY)), "{name}: has a .result but no matching message"),
            }
        }
        if matches!(expect, Clean | Warns(_) | Fixable(_)) {
            verify(&db);
            let district = stats(&db, None);
            assert_eq!(district["node"]["level"], "district", "{name}");
            assert!(district["levels"]["street"].as_u64().unwrap() >= 1, "{name}");
        }
    }
    let missing: Vec<&&str> = table.keys().filter(|k| !seen.contains(**k)).collect();
    assert!(missing.is_empty(), "expected but not on disk: {missing:?}");
}

/// Zhejiang from DataV: the cities as the streets of 浙江省, then the districts of three
/// cities under them. The city outlines are coarser than the districts' own files, so every
/// city's districts stick out by slivers and leave gaps: reported with areas and places,
/// imported only when accepted; `--fix` clips the slivers but cannot invent the gaps away.
#[test]
fn datav_zhejiang_builds_a_hierarchy_with_the_warnings_real_data_brings() {
    let Some(data) = testdata() else { return };
    let dir = data.join("zhejiang/datav-anzhou99");
    let scratch = tempfile::tempdir().unwrap();
    let db = scratch.path().join("zhejiang.db").to_str().unwrap().to_owned();
    fn with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
        ["--crs", "gcj02", "--code-field", "adcode", "--parent-field", "parent.adcode"].into_iter().chain(extra.iter().copied()).collect()
    }

    // The province: 宁波 and 舟山 self-intersect. --fix rebuilds them; nothing else to accept.
    let cities = dir.join("330000_full.json");
    let out = ok(import(&cities, &db, &with(&["--level", "street", "--district-name", "浙江省", "--fix"])));
    assert!(out.contains("rewound 165 ring(s)") && out.contains("converted from GCJ-02"), "{out}");
    assert!(out.contains("fixed\tfeature 1 (330200 宁波市): 1 self-intersection(s) resolved"), "{out}");
    assert!(out.contains("fixed\tfeature 8 (330900 舟山市): 2 self-intersection(s) resolved"), "{out}");
    assert!(out.contains("district 330000 created; 11 created"), "{out}");
    verify(&db);

    for (file, city) in [("330400_full.json", "330400"), ("330100_full.json", "330100"), ("330700_full.json", "330700")] {
        let path = dir.join(file);
        let before = checksum(&db);
        let report = scratch.path().join(format!("{city}.json"));
        let first = import(&path, &db, &with(&["--level", "community", "--report", report.to_str().unwrap()]));
        let said = text(&first);
        assert_eq!(first.status.code(), Some(CANCELLED), "{file}: {said}");
        assert_eq!(checksum(&db), before, "{file}: a cancelled import wrote");
        // Each warning names the feature or the parent, with an area in m² and a place.
        let report: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        assert_eq!(report["outcome"], "cancelled");
        let findings = report["report"]["findings"].as_array().unwrap();
        assert!(findings.iter().any(|f| f["kind"]["kind"] == "outside_parent"), "{file}");
        assert!(findings.iter().any(|f| f["kind"]["kind"] == "gap"), "{file}");
        for f in findings {
            assert_eq!(f["severity"], "warning", "{file}: {f}");
            assert!(f["kind"]["area_m2"].as_f64().unwrap() >= 100.0, "{file}: {f}");
            assert!(f["location"]["x"].is_number() && f["location"]["y"].is_number(), "{file}: {f}");
            assert!(f["message"].as_str().unwrap().contains("m²"), "{file}: {f}");
        }
        // --fix clips what sticks out; the gaps are still for the user to accept.
        let fixed = import(&path, &db, &with(&["--level", "community", "--fix"]));
        let fixed_said = text(&fixed);
        assert_eq!(fixed.status.code(), Some(CANCELLED), "{file}: {fixed_said}");
        assert!(fixed_said.contains("clipped to parent") && !fixed_said.contains("warning\toutside_parent"), "{file}: {fixed_said}");
        assert!(fixed_said.contains("warnings remain after --fix"), "{file}: {fixed_said}");
        assert_eq!(checksum(&db), before, "{file}: a cancelled import wrote");

        let out = ok(import(&path, &db, &with(&["--level", "community", "--accept-warnings"])));
        assert!(out.contains("imported"), "{out}");
        verify(&db);
    }
    let province = stats(&db, None);
    assert_eq!(province["node"]["name"], "浙江省");
    assert_eq!(province["levels"]["street"], 11);
    assert_eq!(province["levels"]["community"], 13 + 7 + 9);
    let jiaxing = stats(&db, Some("330400"));
    assert!(jiaxing["children"].as_array().unwrap().iter().any(|c| c["code"] == "330402" && c["name"] == "南湖区"));
}

// ---------------------------------------------------------------------------------------
// Bad input leaves every row as it was.

fn refused(db: &str, file: &Path, args: &[&str], status: i32, reason: &str) {
    let before = checksum(db);
    let out = import(file, db, args);
    assert_eq!(out.status.code(), Some(status), "{}", text(&out));
    assert!(text(&out).contains(reason), "expected {reason:?} in\n{}", text(&out));
    assert!(text(&out).contains("nothing was written"), "{}", text(&out));
    assert_eq!(checksum(db), before, "the database changed");
    verify(db);
}

#[test]
fn bad_input_is_named_and_leaves_every_row_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (db, maps) = demo_with_maps(dir.path());
    let grids = std::fs::read_to_string(maps.join("grid.geojson")).unwrap();

    // Truncated in the middle of a feature: the JSON error names file, line and column.
    let mut cut = grids.len() / 2;
    while !grids.is_char_boundary(cut) {
        cut -= 1;
    }
    let truncated = dir.path().join("truncated.geojson");
    std::fs::write(&truncated, &grids[..cut]).unwrap();
    refused(&db, &truncated, &["--level", "grid"], 1, "truncated.geojson: not valid JSON at line 1, column");

    // Two features with one code, refused under --strict-codes (by default they merge).
    let mut map: Value = serde_json::from_str(&grids).unwrap();
    let first = map["features"][0]["properties"]["code"].clone();
    map["features"][1]["properties"]["code"] = first.clone();
    let duplicate = dir.path().join("duplicate.geojson");
    std::fs::write(&duplicate, serde_json::to_string(&map).unwrap()).unwrap();
    let report = dir.path().join("duplicate-report.json");
    refused(
        &db,
        &duplicate,
        &["--level", "grid", "--strict-codes", "--report", report.to_str().unwrap()],
        1,
        &format!("code {} is also used by feature 1", first.as_str().unwrap()),
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(report["outcome"], "refused");
    let duplicates = report["report"]["findings"].as_array().unwrap().iter().filter(|f| f["kind"]["kind"] == "duplicate_code").count();
    assert_eq!(duplicates, 2);

    // A code the hierarchy already has at another level.
    let micro: Value = serde_json::from_str(&std::fs::read_to_string(maps.join("micro_grid.geojson")).unwrap()).unwrap();
    let mut map: Value = serde_json::from_str(&grids).unwrap();
    map["features"][0]["properties"]["code"] = micro["features"][0]["properties"]["code"].clone();
    let elsewhere = dir.path().join("elsewhere.geojson");
    std::fs::write(&elsewhere, serde_json::to_string(&map).unwrap()).unwrap();
    refused(&db, &elsewhere, &["--level", "grid"], 1, "is already a micro_grid under");

    // A parent that does not exist, and a district name for a store that has one.
    refused(&db, &maps.join("grid.geojson"), &["--level", "grid", "--parent", "999999"], 1, "parent 999999 is not in the hierarchy");
    refused(
        &db,
        &maps.join("street.geojson"),
        &["--level", "street", "--district-name", "某区"],
        1,
        "the store already holds district 330402",
    );

    // One grid grown over its neighbour: an overlap with its area, cancelled until accepted.
    let mut map: Value = serde_json::from_str(&grids).unwrap();
    let shape = to_geo(&map["features"][0]["geometry"]);
    let bounds = shape.bounding_rect().unwrap();
    let grown = shape.union(&rect((bounds.min().x - 0.002, bounds.min().y - 0.002), (bounds.max().x + 0.002, bounds.max().y + 0.002)));
    map["features"][0]["geometry"] = to_json(&grown);
    let overlapping = dir.path().join("overlapping.geojson");
    std::fs::write(&overlapping, serde_json::to_string(&map).unwrap()).unwrap();
    refused(&db, &overlapping, &["--level", "grid"], CANCELLED, "re-run with --accept-warnings or --fix");
    let said = text(&import(&overlapping, &db, &["--level", "grid"]));
    assert!(said.lines().any(|l| l.starts_with("warning\toverlap\t") && l.contains(" m² in ")), "{said}");
}
