//! `cargo bench -p wangge-engine --bench detail_map`: the full-detail map (全域网格) on the
//! full demo district (7,424 micro-grids) and on its streets cut as a city's (100,000): the
//! geometry of every place at three levels of detail (made on the first ask, then kept), one
//! metric's values, and a point located — each timed (medians), with the JSON bytes a seat
//! receives. BENCHMARKS.md records them.

use std::time::Instant;

use wangge_api as api;

mod support;

fn main() {
    support::runtime().block_on(async {
        let now = support::now();
        for (label, scale, rounds) in [("full", wangge_demo::Scale::Full, 10), ("city", wangge_demo::Scale::City, 3)] {
            let (_dir, engine) = support::demo_engine_at(now, scale).await;
            let scope = engine.district_scope("bench");
            let time = |f: &mut dyn FnMut()| support::time(rounds, f);
            let request = api::DetailMapRequest::default();
            let t = Instant::now();
            let map = engine.detail_map(&scope, &request).unwrap();
            let made = t.elapsed();
            let vertices: usize = map.areas.iter().map(|a| a.lods.iter().flatten().map(|r| r.len() / 2).sum::<usize>()).sum();
            let bytes = serde_json::to_vec(&map).unwrap().len();
            println!(
                "{label}: detail_map of {} places ({} vertices over {} levels): made {:?} on the first ask, {:?} once kept, {} JSON bytes ({:.0} per place)",
                map.areas.len(),
                vertices,
                map.tolerances.len(),
                made,
                time(&mut || drop(engine.detail_map(&scope, &request).unwrap())),
                bytes,
                bytes as f64 / map.areas.len() as f64
            );
            let values_request = api::DetailValuesRequest { code: None, metric: api::ChoroplethMetric::IsolationsActive };
            let values = engine.detail_values(&scope, &values_request).unwrap();
            println!(
                "{label}: detail_values: {:?}, {} JSON bytes",
                time(&mut || drop(engine.detail_values(&scope, &values_request).unwrap())),
                serde_json::to_vec(&values).unwrap().len()
            );
            let located: Vec<api::LocateRequest> = engine
                .district()
                .houses
                .values()
                .take(rounds * 10)
                .map(|h| api::LocateRequest { lon: h.location.x(), lat: h.location.y() })
                .collect();
            let t = Instant::now();
            for request in &located {
                assert!(engine.locate(&scope, request).unwrap().is_some());
            }
            println!("{label}: locate a house's point: {:?} each", t.elapsed() / located.len() as u32);
        }
    });
}
