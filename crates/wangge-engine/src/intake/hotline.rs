//! Hotline exports (12345, NYC 311 and the like) becoming tickets: one import is one
//! transaction, all rows or none.
//!
//! The rows arrive already read and typed by `wangge-registers`; this step decides what the
//! file cannot say by itself — the ticket category its own category text stands for, where
//! the case stands (its status text and times, as the ticket's history), the micro-grid
//! (point-in-polygon, else the house register by address, else triage), the instant its
//! wall-clock time means — and refuses rows the district already holds or that lie in the
//! future. Nothing is stored until every row has become a ticket; then
//! [`Engine::create_all`] stores them together with their change-log rows.
//!
//! Category and status texts go through the mapping file's value maps first, then the
//! bundled keyword tables ([`category_of`], [`status_of`]). What neither knows is counted
//! per text in the report, never folded away unseen: an unknown category files a
//! consultation; an unknown status never refuses a row — the row's own times decide where
//! it stands (none: received).
//!
//! Progress stages and the reasons rows are refused are worded in the importing seat's
//! language (`scope.language`; the command line's reads Chinese), as are the refusals of a
//! mapping file's value maps ([`HotlineImportOptions::language`]).

use std::collections::{BTreeMap, HashMap};

use geo::Point;
use wangge_api as api;
use wangge_domain::lifecycle::{events_from_stamps, Priority, TicketStatus};
use wangge_domain::time::WallClock;
use wangge_domain::unplaced::Unplaced;
use wangge_domain::{Change, Language, NodeId, Scope, TicketCategory, TicketSource, Timestamp};
use wangge_registers::{ImportPolicy, LocalDateTime, ServiceRequestRow};

use crate::houses::HouseIndex;
use crate::{Engine, EngineError, NewTicket};
use wangge_figures::say;

/// One typed row of an export and where it stood in the file (its 1-based line or row
/// number, as `wangge-registers` reports it), so every refusal can name it.
#[derive(Debug, Clone, PartialEq)]
pub struct HotlineRow {
    pub number: usize,
    pub request: ServiceRequestRow,
}

/// How an export is read into tickets.
#[derive(Debug, Clone, PartialEq)]
pub struct HotlineImportOptions {
    /// The channel the tickets came through.
    pub source: TicketSource,
    /// All or nothing (default), or store the good rows and report the others.
    pub policy: ImportPolicy,
    /// How the file's wall-clock times name instants: in the district's zone (the default),
    /// or at the fixed offset of the place the file came from (a NYC export is −5 h, EST).
    pub wall_clock: WallClock,
    /// Report progress every this many rows (0: only at the start and end of a stage).
    pub progress_every: usize,
    /// Source category text (trimmed) → category: the mapping file's `categories`, tried
    /// before [`category_of`].
    pub categories: BTreeMap<String, TicketCategory>,
    /// Source status text (trimmed) → one of received, accepted, resolved, closed: the
    /// mapping file's `statuses`, tried before [`status_of`].
    pub statuses: BTreeMap<String, TicketStatus>,
    /// The language [`HotlineImportOptions::map_values`] refuses a value map in: the importing
    /// seat's (Chinese by default, the command line's).
    pub language: Language,
}

/// The states an imported ticket can be in: a file says no more than these.
pub const IMPORTED_STATUSES: [TicketStatus; 4] =
    [TicketStatus::Received, TicketStatus::Accepted, TicketStatus::Resolved, TicketStatus::Closed];

impl HotlineImportOptions {
    pub fn new(source: TicketSource) -> Self {
        HotlineImportOptions {
            source,
            policy: ImportPolicy::AllOrNothing,
            wall_clock: WallClock::DistrictZone,
            progress_every: 500,
            categories: BTreeMap::new(),
            statuses: BTreeMap::new(),
            language: Language::Chinese,
        }
    }

