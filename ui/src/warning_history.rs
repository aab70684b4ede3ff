//! 预警记录: the focused node's warning level at the end of each of the last thirty days, as
//! a row of squares in the level's colour (hover: the date, the level and the rule's reason),
//! under the figures panel's head. Each day is what the level was at that day's end (the
//! engine evaluates the rules over the district as then known); today's moves with the
//! change log.
//!
//! Hooks: `.warning-history[data-node][data-days]`, `.warning-day[data-date][data-level]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use wangge_api::{commands, TrendRequest, WarningHistory};

use crate::bridge;
use crate::live::Live;

/// Days shown: a month.
const DAYS: u32 = 30;

#[derive(Serialize)]
struct HistoryArgs<'a> {
    request: &'a TrendRequest,
}

#[component]
pub fn WarningHistoryStrip(node: String, live: Live) -> impl IntoView {
    let history = RwSignal::new(None::<WarningHistory>);
    let request = TrendRequest { node: Some(node.clone()), days: Some(DAYS) };
    Effect::new(move |_| {
        live.log_seq.track();
        let request = request.clone();
        spawn_local(async move {
            // A failed read leaves the last strip; the figures beside it are what matters.
            if let Ok(fresh) = bridge::invoke::<_, WarningHistory>(commands::WARNING_HISTORY, &HistoryArgs { request: &request }).await {
                let _ = history.try_set(Some(fresh));
            }
        });
    });
    let days = move || {
        history
            .get()
            .map(|h| h.days)
            .unwrap_or_default()
            .into_iter()
            .map(|d| {
                let level = d.level.label_in(crate::i18n::language());
                let reason = d.reason.as_deref().map(|r| tf!("，{r}", ", {r}")).unwrap_or_default();
                let title = tf!("{}：{level}{reason}", "{}: {level}{reason}", d.date);
                view! {
                    <span class="warning-day" data-date=d.date.clone() data-level=d.level.as_str()
                        style=format!("background: {}", d.level.colour_hex()) title=title></span>
                }
            })
            .collect_view()
    };
    view! {
        <section class="warning-history" data-node=node data-days=move || history.with(|h| h.as_ref().map_or(0, |h| h.days.len()))>
            <span class="figure-label">{tf!("预警记录（近 {DAYS} 天）", "Warning history (last {DAYS} days)")}</span>
            <div class="warning-days">{days}</div>
        </section>
    }
}
