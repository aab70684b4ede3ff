//! The SLA calendar past 2026 (issue 14, item 11), through the engine and `wangge verify`:
//! a 2027 calendar file dropped into the configuration folder times deadlines across
//! 2026-12-31 by its days; without it the statutory holidays still count and `verify` warns
//! from December; a bad line in the file stops the engine naming the file and the line.

use std::path::Path;
use std::process::Output;

use wangge_domain::sla::LocalDate;
use wangge_domain::Timestamp;

use crate::support::store::block_on;
use crate::support::{demo_in, wangge_at};

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
    match config {
        Some(dir) => wangge_at(now, args, &[("WANGGE_CONFIG_DIR", dir.to_str().unwrap())]),
        None => wangge_at(now, args, &[]),
    }
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Names the database [`engine_deadline_child`] opens; set only for the child.
const CHILD_DB: &str = "WANGGE_CALENDAR_CHILD_DB";

/// The deadline of 9 working hours from Wednesday 2026-12-30 17:00, as an engine opened on
/// `db` with `WANGGE_CONFIG_DIR` set to `config` counts it. The engine reads that variable
/// from its process, and the other tests of this binary open engines too: rather than set it
/// here, the test binary re-runs itself as [`engine_deadline_child`] with it set.
fn deadline(db: &Path, config: Option<&Path>) -> String {
    let mut child = std::process::Command::new(std::env::current_exe().unwrap());
    child.args(["--exact", "calendar_config::engine_deadline_child", "--nocapture", "--test-threads=1"]).env(CHILD_DB, db);
    match config {
        Some(dir) => child.env("WANGGE_CONFIG_DIR", dir),
        None => child.env_remove("WANGGE_CONFIG_DIR"),
    };
    let out = child.output().expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "the child failed: {stdout}{}", stderr_of(&out));
    // libtest prints the test's name first, on the same line.
    let (_, rest) = stdout.split_once("DEADLINE ").unwrap_or_else(|| panic!("no deadline in {stdout}"));
    rest.lines().next().unwrap_or_default().to_owned()
}

/// Does nothing in an ordinary run; as [`deadline`]'s child, prints `DEADLINE <date> <hh:mm>`
/// for the database `WANGGE_CALENDAR_CHILD_DB` names.
#[test]
fn engine_deadline_child() {
    let Some(db) = std::env::var_os(CHILD_DB) else { return };
    let deadline = block_on(async {
        let store = wangge_engine::Store::open_sqlite_file(Path::new(&db)).await.unwrap();
        let engine = wangge_engine::Engine::open(store, Timestamp(DECEMBER)).await.unwrap();
        let start = LocalDate::new(2026, 12, 30).unwrap().start().plus_secs(17 * 3600);
        let end = engine.lifecycle().calendar.add_working_secs(start, 9 * 3600);
        let date = LocalDate::of(end);
        format!("{date} {:02}:{:02}", (end.secs() - date.start().secs()) / 3600, (end.secs() - date.start().secs()) % 3600 / 60)
    });
    println!("DEADLINE {deadline}");
}

#[test]
fn a_2027_calendar_from_the_configuration_folder_and_the_fallback_without_it() {
    let dir = tempfile::tempdir().unwrap();
    // Made in November, as the other CLI tests make theirs.
    let db = std::path::PathBuf::from(demo_in(dir.path(), &[]));
    let db_arg = db.to_str().unwrap();

    // No 2027 file: 元旦 (Friday) is still a holiday, so Thursday's 7 h 30 and Monday's first
    // hour finish the nine; and from December `verify` says the calendar is missing.
    assert_eq!(deadline(&db, None), "2027-01-04 09:30");
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
    assert_eq!(deadline(&db, Some(&config)), "2027-01-05 09:30");
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
}
