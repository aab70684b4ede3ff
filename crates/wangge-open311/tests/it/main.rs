//! The Open311 wire crate's integration tests, one binary, on the fixtures of
//! `shared/testdata/open311` (`common`: locating them, and validating against the spec's
//! JSON Schemas with the `jsonschema` crate):
//!
//! - `conformance`: the spec's own examples parse, pair up (JSON with XML) and validate;
//! - `post_validation`: POST bodies become requests or errors naming the field;
//! - `ruby_fixtures`: the ruby-gem client's real server answers round-trip;
//! - `snapshots`: one emitted JSON and one XML document, reviewed as snapshots
//!   (`snapshots/`).

mod common;

mod conformance;
mod post_validation;
mod ruby_fixtures;
mod snapshots;
