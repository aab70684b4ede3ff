//! Finding what the desktop test needs (the two binaries, tauri-driver, WebKitWebDriver, an
//! X display) and deciding what a missing piece means: a failure in CI, a loud skip elsewhere.

use std::path::{Path, PathBuf};

/// The programs the test drives.
pub struct Tools {
    pub wangge: PathBuf,
    pub desktop: PathBuf,
    pub tauri_driver: PathBuf,
}

/// Locates every tool, or says which is missing and how to get it.
pub fn find_tools() -> Result<Tools, String> {
    let target = target_dir();
    let wangge = binary("WANGGE_BIN", &target.join("debug").join("wangge"), "cargo build -p wangge-cli")?;
    let desktop = binary(
        "WANGGE_DESKTOP_BIN",
        &target.join("debug").join("wangge-desktop"),
        "cargo xtask build-ui && cargo build -p wangge-desktop",
    )?;
    let tauri_driver = on_path("tauri-driver")
        .or_else(|| home_cargo_bin("tauri-driver"))
        .ok_or("tauri-driver not found on PATH or in ~/.cargo/bin (cargo install tauri-driver --version 2.1.0 --locked)")?;
    if on_path("WebKitWebDriver").is_none() {
        return Err("WebKitWebDriver not on PATH (apt-get install webkit2gtk-driver)".to_string());
    }
    Ok(Tools { wangge, desktop, tauri_driver })
}

/// What to do when something is missing: CI must not pass without running the test.
pub fn missing(reason: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("desktop end-to-end test cannot run in CI: {reason}");
    }
    eprintln!("SKIPPING the desktop end-to-end test: {reason}\n(run scripts/desktop-e2e.sh; with CI set this is a failure)");
}

/// The workspace's target directory (CARGO_TARGET_DIR if set).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"))
}

/// The repository root: this crate lives in `tests/` directly below it.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn binary(var: &str, default: &Path, build: &str) -> Result<PathBuf, String> {
    let path = std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| default.to_path_buf());
    if path.is_file() {
        Ok(path.canonicalize().unwrap_or(path))
    } else {
        Err(format!("{} not found (set {var} or run `{build}`)", path.display()))
    }
}

pub fn on_path(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths).map(|dir| dir.join(name)).find(|p| p.is_file())
}

fn home_cargo_bin(name: &str) -> Option<PathBuf> {
    let home =
        std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    Some(home.join("bin").join(name)).filter(|p| p.is_file())
}
