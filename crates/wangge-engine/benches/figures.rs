//! `cargo bench -p wangge-engine --bench figures`: how long the figures of the full demo
//! district take to compute from scratch, against bringing them up to date after one change.
//! Prints medians; BENCHMARKS.md records them.

use std::time::{Duration, Instant};

use wangge_domain::metrics::MetricRules;
use wangge_domain::{MetricsIndex, Timestamp};
use wangge_engine::Simulator;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let now = Timestamp::from_local(2026, 11, 23, 10, 0);
    let started = Instant::now();
    let config = wangge_demo::DemoConfig { seed: wangge_engine::DEFAULT_SEED, now, scale: wangge_demo::Scale::Full };
    let mut district = wangge_demo::generate(&config, &mut |_, _, _| {});
    println!("generate full demo district: {:?}", started.elapsed());

    let mut index = MetricsIndex::build(&district, now, MetricRules::default());
    let full: Vec<Duration> = (0..20)
        .map(|i| {
            let at = now.plus_secs(i);
            let t = Instant::now();
            index.recompute_all(&district, at);
            t.elapsed()
        })
        .collect();
    println!("recompute all figures of {} nodes: median {:?}", district.hierarchy.len(), median(full));

    let root = district.hierarchy.root();
    let mut simulator = Simulator::new(&district, root, 7);
    let mut one: Vec<Duration> = Vec::new();
    for _ in 0..2_000 {
        let Some(proposal) = simulator.next_change(&district, now) else { break };
        // Without a store, new records take the id the simulator proposed (one above the largest).
        let change = proposal.change().clone();
        let t = Instant::now();
        let touched = district.apply(change).expect("simulated changes are valid");
        index.refresh(&district, &touched.leaves, now);
        one.push(t.elapsed());
    }
    println!("apply one change and refresh its nodes ({} changes): median {:?}", one.len(), median(one));
}