    /// Takes a mapping file's value maps (`categories`: source text → a category code such
    /// as `complaint` or its service name `投诉举报`; `statuses`: source text → `received`,
    /// `accepted`, `resolved` or `closed`). A target that is none of these is refused,
    /// naming the entry and the choices.
    pub fn map_values(&mut self, values: &BTreeMap<String, BTreeMap<String, String>>) -> Result<(), String> {
        for (name, pairs) in values {
            for (from, to) in pairs {
                match name.as_str() {
                    "categories" => {
                        let category = TicketCategory::parse(to)
                            .or_else(|| TicketCategory::ALL.iter().copied().find(|c| super::service_name(*c) == to))
                            .ok_or_else(|| {
                                let names: Vec<&str> = TicketCategory::ALL.iter().map(|c| c.as_str()).collect();
                                say!(
                                    self.language,
                                    "categories：{from:?} → {to:?} 不是工单类别；可用：{}",
                                    "categories: {from:?} → {to:?} is not a ticket category; choose from: {}",
                                    names.join(", ")
                                )
                            })?;
                        self.categories.insert(from.trim().to_owned(), category);
                    }
                    "statuses" => {
                        let status = TicketStatus::from_name(to).filter(|s| IMPORTED_STATUSES.contains(s)).ok_or_else(|| {
                            say!(
                                self.language,
                                "statuses：{from:?} → {to:?} 不是可导入的状态；可用：received, accepted, resolved, closed",
                                "statuses: {from:?} → {to:?} is not a status a ticket can be imported in; choose from: received, accepted, resolved, closed"
                            )
                        })?;
                        self.statuses.insert(from.trim().to_owned(), status);
                    }
                    other => {
                        return Err(say!(
                            self.language,
                            "无法识别的值对应 {other:?}；可用的值对应：categories, statuses",
                            "Unknown value map {other:?}; the value maps are: categories, statuses"
                        ))
                    }
                }
            }
        }
        Ok(())
    }

    /// Takes a saved mapping file's value maps, after checking that each translates a field
    /// the file has a column for (the same for every front end that imports a hotline file).
    pub fn apply_mapping_file(
        &mut self,
        saved: &wangge_registers::MappingFile,
        mapped: &wangge_registers::MappedTable,
    ) -> Result<(), String> {
        self.map_values(&saved.values)?;
        saved.check_mapped(mapped, <wangge_registers::ServiceRequestRow as wangge_registers::FromRow>::VALUE_MAPS)
    }
}

/// A row the engine refused (the reading layer's refusals come before the engine sees
/// rows). `field` is the target field (`id`, `created_at`, ...); the caller names the
/// file's column for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    pub number: usize,
    pub field: &'static str,
    pub value: String,
    pub reason: String,
}

/// What an import did. Under [`ImportPolicy::AllOrNothing`] a non-empty `rejected` means
/// nothing was stored (`created` is empty).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HotlineImportReport {
    /// Rows given to the engine.
    pub rows: usize,
    /// The ids of the tickets stored, in row order.
    pub created: Vec<i64>,
    /// Placed in a micro-grid by point-in-polygon.
    pub placed_by_point: usize,
    /// Placed through the house register, by exact address.
    pub placed_by_address: usize,
    /// Not placed in any micro-grid: waiting in triage, never dropped.
    pub unassigned: usize,
    /// Of those, rows with no coordinates and no address the house register knows.
    pub unassigned_without_location: usize,
    /// Of those, rows whose coordinates lie outside the district.
    pub unassigned_outside: usize,
    /// Of those, rows whose coordinates lie inside the district but in a gap between the
    /// boundaries of one area's sub-areas, counted by that area's name: the boundaries need
    /// fixing, the matter is the district's.
    pub unassigned_in_gaps: BTreeMap<String, usize>,
    /// Tickets per category (the stable names), for the rows turned into tickets.
    pub categories: BTreeMap<&'static str, usize>,
    /// Category texts no rule recognised, with how many rows carried each; those rows
    /// became consultations.
    pub unknown_categories: BTreeMap<String, usize>,
    /// Tickets per status as imported (`received`, `accepted`, `resolved`, `closed`).
    pub statuses: BTreeMap<&'static str, usize>,
    /// Status texts neither the mapping file nor [`status_of`] knows, with how many rows
    /// carried each; those rows stand where their own times put them.
    pub unknown_statuses: BTreeMap<String, usize>,
    /// Rows whose status needs a time the row does not give (`closed` with no closing
    /// time): the row's latest earlier time stands in for it.
    pub status_times_assumed: usize,
    pub rejected: Vec<RejectedRow>,
}

