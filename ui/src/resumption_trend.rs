//! 复工进度: resumption at the end of each of the last fourteen days under the focused node, as
//! bars of the day's rate (0–100 %), in the 企业 tab. Each day is what the panel showed at that
//! day's end (the engine's as-of machinery); today's bar moves with the change log.
//!
//! Hooks: `.resumption-trend[data-node][data-days]`, `.trend-day[data-date][data-resumed][data-total]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use wangge_api::{commands, ResumptionTrend, TrendRequest};

use crate::bridge;
use crate::figures::percent;
use crate::live::Live;

/// Days shown: two weeks, the span of a resumption campaign's reports.
const DAYS: u32 = 14;
const BAR_W: f64 = 20.0;
const GAP: f64 = 4.0;
const HEIGHT: f64 = 60.0;

#[derive(Serialize)]
struct TrendArgs<'a> {
    request: &'a TrendRequest,
}

#[component]
pub fn ResumptionTrendChart(node: String, live: Live) -> impl IntoView {
    let trend = RwSignal::new(None::<ResumptionTrend>);
    let request = TrendRequest { node: Some(node.clone()), days: Some(DAYS) };
    Effect::new(move |_| {
        live.log_seq.track();
        let request = request.clone();
        spawn_local(async move {
            // A failed trend leaves the last one; the tab's other parts report errors.
            if let Ok(fresh) = bridge::invoke::<_, ResumptionTrend>(commands::RESUMPTION_TREND, &TrendArgs { request: &request }).await {
                let _ = trend.try_set(Some(fresh));
            }
        });
    });
    let chart = move || {
        trend.get().map(|t| {
            let width = t.days.len() as f64 * (BAR_W + GAP);
            let bars = t
                .days
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let height = d.resumption_rate.unwrap_or(0.0) * HEIGHT;
                    let title = tf!(
                        "{}：已复工 {} / {} 家（{}）",
                        "{}: {} of {} enterprises resumed ({})",
                        d.date,
                        d.enterprises_resumed,
                        d.enterprises_total,
                        percent(d.resumption_rate)
                    );
                    view! {
                        <rect class="trend-day" data-date=d.date.clone() data-resumed=d.enterprises_resumed data-total=d.enterprises_total
                            x=format!("{:.1}", i as f64 * (BAR_W + GAP)) y=format!("{:.1}", HEIGHT - height)
                            width=BAR_W height=format!("{height:.1}")>
                            <title>{title}</title>
                        </rect>
                    }
                })
                .collect_view();
            let first = t.days.first().map(|d| d.date.clone()).unwrap_or_default();
            let last = t.days.last().cloned();
            view! {
                <svg class="trend-bars" viewBox=format!("0 0 {width:.0} {HEIGHT:.0}") preserveAspectRatio="none">{bars}</svg>
                <p class="trend-caption">
                    {first} {t!(" 至 ", " to ")} {last.as_ref().map(|d| d.date.clone()).unwrap_or_default()}
                    {t!("，今日复工率 ", ", resumption rate today ")}
                    <b>{percent(last.and_then(|d| d.resumption_rate))}</b>
                </p>
            }
        })
    };
    view! {
        <section class="resumption-trend" data-node=node data-days=move || trend.with(|t| t.as_ref().map_or(0, |t| t.days.len()))>
            <h4>{tf!("复工进度（近 {DAYS} 天）", "Resumption of work (last {DAYS} days)")}</h4>
            {chart}
        </section>
    }
}
