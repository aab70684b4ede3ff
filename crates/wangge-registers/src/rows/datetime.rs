//! Dates and times as registers write them, read into a plain local date-time.
//!
//! Registers carry wall-clock times without a zone (NYC 311 in New York time, Chinese
//! registers in Beijing time); attaching the zone is the storing step's decision, so this
//! type deliberately has none.
//!
//! Which numbers are the year, month, day and time is read here, because registers write
//! dates in more ways than a format string can say (`a/b/YYYY` is decided by the whole
//! file); whether they make a real date, and all arithmetic and formatting, is jiff's.

use std::fmt;

use jiff::civil::{Date, DateTime};
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};
use wangge_domain::time::WallClock;
use wangge_domain::{Language, Timestamp};

/// A calendar date and wall-clock time, validated (no 31 April, no 25:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LocalDateTime {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

/// The formats accepted, for error messages.
pub const ACCEPTED_FORMATS: &str = "YYYY-MM-DD, YYYY/MM/DD, YYYY年M月D日, YYYYMMDD, each optionally followed by \
HH:MM[:SS]; MM/DD/YYYY [HH:MM:SS AM/PM], or DD/MM/YYYY in a file where some such date starts above 12";

/// [`ACCEPTED_FORMATS`] for an English reader, who does not write the Chinese form (read all
/// the same).
const ACCEPTED_FORMATS_EN: &str = "YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, each optionally followed by HH:MM[:SS]; \
MM/DD/YYYY [HH:MM:SS AM/PM], or DD/MM/YYYY in a file where some such date starts above 12";

/// How a file's `a/b/YYYY` dates are read. US exports write month/day, many others day/month,
/// and one value alone cannot tell `9/10/2018` apart, so the whole file decides: day/month
/// exactly when one of its slash dates starts with a number above 12 (which cannot be a
/// month), month/day otherwise. [`DateOrder::proves_day_first`] is that test for one cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    #[default]
    MonthFirst,
    DayFirst,
}

impl DateOrder {
    /// Whether `text` is a real date read day/month whose first number (above 12) cannot be
    /// a month. Cheap on cells that are not slash dates, since every cell of a file may be asked.
    pub fn proves_day_first(text: &str) -> bool {
        let text = text.trim();
        let bytes = text.as_bytes();
        let slash_at = match bytes {
            [a, b'/', ..] if a.is_ascii_digit() => 1,
            [a, b, b'/', ..] if a.is_ascii_digit() && b.is_ascii_digit() => 2,
            _ => return false,
        };
        text[..slash_at].parse::<u8>().is_ok_and(|first| first > 12) && LocalDateTime::parse_in(text, DateOrder::DayFirst).is_ok()
    }
}

impl LocalDateTime {
    pub fn new(year: i32, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Option<Self> {
        let narrow = |n: u8| i8::try_from(n).ok();
        let civil =
            DateTime::new(i16::try_from(year).ok()?, narrow(month)?, narrow(day)?, narrow(hour)?, narrow(minute)?, narrow(second)?, 0);
        civil.ok().map(LocalDateTime::from_civil)
    }

    /// The date-time of a jiff civil date-time, to the second.
    pub fn from_civil(civil: DateTime) -> Self {
        let unsigned = |n: i8| n.unsigned_abs();
        LocalDateTime {
            year: i32::from(civil.year()),
            month: unsigned(civil.month()),
            day: unsigned(civil.day()),
            hour: unsigned(civil.hour()),
            minute: unsigned(civil.minute()),
            second: unsigned(civil.second()),
        }
    }

    /// As jiff's civil date-time. Fields that are out of range (a value built by hand, not
    /// by [`LocalDateTime::new`] or a parser) are clamped into it.
    pub fn civil(&self) -> DateTime {
        let clamp = |n: u8, lo: i8, hi: i8| (n.min(hi.unsigned_abs()) as i8).max(lo);
        let year = self.year.clamp(-9999, 9999) as i16;
        let first = Date::new(year, clamp(self.month, 1, 12), 1).unwrap_or(Date::MIN);
        let day = clamp(self.day, 1, first.days_in_month());
        first.with().day(day).build().unwrap_or(first).at(clamp(self.hour, 0, 23), clamp(self.minute, 0, 59), clamp(self.second, 0, 59), 0)
    }

    /// The instant this wall-clock time names on `clock`.
    pub fn instant_on(&self, clock: WallClock) -> Timestamp {
        clock.instant(self.civil())
    }

    /// Parses the text forms listed in [`ACCEPTED_FORMATS`], `a/b/YYYY` as month/day.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::parse_in(text, DateOrder::MonthFirst)
    }

    /// Parses like [`LocalDateTime::parse`], reading `a/b/YYYY` in the file's `order`.
    pub fn parse_in(text: &str, order: DateOrder) -> Result<Self, String> {
        Self::parse_for(text, order, Language::Chinese)
    }

