//! The task itself: build (unless `--no-build`), stage the two binaries, check the declared
//! dependencies, bundle, and leave `target/<profile>/<package>_<version>_<arch>.deb`, whose
//! path is the only line printed on stdout (the package test reads it).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::build_ui::{self, run_step, target_dir, workspace_root};

use super::depends;
use super::settings::{self, CLI_BIN, DESKTOP_BIN};
use super::Options;

pub fn run(options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let root = workspace_root();
    if options.build {
        build_ui::run()?;
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let mut build = Command::new(&cargo);
        build.current_dir(&root).args(["build", "-p", "wangge-desktop", "-p", "wangge-cli"]);
        if options.release {
            build.arg("--release");
        }
        run_step(&mut build, "cargo build of the desktop app and the CLI")?;
    }
    let profile_dir = target_dir(&root).join(options.profile_dir());
    let stage = profile_dir.join("deb-stage");
    stage_binaries(&profile_dir, &stage, options)?;

    let config_path = root.join("tauri.conf.json");
    let config = settings::read_config(&config_path)?;
    check_depends(&stage, &config)?;

    let _ = log::set_logger(&LOGGER).map(|()| log::set_max_level(log::LevelFilter::Info));
    let settings = settings::deb_settings(&config, &stage)?;
    // Icon, resource and script paths in tauri.conf.json are relative to its folder.
    std::env::set_current_dir(&root).map_err(|e| format!("entering {}: {e}", root.display()))?;
    let bundles = tauri_bundler::bundle_project(&settings).map_err(|e| format!("bundling: {e:#}"))?;
    let built = bundles
        .iter()
        .flat_map(|b| &b.bundle_paths)
        .find(|p| p.extension().is_some_and(|e| e == "deb"))
        .ok_or("the bundler made no .deb")?;

    // The bundler names the file after productName (Wangge_0.1.0_amd64.deb); Debian's own
    // convention is the package name, and one stable place per profile is easier to find.
    let package = deb_field(built, "Package")?;
    let version = deb_field(built, "Version")?;
    let arch = deb_field(built, "Architecture")?;
    let out = profile_dir.join(format!("{package}_{version}_{arch}.deb"));
    std::fs::rename(built, &out).map_err(|e| format!("moving {} to {}: {e}", built.display(), out.display()))?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "xtask: {} ready ({:.1} MiB, {} profile) in {:.1} s",
        out.display(),
        size as f64 / 1_048_576.0,
        options.profile_dir(),
        started.elapsed().as_secs_f64()
    );
    println!("{}", out.display());
    Ok(())
}

/// Copies both binaries into a fresh stage folder and strips their debug information there.
fn stage_binaries(profile_dir: &Path, stage: &Path, options: &Options) -> Result<(), String> {
    if stage.exists() {
        std::fs::remove_dir_all(stage).map_err(|e| format!("clearing {}: {e}", stage.display()))?;
    }
    std::fs::create_dir_all(stage).map_err(|e| format!("creating {}: {e}", stage.display()))?;
    for name in [DESKTOP_BIN, CLI_BIN] {
        let from = profile_dir.join(name);
        if !from.is_file() {
            let build = if options.release { "cargo xtask deb --release" } else { "cargo xtask deb" };
            return Err(format!("{} not found: build it first, or run `{build}` without --no-build", from.display()));
        }
        let to = stage.join(name);
        std::fs::copy(&from, &to).map_err(|e| format!("copying {} to the stage: {e}", from.display()))?;
        strip(&to);
    }
    Ok(())
}

/// Debug information is most of a Rust binary's size (the debug profile keeps line tables)
/// and nothing a user runs needs it; the symbol table stays, so a panic's backtrace still
/// names its functions. Without `strip` (binutils) the package is only bigger.
fn strip(binary: &Path) {
    match Command::new("strip").arg("--strip-debug").arg(binary).status() {
        Ok(status) if status.success() => {}
        Ok(status) => eprintln!("xtask: warning: strip {} failed ({status}); packaging it unstripped", binary.display()),
        Err(error) => eprintln!("xtask: warning: strip not found ({error}); packaging {} unstripped", binary.display()),
    }
}

fn check_depends(stage: &Path, config: &tauri_utils::config::Config) -> Result<(), String> {
    let binaries = [stage.join(DESKTOP_BIN), stage.join(CLI_BIN)];
    let binaries: Vec<&Path> = binaries.iter().map(PathBuf::as_path).collect();
    let scratch = stage.join("shlibdeps");
    let Some(needed) = depends::needed_packages(&binaries, &scratch)? else {
        eprintln!("xtask: warning: dpkg-shlibdeps not found (apt-get install dpkg-dev): the declared Depends are not checked");
        return Ok(());
    };
    let _ = std::fs::remove_dir_all(&scratch);
    let declared = config.bundle.linux.deb.depends.clone().unwrap_or_default();
    let missing = depends::undeclared(&needed, &declared);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the binaries link libraries from {} but tauri.conf.json's bundle.linux.deb.depends does not name {}",
            needed.join(", "),
            missing.join(", ")
        ))
    }
}

/// One field of a built package's control file, as dpkg reads it.
fn deb_field(deb: &Path, field: &str) -> Result<String, String> {
    let output = Command::new("dpkg-deb").arg("--field").arg(deb).arg(field).output().map_err(|e| format!("starting dpkg-deb: {e}"))?;
    let value = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if output.status.success() && !value.is_empty() {
        Ok(value)
    } else {
        Err(format!("dpkg-deb cannot read {field} of {}: {}", deb.display(), String::from_utf8_lossy(&output.stderr)))
    }
}

/// The bundler reports through `log`; its steps and warnings go to stderr.
struct StderrLogger;

static LOGGER: StderrLogger = StderrLogger;

impl log::Log for StderrLogger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Info
    }

    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            eprintln!("xtask (bundler) {}: {}", record.level().as_str().to_lowercase(), record.args());
        }
    }

    fn flush(&self) {}
}
