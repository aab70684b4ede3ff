//! `wangge api-key add|list|revoke --db DB …`: the keys Open311 clients file requests with,
//! one per client (a 12345 hotline bridge, a city app), so one can be revoked alone and each
//! ticket's audit row names the client that filed it. The key is printed once, on standard
//! output, and only its digest is stored. Like `wangge user`, it works on the database file
//! without sign-in; what it does is logged under `--as NAME`, else the system account.

use std::process::ExitCode;

use wangge_engine::accounts::Accounts;
use wangge_engine::Clock;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Issue a key to a new client; the key is printed once.
    Add(Client),
    /// List the clients, with when their keys were issued and revoked.
    List(List),
    /// Stop accepting a client's key (its tickets keep its name).
    Revoke(Client),
}

#[derive(clap::Args)]
struct Client {
    #[arg(long)]
    db: String,
    /// The client's name, as the audit trail will show it (e.g. 12345热线).
    #[arg(long)]
    client: String,
    /// The account the change is logged under (default: system).
    #[arg(long = "as", value_name = "NAME")]
    actor: Option<String>,
}

#[derive(clap::Args)]
struct List {
    #[arg(long)]
    db: String,
    /// One JSON array instead of a table.
    #[arg(long)]
    json: bool,
}

const SYSTEM: &str = "system";

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    match args.command {
        Command::Add(client) => {
            let accounts = Accounts::new(crate::open::store(&client.db).await?);
            let key = accounts.issue_open311_key(client.actor.as_deref().unwrap_or(SYSTEM), &client.client, clock.now()).await?;
            eprintln!("已为接口客户端 {} 签发密钥（只显示这一次，请交给对方妥善保存）：", client.client);
            crate::commands::print(&format!("{key}\n"))
        }
        Command::List(list) => {
            let accounts = Accounts::new(crate::open::store(&list.db).await?);
            let clients = accounts.open311_clients().await?;
            let text = if list.json {
                serde_json::to_string_pretty(&clients)? + "\n"
            } else {
                clients
                    .iter()
                    .map(|c| {
                        let state = c.revoked_at.map_or_else(|| "有效".to_owned(), |at| format!("已吊销 {}", at.rfc3339()));
                        format!("{}\t签发于 {}\t{state}\n", c.name, c.created_at.rfc3339())
                    })
                    .collect()
            };
            crate::commands::print(&text)
        }
        Command::Revoke(client) => {
            let accounts = Accounts::new(crate::open::store(&client.db).await?);
            accounts.revoke_open311_key(client.actor.as_deref().unwrap_or(SYSTEM), &client.client, clock.now()).await?;
            eprintln!("已吊销接口客户端 {} 的密钥", client.client);
            Ok(ExitCode::SUCCESS)
        }
    }
}
