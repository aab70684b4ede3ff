//! Register work on the wire (issue 4): isolations extended, released, transferred and
//! followed up; enterprises broken down by sector and size class with the demands that
//! name them; any register view exported as a table of strings. The words the engine puts in
//! these answers (labels, steps, statuses, headers) are in the asking seat's language; names,
//! sectors, addresses and codes are data, as stored.

use serde::{Deserialize, Serialize};

use crate::{NodeRef, SlaState};

/// One isolation as the register shows it (no personal data: the person by id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IsolationRow {
    pub id: i64,
    pub person_id: i64,
    pub micro_grid: NodeRef,
    /// `centralised`, `home` or `home_observation`.
    pub kind: String,
    pub started_at: i64,
    pub planned_end: i64,
    pub released_at: Option<i64>,
    /// Every follow-up slot of the isolation.
    pub follow_ups: u64,
    /// Slots past their grace period and not done, as of the answer.
    pub follow_ups_overdue: u64,
}

/// What an isolation operation (extend, release, transfer) did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IsolationChanged {
    pub isolation: IsolationRow,
    /// The planned end before an extension.
    pub previous_planned_end: Option<i64>,
    /// The micro-grid before a transfer.
    pub previous_micro_grid: Option<NodeRef>,
    /// Ids of the follow-up slots an extension created.
    pub follow_ups_created: Vec<i64>,
    /// The change-log seq of the last change written.
    pub seq: i64,
}

/// The result of one follow-up visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpResult {
    SeenWell,
    SeenUnwell,
    Missed,
    NotAttempted,
}

impl FollowUpResult {
    pub const ALL: [FollowUpResult; 4] =
        [FollowUpResult::SeenWell, FollowUpResult::SeenUnwell, FollowUpResult::Missed, FollowUpResult::NotAttempted];

    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpResult::SeenWell => "seen_well",
            FollowUpResult::SeenUnwell => "seen_unwell",
            FollowUpResult::Missed => "missed",
            FollowUpResult::NotAttempted => "not_attempted",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            FollowUpResult::SeenWell => "正常",
            FollowUpResult::SeenUnwell => "异常",
            FollowUpResult::Missed => "未见到",
            FollowUpResult::NotAttempted => "未随访",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            FollowUpResult::SeenWell => "Well",
            FollowUpResult::SeenUnwell => "Unwell",
            FollowUpResult::Missed => "Not seen",
            FollowUpResult::NotAttempted => "Not followed up",
        }
    }

    /// The name in a seat's language.
    pub fn label_in(self, language: crate::Language) -> &'static str {
        language.pick(self.label_zh(), self.label_en())
    }
}

/// A follow-up slot after its result was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpRecorded {
    pub follow_up_id: i64,
    pub isolation_id: i64,
    pub due_at: i64,
    pub done_at: i64,
    pub result: FollowUpResult,
    pub previous: Option<FollowUpResult>,
    pub temperature_c: Option<f64>,
    /// Done within the grace period with the person seen: counts as complied with.
    pub on_time: bool,
    pub seq: i64,
}

/// Enterprises of one group (all, a sector or a size class) and their resumption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseGroup {
    /// The sector's name, `above` / `below` for size classes, `all` for the total.
    pub key: String,
    /// 规上 / 规下 for size classes, 合计 for the total, in the seat's language ("Above
    /// designated size", "Total"…); the sector's name (data) otherwise.
    pub label: String,
    pub total: u64,
    pub resumed: u64,
    pub resumption_rate: Option<f64>,
    pub workers_total: u64,
    pub workers_back: u64,
    pub worker_return_rate: Option<f64>,
}

/// Resumption and worker return per sector and size class under one node. The groups of
/// each breakdown sum to `totals`, which equal the node's enterprise figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseBreakdown {
    pub node: NodeRef,
    pub as_of: i64,
    pub totals: EnterpriseGroup,
    /// Largest sectors first.
    pub by_sector: Vec<EnterpriseGroup>,
    /// 规上 then 规下.
    pub by_size: Vec<EnterpriseGroup>,
    /// The node's enterprise demands in the service loop (收集 → 解决 → 反馈).
    #[serde(default)]
    pub demands: DemandLoop,
}

/// Enterprise demands counted by where they stand in the service loop (北苑's "333" loop:
/// 收集, 解决, 反馈). `in_hand + resolved + fed_back = collected`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct DemandLoop {
    /// Every demand taken in (收集).
    pub collected: u64,
    /// Still being handled.
    pub in_hand: u64,
    /// Solved, the firm not yet told.
    pub resolved: u64,
    /// Solved and fed back to the firm (the loop closed).
    pub fed_back: u64,
    /// 问题解决率: fed back / collected; `null` without demands.
    pub closure_rate: Option<f64>,
}

