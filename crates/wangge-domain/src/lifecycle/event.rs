//! The lifecycle steps of a ticket, each carrying what it needs to be applied and audited.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

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
    /// The timeline line a commander reads, in Chinese, each unit by `unit_name` (a unit's
    /// code is an internal name; the engine knows the names).
    pub fn describe_zh(&self, unit_name: impl Fn(&str) -> String) -> String {
        // Whole hours as such ("16"), parts of an hour to one place ("1.5").
        let hours = |secs: &i64| if secs % 3600 == 0 { (secs / 3600).to_string() } else { format!("{:.1}", *secs as f64 / 3600.0) };
        let (unit, to_unit, from_unit) = match self {
            TicketEvent::Received { unit, .. }
            | TicketEvent::Accepted { unit, .. }
            | TicketEvent::Started { unit, .. }
            | TicketEvent::Returned { unit, .. }
            | TicketEvent::Resolved { unit, .. } => (unit_name(unit), String::new(), String::new()),
            TicketEvent::Extended { unit: Some(unit), .. } => (unit_name(unit), String::new(), String::new()),
            TicketEvent::Escalated { to_unit, .. } => (String::new(), unit_name(to_unit), String::new()),
            TicketEvent::Reassigned { from_unit, to_unit, .. } => (String::new(), unit_name(to_unit), unit_name(from_unit)),
            _ => (String::new(), String::new(), String::new()),
        };
        match self {
            TicketEvent::Received { .. } => format!("受理，派至 {unit}"),
            TicketEvent::Accepted { .. } => format!("{unit} 签收"),
            TicketEvent::Started { .. } => format!("{unit} 开始办理"),
            TicketEvent::Returned { reason, .. } => format!("{unit} 退回：{reason}"),
            TicketEvent::Suspended { reason, .. } => format!("挂起：{reason}"),
            TicketEvent::Resumed { .. } => "恢复办理".to_string(),
            TicketEvent::Extended { unit: named, working_secs, approver, .. } => match named {
                Some(_) => format!("{unit} 延期 {} 工作小时，批准人 {approver}", hours(working_secs)),
                None => format!("延期 {} 工作小时，批准人 {approver}", hours(working_secs)),
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
}
