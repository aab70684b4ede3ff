//! Data-driven tests of the working calendar and SLA clocks on the real 2025 and 2026
//! calendars. Each case is one line: inputs, expected output, and why it is interesting.
//! Instants are written `Fri 2025-03-07 17:00` in CST; the weekday is checked, so a typo
//! in a case fails loudly instead of testing the wrong day.

use crate::sla::*;
use crate::time::Timestamp;

const CAL_2025: &str = include_str!("../../../../assets/calendars/2025.txt");
const CAL_2026: &str = include_str!("../../../../assets/calendars/2026.txt");

pub(super) fn calendar() -> WorkingCalendar {
    WorkingCalendar::parse_all([CAL_2025, CAL_2026]).expect("the shipped calendars parse and merge")
}

/// `Fri 2025-03-07 17:00` or `Fri 2025-03-07 17:00:01`.
fn at(text: &str) -> Timestamp {
    let words: Vec<&str> = text.split_whitespace().collect();
    let [weekday, date, time] = words[..] else { panic!("bad instant `{text}`") };
    let date = LocalDate::parse(date).unwrap_or_else(|| panic!("bad date in `{text}`"));
    assert_eq!(format!("{:?}", date.weekday()), weekday, "weekday of `{text}`");
    let parts: Vec<i64> = time.split(':').map(|p| p.parse().expect("time")).collect();
    let secs = parts[0] * 3600 + parts[1] * 60 + parts.get(2).copied().unwrap_or(0);
    date.start().plus_secs(secs)
}

/// `7h30m`, `45m`, `1s`, `2h`, `27001s`, `0`.
fn dur(text: &str) -> i64 {
    let mut total = 0;
    let mut number = 0;
    for c in text.chars() {
        match c {
            '0'..='9' => number = number * 10 + i64::from(c.to_digit(10).unwrap_or(0)),
            'h' => (total, number) = (total + number * 3600, 0),
            'm' => (total, number) = (total + number * 60, 0),
            's' => (total, number) = (total + number, 0),
            _ => panic!("bad duration `{text}`"),
        }
    }
    total + number
}

fn show(t: Timestamp) -> String {
    let date = LocalDate::of(t);
    let secs = t.secs() - date.start().secs();
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let time = if s == 0 { format!("{h:02}:{m:02}") } else { format!("{h:02}:{m:02}:{s:02}") };
    format!("{:?} {date} {time}", date.weekday())
}

#[test]
fn working_days() {
    let cal = calendar();
    // (date, working?, why)
    let cases = [
        ("2025-03-07", true, "a plain Friday"),
        ("2025-03-08", false, "a plain Saturday"),
        ("2025-01-01", false, "元旦 on a Wednesday"),
        ("2025-01-26", true, "春节调休: a Sunday worked"),
        ("2025-01-28", false, "除夕, a statutory holiday since 2025"),
        ("2025-02-04", false, "last day of 春节"),
        ("2025-02-05", true, "first day back after 春节"),
        ("2025-02-08", true, "春节调休: a Saturday worked"),
        ("2025-04-04", false, "清明 on a Friday"),
        ("2025-04-27", true, "劳动节调休 Sunday"),
        ("2025-05-05", false, "劳动节 bridge Monday"),
        ("2025-06-02", false, "端午 Monday"),
        ("2025-09-28", true, "国庆调休 Sunday"),
        ("2025-10-08", false, "last day of 国庆+中秋"),
        ("2025-10-11", true, "国庆调休 Saturday"),
        ("2026-01-02", false, "元旦 bridge Friday"),
        ("2026-01-04", true, "元旦调休 Sunday"),
        ("2026-02-14", true, "春节调休 Saturday"),
        ("2026-02-17", false, "春节 2026"),
        ("2026-02-28", true, "春节调休 Saturday"),
        ("2026-10-07", false, "国庆 2026"),
        ("2026-10-10", true, "国庆调休 Saturday"),
        ("2027-01-08", true, "beyond the known years: plain Friday"),
        ("2027-01-09", false, "beyond the known years: plain Saturday"),
        ("2024-12-31", true, "before the known years: plain Tuesday"),
    ];
    for (date, expected, why) in cases {
        let date = LocalDate::parse(date).expect("date");
        assert_eq!(cal.is_working_day(date), expected, "{date}: {why}");
    }
}

