//! A real district's files as they come (issue 8), generated here: three levels under the
//! district (streets → communities → grids, no micro-grids), codes that nest (`TS`, `TS-1`,
//! `TS-1-3`) with no parent property, Chinese property names, one grid drawn as two features
//! that share a code, one grid whose ring crosses itself at a corner, and grid events as
//! points with US-style times and Chinese categories and states. Each level imports with no
//! preprocessing; the events are placed in the grids; per-grid counts computed here by a
//! brute-force point-in-rectangle test equal `wangge stats`; `wangge verify` passes. Then
//! micro-grids are drawn under two grids: the records move down, the grid totals stay,
//! `verify` passes. A copy of the `.db` file alone, made after the CLI exits, holds it all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::support::{ok, stats, wangge};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wangge-real-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An axis-aligned rectangle in lon/lat.
#[derive(Clone, Copy, Debug)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn ring(&self) -> Value {
        json!([[self.x0, self.y0], [self.x1, self.y0], [self.x1, self.y1], [self.x0, self.y1], [self.x0, self.y0]])
    }

    /// Strictly inside, with a margin so that no fix near an edge can change the answer.
    fn holds_well(&self, x: f64, y: f64) -> bool {
        let (mx, my) = ((self.x1 - self.x0) * 0.05, (self.y1 - self.y0) * 0.05);
        x > self.x0 + mx && x < self.x1 - mx && y > self.y0 + my && y < self.y1 - my
    }

    fn split_x(&self, parts: usize, i: usize) -> Rect {
        let w = (self.x1 - self.x0) / parts as f64;
        Rect { x0: self.x0 + w * i as f64, x1: self.x0 + w * (i + 1) as f64, ..*self }
    }

    fn split_y(&self, parts: usize, i: usize) -> Rect {
        let h = (self.y1 - self.y0) / parts as f64;
        Rect { y0: self.y0 + h * i as f64, y1: self.y0 + h * (i + 1) as f64, ..*self }
    }
}

fn feature(properties: Value, rings: Value) -> Value {
    json!({"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": rings}})
}

fn write(path: &Path, value: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

/// The generated district: street codes, community and grid rectangles by code.
struct Fixture {
    communities: BTreeMap<String, Rect>,
    grids: BTreeMap<String, Rect>,
}

const STREETS: [(&str, &str); 3] = [("TS", "拱宸桥街道"), ("HX", "和睦街道"), ("BY", "半山街道")];
/// The grid drawn as two features sharing a code, with a road between them.
const SPLIT_GRID: &str = "HX-2-3";
/// The grid whose ring crosses itself at a corner.
const TWISTED_GRID: &str = "BY-1-2";

fn write_boundaries(dir: &Path) -> Fixture {
    let district = Rect { x0: 120.00, y0: 30.00, x1: 120.30, y1: 30.20 };
    let mut streets = Vec::new();
    let mut community_features = Vec::new();
    let mut grid_features = Vec::new();
    let mut communities = BTreeMap::new();
    let mut grids = BTreeMap::new();
    for (s, (code, name)) in STREETS.iter().enumerate() {
        let street = district.split_x(3, s);
        streets.push(feature(json!({"街道编码": code, "街道名称": name}), json!([street.ring()])));
        for c in 0..2 {
            let community = street.split_y(2, c);
            let community_code = format!("{code}-{}", c + 1);
            communities.insert(community_code.clone(), community);
            community_features.push(feature(
                json!({"社区编码": community_code, "社区名称": format!("{name}第{}社区", c + 1)}),
                json!([community.ring()]),
            ));
            for g in 0..4 {
                let grid = community.split_x(2, g % 2).split_y(2, g / 2);
                let grid_code = format!("{community_code}-{}", g + 1);
                grids.insert(grid_code.clone(), grid);
                let props =
                    json!({"网格编号": grid_code, "网格名称": format!("{grid_code}网格"), "所属组织": format!("{name}第{}社区", c + 1)});
                if grid_code == SPLIT_GRID {
                    // Cut by a road: two features, one code, a strip between them.
                    let mid = (grid.x0 + grid.x1) / 2.0;
                    let left = Rect { x1: mid - 0.0005, ..grid };
                    let right = Rect { x0: mid + 0.0005, ..grid };
                    grid_features.push(feature(props.clone(), json!([left.ring()])));
                    grid_features.push(feature(props, json!([right.ring()])));
                } else if grid_code == TWISTED_GRID {
                    // A small bow-tie at the south-east corner: the ring crosses itself.
                    let d = 0.00001;
                    let ring = json!([
                        [grid.x0, grid.y0],
                        [grid.x1, grid.y0],
                        [grid.x1 + d, grid.y0 + d],
                        [grid.x1 + d, grid.y0],
                        [grid.x1, grid.y0 + d],
                        [grid.x1, grid.y1],
                        [grid.x0, grid.y1],
                        [grid.x0, grid.y0]
                    ]);
                    grid_features.push(feature(props, json!([ring])));
                } else {
                    grid_features.push(feature(props, json!([grid.ring()])));
                }
            }
        }
    }
    let collection = |features: Vec<Value>| json!({"type": "FeatureCollection", "features": features});
    write(&dir.join("streets.geojson"), &collection(streets));
    write(&dir.join("communities.geojson"), &collection(community_features));
    write(&dir.join("grids.geojson"), &collection(grid_features));
    Fixture { communities, grids }
}

/// A deterministic scatter of points over the district (a linear congruential sequence: the
/// test needs spread, not quality).
fn points(n: usize) -> Vec<(f64, f64)> {
    let mut state: u64 = 0x5eed;
    let mut next = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n).map(|_| (120.0 + 0.3 * next(), 30.0 + 0.2 * next())).collect()
}

