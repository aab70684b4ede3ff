//! The map's controls: the choropleth metric picker (plus the 预警等级 mode, which colours
//! areas by their four-colour warning level) and the legend of the value range or levels.

use leptos::prelude::*;
use wangge_api::{ChoroplethMetric, WarningLevel};

use crate::colours::Scale;
use crate::figures::group_thousands;
use crate::map_overlay::MapOverlay;

/// Buttons to choose which metric colours the map.
#[component]
pub fn MetricPicker(
    metric: RwSignal<ChoroplethMetric>,
    /// On: the map shows warning levels instead of the metric.
    warning_mode: RwSignal<bool>,
) -> impl IntoView {
    // Choosing how to colour the map takes an overlay (a batch, enterprises) off it.
    let overlay_off = move || {
        if let Some(overlay) = MapOverlay::current() {
            overlay.0.set(None);
        }
    };
    let buttons = ChoroplethMetric::ALL
        .into_iter()
        .map(|m| {
            view! {
                <button class="metric-button" class:active=move || !warning_mode.get() && metric.get() == m
                    data-choropleth=key(m) on:click=move |_| { metric.set(m); warning_mode.set(false); overlay_off() }>
                    {m.label_in(crate::i18n::language())}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="metric-picker" role="group" aria-label=t!("着色指标", "Map colouring")>
            {buttons}
            <button class="metric-button warning-mode" class:active=move || warning_mode.get()
                data-map-mode="warning" on:click=move |_| { warning_mode.set(true); overlay_off() }>
                {t!("预警等级", "Warning levels")}
            </button>
        </div>
    }
}

/// The four levels with their colours, most severe first.
#[component]
pub fn WarningLegend() -> impl IntoView {
    let chips = WarningLevel::ALL
        .into_iter()
        .map(|level| {
            view! {
                <span class="legend-level" data-level=level.as_str()>
                    <span class="legend-swatch" style=format!("background: {}", level.colour_hex())></span>
                    {level.label_in(crate::i18n::language())}
                </span>
            }
        })
        .collect_view();
    view! { <div class="legend warning-legend"><span class="legend-title">{t!("预警等级", "Warning levels")}</span>{chips}</div> }
}

/// The colour bar with the range's two ends, written as the metric is (count or %).
#[component]
pub fn Legend(scale: Memo<Option<Scale>>) -> impl IntoView {
    move || match scale.get() {
        None => view! { <div class="legend empty">{t!("无数据", "No data")}</div> }.into_any(),
        Some(s) => {
            // A rate's range is fixed: its low end stands for everything under it.
            let write = move |v: f64| {
                if s.metric.figure().is_rate() {
                    let percent = format!("{}%", (v * 100.0).round());
                    if v == s.min {
                        format!("≤{percent}")
                    } else {
                        percent
                    }
                } else {
                    group_thousands(v.round() as u64)
                }
            };
            view! {
                <div class="legend">
                    <span class="legend-title">{s.metric.label_in(crate::i18n::language())}</span>
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
        ChoroplethMetric::RentalHouses => "rental_houses",
        ChoroplethMetric::LandlordsBlackListed => "landlords_black_listed",
    }
}