#[test]
fn working_days_per_year_match_the_official_count() {
    // 2025: 261 weekdays - 18 holiday weekdays + 5 make-up days = 248.
    // 2026 (as transcribed): 261 - 19 + 6 = 248.
    let cal = calendar();
    for (year, expected) in [(2025, 248), (2026, 248)] {
        let (first, next) = (LocalDate::new(year, 1, 1).expect("d"), LocalDate::new(year + 1, 1, 1).expect("d"));
        let counted = (first.day_number()..next.day_number()).filter(|&n| cal.is_working_day(LocalDate::from_day_number(n))).count();
        assert_eq!(counted, expected, "{year} by days");
        let secs = cal.working_secs_between(first.start(), next.start());
        assert_eq!(secs, expected as i64 * cal.hours().daily_secs(), "{year} by seconds");
    }
}

#[test]
fn add_working_secs_cases() {
    let cal = calendar();
    // (start, working time, expected end, why)
    let cases = [
        ("Mon 2025-03-03 08:30", "3h30m", "Mon 2025-03-03 12:00", "filling the morning ends at 12:00, not 13:30"),
        ("Mon 2025-03-03 08:30", "3h30m1s", "Mon 2025-03-03 13:30:01", "one second more resumes after lunch"),
        ("Mon 2025-03-03 08:30", "7h30m", "Mon 2025-03-03 17:30", "a full day ends at closing"),
        ("Mon 2025-03-03 08:30", "27001s", "Tue 2025-03-04 08:30:01", "a full day and a second"),
        ("Mon 2025-03-03 12:00", "1h", "Mon 2025-03-03 14:30", "start at 12:00: counting starts at 13:30"),
        ("Mon 2025-03-03 12:45", "1h", "Mon 2025-03-03 14:30", "start inside lunch"),
        ("Mon 2025-03-03 11:30", "1h", "Mon 2025-03-03 14:00", "across lunch"),
        ("Mon 2025-03-03 07:00", "30m", "Mon 2025-03-03 09:00", "before opening"),
        ("Mon 2025-03-03 17:30", "1h", "Tue 2025-03-04 09:30", "start at closing"),
        ("Fri 2025-03-07 16:30", "2h", "Mon 2025-03-10 09:30", "over a weekend"),
        ("Fri 2025-03-07 17:30", "30m", "Mon 2025-03-10 09:00", "from Friday closing"),
        ("Sat 2025-03-08 10:00", "0", "Sat 2025-03-08 10:00", "zero time needs no waiting"),
        ("Mon 2025-03-03 08:30", "75h", "Fri 2025-03-14 17:30", "ten working days"),
        ("Thu 2025-04-03 17:00", "1h", "Mon 2025-04-07 09:00", "over 清明 (Friday holiday + weekend)"),
        ("Thu 2025-05-01 10:00", "1h", "Tue 2025-05-06 09:30", "start on a holiday"),
        ("Tue 2025-09-30 17:00", "1h", "Thu 2025-10-09 09:00", "over 国庆+中秋"),
        ("Fri 2025-01-24 17:00", "1h", "Sun 2025-01-26 09:00", "into a 调休 working Sunday"),
        ("Mon 2025-01-27 09:00", "7h30m", "Wed 2025-02-05 09:00", "over 春节"),
        ("Fri 2025-02-07 17:00", "1h", "Sat 2025-02-08 09:00", "into a 调休 working Saturday"),
        ("Fri 2025-10-10 17:00", "1h", "Sat 2025-10-11 09:00", "into the 国庆 调休 Saturday"),
        ("Sun 2025-04-27 08:30", "1h", "Sun 2025-04-27 09:30", "starting on a working Sunday"),
        ("Wed 2025-12-31 17:00", "1h", "Sun 2026-01-04 09:00", "across the year into the 元旦 调休 Sunday"),
        ("Fri 2026-02-13 17:00", "1h", "Sat 2026-02-14 09:00", "2026 春节 调休 Saturday"),
        ("Sat 2026-02-14 17:00", "1h", "Tue 2026-02-24 09:00", "over 春节 2026"),
        ("Tue 2024-12-31 17:00", "1h", "Thu 2025-01-02 09:00", "from before the known years into 元旦"),
        ("Fri 2027-01-08 17:00", "1h", "Mon 2027-01-11 09:00", "after the known years: plain weekend"),
        ("Wed 2026-12-30 17:00", "9h", "Mon 2027-01-04 09:30", "leaving the known years: 2027 元旦 is statutory"),
    ];
    for (start, span, expected, why) in cases {
        let got = cal.add_working_secs(at(start), dur(span));
        assert_eq!(show(got), expected, "{start} + {span}: {why}");
        assert_eq!(cal.working_secs_between(at(start), got), dur(span), "inverse of {start} + {span}");
    }
}

