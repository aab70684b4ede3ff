//! Shared test helpers: locating the fixtures, and validating against the
//! Open311 JSON Schemas.

pub mod schema;

use std::path::{Path, PathBuf};

/// `shared/testdata/open311`, next to the repository. Missing fixtures fail
/// the run on CI (env `CI` set) and skip it with a reason elsewhere.
pub fn fixtures() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/open311");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("Open311 fixtures missing at {} (required on CI)", dir.display());
    }
    eprintln!("skipping: Open311 fixtures not found at {}", dir.display());
    None
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}
