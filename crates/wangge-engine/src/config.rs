//! A district's own rules in place of the bundled ones: when `WANGGE_CONFIG_DIR` names a
//! folder, `sla-policies.txt`, `district-units.txt`, `routing.txt`, `warning-rules.txt` and
//! `landlord-rules.txt` found there replace the files of `assets/` (same formats). A file that does not parse stops the engine
//! from opening, with the file and line named: silently timing tickets by the wrong
//! rules would be worse than not starting.
//!
//! Working calendars: `calendars/<year>.txt` in that folder (the format of
//! `assets/calendars/`) adds a year the build does not bundle — the next State Council
//! notice, without a new build — or replaces a bundled year. Each is checked like the
//! bundled ones. A year with no file keeps its statutory holidays; [`Engine::calendar_gap`]
//! warns from the December before.

use std::path::{Path, PathBuf};

use wangge_domain::landlords::LandlordRules;
use wangge_domain::lifecycle::{Lifecycle, SlaPolicies};
use wangge_domain::sla::{CalendarGap, LocalDate, WorkingCalendar};
use wangge_domain::units::Units;
use wangge_domain::warnings::WarningRules;
use wangge_domain::Language;

use crate::{Engine, EngineError};

const UNITS_FILE: &str = "district-units.txt";
const ROUTING_FILE: &str = "routing.txt";
const POLICIES_FILE: &str = "sla-policies.txt";
const WARNINGS_FILE: &str = "warning-rules.txt";
const LANDLORDS_FILE: &str = "landlord-rules.txt";
const CALENDARS_DIR: &str = "calendars";

/// The calendar files of `assets/calendars/`, by year: the same texts `Lifecycle::standard`
/// compiles in, kept here too so that a district's file can replace one of them.
const BUNDLED_CALENDARS: [(i32, &str); 2] =
    [(2025, include_str!("../../../assets/calendars/2025.txt")), (2026, include_str!("../../../assets/calendars/2026.txt"))];
const PUBLICATION_FILE: &str = "open311-publication.txt";

/// The lifecycle rules, units, warning rules and landlord rules to run with: the bundled
/// ones, overridden file by file.
pub(crate) fn load() -> Result<(Lifecycle, Units, WarningRules, LandlordRules), EngineError> {
    let mut lifecycle = Lifecycle::standard();
    let mut units = Units::bundled();
    let mut warnings = WarningRules::bundled();
    let mut landlords = LandlordRules::bundled().clone();
    let Some(dir) = std::env::var_os("WANGGE_CONFIG_DIR").map(PathBuf::from) else {
        return Ok((lifecycle, units, warnings, landlords));
    };
    if let Some(text) = read_if_present(&dir, LANDLORDS_FILE)? {
        landlords = LandlordRules::parse(&text).map_err(|e| invalid(&dir, LANDLORDS_FILE, e))?;
    }
    if let Some(text) = read_if_present(&dir, WARNINGS_FILE)? {
        warnings = WarningRules::parse(&text).map_err(|e| invalid(&dir, WARNINGS_FILE, e))?;
    }
    if let Some(text) = read_if_present(&dir, POLICIES_FILE)? {
        lifecycle.policies = SlaPolicies::parse(&text).map_err(|e| invalid(&dir, POLICIES_FILE, e))?;
    }
    if let Some(calendar) = district_calendar(&dir)? {
        lifecycle.calendar = calendar;
    }
    if let Some(district_units) = units_in(&dir)? {
        units = district_units;
    }
    Ok((lifecycle, units, warnings, landlords))
}

/// The district's units and routing: the bundled ones unless the configuration folder has
/// its own (for tools that need the units alone, such as adding a unit handler's account).
pub(crate) fn units() -> Result<Units, EngineError> {
    match std::env::var_os("WANGGE_CONFIG_DIR").map(PathBuf::from) {
        Some(dir) => Ok(units_in(&dir)?.unwrap_or_else(Units::bundled)),
        None => Ok(Units::bundled()),
    }
}

/// The units of `dir`'s files, the bundled file standing in for a missing one; `None` when
/// the folder has neither.
fn units_in(dir: &std::path::Path) -> Result<Option<Units>, EngineError> {
    let units_text = read_if_present(dir, UNITS_FILE)?;
    let routing_text = read_if_present(dir, ROUTING_FILE)?;
    if units_text.is_none() && routing_text.is_none() {
        return Ok(None);
    }
    let bundled_units = include_str!("../../../assets/units/district.txt");
    let bundled_routing = include_str!("../../../assets/units/routing.txt");
    Units::parse(units_text.as_deref().unwrap_or(bundled_units), routing_text.as_deref().unwrap_or(bundled_routing))
        .map(Some)
        .map_err(|e| EngineError::InvalidInput(format!("{}: {e}", dir.display())))
}

/// What Open311 publishes: the district's `open311-publication.txt`, else the bundled rules.
pub(crate) fn publication() -> Result<crate::intake::Publication, EngineError> {
    use crate::intake::Publication;
    let Some(dir) = std::env::var_os("WANGGE_CONFIG_DIR").map(PathBuf::from) else {
        return Ok(Publication::bundled());
    };
    match read_if_present(&dir, PUBLICATION_FILE)? {
        Some(text) => Publication::parse(&text).map_err(|e| invalid(&dir, PUBLICATION_FILE, e)),
        None => Ok(Publication::bundled()),
    }
}

