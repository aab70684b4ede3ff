//! Live push under load (issue 10): `wangge serve` processes on one PostgreSQL database,
//! WebSocket seats on `/api/live`, tickets filed through `POST /api/call/submit_ticket` at a
//! set rate, and the time from each commit to its arrival at every seat; a seat polling
//! `GET /api/stats` as the baseline; then a sweep of seats on one server. Prints tables for
//! BENCHMARKS.md ("Live push: seats, rate, servers").
//!
//! ```text
//! eval "$(scripts/test-postgres.sh start)"
//! cargo build --release -p wangge-cli
//! cargo bench -p wangge-cli --bench live_push [-- --seats 10 --rate 500 --secs 20 --sweep 10,50,100,200,500]
//! ```
//!
//! The servers are `WANGGE_BIN`, else `target/release/wangge`, else `target/debug/wangge`.
//! A commit's time is when its write's HTTP answer came back to the writer (a little after
//! the commit itself, so the latencies are slightly short; the time from the call being sent
//! is printed too, as an upper bound). A write is matched to its change-log seq by its ticket
//! id, read from the change log after the run; a seat has a commit when a `log-advanced` of
//! that seq or later arrives. A measurement, not a test: nothing here asserts a time.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use futures_util::StreamExt;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;
use wangge_domain::change::Change;
use wangge_store::test_support::PgDb;
use wangge_store::Store;

const ACCOUNT: &str = "bench_zhihui";
const PASSWORD: &str = "实时推送基准-2026冬季";
/// How long seats get, after the last write, to hear the last commit.
const DRAIN: Duration = Duration::from_secs(15);

