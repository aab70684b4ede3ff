//! Reads one package's version out of Cargo.lock, enough to pin wasm-bindgen-cli to it.

/// The version of the first `[[package]]` named `name` in the text of a Cargo.lock.
pub fn package_version(lock: &str, name: &str) -> Option<String> {
    let mut in_package = false;
    let mut found_name = false;
    for line in lock.lines().map(str::trim) {
        if line == "[[package]]" {
            in_package = true;
            found_name = false;
        } else if line.starts_with('[') {
            in_package = false;
        } else if in_package {
            if let Some(value) = line.strip_prefix("name = ") {
                found_name = value.trim_matches('"') == name;
            } else if let Some(value) = line.strip_prefix("version = ") {
                if found_name {
                    return Some(value.trim_matches('"').to_string());
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "cfg-if",
]
"#;

    #[test]
    fn finds_the_exact_package_not_a_prefix_match() {
        assert_eq!(package_version(LOCK, "wasm-bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(package_version(LOCK, "wasm"), None);
    }
}
