//! Shared by the command-line tests: the real `wangge` binary run at one fixed instant with
//! nothing of the caller's environment that would change its answers, what it prints read
//! back, small demo districts to run it on, and the shared test data folder. The stored
//! database read directly is in `store`, the arithmetic of figures in `figures`, a running
//! `wangge serve` in `server`, a seat on its live feed in `live`.

pub mod figures;
pub mod live;
pub mod server;
pub mod store;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// 2026-11-23T10:00:00+08:00: every run of every test sees the same instant unless it says
/// otherwise.
pub const NOW: i64 = 1_795_399_200;

/// The account every run acts as unless a test names another, so no actor or message depends
/// on the `USER` of whoever runs the tests.
pub const ACCOUNT: &str = "tester";

/// `wangge ARGS` at `now`, acting for [`ACCOUNT`] with the whole district in scope and the
/// bundled rules; `env` adds or overrides variables (`WANGGE_SCOPE`, `WANGGE_ROLE`,
/// `WANGGE_ACCOUNT`, `WANGGE_CONFIG_DIR`…).
pub fn command_at(now: i64, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wangge"));
    command
        .args(args)
        .env("WANGGE_NOW", now.to_string())
        .env("WANGGE_ACCOUNT", ACCOUNT)
        .env_remove("WANGGE_SCOPE")
        .env_remove("WANGGE_ROLE")
        .env_remove("WANGGE_CONFIG_DIR")
        .envs(env.iter().copied());
    command
}

/// [`command_at`] at [`NOW`].
pub fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
    command_at(NOW, args, env)
}

/// Runs [`command_at`] to the end.
pub fn wangge_at(now: i64, args: &[&str], env: &[(&str, &str)]) -> Output {
    command_at(now, args, env).output().expect("wangge runs")
}

/// Runs [`command`] to the end.
pub fn wangge(args: &[&str], env: &[(&str, &str)]) -> Output {
    wangge_at(NOW, args, env)
}

/// Stdout and stderr together, as a user reads them.
pub fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// The command's output, asserting that it succeeded.
pub fn succeeded(output: Output) -> Output {
    assert!(
        output.status.success(),
        "wangge failed: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    output
}

/// The command's stdout, asserting that it succeeded.
pub fn ok(output: Output) -> String {
    String::from_utf8(succeeded(output).stdout).expect("utf-8 output")
}

/// The command's stderr, asserting that it failed.
pub fn fails(output: Output) -> String {
    assert!(!output.status.success(), "wangge should have failed; stdout: {}", String::from_utf8_lossy(&output.stdout));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The one JSON document the command printed, asserting that it succeeded.
pub fn json(output: Output) -> Value {
    serde_json::from_str(&ok(output)).expect("one JSON document")
}

/// `wangge verify` at `now` agrees with the stored figures.
pub fn verify_at(now: i64, db: &str) {
    let out = ok(wangge_at(now, &["verify", "--db", db], &[]));
    assert!(out.starts_with("ok: "), "{out}");
}

pub fn verify(db: &str) {
    verify_at(NOW, db);
}

/// `wangge stats --json` at `now`, of the district or of `node`.
pub fn stats_at(now: i64, db: &str, node: Option<&str>) -> Value {
    let mut args = vec!["stats", "--db", db, "--json"];
    args.extend(node.iter().flat_map(|n| ["--node", n]));
    json(wangge_at(now, &args, &[]))
}

pub fn stats(db: &str, node: Option<&str>) -> Value {
    stats_at(NOW, db, node)
}

/// `wangge import KIND FILE --db DB --json EXTRA…`: the report, asserting that it succeeded.
pub fn import(kind: &str, db: &str, file: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["import", kind, file.to_str().unwrap(), "--db", db, "--json"];
    args.extend(extra);
    json(wangge(&args, &[]))
}

/// `wangge import KIND FILE --db DB EXTRA…`: stderr, asserting that it failed.
pub fn import_fails(kind: &str, db: &str, file: &Path, extra: &[&str]) -> String {
    let mut args = vec!["import", kind, file.to_str().unwrap(), "--db", db];
    args.extend(extra);
    fails(wangge(&args, &[]))
}

/// Writes the small demo district (seed 7) to `dir/district.db` with `wangge demo EXTRA…`;
/// returns the database path.
pub fn demo_in(dir: &Path, extra: &[&str]) -> String {
    let db = dir.join("district.db").to_str().unwrap().to_owned();
    let mut args = vec!["demo", "--db", &db, "--seed", "7", "--scale", "small"];
    args.extend_from_slice(extra);
    ok(wangge(&args, &[]));
    db
}

/// The small demo district in a fresh directory (kept while the first value lives).
pub fn small_demo() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path(), &[]);
    (dir, db)
}

