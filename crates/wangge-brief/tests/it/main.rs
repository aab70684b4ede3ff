//! The briefing crate's tests: one binary (`it`), fixed figures in, drawings checked.

mod fixture;
mod render;
mod snapshots_of_charts;
