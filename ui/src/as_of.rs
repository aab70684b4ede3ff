//! The view of the past (截至), in the toolbar above the map: a date field with a day back
//! and a day forward that shows the figures as they stood at the end of a past day, a marker
//! that says so whenever the screen is not live, and the button that goes back to live. The
//! figures of a day come from the backend's `figures_as_of`, computed from the records as
//! they were known that evening.
//!
//! The field is text in `YYYY-MM-DD`, not the browser's date input, whose format follows the
//! webview's locale (`03/20/2020`) rather than the commander's.
//!
//! Test hooks: `input.as-of-date`, `.as-of-back`, `.as-of-forward`, `.as-of-live`,
//! `.not-live[data-as-of]`, `.as-of-error`.

use leptos::prelude::*;
use wangge_api::AsOfFigures;

/// The date control: today's date (from the backend's clock) bounds it; today, or an empty
/// field, is live.
#[component]
pub fn AsOfControl(
    /// The day shown; `None` is live.
    date: RwSignal<Option<String>>,
    /// Today's date by the backend's clock.
    today: Signal<Option<String>>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let show = move |day: Option<String>| {
        let Some(today) = today.get_untracked() else { return };
        match day.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => {
                error.set(None);
                date.set(None);
            }
            Some(day) => match crate::figures::parse_day(day) {
                None => error
                    .set(Some(tf!("“{day}”不是日期，应写作 年-月-日（如 2020-03-19）", "\"{day}\" is not a date: write it as YYYY-MM-DD"))),
                Some(date) if Some(date) > crate::figures::parse_day(&today) => {
                    error.set(Some(tf!("{day} 还没有到", "{day} has not come yet")))
                }
                Some(_) => {
                    error.set(None);
                    date.set((day != today).then(|| day.to_string()));
                }
            },
        }
    };
    let step = move |days: i64| {
        let from = date.get_untracked().or_else(|| today.get_untracked());
        if let Some(next) = from.as_deref().and_then(|d| crate::figures::shift_day(d, days)) {
            show(Some(next));
        }
    };
    view! {
        <div class="as-of" role="group" aria-label=t!("截至", "As of")>
            <span class="as-of-label">{t!("截至", "As of")}</span>
            <button class="metric-button as-of-back" title=t!("前一天", "Previous day") on:click=move |_| step(-1)>"◀"</button>
            <input type="text" class="as-of-date" inputmode="numeric" placeholder=t!("年-月-日", "YYYY-MM-DD") maxlength="10"
                prop:value=move || date.get().or_else(|| today.get()).unwrap_or_default()
                on:change=move |ev| show(Some(event_target_value(&ev))) />
            <button class="metric-button as-of-forward" title=t!("后一天", "Next day") disabled=move || date.get().is_none() on:click=move |_| step(1)>"▶"</button>
            {move || date.get().is_some().then(|| view! {
                <button class="metric-button as-of-live" on:click=move |_| show(None)>{t!("回到实时", "Back to live")}</button>
            })}
            {move || error.get().map(|e| view! { <span class="as-of-error" role="alert">{e}</span> })}
        </div>
    }
}

/// Beside the control whenever a past day is shown: what the screen holds is history.
#[component]
pub fn NotLiveMarker(figures: Signal<Option<AsOfFigures>>) -> impl IntoView {
    move || {
        figures.get().filter(|f| !f.live).map(|f| {
            view! {
                <div class="not-live" role="status" data-as-of=f.data_as_of.clone()>
                    {tf!("历史数据 · 截至 {} · 非实时", "History · as of {} · not live", f.data_as_of)}
                </div>
            }
        })
    }
}
