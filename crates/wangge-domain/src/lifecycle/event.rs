//! The lifecycle steps of a ticket, each carrying what it needs to be applied and audited.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;
use crate::Language;

/// The actor of the steps no unit or person is named for: intake, suspension, co-dispatch,
/// closing (the dispatcher's desk).
pub const INTAKE_DESK: &str = "dispatcher";
/// The actor of a return visit.
pub const RETURN_VISIT_DESK: &str = "return_visit_desk";

/// The citizen's verdict at the return visit (回访).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    Satisfied,
    Neutral,
    Dissatisfied,
}

/// One step in a ticket's life. Units are node or department codes, as in
/// [`crate::Ticket::owning_unit`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum TicketEvent {
    /// 受理: taken in and dispatched to its first unit; the citizen's clock starts.
    Received {
        at: Timestamp,
        unit: String,
    },
    /// 签收: an owning unit signs for it.
    Accepted {
        unit: String,
        at: Timestamp,
    },
    /// An owning unit starts work.
    Started {
        unit: String,
        at: Timestamp,
    },
    /// 退回: an owning unit says it is not its business; back to the dispatcher.
    Returned {
        unit: String,
        at: Timestamp,
        reason: String,
    },
    /// 挂起: waiting on the citizen; every clock pauses.
    Suspended {
        at: Timestamp,
        reason: String,
    },
    /// The citizen answered; the clocks run again.
    Resumed {
        at: Timestamp,
    },
    /// 延期: more working time, granted by a named approver. With a unit, only that unit's
    /// resolution clock moves; without, the citizen's clock and every owner's.
    Extended {
        unit: Option<String>,
        at: Timestamp,
        working_secs: i64,
        approver: String,
    },
    /// Escalated to a higher unit, which becomes the sole owner.
    Escalated {
        at: Timestamp,
        to_unit: String,
        reason: String,
    },
    /// 改派: a commander moves the work from one unit to another.
    Reassigned {
        at: Timestamp,
        from_unit: String,
        to_unit: String,
        reason: String,
        by: String,
    },
    /// 加派: further units are dispatched, each with its own clocks.
    CoDispatched {
        at: Timestamp,
        units: Vec<String>,
    },
    /// 办结: an owning unit has finished its part.
    Resolved {
        unit: String,
        at: Timestamp,
        note: String,
    },
    /// 回访: the citizen was called back.
    ReturnVisit {
        at: Timestamp,
        satisfaction: Satisfaction,
    },
    Closed {
        at: Timestamp,
    },
    Reopened {
        at: Timestamp,
        reason: String,
    },
    /// 督办: a commander flags the ticket; the owning units see the flag.
    Supervised {
        at: Timestamp,
        by: String,
        note: String,
    },
}

impl TicketEvent {
    /// When the step happened.
    pub fn at(&self) -> Timestamp {
        match self {
            TicketEvent::Received { at, .. }
            | TicketEvent::Accepted { at, .. }
            | TicketEvent::Started { at, .. }
            | TicketEvent::Returned { at, .. }
            | TicketEvent::Suspended { at, .. }
            | TicketEvent::Resumed { at }
            | TicketEvent::Extended { at, .. }
            | TicketEvent::Escalated { at, .. }
            | TicketEvent::Reassigned { at, .. }
            | TicketEvent::CoDispatched { at, .. }
            | TicketEvent::Resolved { at, .. }
            | TicketEvent::ReturnVisit { at, .. }
            | TicketEvent::Closed { at }
            | TicketEvent::Reopened { at, .. }
            | TicketEvent::Supervised { at, .. } => *at,
        }
    }

