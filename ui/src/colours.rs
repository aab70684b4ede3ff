//! The choropleth's colour scale: a sequential ramp from calm (deep teal) to alarm (red),
//! oriented so that "worse" is always red whichever way the metric runs, over a range fixed
//! per metric (rates) or anchored at zero (counts). Pure functions, tested on the host.

use wangge_api::{ChoroplethMetric, Figures};

/// Colour of an area whose value is undefined (a rate over zero records).
pub const NO_DATA: &str = "#2a3342";

/// Ramp stops from best (t = 0) to worst (t = 1).
const STOPS: [[u8; 3]; 5] = [
    [0x1b, 0x4d, 0x5c], // deep teal: calm
    [0x2e, 0x8b, 0x7a], // green
    [0xe0, 0xc2, 0x4a], // amber
    [0xe8, 0x7a, 0x2e], // orange
    [0xd7, 0x30, 0x27], // red: needs attention
];

/// The colour at `t` in [0, 1] on the ramp (clamped), as `#rrggbb`.
pub fn ramp(t: f64) -> String {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let scaled = t * (STOPS.len() - 1) as f64;
    let i = (scaled.floor() as usize).min(STOPS.len() - 2);
    let f = scaled - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    let [r, g, b] = [0, 1, 2].map(|k| mix(STOPS[i][k], STOPS[i + 1][k]));
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The fill of an area by how much of a screening batch is done there (`done / items`): all
/// done is calm, nothing done the alarm; no one of the batch there has no data.
pub fn completion_fill(rate: Option<f64>) -> String {
    rate.map_or_else(|| NO_DATA.to_string(), |rate| ramp(1.0 - rate))
}

/// The fixed range of a rate's colours: 100% is calm, the target band's floor and anything
/// under it the alarm. A rate's colour then means the same on every screen and at every
/// level: 94.7% and 97.9% side by side are both fairly calm, not red and green.
const RATE_RANGE: (f64, f64) = (0.80, 1.00);

/// The range of one metric's colours, and how to colour a value in it: fixed for rates
/// ([`RATE_RANGE`]); for counts from zero to the largest on screen, so three and four
/// overdue tickets are not painted as opposites.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub metric: ChoroplethMetric,
    pub min: f64,
    pub max: f64,
}

