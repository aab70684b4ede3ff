//! Format 1 of a stored change: the JSON the change log held before formats were numbered,
//! when it was whatever the domain's serde derives wrote (the domain as of issue 13).
//!
//! Every name here — struct fields, enum texts, the `kind`/`record` and `event` tags — *is*
//! the format and must never change; field order is the order of the keys written. Geometry
//! is spelled out too (`{"x":…,"y":…}` per vertex, polygons as `exterior`/`interiors`),
//! because it was geo's serde form and a geo upgrade must not change it either. Fields that
//! rows from before record versions (migration 0005) or node validity (0003) lack read as
//! the domain did then: version 0, valid from the start, never retired.
//!
//! The conversions destructure every record without `..`, so a field added to the domain
//! fails to compile here until somebody decides how it is stored (usually a format 2).

use geo::{Coord as GeoCoord, LineString, MultiPolygon, Point as GeoPoint, Polygon as GeoPolygon};
use serde::{Deserialize, Serialize};
use wangge_domain::lifecycle as life;
use wangge_domain::{self as domain, NodeCode, Timestamp};

/// One stored change: `{"kind": …, "record": {…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "record")]
pub(crate) enum Change {
    #[serde(rename = "house")]
    House(House),
    #[serde(rename = "person")]
    Person(Person),
    #[serde(rename = "isolation")]
    Isolation(Isolation),
    #[serde(rename = "follow_up")]
    FollowUp(FollowUp),
    #[serde(rename = "enterprise")]
    Enterprise(Enterprise),
    #[serde(rename = "ticket")]
    Ticket(Ticket),
    #[serde(rename = "task")]
    Task(Task),
    #[serde(rename = "task_item")]
    TaskItem(TaskItem),
    /// Added after the format's first release (rental housing, migration 0013).
    #[serde(rename = "landlord_mark")]
    LandlordMark(LandlordMark),
    #[serde(rename = "node")]
    Node(Node),
}