/// A small demo district, created once per test and copied for each database it needs
/// (copies of one file hold identical rows, so their checksums can be compared).
pub struct Demo {
    dir: tempfile::TempDir,
    template: PathBuf,
    copies: usize,
}

impl Demo {
    pub fn new() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let template = PathBuf::from(demo_in(dir.path(), &[]));
        Demo { dir, template, copies: 0 }
    }

    /// Only the directory, for files of a test whose district lives elsewhere (PostgreSQL).
    pub fn without_district() -> Demo {
        Demo { dir: tempfile::tempdir().unwrap(), template: PathBuf::new(), copies: 0 }
    }

    /// A fresh copy of the demo database (with its WAL, if one is left), as a path string.
    pub fn fresh(&mut self) -> String {
        self.copies += 1;
        let db = self.dir.path().join(format!("district-{}.db", self.copies));
        for suffix in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{suffix}", self.template.display()));
            if from.exists() {
                std::fs::copy(&from, format!("{}{suffix}", db.display())).unwrap();
            }
        }
        db.to_str().unwrap().to_owned()
    }

    /// A path in the demo's directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file into the demo's directory; returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

/// The shared test data folder beside the repository, or `None` (with a note) when it is
/// absent outside CI. Under CI its absence fails: the tests would otherwise pass vacuously.
pub fn testdata() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "shared test data missing at {} (required in CI)", dir.display());
    eprintln!("skipping: shared test data not found at {}", dir.display());
    None
}

/// An accepted ticket owned by one grid that has a sibling grid under the same community:
/// its board row, the community's code and the sibling's (where a reassignment moves it).
pub fn movable_ticket(db: &str) -> (Value, String, String) {
    let board = json(wangge(&["tickets", "--db", db, "--status", "accepted", "--limit", "5000", "--json"], &[]));
    assert!(board["total"].as_u64().unwrap() > 0);
    let district = json(wangge(&["stats", "--db", db, "--json"], &[]));
    let grids_by_community: Vec<(String, Vec<String>)> = district["children"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|street| {
            let street = json(wangge(&["stats", "--db", db, "--node", street["code"].as_str().unwrap(), "--json"], &[]));
            street["children"].as_array().unwrap().clone()
        })
        .map(|community| {
            let code = community["code"].as_str().unwrap().to_string();
            let detail = json(wangge(&["stats", "--db", db, "--node", &code, "--json"], &[]));
            let grids = detail["children"].as_array().unwrap().iter().map(|g| g["code"].as_str().unwrap().to_string()).collect();
            (code, grids)
        })
        .collect();
    board["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|row| {
            let owners = row["owners"].as_array()?;
            let [owner] = owners.as_slice() else { return None };
            let owner = owner.as_str()?;
            let (community, grids) = grids_by_community.iter().find(|(_, grids)| grids.iter().any(|g| g == owner))?;
            let to = grids.iter().find(|g| *g != owner)?;
            Some((row.clone(), community.clone(), to.clone()))
        })
        .expect("an accepted ticket owned by a grid with a sibling")
}
