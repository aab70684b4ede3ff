//! `wangge brief` and `wangge stats --as-of` on a real SQLite file: the files of a street's
//! briefing and of each of its communities, their figures equal to `stats --as-of` the day's
//! end and to a count of the stored records by hand, and a past day's briefing unchanged by
//! later commits.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::support::figures::figure;
use crate::support::store::load;
use crate::support::{ok, small_demo, stats, wangge, wangge_at, NOW};

/// The day before [`NOW`] (2026-11-23 10:00 in Shanghai), whose end is a past instant.
const YESTERDAY: &str = "2026-11-22";
/// 2026-11-22T23:59:59+08:00.
const YESTERDAY_END: i64 = NOW - 10 * 3_600 - 1;

fn brief_at(now: i64, db: &str, node: &str, out: &Path, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["brief", "--db", db, "--node", node, "--date", YESTERDAY, "--template", "daily", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    ok(wangge_at(now, &args, &[])).lines().map(str::to_owned).collect()
}

fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap())
        })
        .collect()
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} (poppler-utils) runs: {e}"));
    assert!(out.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The value shown after a figure's label in the headline table of a page's SVG.
fn headline_value(svg: &str, label: &str) -> String {
    let after = svg.split(&format!(">{label}</text>")).nth(1).unwrap_or_else(|| panic!("{label} in the headline table"));
    let text = after.split_once('>').unwrap().1;
    text.split_once("</text>").unwrap().0.to_owned()
}

#[test]
fn a_street_and_its_communities_are_briefed_as_pdf_png_and_svg_with_the_figures_of_the_day() {
    let (dir, db) = small_demo();
    let district = stats(&db, None);
    let street = district["children"][0]["code"].as_str().unwrap().to_owned();
    let street_name = district["children"][0]["name"].as_str().unwrap().to_owned();
    let communities = stats(&db, Some(&street))["children"].as_array().unwrap().len();
    let out = dir.path().join("简报");

    let listed = brief_at(NOW, &db, &street, &out, &["--children"]);
    let files = files_of(&out);
    assert_eq!(listed.len(), files.len(), "every file written is listed:\n{listed:#?}");
    let pdfs: Vec<&String> = files.keys().filter(|name| name.ends_with(".pdf")).collect();
    assert_eq!(pdfs.len(), 1 + communities, "one PDF for the street and one per community: {pdfs:?}");

    let stem = format!("{YESTERDAY}-{street}-{street_name}每日简报");
    let pdf = out.join(format!("{stem}.pdf"));
    let pdf = pdf.to_str().unwrap();
    let pages: usize = tool("pdfinfo", &[pdf]).lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(pages >= 2, "{pages} pages");
    for page in 1..=pages {
        for ext in ["png", "svg"] {
            assert!(files.contains_key(&format!("{stem}-第{page}页.{ext}")), "page {page} as {ext}");
        }
        assert!(files[&format!("{stem}-第{page}页.png")].starts_with(b"\x89PNG\r\n\x1a\n"));
    }
    let text = tool("pdftotext", &["-layout", pdf, "-"]);
    assert!(text.contains(&format!("{street_name}每日简报")), "the title is text in the PDF:\n{text}");
    assert!(text.contains("数据截至 2026-11-22 24:00"), "{text}");
    for chart in ["在管隔离与每日新增、解除", "四色预警", "各单位按时办结率", "企业复工率"] {
        assert!(text.contains(chart), "the chart {chart} is in the PDF:\n{text}");
    }
    // pdftotext drops the thin spaces between Chinese and digits; compare without spaces.
    let packed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(packed.contains(&format!("第{pages}页/共{pages}页")), "{text}");

    let page1 = String::from_utf8(files[&format!("{stem}-第1页.svg")].clone()).unwrap();
    let as_of = json_stats_as_of(&db, &street, YESTERDAY);
    let also = json_stats_as_of(&db, &street, &YESTERDAY_END.to_string());
    assert_eq!(as_of, also, "a date means the last second of that day");
    for (label, name) in [("受理工单", "tickets_received"), ("在管隔离", "isolations_active"), ("超期工单", "tickets_overdue")]
    {
        assert_eq!(headline_value(&page1, label), figure(&as_of, name).to_string(), "{label}");
    }
}

fn json_stats_as_of(db: &str, node: &str, as_of: &str) -> serde_json::Value {
    serde_json::from_str(&ok(wangge(&["stats", "--db", db, "--node", node, "--as-of", as_of, "--json"], &[]))).unwrap()
}

#[test]
fn as_of_figures_equal_the_stored_records_counted_by_hand_and_today_equals_stats() {
    let (_dir, db) = small_demo();
    let instant = NOW - 3 * 86_400 + 5 * 3_600; // 2026-11-20 15:00
    let report = json_stats_as_of(&db, "330402", &instant.to_string());
    let (district, _) = load(&db);
    let t = wangge_domain::Timestamp(instant);
    let active = district.isolations.values().filter(|i| i.started_at <= t && i.released_at.is_none_or(|r| r > t)).count();
    let received = district.tickets.values().filter(|k| k.micro_grid.is_some() && k.received_at <= t).count();
    let resolved = district.tickets.values().filter(|k| k.micro_grid.is_some() && k.resolved_at.is_some_and(|r| r <= t)).count();
    let resumed = district.enterprises.values().filter(|e| e.status.as_str() != "not_resumed" && e.resumed_at.is_some_and(|r| r <= t));
    let workers_back: u64 = resumed.map(|e| u64::from(e.workers_back)).sum();
    assert!(active > 0 && received > 0 && workers_back > 0, "the instant has something to count");
    assert_eq!(figure(&report, "isolations_active"), active as i64);
    assert_eq!(figure(&report, "tickets_received"), received as i64);
    assert_eq!(figure(&report, "tickets_resolved"), resolved as i64);
    assert_eq!(figure(&report, "workers_back"), workers_back as i64);

    let today = json_stats_as_of(&db, "330402", "2026-11-23");
    let live = stats(&db, None);
    assert_eq!(today["metrics"], live["metrics"], "today's as-of is now");
}

#[test]
fn a_past_days_briefing_and_figures_are_the_same_after_more_changes_are_committed() {
    let (dir, db) = small_demo();
    let street = stats(&db, None)["children"][0]["code"].as_str().unwrap().to_owned();
    let before_dir = dir.path().join("before");
    brief_at(NOW, &db, &street, &before_dir, &[]);
    let figures_before = json_stats_as_of(&db, &street, YESTERDAY);
    let live_before = stats(&db, Some(&street));

    // Other seats work on: resumptions, releases, tickets taken and resolved, this morning.
    ok(wangge(&["simulate", "--db", &db, "--count", "300", "--rate", "100000", "--seed", "11", "--node", &street], &[]));
    let live_after = stats(&db, Some(&street));
    assert_ne!(live_before["metrics"], live_after["metrics"], "the commits moved today's figures");

    let after_dir = dir.path().join("after");
    brief_at(NOW + 3_600, &db, &street, &after_dir, &[]);
    assert_eq!(json_stats_as_of(&db, &street, YESTERDAY), figures_before);
    let (before, after) = (files_of(&before_dir), files_of(&after_dir));
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    for (name, bytes) in &before {
        assert!(after[name] == *bytes, "{name} changed after later commits");
    }
}

#[test]
fn bad_briefing_requests_are_refused_by_name() {
    let (dir, db) = small_demo();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let refused = |args: &[&str]| crate::support::fails(wangge(args, &[]));
    let err = refused(&["brief", "--db", &db, "--date", "2026-13-01", "--out", out]);
    assert!(err.contains("--date") && err.contains("2026-13-01"), "{err}");
    let err = refused(&["brief", "--db", &db, "--date", "2026-11-24", "--out", out]);
    assert!(err.contains("2026-11-24") && err.contains("之后"), "{err}");
    let err = refused(&["brief", "--db", &db, "--date", YESTERDAY, "--format", "png,docx", "--out", out]);
    assert!(err.contains("--format") && err.contains("docx"), "{err}");
    let err = refused(&["brief", "--db", &db, "--date", YESTERDAY, "--template", "monthly", "--out", out]);
    assert!(err.contains("monthly") && err.contains("daily"), "{err}");
    assert!(!Path::new(out).exists(), "nothing written for a refused request");
}