impl HotlineImportReport {
    /// Rows whose category text was not recognised (and became consultations).
    pub fn unknown_category_rows(&self) -> usize {
        self.unknown_categories.values().sum()
    }

    /// Rows inside the district that fell in gaps between boundaries.
    pub fn unassigned_in_gap_rows(&self) -> usize {
        self.unassigned_in_gaps.values().sum()
    }

    /// Rows whose status text was not recognised.
    pub fn unknown_status_rows(&self) -> usize {
        self.unknown_statuses.values().sum()
    }
}

/// The ten most frequent values of a count table (ties in text order) and how many others
/// there are: what a report lists of unknown categories, statuses or gaps.
pub fn most_common(counts: &BTreeMap<String, usize>) -> (Vec<(&str, usize)>, usize) {
    const SHOWN: usize = 10;
    let mut all: Vec<(&str, usize)> = counts.iter().map(|(text, n)| (text.as_str(), *n)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let more = all.len().saturating_sub(SHOWN);
    all.truncate(SHOWN);
    (all, more)
}

/// The tag that starts the summary of every imported ticket, before the source's own id:
/// `[12345:ID]` for the hotline, `[mini_program:ID]` and so on for the others.
pub fn source_tag(source: TicketSource) -> &'static str {
    match source {
        TicketSource::Hotline12345 => "12345",
        other => other.as_str(),
    }
}

/// The ticket category a hotline's category text stands for, or `None` when no rule
/// recognises it (the import then files a consultation and counts the text).
///
/// Accepted: our own category codes and service names (`complaint`, `消费投诉`); the usual
/// 12345 classifications (投诉, 举报, 咨询, 求助, 建议, 纠纷, 企业诉求, 疫情...); and, by keyword,
/// 311 complaint types (NYC, Boston): problems to fix (`Noise - Residential`, `Street
/// Condition`, `Illegal Parking`) are complaints, purchases gone wrong (`Consumer
/// Complaint`, `Taxi Complaint`, `Food Poisoning`) consumer complaints, requests for
/// information or a service (`... Literature Request`, `Request Large Bulky Item
/// Collection`) consultations. The first matching rule wins, most specific first.
pub fn category_of(text: &str) -> Option<TicketCategory> {
    let text = text.trim();
    if let Some(category) = TicketCategory::parse(text) {
        return Some(category);
    }
    if let Some(&category) = TicketCategory::ALL.iter().find(|c| super::service_name(**c) == text) {
        return Some(category);
    }
    let lower = text.to_lowercase();
    CATEGORY_RULES.iter().find(|(_, words)| words.iter().any(|word| lower.contains(word))).map(|(category, _)| *category)
}

/// Keyword rules, in the order they are tried; keywords are lower case.
const CATEGORY_RULES: &[(TicketCategory, &[&str])] = &[
    (
        TicketCategory::EpidemicLead,
        &["疫情", "防疫", "核酸", "隔离", "新冠", "发热", "疫苗", "covid", "coronavirus", "epidemic", "quarantine", "vaccin"],
    ),
    (TicketCategory::EnterpriseDemand, &["企业", "营商", "涉企", "惠企", "enterprise", "business"]),
    (
        TicketCategory::ConsumerComplaint,
        &[
            "消费",
            "价格",
            "退款",
            "退费",
            "商品质量",
            "consumer",
            "taxi",
            "for hire vehicle",
            "food establishment",
            "food poisoning",
            "price gouging",
            "overcharg",
            "refund",
        ],
    ),
    (TicketCategory::Dispute, &["纠纷", "矛盾", "调解", "dispute", "mediation"]),
    (
        TicketCategory::Complaint,
        &[
            "投诉",
            "举报",
            "噪音",
            "噪声",
            "扰民",
            "违章",
            "违建",
            "违法",
            "违规",
            // A grid system's event types: problems found on patrol, to be fixed.
            "市容",
            "环境",
            "卫生",
            "垃圾",
            "污染",
            "城管",
            "城市管理",
            "占道",
            "消防",
            "安全",
            "隐患",
            "治安",
            "市政",
            "道路",
            "绿化",
            "设施",
            "交通",
            "complaint",
            "noise",
            "loud",
            "illegal",
            "blocked",
            "derelict",
            "abandoned",
            "graffiti",
            "dirty",
            "unsanitary",
            "rodent",
            "pest",
            "condition",
            "damaged",
            "broken",
            "missing",
            "dangling",
            "leak",
            "smoking",
            "vending",
            "panhandling",
            "encampment",
            "outage",
            "pothole",
            "repair",
            "improper",
            "unsatisfactory",
            "missed",
            "parking",
            "air quality",
            "asbestos",
            "mold",
            "heat",
            "plumbing",
            "electric",
            "paint",
            "plaster",
            "door/window",
            "water system",
            "traffic",
            "street light",
            "sewer",
            "dead",
            "overgrown",
            "unleashed",
            "construction",
            "snow",
            "trash",
            "litter",
            "needle",
            "abuse",
            "maintenance",
            "police",
        ],
    ),
    (TicketCategory::Suggestion, &["建议", "意见", "建言", "献策", "suggestion", "comment", "feedback", "idea"]),
    (
        TicketCategory::Consultation,
        &[
            "咨询",
            "求助",
            "查询",
            "问询",
            "求援",
            "inquiry",
            "enquiry",
            "question",
            "information",
            "literature",
            "request",
            "assistance",
            "application",
            "schedule",
            "support",
            "issue",
        ],
    ),
];