    /// Parses like [`LocalDateTime::parse_in`], saying why not in `language`.
    pub fn parse_for(text: &str, order: DateOrder, language: Language) -> Result<Self, String> {
        let text = text.trim();
        // 2020年1月5日 → 2020-1-5: the Chinese form differs only in its separators.
        let text = text.replace(['年', '月'], "-").replace('日', " ");
        let text = text.trim();
        let (date, time) = match text.find([' ', 'T']) {
            Some(i) => (&text[..i], text[i + 1..].trim()),
            None => (text, ""),
        };
        let (year, month, day) = parse_date(date, order).ok_or_else(|| not_a_date(text, language))?;
        let (hour, minute, second) = parse_time(time).ok_or_else(|| not_a_date(text, language))?;
        Self::new(year, month, day, hour, minute, second).ok_or_else(|| match order {
            DateOrder::DayFirst if date.contains('/') => say!(
                language,
                "“{text}”按日/月/年读不成真实日期（本文件的斜线日期是日在前：有一个的开头大于 12）",
                "\"{text}\" is not a real date read day/month/year (this file's slash dates put the day first: one starts above 12)"
            ),
            _ => say!(language, "“{text}”不是真实的日期或时刻", "\"{text}\" is not a real date or time"),
        })
    }

    /// Converts an Excel serial date (1900 date system) — what a date cell holds when it is
    /// not formatted as a date. Excel's fictitious 1900-02-29 (serial 60) is refused.
    pub fn from_excel_serial(serial: f64) -> Option<Self> {
        if !(1.0..2_958_466.0).contains(&serial) || (60.0..61.0).contains(&serial) {
            return None;
        }
        // Serials from 61 on count from 1899-12-30; below 60 from 1899-12-31 (the bug).
        let days = serial.floor() as i64 + if serial < 60.0 { 1 } else { 0 };
        // To the nearest second; a fraction that rounds up to midnight is the next day.
        let seconds = ((serial - serial.floor()) * 86_400.0).round() as i64;
        let (days, seconds) = (days + seconds / 86_400, seconds % 86_400);
        let date = Date::constant(1899, 12, 30).checked_add(jiff::Span::new().try_days(days).ok()?).ok()?;
        let time = jiff::civil::Time::midnight().checked_add(SignedDuration::from_secs(seconds)).ok()?;
        Some(LocalDateTime::from_civil(date.to_datetime(time)))
    }
}

impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.civil().strftime("%Y-%m-%d %H:%M:%S"))
    }
}

fn not_a_date(text: &str, language: Language) -> String {
    say!(language, "“{text}”不是日期（可用的写法：{ACCEPTED_FORMATS}）", "\"{text}\" is not a date (accepted: {ACCEPTED_FORMATS_EN})")
}

fn parse_date(date: &str, order: DateOrder) -> Option<(i32, u8, u8)> {
    if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
        return Some((date[..4].parse().ok()?, date[4..6].parse().ok()?, date[6..].parse().ok()?));
    }
    let separator = if date.contains('-') { '-' } else { '/' };
    let parts: Vec<&str> = date.split(separator).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    if ![a, b, c].iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|x| x.is_ascii_digit())) {
        return None;
    }
    if a.len() == 4 {
        Some((a.parse().ok()?, b.parse().ok()?, c.parse().ok()?))
    } else if c.len() == 4 && separator == '/' {
        // US order (NYC and Boston 311 exports) unless the file as a whole proves day/month:
        // guessing per value would silently swap day and month within one file.
        match order {
            DateOrder::MonthFirst => Some((c.parse().ok()?, a.parse().ok()?, b.parse().ok()?)),
            DateOrder::DayFirst => Some((c.parse().ok()?, b.parse().ok()?, a.parse().ok()?)),
        }
    } else {
        None
    }
}

