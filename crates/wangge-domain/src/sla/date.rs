//! Civil dates in China, as used by the working calendar.
//!
//! The calendar reasons in whole local days (a holiday is a date, not an instant range), so
//! it needs a date type: a jiff date, read and started in the zone of [`crate::time`]. The
//! calendar indexes days by their number since 1970-01-01 so that look-ups are integer
//! arithmetic; jiff converts between the two.

use std::fmt;

use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};

use crate::time::{date_of_day_number, day_number_of_date, Timestamp};

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

impl From<jiff::civil::Weekday> for Weekday {
    fn from(day: jiff::civil::Weekday) -> Self {
        use jiff::civil::Weekday as J;
        match day {
            J::Monday => Weekday::Mon,
            J::Tuesday => Weekday::Tue,
            J::Wednesday => Weekday::Wed,
            J::Thursday => Weekday::Thu,
            J::Friday => Weekday::Fri,
            J::Saturday => Weekday::Sat,
            J::Sunday => Weekday::Sun,
        }
    }
}

/// A local calendar date (in [`crate::time::ZONE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "DateParts", try_from = "DateParts")]
pub struct LocalDate(Date);

/// The serialised form of a [`LocalDate`], as it was before jiff carried the date.
#[derive(Serialize, Deserialize)]
struct DateParts {
    year: i32,
    month: u32,
    day: u32,
}

impl From<LocalDate> for DateParts {
    fn from(date: LocalDate) -> Self {
        DateParts { year: date.year(), month: date.month(), day: date.day() }
    }
}

impl TryFrom<DateParts> for LocalDate {
    type Error = String;

    fn try_from(parts: DateParts) -> Result<Self, String> {
        LocalDate::new(parts.year, parts.month, parts.day)
            .ok_or_else(|| format!("{}-{}-{} is not a date", parts.year, parts.month, parts.day))
    }
}

impl LocalDate {
    /// The date, or `None` if there is no such day (2026-02-29, month 13, ...).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let (year, month, day) = (i16::try_from(year).ok()?, i8::try_from(month).ok()?, i8::try_from(day).ok()?);
        Date::new(year, month, day).ok().map(LocalDate)
    }

    /// The local date of an instant.
    pub fn of(t: Timestamp) -> Self {
        LocalDate(t.local().date())
    }

    /// The date with the given day number (days since 1970-01-01), within jiff's years
    /// -9999 to 9999 (a day number beyond them gives the nearest end).
    pub fn from_day_number(n: i64) -> Self {
        LocalDate(date_of_day_number(n))
    }

    pub fn from_civil(date: Date) -> Self {
        LocalDate(date)
    }

    /// The jiff date.
    pub fn civil(self) -> Date {
        self.0
    }

    pub fn year(self) -> i32 {
        i32::from(self.0.year())
    }

    pub fn month(self) -> u32 {
        self.0.month().unsigned_abs().into()
    }

    pub fn day(self) -> u32 {
        self.0.day().unsigned_abs().into()
    }

    /// Days since 1970-01-01, the calendar's index for a day.
    pub fn day_number(self) -> i64 {
        day_number_of_date(self.0)
    }

    /// The instant of local midnight that starts this date.
    pub fn start(self) -> Timestamp {
        Timestamp::at_local(self.0.to_datetime(Time::midnight()))
    }

    pub fn weekday(self) -> Weekday {
        self.0.weekday().into()
    }

    /// The date `days` later (earlier when negative).
    pub fn plus_days(self, days: i64) -> Self {
        LocalDate::from_day_number(self.day_number() + days)
    }

    /// The next day.
    pub fn succ(self) -> Self {
        self.plus_days(1)
    }

    /// Parses `YYYY-MM-DD`, exactly that: ISO 8601's other spellings are refused.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
            return None;
        }
        text.parse::<Date>().ok().map(LocalDate)
    }
}

impl fmt::Display for LocalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The local day number of an instant.
pub(crate) fn day_number_of(t: Timestamp) -> i64 {
    t.local_day_number()
}

/// The instant that starts local day `n`.
pub(crate) fn day_start(n: i64) -> Timestamp {
    Timestamp::start_of_local_day(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::DAY_SECS;

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
            ("20260101", None),
            ("+2026-01-1", None),
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

    #[test]
    fn day_numbers_count_from_1970_and_serialise_as_before() {
        let date = LocalDate::new(2026, 11, 23).unwrap();
        assert_eq!(LocalDate::from_day_number(0).to_string(), "1970-01-01");
        assert_eq!(LocalDate::from_day_number(-1).to_string(), "1969-12-31");
        assert_eq!(date.day_number(), 20_780);
        assert_eq!(date.plus_days(-365).to_string(), "2025-11-23");
        assert_eq!(date.start(), Timestamp::from_local(2026, 11, 23, 0, 0));
        assert_eq!(day_number_of(date.start().plus_secs(DAY_SECS - 1)), 20_780);
        assert_eq!(day_start(20_780), date.start());
        // The serialised form keeps the fields it had before jiff: year, month, day.
        let parts = DateParts::from(date);
        assert_eq!((parts.year, parts.month, parts.day), (2026, 11, 23));
        assert_eq!(LocalDate::try_from(parts), Ok(date));
        assert!(LocalDate::try_from(DateParts { year: 2026, month: 2, day: 29 }).is_err());
    }
}
