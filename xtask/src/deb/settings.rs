//! The bundler's `Settings` from `tauri.conf.json` and the staged binaries: the fields a
//! `.deb` uses (name, version, identifier, icons, descriptions, category, resources and the
//! whole `bundle.linux.deb` section). Relative paths stay relative: the bundler resolves them
//! against the working directory, which `bundle.rs` sets to the repository root, the folder
//! of `tauri.conf.json`, as the Tauri CLI does with its own config folder.

use std::path::Path;
use std::str::FromStr;

use tauri_bundler::{AppCategory, BundleBinary, BundleSettings, DebianSettings, PackageSettings, PackageType, Settings, SettingsBuilder};
use tauri_utils::config::{BundleResources, Config};

/// The desktop app: the binary the `.desktop` entry starts and the icons are named after.
pub const DESKTOP_BIN: &str = "wangge-desktop";
/// The administrator's command line, installed beside it in /usr/bin.
pub const CLI_BIN: &str = "wangge";

/// Reads `tauri.conf.json` with the parser the app itself is built with.
pub fn read_config(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Settings for one `.deb` of the binaries staged in `stage` (the bundler takes binaries
/// from its output folder, and patches the main one in place: a staged copy keeps
/// `target/*/wangge-desktop` untouched while tests may be running it).
pub fn deb_settings(config: &Config, stage: &Path) -> Result<Settings, String> {
    let bundle = &config.bundle;
    let product_name = config.product_name.clone().ok_or("tauri.conf.json has no productName")?;
    // The Tauri CLI falls back to the Cargo package's version; xtask shares the workspace's.
    let version = config.version.clone().unwrap_or_else(|| env!("CARGO_PKG_VERSION").to_string());
    let short_description = bundle.short_description.clone().unwrap_or_default();
    let category = match &bundle.category {
        // The bundler's error is its nearest known category, if any.
        Some(name) => Some(AppCategory::from_str(name).map_err(|nearest| match nearest {
            Some(nearest) => format!("tauri.conf.json bundle.category: unknown `{name}`; did you mean `{nearest}`?"),
            None => format!("tauri.conf.json bundle.category: unknown `{name}`"),
        })?),
        None => None,
    };
    let resources = match &bundle.resources {
        None => None,
        Some(BundleResources::List(paths)) => Some(paths.clone()),
        Some(BundleResources::Map(_)) => {
            return Err("bundle.resources as a map is not supported by `cargo xtask deb`: list the paths".into())
        }
    };
    let deb = &bundle.linux.deb;
    let settings = BundleSettings {
        identifier: Some(config.identifier.clone()),
        publisher: bundle.publisher.clone(),
        homepage: bundle.homepage.clone(),
        icon: Some(bundle.icon.clone()),
        resources,
        copyright: bundle.copyright.clone(),
        license: bundle.license.clone(),
        license_file: bundle.license_file.clone(),
        category,
        short_description: bundle.short_description.clone(),
        long_description: bundle.long_description.clone(),
        deb: DebianSettings {
            depends: deb.depends.clone(),
            recommends: deb.recommends.clone(),
            provides: deb.provides.clone(),
            conflicts: deb.conflicts.clone(),
            replaces: deb.replaces.clone(),
            files: deb.files.clone(),
            desktop_template: deb.desktop_template.clone(),
            section: deb.section.clone(),
            priority: deb.priority.clone(),
            changelog: deb.changelog.clone(),
            pre_install_script: deb.pre_install_script.clone(),
            post_install_script: deb.post_install_script.clone(),
            pre_remove_script: deb.pre_remove_script.clone(),
            post_remove_script: deb.post_remove_script.clone(),
        },
        ..BundleSettings::default()
    };
    SettingsBuilder::new()
        .project_out_directory(stage)
        .package_types(vec![PackageType::Deb])
        .package_settings(PackageSettings {
            product_name,
            version,
            description: short_description,
            homepage: bundle.homepage.clone(),
            authors: None,
            default_run: Some(DESKTOP_BIN.to_string()),
        })
        .bundle_settings(settings)
        .binaries(vec![BundleBinary::new(DESKTOP_BIN.to_string(), true), BundleBinary::new(CLI_BIN.to_string(), false)])
        .build()
        .map_err(|e| format!("bundler settings: {e}"))
}
