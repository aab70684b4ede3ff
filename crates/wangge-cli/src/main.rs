//! `wangge`: the command line over the engine. Each subcommand parses its arguments, calls
//! engine operations and prints; the behaviour lives in `wangge-engine`. A command's result
//! goes to stdout; what it says besides goes to stderr through [`output`].

mod commands;
mod open;
mod output;
mod progress;
mod remote;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "wangge", version, about = "Grid-governance command centre (网格化社会治理指挥中心)")]
struct Cli {
    /// Say more on stderr: -v notes and timings, -vv debugging, -vvv everything (RUST_LOG, when set, decides instead).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    /// Say nothing on stderr but errors: no warnings, progress or summaries (results still go to stdout).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the demo district (南湖区) in a database.
    Demo(commands::demo::Args),
    /// Print a node's figures, its level counts and its children's figures.
    Stats(commands::stats::Args),
    /// Recompute every figure of every node from the records; exit 1 on any difference.
    Verify(commands::verify::Args),
    /// Commit a stream of realistic changes, as other seats would.
    Simulate(commands::simulate::Args),
    /// Serve the district over HTTP until Ctrl-C: the seats' API and live feed, the browser UI, and Open311 GeoReport v2.
    Serve(commands::serve::Args),
    /// The work board: tickets by place, unit, status and SLA state, or one ticket's timeline.
    Tickets(commands::tickets::Args),
    /// Move tickets to another unit (改派), with a reason; commanders only.
    Reassign(commands::reassign::Args),
    /// The audit trail: who changed what, when, before and after.
    Audit(commands::audit::Args),
    /// Import a file from outside (a hotline export, a register) in one transaction, all rows or none.
    Import(commands::import::Args),
    /// Screening batches (排查任务): import a list split by grid, record outcomes, reassign, progress.
    Task(commands::task::Args),
    /// Accounts of the seats: add, list, disable, reset-password (passwords from standard input).
    User(commands::user::Args),
    /// Keys of the Open311 clients: add (printed once), list, revoke.
    ApiKey(commands::api_key::Args),
    /// The isolation register: extend, release, transfer an isolation; record a follow-up.
    Isolation(commands::isolation::Args),
    /// Enterprise resumption per sector and size class, or one enterprise with its demands.
    Enterprises(commands::enterprises::Args),
    /// Rental housing: the 红黑榜 of a node, one landlord's record, a scoring event (房东十二分制).
    Landlords(commands::landlords::Args),
    /// Export a register (houses, people, isolations, follow-ups, enterprises, tickets, the landlords' 红黑榜) within the scope to CSV or XLSX.
    Export(commands::export::Args),
    /// Briefings (每日简报) of a node for a day as PNG, SVG and PDF, optionally one per child.
    Brief(commands::brief::Args),
    /// Which place (micro-grid) a longitude/latitude lies in, with the way down to it.
    Locate(commands::locate::Args),
    /// Four-colour warnings (四色预警): the level of each child of a node, with the reason.
    Warnings(commands::warnings::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    output::init(output::Verbosity { verbose: cli.verbose, quiet: cli.quiet }, matches!(cli.command, Command::Serve(_)));
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        let outcome = match cli.command {
            Command::Demo(args) => commands::demo::run(args).await,
            Command::Stats(args) => commands::stats::run(args).await,
            Command::Verify(args) => commands::verify::run(args).await,
            Command::Simulate(args) => commands::simulate::run(args).await,
            Command::Serve(args) => commands::serve::run(args).await,
            Command::Tickets(args) => commands::tickets::run(args).await,
            Command::Reassign(args) => commands::reassign::run(args).await,
            Command::Audit(args) => commands::audit::run(args).await,
            Command::Import(args) => commands::import::run(args).await,
            Command::Task(args) => commands::task::run(args).await,
            Command::User(args) => commands::user::run(args).await,
            Command::ApiKey(args) => commands::api_key::run(args).await,
            Command::Isolation(args) => commands::isolation::run(args).await,
            Command::Enterprises(args) => commands::enterprises::run(args).await,
            Command::Landlords(args) => commands::landlords::run(args).await,
            Command::Export(args) => commands::export::run(args).await,
            Command::Warnings(args) => commands::warnings::run(args).await,
            Command::Locate(args) => commands::locate::run(args).await,
            Command::Brief(args) => commands::brief::run(args).await,
        };
        open::close_all().await;
        outcome
    });
    match outcome {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