#[test]
fn working_secs_between_cases() {
    let cal = calendar();
    // (from, to, working time, why)
    let cases = [
        ("Fri 2025-03-07 17:00", "Mon 2025-03-10 09:00", "1h", "a weekend counts nothing"),
        ("Mon 2025-03-03 12:00", "Mon 2025-03-03 13:30", "0", "lunch counts nothing"),
        ("Mon 2025-03-03 11:00", "Mon 2025-03-03 14:00", "1h30m", "across lunch"),
        ("Mon 2025-03-03 14:00", "Mon 2025-03-03 11:00", "0", "reversed interval"),
        ("Thu 2025-01-23 08:30", "Thu 2025-02-06 08:30", "37h30m", "春节: Thu, Fri, 调休 Sun, Mon, Wed"),
        ("Mon 2025-09-29 00:00", "Mon 2025-10-13 00:00", "37h30m", "国庆: Mon, Tue, Thu, Fri, 调休 Sat"),
        ("Sat 2025-02-08 00:00", "Sun 2025-02-09 00:00", "7h30m", "a 调休 Saturday is a full working day"),
        ("Wed 2025-01-01 08:00", "Wed 2025-01-01 18:00", "0", "a holiday counts nothing"),
    ];
    for (from, to, expected, why) in cases {
        assert_eq!(cal.working_secs_between(at(from), at(to)), dur(expected), "{from} .. {to}: {why}");
    }
}

#[test]
fn next_working_instant_cases() {
    let cal = calendar();
    // (instant, next instant in business hours, why)
    let cases = [
        ("Mon 2025-03-03 08:30", "Mon 2025-03-03 08:30", "opening is inside"),
        ("Mon 2025-03-03 08:29:59", "Mon 2025-03-03 08:30", "just before opening"),
        ("Mon 2025-03-03 11:59:59", "Mon 2025-03-03 11:59:59", "last second of the morning"),
        ("Mon 2025-03-03 12:00", "Mon 2025-03-03 13:30", "12:00 is closed"),
        ("Mon 2025-03-03 17:30", "Tue 2025-03-04 08:30", "17:30 is closed"),
        ("Sat 2025-01-25 10:00", "Sun 2025-01-26 08:30", "a 调休 Sunday opens"),
        ("Tue 2025-01-28 10:00", "Wed 2025-02-05 08:30", "inside 春节"),
    ];
    for (t, expected, why) in cases {
        assert_eq!(show(cal.next_working_instant(at(t))), expected, "{t}: {why}");
        assert!(cal.is_working_instant(at(expected)), "{expected} is working");
    }
}

/// Builds a clock from a script: `start T; pause T; resume T; extend T +2h by NAME; stop T`.
fn clock(kind: ClockKind, target: &str, script: &str) -> Result<SlaClock, ClockError> {
    let events: Vec<ClockEvent> = script
        .split(';')
        .map(|step| {
            let words: Vec<&str> = step.split_whitespace().collect();
            let when = at(&words[1..4].join(" "));
            match words[0] {
                "start" => ClockEvent::Started { at: when },
                "pause" => ClockEvent::Paused { at: when },
                "resume" => ClockEvent::Resumed { at: when },
                "stop" => ClockEvent::Stopped { at: when },
                "extend" => ClockEvent::Extended {
                    at: when,
                    working_secs: dur(words[4].trim_start_matches('+')),
                    approver: words.get(6).copied().unwrap_or("").to_string(),
                },
                other => panic!("unknown step `{other}`"),
            }
        })
        .collect();
    SlaClock::from_events(kind, SlaPolicy::new(dur(target)), &events)
}