    /// The stable snake_case name of the step, for audit rows and filters.
    pub fn kind(&self) -> &'static str {
        match self {
            TicketEvent::Received { .. } => "received",
            TicketEvent::Accepted { .. } => "accepted",
            TicketEvent::Started { .. } => "started",
            TicketEvent::Returned { .. } => "returned",
            TicketEvent::Suspended { .. } => "suspended",
            TicketEvent::Resumed { .. } => "resumed",
            TicketEvent::Extended { .. } => "extended",
            TicketEvent::Escalated { .. } => "escalated",
            TicketEvent::Reassigned { .. } => "reassigned",
            TicketEvent::CoDispatched { .. } => "co_dispatched",
            TicketEvent::Resolved { .. } => "resolved",
            TicketEvent::ReturnVisit { .. } => "return_visit",
            TicketEvent::Closed { .. } => "closed",
            TicketEvent::Reopened { .. } => "reopened",
            TicketEvent::Supervised { .. } => "supervised",
        }
    }

    /// The participle used in refusals: "it cannot be accepted".
    pub(crate) fn verb(&self) -> &'static str {
        match self {
            TicketEvent::Received { .. } => "received",
            TicketEvent::Accepted { .. } => "accepted",
            TicketEvent::Started { .. } => "started",
            TicketEvent::Returned { .. } => "returned",
            TicketEvent::Suspended { .. } => "suspended",
            TicketEvent::Resumed { .. } => "resumed",
            TicketEvent::Extended { .. } => "extended",
            TicketEvent::Escalated { .. } => "escalated",
            TicketEvent::Reassigned { .. } => "reassigned",
            TicketEvent::CoDispatched { .. } => "co-dispatched",
            TicketEvent::Resolved { .. } => "resolved",
            TicketEvent::ReturnVisit { .. } => "return-visited",
            TicketEvent::Closed { .. } => "closed",
            TicketEvent::Reopened { .. } => "reopened",
            TicketEvent::Supervised { .. } => "supervised",
        }
    }

    /// Who is accountable for the step, for the audit row. Events that name a person or unit
    /// use it (the approver of an extension, because an extension without an accountable
    /// approver is how overdue tickets get hidden); the rest are the dispatcher's (or the
    /// return-visit desk's). The store may overwrite this with the signed-in account.
    pub fn actor(&self) -> String {
        match self {
            TicketEvent::Accepted { unit, .. }
            | TicketEvent::Started { unit, .. }
            | TicketEvent::Returned { unit, .. }
            | TicketEvent::Resolved { unit, .. } => unit.clone(),
            TicketEvent::Extended { approver, .. } => approver.clone(),
            TicketEvent::Reassigned { by, .. } | TicketEvent::Supervised { by, .. } => by.clone(),
            TicketEvent::ReturnVisit { .. } => RETURN_VISIT_DESK.to_string(),
            TicketEvent::Received { .. }
            | TicketEvent::Suspended { .. }
            | TicketEvent::Resumed { .. }
            | TicketEvent::Escalated { .. }
            | TicketEvent::CoDispatched { .. }
            | TicketEvent::Closed { .. }
            | TicketEvent::Reopened { .. } => INTAKE_DESK.to_string(),
        }
    }

    /// A one-line description for the timeline.
    pub fn describe(&self) -> String {
        match self {
            TicketEvent::Received { unit, .. } => format!("received and dispatched to {unit}"),
            TicketEvent::Accepted { unit, .. } => format!("accepted by {unit}"),
            TicketEvent::Started { unit, .. } => format!("work started by {unit}"),
            TicketEvent::Returned { unit, reason, .. } => format!("returned by {unit}: {reason}"),
            TicketEvent::Suspended { reason, .. } => format!("suspended: {reason}"),
            TicketEvent::Resumed { .. } => "resumed".to_string(),
            TicketEvent::Extended { unit, working_secs, approver, .. } => match unit {
                Some(unit) => format!("{unit} extended by {working_secs} working s, approved by {approver}"),
                None => format!("extended by {working_secs} working s, approved by {approver}"),
            },
            TicketEvent::Escalated { to_unit, reason, .. } => format!("escalated to {to_unit}: {reason}"),
            TicketEvent::Reassigned { from_unit, to_unit, reason, by, .. } => {
                format!("reassigned from {from_unit} to {to_unit} by {by}: {reason}")
            }
            TicketEvent::CoDispatched { units, .. } => format!("co-dispatched to {}", units.join(", ")),
            TicketEvent::Resolved { unit, note, .. } => format!("resolved by {unit}: {note}"),
            TicketEvent::ReturnVisit { satisfaction, .. } => format!("return visit: {satisfaction:?}"),
            TicketEvent::Closed { .. } => "closed".to_string(),
            TicketEvent::Reopened { reason, .. } => format!("reopened: {reason}"),
            TicketEvent::Supervised { by, note, .. } => format!("supervised by {by}: {note}"),
        }
    }
}

