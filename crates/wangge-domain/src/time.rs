//! Instants and the local day.
//!
//! Instants are seconds since the Unix epoch (UTC), which both SQLite and PostgreSQL store
//! losslessly as a 64-bit integer. "Today" is the calendar day in China, the IANA zone
//! `Asia/Shanghai`, where every district of the product lives. jiff does every piece of
//! calendar work; the zone is compiled in (`jiff::tz::get!`), so neither a system tz
//! database nor a run-time copy of one is needed and the crate builds for wasm32.
//!
//! Asia/Shanghai is China Standard Time, UTC+8 without daylight saving, from 1992 on. It kept
//! summer time (UTC+9) from 1986 to 1991, and those six summers are the only instants since
//! 1970 whose local day differs from a fixed UTC+8 (the property tests below pin that down).
//! No record of the product is that old, so the zone and the fixed offset agree on all data.
//!
//! Working-time arithmetic asks for local day numbers and day starts millions of times, and
//! a zone look-up costs tens of nanoseconds. So from a day after the zone's last change of
//! offset on — when jiff's rules say it will not change again — those two are arithmetic
//! with the offset jiff reports; before that, and for any zone with summer time ahead, they
//! are jiff's look-ups. The tests hold the two ways to each other.

use std::sync::OnceLock;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::Span;
use serde::{Deserialize, Serialize};

/// The zone that decides "today": dates, local times and day boundaries are read in it.
pub static ZONE: TimeZone = jiff::tz::get!("Asia/Shanghai");

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

    /// This instant as jiff's. jiff spans the years -9999 to 9999; an instant beyond them
    /// (only a corrupt value could be) is taken as the nearest end rather than a panic.
    pub fn to_jiff(self) -> jiff::Timestamp {
        jiff::Timestamp::from_second(self.0).unwrap_or(if self.0 < 0 { jiff::Timestamp::MIN } else { jiff::Timestamp::MAX })
    }

    /// The whole second of a jiff instant (fractions dropped towards the past).
    pub fn from_jiff(at: jiff::Timestamp) -> Self {
        let secs = at.as_second();
        Timestamp(if at.subsec_nanosecond() < 0 { secs - 1 } else { secs })
    }

    /// RFC 3339 with the local offset, e.g. `2026-12-05T08:00:00+08:00`: how an instant goes
    /// over the wire to clients that read it back.
    pub fn rfc3339(self) -> String {
        self.to_jiff().to_zoned(ZONE.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }

    /// The local civil date and time of this instant.
    pub fn local(self) -> DateTime {
        ZONE.to_datetime(self.to_jiff())
    }

    /// Seconds east of UTC in force in [`ZONE`] at this instant.
    pub fn utc_offset_secs(self) -> i64 {
        match settled() {
            Some(settled) if self.0 >= settled.since => settled.offset,
            _ => i64::from(ZONE.to_offset(self.to_jiff()).seconds()),
        }
    }

    /// The local day of this instant, as days since 1970-01-01 (the index of working-time
    /// arithmetic).
    pub fn local_day_number(self) -> i64 {
        self.0.saturating_add(self.utc_offset_secs()).div_euclid(DAY_SECS)
    }

    /// The instant of local midnight that starts local day `day` (days since 1970-01-01).
    pub fn start_of_local_day(day: i64) -> Self {
        if let Some(settled) = settled() {
            let start = day.saturating_mul(DAY_SECS) - settled.offset;
            // A day clear of the last change: its midnight is neither skipped nor repeated.
            if start >= settled.since + DAY_SECS {
                return Timestamp(start);
            }
        }
        Timestamp::at_local(date_of_day_number(day).to_datetime(Time::midnight()))
    }

    /// The instant of a local civil date and time. A time skipped by a change to summer time
    /// is read as the later instant, a repeated one as the earlier (jiff's "compatible" rule,
    /// RFC 5545's); local midnight in China always exists, the changes were at 02:00.
    pub fn at_local(civil: DateTime) -> Self {
        match ZONE.to_ambiguous_timestamp(civil).compatible() {
            Ok(at) => Timestamp::from_jiff(at),
            // Within a day of jiff's last representable instant.
            Err(_) => Timestamp::from_jiff(if civil.year() < 0 { jiff::Timestamp::MIN } else { jiff::Timestamp::MAX }),
        }
    }

    /// The instant of local midnight that starts this instant's day.
    pub fn local_day_start(self) -> Self {
        Timestamp::start_of_local_day(self.local_day_number())
    }

    /// Builds the instant of a local civil date and time. Fields past their range carry over
    /// as a calendar counts (02-30 is 1 or 2 March, hour 24 the next day), so a caller can
    /// tell a non-date by comparing [`Timestamp::local_date`] with what it asked for.
    pub fn from_local(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> Self {
        Timestamp::at_local(carried_over(year, month, day, hour, minute))
    }

    /// The local civil date of this instant as (year, month, day).
    pub fn local_date(self) -> (i32, u32, u32) {
        let date = self.local().date();
        (i32::from(date.year()), date.month().unsigned_abs().into(), date.day().unsigned_abs().into())
    }
}

/// How a file's wall-clock times (`2020-02-10 10:00`, no zone written) name instants, and
/// where its days begin: in the district's zone, [`ZONE`], unless the user says the file was
/// made elsewhere at a fixed offset from UTC (an export from New York is −05:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WallClock {
    #[default]
    DistrictZone,
    /// Seconds east of UTC.
    FixedOffset(i64),
}