/// A position, `{"x": lon, "y": lat}` (WGS84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct Coord {
    x: f64,
    y: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Polygon {
    exterior: Vec<Coord>,
    interiors: Vec<Vec<Coord>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct House {
    id: i64,
    code: String,
    micro_grid: String,
    address: String,
    location: Coord,
    #[serde(default)]
    version: u32,
    /// Added after the format's first release: absent means not let.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rental: Option<Rental>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct Rental {
    rooms: u32,
    landlord_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) enum LandlordDuty {
    #[serde(rename = "publicity")]
    Publicity,
    #[serde(rename = "reporting")]
    Reporting,
    #[serde(rename = "service")]
    Service,
    #[serde(rename = "control")]
    Control,
    #[serde(rename = "supervision")]
    Supervision,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct LandlordMark {
    id: i64,
    landlord_id: i64,
    house_id: i64,
    duty: LandlordDuty,
    item: String,
    points: i32,
    reason: String,
    recorded_by: String,
    recorded_at: i64,
    #[serde(default)]
    version: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Person {
    id: i64,
    name: String,
    id_number: String,
    phone: String,
    house_id: i64,
    #[serde(default)]
    version: u32,
    /// Added after the format's first release: absent means no employer on record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    employer: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) enum IsolationKind {
    #[serde(rename = "centralised")]
    Centralised,
    #[serde(rename = "home")]
    Home,
    #[serde(rename = "home_observation")]
    HomeObservation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Isolation {
    id: i64,
    person_id: i64,
    micro_grid: String,
    kind: IsolationKind,
    started_at: i64,
    planned_end: i64,
    released_at: Option<i64>,
    #[serde(default)]
    version: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) enum FollowUpResult {
    #[serde(rename = "seen_well")]
    SeenWell,
    #[serde(rename = "seen_unwell")]
    SeenUnwell,
    #[serde(rename = "missed")]
    Missed,
    #[serde(rename = "not_attempted")]
    NotAttempted,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FollowUp {
    id: i64,
    isolation_id: i64,
    due_at: i64,
    done_at: Option<i64>,
    temperature_c: Option<f64>,
    result: Option<FollowUpResult>,
    #[serde(default)]
    version: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) enum ResumptionStatus {
    #[serde(rename = "not_resumed")]
    NotResumed,
    #[serde(rename = "partly")]
    Partly,
    #[serde(rename = "fully")]
    Fully,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Enterprise {
    id: i64,
    name: String,
    micro_grid: String,
    sector: String,
    above_designated_size: bool,
    headcount: u32,
    status: ResumptionStatus,
    resumed_at: Option<i64>,
    workers_back: u32,
    #[serde(default)]
    version: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) enum TicketSource {
    #[serde(rename = "mini_program")]
    MiniProgram,
    #[serde(rename = "hotline_12345")]
    Hotline12345,
    #[serde(rename = "grid_member_report")]
    GridMemberReport,
    #[serde(rename = "enterprise_demand")]
    EnterpriseDemand,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) enum TicketCategory {
    #[serde(rename = "complaint")]
    Complaint,
    #[serde(rename = "consumer_complaint")]
    ConsumerComplaint,
    #[serde(rename = "suggestion")]
    Suggestion,
    #[serde(rename = "consultation")]
    Consultation,
    #[serde(rename = "dispute")]
    Dispute,
    #[serde(rename = "enterprise_demand")]
    EnterpriseDemand,
    #[serde(rename = "epidemic_lead")]
    EpidemicLead,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) enum Priority {
    #[serde(rename = "normal")]
    Normal,
    #[serde(rename = "urgent")]
    Urgent,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) enum TicketStatus {
    #[serde(rename = "new")]
    New,
    #[serde(rename = "received")]
    Received,
    #[serde(rename = "accepted")]
    Accepted,
    #[serde(rename = "in_progress")]
    InProgress,
    #[serde(rename = "suspended")]
    Suspended,
    #[serde(rename = "resolved")]
    Resolved,
    #[serde(rename = "return_visited")]
    ReturnVisited,
    #[serde(rename = "closed")]
    Closed,
    #[serde(rename = "returned")]
    Returned,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) enum Satisfaction {
    #[serde(rename = "satisfied")]
    Satisfied,
    #[serde(rename = "neutral")]
    Neutral,
    #[serde(rename = "dissatisfied")]
    Dissatisfied,
}

/// One lifecycle step: `{"event": …, fields…}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event")]
pub(crate) enum TicketEvent {
    #[serde(rename = "received")]
    Received { at: i64, unit: String },
    #[serde(rename = "accepted")]
    Accepted { unit: String, at: i64 },
    #[serde(rename = "started")]
    Started { unit: String, at: i64 },
    #[serde(rename = "returned")]
    Returned { unit: String, at: i64, reason: String },
    #[serde(rename = "suspended")]
    Suspended { at: i64, reason: String },
    #[serde(rename = "resumed")]
    Resumed { at: i64 },
    #[serde(rename = "extended")]
    Extended { unit: Option<String>, at: i64, working_secs: i64, approver: String },
    #[serde(rename = "escalated")]
    Escalated { at: i64, to_unit: String, reason: String },
    #[serde(rename = "reassigned")]
    Reassigned { at: i64, from_unit: String, to_unit: String, reason: String, by: String },
    #[serde(rename = "co_dispatched")]
    CoDispatched { at: i64, units: Vec<String> },
    #[serde(rename = "resolved")]
    Resolved { unit: String, at: i64, note: String },
    #[serde(rename = "return_visit")]
    ReturnVisit { at: i64, satisfaction: Satisfaction },
    #[serde(rename = "closed")]
    Closed { at: i64 },
    #[serde(rename = "reopened")]
    Reopened { at: i64, reason: String },
    #[serde(rename = "supervised")]
    Supervised { at: i64, by: String, note: String },
}

/// A ticket. Unlike the other records its `version` has no default: tickets were
/// versioned from the start of the format (migration 0002).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Ticket {
    id: i64,
    source: TicketSource,
    category: TicketCategory,
    priority: Priority,
    summary: String,
    micro_grid: Option<String>,
    location: Option<Coord>,
    owning_unit: String,
    received_at: i64,
    accepted_at: Option<i64>,
    resolved_at: Option<i64>,
    closed_at: Option<i64>,
    deadline: i64,
    status: TicketStatus,
    supervised: bool,
    version: i64,
    events: Vec<TicketEvent>,
    /// Added after the format's first release: absent means no enterprise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enterprise: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Task {
    id: i64,
    title: String,
    owner_unit: String,
    created_at: i64,
    deadline: i64,
    #[serde(default)]
    version: u32,
    /// Added after the format's first release (migration 0014): absent means not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    verified: Option<Verification>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Verification {
    by: String,
    at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) enum TaskOutcome {
    #[serde(rename = "found_under_control")]
    FoundUnderControl,
    #[serde(rename = "isolated")]
    Isolated,
    #[serde(rename = "left_district")]
    LeftDistrict,
    #[serde(rename = "not_found")]
    NotFound,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct TaskItem {
    id: i64,
    task_id: i64,
    person_name: String,
    id_number: String,
    address: String,
    micro_grid: Option<String>,
    outcome: Option<TaskOutcome>,
    reported_at: Option<i64>,
    #[serde(default)]
    version: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) enum Level {
    #[serde(rename = "district")]
    District,
    #[serde(rename = "street")]
    Street,
    #[serde(rename = "community")]
    Community,
    #[serde(rename = "grid")]
    Grid,
    #[serde(rename = "micro_grid")]
    MicroGrid,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) enum MicroGridKind {
    #[serde(rename = "stairwell")]
    Stairwell,
    #[serde(rename = "building")]
    Building,
    #[serde(rename = "street_segment")]
    StreetSegment,
    #[serde(rename = "work_unit")]
    WorkUnit,
    #[serde(rename = "enterprise")]
    Enterprise,
    #[serde(rename = "villager_group")]
    VillagerGroup,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) enum StaffRole {
    #[serde(rename = "grid_leader")]
    GridLeader,
    #[serde(rename = "full_time_member")]
    FullTimeMember,
    #[serde(rename = "part_time_member")]
    PartTimeMember,
    #[serde(rename = "micro_grid_leader")]
    MicroGridLeader,
    #[serde(rename = "stairwell_leader")]
    StairwellLeader,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StaffMember {
    role: StaffRole,
    name: String,
    phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Node {
    code: String,
    name: String,
    level: Level,
    parent: Option<String>,
    micro_kind: Option<MicroGridKind>,
    boundary: Vec<Polygon>,
    staff: Vec<StaffMember>,
    #[serde(default)]
    valid_from: Option<i64>,
    #[serde(default)]
    valid_to: Option<i64>,
}

/// A pair of enums that correspond one to one, both ways, by exhaustive matches (so a
/// variant added to the domain is a compile error here, not a silently unstorable value).
macro_rules! same_variants {
    ($wire:ident <=> $domain:ty { $($variant:ident),+ $(,)? }) => {
        impl From<$domain> for $wire {
            fn from(value: $domain) -> Self {
                type D = $domain;
                match value { $(D::$variant => $wire::$variant),+ }
            }
        }

        impl From<$wire> for $domain {
            fn from(value: $wire) -> Self {
                type D = $domain;
                match value { $($wire::$variant => D::$variant),+ }
            }
        }
    };
}

same_variants!(IsolationKind <=> domain::IsolationKind { Centralised, Home, HomeObservation });
same_variants!(FollowUpResult <=> domain::FollowUpResult { SeenWell, SeenUnwell, Missed, NotAttempted });
same_variants!(ResumptionStatus <=> domain::ResumptionStatus { NotResumed, Partly, Fully });
same_variants!(TicketSource <=> domain::TicketSource { MiniProgram, Hotline12345, GridMemberReport, EnterpriseDemand });
same_variants!(TicketCategory <=> domain::TicketCategory {
    Complaint, ConsumerComplaint, Suggestion, Consultation, Dispute, EnterpriseDemand, EpidemicLead
});
same_variants!(Priority <=> life::Priority { Normal, Urgent });
same_variants!(TicketStatus <=> life::TicketStatus {
    New, Received, Accepted, InProgress, Suspended, Resolved, ReturnVisited, Closed, Returned
});
same_variants!(Satisfaction <=> life::Satisfaction { Satisfied, Neutral, Dissatisfied });
same_variants!(TaskOutcome <=> domain::TaskOutcome { FoundUnderControl, Isolated, LeftDistrict, NotFound });
same_variants!(Level <=> domain::Level { District, Street, Community, Grid, MicroGrid });
same_variants!(MicroGridKind <=> domain::MicroGridKind { Stairwell, Building, StreetSegment, WorkUnit, Enterprise, VillagerGroup });
same_variants!(StaffRole <=> domain::StaffRole { GridLeader, FullTimeMember, PartTimeMember, MicroGridLeader, StairwellLeader });

fn secs(at: Timestamp) -> i64 {
    at.secs()
}

fn code(code: &NodeCode) -> String {
    code.0.clone()
}

impl From<GeoCoord<f64>> for Coord {
    fn from(c: GeoCoord<f64>) -> Self {
        Coord { x: c.x, y: c.y }
    }
}

impl From<Coord> for GeoCoord<f64> {
    fn from(c: Coord) -> Self {
        GeoCoord { x: c.x, y: c.y }
    }
}

fn ring_out(ring: &LineString<f64>) -> Vec<Coord> {
    ring.0.iter().copied().map(Coord::from).collect()
}

fn ring_in(ring: Vec<Coord>) -> LineString<f64> {
    LineString(ring.into_iter().map(GeoCoord::from).collect())
}

impl From<&domain::Change> for Change {
    fn from(change: &domain::Change) -> Self {
        match change {
            domain::Change::House(r) => Change::House(r.into()),
            domain::Change::Person(r) => Change::Person(r.into()),
            domain::Change::Isolation(r) => Change::Isolation(r.into()),
            domain::Change::FollowUp(r) => Change::FollowUp(r.into()),
            domain::Change::Enterprise(r) => Change::Enterprise(r.into()),
            domain::Change::Ticket(r) => Change::Ticket(r.into()),
            domain::Change::Task(r) => Change::Task(r.into()),
            domain::Change::TaskItem(r) => Change::TaskItem(r.into()),
            domain::Change::LandlordMark(r) => Change::LandlordMark(r.into()),
            domain::Change::Node(r) => Change::Node(r.into()),
        }
    }
}

impl From<Change> for domain::Change {
    fn from(change: Change) -> Self {
        match change {
            Change::House(r) => domain::Change::House(r.into()),
            Change::Person(r) => domain::Change::Person(r.into()),
            Change::Isolation(r) => domain::Change::Isolation(r.into()),
            Change::FollowUp(r) => domain::Change::FollowUp(r.into()),
            Change::Enterprise(r) => domain::Change::Enterprise(r.into()),
            Change::Ticket(r) => domain::Change::Ticket(r.into()),
            Change::Task(r) => domain::Change::Task(r.into()),
            Change::TaskItem(r) => domain::Change::TaskItem(r.into()),
            Change::LandlordMark(r) => domain::Change::LandlordMark(r.into()),
            Change::Node(r) => domain::Change::Node(r.into()),
        }
    }
}

impl From<&domain::House> for House {
    fn from(r: &domain::House) -> Self {
        let domain::House { id, code: house_code, micro_grid, address, location, rental, version } = r;
        House {
            id: *id,
            code: house_code.clone(),
            micro_grid: code(micro_grid),
            address: address.clone(),
            location: location.0.into(),
            version: *version,
            rental: rental.map(|domain::Rental { rooms, landlord_id }| Rental { rooms, landlord_id }),
        }
    }
}

impl From<House> for domain::House {
    fn from(r: House) -> Self {
        let House { id, code, micro_grid, address, location, version, rental } = r;
        domain::House {
            id,
            code,
            micro_grid: NodeCode(micro_grid),
            address,
            location: GeoPoint(location.into()),
            rental: rental.map(|Rental { rooms, landlord_id }| domain::Rental { rooms, landlord_id }),
            version,
        }
    }
}

impl From<&domain::Person> for Person {
    fn from(r: &domain::Person) -> Self {
        let domain::Person { id, name, id_number, phone, house_id, employer, version } = r;
        Person {
            id: *id,
            name: name.clone(),
            id_number: id_number.clone(),
            phone: phone.clone(),
            house_id: *house_id,
            version: *version,
            employer: *employer,
        }
    }
}

impl From<Person> for domain::Person {
    fn from(r: Person) -> Self {
        let Person { id, name, id_number, phone, house_id, version, employer } = r;
        domain::Person { id, name, id_number, phone, house_id, employer, version }
    }
}

impl From<&domain::Isolation> for Isolation {
    fn from(r: &domain::Isolation) -> Self {
        let domain::Isolation { id, person_id, micro_grid, kind, started_at, planned_end, released_at, version } = r;
        Isolation {
            id: *id,
            person_id: *person_id,
            micro_grid: code(micro_grid),
            kind: (*kind).into(),
            started_at: secs(*started_at),
            planned_end: secs(*planned_end),
            released_at: released_at.map(secs),
            version: *version,
        }
    }
}

impl From<Isolation> for domain::Isolation {
    fn from(r: Isolation) -> Self {
        let Isolation { id, person_id, micro_grid, kind, started_at, planned_end, released_at, version } = r;
        domain::Isolation {
            id,
            person_id,
            micro_grid: NodeCode(micro_grid),
            kind: kind.into(),
            started_at: Timestamp(started_at),
            planned_end: Timestamp(planned_end),
            released_at: released_at.map(Timestamp),
            version,
        }
    }
}

impl From<&domain::FollowUp> for FollowUp {
    fn from(r: &domain::FollowUp) -> Self {
        let domain::FollowUp { id, isolation_id, due_at, done_at, temperature_c, result, version } = r;
        FollowUp {
            id: *id,
            isolation_id: *isolation_id,
            due_at: secs(*due_at),
            done_at: done_at.map(secs),
            temperature_c: *temperature_c,
            result: result.map(Into::into),
            version: *version,
        }
    }
}

impl From<FollowUp> for domain::FollowUp {
    fn from(r: FollowUp) -> Self {
        let FollowUp { id, isolation_id, due_at, done_at, temperature_c, result, version } = r;
        domain::FollowUp {
            id,
            isolation_id,
            due_at: Timestamp(due_at),
            done_at: done_at.map(Timestamp),
            temperature_c,
            result: result.map(Into::into),
            version,
        }
    }
}

impl From<&domain::Enterprise> for Enterprise {
    fn from(r: &domain::Enterprise) -> Self {
        let domain::Enterprise {
            id,
            name,
            micro_grid,
            sector,
            above_designated_size,
            headcount,
            status,
            resumed_at,
            workers_back,
            version,
        } = r;
        Enterprise {
            id: *id,
            name: name.clone(),
            micro_grid: code(micro_grid),
            sector: sector.clone(),
            above_designated_size: *above_designated_size,
            headcount: *headcount,
            status: (*status).into(),
            resumed_at: resumed_at.map(secs),
            workers_back: *workers_back,
            version: *version,
        }
    }
}

impl From<Enterprise> for domain::Enterprise {
    fn from(r: Enterprise) -> Self {
        let Enterprise { id, name, micro_grid, sector, above_designated_size, headcount, status, resumed_at, workers_back, version } = r;
        domain::Enterprise {
            id,
            name,
            micro_grid: NodeCode(micro_grid),
            sector,
            above_designated_size,
            headcount,
            status: status.into(),
            resumed_at: resumed_at.map(Timestamp),
            workers_back,
            version,
        }
    }
}

impl From<&life::TicketEvent> for TicketEvent {
    fn from(event: &life::TicketEvent) -> Self {
        use life::TicketEvent as E;
        match event.clone() {
            E::Received { at, unit } => TicketEvent::Received { at: secs(at), unit },
            E::Accepted { unit, at } => TicketEvent::Accepted { unit, at: secs(at) },
            E::Started { unit, at } => TicketEvent::Started { unit, at: secs(at) },
            E::Returned { unit, at, reason } => TicketEvent::Returned { unit, at: secs(at), reason },
            E::Suspended { at, reason } => TicketEvent::Suspended { at: secs(at), reason },
            E::Resumed { at } => TicketEvent::Resumed { at: secs(at) },
            E::Extended { unit, at, working_secs, approver } => TicketEvent::Extended { unit, at: secs(at), working_secs, approver },
            E::Escalated { at, to_unit, reason } => TicketEvent::Escalated { at: secs(at), to_unit, reason },
            E::Reassigned { at, from_unit, to_unit, reason, by } => {
                TicketEvent::Reassigned { at: secs(at), from_unit, to_unit, reason, by }
            }
            E::CoDispatched { at, units } => TicketEvent::CoDispatched { at: secs(at), units },
            E::Resolved { unit, at, note } => TicketEvent::Resolved { unit, at: secs(at), note },
            E::ReturnVisit { at, satisfaction } => TicketEvent::ReturnVisit { at: secs(at), satisfaction: satisfaction.into() },
            E::Closed { at } => TicketEvent::Closed { at: secs(at) },
            E::Reopened { at, reason } => TicketEvent::Reopened { at: secs(at), reason },
            E::Supervised { at, by, note } => TicketEvent::Supervised { at: secs(at), by, note },
        }
    }
}

impl From<TicketEvent> for life::TicketEvent {
    fn from(event: TicketEvent) -> Self {
        use life::TicketEvent as E;
        let at = Timestamp;
        match event {
            TicketEvent::Received { at: t, unit } => E::Received { at: at(t), unit },
            TicketEvent::Accepted { unit, at: t } => E::Accepted { unit, at: at(t) },
            TicketEvent::Started { unit, at: t } => E::Started { unit, at: at(t) },
            TicketEvent::Returned { unit, at: t, reason } => E::Returned { unit, at: at(t), reason },
            TicketEvent::Suspended { at: t, reason } => E::Suspended { at: at(t), reason },
            TicketEvent::Resumed { at: t } => E::Resumed { at: at(t) },
            TicketEvent::Extended { unit, at: t, working_secs, approver } => E::Extended { unit, at: at(t), working_secs, approver },
            TicketEvent::Escalated { at: t, to_unit, reason } => E::Escalated { at: at(t), to_unit, reason },
            TicketEvent::Reassigned { at: t, from_unit, to_unit, reason, by } => {
                E::Reassigned { at: at(t), from_unit, to_unit, reason, by }
            }
            TicketEvent::CoDispatched { at: t, units } => E::CoDispatched { at: at(t), units },
            TicketEvent::Resolved { unit, at: t, note } => E::Resolved { unit, at: at(t), note },
            TicketEvent::ReturnVisit { at: t, satisfaction } => E::ReturnVisit { at: at(t), satisfaction: satisfaction.into() },
            TicketEvent::Closed { at: t } => E::Closed { at: at(t) },
            TicketEvent::Reopened { at: t, reason } => E::Reopened { at: at(t), reason },
            TicketEvent::Supervised { at: t, by, note } => E::Supervised { at: at(t), by, note },
        }
    }
}

impl From<&domain::Ticket> for Ticket {
    fn from(r: &domain::Ticket) -> Self {
        let domain::Ticket {
            id,
            source,
            category,
            priority,
            summary,
            micro_grid,
            location,
            owning_unit,
            received_at,
            accepted_at,
            resolved_at,
            closed_at,
            deadline,
            status,
            supervised,
            version,
            events,
            enterprise,
        } = r;
        Ticket {
            id: *id,
            source: (*source).into(),
            category: (*category).into(),
            priority: (*priority).into(),
            summary: summary.clone(),
            micro_grid: micro_grid.as_ref().map(code),
            location: location.map(|p| p.0.into()),
            owning_unit: owning_unit.clone(),
            received_at: secs(*received_at),
            accepted_at: accepted_at.map(secs),
            resolved_at: resolved_at.map(secs),
            closed_at: closed_at.map(secs),
            deadline: secs(*deadline),
            status: (*status).into(),
            supervised: *supervised,
            version: *version,
            events: events.iter().map(Into::into).collect(),
            enterprise: *enterprise,
        }
    }
}

impl From<Ticket> for domain::Ticket {
    fn from(r: Ticket) -> Self {
        let Ticket {
            id,
            source,
            category,
            priority,
            summary,
            micro_grid,
            location,
            owning_unit,
            received_at,
            accepted_at,
            resolved_at,
            closed_at,
            deadline,
            status,
            supervised,
            version,
            events,
            enterprise,
        } = r;
        domain::Ticket {
            id,
            source: source.into(),
            category: category.into(),
            priority: priority.into(),
            summary,
            micro_grid: micro_grid.map(NodeCode),
            location: location.map(|c| GeoPoint(c.into())),
            owning_unit,
            received_at: Timestamp(received_at),
            accepted_at: accepted_at.map(Timestamp),
            resolved_at: resolved_at.map(Timestamp),
            closed_at: closed_at.map(Timestamp),
            deadline: Timestamp(deadline),
            status: status.into(),
            supervised,
            version,
            events: events.into_iter().map(Into::into).collect(),
            enterprise,
        }
    }
}

impl From<&domain::Task> for Task {
    fn from(r: &domain::Task) -> Self {
        let domain::Task { id, title, owner_unit, created_at, deadline, verified, version } = r;
        Task {
            id: *id,
            title: title.clone(),
            owner_unit: code(owner_unit),
            created_at: secs(*created_at),
            deadline: secs(*deadline),
            version: *version,
            verified: verified.as_ref().map(|v| Verification { by: v.by.clone(), at: secs(v.at) }),
        }
    }
}

impl From<Task> for domain::Task {
    fn from(r: Task) -> Self {
        let Task { id, title, owner_unit, created_at, deadline, version, verified } = r;
        domain::Task {
            id,
            title,
            owner_unit: NodeCode(owner_unit),
            created_at: Timestamp(created_at),
            deadline: Timestamp(deadline),
            verified: verified.map(|v| domain::Verification { by: v.by, at: Timestamp(v.at) }),
            version,
        }
    }
}

impl From<&domain::TaskItem> for TaskItem {
    fn from(r: &domain::TaskItem) -> Self {
        let domain::TaskItem { id, task_id, person_name, id_number, address, micro_grid, outcome, reported_at, version } = r;
        TaskItem {
            id: *id,
            task_id: *task_id,
            person_name: person_name.clone(),
            id_number: id_number.clone(),
            address: address.clone(),
            micro_grid: micro_grid.as_ref().map(code),
            outcome: outcome.map(Into::into),
            reported_at: reported_at.map(secs),
            version: *version,
        }
    }
}

impl From<TaskItem> for domain::TaskItem {
    fn from(r: TaskItem) -> Self {
        let TaskItem { id, task_id, person_name, id_number, address, micro_grid, outcome, reported_at, version } = r;
        domain::TaskItem {
            id,
            task_id,
            person_name,
            id_number,
            address,
            micro_grid: micro_grid.map(NodeCode),
            outcome: outcome.map(Into::into),
            reported_at: reported_at.map(Timestamp),
            version,
        }
    }
}

impl From<domain::LandlordDuty> for LandlordDuty {
    fn from(d: domain::LandlordDuty) -> Self {
        match d {
            domain::LandlordDuty::Publicity => LandlordDuty::Publicity,
            domain::LandlordDuty::Reporting => LandlordDuty::Reporting,
            domain::LandlordDuty::Service => LandlordDuty::Service,
            domain::LandlordDuty::Control => LandlordDuty::Control,
            domain::LandlordDuty::Supervision => LandlordDuty::Supervision,
        }
    }
}

impl From<LandlordDuty> for domain::LandlordDuty {
    fn from(d: LandlordDuty) -> Self {
        match d {
            LandlordDuty::Publicity => domain::LandlordDuty::Publicity,
            LandlordDuty::Reporting => domain::LandlordDuty::Reporting,
            LandlordDuty::Service => domain::LandlordDuty::Service,
            LandlordDuty::Control => domain::LandlordDuty::Control,
            LandlordDuty::Supervision => domain::LandlordDuty::Supervision,
        }
    }
}

impl From<&domain::LandlordMark> for LandlordMark {
    fn from(r: &domain::LandlordMark) -> Self {
        let domain::LandlordMark { id, landlord_id, house_id, duty, item, points, reason, recorded_by, recorded_at, version } = r;
        LandlordMark {
            id: *id,
            landlord_id: *landlord_id,
            house_id: *house_id,
            duty: (*duty).into(),
            item: item.clone(),
            points: *points,
            reason: reason.clone(),
            recorded_by: recorded_by.clone(),
            recorded_at: recorded_at.0,
            version: *version,
        }
    }
}

impl From<LandlordMark> for domain::LandlordMark {
    fn from(r: LandlordMark) -> Self {
        let LandlordMark { id, landlord_id, house_id, duty, item, points, reason, recorded_by, recorded_at, version } = r;
        domain::LandlordMark {
            id,
            landlord_id,
            house_id,
            duty: duty.into(),
            item,
            points,
            reason,
            recorded_by,
            recorded_at: Timestamp(recorded_at),
            version,
        }
    }
}

impl From<&domain::Node> for Node {
    fn from(r: &domain::Node) -> Self {
        let domain::Node { code: node_code, name, level, parent, micro_kind, boundary, staff, valid_from, valid_to } = r;
        Node {
            code: code(node_code),
            name: name.clone(),
            level: (*level).into(),
            parent: parent.as_ref().map(code),
            micro_kind: micro_kind.map(Into::into),
            boundary: boundary
                .0
                .iter()
                .map(|polygon| Polygon {
                    exterior: ring_out(polygon.exterior()),
                    interiors: polygon.interiors().iter().map(ring_out).collect(),
                })
                .collect(),
            staff: staff
                .iter()
                .map(|member| {
                    let domain::StaffMember { role, name, phone } = member;
                    StaffMember { role: (*role).into(), name: name.clone(), phone: phone.clone() }
                })
                .collect(),
            valid_from: valid_from.map(secs),
            valid_to: valid_to.map(secs),
        }
    }
}

impl From<Node> for domain::Node {
    fn from(r: Node) -> Self {
        let Node { code, name, level, parent, micro_kind, boundary, staff, valid_from, valid_to } = r;
        domain::Node {
            code: NodeCode(code),
            name,
            level: level.into(),
            parent: parent.map(NodeCode),
            micro_kind: micro_kind.map(Into::into),
            // Polygon::new closes an open ring; the domain builds its rings through it as
            // well, so a stored boundary reads back equal (as `geometry.rs` relies on too).
            boundary: MultiPolygon(
                boundary
                    .into_iter()
                    .map(|Polygon { exterior, interiors }| GeoPolygon::new(ring_in(exterior), interiors.into_iter().map(ring_in).collect()))
                    .collect(),
            ),
            staff: staff
                .into_iter()
                .map(|StaffMember { role, name, phone }| domain::StaffMember { role: role.into(), name, phone })
                .collect(),
            valid_from: valid_from.map(Timestamp),
            valid_to: valid_to.map(Timestamp),
        }
    }
}
