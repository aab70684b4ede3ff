//! `wangge demo --db FILE [--seed N]`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use wangge_engine::{Clock, Engine, DEFAULT_SEED};

#[derive(clap::Args)]
pub struct Args {
    /// SQLite file (created if missing) or postgres:// URL.
    #[arg(long)]
    db: String,
    /// The seed the district is generated from; the same seed and day give the same district.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// `small` makes a district of two streets, for quick trials.
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
    };
    let mut last_stage = String::new();
    Engine::create_demo_at_scale(&store, args.seed, clock.now(), scale, &mut |progress| {
        // One line per stage and a carriage-return counter within it: readable in a terminal and a log.
        let mut err = std::io::stderr().lock();
        if progress.stage != last_stage {
            if !last_stage.is_empty() {
                let _ = writeln!(err);
            }
            last_stage = progress.stage.clone();
        }
        let _ = write!(err, "\r{}: {}/{}", progress.stage, progress.done, progress.total);
    })
    .await?;
    eprintln!();
    let engine = Engine::open(store, clock.now()).await?;
    if let Some(dir) = &args.maps {
        std::fs::create_dir_all(dir)?;
        for path in wangge_demo::write_maps(engine.district(), dir)? {
            eprintln!("wrote {}", path.display());
        }
    }
    let district = engine.district();
    eprintln!(
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
