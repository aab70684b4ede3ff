//! Steps of the import dialog and the 预警等级 map mode: a two-row house register written at
//! the coordinates of a house the street already has is imported through 导入, and
//! `wangge export houses` then lists two more houses; and in the 预警等级 mode every area's
//! `data-warning` and fill are its level as `wangge warnings` has it; the figures panel's
//! 预警记录 is `wangge warnings --history 30`, day by day.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::Client;

use crate::cli::Cli;
use crate::page;

/// The fill of each level (`wangge_api::WarningLevel::colour_hex`).
fn colour(level: &str) -> Option<&'static str> {
    match level {
        "red" => Some("#d9363e"),
        "orange" => Some("#f27c22"),
        "yellow" => Some("#f5c518"),
        "light_yellow" => Some("#efe38a"),
        "green" => Some("#3aa655"),
        _ => None,
    }
}

/// Switches the map to 预警等级 and compares every area with `wangge warnings --node`, then
/// switches back to a metric.
pub async fn warning_mode_matches_cli(client: &Client, cli: &Cli, node: &str) -> Result<(), String> {
    let started = Instant::now();
    page::click(client, "[data-map-mode=\"warning\"]").await?;
    page::wait_until(
        client,
        "document.querySelector('.warning-legend') && document.querySelectorAll('.legend-level').length === 5",
        Duration::from_secs(5),
    )
    .await?;
    let shown = page::wait_until(
        client,
        "(() => { const a = [...document.querySelectorAll('path[data-code]')]; \
           return a.length > 0 && a.every(p => p.dataset.warning) ? a.map(p => [p.dataset.code, p.dataset.warning, p.getAttribute('fill')]) : null })()",
        Duration::from_secs(5),
    )
    .await?;
    let expected = cli.warnings(node)?;
    let children = expected["children"].as_array().ok_or("wangge warnings lists no children")?;
    let areas = shown.as_array().ok_or("no areas")?;
    if areas.len() != children.len() {
        return Err(format!("预警等级: {} areas drawn, wangge warnings lists {} children", areas.len(), children.len()));
    }
    let mut problems = Vec::new();
    for child in children {
        let code = child["node"]["code"].as_str().unwrap_or_default();
        let level = child["level"].as_str().unwrap_or_default();
        let Some(area) = areas.iter().find(|a| a[0].as_str() == Some(code)) else {
            problems.push(format!("{code}: not drawn"));
            continue;
        };
        let (shown_level, fill) = (area[1].as_str().unwrap_or_default(), area[2].as_str().unwrap_or_default());
        if shown_level != level || Some(fill) != colour(level) {
            problems.push(format!("{code}: shown {shown_level} {fill}, wangge warnings says {level}"));
        }
    }
    if !problems.is_empty() {
        return Err(format!("预警等级 colours differ from wangge warnings:\n  {}", problems.join("\n  ")));
    }
    eprintln!(
        "预警等级: all {} areas coloured by their level as wangge warnings has it ({} ms)",
        areas.len(),
        started.elapsed().as_millis()
    );
    page::click(client, "[data-choropleth=\"isolations_active\"]").await?;
    page::wait_until(client, "!document.querySelector('.warning-legend')", Duration::from_secs(5)).await?;
    Ok(())
}