/// The status a source's status text stands for (one of [`IMPORTED_STATUSES`]), or `None`
/// when no rule recognises it (the import then counts the text and goes by the row's times).
///
/// Accepted: our own status names and labels (`closed`, `已关闭`); 12345 and grid-system
/// words by keyword — 关闭/结案/归档/完结 closed; 办结/已处置/已完成/回访 resolved (办结 is
/// the handling unit's finish, before the return visit and the closing); 签收/处置中/办理中/
/// 处理中/转办 accepted; 受理/登记/待处理/待签收 received; and 311 words (`Closed`, `Open`,
/// `Assigned`, `Pending`, `Started`, `In Progress`). Negated forms (未办结, 待关闭) are tried
/// first, so they never read as the state they are waiting for.
pub fn status_of(text: &str) -> Option<TicketStatus> {
    let text = text.trim();
    if let Some(status) = TicketStatus::from_name(text).filter(|s| IMPORTED_STATUSES.contains(s)) {
        return Some(status);
    }
    let lower = text.to_lowercase();
    STATUS_RULES.iter().find(|(_, words)| words.iter().any(|word| lower.contains(word))).map(|(status, _)| *status)
}

/// Keyword rules for status texts, in the order they are tried; keywords are lower case.
const STATUS_RULES: &[(TicketStatus, &[&str])] = &[
    (TicketStatus::Received, &["待签收", "未签收", "待受理", "未受理", "待派", "待分拨", "待处理", "未处理", "待办理"]),
    (TicketStatus::Accepted, &["未办结", "待办结", "未完成", "未结", "待处置", "未处置"]),
    (TicketStatus::Resolved, &["待回访", "待关闭", "待结案", "待归档", "待评价"]),
    (TicketStatus::Closed, &["关闭", "结案", "归档", "完结", "closed", "close"]),
    (
        TicketStatus::Resolved,
        &["办结", "已处置", "处置完毕", "处置完成", "已处理", "处理完毕", "已完成", "已解决", "回访", "resolved", "completed"],
    ),
    (TicketStatus::Accepted, &["签收", "处置中", "办理中", "处理中", "整改中", "转办", "交办", "已派", "派遣", "started", "in progress"]),
    (TicketStatus::Received, &["受理", "登记", "上报", "新建", "open", "new", "assigned", "pending"]),
];

/// The times a ticket's history gets from its status and the row's own times: a status
/// drops the times of later stages, and a stage it reaches with no time of its own takes
/// the row's latest earlier one (`true` then). With no status the times stand as given.
fn stamps_for(
    status: Option<TicketStatus>,
    received: Timestamp,
    accepted: Option<Timestamp>,
    resolved: Option<Timestamp>,
    closed: Option<Timestamp>,
) -> ([Option<Timestamp>; 3], bool) {
    let Some(status) = status else { return ([accepted, resolved, closed], false) };
    let reached = match status {
        TicketStatus::Accepted => 1,
        TicketStatus::Resolved => 2,
        TicketStatus::Closed => 3,
        _ => 0,
    };
    let mut given = [accepted, resolved, closed];
    for (stage, stamp) in given.iter_mut().enumerate() {
        if stage >= reached {
            *stamp = None;
        }
    }
    if reached == 0 {
        return (given, false);
    }
    let last = reached - 1;
    if given[last].is_some() {
        return (given, false);
    }
    // Events fill earlier stages from later stamps; only the stage reached needs one.
    given[last] = Some(given[..last].iter().rev().flatten().next().copied().unwrap_or(received));
    (given, true)
}

