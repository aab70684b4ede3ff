//! Where the embedded database lives.

use std::path::PathBuf;

use crate::error::EngineError;

/// `WANGGE_DB` if set; else `wangge.db` in the user's data directory
/// (`~/.local/share/wangge/` on Linux), created if missing.
pub fn database_path() -> Result<PathBuf, EngineError> {
    if let Some(path) = std::env::var_os("WANGGE_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let dir = dirs::data_dir()
        .ok_or_else(|| EngineError::InvalidInput("no user data directory: set WANGGE_DB to a database file".into()))?
        .join("wangge");
    std::fs::create_dir_all(&dir).map_err(|err| EngineError::InvalidInput(format!("cannot create {}: {err}", dir.display())))?;
    Ok(dir.join("wangge.db"))
}
