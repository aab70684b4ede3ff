//! The spec's date/time format, read into an instant by jiff.
//!
//! GeoReport v2, "Date/time format": a subset of ISO 8601 per the W3C note,
//! and timezone information (`Z` or `±HH:MM`) **must** be included. The
//! subset is narrower than what jiff's own parser takes (no week dates, no
//! `[zone]` suffix, no space for `T`), so its shape is checked here, field by
//! field; jiff says whether the fields make a real date and which instant
//! they name. Values still travel as the strings the client sent.

use jiff::civil::DateTime;
use jiff::tz::Offset;

/// The instant of `YYYY-MM-DDThh:mm[:ss[.s+]]` followed by `Z` or `±hh:mm`,
/// or `None` if `s` is not in that form or not a real date. A leap second
/// (`:60`, which ISO 8601 allows) is read as `:59`, as jiff reads it; the
/// fraction of a second is dropped.
pub fn parse_w3c_datetime(s: &str) -> Option<jiff::Timestamp> {
    let b = s.as_bytes();
    if b.len() < 17 || b[10] != b'T' {
        return None;
    }
    let (year, month, day) = date_fields(&b[..10])?;
    let rest = &b[11..];
    if rest.len() < 5 || rest[2] != b':' {
        return None;
    }
    let (hour, minute) = (two(&rest[0..2], 23)?, two(&rest[3..5], 59)?);
    let mut i = 5;
    let mut second = 0;
    if rest.get(i) == Some(&b':') {
        second = two(rest.get(i + 1..i + 3)?, 60)?.min(59);
        i += 3;
        if rest.get(i) == Some(&b'.') {
            let digits = rest[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            i += 1 + digits;
        }
    }
    let offset = zone(&rest[i..])?;
    let civil = DateTime::new(year, month, day, hour, minute, second, 0).ok()?;
    offset.to_timestamp(civil).ok()
}

/// Whether `s` is a date/time in the spec's format with its time zone.
pub fn is_w3c_datetime(s: &str) -> bool {
    parse_w3c_datetime(s).is_some()
}

/// A calendar date `YYYY-MM-DD`, or a full w3c date/time.
///
/// The `datetime` attribute datatype only asks for something that "must be
/// able to transform into a valid ISO 8601 date", so a bare date is fine.
pub fn is_iso_date_or_datetime(s: &str) -> bool {
    let bare_date = || {
        let (year, month, day) = date_fields(s.as_bytes())?;
        jiff::civil::Date::new(year, month, day).ok()
    };
    (s.len() == 10 && bare_date().is_some()) || is_w3c_datetime(s)
}

/// The fields of `YYYY-MM-DD` (each in its range; whether the day is in the
/// month is jiff's to say).
fn date_fields(b: &[u8]) -> Option<(i16, i8, i8)> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year = b[..4].iter().fold(0i16, |n, d| n * 10 + i16::from(d - b'0'));
    let (month, day) = (two(&b[5..7], 12)?, two(&b[8..10], 31)?);
    (month > 0 && day > 0).then_some((year, month, day))
}

/// `Z` or `±hh:mm`.
fn zone(b: &[u8]) -> Option<Offset> {
    let secs = match b {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let secs = i32::from(two(&[*h1, *h2], 23)?) * 3600 + i32::from(two(&[*m1, *m2], 59)?) * 60;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    Offset::from_seconds(secs).ok()
}

/// Two ASCII digits forming a number no greater than `max`.
fn two(b: &[u8], max: i8) -> Option<i8> {
    let [tens @ b'0'..=b'9', ones @ b'0'..=b'9'] = b else { return None };
    let n = ((tens - b'0') * 10 + (ones - b'0')) as i8;
    (n <= max).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_spec_examples() {
        assert!(is_w3c_datetime("1994-11-05T08:15:30-05:00"));
        assert!(is_w3c_datetime("1994-11-05T13:15:30Z"));
        assert!(is_w3c_datetime("2010-04-14T06:37:38-08:00"));
        assert!(is_w3c_datetime("2010-04-14T06:37Z"));
        assert!(is_w3c_datetime("2010-04-14T06:37:38.25+08:00"));
    }

    #[test]
    fn rejects_missing_timezone_and_junk() {
        assert!(!is_w3c_datetime("2010-04-14T06:37:38"));
        assert!(!is_w3c_datetime("2010-04-14 06:37:38Z"));
        assert!(!is_w3c_datetime("2010-13-14T06:37:38Z"));
        assert!(!is_w3c_datetime("yesterday"));
        assert!(is_iso_date_or_datetime("2010-04-14"));
        assert!(!is_iso_date_or_datetime("2010-4-14"));
    }

    #[test]
    fn the_instant_is_jiffs_and_only_real_dates_have_one() {
        let at = |s: &str| parse_w3c_datetime(s).map(|t| t.as_second());
        // 1994-11-05T08:15:30-05:00 and 13:15:30Z are one instant.
        assert_eq!(at("1994-11-05T08:15:30-05:00"), Some(784_041_330));
        assert_eq!(at("1994-11-05T13:15:30Z"), Some(784_041_330));
        assert_eq!(at("1994-11-05T13:15:30.999Z"), Some(784_041_330));
        assert_eq!(at("1994-11-05T13:15Z"), Some(784_041_300));
        assert_eq!(at("2016-12-31T23:59:60Z"), at("2016-12-31T23:59:59Z"));
        assert_eq!(at("2010-02-30T06:37:38Z"), None);
        assert_eq!(at("2010-04-31T06:37Z"), None);
        assert!(is_iso_date_or_datetime("2024-02-29"));
        assert!(!is_iso_date_or_datetime("2023-02-29"));
        for junk in
            ["2010-04-14T06:37:38.Z", "2010-04-14T06:37+0800", "2010-04-14T06:37:38+24:00", "2010-04-14t06:37Z", "2010-04-14T06:37Z "]
        {
            assert!(!is_w3c_datetime(junk), "{junk}");
        }
    }
}
