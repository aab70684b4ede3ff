//! The records a district keeps: people and houses, isolations with their follow-ups,
//! enterprises, tickets and screening tasks.
//!
//! Records carry the timestamps of their lifecycle rather than a bare status, so that
//! every figure can be computed as of any instant (briefings of past dates).

use geo::Point;
use serde::{Deserialize, Serialize};

use crate::hierarchy::NodeCode;
use crate::lifecycle::{Priority, TicketEvent, TicketStatus};
use crate::time::Timestamp;

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal / $zh:literal / $en:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable snake_case name used in storage and APIs.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The name a commander reads.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            /// The name an English seat reads.
            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            /// The name in a seat's language.
            pub fn label_in(self, language: crate::Language) -> &'static str {
                language.pick(self.label_zh(), self.label_en())
            }
        }
    };
}

/// A dwelling or workplace, the link between people and micro-grids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct House {
    pub id: i64,
    /// The local house code (门牌/房屋编码).
    pub code: String,
    pub micro_grid: NodeCode,
    pub address: String,
    /// WGS84 longitude/latitude.
    pub location: Point<f64>,
    /// Set when the house is let (出租房): its rooms and landlord. The people registered at
    /// a let house, its landlord excepted, are its tenants.
    #[serde(default)]
    pub rental: Option<Rental>,
    /// Raised by one on every stored change, as a ticket's is: the store refuses a write
    /// made on an older version. Change-log rows from before versions read as 0.
    #[serde(default)]
    pub version: u32,
}

/// A let house's rooms and landlord, as the rental register (后宅's 出租房台账) holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rental {
    /// Rooms let (房间数); 0 when the register does not say.
    pub rooms: u32,
    /// The landlord (房东), a person of the register; `None` until one is recorded.
    pub landlord_id: Option<i64>,
}

/// A registered resident or worker. Every field but `id` and `house_id` is personal data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub house_id: i64,
    /// The enterprise the person works at (工作单位), by its register id, so a renamed
    /// enterprise keeps its workers; `None` when the register does not say.
    #[serde(default)]
    pub employer: Option<i64>,
    /// Raised by one on every stored change, as a ticket's is: the store refuses a write
    /// made on an older version. Change-log rows from before versions read as 0.
    #[serde(default)]
    pub version: u32,
}

text_enum!(
    /// 集中隔离 / 居家隔离 / 居家观察.
    IsolationKind {
        Centralised => "centralised" / "集中隔离" / "Centralised isolation",
        Home => "home" / "居家隔离" / "Home isolation",
        HomeObservation => "home_observation" / "居家观察" / "Home observation",
    }
);

/// One person's isolation, attached to the micro-grid of their address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Isolation {
    pub id: i64,
    pub person_id: i64,
    pub micro_grid: NodeCode,
    pub kind: IsolationKind,
    pub started_at: Timestamp,
    pub planned_end: Timestamp,
    pub released_at: Option<Timestamp>,
    /// Raised by one on every stored change, as a ticket's is: the store refuses a write
    /// made on an older version. Change-log rows from before versions read as 0.
    #[serde(default)]
    pub version: u32,
}

impl Isolation {
    pub fn is_active_at(&self, now: Timestamp) -> bool {
        self.started_at <= now && self.released_at.is_none_or(|released| released > now)
    }
}

text_enum!(
    FollowUpResult {
        SeenWell => "seen_well" / "正常" / "Well",
        SeenUnwell => "seen_unwell" / "异常" / "Unwell",
        Missed => "missed" / "未见到" / "Not seen",
        /// The slot passed without anyone trying (e.g. the staff were redeployed).
        NotAttempted => "not_attempted" / "未随访" / "Not followed up",
    }
);

impl FollowUpResult {
    /// Whether the person was actually seen: only such a result makes a slot done for
    /// follow-up compliance (a missed or unattempted visit is recorded, not complied with).
    pub fn is_seen(self) -> bool {
        matches!(self, FollowUpResult::SeenWell | FollowUpResult::SeenUnwell)
    }
}

/// One follow-up slot of an isolation (two a day is the rule), and what came of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: i64,
    pub isolation_id: i64,
    pub due_at: Timestamp,
    pub done_at: Option<Timestamp>,
    pub temperature_c: Option<f64>,
    pub result: Option<FollowUpResult>,
    /// Raised by one on every stored change, as a ticket's is: the store refuses a write
    /// made on an older version. Change-log rows from before versions read as 0.
    #[serde(default)]
    pub version: u32,
}