impl WallClock {
    /// The instant a civil date and time names on this clock.
    pub fn instant(self, civil: DateTime) -> Timestamp {
        match self {
            WallClock::DistrictZone => Timestamp::at_local(civil),
            WallClock::FixedOffset(east) => {
                let as_if_utc = civil.to_zoned(TimeZone::UTC).map_or(0, |at| at.timestamp().as_second());
                Timestamp(as_if_utc - east)
            }
        }
    }

    /// The day of an instant on this clock, as days since 1970-01-01.
    pub fn day_number(self, at: Timestamp) -> i64 {
        match self {
            WallClock::DistrictZone => at.local_day_number(),
            WallClock::FixedOffset(east) => at.0.saturating_add(east).div_euclid(DAY_SECS),
        }
    }

    /// The instant that starts day `day` (days since 1970-01-01) on this clock.
    pub fn day_start(self, day: i64) -> Timestamp {
        match self {
            WallClock::DistrictZone => Timestamp::start_of_local_day(day),
            WallClock::FixedOffset(east) => Timestamp(day.saturating_mul(DAY_SECS) - east),
        }
    }
}

/// The zone's offset from its last change on, when jiff says no change follows.
#[derive(Debug, Clone, Copy)]
struct Settled {
    /// The instant of the last change.
    since: i64,
    offset: i64,
}

fn settled() -> Option<Settled> {
    static SETTLED: OnceLock<Option<Settled>> = OnceLock::new();
    *SETTLED.get_or_init(|| {
        let last = ZONE.preceding(jiff::Timestamp::MAX).next()?;
        let none_after = ZONE.following(last.timestamp()).next().is_none();
        none_after.then(|| Settled { since: last.timestamp().as_second(), offset: i64::from(last.offset().seconds()) })
    })
}

const EPOCH: Date = Date::constant(1970, 1, 1);

/// The date `day` days after 1970-01-01, within jiff's years -9999 to 9999 (a day number
/// beyond them gives the nearest end).
pub(crate) fn date_of_day_number(day: i64) -> Date {
    let days = Span::new().try_days(day).ok().and_then(|span| EPOCH.checked_add(span).ok());
    days.unwrap_or(if day < 0 { Date::MIN } else { Date::MAX })
}

/// Days from 1970-01-01 to `date`.
pub(crate) fn day_number_of_date(date: Date) -> i64 {
    date.duration_since(EPOCH).as_secs().div_euclid(DAY_SECS)
}

