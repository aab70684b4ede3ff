//! Which figures the panel shows and how each is written: counts with thousands separators,
//! rates as percentages with two decimals. Which figures there are, their groups and their
//! Chinese labels come from the one declaration (`wangge_api::FIGURES`); the panel shows all
//! of them. Pure, tested on the host; the `data-value` written next to each is exact so
//! tests can compare it.

use wangge_api::{figure, Figure, FigureGroup, FigureValue};

/// What a commander reads: `11,614` or `98.92%` (or `—` for an undefined rate).
pub fn display(value: FigureValue) -> String {
    match value {
        FigureValue::Count(n) => group_thousands(n),
        FigureValue::Rate(Some(rate)) => format!("{:.2}%", rate * 100.0),
        FigureValue::Rate(None) => "—".to_string(),
    }
}

/// A rate in the tabs' tables, one decimal (`96.6%`, or `—` when undefined): a short form
/// beside counts, where the panel writes two.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_string(), |r| format!("{:.1}%", r * 100.0))
}

/// The exact value for machines: the integer, the rate's shortest round-trip decimal, or
/// empty for an undefined rate.
pub fn exact(value: FigureValue) -> String {
    match value {
        FigureValue::Count(n) => n.to_string(),
        FigureValue::Rate(Some(rate)) => rate.to_string(),
        FigureValue::Rate(None) => String::new(),
    }
}

/// The panel's blocks: every group of the declaration with all its figures, counts first.
pub fn groups() -> impl Iterator<Item = (FigureGroup, Vec<&'static Figure>)> {
    FigureGroup::ALL.into_iter().map(|group| (group, group.figures().collect()))
}

/// What the hover card shows of an area, to compare areas without drilling in.
pub const HEADLINE: [&Figure; 4] =
    [&figure::isolations_active, &figure::resumption_rate, &figure::tickets_overdue, &figure::tickets_received];

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    wangge_api::grouped(n)
}

/// How a figure moved since the day before: "+12", "−3", "+0.4 个百分点", "持平" or "—", in
/// the page's language (in Chinese as `wangge_api::change_text` words it for the briefings).
pub fn change(figure: &Figure, now: FigureValue, before: FigureValue) -> String {
    let (Some(now), Some(then)) = (now.as_f64(), before.as_f64()) else {
        return "—".to_string();
    };
    let sign = |x: f64| if x > 0.0 { "+" } else { "−" };
    if figure.is_rate() {
        let points = ((now - then) * 1000.0).round() / 10.0;
        if points == 0.0 {
            t!("持平", "unchanged").to_string()
        } else {
            tf!("{}{:.1} 个百分点", "{}{:.1} pts", sign(points), points.abs())
        }
    } else {
        let delta = now.round() as i64 - then.round() as i64;
        if delta == 0 {
            t!("持平", "unchanged").to_string()
        } else {
            format!("{}{}", sign(delta as f64), group_thousands(delta.unsigned_abs()))
        }
    }
}

/// A `YYYY-MM-DD` date as typed, `None` when it is no such date.
pub fn parse_day(text: &str) -> Option<jiff::civil::Date> {
    let text = text.trim();
    // jiff also reads `20200319` and a date followed by a time; the field asks for one form.
    let shaped = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    shaped.then(|| text.parse().ok()).flatten()
}

/// The date `days` after a `YYYY-MM-DD` date (before, when negative).
pub fn shift_day(text: &str, days: i64) -> Option<String> {
    parse_day(text)?.checked_add(jiff::Span::new().days(days)).ok().map(|date| date.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_tabs_rate_has_one_decimal_and_an_undefined_one_a_dash() {
        assert_eq!(super::percent(Some(4059.0 / 4200.0)), "96.6%");
        assert_eq!(super::percent(Some(1.0)), "100.0%");
        assert_eq!(super::percent(None), "—");
    }

    use wangge_api::{Figures, FIGURES};

    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(11614), "11,614");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn rates_show_two_decimals_and_exact_values_round_trip() {
        let rate = FigureValue::Rate(Some(0.989_2));
        assert_eq!(display(rate), "98.92%");
        assert_eq!(exact(rate).parse::<f64>().ok(), Some(0.989_2));
        assert_eq!(display(FigureValue::Rate(None)), "—");
        assert_eq!(exact(FigureValue::Rate(None)), "");
        assert_eq!(exact(FigureValue::Count(11614)), "11614");
        assert_eq!(display(FigureValue::Count(11614)), "11,614");
    }

    #[test]
    fn the_panel_shows_every_declared_figure_once_under_its_chinese_label() {
        let shown: Vec<&Figure> = groups().flat_map(|(_, figures)| figures).collect();
        assert_eq!(shown.len(), FIGURES.len());
        assert!(FIGURES.iter().all(|f| shown.contains(&f)));
        assert!(shown.iter().all(|f| f.label() != f.name && !f.label().is_ascii()));
        assert!(HEADLINE.iter().all(|f| FIGURES.contains(f)));
    }

    #[test]
    fn a_change_is_worded_as_the_briefings_word_it() {
        let rates = [None, Some(0.0), Some(0.5), Some(0.504), Some(0.9)];
        for now in rates {
            for then in rates {
                let (figure, shown) =
                    (&figure::resumption_rate, change(&figure::resumption_rate, FigureValue::Rate(now), FigureValue::Rate(then)));
                assert_eq!(shown, wangge_api::change_text(figure, now, then));
            }
        }
        let counts = [0, 12, 1234, 1_000_000];
        for now in counts {
            for then in counts {
                let shown = change(&figure::tickets_received, FigureValue::Count(now), FigureValue::Count(then));
                assert_eq!(shown, wangge_api::change_text(&figure::tickets_received, Some(now as f64), Some(then as f64)));
            }
        }
    }

    #[test]
    fn rows_read_their_own_field() {
        let figures = Figures { tickets_received: 11614, resumption_rate: Some(0.5), ..Figures::default() };
        let find = |name: &str| groups().flat_map(|(_, f)| f).find(|f| f.name == name).map(|f| figures.value(f));
        assert_eq!(find("tickets_received"), Some(FigureValue::Count(11614)));
        assert_eq!(find("resumption_rate"), Some(FigureValue::Rate(Some(0.5))));
    }

    #[test]
    fn dates_step_across_months_years_and_leap_days_and_non_dates_are_refused() {
        assert_eq!(shift_day("2020-03-01", -1).as_deref(), Some("2020-02-29"));
        assert_eq!(shift_day("2019-03-01", -1).as_deref(), Some("2019-02-28"));
        assert_eq!(shift_day("2026-12-31", 1).as_deref(), Some("2027-01-01"));
        for day in ["2020-03-19", "2000-02-29", "1999-12-31"] {
            assert_eq!(shift_day(day, 0).as_deref(), Some(day));
        }
        for bad in ["2021-02-29", "2020-13-01", "2020-3-1", "20200319", "", "2020-03-19x", "2020-03-19T10:00"] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }
}
