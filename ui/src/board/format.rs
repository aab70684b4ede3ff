//! How the work board writes its numbers and times: countdowns in working hours, mean
//! handling times, instants in China Standard Time, the CSS class of an SLA chip, a
//! ticket's owners by name. Pure, tested on the host.
//!
//! Times are read the way the backend reads them (`wangge_domain::time`): jiff, in the
//! `Asia/Shanghai` zone compiled into the binary, so the board and the backend cannot
//! disagree on a date. The UI takes jiff itself rather than the domain crate, which would
//! bring the whole domain (geometry, R-tree) into the browser for two functions.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use wangge_api::{SlaState, TicketRow};

/// The backend's zone (`wangge_domain::time::ZONE`).
static ZONE: TimeZone = jiff::tz::get!("Asia/Shanghai");

/// Hours with one decimal, or none from 100 h on: `5.5`, `120`.
pub fn hours(secs: f64) -> String {
    let h = secs / 3600.0;
    if h.abs() >= 100.0 {
        format!("{h:.0}")
    } else {
        format!("{h:.1}")
    }
}

/// The citizen's clock as a commander reads it: `剩 5.5 工时`, `超 2.0 工时`, or `—` when the
/// clock is paused or stopped.
pub fn countdown(remaining_working_secs: Option<i64>) -> String {
    match remaining_working_secs {
        None => "—".to_string(),
        Some(secs) if secs < 0 => format!("超 {} 工时", hours(-secs as f64)),
        Some(secs) => format!("剩 {} 工时", hours(secs as f64)),
    }
}

/// A unit's mean handling time: `12.5 小时`, or `—` before it resolved anything.
pub fn handling(avg_secs: Option<f64>) -> String {
    match avg_secs {
        Some(secs) if secs.is_finite() => format!("{} 小时", hours(secs)),
        _ => "—".to_string(),
    }
}

/// An instant (Unix seconds) as `MM-DD HH:MM` in China's time.
pub fn local_time(unix: i64) -> String {
    local(unix).map_or_else(|| "—".to_string(), |at| at.strftime("%m-%d %H:%M").to_string())
}

/// An instant (Unix seconds) as `HH:MM:SS` in China's time (the wall's clock).
pub fn local_clock(unix: i64) -> String {
    local(unix).map_or_else(|| "—".to_string(), |at| at.strftime("%H:%M:%S").to_string())
}

/// An instant (Unix seconds) in full as `YYYY-MM-DD HH:MM:SS` in China's time (the audit
/// view, where the year and the seconds matter).
pub fn local_datetime(unix: i64) -> String {
    local(unix).map_or_else(|| "—".to_string(), |at| at.strftime("%Y-%m-%d %H:%M:%S").to_string())
}

/// The local civil time of an instant; `None` past jiff's years -9999 to 9999, which no
/// record reaches.
fn local(unix: i64) -> Option<DateTime> {
    jiff::Timestamp::from_second(unix).ok().map(|at| ZONE.to_datetime(at))
}

/// A ticket's owners as a commander reads them: their names (`owner_names`), joined with
/// `、`; a code stands in for a name the row does not carry.
pub fn owner_names(row: &TicketRow) -> String {
    row.owners.iter().map(|code| owner_name(row, code)).collect::<Vec<_>>().join("、")
}

/// The name of one of a row's owners (`owner_names` is parallel to `owners`); `None` when
/// the code is not an owner of the row or the row carries no name for it.
pub fn owner_name_of(row: &TicketRow, code: &str) -> Option<String> {
    let index = row.owners.iter().position(|o| o == code)?;
    row.owner_names.get(index).filter(|name| !name.is_empty()).cloned()
}

fn owner_name(row: &TicketRow, code: &str) -> String {
    owner_name_of(row, code).unwrap_or_else(|| code.to_string())
}

/// The CSS class of an SLA chip (`sla-on_time`, …; `sla-none` without a clock).
pub fn sla_class(sla: Option<SlaState>) -> String {
    format!("sla-chip sla-{}", sla.map(SlaState::as_str).unwrap_or("none"))
}

/// The chip's words.
pub fn sla_label(sla: Option<SlaState>) -> &'static str {
    sla.map(SlaState::label_zh).unwrap_or("无时限")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns_read_in_working_hours() {
        assert_eq!(countdown(Some(19_800)), "剩 5.5 工时");
        assert_eq!(countdown(Some(0)), "剩 0.0 工时");
        assert_eq!(countdown(Some(-7_200)), "超 2.0 工时");
        assert_eq!(countdown(Some(500 * 3600)), "剩 500 工时");
        assert_eq!(countdown(None), "—");
    }

    #[test]
    fn handling_times_are_hours_or_a_dash() {
        assert_eq!(handling(Some(45_000.0)), "12.5 小时");
        assert_eq!(handling(None), "—");
        assert_eq!(handling(Some(f64::NAN)), "—");
    }

    #[test]
    fn instants_are_written_in_china_standard_time() {
        // 2020-03-20T09:00:00+08:00
        assert_eq!(local_time(1_584_666_000), "03-20 09:00");
        // 2020-02-29T23:59:00+08:00 (leap day)
        assert_eq!(local_time(1_582_991_940), "02-29 23:59");
        // The epoch is 08:00 in Beijing.
        assert_eq!(local_time(0), "01-01 08:00");
        assert_eq!(local_time(-86_400), "12-31 08:00");
        assert_eq!(local_time(i64::MAX), "—");
    }

    #[test]
    fn audit_times_are_written_in_full() {
        // 2020-03-20T09:00:05+08:00
        assert_eq!(local_datetime(1_584_666_005), "2020-03-20 09:00:05");
        // 2019-12-31T23:59:59Z is already the new year in Beijing.
        assert_eq!(local_datetime(1_577_836_799), "2020-01-01 07:59:59");
        // The backend's zone, summer time of 1988 included: 1988-07-01T04:00Z.
        assert_eq!(local_datetime(583_732_800), "1988-07-01 13:00:00");
    }

    fn row(owners: &[&str], names: &[&str]) -> TicketRow {
        TicketRow {
            id: 1,
            version: 1,
            category: "complaint".into(),
            category_zh: "投诉".into(),
            priority: "normal".into(),
            summary: String::new(),
            micro_grid: None,
            owners: owners.iter().map(|s| s.to_string()).collect(),
            owner_names: names.iter().map(|s| s.to_string()).collect(),
            status: wangge_api::TicketStatus::Received,
            sla: None,
            supervised: false,
            received_at: 0,
            deadline: None,
            remaining_working_secs: None,
        }
    }

    #[test]
    fn owners_are_named_in_order_with_codes_standing_in() {
        let both = row(&["330402001", "dept-market"], &["南湖街道", "市场监管局"]);
        assert_eq!(owner_names(&both), "南湖街道、市场监管局");
        assert_eq!(owner_name_of(&both, "dept-market").as_deref(), Some("市场监管局"));
        assert_eq!(owner_name_of(&both, "other"), None);
        let unnamed = row(&["330402001", "dept-market"], &["南湖街道"]);
        assert_eq!(owner_names(&unnamed), "南湖街道、dept-market");
        assert_eq!(owner_names(&row(&[], &[])), "");
    }

    #[test]
    fn sla_chips_name_their_state() {
        assert_eq!(sla_class(Some(SlaState::Breached)), "sla-chip sla-breached");
        assert_eq!(sla_class(None), "sla-chip sla-none");
        assert_eq!(sla_label(Some(SlaState::Warning)), "预警");
    }
}