/// How one row was placed.
enum Placement {
    Point,
    Address,
    Unplaced(Unplaced),
    Nowhere,
}

impl Engine {
    /// Turns the rows of a hotline export into tickets and stores them in one transaction,
    /// as the scope's account: all of them or, when any row is refused, none (unless the
    /// policy is [`ImportPolicy::GoodRowsOnly`], which stores the rest).
    ///
    /// Each row is placed by its coordinates (point-in-polygon), else by its address in the
    /// house register, else left unplaced for triage — never dropped. Its category text
    /// goes through [`category_of`]; unknown texts become consultations and are counted.
    /// The summary starts with the source's own id (`[12345:ID] category: description`), by
    /// which a row already imported is recognised and refused. A row dated after `now` is
    /// refused. Every ticket's deadline comes from the lifecycle, counted from the row's
    /// time, so long-past tickets arrive overdue, as they were.
    pub async fn import_hotline(
        &mut self,
        scope: &Scope,
        rows: Vec<HotlineRow>,
        options: &HotlineImportOptions,
        now: Timestamp,
        progress: &mut (dyn FnMut(api::Progress) + Send),
    ) -> Result<HotlineImportReport, EngineError> {
        // Apply every change made elsewhere first: houses and earlier imports count.
        self.sync(now).await?;
        let language = scope.language;
        let placing = say!(language, "定位工单", "Placing tickets");
        let total = rows.len() as u64;
        let tag = source_tag(options.source);
        let mut report = HotlineImportReport { rows: rows.len(), ..HotlineImportReport::default() };
        let mut changes = Vec::with_capacity(rows.len());
        {
            let imported = self.imported_ids(tag);
            let needs_register = rows.iter().any(|r| !r.request.address.trim().is_empty());
            let houses = HouseIndex::new(self.district(), needs_register);
            let mut seen: HashMap<&str, usize> = HashMap::new();
            progress(api::Progress { stage: placing.clone(), done: 0, total });
            for (index, row) in rows.iter().enumerate() {
                let request = &row.request;
                let received_at = request.created_at.instant_on(options.wall_clock);
                let status_text = request.status.trim();
                let status = if status_text.is_empty() {
                    None
                } else {
                    options.statuses.get(status_text).copied().or_else(|| status_of(status_text))
                };
                let instant = |at: Option<LocalDateTime>| at.map(|at| at.instant_on(options.wall_clock));
                let (stamps, assumed) =
                    stamps_for(status, received_at, instant(request.accepted_at), instant(request.resolved_at), instant(request.closed_at));
                let stamp_fields =
                    [("accepted_at", request.accepted_at), ("resolved_at", request.resolved_at), ("closed_at", request.closed_at)];
                let late_stamp = stamps
                    .iter()
                    .zip(stamp_fields)
                    .find_map(|(stamp, (field, given))| stamp.filter(|at| *at > now).and(given).map(|given| (field, given)));
                let refusal = if let Some(ticket) = imported.get(request.id.as_str()) {
                    let reason = say!(
                        language,
                        "已导入为工单 {ticket}（[{tag}:{}]）",
                        "Already imported as ticket {ticket} ([{tag}:{}])",
                        request.id
                    );
                    Some(("id", request.id.clone(), reason))
                } else if let Some(first) = seen.get(request.id.as_str()) {
                    Some((
                        "id",
                        request.id.clone(),
                        say!(language, "重复：第 {first} 行已有相同的编号", "Duplicate: row {first} has the same ID"),
                    ))
                } else if received_at > now {
                    Some(("created_at", request.created_at.to_string(), later_than_import(language, now)))
                } else if let Some((field, given)) = late_stamp {
                    Some((field, given.to_string(), later_than_import(language, now)))
                } else {
                    None
                };
                seen.entry(request.id.as_str()).or_insert(row.number);
                if let Some((field, value, reason)) = refusal {
                    report.rejected.push(RejectedRow { number: row.number, field, value, reason });
                    continue;
                }
                let category_text = request.category.trim();
                let category = options.categories.get(category_text).copied().or_else(|| category_of(category_text));
                let category = category.unwrap_or_else(|| {
                    *report.unknown_categories.entry(category_text.to_owned()).or_default() += 1;
                    TicketCategory::Consultation
                });
                if status.is_none() && !status_text.is_empty() {
                    *report.unknown_statuses.entry(status_text.to_owned()).or_default() += 1;
                }
                report.status_times_assumed += usize::from(assumed);
                let (placement, micro_grid, location) = self.place_row(request, &houses);
                match placement {
                    Placement::Point => report.placed_by_point += 1,
                    Placement::Address => report.placed_by_address += 1,
                    Placement::Unplaced(Unplaced::InGap(area)) => {
                        *report.unassigned_in_gaps.entry(self.district().hierarchy.node(area).name.clone()).or_default() += 1
                    }
                    Placement::Unplaced(_) => report.unassigned_outside += 1,
                    Placement::Nowhere => report.unassigned_without_location += 1,
                }
                *report.categories.entry(category.as_str()).or_default() += 1;
                let new = NewTicket {
                    source: options.source,
                    category,
                    priority: Priority::Normal,
                    summary: summary(tag, request),
                    micro_grid,
                    location,
                    received_at,
                    enterprise: None,
                };
                let mut ticket = self.new_ticket(new)?;
                if stamps.iter().any(Option::is_some) {
                    let [accepted, resolved, closed] = stamps;
                    ticket.events = events_from_stamps(&ticket.owning_unit, received_at, accepted, resolved, closed);
                    ticket = self.lifecycle().project(ticket).map_err(|e| EngineError::InvalidInput(e.to_string()))?;
                }
                *report.statuses.entry(ticket.status.name()).or_default() += 1;
                changes.push(Change::Ticket(ticket));
                let done = index + 1;
                if options.progress_every > 0 && done % options.progress_every == 0 && done < rows.len() {
                    progress(api::Progress { stage: placing.clone(), done: done as u64, total });
                }
            }
            progress(api::Progress { stage: placing, done: total, total });
        }
        report.unassigned = report.unassigned_outside + report.unassigned_without_location + report.unassigned_in_gap_rows();
        if !report.rejected.is_empty() && options.policy == ImportPolicy::AllOrNothing {
            return Ok(report);
        }
        let count = changes.len() as u64;
        let saving = say!(language, "在一个事务中保存工单", "Saving tickets in one transaction");
        progress(api::Progress { stage: saving.clone(), done: 0, total: count });
        let stored = self.create_all(scope, changes, now).await?;
        progress(api::Progress { stage: saving, done: count, total: count });
        report.created = stored.iter().map(Change::entity_id).collect();
        Ok(report)
    }