/// The enterprises matching a filter in one child of the node (the map's 企业分布).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterpriseAreaCount {
    pub node: NodeRef,
    pub matching: u64,
    /// Of those, resumed now.
    pub resumed: u64,
}

/// Resumption over time at a node (复工进度): the figures at the end of each of the last days,
/// oldest first, the last being today up to now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResumptionTrend {
    pub node: NodeRef,
    pub days: Vec<ResumptionDay>,
}

/// One day's resumption at a node, as known at the day's end (today: now).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResumptionDay {
    /// `YYYY-MM-DD`, local.
    pub date: String,
    pub enterprises_total: u64,
    pub enterprises_resumed: u64,
    pub enterprises_above_size: u64,
    pub enterprises_above_size_resumed: u64,
    pub workers_total: u64,
    pub workers_back: u64,
    /// resumed / total, in [0, 1]; `null` without enterprises.
    pub resumption_rate: Option<f64>,
}

/// The trend's question: a node (the scope's root when `None`) and how many days back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendRequest {
    pub node: Option<String>,
    /// Days shown, today included (default 14, at most 92).
    pub days: Option<u32>,
}

/// A ticket linked to an enterprise (a demand).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseDemand {
    pub ticket_id: i64,
    pub summary: String,
    pub status: String,
    pub received_at: i64,
    pub resolved_at: Option<i64>,
    /// Where it stands in the service loop: `collected`, `resolved` or `fed_back`.
    #[serde(default)]
    pub step: String,
    /// The step in words, in the seat's language (已收集，办理中 / 已解决，待反馈 / 已解决反馈;
    /// "Collected, in progress"…); the name is kept for the wire.
    #[serde(default)]
    pub step_zh: String,
    /// The units handling it now, by name (the service team, a department, a street).
    #[serde(default)]
    pub units: Vec<String>,
    /// Its SLA state now (on time, warning, breached, paused, met), as the board shows it;
    /// `None` when its history does not fold.
    #[serde(default)]
    pub sla: Option<SlaState>,
}

/// One enterprise with the demands that name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseDetail {
    pub id: i64,
    pub name: String,
    pub micro_grid: NodeRef,
    pub sector: String,
    pub above_designated_size: bool,
    pub headcount: u32,
    /// `not_resumed`, `partly` or `fully`.
    pub status: String,
    pub resumed_at: Option<i64>,
    pub workers_back: u32,
    /// Its demands: tickets linked to it by id (older tickets without the link: those of
    /// category `enterprise_demand` in its micro-grid whose summary contains its name).
    pub demands: Vec<EnterpriseDemand>,
    /// Its workers on record (the register's people who work there) living within the
    /// asking account's scope, by name.
    #[serde(default)]
    pub workers: Vec<EnterpriseWorker>,
    /// Its workers on record living outside the scope: counted, not shown.
    #[serde(default)]
    pub workers_elsewhere: u64,
}

/// A worker of an enterprise as its detail lists them (personal data: roles that see it;
/// name and phone masked, a reveal shows them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterpriseWorker {
    pub person_id: i64,
    pub name: String,
    pub phone: String,
    /// Where they live: the house's address.
    pub address: String,
    /// In isolation now, in words in the seat's language; `None` otherwise.
    pub isolation: Option<String>,
}

/// The enterprises view's question: under a node, optionally one sector, one size class,
/// one resumption status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterpriseFilter {
    /// The node (the scope's root when `None`).
    pub node: Option<String>,
    pub sector: Option<String>,
    /// `Some(true)`: 规上 only; `Some(false)`: 规下 only.
    pub above_designated_size: Option<bool>,
    /// `not_resumed`, `partly` or `fully`.
    pub status: Option<String>,
    /// Rows at most (default 500); the counts are over every match.
    pub limit: Option<u32>,
}

/// One enterprise as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseRow {
    pub id: i64,
    pub name: String,
    /// Where it is, by name from the street down.
    pub place: String,
    pub micro_grid: String,
    pub sector: String,
    pub above_designated_size: bool,
    pub headcount: u32,
    /// `not_resumed`, `partly` or `fully`.
    pub status: String,
    /// The status in words, in the seat's language (未复工 / 部分复工 / 全面复工; "Not
    /// resumed"…); the name is kept for the wire.
    pub status_zh: String,
    pub workers_back: u32,
    /// Its demands not yet resolved.
    pub open_demands: u64,
}

/// The enterprises under a node: the breakdown (every role that sees figures) and the
/// matching enterprises (roles that see case rows; empty otherwise).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseList {
    pub breakdown: EnterpriseBreakdown,
    /// Enterprises matching the filter (before the row limit).
    pub matching: u64,
    /// Of those, resumed now.
    pub matching_resumed: u64,
    /// The demands of the matching enterprises in the service loop.
    #[serde(default)]
    pub matching_demands: DemandLoop,
    /// The matching enterprises per child of the node (none under a micro-grid); they sum
    /// to `matching`.
    #[serde(default)]
    pub by_child: Vec<EnterpriseAreaCount>,
    pub rows: Vec<EnterpriseRow>,
}

