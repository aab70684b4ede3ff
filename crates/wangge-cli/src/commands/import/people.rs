//! `wangge import people FILE --db DB [...]`: the population register (姓名, 身份证号, 电话,
//! 房屋编码 or 地址, and optionally 工作单位), each person registered at a house of the house
//! register and linked to the enterprise of the enterprise register that bears the workplace's
//! name. The options are those of `wangge import houses`.

use std::process::ExitCode;

use wangge_engine::registers::{Numbered, Register, RegisterOptions, RegisterRows};
use wangge_registers::PersonRow;

use super::register::{self, RegisterArgs, RegisterFile};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: RegisterArgs,
}

impl RegisterFile for PersonRow {
    const REGISTER: Register = Register::People;
    fn rows(rows: Vec<Numbered<Self>>) -> RegisterRows {
        RegisterRows::People(rows)
    }
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    register::run::<PersonRow>(&args.common, RegisterOptions::default()).await
}
