//! `wangge reassign --db DB --ticket ID [--ticket ID …] --to UNIT --reason TEXT [--from UNIT]`:
//! 改派 as the signed-in commander, all or nothing. Each ticket is moved from the version
//! read when the command starts; a change by somebody else in between is a conflict.
//! Against a server (`--db http://… --as NAME`) it signs in and moves them there, as that account.

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
    /// Against a server (`--db http://…`): the account to sign in as; the password is read
    /// from standard input (or `WANGGE_PASSWORD`). The server audits the move under it.
    #[arg(long = "as", value_name = "NAME")]
    as_name: Option<String>,
}

pub async fn run(args: Args) -> anyhow::Result<std::process::ExitCode> {
    if crate::remote::is_server(&args.db) {
        let remote = crate::remote::Remote::sign_in(&args.db, args.as_name.as_deref()).await?;
        let mut tickets = Vec::with_capacity(args.tickets.len());
        for id in &args.tickets {
            let detail: api::TicketDetail = remote.call(api::commands::TICKET_DETAIL, &serde_json::json!({ "id": id })).await?;
            tickets.push(api::TicketVersion { id: *id, version: detail.row.version });
        }
        let request = api::Reassign { tickets, from_unit: args.from, to_unit: args.to, reason: args.reason };
        let moved: Vec<api::TicketRow> = remote.call(api::commands::REASSIGN, &serde_json::json!({ "request": request })).await?;
        return crate::commands::print(&moved_lines(&moved));
    }
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
    crate::commands::print(&moved_lines(&moved))
}

/// One line per ticket moved: its id, new version and owners.
fn moved_lines(moved: &[api::TicketRow]) -> String {
    moved.iter().map(|row| format!("{}\tv{}\t{}\n", row.id, row.version, row.owners.join(","))).collect()
}
