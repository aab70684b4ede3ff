//! `cargo bench -p wangge-engine --bench briefing`: the daily briefing (all charts, PNG and
//! PDF) of one street and of every street of the full demo district in a SQLite file, after
//! 1,000 commits this morning so the as-known walk-back has work; then the same charts drawn by matplotlib
//! from the same figures (`scripts/bench-briefing-matplotlib.py`, when python3 has it), for
//! the ratio. Prints medians; BENCHMARKS.md records them.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::json;
use wangge_brief::{BriefData, Format, Template};
use wangge_domain::Timestamp;
use wangge_engine::briefing::{parse_date, BriefingRequest};
use wangge_engine::{Engine, Proposal, Simulator};

mod support;

fn main() {
    support::runtime().block_on(async {
        let now = support::now();
        let (dir, mut engine) = support::demo_engine(now).await;
        let scope = engine.district_scope("bench");
        commit_some_changes(&mut engine, now).await;

        let template = Template::bundled("daily").unwrap();
        let date = parse_date("date", "2026-11-22").unwrap();
        let formats = [Format::Png, Format::Pdf];
        let street = engine.stats(&scope, None).unwrap().children[0].code.clone();
        let streets = engine.stats(&scope, None).unwrap().children.len();
        let out = dir.path().join("out");

        let mut single = Vec::new();
        for _ in 0..7 {
            let request = BriefingRequest { code: Some(&street), date, template: &template, formats: &formats, children: false };
            let t = Instant::now();
            engine.export_briefings(&scope, &request, &out, now, &|_| {}).await.unwrap();
            single.push(t.elapsed());
        }
        println!("one street's daily briefing (figures of 15 days, 9 charts, PNG + PDF, written): median {:?}", support::median(single));

        let mut all = Vec::new();
        for _ in 0..3 {
            let request = BriefingRequest { code: None, date, template: &template, formats: &formats, children: true };
            let t = Instant::now();
            engine.export_briefings(&scope, &request, &out, now, &|_| {}).await.unwrap();
            all.push(t.elapsed());
        }
        println!("the district and every one of its {streets} streets (2 cores): median {:?}", support::median(all));

        let data = engine.brief_data(&scope, Some(&street), date, template.days, now).await.unwrap();
        let drawn: Vec<Duration> = (0..7)
            .map(|_| {
                let t = Instant::now();
                wangge_brief::output::render(&data, &template, &formats).unwrap();
                t.elapsed()
            })
            .collect();
        let ours = support::median(drawn);
        println!("drawing alone, one street (charts, pages, PNG + PDF, in memory): median {ours:?}");
        matplotlib(&data, dir.path(), ours);
    });
}

/// 1,000 simulated changes committed this morning, one transaction each as seats make them:
/// a past day's figures must undo them.
async fn commit_some_changes(engine: &mut Engine, now: Timestamp) {
    let scope = engine.district_scope("bench");
    let mut simulator = Simulator::new(engine.district(), engine.district().hierarchy.root(), 7);
    for _ in 0..1_000 {
        let Some(proposal) = simulator.next_change(engine.district(), now) else { break };
        match proposal {
            Proposal::Update(change) => drop(engine.commit(&scope, change, now).await.unwrap()),
            Proposal::Create(change) => drop(engine.create(&scope, change, now).await.unwrap()),
        }
    }
}

/// The same charts from the same figures by matplotlib, timed by the script itself (its
/// interpreter's start-up and imports excluded).
fn matplotlib(data: &BriefData, dir: &std::path::Path, ours: Duration) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/bench-briefing-matplotlib.py");
    let figures = dir.join("figures.json");
    std::fs::write(&figures, figures_json(data).to_string()).unwrap();
    let run = Command::new("python3").arg(script).arg(&figures).arg(dir.join("matplotlib")).output();
    match run {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            let secs: f64 = text.trim().lines().last().and_then(|l| l.split_whitespace().last()).and_then(|s| s.parse().ok()).unwrap();
            println!(
                "matplotlib, the same charts (PNG at 2× + PDF): median {secs:.3} s — Wangge is {:.1}× faster",
                secs / ours.as_secs_f64()
            );
        }
        Ok(out) => println!("matplotlib not measured: {}", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("")),
        Err(e) => println!("matplotlib not measured: python3: {e}"),
    }
}

fn figures_json(data: &BriefData) -> serde_json::Value {
    let counts =
        |c: &wangge_domain::Counts| c.named().iter().map(|(name, n)| (name.to_string(), json!(n))).collect::<serde_json::Map<_, _>>();
    json!({
        "unit": data.unit_name,
        "days": data.days.iter().map(|d| json!({"label": d.label, "counts": counts(&d.counts)})).collect::<Vec<_>>(),
        "children": data.children.iter().map(|c| json!({
            "name": c.name,
            "counts": counts(&c.counts),
            "warning": c.warning.as_str(),
            "rings": c.boundary.0.iter().map(|p| p.exterior().coords().map(|xy| [xy.x, xy.y]).collect::<Vec<_>>()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "units": data.units.iter().map(|u| json!({"name": u.name, "resolved": u.resolved, "on_time": u.on_time})).collect::<Vec<_>>(),
    })
}
