//! Build script: lets tauri-build read the configuration at the workspace root (so the
//! desktop shell, the xtask and the README all agree on one `tauri.conf.json`).

fn main() {
    if let Err(error) = tauri_build::try_build(tauri_build::Attributes::new().config_path("../tauri.conf.json")) {
        // Fail the build with the reason rather than a bare panic trace.
        eprintln!("tauri-build failed: {error:#}");
        std::process::exit(1);
    }
}
