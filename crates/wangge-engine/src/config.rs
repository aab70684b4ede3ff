//! A district's own rules in place of the bundled ones: when `WANGGE_CONFIG_DIR` names a
//! folder, `sla-policies.txt`, `district-units.txt`, `routing.txt` and `warning-rules.txt`
//! found there replace the files of `assets/` (same formats). A file that does not parse stops the engine
//! from opening, with the file and line named: silently timing tickets by the wrong
//! rules would be worse than not starting.

use std::path::{Path, PathBuf};

use wangge_domain::lifecycle::{Lifecycle, SlaPolicies};
use wangge_domain::units::Units;
use wangge_domain::warnings::WarningRules;

use crate::EngineError;

const UNITS_FILE: &str = "district-units.txt";
const ROUTING_FILE: &str = "routing.txt";
const POLICIES_FILE: &str = "sla-policies.txt";
const WARNINGS_FILE: &str = "warning-rules.txt";
const PUBLICATION_FILE: &str = "open311-publication.txt";

/// The lifecycle rules, units and warning rules to run with: the bundled ones,
/// overridden file by file.
pub(crate) fn load() -> Result<(Lifecycle, Units, WarningRules), EngineError> {
    let mut lifecycle = Lifecycle::standard();
    let mut units = Units::bundled();
    let mut warnings = WarningRules::bundled();
    let Some(dir) = std::env::var_os("WANGGE_CONFIG_DIR").map(PathBuf::from) else {
        return Ok((lifecycle, units, warnings));
    };
    if let Some(text) = read_if_present(&dir, WARNINGS_FILE)? {
        warnings = WarningRules::parse(&text).map_err(|e| invalid(&dir, WARNINGS_FILE, e))?;
    }
    if let Some(text) = read_if_present(&dir, POLICIES_FILE)? {
        lifecycle.policies = SlaPolicies::parse(&text).map_err(|e| invalid(&dir, POLICIES_FILE, e))?;
    }
    let units_text = read_if_present(&dir, UNITS_FILE)?;
    let routing_text = read_if_present(&dir, ROUTING_FILE)?;
    if units_text.is_some() || routing_text.is_some() {
        let bundled_units = include_str!("../../../assets/units/district.txt");
        let bundled_routing = include_str!("../../../assets/units/routing.txt");
        units = Units::parse(units_text.as_deref().unwrap_or(bundled_units), routing_text.as_deref().unwrap_or(bundled_routing))
            .map_err(|e| EngineError::InvalidInput(format!("{}: {e}", dir.display())))?;
    }
    Ok((lifecycle, units, warnings))
}

/// What Open311 publishes: the district's `open311-publication.txt`, else the bundled rules.
pub(crate) fn publication() -> Result<crate::intake::Publication, EngineError> {
    use crate::intake::Publication;
    let Some(dir) = std::env::var_os("WANGGE_CONFIG_DIR").map(PathBuf::from) else {
        return Ok(Publication::bundled());
    };
    match read_if_present(&dir, PUBLICATION_FILE)? {
        Some(text) => Publication::parse(&text).map_err(|e| invalid(&dir, PUBLICATION_FILE, e)),
        None => Ok(Publication::bundled()),
    }
}

fn read_if_present(dir: &Path, name: &str) -> Result<Option<String>, EngineError> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(EngineError::InvalidInput(format!("reading {}: {e}", path.display()))),
    }
}

fn invalid(dir: &Path, name: &str, error: impl std::fmt::Display) -> EngineError {
    EngineError::InvalidInput(format!("{}: {error}", dir.join(name).display()))
}