    /// Source id → ticket id of every ticket an earlier import with this tag stored.
    fn imported_ids(&self, tag: &str) -> HashMap<&str, i64> {
        self.district()
            .tickets
            .values()
            .filter_map(|t| {
                let rest = t.summary.strip_prefix('[')?.strip_prefix(tag)?.strip_prefix(':')?;
                let end = rest.find(']')?;
                Some((&rest[..end], t.id))
            })
            .collect()
    }

    /// Coordinates first (point-in-polygon); a point no micro-grid holds, or no point, falls
    /// back to the address; the rest is unplaced, keeping the point if there was one.
    fn place_row(&self, request: &ServiceRequestRow, houses: &HouseIndex<'_>) -> (Placement, Option<NodeId>, Option<Point<f64>>) {
        let point = request.lon.zip(request.lat).map(|(lon, lat)| Point::new(lon, lat));
        if let Some(point) = point {
            if let Some(micro_grid) = self.locator().locate(point) {
                return (Placement::Point, Some(micro_grid), Some(point));
            }
        }
        if let Some(house) = houses.by_address(&request.address) {
            if let Some(micro_grid) = self.district().hierarchy.id_of(&house.micro_grid) {
                return (Placement::Address, Some(micro_grid), Some(house.location));
            }
        }
        match point {
            Some(point) => (Placement::Unplaced(self.why_unplaced(point)), None, Some(point)),
            None => (Placement::Nowhere, None, None),
        }
    }
}

