//! The one place that reads the time. Tests pin it with `WANGGE_NOW`.

use wangge_domain::Timestamp;

use crate::error::EngineError;

/// Where "now" comes from: the system clock, or an instant pinned for tests and replays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed(Timestamp),
}

impl Clock {
    /// `WANGGE_NOW` (RFC 3339, e.g. `2026-11-23T10:00:00+08:00`, or Unix seconds) pins the clock.
    pub fn from_env() -> Result<Clock, EngineError> {
        match std::env::var("WANGGE_NOW") {
            Ok(text) if !text.trim().is_empty() => Ok(Clock::Fixed(parse_instant(text.trim())?)),
            _ => Ok(Clock::System),
        }
    }

    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => Timestamp::from_jiff(jiff::Timestamp::now()),
            Clock::Fixed(at) => *at,
        }
    }
}

/// Parses an RFC 3339 instant or whole Unix seconds (within jiff's years -9999 to 9999).
pub fn parse_instant(text: &str) -> Result<Timestamp, EngineError> {
    let parsed = match text.parse::<i64>() {
        Ok(secs) => jiff::Timestamp::from_second(secs),
        Err(_) => text.parse::<jiff::Timestamp>(),
    };
    parsed
        .map(Timestamp::from_jiff)
        .map_err(|err| EngineError::InvalidInput(format!("WANGGE_NOW: {text:?} is neither RFC 3339 nor Unix seconds ({err})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_parse_from_rfc3339_with_offset_and_from_unix_seconds() {
        assert_eq!(parse_instant("2020-02-10T10:00:00+08:00").unwrap(), Timestamp(1_581_300_000));
        assert_eq!(parse_instant("2020-02-10T02:00:00Z").unwrap(), Timestamp(1_581_300_000));
        assert_eq!(parse_instant("1581300000").unwrap(), Timestamp(1_581_300_000));
        assert_eq!(parse_instant("2020-02-10T02:00:00.9Z").unwrap(), Timestamp(1_581_300_000));
        assert!(parse_instant("yesterday").unwrap_err().to_string().contains("WANGGE_NOW"));
        assert!(parse_instant("2020-02-10T10:00:00").is_err(), "an instant needs its offset");
        assert!(parse_instant("99999999999999").is_err(), "beyond the year 9999");
    }
}