fn state(text: &str) -> SlaState {
    match text {
        "on_time" => SlaState::OnTime,
        "warning" => SlaState::Warning,
        "breached" => SlaState::Breached,
        "paused" => SlaState::Paused,
        "met" => SlaState::Met { on_time: true },
        "met_late" => SlaState::Met { on_time: false },
        other => panic!("unknown state `{other}`"),
    }
}

#[test]
fn clock_cases() {
    let cal = calendar();
    let start = "start Mon 2025-03-03 09:00";
    // (target, script, deadline, now, state at now, elapsed at now, why)
    let cases: Vec<(&str, String, &str, &str, &str, &str, &str)> = vec![
        ("4h", start.into(), "Mon 2025-03-03 14:30", "Mon 2025-03-03 10:00", "on_time", "1h", "running"),
        ("4h", start.into(), "Mon 2025-03-03 14:30", "Mon 2025-03-03 13:41", "on_time", "3h11m", "just under 80%"),
        ("4h", start.into(), "Mon 2025-03-03 14:30", "Mon 2025-03-03 13:42", "warning", "3h12m", "80% of 4h"),
        ("4h", start.into(), "Mon 2025-03-03 14:30", "Mon 2025-03-03 14:30", "warning", "4h", "at the deadline: not yet breached"),
        ("4h", start.into(), "Mon 2025-03-03 14:30", "Mon 2025-03-03 14:31", "breached", "4h1m", "a minute late"),
        (
            "4h",
            "start Fri 2025-03-07 13:30".into(),
            "Fri 2025-03-07 17:30",
            "Sat 2025-03-08 10:00",
            "breached",
            "4h",
            "breached all weekend",
        ),
        (
            "1h",
            "start Sat 2025-03-08 10:00".into(),
            "Mon 2025-03-10 09:30",
            "Sun 2025-03-09 10:00",
            "on_time",
            "0",
            "received on a weekend",
        ),
        (
            "1h",
            "start Fri 2025-02-07 17:00".into(),
            "Sat 2025-02-08 09:00",
            "Sat 2025-02-08 09:01",
            "breached",
            "1h1m",
            "a 调休 Saturday counts",
        ),
        (
            "4h",
            format!("{start}; stop Mon 2025-03-03 14:30"),
            "Mon 2025-03-03 14:30",
            "Tue 2025-03-04 10:00",
            "met",
            "4h",
            "stopped at the deadline",
        ),
        (
            "4h",
            format!("{start}; stop Mon 2025-03-03 14:31"),
            "Mon 2025-03-03 14:30",
            "Tue 2025-03-04 10:00",
            "met_late",
            "4h1m",
            "stopped late",
        ),
        (
            "4h",
            format!("{start}; stop Mon 2025-03-03 14:31"),
            "Mon 2025-03-03 14:30",
            "Mon 2025-03-03 10:00",
            "on_time",
            "1h",
            "before the stop it was running",
        ),
        (
            "4h",
            "start Fri 2025-03-07 13:30; stop Sat 2025-03-08 10:00".into(),
            "Fri 2025-03-07 17:30",
            "Mon 2025-03-10 10:00",
            "met_late",
            "4h",
            "done on Saturday after a Friday deadline is late",
        ),
        (
            "4h",
            format!("{start}; pause Mon 2025-03-03 10:00; resume Tue 2025-03-04 10:00"),
            "Tue 2025-03-04 14:30",
            "Mon 2025-03-03 15:00",
            "paused",
            "1h",
            "suspended",
        ),
        (
            "4h",
            format!("{start}; pause Mon 2025-03-03 10:00; resume Tue 2025-03-04 10:00"),
            "Tue 2025-03-04 14:30",
            "Tue 2025-03-04 14:00",
            "warning",
            "3h30m",
            "after resuming",
        ),
        (
            "4h",
            format!("{start}; pause Mon 2025-03-03 10:00"),
            "none",
            "Wed 2025-03-05 10:00",
            "paused",
            "1h",
            "open suspension: no deadline",
        ),
        (
            "4h",
            format!("{start}; pause Mon 2025-03-03 10:00; resume Mon 2025-03-03 10:00"),
            "Mon 2025-03-03 14:30",
            "Mon 2025-03-03 11:00",
            "on_time",
            "2h",
            "an empty pause changes nothing",
        ),
        (
            "1h",
            format!("{start}; pause Mon 2025-03-03 11:00"),
            "Mon 2025-03-03 10:00",
            "Mon 2025-03-03 12:00",
            "breached",
            "2h",
            "pausing after a breach does not hide it",
        ),
        (
            "4h",
            format!("{start}; pause Mon 2025-03-03 10:00; stop Wed 2025-03-05 10:00"),
            "none",
            "Wed 2025-03-05 11:00",
            "met",
            "1h",
            "resolved while suspended",
        ),
        (
            "15h",
            "start Wed 2025-04-02 09:00".into(),
            "Mon 2025-04-07 09:00",
            "Mon 2025-04-07 09:00",
            "warning",
            "15h",
            "two days over 清明",
        ),
        (
            "15h",
            "start Wed 2025-04-02 09:00; pause Thu 2025-04-03 09:00; resume Tue 2025-04-08 09:00".into(),
            "Wed 2025-04-09 09:00",
            "Tue 2025-04-08 17:30",
            "warning",
            "14h30m",
            "a pause spanning 清明",
        ),
        (
            "4h",
            format!("{start}; extend Mon 2025-03-03 11:00 +2h by 李科长"),
            "Mon 2025-03-03 16:30",
            "Mon 2025-03-03 15:00",
            "on_time",
            "4h30m",
            "extended to 6h: 75%",
        ),
        (
            "4h",
            format!("{start}; extend Tue 2025-03-04 09:00 +8h by 王主任"),
            "Tue 2025-03-04 15:00",
            "Mon 2025-03-03 15:00",
            "breached",
            "4h30m",
            "a late extension is not known before it is granted",
        ),
        (
            "4h",
            format!("{start}; extend Tue 2025-03-04 09:00 +8h by 王主任"),
            "Tue 2025-03-04 15:00",
            "Tue 2025-03-04 09:00",
            "on_time",
            "7h30m",
            "once granted it moves the deadline",
        ),
        (
            "4h",
            format!("{start}; extend Mon 2025-03-03 10:00 +1h by 甲; extend Mon 2025-03-03 11:00 +1h by 乙"),
            "Mon 2025-03-03 16:30",
            "Mon 2025-03-03 16:30",
            "warning",
            "6h",
            "extensions add up",
        ),
    ];
    for (target, script, deadline, now, expected, elapsed, why) in cases {
        let c = clock(ClockKind::Resolution, target, &script).unwrap_or_else(|e| panic!("{script}: {e}"));
        let got_deadline = c.deadline(&cal).map_or("none".to_string(), show);
        assert_eq!(got_deadline, deadline, "deadline of `{script}`: {why}");
        assert_eq!(c.state_at(at(now), &cal), state(expected), "state of `{script}` at {now}: {why}");
        assert_eq!(c.elapsed_working_secs_at(at(now), &cal), dur(elapsed), "elapsed of `{script}` at {now}: {why}");
    }
}

