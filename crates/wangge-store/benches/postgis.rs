//! `cargo bench -p wangge-store --bench postgis`: point-in-polygon assignment of 1,000,000
//! seeded points to the micro-grids of the full demo district, `MicroGridLocator` next to
//! PostGIS (`ST_Contains` over a GiST index) on the same data and machine, and a point-by-point
//! comparison of the two assignments (issue 4).
//!
//! Needs a PostgreSQL server with PostGIS: `WANGGE_BENCH_PG_URL` (else `WANGGE_TEST_PG_URL`)
//! names a database on it where the user may `CREATE DATABASE`. The bench creates
//! `wangge_postgis_bench` there (dropping a leftover of an earlier run first), `CREATE
//! EXTENSION postgis` in it, and drops it at the end. Without a URL it prints a note and
//! exits 0, so it never fails a machine that has no server; without PostGIS on the server it
//! says what to install (and fails only if `WANGGE_BENCH_PG_URL` asked for this server).
//!
//! What it does, in order:
//!
//! 1. generates the full demo district (seed `WANGGE_BENCH_SEED`, default 330,402 =
//!    `wangge_engine::DEFAULT_SEED`) and draws the 1,000,000 points exactly as
//!    `cargo bench -p wangge-domain --bench routing` does (ChaCha8, seed 7, uniform in the
//!    district's bounding box);
//! 2. loads the micro-grids into `micro_grids (code text COLLATE "C", geom
//!    geometry(MultiPolygon, 4326))` as WKB (bit-exact coordinates), builds the GiST index,
//!    ANALYZEs; loads the points in batches of `unnest` arrays (float8, bit-exact); each step
//!    timed on its own;
//! 3. times two single `INSERT … SELECT` statements with a `LATERAL` subquery per point,
//!    median of `WANGGE_BENCH_RUNS` (default 3) runs, query time only:
//!    - **contains**: `ST_Contains`, smallest code first — what issue 4 asked for; a point
//!      on a boundary is in no micro-grid for it;
//!    - **locator rule**: `ST_Intersects`, interior (`ST_Contains`) before boundary, then the
//!      smallest code — the rule of `MicroGridLocator`, stated in SQL;
//!    - **plain join** on `ST_Contains` with no tie-break, the shortest SQL (a point held by
//!      two micro-grids would come twice; the comparison keeps the smallest code);
//! 4. times `MicroGridLocator` on the same points (median of 5, one core, like the domain
//!    bench) and compares every point's micro-grid with both PostGIS answers, listing every
//!    disagreement with the micro-grids whose interior or boundary holds the point (by geo);
//! 5. does the same comparison (one run each) on a probe set that is all on boundaries: every
//!    distinct vertex of every micro-grid, where the two rules must differ.
//!
//! PostgreSQL 15 runs an `INSERT … SELECT` without parallel workers, so both sides use one
//! core; the plans are printed (`EXPLAIN`) to show the GiST index in use.

use std::collections::{BTreeMap, HashSet};
use std::hint::black_box;
use std::time::{Duration, Instant};

use geo::{BoundingRect, Contains, Coord, Intersects, MultiPolygon, Point, Rect};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::postgres::PgConnection;
use sqlx::{Connection, Executor};
use wangge_domain::routing::MicroGridLocator;
use wangge_domain::{Level, Timestamp};

const DATABASE: &str = "wangge_postgis_bench";
const POINTS: usize = 1_000_000;
const POINT_BATCH: usize = 50_000;
const GRID_BATCH: usize = 500;

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

/// One micro-grid as both sides see it.
struct Grid {
    code: String,
    boundary: MultiPolygon<f64>,
    bbox: Option<Rect<f64>>,
}

/// How a micro-grid holds a point, by geo (the locator's own reference).
#[derive(Debug, Default)]
struct Holders {
    interior: Vec<String>,
    boundary: Vec<String>,
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) if !text.is_empty() => text.replace('_', "").parse().unwrap_or_else(|_| panic!("{name}={text} is not a number")),
        _ => default,
    }
}

