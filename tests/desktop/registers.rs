//! The register view (登记) of a community: the house with most people, as `wangge export
//! people` lists them, found by its code, shows exactly those people (by ID number, masked
//! 330402********1234); 查看 with a reason shows one person's ID number in full, and the audit
//! tab's reveal log names the account and the person.
//!
//! Hooks used: `[data-tab="registers"]`, `.registers[data-node][data-ready]`,
//! `.register-search`, `.register-house[data-house-id][data-people]`,
//! `.register-person[data-person-id][data-masked]`, `[data-action="reveal-person"]`,
//! `.reveal-reason`, `[data-action="confirm-reveal"]`, `[data-tab="audit"]`,
//! `.reveal-entry[data-person-id]`.

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
    // House code → (ID number, person id) of everyone registered there.
    let mut by_house: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').map(|c| c.trim_matches('"')).collect();
        if let (Some(id), Some(id_number), Some(house)) = (cells.first(), cells.get(2), cells.get(4)) {
            let id_number = id_number.trim_start_matches('\'').to_string();
            by_house.entry((*house).to_string()).or_default().insert((id_number, (*id).to_string()));
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
    let mut expected = people.iter().map(|(id_number, _)| masked(id_number)).collect::<Vec<_>>();
    expected.sort();
    let expected = expected.join(",");
    if listed.as_str() != Some(expected.as_str()) {
        return Err(format!("house {house} lists {listed}, wangge export people masked is {expected}"));
    }
    let (id_number, person) = people.iter().next().ok_or("no one to reveal")?;
    reveal(client, person, id_number).await?;
    eprintln!(
        "登记: house {house} with its {} people as wangge export people lists them, masked; person {person} revealed and logged",
        people.len()
    );
    board::switch_tab(client, "board").await
}

/// An ID number as the register view shows it: the region and the last four.
fn masked(id_number: &str) -> String {
    let chars: Vec<char> = id_number.chars().collect();
    if chars.len() < 14 {
        return "*".repeat(chars.len());
    }
    let hidden = "*".repeat(chars.len() - 10);
    format!("{}{hidden}{}", chars[..6].iter().collect::<String>(), chars[chars.len() - 4..].iter().collect::<String>())
}

/// 查看 with a reason: the person's ID number shows in full, and the audit tab logs it.
async fn reveal(client: &Client, person: &str, id_number: &str) -> Result<(), String> {
    let row = format!(".register-person[data-person-id=\"{person}\"]");
    page::click(client, &format!("{row} [data-action=\"reveal-person\"]")).await?;
    page::wait_until(client, &format!("document.querySelector('{row} .reveal-reason')"), WAIT).await?;
    page::set_field(client, &format!("{row} .reveal-reason"), "核实户籍信息").await?;
    page::click(client, &format!("{row} [data-action=\"confirm-reveal\"]")).await?;
    let full = format!(
        "document.querySelector('.register-person[data-person-id=\"{person}\"][data-masked=\"false\"] td:nth-child(2)')?.textContent === '{id_number}'"
    );
    page::wait_until(client, &full, WAIT).await.map_err(|e| format!("person {person}'s ID number never showed in full: {e}"))?;
    board::switch_tab(client, "audit").await?;
    page::wait_until(client, &format!("document.querySelector('.reveal-entry[data-person-id=\"{person}\"]')"), WAIT)
        .await
        .map_err(|e| format!("the reveal of person {person} is not in the audit tab's log: {e}"))?;
    Ok(())
}
