//! A seat through outages: PostgreSQL restarted under a running `wangge serve` (every
//! connection cut, as a crash or a failover does), then the server killed with SIGKILL while
//! another process writes, and started again. The seat stays on its feed through the first
//! and reconnects after the second; at the end its figures equal a fresh read, the change-log
//! numbers it heard never went back, and `wangge verify` passes.
//!
//! The PostgreSQL server is one of the test's own (the shared one serves other tests at the
//! same time), started and restarted by `scripts/test-postgres.sh`.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use serde_json::Value;
use wangge_store::Store;

use crate::support::live::{figures_of, strictly_rising, try_submit, Seat, GUARD};
use crate::support::server::{demo_with_commander, serve_with, sign_in};
use crate::support::{ok, stats, verify, wangge};

const PASSWORD: &str = "夜间值守-断线重连-2026";
const ACCOUNT: &str = "zhiban";

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/test-postgres.sh")
}

/// A PostgreSQL server of this test's own, stopped and removed when dropped.
struct OwnPostgres {
    url: String,
    dir: String,
}

impl OwnPostgres {
    /// Started where the suite has PostgreSQL (`WANGGE_TEST_PG_URL` set); `None` elsewhere,
    /// as every PostgreSQL test of the suite.
    fn start() -> Option<OwnPostgres> {
        std::env::var("WANGGE_TEST_PG_URL").ok()?;
        let out = Command::new(script()).arg("start").env_remove("WANGGE_TEST_PG_URL").env_remove("WANGGE_TEST_PG_DIR").output().unwrap();
        assert!(out.status.success(), "test-postgres.sh start: {}", String::from_utf8_lossy(&out.stderr));
        let exports = String::from_utf8(out.stdout).unwrap();
        let var = |name: &str| {
            exports.lines().find_map(|l| l.strip_prefix(&format!("export {name}="))).unwrap_or_else(|| panic!("{exports}")).to_owned()
        };
        Some(OwnPostgres { url: var("WANGGE_TEST_PG_URL"), dir: var("WANGGE_TEST_PG_DIR") })
    }
}

fn restart_postgres(dir: &str) {
    let out = Command::new(script()).args(["restart", dir]).output().unwrap();
    assert!(out.status.success(), "test-postgres.sh restart: {}", String::from_utf8_lossy(&out.stderr));
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let _ = Command::new(script()).args(["stop", &self.dir]).output();
    }
}

/// Files a ticket through the server, again and again while the server or PostgreSQL is not
/// there to take it, until it is taken.
async fn submit_until_taken(client: &reqwest::Client, address: &str, token: &str, micro_grid: &str, summary: String) -> usize {
    let started = Instant::now();
    let mut refused = 0;
    loop {
        let (status, body) = try_submit(client, address, token, micro_grid, &summary).await;
        if status == 200 {
            return refused;
        }
        refused += 1;
        assert!(started.elapsed() < GUARD, "not taken within the guard; last answer {status}: {body}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seat_ends_equal_to_a_fresh_read_after_postgresql_restarts_and_the_server_is_killed() {
    let Some(pg) = blocking(OwnPostgres::start).await else { return };
    let url = pg.url.clone();
    let root = blocking({
        let url = url.clone();
        move || demo_with_commander(&url, 11, ACCOUNT, PASSWORD)
    })
    .await;
    let store = Store::open(&url).await.unwrap();
    let micro_grid = {
        let (district, _) = store.load_district().await.unwrap();
        district.houses.values().min_by_key(|h| h.id).unwrap().micro_grid.0.clone()
    };
    let limits = ["--writes-per-second", "10000", "--reads-per-second", "10000"];
    let (server, address, _) = serve_with(&url, &limits);
    let client = reqwest::Client::new();
    let session = sign_in(&client, &address, ACCOUNT, PASSWORD).await;
    let token = session["token"].as_str().unwrap_or_else(|| panic!("{session}")).to_owned();
    let mut seat = Seat::connect(&address, &token).await;

    for k in 0..3 {
        submit_until_taken(&client, &address, &token, &micro_grid, format!("断线前第 {k} 件")).await;
    }
    seat.until(store.last_seq().await.unwrap()).await;

    // PostgreSQL restarts under the running server: its pool and its LISTEN connection are
    // cut. A write it cannot take meanwhile is sent again until taken; the seat's feed goes on.
    blocking({
        let dir = pg.dir.clone();
        move || restart_postgres(&dir)
    })
    .await;
    let mut refused = 0;
    for k in 0..5 {
        refused += submit_until_taken(&client, &address, &token, &micro_grid, format!("数据库重启后第 {k} 件")).await;
    }
    let after_restart = store.last_seq().await.unwrap();
    seat.until(after_restart).await;
    let heard_before_kill = seat.seqs("log-advanced");
    assert!(strictly_rising(&heard_before_kill), "{heard_before_kill:?}");
    assert_eq!(seat.figures(), figures_of(&blocking_stats(&url, &root).await), "the seat shows what the records say");

    // The server is killed; another process writes meanwhile; a new server starts and the
    // seat, signed in as before (sessions live in the database), reconnects to it.
    drop(server);
    blocking({
        let url = url.clone();
        move || ok(wangge(&["simulate", "--db", &url, "--count", "20", "--rate", "1000", "--seed", "5"], &[]))
    })
    .await;
    let while_down = store.last_seq().await.unwrap();
    assert!(while_down > after_restart, "the simulation wrote while no server ran");
    let (server, address, _) = serve_with(&url, &limits);
    let mut seat = Seat::connect(&address, &token).await;
    assert_eq!(seat.hello_seq(), while_down, "the hello is current: nothing written while away is missed");
    assert!(seat.hello_seq() >= *heard_before_kill.last().unwrap(), "no number goes back");
    for k in 0..3 {
        submit_until_taken(&client, &address, &token, &micro_grid, format!("服务重启后第 {k} 件")).await;
    }
    let last = store.last_seq().await.unwrap();
    seat.until(last).await;
    let heard = seat.seqs("log-advanced");
    assert!(strictly_rising(&heard) && heard[0] > while_down && heard.last() == Some(&last), "{heard:?}");

    let fresh = blocking_stats(&url, &root).await;
    assert_eq!(seat.figures(), figures_of(&fresh), "the seat shows what the records say");
    let served: Value =
        client.get(format!("http://{address}/api/stats?node={root}")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(served, fresh);
    blocking({
        let url = url.clone();
        move || verify(&url)
    })
    .await;
    eprintln!("restarts: PostgreSQL restarted under the server ({refused} writes refused while it was away), server killed and restarted; seat equal to a fresh read at seq {last}");
    drop(server);
    store.close().await;
}

async fn blocking_stats(url: &str, root: &str) -> Value {
    let (url, root) = (url.to_owned(), root.to_owned());
    blocking(move || stats(&url, Some(&root))).await
}
