//! `wangge import KIND FILE --db DB ...`: files from outside (hotline exports, the house,
//! resident, isolation and enterprise registers read by `wangge-registers`; GeoJSON
//! boundaries read by `wangge-geoimport`) stored through the engine in one transaction,
//! all rows or none.
//!
//! One variant of [`ImportKind`] per kind of record, each in its own module with its own
//! arguments; [`file`] holds what every kind shares (the file's options, the column mapping,
//! refused rows and the rejected-rows report).

pub mod boundaries;
pub mod enterprises;
pub mod file;
pub mod houses;
pub mod isolations;
pub mod people;
pub mod register;
pub mod rentals;
pub mod tickets;

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub kind: ImportKind,
}

#[derive(clap::Subcommand)]
pub enum ImportKind {
    /// Hotline / 311 exports (CSV, TSV, XLSX) as tickets: placed by coordinates, else by
    /// address, else left in triage.
    Tickets(tickets::Args),
    /// The house register (房屋编码, 地址, 经度/纬度): each house placed by its coordinates.
    Houses(houses::Args),
    /// The population register (姓名, 身份证号, 电话, 房屋编码 or 地址): each person at a house.
    People(people::Args),
    /// The isolation register (身份证号, 隔离类型, 开始/计划解除时间), with follow-up slots.
    Isolations(isolations::Args),
    /// The enterprise register (企业名称, 行业, 规上, 职工人数, 复工状态...): placed by
    /// coordinates, else by house code or address.
    Enterprises(enterprises::Args),
    /// The rental register (房屋编码 or 地址, 出租间数, 房东身份证号): houses let to landlords.
    Rentals(rentals::Args),
    /// Boundaries (GeoJSON, WGS84 or GCJ-02) of one level: checked, reported, then stored
    /// with a validity date; redrawn figures keep their old versions.
    Boundaries(boundaries::Args),
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.kind {
        ImportKind::Tickets(args) => tickets::run(args).await,
        ImportKind::Houses(args) => houses::run(args).await,
        ImportKind::People(args) => people::run(args).await,
        ImportKind::Isolations(args) => isolations::run(args).await,
        ImportKind::Enterprises(args) => enterprises::run(args).await,
        ImportKind::Rentals(args) => rentals::run(args).await,
        ImportKind::Boundaries(args) => boundaries::run(args).await,
    }
}