#[test]
fn remaining_time_counts_down_and_goes_negative() {
    let cal = calendar();
    let c = clock(ClockKind::Acceptance, "4h", "start Mon 2025-03-03 09:00").expect("clock");
    // (now, remaining)
    for (now, remaining) in [("Mon 2025-03-03 09:00", 4 * 3600), ("Mon 2025-03-03 12:30", 3600), ("Mon 2025-03-03 15:30", -3600)] {
        assert_eq!(c.remaining_working_secs_at(at(now), &cal), remaining, "{now}");
    }
}

#[test]
fn the_warning_share_is_configurable() {
    let cal = calendar();
    let policy = SlaPolicy { target_working_secs: 4 * 3600, warn_at_share: 0.5 };
    let c = SlaClock::start(ClockKind::Resolution, policy, at("Mon 2025-03-03 09:00"));
    assert_eq!(c.state_at(at("Mon 2025-03-03 10:59"), &cal), SlaState::OnTime);
    assert_eq!(c.state_at(at("Mon 2025-03-03 11:00"), &cal), SlaState::Warning);
}

#[test]
fn extensions_are_recorded_with_their_approver() {
    let c = clock(ClockKind::Resolution, "4h", "start Mon 2025-03-03 09:00; extend Mon 2025-03-03 11:00 +2h by 李科长").expect("clock");
    assert_eq!(c.extensions(), [Extension { at: at("Mon 2025-03-03 11:00"), working_secs: 7200, approver: "李科长".into() }]);
    assert_eq!(c.total_target_secs(), 6 * 3600);
}

