//! `wangge import houses FILE --db DB [--sheet NAME] [--encoding gbk|utf-8] [--mapping F]
//! [--save-mapping F] [--good-rows --rejected F] [--errors F] [--dry-run] [--json]`: the house
//! register (房屋编码, 地址, 经度, 纬度), each house placed in its micro-grid by its coordinates.

use std::process::ExitCode;

use wangge_engine::registers::{Numbered, Register, RegisterOptions, RegisterRows};
use wangge_registers::HouseRow;

use super::register::{self, RegisterArgs, RegisterFile};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: RegisterArgs,
}

impl RegisterFile for HouseRow {
    const REGISTER: Register = Register::Houses;
    fn rows(rows: Vec<Numbered<Self>>) -> RegisterRows {
        RegisterRows::Houses(rows)
    }
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    register::run::<HouseRow>(&args.common, RegisterOptions::default()).await
}
