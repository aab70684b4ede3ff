//! `wangge audit --db DB [--entity KIND] [--id ID] [--actor ACCOUNT] [--limit N] [--json]`:
//! the append-only audit trail within the signed-in scope, newest first.

use wangge_api as api;
use wangge_engine::Clock;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    db: String,
    /// ticket, task, task_item, isolation, follow_up, enterprise, house, person.
    #[arg(long)]
    entity: Option<String>,
    #[arg(long)]
    id: Option<i64>,
    #[arg(long)]
    actor: Option<String>,
    #[arg(long, default_value_t = 50)]
    limit: u32,
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> anyhow::Result<std::process::ExitCode> {
    let clock = Clock::from_env()?;
    let engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let filter =
        api::AuditFilter { entity: args.entity, entity_id: args.id, actor: args.actor, from: None, to: None, limit: Some(args.limit) };
    let rows = engine.audit(&scope, &filter).await?;
    let text = if args.json {
        serde_json::to_string_pretty(&rows)? + "\n"
    } else {
        rows.iter().map(|r| format!("{}\t{}\t{}\t{} {}\t{}\n", r.seq, r.at, r.actor, r.entity, r.entity_id, r.summary)).collect()
    };
    crate::commands::print(&text)
}
