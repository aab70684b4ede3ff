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
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
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
    fn rows_read_their_own_field() {
        let figures = Figures { tickets_received: 11614, resumption_rate: Some(0.5), ..Figures::default() };
        let find = |name: &str| groups().flat_map(|(_, f)| f).find(|f| f.name == name).map(|f| figures.value(f));
        assert_eq!(find("tickets_received"), Some(FigureValue::Count(11614)));
        assert_eq!(find("resumption_rate"), Some(FigureValue::Rate(Some(0.5))));
    }
}
