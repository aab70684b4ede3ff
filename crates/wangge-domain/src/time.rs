//! Instants and the local day.
//!
//! Instants are seconds since the Unix epoch (UTC), which both SQLite and PostgreSQL store
//! losslessly as a 64-bit integer. "Today" is the calendar day in China Standard Time
//! (UTC+8, no daylight saving), where every district of the product lives.

use serde::{Deserialize, Serialize};

/// Seconds east of UTC of China Standard Time.
pub const CST_OFFSET_SECS: i64 = 8 * 3600;
pub const DAY_SECS: i64 = 86_400;
pub const HOUR_SECS: i64 = 3_600;

/// An instant, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn secs(self) -> i64 {
        self.0
    }

    pub fn plus_secs(self, secs: i64) -> Self {
        Timestamp(self.0 + secs)
    }

    /// The instant of local (CST) midnight that starts this instant's day.
    pub fn local_day_start(self) -> Self {
        let local = self.0 + CST_OFFSET_SECS;
        Timestamp(local.div_euclid(DAY_SECS) * DAY_SECS - CST_OFFSET_SECS)
    }

    /// Builds the instant of a local (CST) civil date and time.
    pub fn from_local(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> Self {
        let days = days_from_civil(year, month, day);
        Timestamp(days * DAY_SECS + i64::from(hour) * HOUR_SECS + i64::from(minute) * 60 - CST_OFFSET_SECS)
    }

    /// The local (CST) civil date of this instant as (year, month, day).
    pub fn local_date(self) -> (i32, u32, u32) {
        civil_from_days((self.0 + CST_OFFSET_SECS).div_euclid(DAY_SECS))
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.local_date();
        let secs_of_day = (self.0 + CST_OFFSET_SECS).rem_euclid(DAY_SECS);
        write!(f, "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+08:00", secs_of_day / 3600, (secs_of_day % 3600) / 60, secs_of_day % 60)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days-from-civil).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01, as (year, month, day).
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_midnight_is_sixteen_hundred_utc_the_day_before() {
        let noon = Timestamp::from_local(2020, 2, 10, 12, 0);
        let start = noon.local_day_start();
        assert_eq!(start, Timestamp::from_local(2020, 2, 10, 0, 0));
        // 2020-02-10T00:00+08:00 is 2020-02-09T16:00Z = 1581264000.
        assert_eq!(start.secs(), 1_581_264_000);
    }

    #[test]
    fn an_instant_just_before_local_midnight_belongs_to_the_earlier_day() {
        let late = Timestamp::from_local(2020, 2, 10, 23, 59);
        assert_eq!(late.local_date(), (2020, 2, 10));
        assert_eq!(late.plus_secs(60).local_date(), (2020, 2, 11));
    }

    #[test]
    fn civil_dates_round_trip_across_leap_years() {
        for (y, m, d) in [(2020, 2, 29), (2000, 3, 1), (1970, 1, 1), (2026, 12, 31)] {
            assert_eq!(Timestamp::from_local(y, m, d, 8, 30).local_date(), (y, m, d));
        }
    }

    #[test]
    fn display_is_rfc3339_in_china_standard_time() {
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T08:00:00+08:00");
    }
}
