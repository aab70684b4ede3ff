//! The enterprises view (企业) of the focused node as `wangge enterprises` has it: the count
//! and resumption of all and of 规上 enterprises, the demands in the service loop (收集 → 解决
//! → 反馈), the 复工进度 bars day by day, 规上 enterprises on the map (企业分布上图: each area's
//! count is `wangge enterprises` at that child), and one enterprise's demands with their
//! steps and its workers on record.
//!
//! Hooks used: `[data-tab="enterprises"]`, `.enterprises[data-node][data-ready][data-matching]
//! [data-resumed]`, `.enterprise-size`, `.enterprise-row[data-enterprise-id][data-open-demands]`,
//! `.demand-loop[data-collected][data-in-hand][data-resolved][data-fed-back]`,
//! `[data-action="map-enterprises"]`, `.area[data-code][data-overlay-items][data-overlay-done]`,
//! `.overlay-legend[data-overlay="enterprises"] [data-action="close-map-overlay"]`,
//! `.enterprise-detail[data-enterprise-id] .enterprise-demand[data-ticket-id][data-step]`,
//! `.enterprise-workers[data-workers]`, `.enterprise-worker[data-person-id]`,
//! `.resumption-trend[data-node][data-days] .trend-day[data-date][data-resumed][data-total]`.

use std::time::Duration;

use fantoccini::Client;
use serde_json::Value;

use crate::board;
use crate::cli::Cli;
use crate::page;

const WAIT: Duration = Duration::from_secs(15);

pub async fn as_the_cli_has_them(client: &Client, cli: &Cli, node: &str) -> Result<(), String> {
    board::switch_tab(client, "enterprises").await?;
    let breakdown = cli.enterprises(node)?;
    let shows = |total: &Value, resumed: &Value| {
        format!(
            "document.querySelector('.enterprises[data-node=\"{node}\"][data-ready=\"true\"][data-matching=\"{total}\"][data-resumed=\"{resumed}\"]')"
        )
    };
    let totals = &breakdown["totals"];
    page::wait_until(client, &shows(&totals["total"], &totals["resumed"]), WAIT)
        .await
        .map_err(|e| format!("the enterprises of {node} differ from wangge enterprises ({totals}): {e}"))?;
    // 复工进度: the bars are `wangge enterprises --trend 14`, day by day.
    let trend = cli.resumption_trend(node, 14)?;
    let days: Vec<String> = trend["days"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| format!("{}:{}:{}", d["date"].as_str().unwrap_or_default(), d["enterprises_resumed"], d["enterprises_total"]))
        .collect();
    let bars = format!(
        "document.querySelector('.resumption-trend[data-node=\"{node}\"][data-days=\"14\"]') && \
         [...document.querySelectorAll('.trend-day')].map(b => b.dataset.date + ':' + b.dataset.resumed + ':' + b.dataset.total).join(',') === '{}'",
        days.join(",")
    );
    page::wait_until(client, &bars, WAIT)
        .await
        .map_err(|e| format!("the 复工进度 bars of {node} differ from wangge enterprises --trend ({days:?}): {e}"))?;
    if days.last().map(String::as_str)
        != Some(&format!("{}:{}:{}", trend["days"][13]["date"].as_str().unwrap_or_default(), totals["resumed"], totals["total"]))
    {
        return Err(format!("today's 复工进度 {:?} is not the panel's {totals}", days.last()));
    }
    // The service loop of all the node's demands, as the CLI counts it.
    let demands = &breakdown["demands"];
    let the_loop = format!(
        "document.querySelector('.demand-loop[data-collected=\"{}\"][data-in-hand=\"{}\"][data-resolved=\"{}\"][data-fed-back=\"{}\"]')",
        demands["collected"], demands["in_hand"], demands["resolved"], demands["fed_back"]
    );
    page::wait_until(client, &the_loop, WAIT)
        .await
        .map_err(|e| format!("the demands' service loop under {node} differs from wangge enterprises ({demands}): {e}"))?;
    let above = &breakdown["by_size"][0];
    page::set_field(client, ".enterprise-size", "above").await?;
    page::wait_until(client, &shows(&above["total"], &above["resumed"]), WAIT)
        .await
        .map_err(|e| format!("规上 under {node} differs from wangge enterprises ({above}): {e}"))?;
    above_size_on_the_map(client, cli, above).await?;
    let rows = page::wait_until(client, "document.querySelectorAll('.enterprise-row').length", WAIT).await?;
    let expected = above["total"].as_u64().unwrap_or_default().min(500);
    if rows.as_u64() != Some(expected) {
        return Err(format!("{rows} 规上 rows listed under {node}, wangge enterprises counts {expected}"));
    }
    // Back to every size class, so that the enterprise opened can be one with open demands.
    page::set_field(client, ".enterprise-size", "").await?;
    page::wait_until(client, &shows(&totals["total"], &totals["resumed"]), WAIT)
        .await
        .map_err(|e| format!("all enterprises of {node} did not come back after the 规上 filter: {e}"))?;
    // One enterprise (one with open demands if any): its demands as the CLI lists them.
    let id = page::wait_until(
        client,
        "(document.querySelector('.enterprise-row:not([data-open-demands=\"0\"])') || document.querySelector('.enterprise-row'))?.dataset.enterpriseId",
        WAIT,
    )
    .await?;
    let id = id.as_str().and_then(|s| s.parse::<i64>().ok()).ok_or(format!("no enterprise row to open under {node}"))?;
    page::click(client, &format!(".enterprise-row[data-enterprise-id=\"{id}\"] .enterprise-name")).await?;
    let detail = cli.enterprise(id)?;
    let expected: Vec<String> = detail["demands"]
        .as_array()
        .map(|d| d.iter().map(|d| format!("{}:{}", d["ticket_id"], d["step"].as_str().unwrap_or_default())).collect())
        .unwrap_or_default();
    let listed = format!(
        "document.querySelector('.enterprise-detail[data-enterprise-id=\"{id}\"]') && \
         [...document.querySelectorAll('.enterprise-demand')].map(d => d.dataset.ticketId + ':' + d.dataset.step).join(',') === '{}'",
        expected.join(",")
    );
    page::wait_until(client, &listed, WAIT)
        .await
        .map_err(|e| format!("enterprise {id}'s demands differ from wangge enterprises --id ({expected:?}): {e}"))?;
    // Its workers on record, in the order the CLI lists them.
    let workers: Vec<i64> =
        detail["workers"].as_array().map(|w| w.iter().filter_map(|w| w["person_id"].as_i64()).collect()).unwrap_or_default();
    let listed = format!(
        "document.querySelector('.enterprise-workers[data-workers=\"{}\"]') && \
         [...document.querySelectorAll('.enterprise-worker')].map(w => Number(w.dataset.personId)).join(',') === '{}'",
        workers.len(),
        workers.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    );
    page::wait_until(client, &listed, WAIT)
        .await
        .map_err(|e| format!("enterprise {id}'s workers differ from wangge enterprises --id ({workers:?}): {e}"))?;
    eprintln!(
        "enterprises of {node}: {} in all, {} 规上, enterprise {id} with demands {expected:?} and {} workers on record, as wangge enterprises has them",
        totals["total"], above["total"], workers.len()
    );
    board::switch_tab(client, "board").await
}