/// Writes two houses at an existing house's coordinates in `street`, under column names only
/// a mapping file explains, imports them through the dialog with that file, and checks
/// `wangge export houses --node street` lists two more.
pub async fn houses_through_dialog(client: &Client, cli: &Cli, street: &str, work: &Path) -> Result<(), String> {
    let started = Instant::now();
    let before_file = work.join("houses-before.csv");
    cli.export_houses(street, &before_file)?;
    let (before, lon, lat) = {
        let text = std::fs::read_to_string(&before_file).map_err(|e| e.to_string())?;
        let mut lines = text.trim_start_matches('\u{feff}').lines();
        let header: Vec<&str> = lines.next().ok_or("empty house export")?.split(',').collect();
        let column = |name: &str| header.iter().position(|h| h.trim() == name).ok_or(format!("no {name} column"));
        let (lon_at, lat_at) = (column("经度")?, column("纬度")?);
        let rows: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
        let first = fields(rows.first().ok_or(format!("street {street} has no houses"))?);
        let pick = |i: usize| first.get(i).cloned().ok_or("short row".to_string());
        (rows.len(), pick(lon_at)?, pick(lat_at)?)
    };
    // Column names no suggestion knows, named by a saved mapping file as `wangge import houses
    // --mapping` takes it: the dialog reads the file through the same reader.
    let file = work.join("houses-e2e.csv");
    let tag = std::process::id();
    let csv = format!("楼栋门牌,门牌全称,X坐标,Y坐标\nE2E{tag}-1,测试路{tag}号1室,{lon},{lat}\nE2E{tag}-2,测试路{tag}号2室,{lon},{lat}\n");
    std::fs::write(&file, csv).map_err(|e| e.to_string())?;
    let mapping = work.join("houses-mapping.json");
    let saved = r#"{"code": "楼栋门牌", "address": "门牌全称", "lon": "X坐标", "lat": "Y坐标"}"#;
    std::fs::write(&mapping, saved).map_err(|e| e.to_string())?;

    page::click(client, "[data-import-open]").await?;
    page::wait_until(client, "document.querySelector('.import-dialog')", Duration::from_secs(5)).await?;
    page::set_field(client, ".import-kind", "houses").await?;
    page::set_field(client, ".import-path", file.to_str().unwrap_or_default()).await?;
    page::set_field(client, ".import-mapping", mapping.to_str().unwrap_or_default()).await?;
    let clicked = Instant::now();
    page::click(client, ".import-start").await?;
    let outcome = page::wait_until(
        client,
        "(() => { const r = document.querySelector('.import-result'); \
           return r && document.querySelector('.import-dialog').dataset.busy === 'false' ? [r.dataset.outcome, r.dataset.stored, r.textContent] : null })()",
        Duration::from_secs(30),
    )
    .await?;
    if outcome[0].as_str() != Some("imported") || outcome[1].as_str() != Some("2") {
        return Err(format!("the import dialog reported {outcome}, expected 2 houses imported"));
    }
    eprintln!("import dialog: 2 houses imported {} ms after 开始导入", clicked.elapsed().as_millis());
    page::click(client, ".import-close").await?;

    let after_file = work.join("houses-after.csv");
    cli.export_houses(street, &after_file)?;
    let text = std::fs::read_to_string(&after_file).map_err(|e| e.to_string())?;
    let after = text.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
    if after != before + 2 {
        return Err(format!("wangge export houses --node {street}: {before} houses before, {after} after; expected +2"));
    }
    if !text.contains(&format!("E2E{tag}-1")) || !text.contains(&format!("E2E{tag}-2")) {
        return Err("wangge export houses does not list the imported house codes".into());
    }
    eprintln!("houses of {street}: {before} → {after} as wangge export has them (step {:.1} s)", started.elapsed().as_secs_f64());
    Ok(())
}

/// The fields of one CSV line (quotes honoured, no embedded newlines).
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    out.push(field);
    out
}