#[test]
fn invalid_clock_events_are_refused() {
    let s = "start Mon 2025-03-03 09:00";
    // (script, error)
    let cases = [
        ("pause Mon 2025-03-03 09:00".to_string(), ClockError::NotStarted),
        (format!("{s}; start Mon 2025-03-03 10:00"), ClockError::AlreadyStarted),
        (format!("{s}; pause Mon 2025-03-03 10:00; pause Mon 2025-03-03 11:00"), ClockError::AlreadyPaused),
        (format!("{s}; resume Mon 2025-03-03 10:00"), ClockError::NotPaused),
        (format!("{s}; stop Mon 2025-03-03 10:00; pause Mon 2025-03-03 11:00"), ClockError::Stopped),
        (format!("{s}; extend Mon 2025-03-03 10:00 +0 by 李"), ClockError::NonPositiveExtension(0)),
        (format!("{s}; extend Mon 2025-03-03 10:00 +1h by"), ClockError::NoApprover),
        (
            format!("{s}; pause Mon 2025-03-03 10:00; resume Mon 2025-03-03 09:30"),
            ClockError::OutOfOrder { at: at("Mon 2025-03-03 09:30"), previous: at("Mon 2025-03-03 10:00") },
        ),
    ];
    for (script, error) in cases {
        assert_eq!(clock(ClockKind::Resolution, "4h", &script), Err(error), "{script}");
    }
}

#[test]
fn reassignment_keeps_the_citizen_clock_and_starts_the_new_unit_clock() {
    let cal = calendar();
    // (received, reassigned at, citizen resolution deadline (5 days), new unit acceptance deadline (1 day), why)
    let cases = [
        ("Mon 2025-03-03 09:00", "Wed 2025-03-05 15:00", "Mon 2025-03-10 09:00", "Thu 2025-03-06 15:00", "a plain week"),
        ("Thu 2025-09-25 09:00", "Tue 2025-09-30 10:00", "Thu 2025-10-09 09:00", "Thu 2025-10-09 10:00", "moved just before 国庆"),
        (
            "Fri 2025-01-24 09:00",
            "Sun 2025-01-26 12:30",
            "Fri 2025-02-07 09:00",
            "Mon 2025-01-27 12:00",
            "moved during lunch on a 调休 Sunday",
        ),
    ];
    for (received, moved, citizen_deadline, unit_deadline, why) in cases {
        let citizen = SlaClock::start(ClockKind::Resolution, SlaPolicy::new(5 * 27_000), at(received));
        let first_unit = SlaClock::start(ClockKind::Acceptance, SlaPolicy::new(27_000), at(received));
        let before = citizen.deadline(&cal);
        let new_unit = acceptance_clock_on_reassignment(at(moved), first_unit.policy);
        // The citizen's clock is untouched: same value, same deadline.
        assert_eq!(citizen.deadline(&cal), before);
        assert_eq!(citizen.deadline(&cal).map(show).as_deref(), Some(citizen_deadline), "citizen: {why}");
        assert_eq!(new_unit.kind, ClockKind::Acceptance);
        assert_eq!(new_unit.started_at, at(moved));
        assert_eq!(new_unit.deadline(&cal).map(show).as_deref(), Some(unit_deadline), "new unit: {why}");
        assert_eq!(new_unit.elapsed_working_secs_at(at(moved), &cal), 0, "fresh: {why}");
    }
}

