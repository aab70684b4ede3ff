//! A screening batch (协查名单) through the app on a community: an XLSX list written here —
//! people at addresses of three grids' houses, as `wangge export houses` lists them, and one
//! address in no register — imported with 导入排查名单; the split per grid equals the count
//! this test made; outcomes entered for one grid's people move that grid, the community on
//! screen and the street in `wangge task progress`; the batch put on the map (进度上图) shows
//! each grid's own figures, recolours a grid when one more outcome comes in, and comes off
//! with its legend's ×; 导出汇总 writes the roll-up whose grid rows say what the screen said;
//! `wangge verify` passes.
//!
//! Hooks used: `[data-tab="screening"]`, `.screening[data-node][data-ready]`,
//! `[data-action="open-screening-import"]`, `.screening-path`, `.screening-title`,
//! `.screening-deadline`, `[data-action="import-screening"]`, `.screening-imported[data-people]`,
//! `.screening-batch[data-title]`, `.screening-child[data-code][data-items][data-done]`,
//! `.screening-summary[data-done]`, `.screening-item[data-item-id][data-owner] .screening-outcome`,
//! `[data-action="map-batch"]`, `.area[data-code][data-overlay-items][data-overlay-done]`,
//! `.overlay-legend[data-overlay="batch"] [data-action="close-map-overlay"]`, `[data-action="export-screening"]`,
//! `.screening-exported[data-path][data-rows]`.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::Client;

use crate::board;
use crate::cli::Cli;
use crate::page;

const WAIT: Duration = Duration::from_secs(20);
const TITLE: &str = "端到端协查第1批";
/// Three days after the test's NOW (2020-03-20).
const DEADLINE: &str = "2020-03-23";
/// People put at each grid's houses, in order.
const WANTED: [usize; 3] = [4, 3, 2];

/// An 18-digit ID number with its GB 11643 check character.
fn id_number(serial: usize) -> String {
    let body = format!("3304021985{:02}{:02}{:03}", 1 + serial % 12, 1 + serial % 28, serial % 1000);
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.chars().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
    let check = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize];
    format!("{body}{check}")
}

/// The addresses of a node's houses, from `wangge export houses` (CSV: 编号,房屋编码,微网格,地址,…).
fn addresses(cli: &Cli, node: &str, work: &Path) -> Result<Vec<String>, String> {
    let out = work.join(format!("houses-{node}.csv"));
    cli.export_houses(node, &out)?;
    let text = std::fs::read_to_string(&out).map_err(|e| format!("reading {}: {e}", out.display()))?;
    let mut seen = std::collections::BTreeSet::new();
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').nth(3).map(|a| a.trim_matches('"').to_string()))
        .filter(|a| !a.is_empty() && seen.insert(a.clone()))
        .collect())
}

