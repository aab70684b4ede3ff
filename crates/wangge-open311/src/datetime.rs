//! Checks for the spec's date/time format, without a date library.
//!
//! GeoReport v2, "Date/time format": a subset of ISO 8601 per the W3C note,
//! and timezone information (`Z` or `±HH:MM`) **must** be included. We only
//! validate; values travel as the strings the client sent.

/// `YYYY-MM-DDThh:mm[:ss[.s+]]` followed by `Z` or `±hh:mm`.
pub fn is_w3c_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 17 || !is_date(&b[..10]) || b[10] != b'T' {
        return false;
    }
    let rest = &b[11..];
    // hh:mm
    if rest.len() < 5 || !two(&rest[0..2], 23) || rest[2] != b':' || !two(&rest[3..5], 59) {
        return false;
    }
    let mut i = 5;
    if rest.get(i) == Some(&b':') {
        // Leap seconds are allowed by ISO 8601, hence 60.
        if rest.len() < i + 3 || !two(&rest[i + 1..i + 3], 60) {
            return false;
        }
        i += 3;
        if rest.get(i) == Some(&b'.') {
            let digits = rest[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return false;
            }
            i += 1 + digits;
        }
    }
    is_tz(&rest[i..])
}

/// A calendar date `YYYY-MM-DD`, or a full w3c date/time.
///
/// The `datetime` attribute datatype only asks for something that "must be
/// able to transform into a valid ISO 8601 date", so a bare date is fine.
pub fn is_iso_date_or_datetime(s: &str) -> bool {
    (s.len() == 10 && is_date(s.as_bytes())) || is_w3c_datetime(s)
}

fn is_date(b: &[u8]) -> bool {
    b.len() == 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && two(&b[5..7], 12)
        && two(&b[8..10], 31)
        && b[5..7] != *b"00"
        && b[8..10] != *b"00"
}

fn is_tz(b: &[u8]) -> bool {
    match b {
        [b'Z'] => true,
        [s, h @ .., b':', m1, m2] if (*s == b'+' || *s == b'-') && h.len() == 2 => two(h, 23) && two(&[*m1, *m2], 59),
        _ => false,
    }
}

/// Two ASCII digits forming a number no greater than `max`.
fn two(b: &[u8], max: u8) -> bool {
    b.len() == 2 && b.iter().all(u8::is_ascii_digit) && (b[0] - b'0') * 10 + (b[1] - b'0') <= max
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
}