/// The events file: only points well inside one grid, so the expected grid is certain.
fn write_events(dir: &Path, fixture: &Fixture) -> BTreeMap<String, u64> {
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    let mut csv = String::from("事件编号,事件类型,状态,上报时间,经度,纬度,事件描述\n");
    let categories = ["市容环境", "消防安全", "矛盾纠纷"];
    let states = ["网格员关闭", "处置中", "已办结"];
    let mut n = 0;
    for (x, y) in points(400) {
        let Some((code, _)) = fixture.grids.iter().find(|(_, r)| r.holds_well(x, y)) else { continue };
        if code == SPLIT_GRID && ((fixture.grids[code].x0 + fixture.grids[code].x1) / 2.0 - x).abs() < 0.002 {
            continue; // on the road: no grid's
        }
        *expected.entry(code.clone()).or_default() += 1;
        n += 1;
        let (month, day, hour) = (1 + n % 12, 1 + n % 28, n % 24);
        csv.push_str(&format!(
            "SJ{n:05},{},{},{month}/{day}/2018 {hour:02}:58:48,{x:.6},{y:.6},第{n}号网格事件\n",
            categories[n % 3],
            states[n % 3]
        ));
    }
    std::fs::write(dir.join("events.csv"), csv).unwrap();
    std::fs::write(
        dir.join("events-mapping.json"),
        json!({"id": "事件编号", "created_at": "上报时间", "category": "事件类型", "status": "状态",
               "description": "事件描述", "lon": "经度", "lat": "纬度"})
        .to_string(),
    )
    .unwrap();
    expected
}

fn received(report: &Value) -> u64 {
    report["metrics"]["tickets_received"].as_u64().unwrap()
}

