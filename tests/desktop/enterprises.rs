//! The enterprises view (企业) of the focused node as `wangge enterprises` has it: the count
//! and resumption of all and of 规上 enterprises, the 复工进度 bars day by day, and one
//! enterprise's demands and workers on record.
//!
//! Hooks used: `[data-tab="enterprises"]`, `.enterprises[data-node][data-ready][data-matching]
//! [data-resumed]`, `.enterprise-size`, `.enterprise-row[data-enterprise-id][data-open-demands]`,
//! `.enterprise-detail[data-enterprise-id] .enterprise-demand[data-ticket-id]`,
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
    let above = &breakdown["by_size"][0];
    page::set_field(client, ".enterprise-size", "above").await?;
    page::wait_until(client, &shows(&above["total"], &above["resumed"]), WAIT)
        .await
        .map_err(|e| format!("规上 under {node} differs from wangge enterprises ({above}): {e}"))?;
    let rows = page::wait_until(client, "document.querySelectorAll('.enterprise-row').length", WAIT).await?;
    let expected = above["total"].as_u64().unwrap_or_default().min(500);
    if rows.as_u64() != Some(expected) {
        return Err(format!("{rows} 规上 rows listed under {node}, wangge enterprises counts {expected}"));
    }
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
    let expected: Vec<i64> =
        detail["demands"].as_array().map(|d| d.iter().filter_map(|d| d["ticket_id"].as_i64()).collect()).unwrap_or_default();
    let listed = format!(
        "document.querySelector('.enterprise-detail[data-enterprise-id=\"{id}\"]') && \
         [...document.querySelectorAll('.enterprise-demand')].map(d => Number(d.dataset.ticketId)).join(',') === '{}'",
        expected.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
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
