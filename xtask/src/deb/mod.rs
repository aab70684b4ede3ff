//! The `deb` task: a Debian package of the desktop app (`wangge-desktop`) and the
//! administrator's CLI (`wangge`), made by the Tauri bundler called as a library.
//!
//! Why not `cargo tauri build`: the Tauri CLI refuses a `tauri.conf.json` at the root of a
//! workspace whose root manifest is not a package (measured when the toolchain was chosen),
//! and making it work would mean moving the config or turning the root manifest into the
//! desktop package; it also takes 11 minutes to install. `tauri-bundler` is the crate the CLI bundles with;
//! called here, it reads the same `tauri.conf.json` (through `tauri-utils`, the parser the app
//! is built with), packages binaries plain cargo built, and needs no network for a `.deb`.
//!
//! The bundler is compiled only with xtask's `deb` feature (it is large: see Cargo.toml), so
//! this task, run from a build without it, runs xtask again with it.

#[cfg(feature = "deb")]
mod bundle;
// Pure parsing and a command, also unit-tested in the default build, where the bundler
// that calls them is compiled out.
#[cfg_attr(not(feature = "deb"), allow(dead_code))]
mod depends;
#[cfg(feature = "deb")]
mod settings;

/// What `cargo xtask deb` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Package `target/release` (built with `--release`) instead of `target/debug`.
    pub release: bool,
    /// Build the UI and both binaries first; off with `--no-build`, which packages the
    /// binaries already built (the package test uses the debug ones `./dev.sh test` built).
    pub build: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options { release: false, build: true };
        for arg in args {
            match arg.as_str() {
                "--release" => options.release = true,
                "--debug" => options.release = false,
                "--no-build" => options.build = false,
                other => return Err(format!("deb: unknown option `{other}`\n\n{USAGE}")),
            }
        }
        Ok(options)
    }

    /// The cargo profile's folder under the target directory.
    #[cfg_attr(not(feature = "deb"), allow(dead_code))] // used by the bundler's half
    pub fn profile_dir(&self) -> &'static str {
        if self.release {
            "release"
        } else {
            "debug"
        }
    }
}

const USAGE: &str = "usage: cargo xtask deb [--release] [--no-build]
  --release    package target/release (default: target/debug, like cargo)
  --no-build   package the binaries already built instead of building the UI and both binaries first";

pub fn run(args: &[String]) -> Result<(), String> {
    let options = Options::parse(args)?;
    #[cfg(feature = "deb")]
    {
        bundle::run(&options)
    }
    #[cfg(not(feature = "deb"))]
    {
        let _ = options;
        rerun_with_bundler(args)
    }
}

/// Runs `cargo run -p xtask --features deb -- deb ARGS`. Cargo keeps both builds of xtask,
/// so going back and forth between `build-ui` and `deb` relinks nothing after the first time.
#[cfg(not(feature = "deb"))]
fn rerun_with_bundler(args: &[String]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    eprintln!("xtask: running xtask with the Tauri bundler (feature `deb`; its first build takes about 12 minutes on 2 cores)");
    let status = std::process::Command::new(&cargo)
        .current_dir(crate::build_ui::workspace_root())
        .args(["run", "-p", "xtask", "--features", "deb", "--", "deb"])
        .args(args)
        .status()
        .map_err(|e| format!("starting {cargo}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        // The inner xtask has already said why.
        Err(format!("deb failed ({status})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        Options::parse(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn debug_and_building_by_default_like_cargo() {
        assert_eq!(parse(&[]), Ok(Options { release: false, build: true }));
        assert_eq!(parse(&["--release", "--no-build"]), Ok(Options { release: true, build: false }));
        assert_eq!(parse(&["--no-build"]).map(|o| o.profile_dir()), Ok("debug"));
    }

    #[test]
    fn an_unknown_option_is_refused_with_the_usage() {
        let error = parse(&["--relase"]).unwrap_err();
        assert!(error.contains("`--relase`") && error.contains("--no-build"), "{error}");
    }
}
