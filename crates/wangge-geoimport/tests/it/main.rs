//! The boundary reader's integration tests, one binary, mostly on the fixtures of
//! `shared/testdata` (located by `common`):
//!
//! - `bounds`: bounded reading and checking (a self-crossing star, files nested too deep or
//!   holding too many positions);
//! - `datav`: the DataV (GeoAtlas) Zhejiang files, GCJ-02 with nested parent codes;
//! - `geojsonhint`: geojsonhint's good and bad fixtures, each with its expected outcome;
//! - `turf`: Turf's point-in-polygon and kinks fixtures.

mod common;

mod bounds;
mod datav;
mod geojsonhint;
mod turf;
