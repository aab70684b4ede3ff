//! The working calendar: which days are working days, and working-time arithmetic.
//!
//! A day is a working day if it is Monday to Friday and not a public holiday, or if it is a
//! make-up working day (调休: a Saturday or Sunday worked to bridge a holiday). Working time
//! is the business hours of working days. A calendar read from files also keeps, in every
//! year no file declares (2025 to 2100), the statutory holidays of [`crate::sla::statutory`]
//! — but no make-up days, which only a notice can give; [`WorkingCalendar::gap_at`] warns
//! from the December before such a year.
//!
//! All arithmetic goes through one function, `cum(t)`: working seconds from a fixed origin
//! up to `t`. It is a prefix sum over the days of the years the calendar knows (declared or
//! statutory), and closed week arithmetic (five working days in seven) before and after
//! them, so every query is O(1) or a binary search over some thousands of days — never a
//! walk over days or seconds.
//! SLA states for a million tickets are computed in one pass, so this matters. A day runs
//! from one local midnight to the next, both from jiff in the zone of [`crate::time`], and
//! business hours are seconds after that midnight. Since 1992 every day is 86,400 s long;
//! the days China changed to or from summer time (1986 to 1991, Sundays, at 02:00) were 23
//! or 25 hours, and on them an hour after 02:00 is counted from midnight, not read off the
//! clock on the wall.

use std::collections::{BTreeMap, BTreeSet};

use crate::sla::date::{day_number_of, day_start, LocalDate};
use crate::sla::hours::BusinessHours;
use crate::sla::statutory::{all_statutory_holidays, CalendarGap, FIRST_STATUTORY_YEAR, LAST_STATUTORY_YEAR};
use crate::time::Timestamp;

/// What a calendar file says about one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// A public holiday (or a weekday given off in exchange for a make-up day).
    Holiday,
    /// A Saturday or Sunday that is worked (调休).
    MakeUpWorkday,
}

/// A declared holiday or make-up day, with its name as written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayNote {
    pub kind: DayKind,
    pub name: String,
}

/// Why two calendars cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("year {0} is declared by both calendars")]
    DuplicateYear(i32),
    #[error("business hours differ: {0} versus {1}")]
    DifferentHours(String, String),
    #[error("{0} is a holiday in one calendar and a working day in the other")]
    ConflictingDay(LocalDate),
}

/// Working days and business hours, over any number of years.
///
/// Days outside the declared years follow the plain rule (Monday to Friday) less the
/// statutory holidays (for a calendar read from files, 2025 to 2100), so a clock never
/// stops working at a year boundary; load the next year's file before it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkingCalendar {
    hours: BusinessHours,
    years: BTreeSet<i32>,
    notes: BTreeMap<LocalDate, DayNote>,
    /// Whether undeclared years keep the statutory holidays.
    statutory: bool,
    table: DayTable,
}

/// The prefix-sum table over the days that have declared years or notes.
#[derive(Debug, Clone, PartialEq)]
struct DayTable {
    /// Day number of the first day in the table.
    lo: i64,
    /// Whether each day from `lo` is a working day.
    working: Vec<bool>,
    /// `prefix[k]`: working seconds from the origin to the start of day `lo + k`;
    /// one entry longer than `working`.
    prefix: Vec<i64>,
}

impl WorkingCalendar {
    /// A calendar with no holidays at all: Monday to Friday with the given hours.
    pub fn weekdays(hours: BusinessHours) -> Self {
        Self::from_parts(hours, BTreeSet::new(), BTreeMap::new(), false)
    }

    pub(crate) fn from_parts(hours: BusinessHours, years: BTreeSet<i32>, notes: BTreeMap<LocalDate, DayNote>, statutory: bool) -> Self {
        let table = DayTable::build(&hours, &years, &notes, statutory);
        WorkingCalendar { hours, years, notes, statutory, table }
    }

    /// Combines two calendars (for example the 2025 and 2026 files). Both must use the
    /// same business hours, must not both declare a year, and must not disagree on a date
    /// (a date declared the same way twice is fine: a 元旦 bridge may be in both files).
    pub fn merge(self, other: WorkingCalendar) -> Result<Self, MergeError> {
        if self.hours != other.hours {
            return Err(MergeError::DifferentHours(self.hours.to_string(), other.hours.to_string()));
        }
        if let Some(year) = self.years.intersection(&other.years).next() {
            return Err(MergeError::DuplicateYear(*year));
        }
        let mut notes = self.notes;
        for (date, note) in other.notes {
            match notes.get(&date) {
                Some(existing) if existing.kind != note.kind => return Err(MergeError::ConflictingDay(date)),
                Some(_) => {}
                None => {
                    notes.insert(date, note);
                }
            }
        }
        let years = self.years.union(&other.years).copied().collect();
        Ok(Self::from_parts(self.hours, years, notes, self.statutory || other.statutory))
    }

