//! The SLA calendar past 2026 (issue 14, item 11), through the engine and `wangge verify`:
//! a 2027 calendar file dropped into the configuration folder times deadlines across
//! 2026-12-31 by its days; without it the statutory holidays still count and `verify` warns
//! from December; a bad line in the file stops the engine naming the file and the line.

use std::path::Path;
use std::process::{Command, Output};

use wangge_domain::sla::LocalDate;
use wangge_domain::Timestamp;

/// 2026-12-05T10:00:00+08:00: December, when next year's calendar is due.
const DECEMBER: i64 = 1_796_436_000;
/// 2026-11-23T10:00:00+08:00.
const NOVEMBER: i64 = 1_795_399_200;

/// A 2027 file as a district would add it; its 元旦 (Friday to Monday) is this test's own
/// choice, so that a deadline can only land where it does by reading the file.
const CAL_2027: &str = "\
# 2027, added by the district
year 2027
hours 08:30-12:00 13:30-17:30
holiday 2027-01-01 2027-01-04   元旦
holiday 2027-02-05 2027-02-11   春节
workday 2027-02-20              春节调休
";

fn wangge(args: &[&str], now: i64, config: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wangge"));
    command.args(args).env("WANGGE_NOW", now.to_string()).env_remove("WANGGE_SCOPE").env_remove("WANGGE_ROLE");
    match config {
        Some(dir) => command.env("WANGGE_CONFIG_DIR", dir),
        None => command.env_remove("WANGGE_CONFIG_DIR"),
    };
    command.output().expect("wangge runs")
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The deadline of 9 working hours from Wednesday 2026-12-30 17:00, as the engine opened
/// on `db` (with `WANGGE_CONFIG_DIR` as set) counts it.
fn deadline(db: &Path) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let store = wangge_engine::Store::open_sqlite_file(db).await.unwrap();
        let engine = wangge_engine::Engine::open(store, Timestamp(DECEMBER)).await.unwrap();
        let start = LocalDate::new(2026, 12, 30).unwrap().start().plus_secs(17 * 3600);
        let end = engine.lifecycle().calendar.add_working_secs(start, 9 * 3600);
        let date = LocalDate::of(end);
        format!("{date} {:02}:{:02}", (end.secs() - date.start().secs()) / 3600, (end.secs() - date.start().secs()) % 3600 / 60)
    })
}

#[test]
fn a_2027_calendar_from_the_configuration_folder_and_the_fallback_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("district.db");
    let db_arg = db.to_str().unwrap();
    let demo = wangge(&["demo", "--db", db_arg, "--seed", "7", "--scale", "small"], NOVEMBER, None);
    assert!(demo.status.success(), "{}", stderr_of(&demo));

    // No 2027 file: 元旦 (Friday) is still a holiday, so Thursday's 7 h 30 and Monday's first
    // hour finish the nine; and from December `verify` says the calendar is missing.
    std::env::remove_var("WANGGE_CONFIG_DIR");
    assert_eq!(deadline(&db), "2027-01-04 09:30");
    let verify = wangge(&["verify", "--db", db_arg], DECEMBER, None);
    assert!(verify.status.success(), "{}", stderr_of(&verify));
    let warning = stderr_of(&verify);
    assert!(warning.contains("no working calendar for 2027") && warning.contains("make-up"), "{warning}");
    let november = wangge(&["verify", "--db", db_arg], NOVEMBER, None);
    assert!(!stderr_of(&november).contains("working calendar"), "no warning before December: {}", stderr_of(&november));

    // The file dropped into the configuration folder: its Monday off moves the deadline to
    // Tuesday, and the warning is gone.
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("calendars")).unwrap();
    std::fs::write(config.join("calendars/2027.txt"), CAL_2027).unwrap();
    std::env::set_var("WANGGE_CONFIG_DIR", &config);
    assert_eq!(deadline(&db), "2027-01-05 09:30");
    let verify = wangge(&["verify", "--db", db_arg], DECEMBER, Some(&config));
    assert!(verify.status.success(), "{}", stderr_of(&verify));
    assert!(!stderr_of(&verify).contains("working calendar"), "{}", stderr_of(&verify));

    // Checked like the bundled files: a bad line is named with its file and line.
    std::fs::write(config.join("calendars/2027.txt"), CAL_2027.replace("2027-02-20", "2027-02-30")).unwrap();
    let refused = wangge(&["verify", "--db", db_arg], DECEMBER, Some(&config));
    assert!(!refused.status.success());
    let message = stderr_of(&refused);
    assert!(message.contains("calendars/2027.txt") && message.contains("line 6") && message.contains("2027-02-30"), "{message}");
    // And a file named for another year than it declares.
    std::fs::write(config.join("calendars/2027.txt"), CAL_2027.replace("year 2027", "year 2028")).unwrap();
    let misnamed = stderr_of(&wangge(&["verify", "--db", db_arg], DECEMBER, Some(&config)));
    assert!(misnamed.contains("2027.txt") && misnamed.contains("year 2028"), "{misnamed}");
    std::env::remove_var("WANGGE_CONFIG_DIR");
}
