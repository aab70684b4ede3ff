//! The calendar file format: one small text file per year, parsed from a `&str`.
//!
//! ```text
//! # 2026 public holidays and make-up working days, State Council General Office notice
//! year 2026
//! hours 08:30-12:00 13:30-17:30
//! holiday 2026-01-01 2026-01-03   元旦
//! workday 2026-01-04              元旦调休
//! ```
//!
//! `#` starts a comment. `holiday FIRST [LAST] [name]` declares days off (inclusive range);
//! `workday DATE [name]` declares a weekend day that is worked (调休). `year` and `hours`
//! appear once each, before any day. A line-based format keeps the domain free of format
//! crates and lets an official reading the file check it against the notice line by line.
//! Errors name the line so that whoever edits the file next year can fix it.

use std::collections::{BTreeMap, BTreeSet};

use crate::sla::calendar::{DayKind, DayNote, WorkingCalendar};
use crate::sla::date::LocalDate;
use crate::sla::hours::{parse_hhmm, BusinessHours, HoursError};

/// The longest holiday range accepted; Spring Festival is 9 days, so anything longer is
/// almost certainly a typo in a date.
const MAX_HOLIDAY_DAYS: i64 = 31;

/// A calendar file error, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("calendar line {line}: {kind}")]
pub struct ParseError {
    pub line: usize,
    pub kind: ParseErrorKind,
}