    pub fn hours(&self) -> &BusinessHours {
        &self.hours
    }

    /// The years whose holidays this calendar knows.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// The holiday or make-up day declared for a date, or the statutory holiday of a year no
    /// file declares (its name says so), if any (for "why is this day off").
    pub fn note(&self, date: LocalDate) -> Option<&DayNote> {
        self.notes.get(&date).or_else(|| statutory_note(self.statutory, &self.years, date))
    }

    /// Whether a year's days off are the statutory holidays alone, for want of its file.
    pub fn is_estimated_year(&self, year: i32) -> bool {
        self.statutory && !self.years.contains(&year) && (FIRST_STATUTORY_YEAR..=LAST_STATUTORY_YEAR).contains(&year)
    }

    /// The year whose file is missing although `today` counts in it (a year that has begun
    /// undeclared) or will soon (from 1 December, the next year): deadlines there know the
    /// statutory holidays but no make-up days. `None` when both are declared.
    pub fn gap_at(&self, today: LocalDate) -> Option<CalendarGap> {
        if !self.years.contains(&today.year()) {
            return Some(CalendarGap { year: today.year(), begun: true });
        }
        let next = today.year() + 1;
        (today.month() == 12 && !self.years.contains(&next)).then_some(CalendarGap { year: next, begun: false })
    }

    pub fn is_working_day(&self, date: LocalDate) -> bool {
        self.is_working_day_number(date.day_number())
    }

    /// Whether `t` falls inside business hours of a working day.
    pub fn is_working_instant(&self, t: Timestamp) -> bool {
        let day = day_number_of(t);
        self.is_working_day_number(day) && self.hours.is_open_at(t.secs() - day_start(day).secs())
    }

    /// Working seconds in `[a, b)`; zero if `b <= a`.
    pub fn working_secs_between(&self, a: Timestamp, b: Timestamp) -> i64 {
        if b <= a {
            return 0;
        }
        self.cum(b) - self.cum(a)
    }

    /// The instant at which `secs` working seconds have elapsed since `start`.
    ///
    /// Counting starts at `start` if it is in business hours, otherwise at the next opening.
    /// The answer is the earliest such instant, so a span that exactly uses up a session
    /// ends at its closing time (12:00), not at the next opening (13:30). `secs <= 0`
    /// returns `start` itself: no time needs to elapse.
    pub fn add_working_secs(&self, start: Timestamp, secs: i64) -> Timestamp {
        if secs <= 0 {
            return start;
        }
        self.first_reaching(self.cum(start) + secs)
    }

    /// The first instant at or after `t` that is inside business hours of a working day.
    pub fn next_working_instant(&self, t: Timestamp) -> Timestamp {
        // The first working second after t ends at first_reaching(cum(t) + 1); it starts one
        // second earlier.
        self.first_reaching(self.cum(t) + 1).plus_secs(-1)
    }

    fn is_working_day_number(&self, day: i64) -> bool {
        match self.table.working.get(usize::try_from(day - self.table.lo).unwrap_or(usize::MAX)) {
            Some(&working) => working,
            None => is_weekday(day),
        }
    }

    /// Working seconds from the origin to the start of day `day`.
    fn day_cum(&self, day: i64) -> i64 {
        let t = &self.table;
        let daily = self.hours.daily_secs();
        let hi = t.hi();
        if day <= t.lo {
            // prefix[0] is defined as daily * weekdays_before(lo), so below the table the
            // plain rule applies unchanged.
            daily * weekdays_before(day)
        } else if day <= hi {
            t.prefix[(day - t.lo) as usize]
        } else {
            t.prefix[t.working.len()] + daily * (weekdays_before(day) - weekdays_before(hi))
        }
    }

    /// Working seconds from the origin to `t`; non-decreasing, rising one per working second.
    fn cum(&self, t: Timestamp) -> i64 {
        let day = day_number_of(t);
        let mut total = self.day_cum(day);
        if self.is_working_day_number(day) {
            total += self.hours.worked_before(t.secs() - day_start(day).secs());
        }
        total
    }

    /// The earliest instant `t` with `cum(t) >= target`.
    fn first_reaching(&self, target: i64) -> Timestamp {
        let t = &self.table;
        let daily = self.hours.daily_secs();
        let n = t.working.len();
        // The working day during which the target is reached: the last day whose start has
        // cumulative time below the target.
        let day = if target <= t.prefix[0] {
            weekday_by_index(ceil_div(target, daily) - 1)
        } else if target <= t.prefix[n] {
            // prefix[0] < target, so the partition point is at least 1.
            t.lo + (t.prefix.partition_point(|&p| p < target) - 1) as i64
        } else {
            weekday_by_index(weekdays_before(t.hi()) + ceil_div(target - t.prefix[n], daily) - 1)
        };
        let into_day = target - self.day_cum(day);
        debug_assert!(0 < into_day && into_day <= daily, "target {target} day {day} into {into_day}");
        day_start(day).plus_secs(self.hours.reached_at(into_day))
    }
}

