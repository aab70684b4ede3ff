//! Times reading and the topology check on rings of 10⁴, 10⁵ and 10⁶ vertices and on the
//! 801-vertex self-crossing star, for BENCHMARKS.md:
//! `cargo run --release -p wangge-geoimport --example topology_bench`.

use std::time::Instant;

use wangge_geoimport::check::self_intersections;
use wangge_geoimport::{check, read_geojson, CheckOptions, CoordSystem, FindingKind, PropertyMapping, ReadOptions};

fn ring(n: usize, step: usize) -> String {
    let mut positions: Vec<String> = (0..n)
        .map(|i| {
            let angle = std::f64::consts::TAU * ((i * step) % n) as f64 / n as f64;
            format!("[{:.9},{:.9}]", 120.75 + 0.01 * angle.cos(), 30.75 + 0.01 * angle.sin())
        })
        .collect();
    positions.push(positions[0].clone());
    format!(r#"{{"type":"Feature","properties":{{"code":"1"}},"geometry":{{"type":"Polygon","coordinates":[[{}]]}}}}"#, positions.join(","))
}

fn main() {
    let options = ReadOptions { mapping: PropertyMapping::datav(), coords: CoordSystem::Wgs84 };
    println!("{:<22} {:>10} {:>16} {:>14} {:>10}", "figure", "read (s)", "intersections", "(s)", "check (s)");
    let cases = [("circle 10^4", 10_000, 1), ("circle 10^5", 100_000, 1), ("circle 10^6", 1_000_000, 1), ("star 801", 801, 400)];
    for (name, n, step) in cases {
        let text = ring(n, step);
        let started = Instant::now();
        let candidates = read_geojson(name, &text, &options).expect("reads");
        let read = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let found: usize = self_intersections(&candidates[0].boundary).iter().map(|(_, _, p)| p.len()).sum();
        let sweep = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let report = check(&candidates, &CheckOptions::default());
        let whole = started.elapsed().as_secs_f64();
        let crossing = report.findings.iter().any(|f| matches!(f.kind, FindingKind::SelfIntersection { .. }));
        assert_eq!(found > 0, crossing, "{:#?}", report.findings);
        println!("{name:<22} {read:>10.3} {found:>16} {sweep:>14.3} {whole:>10.3}");
    }
}
