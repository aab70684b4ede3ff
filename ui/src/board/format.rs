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
        Some(secs) if secs < 0 => tf!("超 {} 工时", "{} work h over", hours(-secs as f64)),
        Some(secs) => tf!("剩 {} 工时", "{} work h left", hours(secs as f64)),
    }
}

/// A unit's mean handling time: `12.5 小时`, or `—` before it resolved anything.
pub fn handling(avg_secs: Option<f64>) -> String {
    match avg_secs {
        Some(secs) if secs.is_finite() => tf!("{} 小时", "{} h", hours(secs)),
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
/// `、` (`, ` in English); a code stands in for a name the row does not carry.
pub fn owner_names(row: &TicketRow) -> String {
    row.owners.iter().map(|code| owner_name(row, code)).collect::<Vec<_>>().join(list_separator())
}

/// What separates the names of a list: `、`, or `, ` in English.
pub fn list_separator() -> &'static str {
    t!("、", ", ")
}

/// The name of one of a row's owners (`owner_names` is parallel to `owners`); `None` when
/// the code is not an owner of the row or the row carries no name for it. Triage is named
/// in the page's language.
pub fn owner_name_of(row: &TicketRow, code: &str) -> Option<String> {
    let index = row.owners.iter().position(|o| o == code)?;
    if let Some(name) = triage_name(code) {
        return Some(name.to_string());
    }
    row.owner_names.get(index).filter(|name| !name.is_empty()).cloned()
}

/// The name of the triage card (待分拨) in the page's language, for its code; `None` for a
/// real unit, whose name is data (shown as the backend wrote it, not translated).
pub fn triage_name(code: &str) -> Option<&'static str> {
    (code == wangge_api::TRIAGE_UNIT).then(|| wangge_api::TicketStatus::Triage.label_in(crate::i18n::language()))
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
    match sla {
        Some(state) => state.label_in(crate::i18n::language()),
        None => t!("无时限", "No deadline"),
    }
}

/// A message cut into its pieces, each marked `true` when it is one of `data` (a name, the
/// backend's words: shown as it is, not translated). The earliest occurrence wins, the
/// longest among those starting at the same place.
pub fn data_pieces<'a>(message: &'a str, data: &[String]) -> Vec<(&'a str, bool)> {
    let mut pieces = Vec::new();
    let mut rest = message;
    loop {
        let next = data
            .iter()
            .filter(|d| !d.is_empty())
            .filter_map(|d| rest.find(d.as_str()).map(|at| (at, d.len())))
            .min_by_key(|&(at, len)| (at, std::cmp::Reverse(len)));
        let Some((at, len)) = next else {
            if !rest.is_empty() {
                pieces.push((rest, false));
            }
            return pieces;
        };
        if at > 0 {
            pieces.push((&rest[..at], false));
        }
        pieces.push((&rest[at..at + len], true));
        rest = &rest[at + len..];
    }
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
            category_en: "Complaint".into(),
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
    fn data_is_cut_out_of_messages() {
        let data = |d: &[&str]| d.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(data_pieces("Ticket #5 moved to Unit A", &data(&["Unit A"])), [("Ticket #5 moved to ", false), ("Unit A", true)]);
        assert_eq!(
            data_pieces("Ticket #5 (Place) to Unit A, Unit AB", &data(&["Place", "Unit A", "Unit AB", ""])),
            [("Ticket #5 (", false), ("Place", true), (") to ", false), ("Unit A", true), (", ", false), ("Unit AB", true)]
        );
        assert_eq!(data_pieces("refused", &data(&["refused"])), [("refused", true)]);
        assert_eq!(data_pieces("no names", &[]), [("no names", false)]);
        assert!(data_pieces("", &data(&["x"])).is_empty());
    }

    #[test]
    fn triage_is_named_by_the_ui() {
        let triage = row(&[wangge_api::TRIAGE_UNIT], &["triage"]);
        assert_eq!(owner_names(&triage), "待分拨");
        assert_eq!(triage_name("330402001"), None);
    }

    #[test]
    fn sla_chips_name_their_state() {
        assert_eq!(sla_class(Some(SlaState::Breached)), "sla-chip sla-breached");
        assert_eq!(sla_class(None), "sla-chip sla-none");
        assert_eq!(sla_label(Some(SlaState::Warning)), "预警");
    }
}
