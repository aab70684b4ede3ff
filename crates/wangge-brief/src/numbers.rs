//! How a figure and its change are written on a briefing: counts as whole numbers, rates as
//! percentages with one decimal, a change in 个百分点 for rates.

use wangge_domain::metrics::{Figure, Metrics};

/// The value of `figure` in `metrics`, as printed ("1,234", "96.3%", "—" for a rate of
/// nothing).
pub fn value(figure: &Figure, metrics: &Metrics) -> String {
    match metrics.value(figure.name) {
        None => "—".to_string(),
        Some(v) if figure.is_rate() => format!("{:.1}%", v * 100.0),
        Some(v) => grouped(v.round() as i64),
    }
}

/// The day-on-day change of `figure` ("+12", "−3", "+0.4 个百分点", "持平", "—").
pub fn change(figure: &Figure, today: &Metrics, before: Option<&Metrics>) -> String {
    wangge_domain::metrics::change_text(figure, today.value(figure.name), before.and_then(|b| b.value(figure.name)))
}

/// `1234567` → `1,234,567`, `-3` → `−3`.
pub fn grouped(n: i64) -> String {
    let digits = wangge_domain::metrics::grouped(n.unsigned_abs());
    if n < 0 {
        format!("−{digits}")
    } else {
        digits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wangge_domain::metrics::{figure, Counts};

    fn metrics(f: impl FnOnce(&mut Counts)) -> Metrics {
        let mut counts = Counts::default();
        f(&mut counts);
        Metrics { counts }
    }

    #[test]
    fn counts_are_grouped_and_rates_are_percent() {
        let m = metrics(|c| {
            c.tickets_received = 12_345;
            c.enterprises_total = 3;
            c.enterprises_resumed = 2;
        });
        assert_eq!(value(&figure::tickets_received, &m), "12,345");
        assert_eq!(value(&figure::resumption_rate, &m), "66.7%");
        assert_eq!(value(&figure::on_time_rate, &m), "—");
    }

    #[test]
    fn changes_say_up_down_or_unchanged() {
        let before = metrics(|c| {
            c.tickets_received = 10;
            c.enterprises_total = 4;
            c.enterprises_resumed = 2;
        });
        let now = metrics(|c| {
            c.tickets_received = 7;
            c.enterprises_total = 4;
            c.enterprises_resumed = 3;
        });
        assert_eq!(change(&figure::tickets_received, &now, Some(&before)), "−3");
        assert_eq!(change(&figure::tickets_received, &before, Some(&now)), "+3");
        assert_eq!(change(&figure::resumption_rate, &now, Some(&before)), "+25.0 个百分点");
        assert_eq!(change(&figure::isolations_active, &now, Some(&before)), "持平");
        assert_eq!(change(&figure::tickets_received, &now, None), "—");
    }
}
