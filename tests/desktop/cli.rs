//! The `wangge` command line as the test's source of truth: it creates the demo, prints the
//! figures, the work board and the audit trail the window must show, and commits changes
//! from another process (simulated changes, a reassignment that races the window's).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Runs `wangge` against one database at one pinned instant.
pub struct Cli {
    pub program: PathBuf,
    pub db: PathBuf,
    pub now: String,
}

impl Cli {
    fn run(&self, args: &[&str]) -> Result<String, String> {
        let output = Command::new(&self.program)
            .args(args)
            .env("WANGGE_NOW", &self.now)
            .output()
            .map_err(|e| format!("starting {}: {e}", self.program.display()))?;
        if !output.status.success() {
            return Err(format!("wangge {} failed ({}):\n{}", args.join(" "), output.status, String::from_utf8_lossy(&output.stderr)));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    fn db(&self) -> &str {
        self.db.to_str().unwrap_or_default()
    }

    /// `wangge user add` with the password on standard input.
    pub fn add_user(&self, name: &str, role: &str, node: &str, password: &str) -> Result<(), String> {
        self.add_user_speaking(name, role, node, password, "zh-CN")
    }

    /// `wangge user add … --lang LANGUAGE`.
    pub fn add_user_speaking(&self, name: &str, role: &str, node: &str, password: &str, language: &str) -> Result<(), String> {
        use std::io::Write;
        let mut child = Command::new(&self.program)
            .args(["user", "add", "--db", self.db(), "--name", name, "--role", role, "--node", node, "--lang", language])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("starting wangge user add: {e}"))?;
        child.stdin.take().ok_or("no stdin")?.write_all(format!("{password}\n").as_bytes()).map_err(|e| e.to_string())?;
        let output = child.wait_with_output().map_err(|e| e.to_string())?;
        if !output.status.success() {
            return Err(format!("wangge user add failed: {}", String::from_utf8_lossy(&output.stderr)));
        }
        Ok(())
    }

    /// `wangge import boundaries FILE --db DB` with further flags; what it printed.
    pub fn import_boundaries(&self, file: &Path, flags: &[&str]) -> Result<String, String> {
        let mut args = vec!["import", "boundaries", file.to_str().unwrap_or_default(), "--db", self.db()];
        args.extend_from_slice(flags);
        self.run(&args)
    }

    /// `wangge demo --scale SCALE` (`full`, `small`, `city`).
    pub fn demo_at_scale(&self, seed: u64, scale: &str) -> Result<(), String> {
        self.run(&["demo", "--db", self.db(), "--seed", &seed.to_string(), "--scale", scale]).map(drop)
    }

    pub fn demo(&self, seed: u64) -> Result<(), String> {
        self.run(&["demo", "--db", self.db(), "--seed", &seed.to_string()]).map(drop)
    }

    /// `wangge stats --json` of a node (the district when `None`).
    pub fn stats(&self, node: Option<&str>) -> Result<Value, String> {
        let mut args = vec!["stats", "--db", self.db()];
        if let Some(code) = node {
            args.extend(["--node", code]);
        }
        args.push("--json");
        let text = self.run(&args)?;
        serde_json::from_str(&text).map_err(|e| format!("wangge stats printed no JSON ({e}): {text}"))
    }

    /// `wangge user list --json`: every account with its role, area and language.
    pub fn users(&self) -> Result<Value, String> {
        self.json(&["user", "list", "--db", self.db(), "--json"])
    }

    /// `wangge stats --as-of DAY --json` of a node (the district when `None`).
    pub fn stats_as_of(&self, node: Option<&str>, day: &str) -> Result<Value, String> {
        let mut args = vec!["stats", "--db", self.db(), "--as-of", day, "--json"];
        if let Some(code) = node {
            args.extend(["--node", code]);
        }
        self.json(&args)
    }

    /// `wangge tickets --node … --json` without rows: the SLA counts and the unit cards.
    pub fn board(&self, node: &str) -> Result<Value, String> {
        self.json(&["tickets", "--db", self.db(), "--node", node, "--limit", "0", "--json"])
    }

    /// `wangge tickets --id … --json`: one ticket with its timeline.
    pub fn ticket(&self, id: i64) -> Result<Value, String> {
        self.json(&["tickets", "--db", self.db(), "--id", &id.to_string(), "--json"])
    }

    /// `wangge enterprises --node … --json`: resumption per sector and size class.
    pub fn enterprises(&self, node: &str) -> Result<Value, String> {
        self.json(&["enterprises", "--db", self.db(), "--node", node, "--json"])
    }

    /// `wangge enterprises --id … --json`: one enterprise with its demands.
    pub fn enterprise(&self, id: i64) -> Result<Value, String> {
        self.json(&["enterprises", "--db", self.db(), "--id", &id.to_string(), "--json"])
    }

    /// `wangge enterprises --node … --trend DAYS --json`: resumption day by day.
    pub fn resumption_trend(&self, node: &str, days: u32) -> Result<Value, String> {
        self.json(&["enterprises", "--db", self.db(), "--node", node, "--trend", &days.to_string(), "--json"])
    }

    /// `wangge landlords list --node … [--standing …] --json`: the node's 红黑榜.
    pub fn landlords(&self, node: &str, standing: Option<&str>) -> Result<Value, String> {
        let mut args = vec!["landlords", "list", "--db", self.db(), "--node", node, "--json"];
        if let Some(standing) = standing {
            args.extend(["--standing", standing]);
        }
        self.json(&args)
    }

    /// `wangge landlords show --id … --json`: one landlord's record.
    pub fn landlord(&self, id: i64) -> Result<Value, String> {
        self.json(&["landlords", "show", "--db", self.db(), "--id", &id.to_string(), "--json"])
    }

    /// `wangge task progress --node … --batch … --json`: a batch's figures at a node.
    pub fn task_progress(&self, node: &str, batch: &str) -> Result<Value, String> {
        self.json(&["task", "progress", "--db", self.db(), "--node", node, "--batch", batch, "--json"])
    }

    /// `wangge verify`: every stored figure recounted; an error when any differs.
    pub fn verify(&self) -> Result<(), String> {
        self.run(&["verify", "--db", self.db()]).map(drop)
    }

    /// `wangge audit --entity … --id … --json`: one record's audit rows, newest first.
    pub fn audit(&self, entity: &str, id: i64) -> Result<Value, String> {
        self.json(&["audit", "--db", self.db(), "--entity", entity, "--id", &id.to_string(), "--json"])
    }

    /// `wangge reassign --ticket … --to … --reason …`: 改派 from another process. Returns
    /// the moved ticket's new version and owners, as the command prints them
    /// (`ID\tvVERSION\tOWNER,…`).
    pub fn reassign(&self, id: i64, to: &str, reason: &str) -> Result<(i64, Vec<String>), String> {
        let id_text = id.to_string();
        let text = self.run(&["reassign", "--db", self.db(), "--ticket", &id_text, "--to", to, "--reason", reason])?;
        let line = text
            .lines()
            .find(|l| l.split('\t').next() == Some(id_text.as_str()))
            .ok_or(format!("wangge reassign printed no line for ticket {id}: {text:?}"))?;
        let fields: Vec<&str> = line.split('\t').collect();
        let version = fields
            .get(1)
            .and_then(|v| v.strip_prefix('v'))
            .and_then(|v| v.parse::<i64>().ok())
            .ok_or(format!("wangge reassign printed no version: {line:?}"))?;
        let owners = fields.get(2).map(|o| o.split(',').map(str::to_string).collect()).unwrap_or_default();
        Ok((version, owners))
    }

    fn json(&self, args: &[&str]) -> Result<Value, String> {
        let text = self.run(args)?;
        serde_json::from_str(&text).map_err(|e| format!("wangge {} printed no JSON ({e}): {text}", args[0]))
    }

    /// Commits `count` changes, inside `node` when the CLI supports `--node`.
    /// `wangge export houses --node … --out FILE.csv`: the house register under a node.
    pub fn export_houses(&self, node: &str, out: &Path) -> Result<(), String> {
        let out = out.to_str().unwrap_or_default();
        self.run(&["export", "houses", "--db", self.db(), "--node", node, "--out", out]).map(drop)
    }

    /// `wangge export people --node … --out FILE.csv`: the people registered under a node.
    pub fn export_people(&self, node: &str, out: &Path) -> Result<(), String> {
        let out = out.to_str().unwrap_or_default();
        self.run(&["export", "people", "--db", self.db(), "--node", node, "--out", out]).map(drop)
    }

    /// `wangge warnings --node … --json`: a node's warning level and its children's.
    pub fn warnings(&self, node: &str) -> Result<Value, String> {
        self.json(&["warnings", "--db", self.db(), "--node", node, "--json"])
    }

    /// `wangge warnings --node … --history DAYS --json`: the level at each day's end.
    pub fn warning_history(&self, node: &str, days: u32) -> Result<Value, String> {
        self.json(&["warnings", "--db", self.db(), "--node", node, "--history", &days.to_string(), "--json"])
    }

    /// `wangge locate --lon … --lat … --json`: the place a point lies in (`null`: none).
    pub fn locate(&self, lon: f64, lat: f64) -> Result<Value, String> {
        let output = Command::new(&self.program)
            .args(["locate", "--db", self.db(), "--lon", &lon.to_string(), "--lat", &lat.to_string(), "--json"])
            .env("WANGGE_NOW", &self.now)
            .output()
            .map_err(|e| format!("starting wangge locate: {e}"))?;
        serde_json::from_slice(&output.stdout).map_err(|e| format!("wangge locate printed no JSON: {e}"))
    }

    /// `wangge export isolations --node … --out FILE.csv`: the isolation register under a node.
    pub fn export_isolations(&self, node: &str, out: &Path) -> Result<(), String> {
        let out = out.to_str().unwrap_or_default();
        self.run(&["export", "isolations", "--db", self.db(), "--node", node, "--out", out]).map(drop)
    }

    /// `wangge isolation transfer`: moves an isolation to another micro-grid.
    pub fn transfer_isolation(&self, id: i64, to: &str) -> Result<(), String> {
        self.run(&["isolation", "transfer", "--db", self.db(), "--id", &id.to_string(), "--to-micro-grid", to]).map(drop)
    }

    pub fn simulate(&self, count: u32, node: Option<&str>) -> Result<(), String> {
        let count = count.to_string();
        // Twenty changes a second: the default pace (2/s) would make each round take 10 s.
        let mut args = vec!["simulate", "--db", self.db(), "--count", &count, "--rate", "20"];
        if let Some(code) = node {
            args.extend(["--node", code]);
        }
        self.run(&args).map(drop)
    }

    /// Whether `wangge simulate` takes `--node` (checked from its help).
    pub fn simulate_takes_node(&self) -> bool {
        Command::new(&self.program)
            .args(["simulate", "--help"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).contains("--node"))
            .unwrap_or(false)
    }
}

/// Where the test's files go: `tests/artifacts/`.
pub fn artifacts_dir(root: &Path) -> PathBuf {
    root.join("tests").join("artifacts")
}
