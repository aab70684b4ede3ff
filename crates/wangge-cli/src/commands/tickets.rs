//! `wangge tickets --db DB [--node CODE] [--unit UNIT] [--status S] [--sla S] [--mine] [--json]`:
//! the work board as text or JSON; `--id ID` prints one ticket with its timeline.

use std::fmt::Write as _;

use wangge_api as api;
use wangge_engine::Clock;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    db: String,
    /// Tickets lying under this node (default: the scope's root).
    #[arg(long)]
    node: Option<String>,
    /// Tickets this unit owns now.
    #[arg(long)]
    unit: Option<String>,
    /// received, accepted, in_progress, suspended, resolved, return_visited, closed, triage.
    #[arg(long)]
    status: Option<String>,
    /// on_time, warning, breached, paused, met.
    #[arg(long)]
    sla: Option<String>,
    /// Only open work waiting on the signed-in unit (the scope's root).
    #[arg(long)]
    mine: bool,
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// One ticket, with its timeline and each owner's deadlines.
    #[arg(long)]
    id: Option<i64>,
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> anyhow::Result<std::process::ExitCode> {
    // Bad filters are refused before the district is loaded.
    let filter = api::BoardFilter {
        node: args.node,
        unit: args.unit,
        status: args.status.as_deref().map(parse_status).transpose()?,
        sla: args.sla.as_deref().map(parse_sla).transpose()?,
        needs_my_action: args.mine,
        limit: Some(args.limit),
    };
    let clock = Clock::from_env()?;
    let engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let now = clock.now();
    let text = if let Some(id) = args.id {
        let detail = engine.ticket_detail(&scope, id, now)?;
        if args.json {
            serde_json::to_string_pretty(&detail)? + "\n"
        } else {
            detail_text(&detail)?
        }
    } else {
        let board = engine.work_board(&scope, &filter, now)?;
        if args.json {
            serde_json::to_string_pretty(&board)? + "\n"
        } else {
            board_text(&board)?
        }
    };
    crate::commands::print(&text)
}

fn parse_status(text: &str) -> anyhow::Result<api::TicketStatus> {
    api::TicketStatus::ALL.into_iter().find(|s| s.as_str() == text).ok_or_else(|| {
        let names: Vec<&str> = api::TicketStatus::ALL.iter().map(|s| s.as_str()).collect();
        anyhow::anyhow!("--status: {text:?} is not one of {}", names.join(", "))
    })
}

fn parse_sla(text: &str) -> anyhow::Result<api::SlaState> {
    api::SlaState::ALL.into_iter().find(|s| s.as_str() == text).ok_or_else(|| {
        let names: Vec<&str> = api::SlaState::ALL.iter().map(|s| s.as_str()).collect();
        anyhow::anyhow!("--sla: {text:?} is not one of {}", names.join(", "))
    })
}

fn board_text(board: &api::WorkBoard) -> anyhow::Result<String> {
    let mut out = String::new();
    let counts: Vec<String> = board.by_sla.iter().map(|(s, n)| format!("{} {n}", s.label_zh())).collect();
    writeln!(out, "{} tickets · {}", board.total, counts.join(" · "))?;
    for row in &board.rows {
        let left = row.remaining_working_secs.map_or("—".to_string(), |s| format!("{:.1} h", s as f64 / 3600.0));
        writeln!(
            out,
            "{:>7} v{:<3} {}{} {} [{}] {} · {} · left {left}",
            row.id,
            row.version,
            if row.supervised { "督 " } else { "" },
            row.status.label_zh(),
            row.sla.map_or("—", |s| s.label_zh()),
            row.owners.join(","),
            row.category_zh,
            row.summary,
        )?;
    }
    for unit in &board.units {
        writeln!(
            out,
            "  unit {} {}: open {}, breached {}, returned {}",
            unit.code, unit.name, unit.open, unit.breached, unit.bounce_backs
        )?;
    }
    Ok(out)
}

fn detail_text(detail: &api::TicketDetail) -> anyhow::Result<String> {
    let row = &detail.row;
    let mut out = String::new();
    writeln!(out, "ticket {} (version {}) {} · {} · {}", row.id, row.version, row.category_zh, row.status.label_zh(), row.summary)?;
    for entry in &detail.timeline {
        writeln!(out, "  {} {:<10} {}", entry.at, entry.actor, entry.description)?;
    }
    for unit in &detail.unit_deadlines {
        writeln!(out, "  owner {} accepted {} · resolve by {:?}", unit.unit, unit.accepted, unit.resolution_deadline)?;
    }
    Ok(out)
}
