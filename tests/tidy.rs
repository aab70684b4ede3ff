//! House rules that machines guard: every Rust file opens with a `//!` doc saying what it is
//! for, no test is switched off with an ignore attribute, and the layers keep their dependencies —
//! the domain knows no storage or GUI, the command line links no GUI library.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace").to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name == "target" || name == "dist" || name == "gen" || name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

fn all_rust_files() -> Vec<PathBuf> {
    let root = workspace_root();
    let mut files = Vec::new();
    for dir in ["crates", "src-tauri", "ui", "xtask", "tests"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 20, "found only {} Rust files", files.len());
    files
}

#[test]
fn every_rust_file_opens_with_a_module_doc() {
    let missing: Vec<String> = all_rust_files()
        .into_iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            !text.trim_start().starts_with("//!")
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(missing.is_empty(), "files without a //! doc at the top: {missing:#?}");
}

#[test]
fn no_test_is_switched_off() {
    let marker = concat!("#[", "ignore");
    let offending: Vec<String> = all_rust_files()
        .into_iter()
        .filter(|path| std::fs::read_to_string(path).unwrap_or_default().contains(marker))
        .map(|path| path.display().to_string())
        .collect();
    assert!(offending.is_empty(), "ignored tests in {offending:?}");
}

fn normal_dependencies(package: &str) -> String {
    let output = Command::new(env!("CARGO"))
        .args(["tree", "--offline", "-e", "normal", "--prefix", "none", "-p", package])
        .current_dir(workspace_root())
        .output()
        .expect("cargo tree runs");
    assert!(output.status.success(), "cargo tree -p {package}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8")
}

fn assert_free_of(package: &str, forbidden: &[&str]) {
    let tree = normal_dependencies(package);
    for line in tree.lines() {
        let name = line.split_whitespace().next().unwrap_or_default();
        assert!(!forbidden.contains(&name), "{package} depends on {name}, which its layer must not know");
    }
}

#[test]
fn the_domain_knows_no_storage_runtime_or_gui() {
    assert_free_of("wangge-domain", &["sqlx", "tokio", "tauri", "wry", "leptos", "serde_json"]);
}

#[test]
fn the_api_types_need_nothing_but_serde() {
    assert_free_of("wangge-api", &["sqlx", "tokio", "tauri", "geo", "wangge-domain"]);
}

#[test]
fn the_command_line_links_no_gui_library() {
    assert_free_of("wangge-cli", &["tauri", "wry", "webkit2gtk", "gtk", "tao", "leptos"]);
}
