//! Enterprises and their work resumption (复工复产): sector, size, headcount, status,
//! resumption date and workers back. Most are back at work, as in the articles' 95–99%.

use rand::distributions::{Distribution, WeightedIndex};
use rand::Rng;
use wangge_domain::time::{DAY_SECS, HOUR_SECS};
use wangge_domain::{Enterprise, MicroGridKind, ResumptionStatus};

use crate::layout::Layout;
use crate::names;
use crate::records::{Targets, Window};

/// Where firms sit: enterprise sites above all, then office buildings and street fronts.
fn site_weight(kind: MicroGridKind) -> f64 {
    match kind {
        MicroGridKind::Enterprise => 10.0,
        MicroGridKind::Building => 2.0,
        MicroGridKind::StreetSegment => 2.0,
        MicroGridKind::VillagerGroup => 0.6,
        MicroGridKind::WorkUnit => 0.3,
        MicroGridKind::Stairwell => 0.05,
    }
}

pub fn build<R: Rng>(
    rng: &mut R,
    layout: &Layout,
    targets: &Targets,
    window: &Window,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Vec<Enterprise> {
    let weights = WeightedIndex::new(layout.leaves.iter().map(|l| site_weight(l.kind))).expect("positive weights");
    // Sorting the draws by micro-grid makes ids follow the hierarchy, which reads better.
    let mut sites: Vec<usize> = (0..targets.enterprises).map(|_| weights.sample(rng)).collect();
    sites.sort_unstable();

    // Resumption started about two weeks into the window and most firms were back soon after:
    // the earlier of two uniform draws skews dates early.
    let earliest = window.start.plus_secs(14 * DAY_SECS);
    let latest = window.now.plus_secs(-2 * HOUR_SECS);
    let span = (latest.secs() - earliest.secs()).max(1);

    let mut out = Vec::with_capacity(sites.len());
    for (i, &leaf) in sites.iter().enumerate() {
        let (name, sector) = names::enterprise(rng);
        let above = rng.gen_bool(0.15);
        let headcount = if above { (50.0 * rng.gen_range(0.0f64..3.2).exp()).round() as u32 } else { rng.gen_range(3..=60) };
        let roll = rng.gen_range(0..1000);
        // Above-size firms were prioritised (后宅: 100% of them back).
        let status = match (above, roll) {
            (true, 0..=9) | (false, 0..=39) => ResumptionStatus::NotResumed,
            (true, 10..=79) | (false, 40..=199) => ResumptionStatus::Partly,
            _ => ResumptionStatus::Fully,
        };
        let workers_back = match status {
            ResumptionStatus::NotResumed => 0,
            ResumptionStatus::Partly => ((f64::from(headcount) * rng.gen_range(0.3..0.85)).round() as u32).clamp(1, headcount),
            ResumptionStatus::Fully => ((f64::from(headcount) * rng.gen_range(0.9..=1.0)).ceil() as u32).min(headcount),
        };
        let resumed_at =
            (status != ResumptionStatus::NotResumed).then(|| earliest.plus_secs(rng.gen_range(0..span).min(rng.gen_range(0..span))));
        out.push(Enterprise {
            id: i as i64 + 1,
            name,
            micro_grid: layout.leaves[leaf].code.clone(),
            sector: sector.to_owned(),
            above_designated_size: above,
            headcount,
            status,
            resumed_at,
            workers_back,
            version: 0,
        });
    }
    progress("enterprises", out.len() as u64, out.len() as u64);
    out
}
