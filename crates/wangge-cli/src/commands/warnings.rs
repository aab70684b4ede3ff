//! `wangge warnings --db FILE [--node CODE] [--rules FILE] [--json]`: the four-colour
//! warning level (四色预警) of a node and of each of its children, with the reasons;
//! `--history DAYS`: the node's level at the end of each of the last DAYS days (预警记录).

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;
use wangge_domain::warnings::WarningRules;
use wangge_engine::Clock;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    db: String,
    /// The node whose children to report on; the scope's root (the district) when omitted.
    #[arg(long)]
    node: Option<String>,
    /// Evaluate with this rules file instead of the bundled `assets/warnings/rules.txt`.
    #[arg(long)]
    rules: Option<String>,
    /// The node's level at the end of each of the last DAYS days (today up to now) instead.
    #[arg(long, value_name = "DAYS")]
    history: Option<u32>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Read the rules first: a bad file is refused before the database is opened.
    let rules = match &args.rules {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
            Some(WarningRules::parse(&text).map_err(|err| anyhow::anyhow!("{path}, {err}"))?)
        }
        None => None,
    };
    let clock = Clock::from_env()?;
    let mut engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    if let Some(rules) = rules {
        engine.set_warning_rules(rules, clock.now());
    }
    if let Some(days) = args.history {
        let request = wangge_api::TrendRequest { node: args.node.clone(), days: Some(days) };
        let history = engine.warning_history(&scope, &request, clock.now()).await?;
        let text = if args.json { serde_json::to_string_pretty(&history)? + "\n" } else { history_table(&history)? };
        return super::print(&text);
    }
    let view = engine.warnings(&scope, args.node.as_deref())?;
    let text = if args.json { serde_json::to_string_pretty(&view)? + "\n" } else { table(&view)? };
    super::print(&text)
}

fn history_table(history: &wangge_api::WarningHistory) -> anyhow::Result<String> {
    let mut out = String::new();
    writeln!(out, "{} {} 预警记录:", history.node.code, history.node.name)?;
    for day in &history.days {
        let reason = day.reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
        writeln!(out, "  {} {}{reason}", day.date, day.level.label_zh())?;
    }
    Ok(out)
}

fn table(view: &wangge_api::WarningsView) -> anyhow::Result<String> {
    let mut out = String::new();
    let line = |w: &wangge_api::NodeWarning| {
        let reason = w.reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
        format!("{} {} {}{reason}", w.node.code, w.node.name, w.level.label_zh())
    };
    writeln!(out, "{}", line(&view.focus))?;
    let c = &view.counts;
    writeln!(out, "  children: 红 {} · 橙 {} · 黄 {} · 浅黄 {} · 绿 {}", c.red, c.orange, c.yellow, c.light_yellow, c.green)?;
    for child in &view.children {
        writeln!(out, "  └ {}", line(child))?;
    }
    Ok(out)
}
