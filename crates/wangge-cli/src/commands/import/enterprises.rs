//! `wangge import enterprises FILE --db DB [...]`: the enterprise register (企业名称, 行业,
//! 规上, 职工人数, 复工状态, 复工日期, 返岗人数, and 经度/纬度, 房屋编码 or 地址), each
//! enterprise placed by its coordinates, else through the house register. The options are
//! those of `wangge import houses`.

use std::process::ExitCode;

use wangge_engine::registers::{Numbered, Register, RegisterOptions, RegisterRows};
use wangge_registers::EnterpriseRow;

use super::register::{self, RegisterArgs, RegisterFile};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: RegisterArgs,
}

impl RegisterFile for EnterpriseRow {
    const REGISTER: Register = Register::Enterprises;
    fn rows(rows: Vec<Numbered<Self>>) -> RegisterRows {
        RegisterRows::Enterprises(rows)
    }
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    register::run::<EnterpriseRow>(&args.common, RegisterOptions::default()).await
}
