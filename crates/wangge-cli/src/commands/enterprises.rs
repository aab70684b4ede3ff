//! `wangge enterprises --db DB [--node CODE] [--json]`: resumption and worker return per
//! sector and size class (规上/规下) under a node; `wangge enterprises --db DB --id ID`: one
//! enterprise with its demands (tickets linked to it by id; older ones by name) and workers on
//! record; `wangge enterprises --db DB [--node CODE] --trend DAYS`: resumption at the end of each
//! of the last DAYS days (复工进度).

use std::fmt::Write as _;
use std::process::ExitCode;

use wangge_api as api;
use wangge_domain::Timestamp;
use wangge_engine::Clock;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    db: String,
    /// The node to break down; the scope's root when omitted.
    #[arg(long, conflicts_with = "id")]
    node: Option<String>,
    /// One enterprise and its demands instead of the breakdown.
    #[arg(long)]
    id: Option<i64>,
    /// Resumption at the end of each of the last DAYS days (today up to now) instead.
    #[arg(long, value_name = "DAYS", conflicts_with = "id")]
    trend: Option<u32>,
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    let engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let text = if let Some(id) = args.id {
        let detail = engine.enterprise_detail(&scope, id, clock.now())?;
        if args.json {
            serde_json::to_string_pretty(&detail)? + "\n"
        } else {
            detail_text(&detail)?
        }
    } else if let Some(days) = args.trend {
        let request = api::TrendRequest { node: args.node.clone(), days: Some(days) };
        let trend = engine.resumption_trend(&scope, &request, clock.now()).await?;
        if args.json {
            serde_json::to_string_pretty(&trend)? + "\n"
        } else {
            trend_text(&trend)?
        }
    } else {
        let breakdown = engine.enterprise_breakdown(&scope, args.node.as_deref(), clock.now())?;
        if args.json {
            serde_json::to_string_pretty(&breakdown)? + "\n"
        } else {
            breakdown_text(&breakdown)?
        }
    };
    crate::commands::print(&text)
}

fn trend_text(trend: &api::ResumptionTrend) -> anyhow::Result<String> {
    let mut out = String::new();
    writeln!(out, "resumption of {} {}, day by day:", trend.node.code, trend.node.name)?;
    for d in &trend.days {
        writeln!(
            out,
            "  {}  {:>6} of {:>6} enterprises resumed ({:>6}) · 规上 {:>5} of {:>5} · workers {:>8} of {:>8} back",
            d.date,
            d.enterprises_resumed,
            d.enterprises_total,
            percent(d.resumption_rate),
            d.enterprises_above_size_resumed,
            d.enterprises_above_size,
            d.workers_back,
            d.workers_total
        )?;
    }
    Ok(out)
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or("—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

fn group_line(g: &api::EnterpriseGroup) -> String {
    format!(
        "{:<12} {:>6} enterprises, {:>6} resumed ({:>6}) · workers {:>8}, {:>8} back ({:>6})",
        g.label,
        g.total,
        g.resumed,
        percent(g.resumption_rate),
        g.workers_total,
        g.workers_back,
        percent(g.worker_return_rate)
    )
}

fn breakdown_text(b: &api::EnterpriseBreakdown) -> anyhow::Result<String> {
    let mut out = String::new();
    writeln!(out, "{} {} ({}) as of {}", b.node.code, b.node.name, b.node.level.label_zh(), Timestamp(b.as_of))?;
    writeln!(out, "  {}", group_line(&b.totals))?;
    writeln!(out, "by size class:")?;
    for g in &b.by_size {
        writeln!(out, "  {}", group_line(g))?;
    }
    writeln!(out, "by sector:")?;
    for g in &b.by_sector {
        writeln!(out, "  {}", group_line(g))?;
    }
    let d = &b.demands;
    writeln!(
        out,
        "企业诉求 收集 {} 条：办理中 {} · 已解决待反馈 {} · 已解决反馈 {}（问题解决率 {}）",
        d.collected,
        d.in_hand,
        d.resolved,
        d.fed_back,
        percent(d.closure_rate)
    )?;
    Ok(out)
}

fn detail_text(d: &api::EnterpriseDetail) -> anyhow::Result<String> {
    let mut out = String::new();
    writeln!(
        out,
        "enterprise {} {} · {} {} · {} · {} · headcount {} · {} back · {}{}",
        d.id,
        d.name,
        d.micro_grid.code,
        d.micro_grid.name,
        d.sector,
        if d.above_designated_size { "规上" } else { "规下" },
        d.headcount,
        d.workers_back,
        d.status,
        d.resumed_at.map_or(String::new(), |at| format!(" since {}", Timestamp(at)))
    )?;
    writeln!(out, "demands naming it ({}; matched by name in the summary):", d.demands.len())?;
    for t in &d.demands {
        writeln!(
            out,
            "  ticket {}\t{}\t{}\t{}\t{}\t{}",
            t.ticket_id,
            Timestamp(t.received_at),
            t.step_zh,
            t.units.join("、"),
            t.status,
            t.summary
        )?;
    }
    writeln!(out, "workers on record ({} within the scope, {} living elsewhere):", d.workers.len(), d.workers_elsewhere)?;
    for w in &d.workers {
        writeln!(
            out,
            "  person {}\t{}\t{}\t{}{}",
            w.person_id,
            w.name,
            w.phone,
            w.address,
            w.isolation.as_deref().map_or(String::new(), |i| format!("\t{i}"))
        )?;
    }
    Ok(out)
}
