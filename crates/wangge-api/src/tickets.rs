//! The work board on the wire: ticket rows and details, the actions a seat may take on a
//! ticket, reassignment, per-unit workload and the audit view.

use serde::{Deserialize, Serialize};

/// Where a ticket stands, as the board filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    Received,
    Accepted,
    InProgress,
    Suspended,
    Resolved,
    ReturnVisited,
    Closed,
    /// Every owner returned it, or it could not be placed: waiting in triage.
    Triage,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 8] = [
        TicketStatus::Received,
        TicketStatus::Accepted,
        TicketStatus::InProgress,
        TicketStatus::Suspended,
        TicketStatus::Resolved,
        TicketStatus::ReturnVisited,
        TicketStatus::Closed,
        TicketStatus::Triage,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            TicketStatus::Received => "已受理",
            TicketStatus::Accepted => "已签收",
            TicketStatus::InProgress => "办理中",
            TicketStatus::Suspended => "挂起",
            TicketStatus::Resolved => "已办结",
            TicketStatus::ReturnVisited => "已回访",
            TicketStatus::Closed => "已关闭",
            TicketStatus::Triage => "待分拨",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            TicketStatus::Received => "Received",
            TicketStatus::Accepted => "Accepted",
            TicketStatus::InProgress => "In progress",
            TicketStatus::Suspended => "Suspended",
            TicketStatus::Resolved => "Resolved",
            TicketStatus::ReturnVisited => "Called back",
            TicketStatus::Closed => "Closed",
            TicketStatus::Triage => "Awaiting dispatch",
        }
    }

    /// The name in a seat's language.
    pub fn label_in(self, language: crate::Language) -> &'static str {
        language.pick(self.label_zh(), self.label_en())
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Received => "received",
            TicketStatus::Accepted => "accepted",
            TicketStatus::InProgress => "in_progress",
            TicketStatus::Suspended => "suspended",
            TicketStatus::Resolved => "resolved",
            TicketStatus::ReturnVisited => "return_visited",
            TicketStatus::Closed => "closed",
            TicketStatus::Triage => "triage",
        }
    }
}

/// A ticket's SLA state: the worst of the citizen's clock and every owner's clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    OnTime,
    Warning,
    Breached,
    Paused,
    /// Every promise was kept and the clocks have stopped.
    Met,
}

impl SlaState {
    pub const ALL: [SlaState; 5] = [SlaState::OnTime, SlaState::Warning, SlaState::Breached, SlaState::Paused, SlaState::Met];

    pub fn label_zh(self) -> &'static str {
        match self {
            SlaState::OnTime => "正常",
            SlaState::Warning => "预警",
            SlaState::Breached => "超期",
            SlaState::Paused => "暂停",
            SlaState::Met => "按期",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            SlaState::OnTime => "On time",
            SlaState::Warning => "Due soon",
            SlaState::Breached => "Overdue",
            SlaState::Paused => "Paused",
            SlaState::Met => "Met",
        }
    }

    /// The name in a seat's language.
    pub fn label_in(self, language: crate::Language) -> &'static str {
        language.pick(self.label_zh(), self.label_en())
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::OnTime => "on_time",
            SlaState::Warning => "warning",
            SlaState::Breached => "breached",
            SlaState::Paused => "paused",
            SlaState::Met => "met",
        }
    }
}

/// What the board asks for. Every field narrows; none set = every ticket in scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardFilter {
    /// Tickets whose matter lies under this node (default: the scope's root).
    pub node: Option<String>,
    /// Tickets one of whose current owners is this unit.
    pub unit: Option<String>,
    pub status: Option<TicketStatus>,
    pub sla: Option<SlaState>,
    /// Only open tickets waiting on the signed-in unit (the scope's root): to accept, to
    /// start or to resolve, and supervised ones first.
    pub needs_my_action: bool,
    /// At most this many rows (default 200), most urgent first.
    pub limit: Option<u32>,
}

/// One line of the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketRow {
    pub id: i64,
    /// Optimistic concurrency: actions name the version they were decided on.
    pub version: i64,
    pub category: String,
    /// The category's name in Chinese (the command line prints it).
    pub category_zh: String,
    /// The category's name in English; a screen shows [`TicketRow::category_in`] its page's
    /// language. Both names travel, as the API's labels do, because a row is not always made
    /// for the seat that shows it (a breach found district-wide, then sent to each seat).
    #[serde(default)]
    pub category_en: String,
    pub priority: String,
    pub summary: String,
    /// Where the matter lies; `None` in triage.
    pub micro_grid: Option<String>,
    pub owners: Vec<String>,
    /// The owners' names, in the same order (a node's name, a department's, or 待分拨).
    pub owner_names: Vec<String>,
    pub status: TicketStatus,
    pub sla: Option<SlaState>,
    pub supervised: bool,
    pub received_at: i64,
    /// The citizen's deadline (with extensions); `None` while paused.
    pub deadline: Option<i64>,
    /// Working seconds left on the citizen's clock (negative when breached).
    pub remaining_working_secs: Option<i64>,
}