impl TicketEvent {
    /// The timeline line a seat reads, in its language, each unit by `unit_name` (a unit's
    /// code is an internal name; the engine knows the names).
    pub fn describe_in(&self, language: Language, unit_name: impl Fn(&str) -> String) -> String {
        match language {
            Language::Chinese => self.describe_zh(unit_name),
            Language::English => self.describe_en(unit_name),
        }
    }

    /// The units a description names, by name: the one acting, the one handed to, the one
    /// handed from (empty where the step names none).
    fn unit_names(&self, unit_name: impl Fn(&str) -> String) -> (String, String, String) {
        match self {
            TicketEvent::Received { unit, .. }
            | TicketEvent::Accepted { unit, .. }
            | TicketEvent::Started { unit, .. }
            | TicketEvent::Returned { unit, .. }
            | TicketEvent::Resolved { unit, .. } => (unit_name(unit), String::new(), String::new()),
            TicketEvent::Extended { unit: Some(unit), .. } => (unit_name(unit), String::new(), String::new()),
            TicketEvent::Escalated { to_unit, .. } => (String::new(), unit_name(to_unit), String::new()),
            TicketEvent::Reassigned { from_unit, to_unit, .. } => (String::new(), unit_name(to_unit), unit_name(from_unit)),
            _ => (String::new(), String::new(), String::new()),
        }
    }

    /// What a description quotes as it stands whatever the seat's language: units by name,
    /// the people named, the reasons and notes a person typed. A screen marks them as data
    /// (not to be translated) within the words around them.
    pub fn quoted(&self, unit_name: impl Fn(&str) -> String) -> Vec<String> {
        let (unit, to_unit, from_unit) = self.unit_names(&unit_name);
        let mut quoted = vec![unit, to_unit, from_unit];
        match self {
            TicketEvent::Returned { reason, .. }
            | TicketEvent::Suspended { reason, .. }
            | TicketEvent::Escalated { reason, .. }
            | TicketEvent::Reopened { reason, .. } => quoted.push(reason.clone()),
            TicketEvent::Extended { approver, .. } => quoted.push(approver.clone()),
            TicketEvent::Reassigned { reason, by, .. } => quoted.extend([by.clone(), reason.clone()]),
            TicketEvent::CoDispatched { units, .. } => quoted.extend(units.iter().map(|u| unit_name(u))),
            TicketEvent::Resolved { note, .. } => quoted.push(note.clone()),
            TicketEvent::Supervised { by, note, .. } => quoted.extend([by.clone(), note.clone()]),
            TicketEvent::Received { .. }
            | TicketEvent::Accepted { .. }
            | TicketEvent::Started { .. }
            | TicketEvent::Resumed { .. }
            | TicketEvent::ReturnVisit { .. }
            | TicketEvent::Closed { .. } => {}
        }
        quoted.retain(|text| !text.trim().is_empty());
        quoted
    }

