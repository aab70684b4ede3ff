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

/// A string literal of a Rust source: where it starts and what it says (escapes left as
/// written; only the presence of Chinese matters here).
struct Literal {
    at: usize,
    text: String,
}

/// The string literals of a source outside comments, up to its unit tests.
fn string_literals(source: &str) -> Vec<Literal> {
    let code = source.split("#[cfg(test)]\nmod tests").next().unwrap_or(source);
    let bytes = code.as_bytes();
    let mut literals = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = code[i..].find('\n').map_or(bytes.len(), |n| i + n),
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = code[i..].find("*/").map_or(bytes.len(), |n| i + n + 2),
            // A char literal ('"', '\''), not a lifetime ('a): skip it whole.
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 3,
            b'\'' if bytes.get(i + 1) == Some(&b'\\') => i = code[i + 2..].find('\'').map_or(bytes.len(), |n| i + n + 3),
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) => {
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                let open = i + 1 + hashes;
                if bytes.get(open) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let end = code[open + 1..].find(&close).map_or(bytes.len(), |n| open + 1 + n);
                literals.push(Literal { at: i, text: code[open + 1..end].to_string() });
                i = end + close.len();
            }
            b'"' => {
                let mut end = i + 1;
                while end < bytes.len() && bytes[end] != b'"' {
                    end += if bytes[end] == b'\\' { 2 } else { 1 };
                }
                literals.push(Literal { at: i, text: code[i + 1..end.min(bytes.len())].to_string() });
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    literals
}

fn has_chinese(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
}

/// Every text the UI writes itself exists in both languages: each Chinese literal of
/// `ui/src` is the first half of a `t!`/`tf!` pair whose English half holds no Chinese.
/// (What the backend sends is the backend's to word; the browser e2e scans the screens.)
#[test]
fn every_chinese_text_of_the_ui_has_its_english_twin() {
    let mut files = Vec::new();
    rust_files(&workspace_root().join("ui/src"), &mut files);
    let mut lonely = Vec::new();
    let mut pairs = 0;
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        let literals = string_literals(&source);
        for (n, literal) in literals.iter().enumerate() {
            if !has_chinese(&literal.text) {
                continue;
            }
            let before = source[..literal.at].trim_end();
            let paired = before.ends_with("t!(") || before.ends_with("tf!(");
            let twin = literals.get(n + 1).filter(|next| source[literal.at..next.at].trim_end().ends_with(','));
            let line = source[..literal.at].lines().count();
            match (paired, twin) {
                (true, Some(english)) if !has_chinese(&english.text) && !english.text.trim().is_empty() => pairs += 1,
                (true, Some(english)) => lonely.push(format!("{}:{line}: English half {:?}", file.display(), english.text)),
                _ => lonely.push(format!("{}:{line}: {:?}", file.display(), literal.text)),
            }
        }
    }
    assert!(lonely.is_empty(), "Chinese texts without an English twin (write them as t!(\"中文\", \"English\")):\n{}", lonely.join("\n"));
    assert!(pairs > 400, "only {pairs} pairs found: the scan has lost its way");
}