impl TicketRow {
    /// The category's name in `language` (the Chinese one from a backend that sent no other).
    pub fn category_in(&self, language: crate::Language) -> &str {
        match language {
            crate::Language::English if !self.category_en.is_empty() => &self.category_en,
            _ => &self.category_zh,
        }
    }
}

/// The board: rows plus counts per SLA state over every matching ticket (not only the
/// rows returned), and the workload of the units under the focused node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkBoard {
    pub rows: Vec<TicketRow>,
    pub total: u64,
    pub by_sla: Vec<(SlaState, u64)>,
    pub units: Vec<UnitLoad>,
    pub seq: i64,
}

/// A unit's workload and record, for the unit cards tickets are dragged onto.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitLoad {
    pub code: String,
    pub name: String,
    /// Open tickets this unit owns now.
    pub open: u64,
    /// Of those, breached.
    pub breached: u64,
    /// How often this unit returned a ticket as not its business (退回).
    pub bounce_backs: u64,
    /// Mean wall-clock seconds from acceptance to resolution over the tickets it resolved.
    pub avg_handling_secs: Option<f64>,
}

/// One entry of a ticket's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: i64,
    pub actor: String,
    pub kind: String,
    /// What happened, in the asking seat's language, units by name.
    pub description: String,
    /// The parts of `description` that stand as written in either language (units' and
    /// people's names, the reasons and notes a person typed): a screen marks them as data,
    /// not to be translated.
    #[serde(default)]
    pub quoted: Vec<String>,
    pub status_before: TicketStatus,
    pub status_after: TicketStatus,
}

/// A ticket with its history and clocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketDetail {
    pub row: TicketRow,
    pub source: String,
    pub location: Option<[f64; 2]>,
    /// Where the matter lies, by name from the street down (区 omitted): `None` in triage.
    #[serde(default)]
    pub place_names: Option<String>,
    /// Why a ticket in triage is in no place, in the asking seat's language (no location,
    /// outside the district, or a gap between boundaries, naming the area).
    #[serde(default)]
    pub unplaced_reason: Option<String>,
    /// The names `unplaced_reason` quotes (the area's), as [`TimelineEntry::quoted`].
    #[serde(default)]
    pub unplaced_quoted: Vec<String>,
    pub timeline: Vec<TimelineEntry>,
    /// Each owner's acceptance and resolution deadlines.
    pub unit_deadlines: Vec<UnitDeadline>,
    /// The steps the asking seat may take on the ticket now (its role, its scope, the
    /// ticket's state): the buttons the detail shows.
    #[serde(default)]
    pub steps: Vec<TicketStep>,
}

/// The card of tickets waiting for the dispatcher (待分拨): not a unit one hands work to.
/// The same code as the domain's (the engine's tests hold them equal).
pub const TRIAGE_UNIT: &str = "triage";

/// One kind of step on a ticket, as [`TicketDetail::steps`] offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStep {
    Accept,
    Start,
    Resolve,
    Return,
    Suspend,
    Resume,
    Extend,
    Escalate,
    CoDispatch,
    Reassign,
    Supervise,
    Dispatch,
    ReturnVisit,
    Close,
    Reopen,
}