/// 企业分布上图 with the 规上 filter: the areas on the map carry the 规上 enterprises under
/// them as `wangge enterprises --node <area>` counts them (three checked), the areas add up to the node's 规上
/// count, and the legend's × takes them off the map.
async fn above_size_on_the_map(client: &Client, cli: &Cli, above: &Value) -> Result<(), String> {
    page::click(client, "[data-action=\"map-enterprises\"]").await?;
    page::wait_until(client, "document.querySelector('.overlay-legend[data-overlay=\"enterprises\"]')?.textContent.includes('规上')", WAIT)
        .await
        .map_err(|e| format!("the enterprises' legend does not name the 规上 filter: {e}"))?;
    let areas = page::wait_until(
        client,
        "(() => { const a = [...document.querySelectorAll('.area[data-overlay-items]')]; \
          return a.length ? a.map(x => x.dataset.code + ':' + x.dataset.overlayItems + ':' + x.dataset.overlayDone).join(',') : null })()",
        WAIT,
    )
    .await?;
    let areas: Vec<(String, u64, u64)> = areas
        .as_str()
        .unwrap_or_default()
        .split(',')
        .filter_map(|a| {
            let mut parts = a.split(':');
            Some((parts.next()?.to_owned(), parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
        })
        .collect();
    let total: u64 = areas.iter().map(|(_, items, _)| items).sum();
    if Some(total) != above["total"].as_u64() {
        return Err(format!("the map's areas hold {total} 规上 enterprises, the node {}", above["total"]));
    }
    // A few areas by the CLI (each call opens the district again).
    for (code, items, resumed) in areas.iter().take(3) {
        let there = &cli.enterprises(code)?["by_size"][0];
        if (Some(*items), Some(*resumed)) != (there["total"].as_u64(), there["resumed"].as_u64()) {
            return Err(format!("area {code} shows {items} 规上 ({resumed} resumed), wangge enterprises counts {there}"));
        }
    }
    page::click(client, "[data-action=\"close-map-overlay\"]").await?;
    page::wait_until(client, "!document.querySelector('.area[data-overlay-items]') && !document.querySelector('.overlay-legend')", WAIT)
        .await
        .map(|_| ())
        .map_err(|e| format!("the enterprises stayed on the map: {e}"))
}
