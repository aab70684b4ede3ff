//! `wangge landlords …`: rental housing and the 房东十二分制.
//!
//! - `wangge landlords list --db DB [--node CODE] [--standing five_good|red|ordinary|black] [--json]`:
//!   the node's rental figures and its 红黑榜 (the export: `wangge export landlords`).
//! - `wangge landlords show --db DB --id PERSON_ID [--json]`: one landlord's let houses and
//!   scoring events.
//! - `wangge landlords score --db DB --id PERSON_ID --house HOUSE_ID --item "事项" --reason "原因" [--json]`:
//!   records a scoring event by an item of the rule file in force.
//!
//! The caller is `WANGGE_SCOPE` / `WANGGE_ROLE` / `WANGGE_ACCOUNT`, as for every command.

use std::fmt::Write as _;
use std::process::ExitCode;

use wangge_api as api;
use wangge_engine::Clock;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: LandlordCommand,
}

#[derive(clap::Subcommand)]
enum LandlordCommand {
    /// The rental figures of a node and its landlords by standing (红黑榜).
    List(ListArgs),
    /// One landlord's let houses and scoring events.
    Show(ShowArgs),
    /// Record a scoring event (加分/扣分) by an item of the rule file.
    Score(ScoreArgs),
}

#[derive(clap::Args)]
struct ListArgs {
    #[arg(long)]
    db: String,
    #[arg(long)]
    node: Option<String>,
    /// five_good, red (五好房东 included), ordinary or black.
    #[arg(long)]
    standing: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ShowArgs {
    #[arg(long)]
    db: String,
    /// The landlord (a person's id).
    #[arg(long)]
    id: i64,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ScoreArgs {
    #[arg(long)]
    db: String,
    /// The landlord (a person's id).
    #[arg(long)]
    id: i64,
    /// The let house the event concerns.
    #[arg(long)]
    house: i64,
    /// The item's wording, as the rule file has it.
    #[arg(long)]
    item: String,
    #[arg(long)]
    reason: String,
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    let text = match args.command {
        LandlordCommand::List(a) => {
            let engine = crate::open::engine(&a.db, &clock).await?;
            let scope = engine.scope_from_env()?;
            let board = engine.rental_board(&scope, &api::RentalQuery { node: a.node, standing: a.standing }, clock.now())?;
            if a.json {
                serde_json::to_string_pretty(&board)? + "\n"
            } else {
                board_text(&board)?
            }
        }
        LandlordCommand::Show(a) => {
            let engine = crate::open::engine(&a.db, &clock).await?;
            let detail = engine.landlord_detail(&engine.scope_from_env()?, a.id, clock.now())?;
            if a.json {
                serde_json::to_string_pretty(&detail)? + "\n"
            } else {
                detail_text(&detail)?
            }
        }
        LandlordCommand::Score(a) => {
            let mut engine = crate::open::engine(&a.db, &clock).await?;
            let scope = engine.scope_from_env()?;
            let form = api::LandlordScoreForm { landlord_id: a.id, house_id: a.house, item: a.item, reason: a.reason };
            let scored = engine.score_landlord(&scope, &form, clock.now()).await?;
            if a.json {
                serde_json::to_string_pretty(&scored)? + "\n"
            } else {
                let l = &scored.detail.landlord;
                format!("{}：{} 分 → {} 分（{}）\n", l.name, scored.score_before, l.score, l.standing_label)
            }
        }
    };
    crate::commands::print(&text)
}

fn board_text(board: &api::RentalBoard) -> anyhow::Result<String> {
    let mut out = String::new();
    writeln!(
        out,
        "{}（{}）出租房 {} 户，房间 {} 间，登记租客 {} 人；红榜房东 {} 户，黑榜房东 {} 户",
        board.node.name,
        board.node.code,
        board.rental_houses,
        board.rental_rooms,
        board.tenants,
        board.landlords_red_listed,
        board.landlords_black_listed
    )?;
    let standings: Vec<String> = board.standings.iter().map(|s| format!("{} {} 人", s.label, s.landlords)).collect();
    writeln!(out, "{}", standings.join("，"))?;
    for l in &board.landlords {
        let houses: Vec<&str> = l.houses.iter().map(|h| h.address.as_str()).collect();
        writeln!(out, "{:>8} {:<6} {:>3} 分 {:<6} {}", l.id, l.name, l.score, l.standing_label, houses.join("；"))?;
    }
    Ok(out)
}

fn detail_text(detail: &api::LandlordDetail) -> anyhow::Result<String> {
    let mut out = String::new();
    let l = &detail.landlord;
    writeln!(out, "{}（{}）{} 分，{}；本年加 {} 分，扣 {} 分", l.name, l.id, l.score, l.standing_label, l.added, l.deducted)?;
    for h in &l.houses {
        writeln!(out, "  出租房 {} {}（{}）{} 间，租客 {} 人", h.id, h.address, h.place, h.rooms, h.tenants)?;
    }
    for m in &detail.marks {
        let at = wangge_domain::Timestamp(m.recorded_at);
        let counted = if m.counts { "" } else { "（不计入本年）" };
        writeln!(out, "  {at} {} {:+} {} — {}（{}）{counted}", m.duty, m.points, m.item, m.reason, m.recorded_by)?;
    }
    Ok(out)
}