/// The bundled calendars with the district's `calendars/<year>.txt` files added or put in
/// place of a bundled year; `None` when the folder has none.
fn district_calendar(dir: &Path) -> Result<Option<WorkingCalendar>, EngineError> {
    let folder = dir.join(CALENDARS_DIR);
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(EngineError::InvalidInput(format!("reading {}: {e}", folder.display()))),
    };
    let mut files: Vec<(i32, PathBuf, String)> = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| EngineError::InvalidInput(format!("reading {}: {e}", folder.display())))?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let year = stem.parse::<i32>().ok().filter(|_| stem.len() == 4).ok_or_else(|| {
            EngineError::InvalidInput(format!("{}: a calendar file is named after its year, like 2027.txt", path.display()))
        })?;
        let text = std::fs::read_to_string(&path).map_err(|e| EngineError::InvalidInput(format!("reading {}: {e}", path.display())))?;
        let calendar = WorkingCalendar::parse(&text).map_err(|e| EngineError::InvalidInput(format!("{}: {e}", path.display())))?;
        if !calendar.years().eq([year]) {
            let declared: Vec<String> = calendar.years().map(|y| y.to_string()).collect();
            return Err(EngineError::InvalidInput(format!(
                "{}: the file declares `year {}` but is named for {year}",
                path.display(),
                declared.join(" ")
            )));
        }
        files.push((year, path, text));
    }
    if files.is_empty() {
        return Ok(None);
    }
    files.sort_by_key(|(year, _, _)| *year);
    let mut merged: Option<WorkingCalendar> = None;
    let bundled = BUNDLED_CALENDARS.iter().filter(|(year, _)| !files.iter().any(|(y, _, _)| y == year));
    let sources = bundled.map(|(year, text)| (format!("assets/calendars/{year}.txt (bundled)"), *text));
    for (name, text) in sources.chain(files.iter().map(|(_, path, text)| (path.display().to_string(), text.as_str()))) {
        let calendar = WorkingCalendar::parse(text).map_err(|e| EngineError::InvalidInput(format!("{name}: {e}")))?;
        merged = Some(match merged {
            None => calendar,
            Some(so_far) => so_far.merge(calendar).map_err(|e| EngineError::InvalidInput(format!("{name}: {e}")))?,
        });
    }
    Ok(merged)
}

impl Engine {
    /// The year whose working calendar is missing while deadlines count in it, or will from
    /// next month (see [`WorkingCalendar::gap_at`]): for `wangge verify`, and for a shell to
    /// show ([`CalendarGap::message_zh`]). Add the year as `calendars/<year>.txt` in
    /// `WANGGE_CONFIG_DIR`.
    pub fn calendar_gap(&self, now: wangge_domain::Timestamp) -> Option<CalendarGap> {
        self.lifecycle().calendar.gap_at(LocalDate::of(now))
    }

    /// What a seat shows on opening, in the user's words and `language`: each thing the
    /// administrator must act on for deadlines to stay right. Before anyone signs in the
    /// language is not known: the shells ask in Chinese then.
    pub fn startup_notices(&self, now: wangge_domain::Timestamp, language: Language) -> Vec<String> {
        self.calendar_gap(now).map(|gap| calendar_notice(gap, language)).into_iter().collect()
    }
}

/// A missing calendar as a seat's notice: the domain's Chinese ([`CalendarGap::message_zh`]),
/// or its English twin.
fn calendar_notice(gap: CalendarGap, language: Language) -> String {
    match language {
        Language::Chinese => gap.message_zh(),
        Language::English => {
            let (year, when) = (gap.year, if gap.begun { "this year" } else { "next year" });
            format!(
                "No holiday calendar for {year} ({when}): deadlines count only the statutory holidays, and the make-up working \
                 days are unknown. Import the calendar file of the State Council's holiday notice for {year} (calendars/{year}.txt)."
            )
        }
    }
}

fn read_if_present(dir: &Path, name: &str) -> Result<Option<String>, EngineError> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(EngineError::InvalidInput(format!("reading {}: {e}", path.display()))),
    }
}

fn invalid(dir: &Path, name: &str, error: impl std::fmt::Display) -> EngineError {
    EngineError::InvalidInput(format!("{}: {error}", dir.join(name).display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendar_notice_comes_in_the_seats_language() {
        let gap = CalendarGap { year: 2027, begun: false };
        assert_eq!(calendar_notice(gap, Language::Chinese), gap.message_zh());
        let english = calendar_notice(gap, Language::English);
        assert!(english.starts_with("No holiday calendar for 2027 (next year): "), "{english}");
        assert!(english.contains("calendars/2027.txt"), "{english}");
        assert!(!english.chars().any(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')));
        let begun = calendar_notice(CalendarGap { year: 2027, begun: true }, Language::English);
        assert!(begun.contains("(this year)"), "{begun}");
    }
}
