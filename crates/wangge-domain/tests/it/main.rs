//! The domain crate's integration tests, one binary: the checks that need the demo district
//! (`wangge-demo` depends on this crate, so only an integration test links the same build of
//! `wangge_domain` as the demo does).
//!
//! - `routing`: micro-grid routing on the Small demo against a brute-force scan.

mod routing;