impl TicketStep {
    /// The step's name on buttons and in messages.
    pub fn label_zh(self) -> &'static str {
        match self {
            TicketStep::Accept => "签收",
            TicketStep::Start => "开始办理",
            TicketStep::Resolve => "办结",
            TicketStep::Return => "退回",
            TicketStep::Suspend => "挂起",
            TicketStep::Resume => "恢复办理",
            TicketStep::Extend => "延期",
            TicketStep::Escalate => "上报",
            TicketStep::CoDispatch => "加派",
            TicketStep::Reassign => "改派",
            TicketStep::Supervise => "督办",
            TicketStep::Dispatch => "分拨",
            TicketStep::ReturnVisit => "回访",
            TicketStep::Close => "结案",
            TicketStep::Reopen => "重新办理",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            TicketStep::Accept => "Accept",
            TicketStep::Start => "Start work",
            TicketStep::Resolve => "Resolve",
            TicketStep::Return => "Return",
            TicketStep::Suspend => "Suspend",
            TicketStep::Resume => "Resume",
            TicketStep::Extend => "Extend",
            TicketStep::Escalate => "Escalate",
            TicketStep::CoDispatch => "Add a unit",
            TicketStep::Reassign => "Reassign",
            TicketStep::Supervise => "Supervise",
            TicketStep::Dispatch => "Dispatch",
            TicketStep::ReturnVisit => "Call back",
            TicketStep::Close => "Close",
            TicketStep::Reopen => "Reopen",
        }
    }

    /// The name in a seat's language.
    pub fn label_in(self, language: crate::Language) -> &'static str {
        language.pick(self.label_zh(), self.label_en())
    }

    /// The snake_case name (the serde name), for `data-action` hooks.
    pub fn name(self) -> &'static str {
        match self {
            TicketStep::Accept => "accept",
            TicketStep::Start => "start",
            TicketStep::Resolve => "resolve",
            TicketStep::Return => "return",
            TicketStep::Suspend => "suspend",
            TicketStep::Resume => "resume",
            TicketStep::Extend => "extend",
            TicketStep::Escalate => "escalate",
            TicketStep::CoDispatch => "co_dispatch",
            TicketStep::Reassign => "reassign",
            TicketStep::Supervise => "supervise",
            TicketStep::Dispatch => "dispatch",
            TicketStep::ReturnVisit => "return_visit",
            TicketStep::Close => "close",
            TicketStep::Reopen => "reopen",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitDeadline {
    pub unit: String,
    pub accepted: bool,
    pub acceptance_deadline: Option<i64>,
    pub resolution_deadline: Option<i64>,
    pub sla: Option<SlaState>,
}

/// A step a seat takes on one ticket. The engine stamps the time and the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TicketAction {
    Accept {
        unit: String,
    },
    Start {
        unit: String,
    },
    Return {
        unit: String,
        reason: String,
    },
    Suspend {
        reason: String,
    },
    Resume,
    Extend {
        unit: Option<String>,
        working_hours: u32,
        approver: String,
    },
    Escalate {
        to_unit: String,
        reason: String,
    },
    CoDispatch {
        units: Vec<String>,
    },
    Resolve {
        unit: String,
        note: String,
    },
    ReturnVisit {
        satisfaction: String,
    },
    Close,
    Reopen {
        reason: String,
    },
    Supervise {
        note: String,
    },
    /// Places a triage ticket in a micro-grid and dispatches it to a unit.
    Dispatch {
        micro_grid: Option<String>,
        unit: String,
    },
}

impl TicketAction {
    /// The kind of step this action is.
    pub fn step(&self) -> TicketStep {
        match self {
            TicketAction::Accept { .. } => TicketStep::Accept,
            TicketAction::Start { .. } => TicketStep::Start,
            TicketAction::Return { .. } => TicketStep::Return,
            TicketAction::Suspend { .. } => TicketStep::Suspend,
            TicketAction::Resume => TicketStep::Resume,
            TicketAction::Extend { .. } => TicketStep::Extend,
            TicketAction::Escalate { .. } => TicketStep::Escalate,
            TicketAction::CoDispatch { .. } => TicketStep::CoDispatch,
            TicketAction::Resolve { .. } => TicketStep::Resolve,
            TicketAction::ReturnVisit { .. } => TicketStep::ReturnVisit,
            TicketAction::Close => TicketStep::Close,
            TicketAction::Reopen { .. } => TicketStep::Reopen,
            TicketAction::Supervise { .. } => TicketStep::Supervise,
            TicketAction::Dispatch { .. } => TicketStep::Dispatch,
        }
    }
}

/// A ticket named with the version the caller saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketVersion {
    pub id: i64,
    pub version: i64,
}

/// 改派: moves tickets from their current owner (`from_unit`, or the sole owner) to
/// `to_unit`. All or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reassign {
    pub tickets: Vec<TicketVersion>,
    pub from_unit: Option<String>,
    pub to_unit: String,
    pub reason: String,
}

/// The audit view's question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    pub actor: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub limit: Option<u32>,
}

/// One append-only audit row: who changed what when, with the record before and after
/// (as JSON text; personal fields are masked outside the caller's scope).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at: i64,
    pub actor: String,
    pub entity: String,
    pub entity_id: i64,
    /// What changed in one line, in the asking seat's language.
    pub summary: String,
    /// The names and typed texts `summary` quotes, as [`TimelineEntry::quoted`].
    #[serde(default)]
    pub summary_quoted: Vec<String>,
    /// Why, when the actor was asked to say (a task part's reassignment).
    pub reason: Option<String>,
    pub before: Option<String>,
    pub after: String,
    /// The record as a commander reads it: a created record's fields, or the fields a
    /// change changed, each under its name in the asking seat's language, with names and
    /// local times for values (and kinds and states in that language).
    #[serde(default)]
    pub fields: Vec<AuditField>,
}