fn children_received(report: &Value) -> BTreeMap<String, u64> {
    report["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["code"].as_str().unwrap().to_owned(), c["metrics"]["tickets_received"].as_u64().unwrap()))
        .collect()
}

/// One level of the fixture district: its file and the properties that name its areas.
struct LevelFile {
    file: &'static str,
    level: &'static str,
    code_field: &'static str,
    name_field: &'static str,
}

const STREET_FILE: LevelFile =
    LevelFile { file: "streets.geojson", level: "street", code_field: "街道编码", name_field: "街道名称" };
const COMMUNITY_FILE: LevelFile =
    LevelFile { file: "communities.geojson", level: "community", code_field: "社区编码", name_field: "社区名称" };
const GRID_FILE: LevelFile = LevelFile { file: "grids.geojson", level: "grid", code_field: "网格编号", name_field: "网格名称" };
/// The first import names the district, which exists only as the union of its streets.
const DISTRICT: [&str; 4] = ["--district-code", "HZ-GS", "--district-name", "测试区"];
/// Grids: parents from the code prefix, the self-crossing grid repaired.
const GRID_RULES: [&str; 4] = ["--parent-from-code", "prefix", "--fix", "--accept-warnings"];

/// `wangge import boundaries` of one fixture level, as a user types it, with no preprocessing.
fn import_level(dir: &Path, db: &str, level: &LevelFile, extra: &[&str]) -> std::process::Output {
    let file = dir.join(level.file).display().to_string();
    let mut args = vec![
        "import",
        "boundaries",
        &file,
        "--db",
        db,
        "--level",
        level.level,
        "--code-field",
        level.code_field,
        "--name-field",
        level.name_field,
    ];
    args.extend_from_slice(extra);
    wangge(&args, &[])
}

fn import_district(dir: &Path, db: &str) -> Fixture {
    let fixture = write_boundaries(dir);
    let out = ok(import_level(dir, db, &STREET_FILE, &DISTRICT));
    assert!(out.contains("district HZ-GS created") && out.contains("3 created"), "{out}");
    // No parent property and no --parent: the prefix rule is tried, and said so.
    let out = ok(import_level(dir, db, &COMMUNITY_FILE, &[]));
    assert!(out.contains("6 created") && out.contains("longest code one level up"), "{out}");
    let out = ok(import_level(dir, db, &GRID_FILE, &GRID_RULES));
    assert!(out.contains("24 created"), "{out}");
    assert!(out.contains(&format!("share code {SPLIT_GRID}: merged into one area of 2 parts")), "{out}");
    fixture
}

#[test]
fn a_three_level_district_imports_as_it_comes_and_its_events_land_in_their_grids() {
    let dir = temp_dir("three-levels");
    let db = dir.join("district.db").display().to_string();
    let fixture = import_district(&dir, &db);
    let expected = write_events(&dir, &fixture);
    let total: u64 = expected.values().sum();
    assert!(total > 200 && expected.len() == 24, "{total} events over {} grids", expected.len());

    let events = dir.join("events.csv").display().to_string();
    let mapping = dir.join("events-mapping.json").display().to_string();
    let out = ok(wangge(&["import", "tickets", &events, "--db", &db, "--mapping", &mapping], &[]));
    assert!(out.contains(&format!("placed by coordinates    {total}")) && out.contains("unassigned (triage)      0 "), "{out}");

    // Every grid's count, as the brute force in this test finds it.
    for community in fixture.communities.keys() {
        let report = stats(&db, Some(community));
        let shown = children_received(&report);
        let wanted: BTreeMap<String, u64> =
            expected.iter().filter(|(g, _)| g.starts_with(&format!("{community}-"))).map(|(g, n)| (g.clone(), *n)).collect();
        assert_eq!(shown, wanted, "grids of {community}");
        assert_eq!(received(&report), wanted.values().sum::<u64>());
    }
    let district = stats(&db, Some("HZ-GS"));
    assert_eq!(received(&district), total, "every event counts in the district");
    assert_eq!(children_received(&district).values().sum::<u64>(), total);
    let verified = ok(wangge(&["verify", "--db", &db], &[]));
    assert!(verified.starts_with("ok:"), "{verified}");

    // Micro-grids drawn later under two grids: the events move down, the totals stay.
    let divided = ["TS-1-1", SPLIT_GRID];
    let mut micro = Vec::new();
    for grid in divided {
        let r = fixture.grids[grid];
        for half in 0..2 {
            micro.push(feature(
                json!({"编号": format!("{grid}-{}", half + 1), "名称": format!("{grid}第{}微网格", half + 1)}),
                json!([r.split_y(2, half).ring()]),
            ));
        }
    }
    let micro_file = dir.join("micro.geojson");
    write(&micro_file, &json!({"type": "FeatureCollection", "features": micro}));
    let before: Vec<u64> = divided.iter().map(|g| received(&stats(&db, Some(g)))).collect();
    let out = ok(wangge(
        &[
            "import",
            "boundaries",
            &micro_file.display().to_string(),
            "--db",
            &db,
            "--level",
            "micro_grid",
            "--code-field",
            "编号",
            "--name-field",
            "名称",
            "--parent-from-code",
            "prefix",
            "--micro-kind",
            "building",
            "--accept-warnings",
        ],
        &[],
    ));
    assert!(out.contains("4 created"), "{out}");
    for (grid, before) in divided.iter().zip(before) {
        let report = stats(&db, Some(grid));
        assert_eq!(received(&report), before, "{grid} keeps its total");
        let parts = children_received(&report);
        assert_eq!(parts.len(), 2, "{grid} now has two micro-grids");
        assert_eq!(parts.values().sum::<u64>(), before, "every record of {grid} moved into a micro-grid");
    }
    assert_eq!(received(&stats(&db, Some("HZ-GS"))), total);
    let verified = ok(wangge(&["verify", "--db", &db], &[]));
    assert!(verified.starts_with("ok:"), "{verified}");

    // The database file alone, copied after the command exited, holds everything.
    assert!(!Path::new(&format!("{db}-wal")).exists() || std::fs::metadata(format!("{db}-wal")).unwrap().len() == 0);
    let copy = dir.join("copy.db").display().to_string();
    std::fs::copy(&db, &copy).unwrap();
    assert_eq!(stats(&copy, Some("HZ-GS")), stats(&db, Some("HZ-GS")));
    assert_eq!(received(&stats(&copy, Some(SPLIT_GRID))), received(&stats(&db, Some(SPLIT_GRID))));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_mapping_that_finds_no_code_lists_the_properties_the_file_has_and_writes_nothing() {
    let dir = temp_dir("no-code");
    let db = dir.join("district.db").display().to_string();
    write_boundaries(&dir);
    let streets = dir.join("streets.geojson").display().to_string();
    let out = wangge(
        &["import", "boundaries", &streets, "--db", &db, "--level", "street", "--district-code", "X", "--district-name", "某区"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("街道编码") && text.contains("街道名称") && text.contains("--code-field"), "{text}");
    let out = wangge(&["stats", "--db", &db, "--json"], &[]);
    assert!(!out.status.success(), "no district was created");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn split_features_are_refused_under_strict_codes() {
    let dir = temp_dir("strict");
    let db = dir.join("district.db").display().to_string();
    write_boundaries(&dir);
    ok(import_level(&dir, &db, &STREET_FILE, &DISTRICT));
    ok(import_level(&dir, &db, &COMMUNITY_FILE, &[]));
    let out = import_level(&dir, &db, &GRID_FILE, &[GRID_RULES.as_slice(), &["--strict-codes"]].concat());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("code {SPLIT_GRID} is also used by feature")), "{text}");
    let report = stats(&db, Some("HZ-GS"));
    assert_eq!(report["levels"]["grid"], 0, "nothing was written");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Events on the road that cuts the split grid lie inside the district but in no grid: they
/// wait in triage as "in a gap" of the community around the road, never as "outside the
/// district"; only a point past the district's edge is outside, and a row without
/// coordinates is without a location.
#[test]
fn events_in_a_gap_between_grids_are_counted_as_in_the_gap_not_outside() {
    let dir = temp_dir("gaps");
    let db = dir.join("district.db").display().to_string();
    let fixture = import_district(&dir, &db);
    let grid = fixture.grids[SPLIT_GRID];
    let road_x = (grid.x0 + grid.x1) / 2.0;
    let on_the_road: Vec<f64> = (1..=3).map(|i| grid.y0 + (grid.y1 - grid.y0) * f64::from(i) / 4.0).collect();
    let mut csv = String::from("事件编号,事件类型,状态,上报时间,经度,纬度,事件描述\n");
    for (n, y) in on_the_road.iter().enumerate() {
        csv.push_str(&format!("ROAD{n},市容环境,处置中,9/30/2018 08:58:48,{road_x:.6},{y:.6},路面破损\n"));
    }
    csv.push_str("FAR1,市容环境,处置中,9/30/2018 09:00:00,121.500000,31.500000,区外\n");
    csv.push_str("NONE1,市容环境,处置中,9/30/2018 09:10:00,,,无坐标\n");
    std::fs::write(dir.join("gaps.csv"), csv).unwrap();
    let mapping = dir.join("gaps-mapping.json");
    std::fs::write(
        &mapping,
        json!({"id": "事件编号", "created_at": "上报时间", "category": "事件类型", "status": "状态",
               "description": "事件描述", "lon": "经度", "lat": "纬度"})
        .to_string(),
    )
    .unwrap();
    let events = dir.join("gaps.csv").display().to_string();
    let out = ok(wangge(&["import", "tickets", &events, "--db", &db, "--mapping", &mapping.display().to_string(), "--json"], &[]));
    let report: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let community = fixture.communities.keys().find(|c| SPLIT_GRID.starts_with(&format!("{c}-"))).unwrap();
    let community_name = format!("和睦街道第{}社区", &community[community.len() - 1..]);
    assert_eq!(report["unassigned"], 5, "{report}");
    assert_eq!(report["unassigned_in_gaps"], json!({ community_name: 3 }), "{report}");
    assert_eq!(report["unassigned_outside"], 1, "{report}");
    assert_eq!(report["unassigned_without_location"], 1, "{report}");
    // Waiting in triage, they count nowhere yet, and the figures still reconcile.
    assert_eq!(received(&stats(&db, Some("HZ-GS"))), 0);
    let verified = ok(wangge(&["verify", "--db", &db], &[]));
    assert!(verified.starts_with("ok:"), "{verified}");
    let _ = std::fs::remove_dir_all(&dir);
}
