//! `wangge simulate --db FILE [--rate N] [--count N]`

use std::process::ExitCode;
use std::time::Duration;

use wangge_engine::{Clock, Proposal, Simulator};

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
    while args.count.is_none_or(|count| made < count) {
        let now = clock.now();
        let Some(proposal) = simulator.next_change(engine.district(), now) else {
            anyhow::bail!("nothing left to change under {}", scope.root);
        };
        let (seq, change) = match proposal {
            Proposal::Update(change) => (engine.commit(&scope, change.clone(), now).await?, change),
            Proposal::Create(change) => engine.create(&scope, change, now).await?,
        };
        let (entity, id) = (change.entity(), change.entity_id());
        println!("{seq}\t{entity}\t{id}");
        made += 1;
        if args.count.is_none_or(|count| made < count) {
            tokio::time::sleep(pause).await;
        }
    }
    Ok(ExitCode::SUCCESS)
}