/// The kinds of record the change log holds (`AuditRow::entity`) with their Chinese names,
/// as the audit filter offers them.
pub const RECORD_KINDS: [(&str, &str); 9] = [
    ("ticket", "工单"),
    ("task", "排查任务"),
    ("task_item", "排查对象"),
    ("isolation", "隔离"),
    ("follow_up", "随访"),
    ("enterprise", "企业"),
    ("house", "房屋"),
    ("person", "人员"),
    ("landlord_mark", "房东积分"),
];

/// The English names of [`RECORD_KINDS`], in the same order.
pub const RECORD_KINDS_EN: [&str; 9] =
    ["Ticket", "Screening task", "Screening subject", "Isolation", "Follow-up", "Enterprise", "House", "Person", "Landlord score"];

/// A kind of record's name in a seat's language (a boundary change is 区域, an area).
pub fn record_kind_label_in(entity: &str, language: crate::Language) -> &str {
    match (language, entity) {
        (crate::Language::Chinese, _) => record_kind_label(entity),
        (crate::Language::English, "node") => "Area",
        (crate::Language::English, other) => {
            RECORD_KINDS.iter().position(|(value, _)| *value == other).map_or(other, |i| RECORD_KINDS_EN[i])
        }
    }
}

/// A kind of record's Chinese name (a boundary change is 区域); an unknown kind as it is.
pub fn record_kind_label(entity: &str) -> &str {
    match entity {
        "node" => "区域",
        other => RECORD_KINDS.iter().find(|(value, _)| *value == other).map_or(other, |(_, label)| *label),
    }
}

/// One field of an audit row's record, readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditField {
    /// The field's name in the asking seat's language.
    pub label: String,
    /// `None` for a created record.
    pub before: Option<String>,
    pub after: String,
}

/// The in-app intake form (受理登记): what a desk officer types for a call or a visit.
/// The place is a micro-grid code, a point, or an address of the house register; none
/// of them (or one that places nowhere) sends the ticket to triage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketForm {
    /// mini_program, hotline_12345, grid_member_report or enterprise_demand.
    pub source: String,
    /// complaint, consumer_complaint, suggestion, consultation, dispute, enterprise_demand
    /// or epidemic_lead.
    pub category: String,
    pub urgent: bool,
    pub summary: String,
    pub micro_grid: Option<String>,
    /// `[lon, lat]` in WGS84.
    pub point: Option<[f64; 2]>,
    pub address: Option<String>,
    /// The enterprise a demand is for (its register id, as `wangge enterprises` lists it):
    /// the ticket stays linked to it whatever it is renamed to, and lies where it lies
    /// when no place is given.
    #[serde(default)]
    pub enterprise: Option<i64>,
}

/// A category as the form offers it, named in both languages (the list is the same for
/// every seat: a screen shows [`Choice::label_in`] its page's language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label_zh: String,
    #[serde(default)]
    pub label_en: String,
}

impl Choice {
    /// The name in `language` (the Chinese one from a backend that sent no other).
    pub fn label_in(&self, language: crate::Language) -> &str {
        match language {
            crate::Language::English if !self.label_en.is_empty() => &self.label_en,
            _ => &self.label_zh,
        }
    }
}

#[cfg(test)]
mod record_kind_tests {
    use super::*;

    #[test]
    fn kinds_of_record_read_in_chinese() {
        assert_eq!(record_kind_label("ticket"), "工单");
        assert_eq!(record_kind_label("follow_up"), "随访");
        assert_eq!(record_kind_label("node"), "区域");
        assert_eq!(record_kind_label("thing"), "thing");
    }

    #[test]
    fn a_category_is_named_in_the_language_asked_and_in_chinese_when_no_other_came() {
        let choice = Choice { value: "dispute".into(), label_zh: "矛盾纠纷".into(), label_en: "Dispute".into() };
        assert_eq!(choice.label_in(crate::Language::English), "Dispute");
        assert_eq!(choice.label_in(crate::Language::Chinese), "矛盾纠纷");
        let old: Choice = serde_json::from_str(r#"{"value":"dispute","label_zh":"矛盾纠纷"}"#).unwrap();
        assert_eq!(old.label_in(crate::Language::English), "矛盾纠纷");
    }
}
