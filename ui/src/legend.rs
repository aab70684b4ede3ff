//! The map's controls: the choropleth metric picker and the legend of its value range.

use leptos::prelude::*;
use wangge_api::ChoroplethMetric;

use crate::colours::Scale;
use crate::figures::group_thousands;

/// Buttons to choose which metric colours the map.
#[component]
pub fn MetricPicker(metric: RwSignal<ChoroplethMetric>) -> impl IntoView {
    let buttons = ChoroplethMetric::ALL
        .into_iter()
        .map(|m| {
            view! {
                <button class="metric-button" class:active=move || metric.get() == m
                    data-choropleth=key(m) on:click=move |_| metric.set(m)>
                    {m.label_zh()}
                </button>
            }
        })
        .collect_view();
    view! { <div class="metric-picker" role="group" aria-label="着色指标">{buttons}</div> }
}

/// The colour bar with the range's two ends, written as the metric is (count or %).
#[component]
pub fn Legend(scale: Memo<Option<Scale>>) -> impl IntoView {
    move || match scale.get() {
        None => view! { <div class="legend empty">"无数据"</div> }.into_any(),
        Some(s) => {
            let write = move |v: f64| match s.metric {
                ChoroplethMetric::ResumptionRate
                | ChoroplethMetric::OnTimeRate
                | ChoroplethMetric::FollowUpCompliance => {
                    format!("{:.2}%", v * 100.0)
                }
                _ => group_thousands(v.round() as u64),
            };
            view! {
                <div class="legend">
                    <span class="legend-title">{s.metric.label_zh()}</span>
                    <span class="legend-end">{write(s.min)}</span>
                    <span class="legend-bar" style=format!("background: {}", s.legend_gradient())></span>
                    <span class="legend-end">{write(s.max)}</span>
                </div>
            }
            .into_any()
        }
    }
}

/// The metric's snake_case name, as on the wire.
fn key(metric: ChoroplethMetric) -> &'static str {
    match metric {
        ChoroplethMetric::IsolationsActive => "isolations_active",
        ChoroplethMetric::ResumptionRate => "resumption_rate",
        ChoroplethMetric::TicketsOverdue => "tickets_overdue",
        ChoroplethMetric::OnTimeRate => "on_time_rate",
        ChoroplethMetric::FollowUpCompliance => "follow_up_compliance",
    }
}
