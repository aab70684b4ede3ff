//! Two `wangge simulate` processes on one SQLite file with the same seed propose the same
//! changes to the same records: whichever stores second meets a version conflict, and must
//! decide again on fresh data instead of exiting. Both finish their count, and `verify` agrees.

use std::process::Stdio;

use crate::support::{command, small_demo};

#[test]
fn two_simulators_on_one_file_retry_their_conflicts_and_both_finish() {
    let (_dir, db) = small_demo();
    let db = db.as_str();

    let run = || {
        command(&["simulate", "--db", db, "--count", "60", "--rate", "1000", "--seed", "4"], &[])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (run(), run());
    let mut retried = 0;
    for child in [first, second] {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "a simulator exited: {stderr}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 60, "{stderr}");
        retried += stderr.matches("trying again").count();
    }
    eprintln!("{retried} retries between the two simulators");
    let verify = command(&["verify", "--db", db], &[]).output().unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
}