pub async fn batch_through_the_app(client: &Client, cli: &Cli, community: &str, street: &str, work: &Path) -> Result<(), String> {
    let started = Instant::now();
    let grids: Vec<String> = cli.stats(Some(community))?["children"]
        .as_array()
        .map(|c| c.iter().filter_map(|c| c["code"].as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    // Addresses unique across the community, so each person has one grid.
    let mut per_grid: Vec<(String, Vec<String>)> = Vec::new();
    let mut all: Vec<String> = Vec::new();
    for (grid, wanted) in grids.iter().zip(WANTED) {
        let taken: Vec<String> = addresses(cli, grid, work)?.into_iter().filter(|a| !all.contains(a)).take(wanted).collect();
        all.extend(taken.iter().cloned());
        per_grid.push((grid.clone(), taken));
    }
    let (first_grid, first_people) = per_grid.first().cloned().ok_or(format!("community {community} has no grids"))?;
    if first_people.is_empty() {
        return Err(format!("grid {first_grid} has no houses to put people at"));
    }
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, header) in ["姓名", "身份证号", "地址"].into_iter().enumerate() {
        sheet_write(sheet, 0, c as u16, header)?;
    }
    for (row, address) in (1..).zip(all.iter().map(String::as_str).chain(["嘉兴市南湖区无此路999号"])) {
        let serial = row as usize;
        sheet_write(sheet, row, 0, &format!("协查对象{serial}"))?;
        sheet_write(sheet, row, 1, &id_number(serial))?;
        sheet_write(sheet, row, 2, address)?;
    }
    let list = work.join("协查名单.xlsx");
    let bytes = workbook.save_to_buffer().map_err(|e| format!("writing the XLSX list: {e}"))?;
    std::fs::write(&list, bytes).map_err(|e| format!("writing {}: {e}", list.display()))?;
    let people = all.len() + 1;

    board::switch_tab(client, "screening").await?;
    wait(
        client,
        &format!("document.querySelector('.screening[data-node=\"{community}\"][data-ready=\"true\"]')"),
        "the 排查 tab never got ready",
    )
    .await?;
    page::click(client, "[data-action=\"open-screening-import\"]").await?;
    page::set_field(client, ".screening-path", list.to_str().unwrap_or_default()).await?;
    page::set_field(client, ".screening-title", TITLE).await?;
    page::set_field(client, ".screening-deadline", DEADLINE).await?;
    page::click(client, "[data-action=\"import-screening\"]").await?;
    wait(client, &format!("document.querySelector('.screening-imported[data-people=\"{people}\"]')"), "the list was not imported").await?;
    let batch = format!(".screening-batch[data-title=\"{TITLE}\"]");
    wait(client, &format!("document.querySelector('{batch}')"), "the new batch is not listed").await?;
    page::click(client, &format!("{batch} .screening-title-text")).await?;
    for (grid, taken) in &per_grid {
        let split =
            format!("document.querySelector('.screening-child[data-code=\"{grid}\"][data-items=\"{}\"][data-done=\"0\"]')", taken.len());
        wait(client, &split, &format!("grid {grid} was not given its {} people", taken.len())).await?;
    }

    // The first grid's people found, one by one, as its grid worker would enter them.
    let items = page::wait_until(
        client,
        &format!("[...document.querySelectorAll('.screening-item[data-owner=\"{first_grid}\"]')].map(r => r.dataset.itemId).join(',')"),
        WAIT,
    )
    .await?;
    let items: Vec<String> = items.as_str().unwrap_or_default().split(',').filter(|s| !s.is_empty()).map(str::to_string).collect();
    if items.len() != first_people.len() {
        return Err(format!("grid {first_grid} lists {} people, the list put {} there", items.len(), first_people.len()));
    }
    for (n, item) in items.iter().enumerate() {
        let select = format!(".screening-item[data-item-id=\"{item}\"] .screening-outcome");
        page::set_field(client, &select, "found_under_control").await?;
        let done = format!("document.querySelector('.screening-child[data-code=\"{first_grid}\"][data-done=\"{}\"]')", n + 1);
        wait(client, &done, &format!("the outcome of item {item} did not move grid {first_grid}")).await?;
    }
    let found = first_people.len();
    wait(
        client,
        &format!("document.querySelector('.screening-summary[data-done=\"{found}\"]')"),
        &format!("the community's total did not reach {found} checked"),
    )
    .await?;
    let at_street = cli.task_progress(street, TITLE)?;
    if at_street["figures"]["done"].as_u64() != Some(found as u64) || at_street["figures"]["items"].as_u64() != Some(all.len() as u64) {
        return Err(format!("wangge task progress at the street: {}, expected {found} of {} checked", at_street["figures"], all.len()));
    }
    // The complete part checked for the community (社区核验): the street counts one part checked.
    let part = format!(".screening-part[data-owner=\"{first_grid}\"]");
    wait(
        client,
        &format!("document.querySelector('{part}[data-complete=\"true\"] [data-action=\"verify-part\"]')"),
        "the complete part offers no 社区核验",
    )
    .await?;
    page::click(client, &format!("{part} [data-action=\"verify-part\"]")).await?;
    wait(
        client,
        &format!("document.querySelector('{part}[data-verified=\"true\"]')"),
        &format!("grid {first_grid}'s part never showed checked"),
    )
    .await?;
    let checked = cli.task_progress(street, TITLE)?;
    if checked["figures"]["parts_verified"].as_u64() != Some(1) {
        return Err(format!(
            "wangge task progress at the street counts {} parts checked, expected 1",
            checked["figures"]["parts_verified"]
        ));
    }
    batch_on_the_map(client, &per_grid, found).await?;
    exported_rollup(client, &per_grid, found).await?;
    cli.verify()?;
    eprintln!(
        "screening: {people} people imported through the app, split {:?}, {found} found in {first_grid} and its part checked; the street agrees and wangge verify passes ({:.1} s)",
        per_grid.iter().map(|(g, p)| (g.as_str(), p.len())).collect::<Vec<_>>(),
        started.elapsed().as_secs_f64()
    );
    board::switch_tab(client, "board").await
}

/// 进度上图: each grid of the community's map carries the batch's figures there, the grid
/// all done and a grid with nothing done are coloured apart, an outcome entered for the second
/// grid moves its area, and the legend's × takes the batch off the map.
async fn batch_on_the_map(client: &Client, per_grid: &[(String, Vec<String>)], found: usize) -> Result<(), String> {
    page::click(client, "[data-action=\"map-batch\"]").await?;
    let legend = format!("document.querySelector('.overlay-legend[data-overlay=\"batch\"]')?.textContent.includes('{TITLE}')");
    wait(client, &legend, "the batch's legend is not on the map").await?;
    for (n, (grid, taken)) in per_grid.iter().enumerate() {
        let done = if n == 0 { found } else { 0 };
        let area = format!(
            "document.querySelector('.area[data-code=\"{grid}\"][data-overlay-items=\"{}\"][data-overlay-done=\"{done}\"]')",
            taken.len()
        );
        wait(client, &area, &format!("the map does not show grid {grid} with {done} of {} checked", taken.len())).await?;
    }
    let [(first, _), (second, second_people), ..] = per_grid else { return Err("the community has fewer than two grids".into()) };
    let fill = |grid: &str| format!("document.querySelector('.area[data-code=\"{grid}\"]').getAttribute('fill')");
    let apart = format!("{} !== {}", fill(first), fill(second));
    wait(client, &apart, &format!("grid {first} (all checked) and grid {second} (none checked) share one colour")).await?;
    if !second_people.is_empty() {
        let item =
            page::wait_until(client, &format!("document.querySelector('.screening-item[data-owner=\"{second}\"]')?.dataset.itemId"), WAIT)
                .await?;
        let item = item.as_str().unwrap_or_default().to_string();
        page::set_field(client, &format!(".screening-item[data-item-id=\"{item}\"] .screening-outcome"), "not_found").await?;
        let moved = format!("document.querySelector('.area[data-code=\"{second}\"][data-overlay-done=\"1\"]')");
        wait(client, &moved, &format!("grid {second}'s area did not move with the outcome entered there")).await?;
    }
    page::click(client, "[data-action=\"close-map-overlay\"]").await?;
    wait(
        client,
        "!document.querySelector('.area[data-overlay-items]') && !document.querySelector('.overlay-legend')",
        "the batch stayed on the map",
    )
    .await
}

/// 导出汇总: the XLSX the app wrote has a row per grid of the community, then the total, and
/// the grids' people and checked counts are those of the list and the outcomes entered.
async fn exported_rollup(client: &Client, per_grid: &[(String, Vec<String>)], found: usize) -> Result<(), String> {
    page::click(client, "[data-action=\"export-screening\"]").await?;
    let path = page::wait_until(client, "document.querySelector('.screening-exported')?.dataset.path", WAIT).await?;
    let path = path.as_str().unwrap_or_default().to_string();
    let bytes = std::fs::read(&path).map_err(|e| format!("reading the exported roll-up {path}: {e}"))?;
    let table = wangge_registers::open_table(&bytes, &path, &wangge_registers::SourceOptions::default())
        .map_err(|e| format!("the exported roll-up {path} does not read as a table: {e}"))?;
    let column = |name: &str| table.header.iter().position(|h| h == name).ok_or(format!("{path} has no column {name}"));
    let (people, checked) = (column("排查人数")?, column("已反馈")?);
    let total = table.rows.last().ok_or(format!("{path} has no rows"))?;
    let entered = found + usize::from(per_grid.get(1).is_some_and(|(_, p)| !p.is_empty()));
    let listed: usize = per_grid.iter().map(|(_, p)| p.len()).sum();
    // The person whose address placed them nowhere is the importing seat's (the district's),
    // not the community's, as at the street above.
    if total.cells[people] != listed.to_string() || total.cells[checked] != entered.to_string() {
        return Err(format!("{path}'s total row {:?}: expected {listed} people and {entered} checked", total.cells));
    }
    if table.rows.len() < per_grid.len() + 1 {
        return Err(format!("{path} has {} rows, fewer than the community's {} grids and its total", table.rows.len(), per_grid.len()));
    }
    eprintln!("screening: roll-up exported to {path} ({} rows)", table.rows.len());
    Ok(())
}

fn sheet_write(sheet: &mut rust_xlsxwriter::Worksheet, row: u32, col: u16, text: &str) -> Result<(), String> {
    sheet.write_string(row, col, text).map(drop).map_err(|e| format!("writing the XLSX list: {e}"))
}

async fn wait(client: &Client, expression: &str, failure: &str) -> Result<(), String> {
    page::wait_until(client, expression, WAIT).await.map(drop).map_err(|e| format!("{failure}: {e}"))
}