/// The same server and credentials, another database (query parameters kept).
fn with_database(url: &str, database: &str) -> String {
    let (base, params) = match url.split_once('?') {
        Some((base, params)) => (base, Some(params)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match params {
        Some(params) => format!("{server}/{database}?{params}"),
        None => format!("{server}/{database}"),
    }
}

/// OGC WKB (little-endian) of a multipolygon: the coordinates go over as their exact bits.
fn wkb(boundary: &MultiPolygon<f64>) -> Vec<u8> {
    fn u32le(out: &mut Vec<u8>, n: usize) {
        out.extend_from_slice(&u32::try_from(n).expect("WKB count fits u32").to_le_bytes());
    }
    let mut out = vec![1u8];
    u32le(&mut out, 6);
    u32le(&mut out, boundary.0.len());
    for polygon in &boundary.0 {
        out.push(1);
        u32le(&mut out, 3);
        let rings: Vec<_> = std::iter::once(polygon.exterior()).chain(polygon.interiors()).collect();
        u32le(&mut out, rings.len());
        for ring in rings {
            u32le(&mut out, ring.0.len());
            for c in &ring.0 {
                out.extend_from_slice(&c.x.to_le_bytes());
                out.extend_from_slice(&c.y.to_le_bytes());
            }
        }
    }
    out
}

impl Holders {
    /// What an answer is with respect to the holders: the rule's choice or not.
    fn role(&self, code: Option<&str>) -> &'static str {
        let Some(code) = code else { return "none" };
        let smallest = |codes: &[String]| codes.iter().min().is_some_and(|c| c == code);
        if smallest(&self.interior) {
            "the smallest interior holder"
        } else if self.interior.iter().any(|c| c == code) {
            "an interior holder, not the smallest"
        } else if self.interior.is_empty() && smallest(&self.boundary) {
            "the smallest boundary holder"
        } else if self.boundary.iter().any(|c| c == code) {
            "a boundary holder, not the rule's choice"
        } else {
            "a micro-grid that does not hold the point"
        }
    }
}

fn holders(grids: &[Grid], p: Point<f64>) -> Holders {
    let mut found = Holders::default();
    for grid in grids {
        let Some(bbox) = grid.bbox else { continue };
        if !bbox.intersects(&p) {
            continue;
        }
        if grid.boundary.contains(&p) {
            found.interior.push(grid.code.clone());
        } else if grid.boundary.intersects(&p) {
            found.boundary.push(grid.code.clone());
        }
    }
    found
}

/// The PostGIS assignments, each as `(statement, label)`.
fn queries(points: &str) -> [(String, &'static str); 3] {
    let insert = |lateral: &str| {
        format!(
            "INSERT INTO assignment (point_id, code) SELECT p.id, g.code FROM {points} p \
             CROSS JOIN LATERAL ({lateral}) g"
        )
    };
    [
        (
            insert(
                "SELECT m.code FROM micro_grids m WHERE ST_Contains(m.geom, p.geom) \
                 ORDER BY m.code LIMIT 1",
            ),
            "ST_Contains, smallest code",
        ),
        (
            insert(
                "SELECT m.code FROM micro_grids m WHERE ST_Intersects(m.geom, p.geom) \
                 ORDER BY ST_Contains(m.geom, p.geom) DESC, m.code LIMIT 1",
            ),
            "ST_Intersects, interior first, then smallest code (the locator's rule)",
        ),
        (
            format!(
                "INSERT INTO assignment (point_id, code) SELECT p.id, m.code FROM {points} p \
                 JOIN micro_grids m ON ST_Contains(m.geom, p.geom)"
            ),
            "plain join on ST_Contains, no tie-break",
        ),
    ]
}

async fn load_points(conn: &mut PgConnection, table: &str, points: &[Point<f64>]) -> BenchResult<Duration> {
    conn.execute(format!("DROP TABLE IF EXISTS {table}").as_str()).await?;
    conn.execute(format!("CREATE TABLE {table} (id int4 NOT NULL, geom geometry(Point, 4326) NOT NULL)").as_str()).await?;
    let insert = format!(
        "INSERT INTO {table} (id, geom) SELECT id, ST_SetSRID(ST_MakePoint(x, y), 4326) \
         FROM unnest($1::int4[], $2::float8[], $3::float8[]) AS t(id, x, y)"
    );
    let started = Instant::now();
    let mut tx = conn.begin().await?;
    for (batch, chunk) in points.chunks(POINT_BATCH).enumerate() {
        let first = batch * POINT_BATCH;
        let ids: Vec<i32> = (first..first + chunk.len()).map(|i| i32::try_from(i).expect("id fits")).collect();
        let xs: Vec<f64> = chunk.iter().map(|p| p.x()).collect();
        let ys: Vec<f64> = chunk.iter().map(|p| p.y()).collect();
        sqlx::query(&insert).bind(ids).bind(xs).bind(ys).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    let loaded = started.elapsed();
    conn.execute(format!("ANALYZE {table}").as_str()).await?;
    Ok(loaded)
}

/// Runs one assignment statement `runs` times (the table emptied before each) and returns
/// the query times and the last run's answer per point.
async fn assign(conn: &mut PgConnection, statement: &str, runs: usize, count: usize) -> BenchResult<(Vec<Duration>, Vec<Option<String>>)> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        conn.execute("TRUNCATE assignment").await?;
        let started = Instant::now();
        conn.execute(statement).await?;
        times.push(started.elapsed());
    }
    let rows: Vec<(i32, String)> = sqlx::query_as("SELECT point_id, code FROM assignment").fetch_all(&mut *conn).await?;
    let mut answer: Vec<Option<String>> = vec![None; count];
    let mut repeated = 0usize;
    for (id, code) in rows {
        let slot = &mut answer[usize::try_from(id).expect("ids are not negative")];
        match slot {
            // A plain join gives a point once per micro-grid holding it: keep the smallest.
            Some(kept) => {
                repeated += 1;
                if code < *kept {
                    *kept = code;
                }
            }
            None => *slot = Some(code),
        }
    }
    if repeated > 0 {
        println!("  {repeated} extra rows: points held by more than one micro-grid (smallest code kept)");
    }
    Ok((times, answer))
}

/// Compares the locator with one PostGIS answer; prints the agreement, every disagreement
/// up to `list`, and a count by kind.
fn compare(label: &str, points: &[Point<f64>], ours: &[Option<&str>], theirs: &[Option<String>], grids: &[Grid], list: usize) {
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut disagreements = 0usize;
    for (i, (a, b)) in ours.iter().zip(theirs).enumerate() {
        if *a == b.as_deref() {
            continue;
        }
        disagreements += 1;
        let p = points[i];
        let held = holders(grids, p);
        let kind = format!(
            "{} interior, {} boundary holder(s) by geo; locator: {}; PostGIS: {}",
            held.interior.len(),
            held.boundary.len(),
            held.role(*a),
            held.role(b.as_deref()),
        );
        *kinds.entry(kind).or_default() += 1;
        if disagreements <= list {
            println!(
                "    point {i} ({:?}, {:?}): locator {:?}, PostGIS {:?}; interior of {:?}, on the boundary of {:?}",
                p.x(),
                p.y(),
                a,
                b,
                held.interior,
                held.boundary
            );
        }
    }
    if disagreements > list {
        println!("    … {} more not listed", disagreements - list);
    }
    println!("  {label}: {} of {} points agree, {disagreements} disagree", points.len() - disagreements, points.len());
    for (kind, n) in kinds {
        println!("    {n} × {kind}");
    }
}

async fn explain(conn: &mut PgConnection, statement: &str) -> BenchResult<()> {
    // EXPLAIN alone does not run the INSERT.
    let plan: Vec<(String,)> = sqlx::query_as(&format!("EXPLAIN {statement}")).fetch_all(&mut *conn).await?;
    for (line,) in plan {
        println!("    {line}");
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> BenchResult<()> {
    let (admin_url, explicit) = match (std::env::var("WANGGE_BENCH_PG_URL"), std::env::var("WANGGE_TEST_PG_URL")) {
        (Ok(url), _) if !url.is_empty() => (url, true),
        (_, Ok(url)) if !url.is_empty() => (url, false),
        _ => {
            eprintln!(
                "postgis bench: skipped, no server. Set WANGGE_BENCH_PG_URL (or WANGGE_TEST_PG_URL) to a \
                 PostgreSQL database whose user may CREATE DATABASE, on a server with PostGIS, e.g.\n  \
                 apt-get install postgresql-15-postgis-3 && eval \"$(scripts/test-postgres.sh start)\"\n  \
                 cargo bench -p wangge-store --bench postgis"
            );
            return Ok(());
        }
    };
    let seed = env_number("WANGGE_BENCH_SEED", 330_402);
    let runs = usize::try_from(env_number("WANGGE_BENCH_RUNS", 3)).expect("runs").max(1);

    // The district and the points first: a missing server should not cost the wait for
    // them, but generating while connected keeps the connection idle for seconds, which is
    // harmless.
    let mut admin = PgConnection::connect(&admin_url).await.map_err(|e| format!("connecting to the admin URL: {e}"))?;
    let version: (String,) = sqlx::query_as("SHOW server_version").fetch_one(&mut admin).await?;
    admin.execute(format!("DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)").as_str()).await?;
    admin.execute(format!("CREATE DATABASE {DATABASE}").as_str()).await?;
    let url = with_database(&admin_url, DATABASE);
    let outcome = match PgConnection::connect(&url).await {
        Err(e) => Err(e.into()),
        Ok(mut conn) => match conn.execute("CREATE EXTENSION postgis").await {
            Err(e) => {
                conn.close().await.ok();
                eprintln!(
                    "postgis bench: the server (PostgreSQL {}) has no PostGIS: {e}\n  \
                     Install it where the server runs — Debian/Ubuntu: apt-get install postgresql-<major>-postgis-3 \
                     (here postgresql-15-postgis-3; scripts/setup.sh installs it), no restart needed — or point \
                     WANGGE_BENCH_PG_URL at a server that has it.",
                    version.0
                );
                if explicit {
                    Err("PostGIS missing on the server of WANGGE_BENCH_PG_URL".into())
                } else {
                    Ok(())
                }
            }
            Ok(_) => run(conn, seed, runs, &version.0).await,
        },
    };
    admin.execute(format!("DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)").as_str()).await?;
    admin.close().await.ok();
    outcome
}

async fn run(mut conn: PgConnection, seed: u64, runs: usize, server_version: &str) -> BenchResult<()> {
    let postgis: (String,) = sqlx::query_as("SELECT postgis_lib_version()").fetch_one(&mut conn).await?;
    let geos: (String,) = sqlx::query_as("SELECT postgis_geos_version()").fetch_one(&mut conn).await?;
    println!("PostgreSQL {server_version}, PostGIS {}, GEOS {}", postgis.0, geos.0);

    // 1. The district and the points.
    let config = wangge_demo::DemoConfig { seed, now: Timestamp::from_local(2026, 11, 23, 10, 0), scale: wangge_demo::Scale::Full };
    let started = Instant::now();
    let district = wangge_demo::generate(&config, &mut |_, _, _| {});
    let hierarchy = &district.hierarchy;
    let mut grids: Vec<Grid> = hierarchy
        .nodes()
        .filter(|(_, n)| n.level == Level::MicroGrid && !n.boundary.0.is_empty())
        .map(|(_, n)| Grid { code: n.code.as_str().to_owned(), boundary: n.boundary.clone(), bbox: n.boundary.bounding_rect() })
        .collect();
    grids.sort_by(|a, b| a.code.cmp(&b.code));
    let vertices: usize = grids.iter().map(|g| g.boundary.0.iter().map(|p| p.exterior().0.len()).sum::<usize>()).sum();
    println!(
        "generate full demo district (seed {seed}): {:?}; {} micro-grids, {vertices} boundary vertices",
        started.elapsed(),
        grids.len()
    );
    let bbox = hierarchy.node(hierarchy.root()).boundary.bounding_rect().ok_or("district boundary")?;
    let (min, max) = (bbox.min(), bbox.max());
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let points: Vec<Point<f64>> = (0..POINTS).map(|_| Point::new(rng.gen_range(min.x..max.x), rng.gen_range(min.y..max.y))).collect();

    // 2. Load.
    conn.execute("CREATE TABLE micro_grids (code text COLLATE \"C\" PRIMARY KEY, geom geometry(MultiPolygon, 4326) NOT NULL)").await?;
    conn.execute("CREATE UNLOGGED TABLE assignment (point_id int4 NOT NULL, code text COLLATE \"C\" NOT NULL)").await?;
    let started = Instant::now();
    let mut tx = conn.begin().await?;
    for chunk in grids.chunks(GRID_BATCH) {
        let codes: Vec<String> = chunk.iter().map(|g| g.code.clone()).collect();
        let shapes: Vec<Vec<u8>> = chunk.iter().map(|g| wkb(&g.boundary)).collect();
        sqlx::query(
            "INSERT INTO micro_grids (code, geom) SELECT code, ST_GeomFromWKB(shape, 4326) \
             FROM unnest($1::text[], $2::bytea[]) AS t(code, shape)",
        )
        .bind(codes)
        .bind(shapes)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    let grids_loaded = started.elapsed();
    let started = Instant::now();
    conn.execute("CREATE INDEX micro_grids_geom ON micro_grids USING gist (geom)").await?;
    let indexed = started.elapsed();
    let started = Instant::now();
    conn.execute("ANALYZE micro_grids").await?;
    let analysed = started.elapsed();
    let (invalid,): (i64,) = sqlx::query_as("SELECT count(*) FROM micro_grids WHERE NOT ST_IsValid(geom)").fetch_one(&mut conn).await?;
    println!(
        "PostGIS load: {} micro-grids as WKB in {grids_loaded:?}, GiST index in {indexed:?}, ANALYZE in {analysed:?} \
         ({invalid} not ST_IsValid)",
        grids.len()
    );
    let points_loaded = load_points(&mut conn, "points", &points).await?;
    println!(
        "PostGIS load: {POINTS} points in batches of {POINT_BATCH} in {points_loaded:?} ({:.0} k points/s), then ANALYZE",
        POINTS as f64 / points_loaded.as_secs_f64() / 1e3
    );

    // 3. PostGIS assignments.
    let mut answers = Vec::new();
    let jit: (String,) = sqlx::query_as("SHOW jit").fetch_one(&mut conn).await?;
    println!("(server settings: jit = {}, defaults otherwise)", jit.0);
    for (statement, label) in queries("points") {
        println!("PostGIS, {label}:");
        explain(&mut conn, &statement).await?;
        let (times, answer) = assign(&mut conn, &statement, runs, POINTS).await?;
        let run = median(times.clone());
        let assigned = answer.iter().filter(|a| a.is_some()).count();
        println!(
            "  median {run:?} of {runs} ({times:?}): {:.0} k points/s on one core ({assigned} assigned, {} not)",
            POINTS as f64 / run.as_secs_f64() / 1e3,
            POINTS - assigned
        );
        answers.push((label, answer));
    }

    // 4. The locator on the same points.
    let builds: Vec<Duration> = (0..9)
        .map(|_| {
            let t = Instant::now();
            black_box(MicroGridLocator::new(black_box(hierarchy)));
            t.elapsed()
        })
        .collect();
    let locator = MicroGridLocator::new(hierarchy);
    let mut located = 0;
    let times: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            located = points.iter().filter(|p| black_box(locator.locate(**p)).is_some()).count();
            t.elapsed()
        })
        .collect();
    let run = median(times.clone());
    println!(
        "MicroGridLocator: build median {:?} of 9; locate median {run:?} of 5 ({times:?}): {:.2} M points/s on one core \
         ({located} assigned, {} not)",
        median(builds),
        POINTS as f64 / run.as_secs_f64() / 1e6,
        POINTS - located
    );
    let ours: Vec<Option<&str>> = points.iter().map(|p| locator.locate(*p).map(|id| hierarchy.node(id).code.as_str())).collect();
    println!("Agreement on the {POINTS} random points:");
    for (label, answer) in &answers {
        compare(label, &points, &ours, answer, &grids, 50);
    }

    // 5. Points that are all on boundaries: every distinct micro-grid vertex.
    let mut seen = HashSet::new();
    let probes: Vec<Point<f64>> = grids
        .iter()
        .flat_map(|g| g.boundary.0.iter())
        .flat_map(|polygon| std::iter::once(polygon.exterior()).chain(polygon.interiors()))
        .flat_map(|ring| ring.0.iter().copied())
        .filter(|c: &Coord<f64>| seen.insert((c.x.to_bits(), c.y.to_bits())))
        .map(Point::from)
        .collect();
    let probes_loaded = load_points(&mut conn, "vertex_points", &probes).await?;
    println!("Boundary probe: {} distinct micro-grid vertices, loaded in {probes_loaded:?}", probes.len());
    let ours: Vec<Option<&str>> = probes.iter().map(|p| locator.locate(*p).map(|id| hierarchy.node(id).code.as_str())).collect();
    for (statement, label) in queries("vertex_points") {
        let (times, answer) = assign(&mut conn, &statement, 1, probes.len()).await?;
        let assigned = answer.iter().filter(|a| a.is_some()).count();
        println!("  PostGIS, {label}: {:?}, {assigned} of {} assigned", times[0], probes.len());
        compare(label, &probes, &ours, &answer, &grids, 10);
    }
    conn.close().await.ok();
    Ok(())
}