#[test]
fn roll_up_cases() {
    // (states of the units' clocks, rolled-up state)
    let cases = [
        ("", None),
        ("on_time", Some("on_time")),
        ("on_time warning", Some("warning")),
        ("on_time breached warning", Some("breached")),
        ("met_late on_time", Some("breached")),
        ("met on_time", Some("on_time")),
        ("met paused", Some("paused")),
        ("paused on_time", Some("on_time")),
        ("paused breached", Some("breached")),
        ("met met", Some("met")),
        ("met met_late", Some("met_late")),
    ];
    for (states, expected) in cases {
        let got = roll_up(states.split_whitespace().map(state));
        assert_eq!(got, expected.map(state), "roll_up({states})");
    }
}

#[test]
fn co_dispatch_rolls_up_each_units_clocks() {
    let cal = calendar();
    let t0 = at("Mon 2025-03-03 09:00");
    let (accept, resolve) = (SlaPolicy::hours(2), SlaPolicy::hours(15));
    let mut ticket = CoDispatch {
        units: vec![UnitClocks::dispatched("城管执法中队", t0, accept, resolve), UnitClocks::dispatched("景芳社区", t0, accept, resolve)],
    };
    ticket.units[0].acceptance.stop(at("Mon 2025-03-03 10:00")).expect("stop");
    // (now, ticket state, acceptance roll-up, why)
    let cases = [
        ("Mon 2025-03-03 10:30", "on_time", "on_time", "one unit signed, the other has time"),
        ("Mon 2025-03-03 11:00", "warning", "warning", "the second unit has used all 2h: at its deadline"),
        ("Mon 2025-03-03 11:01", "breached", "breached", "the second unit missed acceptance"),
    ];
    for (now, expected, acceptance, why) in cases {
        assert_eq!(ticket.state_at(at(now), &cal), Some(state(expected)), "{now}: {why}");
        assert_eq!(ticket.state_of_kind_at(ClockKind::Acceptance, at(now), &cal), Some(state(acceptance)), "{now}: {why}");
    }
    assert_eq!(ticket.next_deadline(&cal).map(show).as_deref(), Some("Mon 2025-03-03 11:00"));
    ticket.units[1].acceptance.stop(at("Mon 2025-03-03 11:30")).expect("stop");
    assert_eq!(
        ticket.state_of_kind_at(ClockKind::Acceptance, at("Mon 2025-03-03 12:00"), &cal),
        Some(SlaState::Met { on_time: false }),
        "all signed, one late"
    );
    assert_eq!(ticket.state_at(at("Mon 2025-03-03 12:00"), &cal), Some(SlaState::Breached), "late acceptance taints the ticket");
}

#[test]
fn calendar_parse_errors_name_the_line() {
    let head = "year 2026\nhours 08:30-12:00 13:30-17:30\n";
    // (file text, line, error message)
    let cases = [
        ("year 2026\nholiday 2026-01-01 元旦\n".to_string(), 2, "`holiday` must come after the `year` and `hours` lines"),
        (format!("{head}holidya 2026-01-01"), 3, "unknown keyword `holidya`"),
        (format!("{head}holiday 2026-02-30 春节"), 3, "`2026-02-30` is not a date"),
        (format!("{head}holiday 2026-02-15 2026-2-23 春节"), 3, "`2026-2-23` is not a date"),
        (format!("{head}holiday 2026-02-23 2026-02-15 春节"), 3, "ends (2026-02-15) before it starts (2026-02-23)"),
        (format!("{head}holiday 2026-10-01 2026-11-07 国庆"), 3, "longer than 31 days"),
        (format!("{head}\n# comment\nworkday 2026-01-05 元旦调休"), 5, "2026-01-05 is a Mon"),
        (format!("{head}holiday 2026-01-01 2026-01-03\nholiday 2026-01-03"), 4, "2026-01-03 was already declared on line 3"),
        (format!("{head}holiday 2028-01-01"), 3, "2028-01-01 is too far from the declared year 2026"),
        (format!("{head}year 2027"), 3, "`year` is declared again (first on line 1)"),
        ("year twenty\n".to_string(), 1, "`twenty` is not a year"),
        ("year 2026\nhours 08:30-12:00 12:00-17:30\n".to_string(), 2, "overlap"),
        ("year 2026\nhours 8:30-12:00\n".to_string(), 2, "`8:30-12:00` is not an interval"),
        ("year 2026\nhours\n".to_string(), 2, "`hours` needs a value"),
        ("# nothing\nyear 2026\n".to_string(), 2, "missing `hours` line"),
        ("hours 08:30-12:00\n".to_string(), 1, "missing `year` line"),
    ];
    for (text, line, message) in cases {
        let err = WorkingCalendar::parse(&text).expect_err(&text);
        assert_eq!(err.line, line, "{text:?}: {err}");
        let shown = err.to_string();
        assert!(shown.starts_with(&format!("calendar line {line}: ")), "{shown}");
        assert!(shown.contains(message), "{text:?}: got `{shown}`, wanted `{message}`");
    }
}