    /// The timeline line a commander reads, in Chinese, each unit by `unit_name` (a unit's
    /// code is an internal name; the engine knows the names).
    pub fn describe_zh(&self, unit_name: impl Fn(&str) -> String) -> String {
        let (unit, to_unit, from_unit) = self.unit_names(&unit_name);
        match self {
            TicketEvent::Received { .. } => format!("受理，派至 {unit}"),
            TicketEvent::Accepted { .. } => format!("{unit} 签收"),
            TicketEvent::Started { .. } => format!("{unit} 开始办理"),
            TicketEvent::Returned { reason, .. } => format!("{unit} 退回：{reason}"),
            TicketEvent::Suspended { reason, .. } => format!("挂起：{reason}"),
            TicketEvent::Resumed { .. } => "恢复办理".to_string(),
            TicketEvent::Extended { unit: named, working_secs, approver, .. } => match named {
                Some(_) => format!("{unit} 延期 {} 工作小时，批准人 {approver}", hours(*working_secs)),
                None => format!("延期 {} 工作小时，批准人 {approver}", hours(*working_secs)),
            },
            TicketEvent::Escalated { reason, .. } => format!("上报至 {to_unit}：{reason}"),
            TicketEvent::Reassigned { reason, by, .. } => format!("{by} 改派：{from_unit} → {to_unit}，理由：{reason}"),
            TicketEvent::CoDispatched { units, .. } => {
                format!("加派至 {}", units.iter().map(|u| unit_name(u)).collect::<Vec<_>>().join("、"))
            }
            TicketEvent::Resolved { note, .. } if note.is_empty() => format!("{unit} 办结"),
            TicketEvent::Resolved { note, .. } => format!("{unit} 办结：{note}"),
            TicketEvent::ReturnVisit { satisfaction, .. } => format!(
                "回访：{}",
                match satisfaction {
                    Satisfaction::Satisfied => "满意",
                    Satisfaction::Neutral => "基本满意",
                    Satisfaction::Dissatisfied => "不满意",
                }
            ),
            TicketEvent::Closed { .. } => "结案".to_string(),
            TicketEvent::Reopened { reason, .. } => format!("重新办理：{reason}"),
            TicketEvent::Supervised { by, note, .. } => format!("{by} 督办：{note}"),
        }
    }

    /// The timeline line an English seat reads, each unit by `unit_name`.
    pub fn describe_en(&self, unit_name: impl Fn(&str) -> String) -> String {
        let (unit, to_unit, from_unit) = self.unit_names(&unit_name);
        match self {
            TicketEvent::Received { .. } => format!("Received, dispatched to {unit}"),
            TicketEvent::Accepted { .. } => format!("Accepted by {unit}"),
            TicketEvent::Started { .. } => format!("Work started by {unit}"),
            TicketEvent::Returned { reason, .. } => format!("Returned by {unit}: {reason}"),
            TicketEvent::Suspended { reason, .. } => format!("Suspended: {reason}"),
            TicketEvent::Resumed { .. } => "Resumed".to_string(),
            TicketEvent::Extended { unit: named, working_secs, approver, .. } => {
                let hours = hours(*working_secs);
                let unit_word = if hours == "1" { "hour" } else { "hours" };
                match named {
                    Some(_) => format!("{unit} extended by {hours} working {unit_word}, approved by {approver}"),
                    None => format!("Extended by {hours} working {unit_word}, approved by {approver}"),
                }
            }
            TicketEvent::Escalated { reason, .. } => format!("Escalated to {to_unit}: {reason}"),
            TicketEvent::Reassigned { reason, by, .. } => format!("Reassigned by {by}: {from_unit} → {to_unit}, reason: {reason}"),
            TicketEvent::CoDispatched { units, .. } => {
                format!("Also dispatched to {}", units.iter().map(|u| unit_name(u)).collect::<Vec<_>>().join(", "))
            }
            TicketEvent::Resolved { note, .. } if note.is_empty() => format!("Resolved by {unit}"),
            TicketEvent::Resolved { note, .. } => format!("Resolved by {unit}: {note}"),
            TicketEvent::ReturnVisit { satisfaction, .. } => format!(
                "Called back: {}",
                match satisfaction {
                    Satisfaction::Satisfied => "satisfied",
                    Satisfaction::Neutral => "fairly satisfied",
                    Satisfaction::Dissatisfied => "dissatisfied",
                }
            ),
            TicketEvent::Closed { .. } => "Closed".to_string(),
            TicketEvent::Reopened { reason, .. } => format!("Reopened: {reason}"),
            TicketEvent::Supervised { by, note, .. } => format!("Supervised by {by}: {note}"),
        }
    }
}

