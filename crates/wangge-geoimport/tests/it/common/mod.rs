//! Shared helpers for the fixture tests: locating `shared/testdata` beside the repository,
//! and the read options of fixtures that carry no codes.

use std::path::PathBuf;

use wangge_geoimport::{CoordSystem, PropertyMapping, ReadOptions};

/// The test data folder, or `None` (with a note on stderr) when it is absent outside CI.
/// Under CI a missing folder fails the test: the fixtures are part of the contract.
pub fn testdata() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "test data missing at {} (required under CI)", dir.display());
    eprintln!("skipping: test data not found at {}", dir.display());
    None
}

/// Generic fixtures have no code/name properties; any mapping will do.
pub fn plain() -> ReadOptions {
    ReadOptions {
        mapping: PropertyMapping { code: "code".into(), name: "name".into(), parent: None, kind: None },
        coords: CoordSystem::Wgs84,
    }
}
