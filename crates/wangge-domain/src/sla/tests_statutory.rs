//! The working calendar past its files (issue 14, item 11): a year no file declares keeps
//! the statutory holidays (春节 and the others by the lunar calendar) but no make-up days,
//! says so, and is warned of from December; a year's file added later takes over.

use crate::sla::statutory::{statutory_holidays, ESTIMATED_SUFFIX};
use crate::sla::tests::calendar;
use crate::sla::*;

fn date(text: &str) -> LocalDate {
    LocalDate::parse(text).expect("a date")
}

fn instant(text: &str, hour: u32, minute: u32) -> crate::time::Timestamp {
    date(text).start().plus_secs(i64::from(hour * 3600 + minute * 60))
}

/// A 2027 calendar as a district would drop it in; the dates are this test's, not a notice's.
const CAL_2027: &str = "\
year 2027
hours 08:30-12:00 13:30-17:30
holiday 2027-01-01 2027-01-03   元旦
workday 2027-01-09              调休 (test)
holiday 2027-02-05 2027-02-12   春节
";

#[test]
fn the_statutory_holidays_of_2027_are_computed() {
    let days: Vec<String> = statutory_holidays(2027).iter().map(|(d, name)| format!("{d} {name}")).collect();
    assert_eq!(
        days,
        [
            "2027-01-01 元旦",
            // 除夕 to 正月初三: 正月初一 is 2027-02-06.
            "2027-02-05 春节",
            "2027-02-06 春节",
            "2027-02-07 春节",
            "2027-02-08 春节",
            "2027-04-05 清明节",
            "2027-05-01 劳动节",
            "2027-05-02 劳动节",
            "2027-06-09 端午节",
            "2027-09-15 中秋节",
            "2027-10-01 国庆节",
            "2027-10-02 国庆节",
            "2027-10-03 国庆节",
        ]
    );
}

#[test]
fn a_year_without_its_file_keeps_the_statutory_holidays_and_says_make_up_days_are_unknown() {
    let cal = calendar();
    assert!(!cal.years().any(|y| y == 2027));
    assert!(cal.is_estimated_year(2027) && !cal.is_estimated_year(2026));
    // (date, working?, why)
    let cases = [
        ("2027-01-01", false, "元旦 on a Friday"),
        ("2027-01-04", true, "a plain Monday"),
        ("2027-02-05", false, "除夕 on a Friday"),
        ("2027-02-08", false, "正月初三 on a Monday"),
        ("2027-02-09", true, "正月初四: only the notice could give it"),
        ("2027-04-05", false, "清明 on a Monday"),
        ("2027-06-09", false, "端午 on a Wednesday"),
        ("2027-09-15", false, "中秋 on a Wednesday"),
        ("2027-10-01", false, "国庆"),
        ("2027-10-04", true, "a Monday after 国庆: the notice's bridge is unknown"),
        ("2028-01-26", false, "春节 2028 (正月初一 on a Wednesday)"),
        ("2028-10-03", false, "国庆 and 中秋 on one day"),
    ];
    for (text, working, why) in cases {
        assert_eq!(cal.is_working_day(date(text)), working, "{text}: {why}");
    }
    let note = cal.note(date("2027-02-05")).expect("a note for 除夕 2027");
    assert_eq!(note.kind, DayKind::Holiday);
    assert!(note.name.starts_with("春节") && note.name.ends_with(ESTIMATED_SUFFIX), "{}", note.name);
    assert_eq!(cal.note(date("2028-10-03")).map(|n| n.name.as_str()), Some("中秋节、国庆节（法定假日；调休安排未知）"));
    // A calendar built without files has no holidays at all.
    let plain = WorkingCalendar::weekdays(cal.hours().clone());
    assert!(plain.is_working_day(date("2027-01-01")) && plain.note(date("2027-01-01")).is_none());
}

#[test]
fn a_deadline_across_2026_12_31_with_and_without_the_2027_file() {
    let start = instant("2026-12-30", 17, 0);
    let nine_hours = 9 * 3600;

    // Without it: 30 min on Wednesday, 7 h 30 on Thursday 31st, 元旦 off, the weekend, 1 h on Monday.
    let without = calendar();
    assert_eq!(without.add_working_secs(start, nine_hours), instant("2027-01-04", 9, 30));
    // 春节 2027 statutory days (Fri 5th and Mon 8th) are skipped too.
    assert_eq!(without.add_working_secs(instant("2027-02-04", 17, 30), 3600), instant("2027-02-09", 9, 30));

    // With it: its own days, its make-up Saturday, and no warning.
    let with = calendar().merge(WorkingCalendar::parse(CAL_2027).expect("the 2027 file")).expect("merges");
    assert!(!with.is_estimated_year(2027));
    assert_eq!(with.add_working_secs(start, nine_hours), instant("2027-01-04", 9, 30));
    assert_eq!(with.add_working_secs(instant("2027-01-08", 17, 0), 3600), instant("2027-01-09", 9, 0), "the make-up Saturday");
    assert_eq!(with.add_working_secs(instant("2027-02-04", 17, 30), 3600), instant("2027-02-15", 9, 30), "the file's 春节");
    assert_eq!(with.note(date("2027-02-10")).map(|n| n.name.as_str()), Some("春节"));
    assert_eq!(with.gap_at(date("2026-12-05")), None);
}

#[test]
fn a_missing_year_is_warned_of_from_december() {
    let cal = calendar();
    assert_eq!(cal.gap_at(date("2026-11-30")), None, "November: not yet");
    let gap = cal.gap_at(date("2026-12-01")).expect("from 1 December");
    assert_eq!(gap, CalendarGap { year: 2027, begun: false });
    assert!(gap.to_string().contains("2027") && gap.to_string().contains("make-up"), "{gap}");
    assert!(gap.message_zh().contains("2027年") && gap.message_zh().contains("调休"), "{}", gap.message_zh());
    assert_eq!(cal.gap_at(date("2027-03-01")), Some(CalendarGap { year: 2027, begun: true }), "all year once begun");
    assert_eq!(cal.gap_at(date("2025-12-31")), None, "2026 is bundled");
}