/// Working hours as a description writes them: whole hours as such ("16"), parts of an hour
/// to one place ("1.5").
fn hours(secs: i64) -> String {
    if secs % 3600 == 0 {
        (secs / 3600).to_string()
    } else {
        format!("{:.1}", secs as f64 / 3600.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_chinese(text: &str) -> bool {
        text.chars().any(|c| {
            ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
        })
    }

    /// One of every step, units named by code, texts typed in Latin letters (so an English
    /// line made of them holds no Chinese unless the words themselves are Chinese).
    fn every_step() -> Vec<TicketEvent> {
        let at = Timestamp(0);
        let unit = || "u1".to_string();
        vec![
            TicketEvent::Received { at, unit: unit() },
            TicketEvent::Accepted { unit: unit(), at },
            TicketEvent::Started { unit: unit(), at },
            TicketEvent::Returned { unit: unit(), at, reason: "not ours".into() },
            TicketEvent::Suspended { at, reason: "waiting".into() },
            TicketEvent::Resumed { at },
            TicketEvent::Extended { unit: Some(unit()), at, working_secs: 5400, approver: "li".into() },
            TicketEvent::Extended { unit: None, at, working_secs: 3600, approver: "li".into() },
            TicketEvent::Escalated { at, to_unit: "u2".into(), reason: "too big".into() },
            TicketEvent::Reassigned { at, from_unit: unit(), to_unit: "u2".into(), reason: "wrong unit".into(), by: "wang".into() },
            TicketEvent::CoDispatched { at, units: vec![unit(), "u2".into()] },
            TicketEvent::Resolved { unit: unit(), at, note: String::new() },
            TicketEvent::Resolved { unit: unit(), at, note: "fixed".into() },
            TicketEvent::ReturnVisit { at, satisfaction: Satisfaction::Neutral },
            TicketEvent::Closed { at },
            TicketEvent::Reopened { at, reason: "again".into() },
            TicketEvent::Supervised { at, by: "wang".into(), note: "hurry".into() },
        ]
    }

    fn name(code: &str) -> String {
        format!("Unit {code}")
    }

    #[test]
    fn every_step_reads_in_english_for_an_english_seat_and_in_chinese_for_a_chinese_one() {
        for event in every_step() {
            let english = event.describe_in(Language::English, name);
            assert!(!has_chinese(&english), "{english}");
            let chinese = event.describe_in(Language::Chinese, name);
            assert_eq!(chinese, event.describe_zh(name));
            assert!(has_chinese(&chinese), "{chinese}");
            // Whatever a line quotes is in both lines, as it stands.
            for quoted in event.quoted(name) {
                assert!(english.contains(&quoted) && chinese.contains(&quoted), "{quoted:?} in {english:?} / {chinese:?}");
            }
        }
    }

    #[test]
    fn lines_read_as_a_desk_writes_them() {
        let steps = every_step();
        let en = |i: usize| steps[i].describe_in(Language::English, name);
        assert_eq!(en(0), "Received, dispatched to Unit u1");
        assert_eq!(en(6), "Unit u1 extended by 1.5 working hours, approved by li");
        assert_eq!(en(7), "Extended by 1 working hour, approved by li");
        assert_eq!(en(9), "Reassigned by wang: Unit u1 → Unit u2, reason: wrong unit");
        assert_eq!(en(10), "Also dispatched to Unit u1, Unit u2");
        assert_eq!(en(13), "Called back: fairly satisfied");
        let zh = |i: usize| steps[i].describe_in(Language::Chinese, name);
        assert_eq!(zh(6), "Unit u1 延期 1.5 工作小时，批准人 li");
        assert_eq!(zh(9), "wang 改派：Unit u1 → Unit u2，理由：wrong unit");
        assert_eq!(zh(10), "加派至 Unit u1、Unit u2");
        assert_eq!(steps[9].quoted(name), ["Unit u2", "Unit u1", "wang", "wrong unit"]);
        assert_eq!(steps[11].quoted(name), ["Unit u1"], "an empty note is not quoted");
    }
}
