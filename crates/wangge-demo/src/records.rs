//! Generates every record of the district on top of a [`Layout`], stage by stage.
//!
//! Each stage draws from its own ChaCha stream of the seed, so the stages are independent:
//! a change to how tickets are drawn does not reshuffle the residents.

use wangge_domain::district::Records;
use wangge_domain::time::DAY_SECS;
use wangge_domain::Timestamp;

use crate::layout::Layout;
use crate::{enterprises, isolations, rentals, residents, rng, tasks, tickets, workers, Scale};

/// Micro-grids of the real 南湖区 (605 grids split into 7,424), the reference for scaling.
const FULL_MICRO_GRIDS: f64 = 7424.0;

/// How many records of each kind to make.
#[derive(Debug, Clone, Copy)]
pub struct Targets {
    pub houses: usize,
    pub people: usize,
    pub enterprises: usize,
    pub tickets: usize,
    pub isolations: usize,
    pub active_isolations: usize,
    pub screening_tasks: usize,
    pub abnormal_tasks: usize,
}

impl Targets {
    /// The full targets are the figures of the issue; the small scale keeps the same
    /// density per micro-grid.
    fn new(scale: Scale, micro_grids: usize, active_jitter: i64) -> Targets {
        let full = Targets {
            houses: 50_000,
            people: 150_000,
            enterprises: 4_200,
            tickets: 12_000,
            isolations: 6_000,
            active_isolations: (500 + active_jitter) as usize,
            screening_tasks: 288,
            abnormal_tasks: 66,
        };
        match scale {
            Scale::Full | Scale::City => full,
            Scale::Small => {
                let f = micro_grids as f64 / FULL_MICRO_GRIDS;
                let s = |n: usize| ((n as f64 * f).round() as usize).max(1);
                Targets {
                    houses: s(full.houses),
                    people: s(full.people),
                    enterprises: s(full.enterprises),
                    tickets: s(full.tickets),
                    isolations: s(full.isolations),
                    active_isolations: s(500),
                    screening_tasks: s(full.screening_tasks).max(6),
                    abnormal_tasks: s(full.abnormal_tasks).max(2),
                }
            }
        }
    }
}

/// The instants every generator needs: now, the start of its local day, and the start of
/// the five-month window the history covers.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub now: Timestamp,
    pub today: Timestamp,
    pub start: Timestamp,
}

impl Window {
    fn new(now: Timestamp) -> Window {
        Window { now, today: now.local_day_start(), start: now.plus_secs(-150 * DAY_SECS) }
    }
}

/// Splits `total` in proportion to `weights` (largest remainder, ties to the lower index),
/// so totals come out exact and deterministic.
pub fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 || weights.is_empty() {
        return vec![0; weights.len()];
    }
    let shares: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut counts: Vec<usize> = shares.iter().map(|s| s.floor() as usize).collect();
    let assigned: usize = counts.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (shares[a] - shares[a].floor(), shares[b] - shares[b].floor());
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    for &i in order.iter().take(total.saturating_sub(assigned)) {
        counts[i] += 1;
    }
    counts
}

pub fn build(seed: u64, now: Timestamp, scale: Scale, layout: &Layout, progress: &mut dyn FnMut(&str, u64, u64)) -> Records {
    use rand::Rng;
    let window = Window::new(now);
    let targets = Targets::new(scale, layout.leaves.len(), rng(seed, 10).gen_range(-20..=20));

    let mut residents = residents::build(&mut rng(seed, 11), layout, &targets, now, progress);
    let enterprises = enterprises::build(&mut rng(seed, 12), layout, &targets, &window, progress);
    let tickets = tickets::build(&mut rng(seed, 13), layout, &residents, &enterprises, &targets, &window, progress);
    let (isolations, follow_ups) = isolations::build(&mut rng(seed, 14), layout, &residents, &targets, &window, progress);
    let (tasks, task_items) = tasks::build(&mut rng(seed, 15), layout, &residents, &targets, &window, progress);
    let landlord_marks = rentals::build(&mut rng(seed, 16), layout, &mut residents, &window);
    workers::link(&mut rng(seed, 17), layout, &mut residents, &enterprises);

    Records {
        houses: residents.houses,
        people: residents.people,
        isolations,
        follow_ups,
        enterprises,
        tickets,
        tasks,
        task_items,
        landlord_marks,
    }
}

#[cfg(test)]
mod tests {
    use super::apportion;

    #[test]
    fn apportion_is_exact_and_proportional() {
        let counts = apportion(10, &[1.0, 1.0, 2.0]);
        assert_eq!(counts.iter().sum::<usize>(), 10);
        assert_eq!(counts, vec![3, 2, 5]);
        assert_eq!(apportion(7, &[0.0, 0.0]), vec![0, 0]);
    }
}
