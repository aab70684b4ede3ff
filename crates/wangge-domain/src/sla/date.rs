//! Civil dates in China Standard Time, as used by the working calendar.
//!
//! The calendar reasons in whole local days (a holiday is a date, not an instant range), so
//! it needs a date type. It is built on the CST helpers of [`crate::time`] rather than a
//! second copy of the civil-date arithmetic, and it carries its day number so that calendar
//! look-ups are integer arithmetic.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::time::{Timestamp, CST_OFFSET_SECS, DAY_SECS};

/// A day of the week, Monday first as in China.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Sat | Weekday::Sun)
    }
}

/// A local (CST) calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LocalDate {
    year: i32,
    month: u32,
    day: u32,
}

impl LocalDate {
    /// The date, or `None` if there is no such day (2026-02-29, month 13, ...).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let date = LocalDate { year, month, day };
        // from_local normalises 02-30 into March; a round trip exposes such non-dates.
        (Timestamp::from_local(year, month, day, 0, 0).local_date() == (year, month, day)).then_some(date)
    }

    /// The local date of an instant.
    pub fn of(t: Timestamp) -> Self {
        let (year, month, day) = t.local_date();
        LocalDate { year, month, day }
    }

    /// The date with the given day number (days since 1970-01-01 local).
    pub fn from_day_number(n: i64) -> Self {
        LocalDate::of(Timestamp(n * DAY_SECS - CST_OFFSET_SECS))
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn day(self) -> u32 {
        self.day
    }

    /// Days since 1970-01-01 (local), the calendar's index for a day.
    pub fn day_number(self) -> i64 {
        day_number_of(self.start())
    }

    /// The instant of local midnight that starts this date.
    pub fn start(self) -> Timestamp {
        Timestamp::from_local(self.year, self.month, self.day, 0, 0)
    }

    pub fn weekday(self) -> Weekday {
        weekday_of_day_number(self.day_number())
    }

    /// The next day.
    pub fn succ(self) -> Self {
        LocalDate::from_day_number(self.day_number() + 1)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        LocalDate::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }
}

impl fmt::Display for LocalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The local day number of an instant.
pub(crate) fn day_number_of(t: Timestamp) -> i64 {
    (t.secs() + CST_OFFSET_SECS).div_euclid(DAY_SECS)
}

/// The instant that starts local day `n`.
pub(crate) fn day_start(n: i64) -> Timestamp {
    Timestamp(n * DAY_SECS - CST_OFFSET_SECS)
}

pub(crate) fn weekday_of_day_number(n: i64) -> Weekday {
    // Day 0, 1970-01-01, was a Thursday.
    const ORDER: [Weekday; 7] = [Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun, Weekday::Mon, Weekday::Tue, Weekday::Wed];
    ORDER[n.rem_euclid(7) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_validate_and_know_their_weekday() {
        // (text, valid, weekday)
        let cases = [
            ("2025-01-01", Some(Weekday::Wed)),
            ("2025-09-28", Some(Weekday::Sun)),
            ("2025-10-11", Some(Weekday::Sat)),
            ("2026-02-14", Some(Weekday::Sat)),
            ("2024-02-29", Some(Weekday::Thu)),
            ("1970-01-01", Some(Weekday::Thu)),
            ("2026-02-29", None),
            ("2026-13-01", None),
            ("2026-1-01", None),
            ("26-01-01", None),
            ("2026-01-01-01", None),
        ];
        for (text, weekday) in cases {
            let date = LocalDate::parse(text);
            assert_eq!(date.map(LocalDate::weekday), weekday, "{text}");
            if let Some(date) = date {
                assert_eq!(date.to_string(), text);
                assert_eq!(LocalDate::from_day_number(date.day_number()), date);
            }
        }
    }
}