/// Why a row dated after the import is refused: most often a file in another time zone.
fn later_than_import(language: Language, now: Timestamp) -> String {
    say!(language, "晚于导入时间（{now}）：时区是否正确？", "Later than the import ({now}): is the time zone right?")
}

/// `[tag:ID] category: description`: the source's id first (how a re-import is caught),
/// then the source's own category text, which the mapping to our categories loses.
fn summary(tag: &str, request: &ServiceRequestRow) -> String {
    let category = request.category.trim();
    let description = request.description.trim();
    if description.is_empty() || description == category {
        format!("[{tag}:{}] {category}", request.id)
    } else {
        format!("[{tag}:{}] {category}: {description}", request.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_hotline_categories() {
        use TicketCategory::*;
        for (text, expected) in [
            ("投诉", Complaint),
            ("举报", Complaint),
            ("咨询", Consultation),
            ("求助", Consultation),
            ("建议", Suggestion),
            ("纠纷", Dispute),
            ("矛盾纠纷", Dispute),
            ("企业诉求", EnterpriseDemand),
            ("疫情", EpidemicLead),
            ("疫情防控举报", EpidemicLead),
            ("消费投诉", ConsumerComplaint),
            ("投诉举报", Complaint),
            ("建言献策", Suggestion),
            ("咨询求助", Consultation),
            (" consumer_complaint ", ConsumerComplaint),
            ("epidemic_lead", EpidemicLead),
        ] {
            assert_eq!(category_of(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn nyc_and_boston_complaint_types() {
        use TicketCategory::*;
        for (text, expected) in [
            ("Noise - Residential", Complaint),
            ("Noise", Complaint),
            ("Noise - Helicopter", Complaint),
            ("Consumer Complaint", ConsumerComplaint),
            ("Taxi Complaint", ConsumerComplaint),
            ("Food Poisoning", ConsumerComplaint),
            ("Bus Stop Shelter Complaint", Complaint),
            ("Street Condition", Complaint),
            ("Illegal Parking", Complaint),
            ("Blocked Driveway", Complaint),
            ("HEAT/HOT WATER", Complaint),
            ("Parking Enforcement", Complaint),
            ("Request for Pothole Repair", Complaint),
            ("HPD Literature Request", Consultation),
            ("Request Large Bulky Item Collection", Consultation),
            ("Ferry Inquiry", Consultation),
            ("Homeless Person Assistance", Consultation),
            ("General Comments For a Program or Policy", Suggestion),
            ("DOF Property - Owner Issue", Consultation),
            ("Non-Emergency Police Matter", Complaint),
            ("School Maintenance", Complaint),
        ] {
            assert_eq!(category_of(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn grid_event_types_are_complaints() {
        for text in ["市容环境", "消防安全", "环境卫生", "安全隐患", "占道经营", "治安"] {
            assert_eq!(category_of(text), Some(TicketCategory::Complaint), "{text}");
        }
        assert_eq!(category_of("企业安全生产"), Some(TicketCategory::EnterpriseDemand));
    }

    #[test]
    fn statuses_from_12345_grid_and_311_exports() {
        use TicketStatus::*;
        for (text, expected) in [
            ("网格员关闭", Closed),
            ("已关闭", Closed),
            ("结案", Closed),
            ("办结归档", Closed),
            ("已办结", Resolved),
            ("办结", Resolved),
            ("待回访", Resolved),
            ("待关闭", Resolved),
            ("已回访", Resolved),
            ("处置中", Accepted),
            ("办理中", Accepted),
            ("已签收", Accepted),
            ("未办结", Accepted),
            ("待签收", Received),
            ("已受理", Received),
            ("待处理", Received),
            ("closed", Closed),
            (" accepted ", Accepted),
            ("Closed", Closed),
            ("Open", Received),
            ("Assigned", Received),
            ("Pending", Received),
            ("In Progress", Accepted),
            ("Started", Accepted),
        ] {
            assert_eq!(status_of(text), Some(expected), "{text}");
        }
        for text in ["Unspecified", "其他", "", "in_progress", "suspended"] {
            assert_eq!(status_of(text), None, "{text}");
        }
    }

    #[test]
    fn a_status_decides_which_times_count_and_fills_the_one_it_needs() {
        let t = |h: i64| Timestamp(h * 3600);
        let (r, a, v, c) = (t(0), Some(t(1)), Some(t(2)), Some(t(3)));
        assert_eq!(stamps_for(None, r, a, None, c), ([a, None, c], false));
        assert_eq!(stamps_for(Some(TicketStatus::Received), r, a, v, c), ([None, None, None], false));
        assert_eq!(stamps_for(Some(TicketStatus::Accepted), r, a, v, c), ([a, None, None], false));
        assert_eq!(stamps_for(Some(TicketStatus::Accepted), r, None, v, c), ([Some(r), None, None], true));
        assert_eq!(stamps_for(Some(TicketStatus::Closed), r, a, None, None), ([a, None, a], true));
        assert_eq!(stamps_for(Some(TicketStatus::Closed), r, None, None, None), ([None, None, Some(r)], true));
        assert_eq!(stamps_for(Some(TicketStatus::Resolved), r, None, v, c), ([None, v, None], false));
    }

    #[test]
    fn value_maps_take_codes_and_names_and_refuse_the_rest() {
        let maps =
            |name: &str, from: &str, to: &str| BTreeMap::from([(name.to_owned(), BTreeMap::from([(from.to_owned(), to.to_owned())]))]);
        let mut options = HotlineImportOptions::new(TicketSource::Hotline12345);
        options.map_values(&maps("categories", "市容环境", "consultation")).unwrap();
        options.map_values(&maps("categories", "表扬", "建言献策")).unwrap();
        options.map_values(&maps("statuses", "网格员关闭", "resolved")).unwrap();
        assert_eq!(options.categories["市容环境"], TicketCategory::Consultation);
        assert_eq!(options.categories["表扬"], TicketCategory::Suggestion);
        assert_eq!(options.statuses["网格员关闭"], TicketStatus::Resolved);
        let bad = options.map_values(&maps("statuses", "挂起", "suspended")).unwrap_err();
        assert!(bad.contains("\"挂起\"") && bad.contains("received, accepted, resolved, closed"), "{bad}");
        let bad = options.map_values(&maps("categories", "x", "noise")).unwrap_err();
        assert!(bad.contains("complaint"), "{bad}");
    }

    #[test]
    fn unknown_categories_are_none() {
        for text in ["SCRIE", "Bottled Water", "表扬", "", "其他"] {
            assert_eq!(category_of(text), None, "{text}");
        }
    }

    #[test]
    fn wall_clock_times_become_instants_in_their_zone() {
        let at = LocalDateTime::new(2020, 2, 10, 10, 0, 0).unwrap();
        let options = HotlineImportOptions::new(TicketSource::Hotline12345);
        assert_eq!(at.instant_on(options.wall_clock), Timestamp::from_local(2020, 2, 10, 10, 0));
        assert_eq!(at.instant_on(options.wall_clock).secs(), 1_581_300_000);
        // 10:00 in New York (EST, UTC-5) is 15:00Z, 23:00 in Beijing.
        assert_eq!(at.instant_on(WallClock::FixedOffset(-5 * 3600)), Timestamp::from_local(2020, 2, 10, 23, 0));
        let late = LocalDateTime::new(2020, 2, 10, 23, 59, 59).unwrap();
        assert_eq!(late.instant_on(options.wall_clock).local_date(), (2020, 2, 10));
    }

    #[test]
    fn summaries_carry_the_source_id_first() {
        let row = |category: &str, description: &str| ServiceRequestRow {
            id: "42".into(),
            created_at: LocalDateTime::new(2020, 1, 1, 0, 0, 0).unwrap(),
            category: category.into(),
            description: description.into(),
            address: String::new(),
            lon: None,
            lat: None,
            status: String::new(),
            accepted_at: None,
            resolved_at: None,
            closed_at: None,
        };
        assert_eq!(summary("12345", &row("投诉", "夜间施工噪音")), "[12345:42] 投诉: 夜间施工噪音");
        assert_eq!(summary("12345", &row("Noise", "")), "[12345:42] Noise");
        assert_eq!(source_tag(TicketSource::Hotline12345), "12345");
        assert_eq!(source_tag(TicketSource::MiniProgram), "mini_program");
    }
}
