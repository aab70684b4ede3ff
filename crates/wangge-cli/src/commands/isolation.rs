//! `wangge isolation …`: work on the isolation register.
//!
//! - `wangge isolation extend --db DB --id ID --days N [--json]`: moves the planned end and
//!   creates the new follow-up slots (two a day), in one transaction.
//! - `wangge isolation release --db DB --id ID [--json]`
//! - `wangge isolation transfer --db DB --id ID --to-micro-grid CODE [--json]`
//! - `wangge isolation follow-up --db DB --id FOLLOWUP_ID --result seen_well|seen_unwell|missed|not_attempted [--temperature 36.8] [--json]`
//!
//! The caller is `WANGGE_SCOPE` / `WANGGE_ROLE` / `WANGGE_ACCOUNT`, as for every command.

use std::process::ExitCode;

use wangge_api as api;
use wangge_domain::Timestamp;
use wangge_engine::Clock;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: IsolationCommand,
}

#[derive(clap::Subcommand)]
enum IsolationCommand {
    /// Extend an isolation by N days, with the follow-up slots of those days.
    Extend(ExtendArgs),
    /// Release an isolation now (解除隔离).
    Release(IdArgs),
    /// Move an isolation to another micro-grid (e.g. to a centralised site).
    Transfer(TransferArgs),
    /// Record the visit of one follow-up slot.
    FollowUp(FollowUpArgs),
}

#[derive(clap::Args)]
struct IdArgs {
    #[arg(long)]
    db: String,
    /// The isolation.
    #[arg(long)]
    id: i64,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ExtendArgs {
    #[arg(long)]
    db: String,
    #[arg(long)]
    id: i64,
    /// Days added to the planned end.
    #[arg(long)]
    days: u32,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct TransferArgs {
    #[arg(long)]
    db: String,
    #[arg(long)]
    id: i64,
    /// The micro-grid that takes the isolation over.
    #[arg(long = "to-micro-grid", value_name = "CODE")]
    to_micro_grid: String,
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
enum Result_ {
    SeenWell,
    SeenUnwell,
    Missed,
    NotAttempted,
}

#[derive(clap::Args)]
struct FollowUpArgs {
    #[arg(long)]
    db: String,
    /// The follow-up slot.
    #[arg(long)]
    id: i64,
    #[arg(long, value_enum)]
    result: Result_,
    /// Body temperature in °C.
    #[arg(long)]
    temperature: Option<f64>,
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    let now = clock.now();
    match args.command {
        IsolationCommand::Extend(a) => {
            let mut engine = crate::open::engine(&a.db, &clock).await?;
            let scope = engine.scope_from_env()?;
            let changed = engine.extend_isolation(&scope, a.id, a.days, now).await?;
            print_changed(&changed, a.json, "extended")
        }
        IsolationCommand::Release(a) => {
            let mut engine = crate::open::engine(&a.db, &clock).await?;
            let scope = engine.scope_from_env()?;
            let changed = engine.release_isolation(&scope, a.id, now).await?;
            print_changed(&changed, a.json, "released")
        }
        IsolationCommand::Transfer(a) => {
            let mut engine = crate::open::engine(&a.db, &clock).await?;
            let scope = engine.scope_from_env()?;
            let changed = engine.transfer_isolation(&scope, a.id, &a.to_micro_grid, now).await?;
            print_changed(&changed, a.json, "transferred")
        }
        IsolationCommand::FollowUp(a) => {
            let result = match a.result {
                Result_::SeenWell => api::FollowUpResult::SeenWell,
                Result_::SeenUnwell => api::FollowUpResult::SeenUnwell,
                Result_::Missed => api::FollowUpResult::Missed,
                Result_::NotAttempted => api::FollowUpResult::NotAttempted,
            };
            let mut engine = crate::open::engine(&a.db, &clock).await?;
            let scope = engine.scope_from_env()?;
            let recorded = engine.record_follow_up(&scope, a.id, result, a.temperature, now).await?;
            let text = if a.json {
                serde_json::to_string_pretty(&recorded)? + "\n"
            } else {
                let temperature = recorded.temperature_c.map_or(String::new(), |t| format!(" {t:.1}°C"));
                let was = recorded.previous.map_or(String::new(), |p| format!(" (was {})", p.as_str()));
                format!(
                    "follow-up {} of isolation {}: {} {}{temperature}{was}, due {}, {}\n",
                    recorded.follow_up_id,
                    recorded.isolation_id,
                    recorded.result.as_str(),
                    recorded.result.label_zh(),
                    Timestamp(recorded.due_at),
                    if recorded.on_time { "on time" } else { "not on time" }
                )
            };
            crate::commands::print(&text)
        }
    }
}

fn print_changed(changed: &api::IsolationChanged, json: bool, what: &str) -> anyhow::Result<ExitCode> {
    if json {
        return crate::commands::print(&(serde_json::to_string_pretty(changed)? + "\n"));
    }
    let i = &changed.isolation;
    let mut text = format!(
        "isolation {} {what}: {} in {} {} · from {} to {}{} · {} follow-ups ({} overdue)\n",
        i.id,
        i.kind,
        i.micro_grid.code,
        i.micro_grid.name,
        Timestamp(i.started_at),
        Timestamp(i.planned_end),
        i.released_at.map_or(String::new(), |r| format!(" · released {}", Timestamp(r))),
        i.follow_ups,
        i.follow_ups_overdue
    );
    if let Some(end) = changed.previous_planned_end {
        text += &format!("  planned end was {}; {} follow-up slots created\n", Timestamp(end), changed.follow_ups_created.len());
    }
    if let Some(from) = &changed.previous_micro_grid {
        text += &format!("  moved from {} {}\n", from.code, from.name);
    }
    crate::commands::print(&text)
}
