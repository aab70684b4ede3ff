//! `wangge reassign --db DB --ticket ID [--ticket ID …] --to UNIT --reason TEXT [--from UNIT]`:
//! 改派 as the signed-in commander, all or nothing. Each ticket is moved from the version
//! read when the command starts; a change by somebody else in between is a conflict.

use wangge_api as api;
use wangge_engine::Clock;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    db: String,
    #[arg(long = "ticket", required = true)]
    tickets: Vec<i64>,
    #[arg(long)]
    to: String,
    #[arg(long)]
    reason: String,
    /// The owner to move the work from, for a ticket with several (co-dispatched) owners.
    #[arg(long)]
    from: Option<String>,
}

pub async fn run(args: Args) -> anyhow::Result<std::process::ExitCode> {
    let clock = Clock::from_env()?;
    let mut engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let mut tickets = Vec::with_capacity(args.tickets.len());
    for id in &args.tickets {
        let version =
            engine.district().tickets.get(id).map(|t| t.version).ok_or_else(|| anyhow::anyhow!("--ticket: ticket {id} does not exist"))?;
        tickets.push(api::TicketVersion { id: *id, version });
    }
    let request = api::Reassign { tickets, from_unit: args.from, to_unit: args.to, reason: args.reason };
    let moved = engine.reassign(&scope, &request, clock.now()).await?;
    let mut text = String::new();
    for row in moved {
        text.push_str(&format!("{}\tv{}\t{}\n", row.id, row.version, row.owners.join(",")));
    }
    crate::commands::print(&text)
}
