//! The demo district: a synthetic but plausible 南湖区 (Jiaxing), generated deterministically
//! from a seed.
//!
//! The real thirteen streets and towns carry their real codes; everything below them —
//! communities, grids, micro-grids, boundaries, staff, residents and every record — is
//! synthetic. The same [`DemoConfig`] always yields the same district, so tests, screenshots
//! and demos can rely on it.
//!
//! Modules, one job each: [`tiling`] (convex Voronoi tiling), [`layout`] (the hierarchy),
//! [`names`] and [`idnum`] (synthetic identities), [`residents`], [`enterprises`],
//! [`tickets`], [`isolations`], [`tasks`], [`rentals`], [`workers`] (records), [`records`] (the record stages),
//! [`maps`] (GeoJSON output).

pub mod enterprises;
pub mod idnum;
pub mod isolations;
pub mod layout;
pub mod maps;
pub mod names;
pub mod records;
pub mod rentals;
pub mod residents;
pub mod streets;
pub mod tasks;
pub mod tickets;
pub mod tiling;
pub mod workers;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use wangge_domain::{District, Hierarchy, Timestamp};

pub use maps::write_maps;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoConfig {
    pub seed: u64,
    /// The instant the district is "as of": every event lies at or before it (only planned
    /// ends and deadlines may lie after).
    pub now: Timestamp,
    pub scale: Scale,
}

/// How big a district to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// 13 streets, ~150 communities, ~600 grids, ~7,400 micro-grids, 150,000 residents.
    Full,
    /// The same shape in small: 2 streets, 6 communities, ~20 grids, ~200 micro-grids and a
    /// few thousand records, for fast tests.
    Small,
    /// The full district's streets cut as finely as a city's (~1,300 communities, 8,000
    /// grids, 100,000 micro-grids) holding the full district's records: the full-detail
    /// map's benchmark at city scale.
    City,
}

/// One independent random stream of the seed. Stages use different streams so that each
/// stage's output depends only on the seed and its own inputs.
pub(crate) fn rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// Generates the district. `progress` is called with a stage name and how far it is
/// (done, total) as generation goes.
pub fn generate(config: &DemoConfig, progress: &mut dyn FnMut(&str, u64, u64)) -> District {
    let layout = layout::build(&mut rng(config.seed, 1), config.seed, config.scale, progress);
    let records = records::build(config.seed, config.now, config.scale, &layout, progress);
    progress("district", 0, 1);
    let hierarchy = Hierarchy::new(layout.nodes).expect("the generated hierarchy is valid");
    let district = District::new(hierarchy, records).expect("generated records point at generated micro-grids");
    progress("district", 1, 1);
    district
}
