//! Checks the package's declared `Depends` (tauri.conf.json, `bundle.linux.deb.depends`)
//! against the shared libraries the binaries really link, as `dpkg-shlibdeps` names their
//! packages. A system library added to the app later would otherwise install fine and fail
//! at start on a machine without it; this refuses the package with the missing name.

use std::path::Path;
use std::process::Command;

/// The Debian packages `dpkg-shlibdeps` says the binaries need, or `None` when the tool is
/// missing (package `dpkg-dev`, part of build-essential), in which case the check is skipped
/// with a warning rather than refusing to package.
pub fn needed_packages(binaries: &[&Path], scratch: &Path) -> Result<Option<Vec<String>>, String> {
    // dpkg-shlibdeps insists on a debian/control in its working directory, though it only
    // reads the shared-library database; a stub one is enough.
    let debian = scratch.join("debian");
    std::fs::create_dir_all(&debian).map_err(|e| format!("creating {}: {e}", debian.display()))?;
    std::fs::write(debian.join("control"), "Source: wangge\n\nPackage: wangge\nArchitecture: any\n")
        .map_err(|e| format!("writing the stub debian/control: {e}"))?;
    let mut command = Command::new("dpkg-shlibdeps");
    command.current_dir(scratch).arg("-O");
    for binary in binaries {
        command.arg(format!("-e{}", binary.display()));
    }
    let output = match command.output() {
        Ok(output) => output,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("starting dpkg-shlibdeps: {error}")),
    };
    if !output.status.success() {
        return Err(format!("dpkg-shlibdeps failed ({}):\n{}", output.status, String::from_utf8_lossy(&output.stderr)));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().find_map(|l| l.strip_prefix("shlibs:Depends=")).unwrap_or("");
    Ok(Some(names(line)))
}

/// The package names of a Depends field: versions and alternatives dropped, in order.
pub fn names(field: &str) -> Vec<String> {
    field
        .split([',', '|'])
        .filter_map(|item| item.split_whitespace().next())
        .map(|name| name.split(':').next().unwrap_or(name).to_string())
        .collect()
}

/// The needed packages that no declared entry names (an alternative counts).
pub fn undeclared(needed: &[String], declared: &[String]) -> Vec<String> {
    let declared: Vec<String> = declared.iter().flat_map(|entry| names(entry)).collect();
    needed.iter().filter(|name| !declared.contains(name)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_drop_versions_architectures_and_split_alternatives() {
        let field = "libc6 (>= 2.35), libgtk-3-0 (>= 3.21.5), libjavascriptcoregtk-4.1-0, fonts-noto-cjk | fonts-wqy-microhei, libfoo:any";
        assert_eq!(names(field), ["libc6", "libgtk-3-0", "libjavascriptcoregtk-4.1-0", "fonts-noto-cjk", "fonts-wqy-microhei", "libfoo"]);
        assert!(names("").is_empty());
    }

    #[test]
    fn a_needed_library_missing_from_the_declaration_is_named() {
        let needed = names("libc6 (>= 2.35), libwebkit2gtk-4.1-0 (>= 2.41.90), libxdo3");
        let declared =
            vec!["libc6".to_string(), "libwebkit2gtk-4.1-0 (>= 2.40)".to_string(), "fonts-noto-cjk | fonts-wqy-microhei".to_string()];
        assert_eq!(undeclared(&needed, &declared), ["libxdo3"]);
    }
}
