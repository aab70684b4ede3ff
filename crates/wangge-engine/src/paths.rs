//! Where the embedded database lives, and where the app writes briefings.

use std::path::PathBuf;

use wangge_domain::Language;
use wangge_figures::say;

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

/// Where the app writes the briefings it exports: `WANGGE_BRIEFING_DIR` if set; else
/// `网格简报` in the user's documents folder (or home), created if missing. The folder keeps its
/// one name whatever the seat reads, so every seat of a machine finds the same files; only the
/// refusal is worded in `language`.
pub fn briefings_dir(language: Language) -> Result<PathBuf, EngineError> {
    if let Some(path) = std::env::var_os("WANGGE_BRIEFING_DIR").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let base = dirs::document_dir().or_else(dirs::home_dir).ok_or_else(|| {
        EngineError::InvalidInput(say!(
            language,
            "没有文档文件夹：请设置 WANGGE_BRIEFING_DIR 为简报的输出文件夹",
            "No documents folder: set WANGGE_BRIEFING_DIR to the folder for briefings"
        ))
    })?;
    Ok(base.join("网格简报"))
}
