//! Business hours of one working day: one or more opening intervals in local time.
//!
//! Offices in China typically open in two sessions around a long lunch break
//! (08:30–12:00 and 13:30–17:30), so a day is a list of intervals, not a single range.
//! Intervals are half-open `[open, close)`: at 12:00 sharp the office is closed.

use std::fmt;

use crate::time::DAY_SECS;

/// Opening intervals in seconds after local midnight, sorted and disjoint.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BusinessHours {
    intervals: Vec<(u32, u32)>,
    daily_secs: i64,
}

/// Why a list of intervals is not valid business hours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("no opening interval")]
    Empty,
    #[error("interval {0} does not close after it opens")]
    Reversed(String),
    #[error("interval {0} goes past midnight")]
    PastMidnight(String),
    #[error("intervals {0} and {1} overlap or are out of order")]
    Overlap(String, String),
}

impl BusinessHours {
    /// Hours from `(open, close)` pairs in seconds after local midnight, in order.
    pub fn new(intervals: &[(u32, u32)]) -> Result<Self, HoursError> {
        if intervals.is_empty() {
            return Err(HoursError::Empty);
        }
        for &(open, close) in intervals {
            if i64::from(close) > DAY_SECS {
                return Err(HoursError::PastMidnight(show(open, close)));
            }
            if close <= open {
                return Err(HoursError::Reversed(show(open, close)));
            }
        }
        for pair in intervals.windows(2) {
            // Touching intervals are rejected too: they would be one interval written twice.
            if pair[1].0 <= pair[0].1 {
                return Err(HoursError::Overlap(show(pair[0].0, pair[0].1), show(pair[1].0, pair[1].1)));
            }
        }
        let daily_secs = intervals.iter().map(|&(o, c)| i64::from(c - o)).sum();
        Ok(BusinessHours { intervals: intervals.to_vec(), daily_secs })
    }

    /// The common government office hours, 08:30–12:00 and 13:30–17:30 (7.5 h).
    pub fn standard() -> Self {
        BusinessHours::new(&[(8 * 3600 + 1800, 12 * 3600), (13 * 3600 + 1800, 17 * 3600 + 1800)]).expect("the standard hours are valid")
    }

    pub fn intervals(&self) -> &[(u32, u32)] {
        &self.intervals
    }

    /// Working seconds in one full working day.
    pub fn daily_secs(&self) -> i64 {
        self.daily_secs
    }

    /// Working seconds of a working day that lie before `sod` (seconds after midnight).
    pub(crate) fn worked_before(&self, sod: i64) -> i64 {
        self.intervals.iter().map(|&(open, close)| sod.clamp(i64::from(open), i64::from(close)) - i64::from(open)).sum()
    }

    /// The second of the day at which `worked` working seconds have elapsed since the day's
    /// opening, for `0 < worked <= daily_secs`. Ends on a closing time rather than the next
    /// opening, so a deadline that uses up a morning falls at 12:00, not 13:30.
    pub(crate) fn reached_at(&self, mut worked: i64) -> i64 {
        for &(open, close) in &self.intervals {
            let len = i64::from(close - open);
            if worked <= len {
                return i64::from(open) + worked;
            }
            worked -= len;
        }
        // Unreachable for valid input; the close of the day is the honest answer otherwise.
        i64::from(self.intervals.last().map_or(0, |i| i.1))
    }

    /// Whether the office is open at `sod` seconds after local midnight.
    pub(crate) fn is_open_at(&self, sod: i64) -> bool {
        self.intervals.iter().any(|&(o, c)| i64::from(o) <= sod && sod < i64::from(c))
    }
}

impl fmt::Display for BusinessHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.intervals.iter().map(|&(o, c)| show(o, c)).collect();
        f.write_str(&parts.join(" "))
    }
}

fn hhmm(secs: u32) -> String {
    format!("{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

fn show(open: u32, close: u32) -> String {
    format!("{}-{}", hhmm(open), hhmm(close))
}

/// Parses `HH:MM` (00:00 to 24:00) into seconds after midnight.
pub(crate) fn parse_hhmm(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 3600 + m * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_are_validated() {
        let h = |a: &str, b: &str| (parse_hhmm(a).unwrap(), parse_hhmm(b).unwrap());
        // (intervals, expected error or daily seconds)
        type Case = (Vec<(u32, u32)>, Result<i64, HoursError>);
        let cases: Vec<Case> = vec![
            (vec![h("08:30", "12:00"), h("13:30", "17:30")], Ok(27_000)),
            (vec![h("00:00", "24:00")], Ok(86_400)),
            (vec![], Err(HoursError::Empty)),
            (vec![h("12:00", "08:30")], Err(HoursError::Reversed("12:00-08:30".into()))),
            (vec![h("08:30", "08:30")], Err(HoursError::Reversed("08:30-08:30".into()))),
            (vec![h("08:30", "12:00"), h("12:00", "17:30")], Err(HoursError::Overlap("08:30-12:00".into(), "12:00-17:30".into()))),
            (vec![h("13:30", "17:30"), h("08:30", "12:00")], Err(HoursError::Overlap("13:30-17:30".into(), "08:30-12:00".into()))),
        ];
        for (intervals, expected) in cases {
            assert_eq!(BusinessHours::new(&intervals).map(|b| b.daily_secs()), expected, "{intervals:?}");
        }
        assert_eq!(BusinessHours::standard().to_string(), "08:30-12:00 13:30-17:30");
    }

    #[test]
    fn clock_times_parse_strictly() {
        for (text, secs) in [
            ("08:30", Some(30_600)),
            ("24:00", Some(86_400)),
            ("24:01", None),
            ("8:30", None),
            ("08:60", None),
            ("0830", None),
            ("+8:30", None),
        ] {
            assert_eq!(parse_hhmm(text), secs, "{text}");
        }
    }
}