/// What is wrong with a calendar line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseErrorKind {
    #[error("unknown keyword `{0}` (expected year, hours, holiday or workday)")]
    UnknownKeyword(String),
    #[error("`{0}` needs a value")]
    MissingValue(&'static str),
    #[error("`{0}` is not a year")]
    BadYear(String),
    #[error("`year` is declared again (first on line {0})")]
    DuplicateYear(usize),
    #[error("`hours` is declared again (first on line {0})")]
    DuplicateHours(usize),
    #[error("`{0}` must come after the `year` and `hours` lines")]
    TooEarly(&'static str),
    #[error("`{0}` is not an interval like 08:30-12:00")]
    BadInterval(String),
    #[error("bad business hours: {0}")]
    BadHours(HoursError),
    #[error("`{0}` is not a date like 2026-01-01")]
    BadDate(String),
    #[error("holiday range ends ({1}) before it starts ({0})")]
    ReversedRange(LocalDate, LocalDate),
    #[error("holiday range {0} to {1} is longer than {MAX_HOLIDAY_DAYS} days")]
    RangeTooLong(LocalDate, LocalDate),
    #[error("{0} is too far from the declared year {1}")]
    OutsideYear(LocalDate, i32),
    #[error("{0} is a {1:?}; `workday` is only for a Saturday or Sunday that is worked")]
    WorkdayNotWeekend(LocalDate, crate::sla::date::Weekday),
    #[error("{0} was already declared on line {1}")]
    DuplicateDate(LocalDate, usize),
    #[error("missing `{0}` line")]
    Missing(&'static str),
}

/// Why a set of calendar files could not be loaded; `file` is the 0-based index of the file
/// in the order given (the caller knows their names).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarFilesError {
    #[error("calendar file #{file}: {error}")]
    Parse { file: usize, error: ParseError },
    #[error("calendar file #{file}: {error}")]
    Merge { file: usize, error: crate::sla::calendar::MergeError },
    #[error("no calendar files")]
    NoFiles,
}

impl WorkingCalendar {
    /// Parses one calendar file (see the module documentation for the format).
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let mut year: Option<(i32, usize)> = None;
        let mut hours: Option<(BusinessHours, usize)> = None;
        let mut notes: BTreeMap<LocalDate, (DayNote, usize)> = BTreeMap::new();
        let mut last_line = 0;

        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            last_line = line;
            let err = |kind| ParseError { line, kind };
            let content = raw.split_once('#').map_or(raw, |(before, _)| before);
            let mut words = content.split_whitespace();
            let Some(keyword) = words.next() else { continue };
            match keyword {
                "year" => {
                    if let Some((_, first)) = year {
                        return Err(err(ParseErrorKind::DuplicateYear(first)));
                    }
                    let value = words.next().ok_or(err(ParseErrorKind::MissingValue("year")))?;
                    let parsed = value
                        .parse::<i32>()
                        .ok()
                        .filter(|y| (1900..=9999).contains(y) && words.next().is_none())
                        .ok_or_else(|| err(ParseErrorKind::BadYear(value.to_string())))?;
                    year = Some((parsed, line));
                }
                "hours" => {
                    if let Some((_, first)) = hours {
                        return Err(err(ParseErrorKind::DuplicateHours(first)));
                    }
                    let intervals = words
                        .map(|w| parse_interval(w).ok_or_else(|| err(ParseErrorKind::BadInterval(w.to_string()))))
                        .collect::<Result<Vec<_>, _>>()?;
                    if intervals.is_empty() {
                        return Err(err(ParseErrorKind::MissingValue("hours")));
                    }
                    let parsed = BusinessHours::new(&intervals).map_err(|e| err(ParseErrorKind::BadHours(e)))?;
                    hours = Some((parsed, line));
                }
                "holiday" | "workday" => {
                    let keyword: &'static str = if keyword == "holiday" { "holiday" } else { "workday" };
                    let (Some((year, _)), Some(_)) = (year, &hours) else {
                        return Err(err(ParseErrorKind::TooEarly(keyword)));
                    };
                    let first_word = words.next().ok_or(err(ParseErrorKind::MissingValue(keyword)))?;
                    let first = parse_date(first_word).map_err(err)?;
                    let mut last = first;
                    let mut rest: Vec<&str> = words.collect();
                    if keyword == "holiday" && rest.first().is_some_and(|w| looks_like_date(w)) {
                        last = parse_date(rest.remove(0)).map_err(err)?;
                    }
                    let (lo, hi) = (first.day_number(), last.day_number());
                    if hi < lo {
                        return Err(err(ParseErrorKind::ReversedRange(first, last)));
                    }
                    if hi - lo >= MAX_HOLIDAY_DAYS {
                        return Err(err(ParseErrorKind::RangeTooLong(first, last)));
                    }
                    // A bridge around New Year may reach into the neighbouring year, so one
                    // year either side is allowed; more is a typo.
                    for date in [first, last] {
                        if (date.year() - year).abs() > 1 {
                            return Err(err(ParseErrorKind::OutsideYear(date, year)));
                        }
                    }
                    let kind = if keyword == "holiday" { DayKind::Holiday } else { DayKind::MakeUpWorkday };
                    if kind == DayKind::MakeUpWorkday && !first.weekday().is_weekend() {
                        return Err(err(ParseErrorKind::WorkdayNotWeekend(first, first.weekday())));
                    }
                    let name = rest.join(" ");
                    for day in lo..=hi {
                        let date = LocalDate::from_day_number(day);
                        if let Some((_, earlier)) = notes.get(&date) {
                            return Err(err(ParseErrorKind::DuplicateDate(date, *earlier)));
                        }
                        notes.insert(date, (DayNote { kind, name: name.clone() }, line));
                    }
                }
                other => return Err(err(ParseErrorKind::UnknownKeyword(other.to_string()))),
            }
        }

        let missing = |what| ParseError { line: last_line, kind: ParseErrorKind::Missing(what) };
        let (year, _) = year.ok_or_else(|| missing("year"))?;
        let (hours, _) = hours.ok_or_else(|| missing("hours"))?;
        let notes = notes.into_iter().map(|(date, (note, _))| (date, note)).collect();
        Ok(WorkingCalendar::from_parts(hours, BTreeSet::from([year]), notes, true))
    }

    /// Parses several calendar files (one per year) and merges them.
    pub fn parse_all<'a>(texts: impl IntoIterator<Item = &'a str>) -> Result<Self, CalendarFilesError> {
        let mut merged: Option<WorkingCalendar> = None;
        for (file, text) in texts.into_iter().enumerate() {
            let calendar = WorkingCalendar::parse(text).map_err(|error| CalendarFilesError::Parse { file, error })?;
            merged = Some(match merged {
                None => calendar,
                Some(so_far) => so_far.merge(calendar).map_err(|error| CalendarFilesError::Merge { file, error })?,
            });
        }
        merged.ok_or(CalendarFilesError::NoFiles)
    }
}

fn parse_interval(word: &str) -> Option<(u32, u32)> {
    let (open, close) = word.split_once('-')?;
    Some((parse_hhmm(open)?, parse_hhmm(close)?))
}

/// Whether a word is meant as a date (so a malformed one is an error, not part of a name).
fn looks_like_date(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.len() >= 5 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-'
}

fn parse_date(word: &str) -> Result<LocalDate, ParseErrorKind> {
    LocalDate::parse(word).ok_or_else(|| ParseErrorKind::BadDate(word.to_string()))
}
