//! `wangge import rentals FILE --db DB [...]`: the rental register (房屋编码 or 地址, 出租间数,
//! 房东身份证号, optionally 房东姓名): each house of the house register let with its rooms to a
//! landlord of the population register. The options are those of `wangge import houses`.

use std::process::ExitCode;

use wangge_engine::registers::{Numbered, Register, RegisterOptions, RegisterRows};
use wangge_registers::RentalRow;

use super::register::{self, RegisterArgs, RegisterFile};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: RegisterArgs,
}

impl RegisterFile for RentalRow {
    const REGISTER: Register = Register::Rentals;
    fn rows(rows: Vec<Numbered<Self>>) -> RegisterRows {
        RegisterRows::Rentals(rows)
    }
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    register::run::<RentalRow>(&args.common, RegisterOptions::default()).await
}