impl Scale {
    /// The scale of `metric` for `figures`; `None` when no area has a defined value.
    pub fn over<'a>(metric: ChoroplethMetric, figures: impl IntoIterator<Item = &'a Figures>) -> Option<Scale> {
        Scale::over_values(metric, figures.into_iter().map(|f| metric.value(f)))
    }

    /// The scale of `metric` over its values (`None` where undefined); `None` when none is.
    pub fn over_values(metric: ChoroplethMetric, values: impl IntoIterator<Item = Option<f64>>) -> Option<Scale> {
        let largest = values.into_iter().flatten().reduce(f64::max)?;
        let (min, max) = if metric.figure().is_rate() { RATE_RANGE } else { (0.0, largest) };
        Some(Scale { metric, min, max })
    }

    /// Where `value` sits from best (0) to worst (1). An empty range (counts that are all
    /// zero; a rate's range is fixed) is calm.
    pub fn badness(&self, value: f64) -> f64 {
        let span = self.max - self.min;
        if span < f64::EPSILON {
            return 0.0;
        }
        let position = ((value - self.min) / span).clamp(0.0, 1.0);
        if self.metric.higher_is_worse() {
            position
        } else {
            1.0 - position
        }
    }

    /// The fill of an area with these figures.
    pub fn fill(&self, figures: &Figures) -> String {
        match self.metric.value(figures) {
            Some(value) => ramp(self.badness(value)),
            None => NO_DATA.to_string(),
        }
    }

    /// The CSS gradient of the legend bar, from the low end of the range to the high end.
    pub fn legend_gradient(&self) -> String {
        let stops: Vec<String> = (0..=8)
            .map(|k| {
                let position = k as f64 / 8.0;
                let badness = if self.metric.higher_is_worse() { position } else { 1.0 - position };
                format!("{} {:.0}%", ramp(badness), position * 100.0)
            })
            .collect();
        format!("linear-gradient(to right, {})", stops.join(", "))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_batch_all_done_is_calm_nothing_done_the_alarm_and_no_one_no_data() {
        assert_eq!(super::completion_fill(Some(1.0)), super::ramp(0.0));
        assert_eq!(super::completion_fill(Some(0.0)), super::ramp(1.0));
        assert_ne!(super::completion_fill(Some(0.5)), super::completion_fill(Some(0.6)));
        assert_eq!(super::completion_fill(None), super::NO_DATA);
    }

    use super::*;

    fn with_active(n: u64) -> Figures {
        Figures { isolations_active: n, ..Figures::default() }
    }

    fn with_resumption(rate: Option<f64>) -> Figures {
        Figures { resumption_rate: rate, ..Figures::default() }
    }

    #[test]
    fn ramp_ends_are_the_first_and_last_stops() {
        assert_eq!(ramp(0.0), "#1b4d5c");
        assert_eq!(ramp(1.0), "#d73027");
    }

    #[test]
    fn ramp_clamps_and_tolerates_nan() {
        assert_eq!(ramp(-3.0), ramp(0.0));
        assert_eq!(ramp(7.0), ramp(1.0));
        assert_eq!(ramp(f64::NAN), ramp(0.0));
    }

    #[test]
    fn ramp_hits_the_middle_stop_exactly() {
        assert_eq!(ramp(0.5), "#e0c24a");
    }

    #[test]
    fn ramp_turns_steadily_redder_from_amber_to_alarm() {
        // From the middle stop on, green falls monotonically: amber → orange → red.
        let greens: Vec<u8> = (10..=20).map(|k| u8::from_str_radix(&ramp(k as f64 / 20.0)[3..5], 16).expect("hex")).collect();
        assert!(greens.windows(2).all(|w| w[0] > w[1]), "{greens:?}");
    }

    #[test]
    fn rates_have_a_fixed_range_and_undefined_rates_no_colour() {
        let areas = [with_resumption(Some(0.9)), with_resumption(None), with_resumption(Some(0.5))];
        let scale = Scale::over(ChoroplethMetric::ResumptionRate, &areas).expect("range");
        assert_eq!((scale.min, scale.max), RATE_RANGE);
        assert_eq!(scale.fill(&areas[1]), NO_DATA);
        assert_eq!(scale.fill(&areas[2]), ramp(1.0), "under the band's floor is the alarm");
        assert!(Scale::over(ChoroplethMetric::ResumptionRate, &[with_resumption(None)]).is_none());
    }

    #[test]
    fn a_narrow_band_of_good_rates_is_not_painted_red_to_green() {
        let areas = [with_resumption(Some(0.947)), with_resumption(Some(0.979))];
        let scale = Scale::over(ChoroplethMetric::ResumptionRate, &areas).expect("range");
        let worst = scale.badness(0.947);
        let best = scale.badness(0.979);
        assert!(worst < 0.5 && best < worst, "94.7% at {worst}, 97.9% at {best}: both on the calm half");
    }

    #[test]
    fn counts_run_from_zero() {
        let areas = [with_active(3), with_active(4)];
        let scale = Scale::over(ChoroplethMetric::IsolationsActive, &areas).expect("range");
        assert_eq!((scale.min, scale.max), (0.0, 4.0));
        assert!(scale.badness(3.0) > 0.5, "three of at most four is not calm");
    }

    #[test]
    fn a_low_resumption_rate_is_red_and_many_isolations_are_red() {
        let rates = [with_resumption(Some(0.5)), with_resumption(Some(1.0))];
        let scale = Scale::over(ChoroplethMetric::ResumptionRate, &rates).expect("range");
        assert_eq!(scale.fill(&rates[0]), ramp(1.0));
        assert_eq!(scale.fill(&rates[1]), ramp(0.0));

        let counts = [with_active(0), with_active(40)];
        let scale = Scale::over(ChoroplethMetric::IsolationsActive, &counts).expect("range");
        assert_eq!(scale.fill(&counts[1]), ramp(1.0));
        assert_eq!(scale.fill(&counts[0]), ramp(0.0));
    }

    #[test]
    fn a_flat_range_is_calm_when_zero() {
        let zero = Scale::over(ChoroplethMetric::TicketsOverdue, &[Figures::default()]).expect("range");
        assert_eq!(zero.badness(0.0), 0.0);
        let flat = Scale::over(ChoroplethMetric::IsolationsActive, &[with_active(3), with_active(3)]).expect("range");
        assert_eq!(flat.badness(3.0), 1.0, "from zero, the largest is the top of the ramp");
    }

    #[test]
    fn legend_runs_from_low_to_high_values() {
        let scale = Scale { metric: ChoroplethMetric::ResumptionRate, min: 0.0, max: 1.0 };
        let gradient = scale.legend_gradient();
        // A low resumption rate is bad, so the legend starts red.
        assert!(gradient.starts_with("linear-gradient(to right, #d73027 0%"), "{gradient}");
    }
}
