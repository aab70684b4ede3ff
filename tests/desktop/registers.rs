//! The register view (登记) of a community: the house with most people, as `wangge export
//! people` lists them, found by its code, shows exactly those people (by ID number).
//!
//! Hooks used: `[data-tab="registers"]`, `.registers[data-node][data-ready]`,
//! `.register-search`, `.register-house[data-house-id][data-people]`, `.register-person`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use fantoccini::{Client, Locator};

use crate::board;
use crate::cli::Cli;
use crate::page;

const WAIT: Duration = Duration::from_secs(20);

pub async fn household_as_the_cli_has_it(client: &Client, cli: &Cli, community: &str, work: &Path) -> Result<(), String> {
    // 编号,姓名,身份证号,联系电话,房屋编码,地址,微网格
    let out = work.join(format!("people-{community}.csv"));
    cli.export_people(community, &out)?;
    let text = std::fs::read_to_string(&out).map_err(|e| format!("reading {}: {e}", out.display()))?;
    let mut by_house: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').map(|c| c.trim_matches('"')).collect();
        if let (Some(id_number), Some(house)) = (cells.get(2), cells.get(4)) {
            by_house.entry((*house).to_string()).or_default().insert(id_number.trim_start_matches('\'').to_string());
        }
    }
    let (house, people) = by_house
        .into_iter()
        .max_by_key(|(code, people)| (people.len(), std::cmp::Reverse(code.clone())))
        .ok_or(format!("nobody is registered under {community}"))?;

    board::switch_tab(client, "registers").await?;
    page::wait_until(client, &format!("document.querySelector('.registers[data-node=\"{community}\"][data-ready=\"true\"]')"), WAIT)
        .await
        .map_err(|e| format!("the 登记 tab of {community} never got ready: {e}"))?;
    page::set_field(client, ".register-search", &house).await?;
    client
        .find(Locator::Css(".register-search"))
        .await
        .map_err(|e| format!("no search field: {e}"))?
        .send_keys("\u{E007}")
        .await
        .map_err(|e| format!("pressing Enter in the search field: {e}"))?;
    let shown = format!(
        "[...document.querySelectorAll('.register-house')].length === 1 && document.querySelector('.register-house[data-people=\"{}\"]') \
         && [...document.querySelectorAll('.register-person td:nth-child(2)')].map(td => td.textContent).sort().join(',')",
        people.len()
    );
    let listed = page::wait_until(client, &shown, WAIT)
        .await
        .map_err(|e| format!("house {house} with {} people never showed alone: {e}", people.len()))?;
    let expected = people.iter().cloned().collect::<Vec<_>>().join(",");
    if listed.as_str() != Some(expected.as_str()) {
        return Err(format!("house {house} lists {listed}, wangge export people has {expected}"));
    }
    eprintln!("登记: house {house} with its {} people as wangge export people lists them", people.len());
    board::switch_tab(client, "board").await
}
