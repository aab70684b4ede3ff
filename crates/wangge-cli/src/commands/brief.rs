//! `wangge brief --db FILE --node CODE --date YYYY-MM-DD --template daily --out DIR [--format png,svg,pdf] [--children]`
//!
//! The briefing (每日简报) of a node for a day, drawn from the figures as of that day's end,
//! written into a folder: one A4 PDF, and a PNG (2×) and an SVG per page. `--children` adds
//! one briefing per child of the node, drawn in parallel. `--template` is a bundled template
//! (`daily`, `weekly`) or the path of a district's own TOML file.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use wangge_brief::{Format, Template};
use wangge_engine::briefing::{parse_date, BriefingRequest};
use wangge_engine::Clock;

use crate::output::REPORT;
use crate::progress::Stages;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    db: String,
    /// The node briefed; the scope's root (the district) when omitted.
    #[arg(long)]
    node: Option<String>,
    /// The briefing's day, YYYY-MM-DD: figures as of that day's end (today: as of now).
    #[arg(long)]
    date: String,
    /// `daily`, `weekly`, or the path of a template file (.toml).
    #[arg(long, default_value = "daily")]
    template: String,
    /// The folder the files go to (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Comma-separated: png, svg, pdf.
    #[arg(long, default_value = "png,svg,pdf")]
    format: String,
    /// Also one briefing per child of the node.
    #[arg(long)]
    children: bool,
}

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let template = template(&args.template)?;
    let formats = formats(&args.format)?;
    let date = parse_date("--date", &args.date)?;
    let clock = Clock::from_env()?;
    let engine = crate::open::engine(&args.db, &clock).await?;
    let scope = engine.scope_from_env()?;
    let request = BriefingRequest { code: args.node.as_deref(), date, template: &template, formats: &formats, children: args.children };
    let stages = std::sync::Mutex::new(Stages::new());
    let progress = |p: wangge_api::Progress| stages.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).update(&p);
    let written = engine.export_briefings(&scope, &request, &args.out, clock.now(), &progress).await?;
    stages.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()).finish();
    let files: usize = written.iter().map(|w| w.files.len()).sum();
    tracing::info!(target: REPORT, "wrote {} briefing(s), {files} file(s), to {}", written.len(), args.out.display());
    let mut listing = String::new();
    for briefing in &written {
        for file in &briefing.files {
            listing.push_str(&format!("{}\n", file.display()));
        }
    }
    crate::commands::print(&listing)
}

fn template(name: &str) -> anyhow::Result<Template> {
    if let Some(bundled) = Template::bundled(name) {
        return Ok(bundled);
    }
    let text = std::fs::read_to_string(name).with_context(|| {
        let bundled: Vec<&str> = wangge_brief::template::BUNDLED.iter().map(|(n, _)| *n).collect();
        format!("--template: {name} 既不是内置模板（{}）也不是可读的模板文件", bundled.join("、"))
    })?;
    Ok(Template::parse(name, &text)?)
}

fn formats(list: &str) -> anyhow::Result<Vec<Format>> {
    let mut formats = Vec::new();
    for word in list.split(',').filter(|w| !w.trim().is_empty()) {
        let format = Format::parse(word).with_context(|| format!("--format: {word} 不是 png、svg 或 pdf"))?;
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    anyhow::ensure!(!formats.is_empty(), "--format: 至少要一种格式（png、svg、pdf）");
    Ok(formats)
}
