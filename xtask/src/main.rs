//! `cargo xtask <task>`: build chores that plain cargo cannot express.
//!
//! `build-ui` builds the Leptos UI into `ui/dist` without trunk (which would download its own
//! tools): cargo builds the wasm, `wasm-bindgen` (the CLI, whose version must equal the
//! library's in Cargo.lock, or the generated glue does not match) writes the JS glue, and the
//! static page and stylesheet are copied beside them.
//!
//! `deb` packages the desktop app and the `wangge` CLI as a Debian package with the Tauri
//! bundler used as a library (see `deb/mod.rs` for why not the Tauri CLI).

mod build_ui;
mod deb;
mod lockfile;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build-ui") => build_ui::run(),
        Some("deb") => deb::run(&args[1..]),
        Some(other) => Err(format!("unknown task `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask build-ui    build the wasm UI into ui/dist (needs wasm-bindgen-cli on PATH)
       cargo xtask deb [--release] [--no-build]
                            package the desktop app and the CLI as a .deb (docs/PACKAGING.md)";