#[test]
fn calendars_merge_but_not_inconsistently() {
    let a = WorkingCalendar::parse(CAL_2025).expect("2025");
    let b = WorkingCalendar::parse(CAL_2026).expect("2026");
    let merged = a.clone().merge(b.clone()).expect("merge");
    assert_eq!(merged.years().collect::<Vec<_>>(), [2025, 2026]);
    assert_eq!(merged.note(LocalDate::parse("2026-01-04").expect("d")).map(|n| n.kind), Some(DayKind::MakeUpWorkday));
    assert_eq!(a.clone().merge(a.clone()), Err(MergeError::DuplicateYear(2025)));
    let other_hours = WorkingCalendar::parse("year 2027\nhours 09:00-17:00\n").expect("2027");
    assert!(matches!(a.clone().merge(other_hours), Err(MergeError::DifferentHours(..))));
    let clash = WorkingCalendar::parse("year 2024\nhours 08:30-12:00 13:30-17:30\nholiday 2025-01-26 x\n").expect("2024");
    assert_eq!(a.merge(clash), Err(MergeError::ConflictingDay(LocalDate::parse("2025-01-26").expect("d"))));
    assert!(matches!(
        WorkingCalendar::parse_all([CAL_2025, "year 2026\nbogus\n"]),
        Err(CalendarFilesError::Parse { file: 1, error: ParseError { line: 2, .. } })
    ));
}

#[test]
fn sla_state_for_a_million_tickets_timing() {
    // Not an assertion on speed: prints the figure for BENCHMARKS.md. Debug builds run a
    // tenth of the tickets to keep the test suite quick.
    let n: usize = if cfg!(debug_assertions) { 100_000 } else { 1_000_000 };
    let cal = calendar();
    let origin = at("Wed 2025-01-01 00:00").secs();
    let two_years: u64 = 2 * 365 * 86_400;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let clocks: Vec<SlaClock> = (0..n)
        .map(|_| {
            let start = Timestamp(origin + (next() % two_years) as i64);
            let target = [2 * 3600, 27_000, 5 * 27_000, 15 * 27_000][(next() % 4) as usize];
            let mut c = SlaClock::start(ClockKind::Resolution, SlaPolicy::new(target), start);
            if next() % 8 == 0 {
                c.extend(start.plus_secs(3600), 27_000, "值班长").expect("extend");
            }
            if next() % 4 == 0 {
                let from = start.plus_secs(3600 + (next() % 200_000) as i64);
                c.pause(from).expect("pause");
                c.resume(from.plus_secs((next() % 300_000) as i64)).expect("resume");
            }
            c
        })
        .collect();
    let now = Timestamp(origin + (two_years / 2) as i64);
    let began = std::time::Instant::now();
    let mut counts = [0usize; 5];
    let mut checksum = 0i64;
    for c in &clocks {
        checksum = checksum.wrapping_add(cal.add_working_secs(c.started_at, c.policy.target_working_secs).secs());
        let index = match c.state_at(now, &cal) {
            SlaState::OnTime => 0,
            SlaState::Warning => 1,
            SlaState::Breached => 2,
            SlaState::Paused => 3,
            SlaState::Met { .. } => 4,
        };
        counts[index] += 1;
    }
    let took = began.elapsed();
    println!(
        "SLA: add_working_secs + state_at for {n} tickets took {took:?} ({:.0} ns/ticket); states {counts:?}; checksum {checksum}",
        took.as_nanos() as f64 / n as f64
    );
    assert_eq!(counts.iter().sum::<usize>(), n);
}
