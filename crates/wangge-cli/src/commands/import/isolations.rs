//! `wangge import isolations FILE --db DB [--days N] [--follow-ups HH:MM,HH:MM]
//! [--past-follow-ups] [...]`: the isolation register (身份证号, 隔离类型, 开始时间, 计划解除时间,
//! 解除时间), each isolation counted in the micro-grid of the person's house, with its
//! follow-up slots. The other options are those of `wangge import houses`.

use std::process::ExitCode;

use wangge_engine::registers::{Numbered, Register, RegisterOptions, RegisterRows};
use wangge_registers::IsolationRow;

use super::register::{self, RegisterArgs, RegisterFile};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: RegisterArgs,
    /// Length of an isolation whose row has no planned end, in days.
    #[arg(long, value_name = "N", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..=365))]
    days: u32,
    /// Follow-up slots of each day, China Standard Time.
    #[arg(long, value_name = "HH:MM,...", default_value = "08:00,16:00", value_parser = parse_times)]
    follow_ups: FollowUpTimes,
    /// Also generate the slots before the import; they count as overdue at once.
    #[arg(long)]
    past_follow_ups: bool,
}

/// Seconds after local midnight, one per slot of a day.
#[derive(Debug, Clone)]
struct FollowUpTimes(Vec<u32>);

fn parse_times(text: &str) -> Result<FollowUpTimes, String> {
    let mut times = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let bad = || format!("{part:?} is not a time of day such as 08:00");
        let (h, m) = part.split_once(':').ok_or_else(bad)?;
        let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if h > 23 || m > 59 {
            return Err(bad());
        }
        times.push(h * 3600 + m * 60);
    }
    if times.is_empty() {
        return Err("give at least one time of day, such as 08:00,16:00".into());
    }
    Ok(FollowUpTimes(times))
}

impl RegisterFile for IsolationRow {
    const REGISTER: Register = Register::Isolations;
    fn rows(rows: Vec<Numbered<Self>>) -> RegisterRows {
        RegisterRows::Isolations(rows)
    }
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = RegisterOptions {
        isolation_days: args.days,
        follow_up_times: args.follow_ups.0,
        past_follow_ups: args.past_follow_ups,
        ..RegisterOptions::default()
    };
    register::run::<IsolationRow>(&args.common, options).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_up_times_parse() {
        assert_eq!(parse_times("08:00,16:00").unwrap().0, vec![8 * 3600, 16 * 3600]);
        assert_eq!(parse_times(" 7:30 ").unwrap().0, vec![7 * 3600 + 1800]);
        assert!(parse_times("24:00").is_err());
        assert!(parse_times("8").is_err());
        assert!(parse_times("").is_err());
    }
}
