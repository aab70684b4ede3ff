//! A writer killed with SIGKILL mid-stream loses no change whose commit had returned.
//!
//! The test binary re-runs itself as the writer: `durability::writer_child` does nothing in an ordinary
//! run, and commits edits forever, printing `ACK <seq> <n>` after each acknowledged commit,
//! when `WANGGE_STORE_DURABILITY_CHILD_URL` names a database. The parent reads the
//! acknowledgements, kills the child, reopens the database and finds every one of them.

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use wangge_domain::Change;
use wangge_store::Store;

use crate::support::district::{small, t};
use crate::support::pg::PgDb;
use crate::support::TempDb;

const CHILD_URL: &str = "WANGGE_STORE_DURABILITY_CHILD_URL";
/// How many acknowledgements the parent waits for before it kills the writer.
const ACKS_BEFORE_KILL: usize = 150;

/// The n-th edit the writer makes: ticket 1 with a summary naming n.
fn edit(n: u64) -> Change {
    let mut ticket = small().tickets[&1].clone();
    ticket.summary = format!("edit {n}");
    // Each stored change of a ticket raises its version by one.
    ticket.version += n as i64 + 1;
    Change::Ticket(ticket)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writer_child() {
    let Ok(url) = std::env::var(CHILD_URL) else {
        return;
    };
    let store = Store::open(&url).await.expect("the child opens the store");
    let mut stdout = std::io::stdout();
    for n in 0.. {
        let seq = store.commit("durability-child", t(12), &edit(n)).await.expect("the child commits");
        writeln!(stdout, "ACK {seq} {n}").and_then(|()| stdout.flush()).expect("the parent listens");
    }
}

async fn killed_writer_loses_nothing_acknowledged(url: &str) {
    let store = Store::open(url).await.unwrap();
    store.save_district(&small(), &mut |_, _, _| {}).await.unwrap();
    store.close().await;

    let exe = std::env::current_exe().unwrap();
    let mut child = tokio::process::Command::new(exe)
        .args(["--exact", "durability::writer_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_URL, url)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut acks: Vec<(i64, u64)> = Vec::new();
    let parse = |line: &str| -> Option<(i64, u64)> {
        let mut words = line.strip_prefix("ACK ")?.split(' ');
        Some((words.next()?.parse().ok()?, words.next()?.parse().ok()?))
    };
    let reading = async {
        while acks.len() < ACKS_BEFORE_KILL {
            match lines.next_line().await.unwrap() {
                Some(line) => acks.extend(parse(&line)),
                None => panic!("the writer ended before it was killed, after {} acks", acks.len()),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(120), reading).await.expect("the writer acknowledges commits");
    child.start_kill().unwrap(); // SIGKILL: no destructor, no flush, no clean close.
    let status = child.wait().await.unwrap();
    assert!(!status.success(), "the writer was killed, not finished: {status:?}");
    // Acknowledgements printed between the last read and the kill count too.
    while let Some(line) = lines.next_line().await.unwrap() {
        acks.extend(parse(&line));
    }

    let store = Store::open(url).await.unwrap();
    let log = store.changes_since(0, i64::MAX).await.unwrap();
    for (seq, n) in &acks {
        let record = log.iter().find(|r| r.seq == *seq).unwrap_or_else(|| panic!("acknowledged seq {seq} is lost"));
        assert_eq!(record.change, edit(*n), "seq {seq}");
    }
    // The table agrees with the log: the ticket is as the last logged change left it.
    let (district, last_seq) = store.load_district().await.unwrap();
    let last = log.last().unwrap();
    assert_eq!(last_seq, last.seq);
    assert_eq!(Change::Ticket(district.tickets[&1].clone()), last.change);
    eprintln!("{} acknowledged, {} stored, last seq {last_seq}", acks.len(), log.len());
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_writer_loses_nothing_acknowledged_on_sqlite() {
    let db = TempDb::new("durability");
    killed_writer_loses_nothing_acknowledged(&db.url()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_writer_loses_nothing_acknowledged_on_postgres() {
    let Some(db) = PgDb::create("durability").await else {
        return;
    };
    killed_writer_loses_nothing_acknowledged(&db.url).await;
    db.drop_database().await;
}