fn parse_time(time: &str) -> Option<(u8, u8, u8)> {
    if time.is_empty() {
        return Some((0, 0, 0));
    }
    let upper = time.to_ascii_uppercase();
    let (clock, meridiem) = if let Some(rest) = upper.strip_suffix("AM") {
        (rest.trim().to_owned(), Some(false))
    } else if let Some(rest) = upper.strip_suffix("PM") {
        (rest.trim().to_owned(), Some(true))
    } else {
        (upper, None)
    };
    // Drop fractions of a second (Boston writes 21:43:55.82) and a trailing Z.
    let clock = clock.trim_end_matches('Z');
    let clock = clock.split('.').next().unwrap_or("");
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let mut hour: u8 = parts[0].parse().ok()?;
    let minute: u8 = parts[1].parse().ok()?;
    let second: u8 = parts.get(2).map_or(Some(0), |s| s.parse().ok())?;
    if let Some(pm) = meridiem {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    Some((hour, minute, second))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(y: i32, mo: u8, d: u8, h: u8, mi: u8, s: u8) -> LocalDateTime {
        LocalDateTime::new(y, mo, d, h, mi, s).unwrap()
    }

    #[test]
    fn accepted_forms() {
        assert_eq!(LocalDateTime::parse("2020-02-29").unwrap(), dt(2020, 2, 29, 0, 0, 0));
        assert_eq!(LocalDateTime::parse("2020/1/5").unwrap(), dt(2020, 1, 5, 0, 0, 0));
        assert_eq!(LocalDateTime::parse("2020-01-05 08:30").unwrap(), dt(2020, 1, 5, 8, 30, 0));
        assert_eq!(LocalDateTime::parse("2020-01-05T08:30:15").unwrap(), dt(2020, 1, 5, 8, 30, 15));
        assert_eq!(LocalDateTime::parse("04/18/2019 09:55:45 PM").unwrap(), dt(2019, 4, 18, 21, 55, 45));
        assert_eq!(LocalDateTime::parse("10/31/2016 12:07:15 AM").unwrap(), dt(2016, 10, 31, 0, 7, 15));
        assert_eq!(LocalDateTime::parse("10/31/2016 12:07:15 PM").unwrap(), dt(2016, 10, 31, 12, 7, 15));
        assert_eq!(LocalDateTime::parse("2022年3月1日").unwrap(), dt(2022, 3, 1, 0, 0, 0));
        assert_eq!(LocalDateTime::parse("20220301").unwrap(), dt(2022, 3, 1, 0, 0, 0));
        assert_eq!(LocalDateTime::parse("2022-01-03 21:43:55.82").unwrap(), dt(2022, 1, 3, 21, 43, 55));
    }

    #[test]
    fn refused_forms() {
        for bad in [
            "2019-02-29",
            "2020-13-01",
            "31/12/2020",
            "2020-01-01 24:00",
            "13/01/2020 01:00:00 PM",
            "01/01/2020 13:00:00 PM",
            "yesterday",
            "",
            "45000",
        ] {
            assert!(LocalDateTime::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn slash_dates_in_either_order() {
        assert_eq!(LocalDateTime::parse("9/30/2018 08:58:48").unwrap(), dt(2018, 9, 30, 8, 58, 48));
        assert_eq!(LocalDateTime::parse_in("30/9/2018 08:58:48", DateOrder::DayFirst).unwrap(), dt(2018, 9, 30, 8, 58, 48));
        assert_eq!(LocalDateTime::parse_in("9/10/2018", DateOrder::DayFirst).unwrap(), dt(2018, 10, 9, 0, 0, 0));
        assert_eq!(LocalDateTime::parse_in("2018-09-10", DateOrder::DayFirst).unwrap(), dt(2018, 9, 10, 0, 0, 0));
        let refused = LocalDateTime::parse_in("9/30/2018", DateOrder::DayFirst).unwrap_err();
        assert!(refused.contains("按日/月/年读不成真实日期"), "{refused}");
        assert!(DateOrder::proves_day_first("30/9/2018 08:58:48"));
        assert!(DateOrder::proves_day_first(" 13/01/2020"));
        for not_proof in ["9/30/2018", "12/11/2018", "31/2/2018", "31/12/18", "2018/31/12", "30/9/2018 房屋漏水", "投诉", ""] {
            assert!(!DateOrder::proves_day_first(not_proof), "{not_proof}");
        }
    }

    #[test]
    fn excel_serials() {
        assert_eq!(LocalDateTime::from_excel_serial(45943.5).unwrap(), dt(2025, 10, 13, 12, 0, 0));
        assert_eq!(LocalDateTime::from_excel_serial(1.0).unwrap(), dt(1900, 1, 1, 0, 0, 0));
        assert_eq!(LocalDateTime::from_excel_serial(61.0).unwrap(), dt(1900, 3, 1, 0, 0, 0));
        assert_eq!(LocalDateTime::from_excel_serial(43831.0).unwrap(), dt(2020, 1, 1, 0, 0, 0));
        assert!(LocalDateTime::from_excel_serial(60.0).is_none());
        assert!(LocalDateTime::from_excel_serial(0.0).is_none());
        // 9999-12-31 23:59:59.9 rounds past jiff's last day.
        assert!(LocalDateTime::from_excel_serial(2_958_465.999_999).is_none());
        assert_eq!(LocalDateTime::from_excel_serial(2_958_465.0).unwrap(), dt(9999, 12, 31, 0, 0, 0));
    }

    #[test]
    fn wall_clock_times_become_instants_on_a_clock_and_print_in_iso_order() {
        let at = dt(2020, 2, 10, 10, 0, 0);
        assert_eq!(at.instant_on(WallClock::DistrictZone), Timestamp::from_local(2020, 2, 10, 10, 0));
        assert_eq!(at.instant_on(WallClock::FixedOffset(0)), Timestamp(1_581_328_800));
        assert_eq!(at.to_string(), "2020-02-10 10:00:00");
        assert_eq!(dt(33, 1, 2, 3, 4, 5).to_string(), "0033-01-02 03:04:05");
        assert_eq!(LocalDateTime::from_civil(at.civil()), at);
        let by_hand = LocalDateTime { year: 2026, month: 2, day: 31, hour: 25, minute: 0, second: 0 };
        assert_eq!(by_hand.civil().to_string(), "2026-02-28T23:00:00");
    }
}