/// A civil date-time from fields that may run past their ranges, carried over by jiff's
/// arithmetic; at the ends of jiff's range it stops there.
fn carried_over(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> DateTime {
    let exact = || {
        let (y, m, d) = (i16::try_from(year).ok()?, i8::try_from(month).ok()?, i8::try_from(day).ok()?);
        DateTime::new(y, m, d, i8::try_from(hour).ok()?, i8::try_from(minute).ok()?, 0, 0).ok()
    };
    let carried = || {
        let span = Span::new()
            .try_months(i64::from(month) - 1)
            .ok()?
            .try_days(i64::from(day) - 1)
            .ok()?
            .try_hours(i64::from(hour))
            .ok()?
            .try_minutes(i64::from(minute))
            .ok()?;
        Date::new(i16::try_from(year).ok()?, 1, 1).ok()?.to_datetime(Time::midnight()).checked_add(span).ok()
    };
    exact().or_else(carried).unwrap_or(if year < 1970 { DateTime::MIN } else { DateTime::MAX })
}

impl From<jiff::Timestamp> for Timestamp {
    fn from(at: jiff::Timestamp) -> Self {
        Timestamp::from_jiff(at)
    }
}

impl std::fmt::Display for Timestamp {
    /// RFC 3339 with the local offset: `2026-11-23T10:00:00+08:00`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = self.to_jiff();
        write!(f, "{}", at.display_with_offset(ZONE.to_offset(at)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::Offset;
    use proptest::prelude::*;

    /// China Standard Time, what the zone has been since 1992.
    const CST_OFFSET_SECS: i64 = 8 * 3600;

    #[test]
    fn a_wall_clock_reads_civil_times_in_the_zone_or_at_the_offset_given() {
        let ten = jiff::civil::date(2020, 2, 10).at(10, 0, 0, 0);
        assert_eq!(WallClock::DistrictZone.instant(ten), Timestamp::from_local(2020, 2, 10, 10, 0));
        assert_eq!(WallClock::FixedOffset(0).instant(ten), Timestamp(1_581_328_800));
        assert_eq!(WallClock::FixedOffset(-5 * HOUR_SECS).instant(ten), Timestamp(1_581_328_800 + 5 * HOUR_SECS));
        // In a summer of 1986–91 the zone is UTC+9, which a fixed +08:00 is not.
        let summer = jiff::civil::date(1988, 7, 1).at(12, 0, 0, 0);
        assert_eq!(WallClock::FixedOffset(CST_OFFSET_SECS).instant(summer).0 - WallClock::DistrictZone.instant(summer).0, HOUR_SECS);
    }

    #[test]
    fn a_wall_clock_day_starts_at_its_own_midnight() {
        let late = Timestamp::from_local(2026, 12, 6, 23, 30);
        let zone = WallClock::DistrictZone;
        assert_eq!(zone.day_start(zone.day_number(late)), Timestamp::from_local(2026, 12, 6, 0, 0));
        // 23:30 in China is 10:30 in New York the same day.
        let new_york = WallClock::FixedOffset(-5 * HOUR_SECS);
        assert_eq!(new_york.day_number(late), zone.day_number(late));
        assert_eq!(new_york.day_start(new_york.day_number(late)), Timestamp::from_local(2026, 12, 6, 13, 0));
        let utc = WallClock::FixedOffset(0);
        assert_eq!(utc.day_number(late), zone.day_number(late));
        assert_eq!(utc.day_start(utc.day_number(late)).0 % DAY_SECS, 0);
    }

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
    fn fields_past_their_range_carry_over_so_non_dates_show() {
        assert_eq!(Timestamp::from_local(2026, 2, 30, 0, 0).local_date(), (2026, 3, 2));
        assert_eq!(Timestamp::from_local(2026, 13, 1, 0, 0).local_date(), (2027, 1, 1));
        assert_eq!(Timestamp::from_local(2026, 0, 1, 0, 0).local_date(), (2025, 12, 1));
        assert_eq!(Timestamp::from_local(2026, 1, 0, 0, 0).local_date(), (2025, 12, 31));
        assert_eq!(Timestamp::from_local(2026, 1, 31, 24, 0), Timestamp::from_local(2026, 2, 1, 0, 0));
        assert_eq!(Timestamp::from_local(99_999, 1, 1, 0, 0).local_date().0, 9999);
    }

    #[test]
    fn display_is_rfc3339_in_the_local_zone() {
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T08:00:00+08:00");
        assert_eq!(Timestamp::from_local(2026, 11, 23, 10, 0).to_string(), "2026-11-23T10:00:00+08:00");
        // Summer time, 1988.
        assert_eq!(Timestamp::from_local(1988, 7, 1, 12, 0).to_string(), "1988-07-01T12:00:00+09:00");
    }

    #[test]
    fn instants_beyond_jiffs_range_saturate_instead_of_panicking() {
        assert_eq!(Timestamp(i64::MAX).local_date().0, 9999);
        assert_eq!(Timestamp(i64::MIN).local_date().0, -9999);
        assert!(Timestamp(i64::MAX).local_day_start() <= Timestamp(i64::MAX));
    }

    #[test]
    fn the_zone_is_asia_shanghai_and_kept_summer_time_only_from_1986_to_1991() {
        assert_eq!(ZONE.iana_name(), Some("Asia/Shanghai"));
        let from = Timestamp::from_local(1970, 1, 1, 0, 0).to_jiff();
        let to = Timestamp::from_local(2101, 1, 1, 0, 0).to_jiff();
        let changes: Vec<(i16, i32)> = ZONE
            .following(from)
            .take_while(|t| t.timestamp() < to)
            .map(|t| (t.timestamp().to_zoned(ZONE.clone()).year(), t.offset().seconds()))
            .collect();
        let expected: Vec<(i16, i32)> = (1986..=1991).flat_map(|year| [(year, 9 * 3600), (year, 8 * 3600)]).collect();
        assert_eq!(changes, expected);
    }

    #[test]
    fn the_offset_has_been_settled_since_september_1991() {
        let settled = settled().expect("Asia/Shanghai has no summer time ahead");
        assert_eq!(Timestamp(settled.since).to_string(), "1991-09-15T01:00:00+08:00");
        assert_eq!(settled.offset, CST_OFFSET_SECS);
        // Around the change, the look-ups: the 25-hour day of 1991-09-15.
        let day = Timestamp::from_local(1991, 9, 15, 12, 0).local_day_number();
        assert_eq!(Timestamp::start_of_local_day(day + 1).secs() - Timestamp::start_of_local_day(day).secs(), DAY_SECS + HOUR_SECS);
    }

    /// The six summers (1986 to 1991) in which Asia/Shanghai was UTC+9, as instant ranges.
    fn summers() -> Vec<(i64, i64)> {
        let from = jiff::Timestamp::from_second(0).unwrap();
        let changes: Vec<jiff::Timestamp> = ZONE.following(from).take(12).map(|t| t.timestamp()).collect();
        changes.chunks(2).map(|pair| (pair[0].as_second(), pair[1].as_second())).collect()
    }

    fn in_summer(t: i64, summers: &[(i64, i64)]) -> bool {
        summers.iter().any(|&(on, off)| on <= t && t < off)
    }

    /// 1970-01-01 to 2100-12-31 (local).
    fn instant_1970_2100() -> impl Strategy<Value = i64> {
        let lo = -CST_OFFSET_SECS;
        let hi = Timestamp::from_local(2101, 1, 1, 0, 0).secs();
        prop_oneof![lo..hi, (1986i32..1992, 0i64..366 * DAY_SECS).prop_map(|(y, s)| Timestamp::from_local(y, 1, 1, 0, 0).secs() + s)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// jiff's day in Asia/Shanghai is the day of a plain UTC+8 clock, except in the
        /// summers of 1986 to 1991, where it is the day of a UTC+9 one.
        #[test]
        fn the_local_day_is_the_plain_utc_plus_8_day_outside_the_summers_of_1986_to_1991(t in instant_1970_2100()) {
            let offset = if in_summer(t, &summers()) { 9 * HOUR_SECS } else { CST_OFFSET_SECS };
            let plain_day = (t + offset).div_euclid(DAY_SECS);
            let plain_start = plain_day * DAY_SECS - offset;
            let at = Timestamp(t);
            prop_assert_eq!(at.utc_offset_secs(), offset);
            // A day that began before the change to summer time began an hour later in UTC
            // terms; only the days of a change see a start at the other offset.
            let start = at.local_day_start().secs();
            prop_assert!(start == plain_start || (start - plain_start).abs() == HOUR_SECS && in_summer(t, &summers()) != in_summer(start, &summers()));
            prop_assert!(start <= t && t - start < DAY_SECS + HOUR_SECS);
            let plain_date = jiff::Timestamp::from_second(t).unwrap().to_zoned(TimeZone::fixed(Offset::from_seconds(offset as i32).unwrap())).date();
            prop_assert_eq!(at.local().date(), plain_date);
            prop_assert_eq!(Timestamp::from_local(i32::from(plain_date.year()), plain_date.month() as u32, plain_date.day() as u32, 0, 0).secs(), start);
        }

        /// The arithmetic from the zone's last change on is jiff's look-up, to the second,
        /// from 1970 to jiff's last year.
        #[test]
        fn day_numbers_and_day_starts_are_jiffs(t in -CST_OFFSET_SECS..253_402_000_000i64) {
            let at = Timestamp(t);
            let date = ZONE.to_datetime(at.to_jiff()).date();
            prop_assert_eq!(at.local_day_number(), day_number_of_date(date));
            prop_assert_eq!(date_of_day_number(at.local_day_number()), date);
            let start = Timestamp::at_local(date.to_datetime(Time::midnight()));
            prop_assert_eq!(Timestamp::start_of_local_day(at.local_day_number()), start);
            prop_assert_eq!(at.utc_offset_secs(), i64::from(ZONE.to_offset(at.to_jiff()).seconds()));
        }

        /// From 1992 on, the zone is exactly UTC+8: day starts are 16:00 UTC the day before.
        #[test]
        fn from_1992_to_2100_day_starts_are_sixteen_hundred_utc(t in Timestamp::from_local(1992, 1, 1, 0, 0).secs()..Timestamp::from_local(2101, 1, 1, 0, 0).secs()) {
            let start = Timestamp(t).local_day_start().secs();
            prop_assert_eq!(start, (t + CST_OFFSET_SECS).div_euclid(DAY_SECS) * DAY_SECS - CST_OFFSET_SECS);
            let shown = Timestamp(t).to_string();
            prop_assert!(shown.ends_with("+08:00"), "{}", shown);
        }
    }
}
