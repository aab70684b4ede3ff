//! The demo generator's integration tests, one binary sharing the generated districts
//! (`common`: the full and small configurations, each generated once):
//!
//! - `determinism`: the same configuration always yields the same district;
//! - `maps`: the GeoJSON maps parse back, carry public properties only and keep the tiling;
//! - `scale`: counts and invariants of the generated records;
//! - `tiling`: children tile their parent and records lie inside their micro-grid;
//! - `workers`: workers on record live in their enterprise's community, within its share.

mod common;
mod determinism;
mod maps;
mod scale;
mod tiling;
mod workers;