text_enum!(
    ResumptionStatus {
        NotResumed => "not_resumed" / "未复工" / "Not resumed",
        Partly => "partly" / "部分复工" / "Partly resumed",
        Fully => "fully" / "全面复工" / "Fully resumed",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enterprise {
    pub id: i64,
    pub name: String,
    pub micro_grid: NodeCode,
    pub sector: String,
    /// 规模以上: above the designated size.
    pub above_designated_size: bool,
    pub headcount: u32,
    pub status: ResumptionStatus,
    pub resumed_at: Option<Timestamp>,
    pub workers_back: u32,
    /// Raised by one on every stored change, as a ticket's is: the store refuses a write
    /// made on an older version. Change-log rows from before versions read as 0.
    #[serde(default)]
    pub version: u32,
}

impl Enterprise {
    pub fn is_resumed_at(&self, now: Timestamp) -> bool {
        self.status != ResumptionStatus::NotResumed && self.resumed_at.is_some_and(|at| at <= now)
    }
}

text_enum!(
    /// The five duties of a landlord under the 房东十二分制 (宣传、报告、服务、管控、监督).
    LandlordDuty {
        Publicity => "publicity" / "宣传" / "Publicity",
        Reporting => "reporting" / "报告" / "Reporting",
        Service => "service" / "服务" / "Service",
        Control => "control" / "管控" / "Control",
        Supervision => "supervision" / "监督" / "Supervision",
    }
);

/// One scoring event of a landlord under the 房东十二分制: points added or deducted for an
/// item of the rule file, at one let house, with who recorded it and why. A landlord's score
/// is the rule file's base plus the points of the events of the scoring year
/// ([`crate::landlords`]); events are never edited, a mistake is corrected by another event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LandlordMark {
    pub id: i64,
    pub landlord_id: i64,
    /// The let house the event concerns (its place decides who may record it).
    pub house_id: i64,
    pub duty: LandlordDuty,
    /// The rule file's wording of the item, as it read when the event was recorded.
    pub item: String,
    /// Added (positive) or deducted (negative).
    pub points: i32,
    /// Why, in the recorder's words (which tenant went unreported, which notice was posted).
    pub reason: String,
    /// The account that recorded it.
    pub recorded_by: String,
    pub recorded_at: Timestamp,
    #[serde(default)]
    pub version: u32,
}

text_enum!(
    TicketSource {
        MiniProgram => "mini_program" / "小程序" / "Mini program",
        Hotline12345 => "hotline_12345" / "12345热线" / "12345 hotline",
        GridMemberReport => "grid_member_report" / "网格员上报" / "Grid member report",
        EnterpriseDemand => "enterprise_demand" / "企业诉求" / "Enterprise request",
    }
);

text_enum!(
    TicketCategory {
        Complaint => "complaint" / "投诉举报" / "Complaint or report",
        ConsumerComplaint => "consumer_complaint" / "消费投诉" / "Consumer complaint",
        Suggestion => "suggestion" / "建言献策" / "Suggestion",
        Consultation => "consultation" / "咨询求助" / "Enquiry / help",
        Dispute => "dispute" / "矛盾纠纷" / "Dispute",
        EnterpriseDemand => "enterprise_demand" / "企业诉求" / "Enterprise request",
        EpidemicLead => "epidemic_lead" / "疫情线索" / "Epidemic lead",
    }
);

/// The unit that owns a ticket nobody could place or route yet: the dispatch desk's triage
/// queue (待分拨). Such tickets wait there, with their clocks running, until dispatched.
pub const TRIAGE_UNIT: &str = "triage";

/// A citizen or enterprise request (诉求 / 工单).
///
/// `events` is the ticket's history and the only source of truth about its progress; the
/// fields from `owning_unit` to `supervised` are projections of it
/// ([`crate::lifecycle::Lifecycle::project`]), kept on the record so that figures, filters
/// and SQL recounts read plain columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: i64,
    pub source: TicketSource,
    pub category: TicketCategory,
    pub priority: Priority,
    pub summary: String,
    /// The micro-grid where the matter lies; every figure of a ticket counts there.
    /// `None` while it could not be placed (it then waits in triage).
    pub micro_grid: Option<NodeCode>,
    pub location: Option<Point<f64>>,
    /// The first of the units that own the ticket now (a node code, a department code or
    /// [`TRIAGE_UNIT`]); empty when every owner returned it.
    pub owning_unit: String,
    pub received_at: Timestamp,
    /// The first acceptance (签收) by any unit.
    pub accepted_at: Option<Timestamp>,
    /// When the last owner finished, while the ticket stays resolved.
    pub resolved_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    /// The citizen's deadline, with extensions (the last one known while suspended).
    pub deadline: Timestamp,
    pub status: TicketStatus,
    /// 督办: flagged by a commander.
    pub supervised: bool,
    /// Raised by one on every stored change: a write names the version it was decided on,
    /// and the store refuses it if somebody else wrote in between.
    pub version: i64,
    pub events: Vec<TicketEvent>,
    /// The enterprise a demand (企业诉求) is for, by its register id: renaming the
    /// enterprise keeps the link. `None` for citizens' matters.
    #[serde(default)]
    pub enterprise: Option<i64>,
}

