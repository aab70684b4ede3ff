//! `wangge stats --db FILE [--node CODE] [--as-of INSTANT|YYYY-MM-DD] --json`; against a server,
//! `wangge stats --db http://HOST:PORT --as NAME [--node CODE] --json` (password on standard input).

use std::fmt::Write as _;
use std::process::ExitCode;

use wangge_engine::Clock;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    db: String,
    /// The node to report on; the scope's root (the district) when omitted.
    #[arg(long)]
    node: Option<String>,
    /// The figures as they stood at a past instant (RFC 3339, e.g. 2026-12-01T18:00:00+08:00)
    /// or at the end of a day (YYYY-MM-DD, as a briefing of that day shows them).
    #[arg(long)]
    as_of: Option<String>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Against a server (`--db http://…`): the account to sign in as; the password is read
    /// from standard input (or `WANGGE_PASSWORD`).
    #[arg(long = "as", value_name = "NAME")]
    as_name: Option<String>,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    if crate::remote::is_server(&args.db) {
        anyhow::ensure!(args.as_of.is_none(), "--as-of：连接服务器时暂不支持，请在服务器的数据库上运行");
        let remote = crate::remote::Remote::sign_in(&args.db, args.as_name.as_deref()).await?;
        let report: wangge_api::StatsReport = remote.call(wangge_api::commands::STATS, &serde_json::json!({ "code": args.node })).await?;
        let text = if args.json { serde_json::to_string_pretty(&report)? + "\n" } else { table(&report)? };
        return crate::commands::print(&text);
    }
    let clock = Clock::from_env()?;
    let engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let report = match args.as_of.as_deref() {
        None => engine.stats(&scope, args.node.as_deref())?,
        Some(text) => {
            let at = wangge_engine::briefing::parse_as_of("--as-of", text, clock.now())?;
            engine.stats_as_of(&scope, args.node.as_deref(), at).await?
        }
    };
    let text = if args.json { serde_json::to_string_pretty(&report)? + "\n" } else { table(&report)? };
    crate::commands::print(&text)
}

/// The figures for people: each under its label (the JSON keeps the field names), the node
/// first, then one line per child with the figures a commander scans first.
fn table(report: &wangge_api::StatsReport) -> anyhow::Result<String> {
    let mut out = String::new();
    let levels = &report.levels;
    writeln!(out, "{} {}（{}）", report.node.name, report.node.code, report.node.level.label_zh())?;
    writeln!(out, "  街道 {}  社区 {}  网格 {}  微网格 {}", levels.street, levels.community, levels.grid, levels.micro_grid)?;
    for figure in wangge_api::FIGURES {
        writeln!(out, "  {:>12}  {}", shown(report.metrics.value(figure)), figure.label_zh)?;
    }
    for child in &report.children {
        let summary: Vec<String> =
            CHILD_SUMMARY.iter().map(|figure| format!("{} {}", figure.label_zh, shown(child.metrics.value(figure)))).collect();
        writeln!(out, "  └ {} {}：{}", child.name, child.code, summary.join(" · "))?;
    }
    Ok(out)
}

const CHILD_SUMMARY: [&wangge_api::Figure; 4] = [
    &wangge_api::figure::isolations_active,
    &wangge_api::figure::tickets_received,
    &wangge_api::figure::tickets_overdue,
    &wangge_api::figure::resumption_rate,
];

fn shown(value: wangge_api::FigureValue) -> String {
    match value {
        wangge_api::FigureValue::Count(n) => n.to_string(),
        wangge_api::FigureValue::Rate(Some(rate)) => format!("{:.2}%", rate * 100.0),
        wangge_api::FigureValue::Rate(None) => "—".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_figures_by_their_labels_never_their_fields() {
        let node = wangge_api::NodeRef { code: "330402".into(), name: "南湖区".into(), level: wangge_api::Level::District };
        let metrics = wangge_api::Figures { isolations_new_today: 3, resumption_rate: Some(0.9547), ..Default::default() };
        let child =
            wangge_api::ChildStats { code: "330402001".into(), name: "东栅街道".into(), level: wangge_api::Level::Street, metrics };
        let report = wangge_api::StatsReport { node, levels: Default::default(), metrics, children: vec![child] };
        let text = table(&report).unwrap();
        for figure in wangge_api::FIGURES {
            assert!(!text.contains(figure.name), "{} printed in\n{text}", figure.name);
            assert!(text.contains(figure.label_zh), "{} missing in\n{text}", figure.label_zh);
        }
        assert!(text.contains("           3  今日新增隔离"), "{text}");
        assert!(text.contains("└ 东栅街道 330402001：在管隔离 0 · 受理工单 0 · 超期工单 0 · 复工率 95.47%"), "{text}");
        assert!(text.contains("—  按时办结率"), "{text}");
    }
}