impl DayTable {
    fn build(hours: &BusinessHours, years: &BTreeSet<i32>, notes: &BTreeMap<LocalDate, DayNote>, statutory: bool) -> Self {
        let year_start = |y: i32| LocalDate::new(y, 1, 1).map_or(0, LocalDate::day_number);
        let statutory_span = statutory.then_some((FIRST_STATUTORY_YEAR, LAST_STATUTORY_YEAR));
        let lows = years
            .first()
            .map(|&y| year_start(y))
            .into_iter()
            .chain(notes.keys().next().map(|d| d.day_number()))
            .chain(statutory_span.map(|(first, _)| year_start(first)));
        let highs = years
            .last()
            .map(|&y| year_start(y + 1))
            .into_iter()
            .chain(notes.keys().last().map(|d| d.day_number() + 1))
            .chain(statutory_span.map(|(_, last)| year_start(last + 1)));
        let (lo, hi) = match (lows.min(), highs.max()) {
            (Some(lo), Some(hi)) => (lo, hi),
            _ => (0, 0),
        };
        // Weeks first, then the statutory days of undeclared years, then the declared days,
        // which win: a pass over a few thousand notes, not a look-up per day of 76 years.
        let mut working: Vec<bool> = (lo..hi).map(is_weekday).collect();
        let mut mark = |date: &LocalDate, kind: DayKind| {
            if let Some(slot) = working.get_mut(usize::try_from(date.day_number() - lo).unwrap_or(usize::MAX)) {
                *slot = kind == DayKind::MakeUpWorkday;
            }
        };
        if statutory {
            for (date, note) in all_statutory_holidays().iter().filter(|(d, _)| !years.contains(&d.year())) {
                mark(date, note.kind);
            }
        }
        for (date, note) in notes {
            mark(date, note.kind);
        }
        let daily = hours.daily_secs();
        let mut prefix = Vec::with_capacity(working.len() + 1);
        let mut acc = daily * weekdays_before(lo);
        prefix.push(acc);
        for &is_working in &working {
            if is_working {
                acc += daily;
            }
            prefix.push(acc);
        }
        DayTable { lo, working, prefix }
    }

    fn hi(&self) -> i64 {
        self.lo + self.working.len() as i64
    }
}

/// The statutory holiday on `date` when the calendar keeps them and no file declares its year.
fn statutory_note(statutory: bool, years: &BTreeSet<i32>, date: LocalDate) -> Option<&'static DayNote> {
    if !statutory || years.contains(&date.year()) {
        return None;
    }
    all_statutory_holidays().get(&date)
}

/// Day 4 (1970-01-05) is the Monday from which weekdays are counted (checked against jiff
/// in the tests).
const MONDAY: i64 = 4;

/// Whether day `day` is a Monday to Friday: weeks repeat, so this is arithmetic from
/// [`MONDAY`] (the tests hold it to jiff's weekdays), not a date conversion per day.
fn is_weekday(day: i64) -> bool {
    (day - MONDAY).rem_euclid(7) < 5
}

/// Number of Monday–Friday days in `[MONDAY, day)` (negative before it).
fn weekdays_before(day: i64) -> i64 {
    let offset = day - MONDAY;
    offset.div_euclid(7) * 5 + offset.rem_euclid(7).min(5)
}

/// The Monday–Friday day with the given index, counting from `MONDAY` as index 0.
fn weekday_by_index(index: i64) -> i64 {
    MONDAY + index.div_euclid(5) * 7 + index.rem_euclid(5)
}

fn ceil_div(a: i64, b: i64) -> i64 {
    -((-a).div_euclid(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_week_arithmetic_starts_on_a_monday() {
        assert_eq!(LocalDate::from_day_number(MONDAY).to_string(), "1970-01-05");
        assert_eq!(LocalDate::from_day_number(MONDAY).weekday(), crate::sla::Weekday::Mon);
        // 1900 to 2100.
        for day in -25_567..47_848 {
            assert_eq!(is_weekday(day), !LocalDate::from_day_number(day).weekday().is_weekend(), "day {day}");
        }
    }

    #[test]
    fn weekday_counting_inverts() {
        for index in -20..40 {
            let day = weekday_by_index(index);
            assert!(!LocalDate::from_day_number(day).weekday().is_weekend());
            assert_eq!(weekdays_before(day), index);
            assert_eq!(weekdays_before(day + 1), index + 1);
        }
    }
}
