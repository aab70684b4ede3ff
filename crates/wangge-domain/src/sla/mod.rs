//! Service-level clocks in working time (issue 3, part 5).
//!
//! - [`date`]: local (CST) dates and weekdays.
//! - [`hours`]: business hours of a working day.
//! - [`calendar`]: working days (weekends, public holidays, 调休 make-up days) and
//!   working-time arithmetic.
//! - [`parse`]: the per-year calendar file format (`assets/calendars/2026.txt`).
//! - [`statutory`] and `lunar`: the statutory holidays of years no file declares (春节,
//!   端午 and 中秋 by the lunar calendar, 清明 by the solar term), and the missing-year warning.
//! - [`clock`]: one SLA clock with pauses (挂起), extensions (延期) and its state.
//! - [`dispatch`]: reassignment (改派) and co-dispatch (加派) of clocks between units.
//!
//! Pure: no I/O and no clock reads; every "now" is an argument.

pub mod calendar;
pub mod clock;
pub mod date;
pub mod dispatch;
pub mod hours;
mod lunar;
pub mod parse;
pub mod statutory;

pub use calendar::{DayKind, DayNote, MergeError, WorkingCalendar};
pub use clock::{ClockError, ClockEvent, ClockKind, Extension, Pause, SlaClock, SlaPolicy, SlaState};
pub use date::{LocalDate, Weekday};
pub use dispatch::{acceptance_clock_on_reassignment, roll_up, CoDispatch, UnitClocks};
pub use hours::{BusinessHours, HoursError};
pub use parse::{CalendarFilesError, ParseError, ParseErrorKind};
pub use statutory::CalendarGap;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_prop;
#[cfg(test)]
mod tests_statutory;