/// The register view's question (登记查询): houses under a node whose address or code, or
/// one of whose people's name, ID number or phone, contains the text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterQuery {
    /// The node (the scope's root when `None`).
    pub node: Option<String>,
    /// Empty: the first houses under the node by address.
    pub text: String,
    /// Houses at most (default 50).
    pub limit: Option<u32>,
}

/// One person of a house as the register view shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterPerson {
    pub id: i64,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    /// In isolation now (集中隔离 / 居家隔离 / 居家观察), in words in the seat's language; `None`
    /// otherwise.
    pub isolation: Option<String>,
    /// The enterprise the person works at (工作单位), by name; `None` when not on record.
    #[serde(default)]
    pub employer: Option<String>,
    /// Name, ID number and phone are masked (张*, 330402********1234, 138****5678): a search
    /// shows them so; [`RevealRequest`] shows one person's in full, logged.
    #[serde(default)]
    pub masked: bool,
}

/// Asks to see one person's personal data in full (查看), saying why; the reveal is logged
/// with the account, the time and the reason before anything is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealRequest {
    pub person_id: i64,
    pub reason: String,
}

/// One logged reveal, as the audit view lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealEntry {
    pub at: i64,
    pub account: String,
    pub person_id: i64,
    /// The person's name, masked (the log says whose data, not the data).
    pub person: String,
    /// Where they live, by name from the street down.
    pub place: String,
    pub reason: String,
}

/// One house with the people registered at it (the household).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterHouse {
    pub id: i64,
    pub code: String,
    pub address: String,
    /// Where it is, by name from the street down.
    pub place: String,
    pub micro_grid: String,
    pub people: Vec<RegisterPerson>,
}

/// The houses that match, with their people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterResults {
    pub node: NodeRef,
    /// Houses matching (before the limit).
    pub matching: u64,
    pub houses: Vec<RegisterHouse>,
}

/// A register that can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportRegister {
    Houses,
    People,
    Isolations,
    FollowUps,
    Enterprises,
    Tickets,
    /// The 红黑榜: landlords letting under the node with their scores.
    Landlords,
    /// The screening roll-up (排查汇总): every batch's people, outcomes and parts per child
    /// of the node (one batch: `wangge task progress --batch … --out`).
    Screening,
}

impl ExportRegister {
    pub const ALL: [ExportRegister; 8] = [
        ExportRegister::Houses,
        ExportRegister::People,
        ExportRegister::Isolations,
        ExportRegister::FollowUps,
        ExportRegister::Enterprises,
        ExportRegister::Tickets,
        ExportRegister::Landlords,
        ExportRegister::Screening,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportRegister::Houses => "houses",
            ExportRegister::People => "people",
            ExportRegister::Isolations => "isolations",
            ExportRegister::FollowUps => "follow_ups",
            ExportRegister::Enterprises => "enterprises",
            ExportRegister::Tickets => "tickets",
            ExportRegister::Landlords => "landlords",
            ExportRegister::Screening => "screening",
        }
    }

    /// The worksheet's name.
    pub fn label_zh(self) -> &'static str {
        match self {
            ExportRegister::Houses => "房屋",
            ExportRegister::People => "人口",
            ExportRegister::Isolations => "隔离",
            ExportRegister::FollowUps => "随访",
            ExportRegister::Enterprises => "企业",
            ExportRegister::Tickets => "工单",
            ExportRegister::Landlords => "红黑榜",
            ExportRegister::Screening => "排查汇总",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ExportRegister::Houses => "Houses",
            ExportRegister::People => "People",
            ExportRegister::Isolations => "Isolations",
            ExportRegister::FollowUps => "Follow-ups",
            ExportRegister::Enterprises => "Enterprises",
            ExportRegister::Tickets => "Tickets",
            ExportRegister::Landlords => "Landlord board",
            ExportRegister::Screening => "Screening summary",
        }
    }

    /// The name in a seat's language.
    pub fn label_in(self, language: crate::Language) -> &'static str {
        language.pick(self.label_zh(), self.label_en())
    }
}

/// A table written to a file on the machine running the shell (the 排查 tab's 导出汇总).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedTable {
    /// The file's full path.
    pub path: String,
    /// Data rows written, the header row excepted.
    pub rows: usize,
}

/// A register view as a table of strings, ready for any writer (CSV, XLSX, a grid).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportTable {
    pub register: ExportRegister,
    pub node: NodeRef,
    pub as_of: i64,
    /// Column headers, in the seat's language (the command line's: Chinese).
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}
