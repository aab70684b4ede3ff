//! `cargo bench -p wangge-domain --bench routing`: how long the micro-grid locator takes to
//! build for the Full demo district, and how many points per second one core routes to
//! their micro-grid, for 1,000,000 seeded random points inside the district's bounding box.
//! Prints medians.

use std::hint::black_box;
use std::time::{Duration, Instant};

use geo::{BoundingRect, Point};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use wangge_domain::routing::MicroGridLocator;
use wangge_domain::{Level, Timestamp};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let config =
        wangge_demo::DemoConfig { seed: 20_260_123, now: Timestamp::from_local(2026, 11, 23, 10, 0), scale: wangge_demo::Scale::Full };
    let started = Instant::now();
    let district = wangge_demo::generate(&config, &mut |_, _, _| {});
    println!("generate full demo district: {:?}", started.elapsed());
    let hierarchy = &district.hierarchy;
    let micro_grids = hierarchy.nodes().filter(|(_, n)| n.level == Level::MicroGrid).count();
    let vertices: usize = hierarchy
        .nodes()
        .filter(|(_, n)| n.level == Level::MicroGrid)
        .map(|(_, n)| n.boundary.0.iter().map(|p| p.exterior().0.len()).sum::<usize>())
        .sum();
    println!("micro-grids: {micro_grids}, boundary vertices: {vertices}");

    let builds: Vec<Duration> = (0..9)
        .map(|_| {
            let t = Instant::now();
            black_box(MicroGridLocator::new(black_box(hierarchy)));
            t.elapsed()
        })
        .collect();
    println!("build locator: median {:?} over {} builds", median(builds), 9);
    let locator = MicroGridLocator::new(hierarchy);

    // Drawn before timing so that only locate() is measured.
    let bbox = hierarchy.node(hierarchy.root()).boundary.bounding_rect().expect("district boundary");
    let (min, max) = (bbox.min(), bbox.max());
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let points: Vec<Point<f64>> = (0..1_000_000).map(|_| Point::new(rng.gen_range(min.x..max.x), rng.gen_range(min.y..max.y))).collect();

    let mut located = 0;
    let runs: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            located = points.iter().filter(|p| black_box(locator.locate(**p)).is_some()).count();
            t.elapsed()
        })
        .collect();
    let run = median(runs);
    println!(
        "locate {} random points in the district bbox: median {:?}, {:.2} M points/s on one core ({} inside a micro-grid, {} outside)",
        points.len(),
        run,
        points.len() as f64 / run.as_secs_f64() / 1e6,
        located,
        points.len() - located,
    );
}
