//! The rental view (出租) of a community as `wangge landlords list` has it, and a deduction
//! recorded with its form: the landlord's score and the community's 红黑榜 move on screen,
//! and the CLI reads back the same score and the event's reason.
//!
//! Hooks used: `[data-tab="rental"]`, `.rental[data-node][data-ready][data-houses][data-black]`,
//! `.standing-count[data-standing][data-landlords]`, `.rental-standing`,
//! `.landlord-row[data-landlord-id]`, `.landlord-detail[data-landlord-id][data-score]`,
//! `.score-item`, `.score-reason`, `[data-action="score-landlord"]`.

use std::time::Duration;

use fantoccini::Client;

use crate::board;
use crate::cli::Cli;
use crate::page;

const WAIT: Duration = Duration::from_secs(15);
const REASON: &str = "租客返回未在24小时内报告（桌面端测试）";

pub async fn scoring_on_the_red_black_list(client: &Client, cli: &Cli, community: &str) -> Result<(), String> {
    board::switch_tab(client, "rental").await?;
    let listed = cli.landlords(community, None)?;
    let count = |v: &serde_json::Value, key: &str| v[key].as_u64().unwrap_or_default();
    let (houses, black) = (count(&listed, "rental_houses"), count(&listed, "landlords_black_listed"));
    let shows = |black: u64| {
        format!(
            "document.querySelector('.rental[data-node=\"{community}\"][data-ready=\"true\"][data-houses=\"{houses}\"][data-black=\"{black}\"]')"
        )
    };
    page::wait_until(client, &shows(black), WAIT)
        .await
        .map_err(|e| format!("the rental view of {community} differs from wangge landlords ({houses} houses, {black} black): {e}"))?;
    for standing in listed["standings"].as_array().into_iter().flatten() {
        let selector = format!(
            ".standing-count[data-standing=\"{}\"][data-landlords=\"{}\"]",
            standing["standing"].as_str().unwrap_or_default(),
            standing["landlords"]
        );
        page::wait_until(client, &format!("document.querySelector('{selector}')"), WAIT)
            .await
            .map_err(|e| format!("{selector} not shown for {community}: {e}"))?;
    }
    // An ordinary landlord letting one house here: deducted until the 黑榜 with the form.
    let ordinary = cli.landlords(community, Some("ordinary"))?;
    let Some(landlord) =
        ordinary["landlords"].as_array().into_iter().flatten().find(|l| l["houses"].as_array().is_some_and(|h| h.len() == 1))
    else {
        return Err(format!("no ordinary landlord letting one house in {community}"));
    };
    let id = landlord["id"].as_i64().ok_or("a landlord without an id")?;
    let record = cli.landlord(id)?;
    let heaviest = record["items"]
        .as_array()
        .into_iter()
        .flatten()
        .min_by_key(|i| i["points"].as_i64().unwrap_or_default())
        .ok_or("the rule file lists no item")?
        .clone();
    let (item, points) = (heaviest["wording"].as_str().unwrap_or_default().to_string(), heaviest["points"].as_i64().unwrap_or_default());
    let black_at_most = listed["thresholds"]["black_at_most"].as_i64().unwrap_or_default();
    let mut score = landlord["score"].as_i64().unwrap_or_default();
    page::set_field(client, ".rental-standing", "ordinary").await?;
    // Clicked only once the filtered list is on screen: a row clicked while the list is
    // redrawn under the pointer can be another landlord's (a full run caught that).
    let filtered = format!(
        "document.querySelector('.landlord-row[data-landlord-id=\"{id}\"]') && \
         [...document.querySelectorAll('.landlord-row')].every(r => r.dataset.standing === 'ordinary')"
    );
    page::wait_until(client, &filtered, WAIT).await.map_err(|e| format!("the 未上榜 filter never showed landlord {id}: {e}"))?;
    page::click(client, &format!(".landlord-row[data-landlord-id=\"{id}\"] .landlord-name")).await?;
    while score > black_at_most {
        page::wait_until(
            client,
            &format!("document.querySelector('.landlord-detail[data-landlord-id=\"{id}\"][data-score=\"{score}\"] .score-item')"),
            WAIT,
        )
        .await
        .map_err(|e| format!("landlord {id}'s record with score {score} never opened: {e}"))?;
        page::set_field(client, ".score-item", &item).await?;
        page::set_field(client, ".score-reason", REASON).await?;
        page::click(client, "[data-action=\"score-landlord\"]").await?;
        score += points;
        page::wait_until(
            client,
            &format!("document.querySelector('.landlord-detail[data-landlord-id=\"{id}\"][data-score=\"{score}\"]')"),
            WAIT,
        )
        .await
        .map_err(|e| format!("landlord {id}'s score never moved to {score}: {e}"))?;
    }
    page::wait_until(client, &shows(black + 1), WAIT)
        .await
        .map_err(|e| format!("{community}'s 黑榜 count never rose from {black}: {e}"))?;
    let after = cli.landlord(id)?;
    if after["landlord"]["score"].as_i64() != Some(score) || after["landlord"]["standing"] != "black" {
        return Err(format!("wangge landlords show reads {} for landlord {id}, the window showed {score} on the 黑榜", after["landlord"]));
    }
    if after["marks"][0]["reason"] != REASON {
        return Err(format!("the latest event of landlord {id} reads {}", after["marks"][0]));
    }
    let community_black = count(&cli.landlords(community, None)?, "landlords_black_listed");
    if community_black != black + 1 {
        return Err(format!("wangge landlords counts {community_black} on the 黑榜 of {community}, expected {}", black + 1));
    }
    eprintln!("rental of {community}: {houses} let houses; landlord {id} deducted to {score} on the 黑榜 through the form, as wangge landlords reads");
    board::switch_tab(client, "board").await
}
