//! `wangge simulate --db FILE [--rate N] [--count N]`

use std::process::ExitCode;
use std::time::Duration;

use wangge_engine::{Clock, EngineError, Proposal, Simulator};

use crate::output::{result_line, REPORT};
use crate::progress::Counter;

/// How often one change is tried again, each time on a freshly proposed change, after a
/// version conflict or a database busy with another writer, before `simulate` gives up.
const MAX_RETRIES: u32 = 8;
/// The pause before the first retry, doubled each time up to [`MAX_BACKOFF`]: about 8 s of
/// pauses in all, on top of the store's own wait for the write lock.
const FIRST_BACKOFF: Duration = Duration::from_millis(50);
const MAX_BACKOFF: Duration = Duration::from_secs(2);

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    db: String,
    /// Changes per second.
    #[arg(long, default_value_t = 2.0)]
    rate: f64,
    /// Stop after this many changes (default: run until interrupted).
    #[arg(long)]
    count: Option<u64>,
    /// Only touch records under this node (default: the whole scope).
    #[arg(long)]
    node: Option<String>,
    /// Seed of the random choices (default: from the clock).
    #[arg(long)]
    seed: Option<u64>,
}

/// Somebody else's write got in first (a stale version) or held the database: deciding again
/// on fresh data may succeed. Anything else is a real failure.
fn retryable(error: &EngineError) -> bool {
    match error {
        EngineError::Conflict { .. } => true,
        EngineError::Store(store) => store.is_retryable(),
        _ => false,
    }
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !(args.rate > 0.0 && args.rate.is_finite()) {
        anyhow::bail!("--rate must be a positive number of changes per second, got {}", args.rate);
    }
    let clock = Clock::from_env()?;
    let mut engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let within = engine.stats(&scope, args.node.as_deref())?.node.code;
    let within = engine.district().hierarchy.id(&within).expect("stats resolved the node");
    let seed = args.seed.unwrap_or_else(|| clock.now().secs() as u64);
    let mut simulator = Simulator::new(engine.district(), within, seed);
    let pause = Duration::from_secs_f64(1.0 / args.rate);
    let mut made = 0u64;
    let mut retries = 0u64;
    let counter = Counter::new("simulate: changes".to_owned(), args.count);
    while args.count.is_none_or(|count| made < count) {
        let mut attempt = 0u32;
        let (seq, change) = loop {
            let now = clock.now();
            let Some(proposal) = simulator.next_change(engine.district(), now) else {
                anyhow::bail!("nothing left to change under {}", scope.root);
            };
            let result = match proposal {
                Proposal::Update(change) => engine.commit(&scope, change.clone(), now).await.map(|seq| (seq, change)),
                Proposal::Create(change) => engine.create(&scope, change, now).await,
            };
            match result {
                Ok(done) => break done,
                Err(error) if retryable(&error) && attempt < MAX_RETRIES => {
                    attempt += 1;
                    retries += 1;
                    tracing::warn!("simulate: {error}; trying again ({attempt} of {MAX_RETRIES})");
                    let backoff = FIRST_BACKOFF.saturating_mul(1 << (attempt - 1)).min(MAX_BACKOFF);
                    tokio::time::sleep(backoff).await;
                    // The next proposal is made on what the other writer stored.
                    engine.catch_up(&scope, clock.now()).await?;
                }
                Err(error) => {
                    tracing::warn!("simulate: {made} changes made, {retries} retried before this failure");
                    return Err(error.into());
                }
            }
        };
        let (entity, id) = (change.entity(), change.entity_id());
        // A reader that went away (`| head`) ends the run.
        result_line(&format!("{seq}\t{entity}\t{id}"))?;
        counter.inc();
        made += 1;
        if args.count.is_none_or(|count| made < count) {
            tokio::time::sleep(pause).await;
        }
    }
    drop(counter);
    tracing::info!(target: REPORT, "simulate: {made} changes made, {retries} retried after a conflict or a busy database");
    Ok(ExitCode::SUCCESS)
}
