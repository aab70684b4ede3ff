//! `wangge demo --db FILE [--seed N]`

use std::path::PathBuf;
use std::process::ExitCode;

use wangge_engine::{Clock, Engine, DEFAULT_SEED};

use crate::output::REPORT;
use crate::progress::Stages;

#[derive(clap::Args)]
pub struct Args {
    /// SQLite file (created if missing) or postgres:// URL.
    #[arg(long)]
    db: String,
    /// The seed the district is generated from; the same seed and day give the same district.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// `small` makes a district of two streets, for quick trials; `city` the full district's
    /// records over 100,000 micro-grids (the full-detail map's benchmark).
    #[arg(long, value_enum, default_value_t = Scale::Full)]
    scale: Scale,
    /// Also write the GeoJSON of every level into this folder.
    #[arg(long)]
    maps: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Scale {
    Full,
    Small,
    City,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    let store = crate::open::store(&args.db).await?;
    if store.has_district().await? {
        anyhow::bail!("{} already holds a district; nothing was changed", args.db);
    }
    let scale = match args.scale {
        Scale::Full => wangge_demo::Scale::Full,
        Scale::Small => wangge_demo::Scale::Small,
        Scale::City => wangge_demo::Scale::City,
    };
    let mut stages = Stages::new();
    Engine::create_demo_at_scale(&store, args.seed, clock.now(), scale, &mut |progress| stages.update(&progress)).await?;
    stages.finish();
    let engine = Engine::open(store, clock.now()).await?;
    if let Some(dir) = &args.maps {
        std::fs::create_dir_all(dir)?;
        for path in wangge_demo::write_maps(engine.district(), dir)? {
            tracing::info!("wrote {}", path.display());
        }
    }
    let district = engine.district();
    tracing::info!(
        target: REPORT,
        "created {} with {} nodes, {} people, {} enterprises, {} tickets, {} isolations",
        engine.district_ref().name,
        district.hierarchy.len(),
        district.people.len(),
        district.enterprises.len(),
        district.tickets.len(),
        district.isolations.len()
    );
    Ok(ExitCode::SUCCESS)
}