#[derive(Parser, Clone)]
#[command(about = "Live push under load: commit → seat latency, polling baseline, seats per server")]
struct Opts {
    /// WebSocket seats in the main run, split across the two servers.
    #[arg(long, default_value_t = 10)]
    seats: usize,
    /// Writes per second, all writers together (half through each server).
    #[arg(long, default_value_t = 500)]
    rate: u32,
    /// Seconds of writing in the main run.
    #[arg(long, default_value_t = 20)]
    secs: u64,
    /// Concurrent writer tasks.
    #[arg(long, default_value_t = 32)]
    writers: usize,
    /// The polling seat's period, seconds.
    #[arg(long, default_value_t = 5)]
    poll_secs: u64,
    /// Seats on one server for the sweep (empty: no sweep); stops after the first step whose
    /// p99 passes 100 ms.
    #[arg(long, value_delimiter = ',', default_value = "10,50,100,200,500")]
    sweep: Vec<usize>,
    /// Seconds of writing per sweep step.
    #[arg(long, default_value_t = 15)]
    sweep_secs: u64,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() {
    let opts = Opts::parse();
    let Ok(admin) = std::env::var("WANGGE_TEST_PG_URL") else {
        eprintln!("live_push: WANGGE_TEST_PG_URL is not set; start PostgreSQL with `eval \"$(scripts/test-postgres.sh start)\"` first");
        return;
    };
    if admin.is_empty() {
        eprintln!("live_push: WANGGE_TEST_PG_URL is empty");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(run(opts));
}

/// The `wangge` binary the servers run.
fn binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("WANGGE_BIN").filter(|b| !b.is_empty()) {
        return PathBuf::from(bin);
    }
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target");
    let release = target.join("release/wangge");
    if release.exists() {
        release
    } else {
        eprintln!("live_push: no target/release/wangge; using the debug build (pessimistic figures)");
        target.join("debug/wangge")
    }
}

fn wangge(bin: &PathBuf, args: &[&str]) -> Command {
    let mut command = Command::new(bin);
    command
        .args(args)
        .env("WANGGE_ACCOUNT", "bench")
        .env_remove("WANGGE_SCOPE")
        .env_remove("WANGGE_ROLE")
        .env_remove("WANGGE_CONFIG_DIR")
        .env_remove("WANGGE_NOW");
    command
}

fn checked(output: std::process::Output, what: &str) -> std::process::Output {
    assert!(
        output.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A running `wangge serve`, killed when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(bin: &PathBuf, db: &str) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let listen = format!("127.0.0.1:{port}");
        // Every seat and writer comes from loopback, one "client" to the limits: raise them
        // out of the way (the live-seat cap, 1000 per process, is not a flag).
        let args = [
            "serve",
            "--db",
            db,
            "--listen",
            &listen,
            "--writes-per-second",
            "1000000",
            "--reads-per-second",
            "1000000",
            "--max-connections",
            "5000",
            "--max-connections-per-client",
            "5000",
        ];
        let mut child = wangge(bin, &args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("wangge serve starts");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut server = Server { child, address: String::new() };
        loop {
            let mut line = String::new();
            assert!(stderr.read_line(&mut line).unwrap() > 0, "serve exited early");
            if let Some(at) = line.find("listening on http://") {
                server.address = line[at + "listening on http://".len()..].trim().to_owned();
                std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
                return server;
            }
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

/// CPU ticks (user + system) of a process, from /proc/PID/stat.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// The parent pid of a process, from /proc/PID/stat.
fn parent(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 2..].split_whitespace().nth(1)?.parse().ok()
}

/// A line of /proc/PID/status in MiB (`VmHWM`, `VmRSS`).
fn status_mib(pid: u32, key: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The whole machine's busy and total jiffies, from /proc/stat.
fn machine_ticks() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let values: Vec<u64> = stat.lines().next().unwrap_or("").split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
    let total: u64 = values.iter().take(8).sum();
    let idle = values.get(3).copied().unwrap_or(0) + values.get(4).copied().unwrap_or(0);
    (total - idle, total)
}

/// The PostgreSQL server's processes (the postmaster of `WANGGE_TEST_PG_DIR` and its children).
fn postgres_pids() -> Vec<u32> {
    let Some(dir) = std::env::var_os("WANGGE_TEST_PG_DIR") else { return Vec::new() };
    let Ok(pidfile) = std::fs::read_to_string(PathBuf::from(dir).join("data/postmaster.pid")) else { return Vec::new() };
    let Some(postmaster) = pidfile.lines().next().and_then(|l| l.trim().parse::<u32>().ok()) else { return Vec::new() };
    let mut pids = vec![postmaster];
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        if let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) {
            if parent(pid) == Some(postmaster) {
                pids.push(pid);
            }
        }
    }
    pids
}

fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// CPU use over a window: per server, PostgreSQL, this process and the machine.
struct CpuWindow {
    at: Instant,
    servers: Vec<Option<u64>>,
    postgres: u64,
    me: Option<u64>,
    machine: (u64, u64),
}

impl CpuWindow {
    fn open(servers: &[&Server]) -> CpuWindow {
        CpuWindow {
            at: Instant::now(),
            servers: servers.iter().map(|s| cpu_ticks(s.pid())).collect(),
            postgres: postgres_pids().into_iter().filter_map(cpu_ticks).sum(),
            me: cpu_ticks(std::process::id()),
            machine: machine_ticks(),
        }
    }

    /// Percent of one core: per server, PostgreSQL, this process; and the machine's busy share.
    fn close(&self, servers: &[&Server]) -> (Vec<Option<f64>>, f64, Option<f64>, f64) {
        let hz = clock_ticks_per_second();
        let wall = self.at.elapsed().as_secs_f64();
        let pct = |before: Option<u64>, after: Option<u64>| Some((after? - before?) as f64 / hz / wall * 100.0);
        let each = servers.iter().zip(&self.servers).map(|(s, before)| pct(*before, cpu_ticks(s.pid()))).collect();
        let postgres: u64 = postgres_pids().into_iter().filter_map(cpu_ticks).sum();
        let (busy, total) = machine_ticks();
        let machine = (busy - self.machine.0) as f64 / ((total - self.machine.1).max(1)) as f64 * 100.0;
        (each, postgres.saturating_sub(self.postgres) as f64 / hz / wall * 100.0, pct(self.me, cpu_ticks(std::process::id())), machine)
    }
}

/// One write: its ticket, when it was sent and answered.
struct Written {
    ticket: i64,
    sent: Instant,
    answered: Instant,
}

/// What a seat heard: each `log-advanced` and when; whether the feed was closed on it.
#[derive(Default)]
struct Heard {
    advanced: Vec<(Instant, i64)>,
    closed: Option<String>,
    connected: bool,
}

/// The seq of a `log-advanced` message, read without parsing the rest (figures messages are
/// skipped unread, so hundreds of seats do not make this process the bottleneck).
fn advanced_seq(text: &str) -> Option<i64> {
    if !text.contains("\"log-advanced\"") {
        return None;
    }
    let at = text.find("\"payload\":")? + "\"payload\":".len();
    let digits: String = text[at..].chars().skip_while(|c| c.is_whitespace()).take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

/// A seat's live feed, read by a task of its own until it hears `until` or `stop` is set.
async fn seat(address: String, token: String, until: Arc<AtomicI64>, stop: Arc<AtomicI64>) -> Heard {
    let mut heard = Heard::default();
    let url = format!("ws://{address}/api/live?access_token={token}");
    let mut socket = match tokio_tungstenite::connect_async(url).await {
        Ok((socket, _)) => socket,
        Err(err) => {
            heard.closed = Some(format!("connect: {err}"));
            return heard;
        }
    };
    match socket.next().await {
        Some(Ok(Message::Text(text))) if text.contains("\"hello\"") => heard.connected = true,
        other => {
            heard.closed = Some(format!("no hello: {other:?}"));
            return heard;
        }
    }
    loop {
        if heard.advanced.last().is_some_and(|&(_, seq)| seq >= until.load(Ordering::Relaxed)) {
            return heard;
        }
        if stop.load(Ordering::Relaxed) != 0 {
            heard.closed = Some("did not hear the last seq in time".into());
            return heard;
        }
        match tokio::time::timeout(Duration::from_millis(250), socket.next()).await {
            Err(_) => {}
            Ok(Some(Ok(Message::Text(text)))) => {
                let at = Instant::now();
                if let Some(seq) = advanced_seq(&text) {
                    heard.advanced.push((at, seq));
                }
            }
            Ok(Some(Ok(Message::Close(frame)))) => {
                heard.closed = Some(format!("closed by the server: {frame:?}"));
                return heard;
            }
            Ok(Some(Ok(_))) => {}
            Ok(Some(Err(err))) => {
                heard.closed = Some(format!("error: {err}"));
                return heard;
            }
            Ok(None) => {
                heard.closed = Some("ended".into());
                return heard;
            }
        }
    }
}

/// The seat that polls: `GET /api/stats` every `period`; the seq it shows is the start's plus
/// the tickets received since (every write files one ticket and is one change-log row).
async fn poller(
    client: reqwest::Client,
    address: String,
    token: String,
    period: Duration,
    base: (i64, u64),
    until: Arc<AtomicI64>,
) -> Vec<(Instant, i64)> {
    let mut seen = Vec::new();
    let mut tick = tokio::time::interval(period);
    loop {
        tick.tick().await;
        let Ok(answer) = client.get(format!("http://{address}/api/stats")).bearer_auth(&token).send().await else { continue };
        let Ok(report) = answer.json::<Value>().await else { continue };
        let at = Instant::now();
        let Some(received) = report["metrics"]["tickets_received"].as_u64() else { continue };
        let seq = base.0 + received.saturating_sub(base.1) as i64;
        seen.push((at, seq));
        if seq >= until.load(Ordering::Relaxed) {
            return seen;
        }
    }
}

async fn sign_in(client: &reqwest::Client, address: &str) -> String {
    let session: Value = client
        .post(format!("http://{address}/api/session"))
        .json(&json!({ "name": ACCOUNT, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    session["token"].as_str().unwrap_or_else(|| panic!("sign-in refused: {session}")).to_owned()
}

/// The `q`-th quantile of sorted durations, nearest rank, in milliseconds.
fn quantile_ms(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1e3
}

/// Latencies of a set of samples: p50, p99, max in ms, and how many.
struct Summary {
    p50: f64,
    p99: f64,
    max: f64,
    count: usize,
}

fn summarize(mut samples: Vec<Duration>) -> Summary {
    samples.sort_unstable();
    Summary { p50: quantile_ms(&samples, 0.5), p99: quantile_ms(&samples, 0.99), max: quantile_ms(&samples, 1.0), count: samples.len() }
}

/// For every write and every heard timeline: the time from the answer (and from the call) to
/// the first arrival of its seq or later; writes a timeline never reached are counted apart.
struct Matched {
    from_answer: Vec<Duration>,
    from_call: Vec<Duration>,
    before_answer: usize,
    missing: usize,
}

fn match_arrivals(writes: &[(i64, &Written)], timeline: &[(Instant, i64)], matched: &mut Matched) {
    for &(seq, write) in writes {
        let index = timeline.partition_point(|&(_, s)| s < seq);
        match timeline.get(index) {
            Some(&(at, _)) => {
                if at < write.answered {
                    matched.before_answer += 1;
                }
                matched.from_answer.push(at.saturating_duration_since(write.answered));
                matched.from_call.push(at.saturating_duration_since(write.sent));
            }
            None => matched.missing += 1,
        }
    }
}

/// The shared setup: the database with a demo, the account, the micro-grids written to.
struct Setup {
    bin: PathBuf,
    url: String,
    store: Store,
    micro_grids: Vec<String>,
}

/// What one run measured.
struct RunReport {
    seats_per_server: Vec<usize>,
    latency: Vec<Summary>,
    latency_from_call: Vec<Summary>,
    before_answer: usize,
    missing: usize,
    closed: Vec<String>,
    poll: Option<Summary>,
    polls: usize,
    written: usize,
    failed: usize,
    achieved: f64,
    write_p50: f64,
    write_p99: f64,
    cpu: Vec<Option<f64>>,
    postgres_cpu: f64,
    bench_cpu: Option<f64>,
    machine: f64,
    hwm: Vec<Option<f64>>,
    rss: Vec<Option<f64>>,
}

/// Two servers; `seats[i]` seats on server i; writes at `rate` for `secs` through both; a
/// polling seat on server 0 when `poll` is set.
async fn run_once(setup: &Setup, seats: [usize; 2], rate: u32, secs: u64, writers: usize, poll: Option<Duration>) -> RunReport {
    let servers = [Server::start(&setup.bin, &setup.url), Server::start(&setup.bin, &setup.url)];
    let refs: Vec<&Server> = servers.iter().collect();
    let client = reqwest::Client::builder().pool_max_idle_per_host(writers * 2).build().unwrap();
    let token = sign_in(&client, &servers[0].address).await;
    let start_seq = setup.store.last_seq().await.unwrap();
    let until = Arc::new(AtomicI64::new(i64::MAX));
    let stop = Arc::new(AtomicI64::new(0));

    let mut seat_tasks = Vec::new();
    for (server, &count) in seats.iter().enumerate() {
        for _ in 0..count {
            let task = tokio::spawn(seat(servers[server].address.clone(), token.clone(), until.clone(), stop.clone()));
            seat_tasks.push((server, task));
        }
    }
    // Let every seat hear its hello before the writes start.
    tokio::time::sleep(Duration::from_millis(500 + 5 * seats.iter().sum::<usize>() as u64)).await;

    let polling = match poll {
        Some(period) => {
            let report: Value = client
                .get(format!("http://{}/api/stats", servers[0].address))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let received = report["metrics"]["tickets_received"].as_u64().expect("tickets_received in /api/stats");
            let base = (setup.store.last_seq().await.unwrap(), received);
            Some(tokio::spawn(poller(client.clone(), servers[0].address.clone(), token.clone(), period, base, until.clone())))
        }
        None => None,
    };

    let cpu = CpuWindow::open(&refs);
    let total = rate as usize * secs as usize;
    let next = Arc::new(AtomicUsize::new(0));
    let written = Arc::new(Mutex::new(Vec::with_capacity(total)));
    let failed = Arc::new(AtomicUsize::new(0));
    let started = tokio::time::Instant::now();
    let mut writer_tasks = Vec::new();
    for _ in 0..writers {
        let (client, next, written, failed, token) = (client.clone(), next.clone(), written.clone(), failed.clone(), token.clone());
        let addresses: Vec<String> = servers.iter().map(|s| s.address.clone()).collect();
        let micro_grids = setup.micro_grids.clone();
        writer_tasks.push(tokio::spawn(async move {
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= total {
                    return;
                }
                tokio::time::sleep_until(started + Duration::from_secs_f64(k as f64 / rate as f64)).await;
                let server = k % addresses.len();
                let form = json!({ "form": {
                    "source": "grid_member_report", "category": "consultation", "urgent": false,
                    "summary": format!("实时推送基准第 {k} 件"), "micro_grid": micro_grids[k % micro_grids.len()],
                }});
                let sent = Instant::now();
                let answer = client
                    .post(format!("http://{}/api/call/submit_ticket", addresses[server]))
                    .bearer_auth(&token)
                    .json(&form)
                    .send()
                    .await;
                let ticket = match answer {
                    Ok(answer) if answer.status().is_success() => answer.json::<Value>().await.ok().and_then(|row| row["id"].as_i64()),
                    _ => None,
                };
                let answered = Instant::now();
                match ticket {
                    Some(ticket) => written.lock().unwrap().push(Written { ticket, sent, answered }),
                    None => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    for task in writer_tasks {
        task.await.unwrap();
    }
    let writing = started.elapsed().as_secs_f64();
    let (cpu, postgres_cpu, bench_cpu, machine) = cpu.close(&refs);
    let last = setup.store.last_seq().await.unwrap();
    until.store(last, Ordering::Relaxed);

    let mut heard = Vec::new();
    let drain = tokio::time::Instant::now() + DRAIN;
    for (server, mut task) in seat_tasks {
        let result = match tokio::time::timeout_at(drain, &mut task).await {
            Ok(result) => result,
            Err(_) => {
                // Past the drain: every seat still waiting stops and hands in what it heard.
                stop.store(1, Ordering::Relaxed);
                task.await
            }
        };
        heard.push((server, result.unwrap()));
    }
    stop.store(1, Ordering::Relaxed);
    let polled = match polling {
        Some(task) => Some(tokio::time::timeout(poll.unwrap() * 2 + DRAIN, task).await.map(|r| r.unwrap()).unwrap_or_default()),
        None => None,
    };
    let hwm = servers.iter().map(|s| status_mib(s.pid(), "VmHWM:")).collect();
    let rss = servers.iter().map(|s| status_mib(s.pid(), "VmRSS:")).collect();
    drop(servers);

    // Each write's seq, by its ticket id in the change log.
    let log = setup.store.changes_since(start_seq, 10_000_000).await.unwrap();
    let seq_of: HashMap<i64, i64> = log
        .iter()
        .filter_map(|r| match &r.change {
            Change::Ticket(t) => Some((t.id, r.seq)),
            _ => None,
        })
        .collect();
    let written = std::mem::take(&mut *written.lock().unwrap());
    if log.len() != written.len() {
        eprintln!(
            "live_push: {} change-log rows for {} writes (other writers, or a write that was more than one row)",
            log.len(),
            written.len()
        );
    }
    let mut writes: Vec<(i64, &Written)> = written.iter().filter_map(|w| seq_of.get(&w.ticket).map(|&seq| (seq, w))).collect();
    writes.sort_unstable_by_key(|&(seq, _)| seq);

    let mut per_server: Vec<Matched> =
        (0..2).map(|_| Matched { from_answer: Vec::new(), from_call: Vec::new(), before_answer: 0, missing: 0 }).collect();
    let mut closed = Vec::new();
    for (server, heard) in &heard {
        if let Some(reason) = &heard.closed {
            closed.push(format!("server {server}: {reason}{}", if heard.connected { "" } else { " (never connected)" }));
        }
        match_arrivals(&writes, &heard.advanced, &mut per_server[*server]);
    }
    let (mut before_answer, mut missing) = (0, 0);
    let mut latency = Vec::new();
    let mut latency_from_call = Vec::new();
    for matched in per_server {
        before_answer += matched.before_answer;
        missing += matched.missing;
        latency.push(summarize(matched.from_answer));
        latency_from_call.push(summarize(matched.from_call));
    }
    let (poll, polls) = match polled {
        Some(timeline) => {
            let mut matched = Matched { from_answer: Vec::new(), from_call: Vec::new(), before_answer: 0, missing: 0 };
            match_arrivals(&writes, &timeline, &mut matched);
            (Some(summarize(matched.from_answer)), timeline.len())
        }
        None => (None, 0),
    };
    let mut write_times: Vec<Duration> = written.iter().map(|w| w.answered - w.sent).collect();
    write_times.sort_unstable();
    RunReport {
        seats_per_server: seats.to_vec(),
        latency,
        latency_from_call,
        before_answer,
        missing,
        closed,
        poll,
        polls,
        written: written.len(),
        failed: failed.load(Ordering::Relaxed),
        achieved: written.len() as f64 / writing,
        write_p50: quantile_ms(&write_times, 0.5),
        write_p99: quantile_ms(&write_times, 0.99),
        cpu,
        postgres_cpu,
        bench_cpu,
        machine,
        hwm,
        rss,
    }
}

fn opt(value: Option<f64>, digits: usize) -> String {
    value.map_or_else(|| "?".into(), |v| format!("{v:.digits$}"))
}

fn print_run(title: &str, report: &RunReport, rate: u32) {
    println!("\n## {title}");
    println!(
        "writes: {} answered ({} failed), {:.0}/s achieved of {rate}/s; a write's own call p50 {:.1} ms, p99 {:.1} ms",
        report.written, report.failed, report.achieved, report.write_p50, report.write_p99
    );
    println!(
        "| server | seats | samples | p50 ms | p99 ms | max ms | p99 from the call ms | CPU % of a core | peak RSS MiB | RSS at end MiB |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for (i, summary) in report.latency.iter().enumerate() {
        println!(
            "| {} | {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {} | {} | {} |",
            ["A", "B"][i],
            report.seats_per_server[i],
            summary.count,
            summary.p50,
            summary.p99,
            summary.max,
            report.latency_from_call[i].p99,
            opt(report.cpu[i], 0),
            opt(report.hwm[i], 0),
            opt(report.rss[i], 0),
        );
    }
    if let Some(poll) = &report.poll {
        println!(
            "| polling seat on A ({} polls) | 1 | {} | {:.0} | {:.0} | {:.0} | | | | |",
            report.polls, poll.count, poll.p50, poll.p99, poll.max
        );
    }
    println!(
        "PostgreSQL {:.0} % of a core, this process {} %, machine busy {:.0} %; {} arrivals before the answer (counted 0 ms), {} never arrived",
        report.postgres_cpu,
        opt(report.bench_cpu, 0),
        report.machine,
        report.before_answer,
        report.missing
    );
    for reason in report.closed.iter().take(5) {
        println!("seat lost: {reason}");
    }
    if report.closed.len() > 5 {
        println!("… {} seats lost in all", report.closed.len());
    }
}

async fn run(opts: Opts) {
    let bin = binary();
    let Some(pg) = PgDb::create("live_push").await else { return };
    let url = pg.url.clone();
    eprintln!("live_push: {} on database {}", bin.display(), pg.name);
    checked(wangge(&bin, &["demo", "--db", &url, "--seed", "7", "--scale", "small"]).output().unwrap(), "wangge demo");
    let stats: Value =
        serde_json::from_slice(&checked(wangge(&bin, &["stats", "--db", &url, "--json"]).output().unwrap(), "wangge stats").stdout)
            .unwrap();
    let root = stats["node"]["code"].as_str().unwrap().to_owned();
    let mut user = wangge(&bin, &["user", "add", "--db", &url, "--name", ACCOUNT, "--role", "commander", "--node", &root])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    user.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    checked(user.wait_with_output().unwrap(), "wangge user add");

    let store = Store::open(&url).await.unwrap();
    let (district, _) = store.load_district().await.unwrap();
    let mut houses: Vec<_> = district.houses.values().collect();
    houses.sort_by_key(|h| h.id);
    let mut micro_grids: Vec<String> = houses.iter().map(|h| h.micro_grid.0.clone()).collect();
    micro_grids.dedup();
    micro_grids.truncate(50);
    drop(district);
    let setup = Setup { bin, url, store, micro_grids };

    println!("# live_push: {} writers, {} micro-grids written to", opts.writers, setup.micro_grids.len());
    let a = opts.seats.div_ceil(2);
    let main_run =
        run_once(&setup, [a, opts.seats - a], opts.rate, opts.secs, opts.writers, Some(Duration::from_secs(opts.poll_secs))).await;
    print_run(
        &format!("{} seats on 2 servers, {}/s for {} s, a seat polling every {} s", opts.seats, opts.rate, opts.secs, opts.poll_secs),
        &main_run,
        opts.rate,
    );

    for &seats in &opts.sweep {
        let report = run_once(&setup, [seats, 0], opts.rate, opts.sweep_secs, opts.writers, None).await;
        print_run(&format!("sweep: {seats} seats on A, {}/s through A and B for {} s", opts.rate, opts.sweep_secs), &report, opts.rate);
        if report.latency[0].p99 > 100.0 || !report.closed.is_empty() {
            println!("p99 past 100 ms or seats lost: the sweep stops here");
            break;
        }
    }

    setup.store.close().await;
    pg.drop_database().await;
}
