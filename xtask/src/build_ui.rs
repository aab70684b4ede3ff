//! The `build-ui` task: wasm build, version-checked wasm-bindgen, static files into ui/dist.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::lockfile::package_version;

const TARGET: &str = "wasm32-unknown-unknown";
/// Files copied verbatim from `ui/` into `ui/dist/`.
const STATIC_FILES: [&str; 2] = ["index.html", "style.css"];

pub fn run() -> Result<(), String> {
    let started = Instant::now();
    let root = workspace_root();
    let wanted = wanted_bindgen_version(&root)?;
    check_bindgen_cli(&wanted)?;

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    run_step(
        Command::new(&cargo).current_dir(&root).args(["build", "-p", "wangge-ui", "--target", TARGET, "--release"]),
        "cargo build of the UI",
    )?;

    let target_dir = target_dir(&root);
    let wasm = target_dir.join(TARGET).join("release").join("wangge-ui.wasm");
    let dist = root.join("ui").join("dist");
    std::fs::create_dir_all(&dist).map_err(|e| format!("creating {}: {e}", dist.display()))?;
    run_step(Command::new("wasm-bindgen").args(["--target", "web", "--no-typescript", "--out-dir"]).arg(&dist).arg(&wasm), "wasm-bindgen")?;

    for name in STATIC_FILES {
        let from = root.join("ui").join("static").join(name);
        std::fs::copy(&from, dist.join(name)).map_err(|e| format!("copying {}: {e}", from.display()))?;
    }
    let size = std::fs::metadata(dist.join("wangge-ui_bg.wasm")).map(|m| m.len()).unwrap_or(0);
    eprintln!("xtask: ui/dist ready ({:.1} MiB wasm) in {:.1} s", size as f64 / 1_048_576.0, started.elapsed().as_secs_f64());
    Ok(())
}

/// The workspace's target directory (CARGO_TARGET_DIR if set).
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"))
}

/// The repository root: xtask lives one level below it.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn wanted_bindgen_version(root: &Path) -> Result<String, String> {
    let lock_path = root.join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path).map_err(|e| format!("reading {}: {e}", lock_path.display()))?;
    package_version(&lock, "wasm-bindgen")
        .ok_or_else(|| "Cargo.lock names no wasm-bindgen package: is wangge-ui in the workspace?".to_string())
}

/// The glue that wasm-bindgen-cli writes only fits the library of the same version, and a
/// mismatch fails at start with an obscure error: refuse early with the fix.
fn check_bindgen_cli(wanted: &str) -> Result<(), String> {
    let install = format!("install it with: cargo install wasm-bindgen-cli --version {wanted}");
    let output = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .map_err(|e| format!("wasm-bindgen (the CLI) is not on PATH ({e}); {install}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let found = text.split_whitespace().nth(1).unwrap_or("").to_string();
    if found == wanted {
        Ok(())
    } else {
        Err(format!("wasm-bindgen CLI is version `{found}` but Cargo.lock has wasm-bindgen {wanted}; they must be equal; {install}"))
    }
}

pub fn run_step(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command.status().map_err(|e| format!("{what}: could not start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}