/// Imports, through 导入, one new micro-grid drawn as two features that share a code (an area
/// cut in two), inside the grid of a house of `street`, its code and name in properties with
/// Chinese names that the dialog is told: the dialog reports one area created from the two
/// features, and `wangge stats` lists it under the grid by that name.
pub async fn split_area_through_dialog(client: &Client, cli: &Cli, street: &str, work: &Path) -> Result<(), String> {
    let export = work.join("houses-split.csv");
    cli.export_houses(street, &export)?;
    let (micro, lon, lat) = {
        let text = std::fs::read_to_string(&export).map_err(|e| e.to_string())?;
        let mut lines = text.trim_start_matches('\u{feff}').lines();
        let header: Vec<&str> = lines.next().ok_or("empty house export")?.split(',').collect();
        let column = |name: &str| header.iter().position(|h| h.trim() == name).ok_or(format!("no {name} column"));
        let (micro_at, lon_at, lat_at) = (column("微网格")?, column("经度")?, column("纬度")?);
        let first = fields(lines.find(|l| !l.trim().is_empty()).ok_or(format!("street {street} has no houses"))?);
        let pick = |i: usize| first.get(i).cloned().ok_or("short row".to_string());
        (
            pick(micro_at)?,
            pick(lon_at)?.parse::<f64>().map_err(|e| e.to_string())?,
            pick(lat_at)?.parse::<f64>().map_err(|e| e.to_string())?,
        )
    };
    // Demo micro-grid codes are their grid's code and three digits.
    let grid = micro.get(..micro.len().saturating_sub(3)).ok_or("a short micro-grid code")?.to_owned();
    let code = format!("{grid}9{}", std::process::id() % 90 + 10);
    let square = |dx: f64| {
        let (x, y, d) = (lon + dx, lat, 0.000_01);
        format!("[[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]]", x + d, x + d, y + d, y + d)
    };
    let feature = |dx: f64| {
        format!(
            r#"{{"type":"Feature","properties":{{"编号":"{code}","名称":"E2E 拆分区域"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}"#,
            square(dx)
        )
    };
    let file = work.join("split-area.geojson");
    let text = format!(r#"{{"type":"FeatureCollection","features":[{},{}]}}"#, feature(0.0), feature(0.000_03));
    std::fs::write(&file, text).map_err(|e| e.to_string())?;

    page::click(client, "[data-import-open]").await?;
    page::wait_until(client, "document.querySelector('.import-dialog')", Duration::from_secs(5)).await?;
    page::set_field(client, ".import-kind", "boundaries").await?;
    page::wait_until(
        client,
        "document.querySelector('.import-level') && document.querySelector('.import-parent') ? true : null",
        Duration::from_secs(5),
    )
    .await?;
    page::set_field(client, ".import-level", "micro_grid").await?;
    page::set_field(client, ".import-parent", &grid).await?;
    // Properties named as a real district's file names them, the kind given in the dialog.
    page::set_field(client, ".import-code-field", "编号").await?;
    page::set_field(client, ".import-name-field", "名称").await?;
    page::wait_until(client, "document.querySelector('.import-micro-kind') ? true : null", Duration::from_secs(5)).await?;
    page::set_field(client, ".import-micro-kind", "building").await?;
    page::set_field(client, ".import-path", file.to_str().unwrap_or_default()).await?;
    page::click(client, ".import-start").await?;
    let result = "(() => { const r = document.querySelector('.import-result'); \
           return r && document.querySelector('.import-dialog').dataset.busy === 'false' ? [r.dataset.outcome, r.dataset.stored, r.textContent] : null })()";
    let mut outcome = page::wait_until(client, result, Duration::from_secs(30)).await?;
    if outcome[0].as_str() == Some("cancelled") {
        // The new area overlaps the micro-grids already there: a warning the user accepts.
        page::click(client, ".import-accept").await?;
        let accepted = "(() => { const r = document.querySelector('.import-result'); \
           return r && r.dataset.outcome !== 'cancelled' && document.querySelector('.import-dialog').dataset.busy === 'false' ? [r.dataset.outcome, r.dataset.stored, r.textContent] : null })()";
        outcome = page::wait_until(client, accepted, Duration::from_secs(30)).await?;
    }
    let summary = outcome[2].as_str().unwrap_or_default();
    if outcome[0].as_str() != Some("imported") || outcome[1].as_str() != Some("1") || !summary.contains("合并") {
        return Err(format!("the import dialog reported {outcome}, expected one area made of two features"));
    }
    page::click(client, ".import-close").await?;
    let stats = cli.stats(Some(&grid))?;
    let listed = stats["children"]
        .as_array()
        .is_some_and(|c| c.iter().any(|child| child["code"] == code.as_str() && child["name"] == "E2E 拆分区域"));
    if !listed {
        return Err(format!("wangge stats --node {grid} does not list the new area {code}"));
    }
    eprintln!("import dialog: area {code} made of two features under grid {grid}, as wangge stats lists it");
    Ok(())
}

/// 预警记录 under the figures panel's head: thirty days, each square's date and level as
/// `wangge warnings --history 30` has them.
pub async fn warning_history_as_the_cli_has_it(client: &Client, cli: &Cli, node: &str) -> Result<(), String> {
    let history = cli.warning_history(node, 30)?;
    let days: Vec<String> = history["days"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| format!("{}:{}", d["date"].as_str().unwrap_or_default(), d["level"].as_str().unwrap_or_default()))
        .collect();
    let shown = format!(
        "document.querySelector('.warning-history[data-node=\"{node}\"][data-days=\"30\"]') && \
         [...document.querySelectorAll('.warning-day')].map(d => d.dataset.date + ':' + d.dataset.level).join(',') === '{}'",
        days.join(",")
    );
    page::wait_until(client, &shown, Duration::from_secs(20))
        .await
        .map_err(|e| format!("the 预警记录 of {node} differs from wangge warnings --history 30 ({days:?}): {e}"))?;
    eprintln!("预警记录 of {node}: 30 days as wangge warnings --history has them (today {:?})", days.last());
    Ok(())
}