impl Ticket {
    pub fn is_received_at(&self, now: Timestamp) -> bool {
        self.received_at <= now
    }

    pub fn is_accepted_at(&self, now: Timestamp) -> bool {
        self.accepted_at.is_some_and(|at| at <= now)
    }

    pub fn is_resolved_at(&self, now: Timestamp) -> bool {
        self.resolved_at.is_some_and(|at| at <= now)
    }

    /// Open (received, not resolved, not waiting on the citizen) and past its deadline.
    pub fn is_overdue_at(&self, now: Timestamp) -> bool {
        self.is_received_at(now) && !self.is_resolved_at(now) && self.status != TicketStatus::Suspended && self.deadline < now
    }

    pub fn was_resolved_on_time_at(&self, now: Timestamp) -> bool {
        self.resolved_at.is_some_and(|at| at <= now && at <= self.deadline)
    }

    /// Waiting in triage: never placed or routed, or returned by every owner.
    pub fn is_in_triage(&self) -> bool {
        self.status == TicketStatus::Returned || self.owning_unit == TRIAGE_UNIT
    }
}

/// A batch of people to verify on the ground (排查任务), owned by a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: i64,
    pub title: String,
    pub owner_unit: NodeCode,
    pub created_at: Timestamp,
    pub deadline: Timestamp,
    /// The community's check of a complete part (社区核验): who and when; `None` until then.
    #[serde(default)]
    pub verified: Option<Verification>,
    /// Raised by one on every stored change, as a ticket's is: the store refuses a write
    /// made on an older version. Change-log rows from before versions read as 0.
    #[serde(default)]
    pub version: u32,
}

/// Who checked a screening part and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub by: String,
    pub at: Timestamp,
}

text_enum!(
    TaskOutcome {
        FoundUnderControl => "found_under_control" / "已找到，在管控中" / "Found, under control",
        Isolated => "isolated" / "已隔离" / "Isolated",
        LeftDistrict => "left_district" / "已离开本区" / "Left the district",
        NotFound => "not_found" / "未找到" / "Not found",
    }
);

/// One person of a task's batch and what the grid staff found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskItem {
    pub id: i64,
    pub task_id: i64,
    pub person_name: String,
    pub id_number: String,
    pub address: String,
    /// Where the address was placed; `None` until it is.
    pub micro_grid: Option<NodeCode>,
    pub outcome: Option<TaskOutcome>,
    pub reported_at: Option<Timestamp>,
    /// Raised by one on every stored change, as a ticket's is: the store refuses a write
    /// made on an older version. Change-log rows from before versions read as 0.
    #[serde(default)]
    pub version: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;

    fn has_chinese(text: &str) -> bool {
        text.chars().any(|c| {
            ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
        })
    }

    /// Every name in both languages: the Chinese as a Chinese seat has always read it, an
    /// English one without Chinese, and no two values of a kind sharing a name.
    fn names_of<T: Copy>(all: &[T], zh: fn(T) -> &'static str, en: fn(T) -> &'static str, within: fn(T, Language) -> &'static str) {
        let mut seen = std::collections::HashSet::new();
        for &value in all {
            assert!(!en(value).is_empty() && !has_chinese(en(value)), "{}", en(value));
            assert!(seen.insert(en(value)), "{} is named twice", en(value));
            assert_eq!(within(value, Language::Chinese), zh(value));
            assert_eq!(within(value, Language::English), en(value));
        }
    }

    #[test]
    fn every_kind_has_an_english_name() {
        names_of(IsolationKind::ALL, IsolationKind::label_zh, IsolationKind::label_en, IsolationKind::label_in);
        names_of(FollowUpResult::ALL, FollowUpResult::label_zh, FollowUpResult::label_en, FollowUpResult::label_in);
        names_of(ResumptionStatus::ALL, ResumptionStatus::label_zh, ResumptionStatus::label_en, ResumptionStatus::label_in);
        names_of(LandlordDuty::ALL, LandlordDuty::label_zh, LandlordDuty::label_en, LandlordDuty::label_in);
        names_of(TicketSource::ALL, TicketSource::label_zh, TicketSource::label_en, TicketSource::label_in);
        names_of(TicketCategory::ALL, TicketCategory::label_zh, TicketCategory::label_en, TicketCategory::label_in);
        names_of(TaskOutcome::ALL, TaskOutcome::label_zh, TaskOutcome::label_en, TaskOutcome::label_in);
        assert_eq!(TicketCategory::Consultation.label_in(Language::Chinese), "咨询求助");
        assert_eq!(TicketCategory::EpidemicLead.label_in(Language::English), "Epidemic lead");
    }
}
