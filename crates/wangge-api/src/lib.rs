//! The types that cross every transport of Wangge: the `wangge` command line's JSON, the
//! desktop shell's commands and events, and (later) the HTTP server. The backend and the
//! wasm UI both depend on this crate, so both ends of every call share one definition.
//!
//! This crate depends on serde and on `wangge-figures` (the declaration of every figure, no
//! dependencies of its own) alone, so that it builds for wasm32 and stays a contract: no
//! behaviour lives here.

use serde::{Deserialize, Serialize};

mod briefings;
mod detail_map;
mod figures;
mod imports;
mod registers;
mod rental;
mod session;
mod tasks;
mod tickets;
mod warnings;

pub use briefings::*;
pub use detail_map::*;
pub use figures::*;
pub use imports::*;
pub use registers::*;
pub use rental::*;
pub use session::*;
pub use tasks::*;
pub use tickets::*;
pub use wangge_figures::Language;
pub use warnings::*;

/// A level of the grid hierarchy, as named on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    District,
    Street,
    Community,
    Grid,
    MicroGrid,
}

impl Level {
    /// The Chinese name a commander reads.
    pub fn label_zh(self) -> &'static str {
        match self {
            Level::District => "区",
            Level::Street => "街道/乡镇",
            Level::Community => "社区/村",
            Level::Grid => "网格",
            Level::MicroGrid => "微网格",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Level::District => "District",
            Level::Street => "Street / town",
            Level::Community => "Community / village",
            Level::Grid => "Grid",
            Level::MicroGrid => "Micro-grid",
        }
    }

    /// The name in a seat's language.
    pub fn label_in(self, language: crate::Language) -> &'static str {
        language.pick(self.label_zh(), self.label_en())
    }
}

/// A node named without its figures.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NodeRef {
    pub code: String,
    pub name: String,
    pub level: Level,
}

/// How many nodes of each level lie under a node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelCounts {
    pub street: u64,
    pub community: u64,
    pub grid: u64,
    pub micro_grid: u64,
}

/// One child of a node with its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChildStats {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub metrics: Figures,
}

/// What `wangge stats --json` prints and the figures panel shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsReport {
    pub node: NodeRef,
    pub levels: LevelCounts,
    pub metrics: Figures,
    pub children: Vec<ChildStats>,
}

/// A polygon as rings of `[longitude, latitude]`, the exterior first.
pub type Rings = Vec<Vec<[f64; 2]>>;

/// One drawable area of the map with its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapArea {
    pub node: NodeRef,
    pub polygons: Vec<Rings>,
    pub metrics: Figures,
    /// The area's four-colour warning level (四色预警); `None` from a backend without rules.
    #[serde(default)]
    pub warning: Option<WarningLevel>,
    /// Whether the area is divided into smaller ones to drill into. A place (a micro-grid,
    /// or a grid of a district that stops at grids) is not: it is where records attach.
    #[serde(default)]
    pub drillable: bool,
}

/// What the map shows when focused on one node: the node's children as areas, and the way
/// back up. Only one level is sent at a time, so the map stays light at full detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    /// From the district (first) down to the focused node (last).
    pub breadcrumb: Vec<NodeRef>,
    pub focus: MapArea,
    pub areas: Vec<MapArea>,
    /// `[min_lon, min_lat, max_lon, max_lat]` of the focused node.
    pub bbox: [f64; 4],
    /// The change-log sequence number these figures include.
    pub seq: i64,
}

/// Pushed to every open window when committed changes moved some nodes' figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FiguresChanged {
    /// The last change-log sequence number now included.
    pub seq: i64,
    pub nodes: Vec<NodeFigures>,
    /// The hierarchy changed (areas drawn, redrawn or retired, a level added under a grid):
    /// a screen fetches its map again instead of patching figures.
    #[serde(default)]
    pub redrawn: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeFigures {
    pub code: String,
    pub metrics: Figures,
}

/// What an account's role lets it do (the role's rules live in the domain, `Role`); by
/// default nothing, so a seat that has not signed in offers no action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Abilities {
    /// Sees names, ID numbers, phones, addresses and case texts: the board's rows.
    pub personal_data: bool,
    /// Records changes: intake, ticket steps, imports.
    pub changes: bool,
    /// Moves work between units and areas: drag to reassign.
    pub commands: bool,
    /// Reads the audit trail.
    pub audit: bool,
}

/// Where the desktop app is in opening its database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AppStatus {
    /// Creating the demo district on first start.
    Loading { progress: Progress },
    Ready {
        district: NodeRef,
        database: String,
        /// What the district's administrator must act on, worded for the screen (a working
        /// calendar missing for a year deadlines count in). Shown until dealt with.
        #[serde(default)]
        notices: Vec<String>,
        /// Set when the seat is a wall screen (`wangge-desktop --wall`, or an account with
        /// the wall-screen role): the window shows the wall, not the command centre.
        #[serde(default)]
        wall: Option<WallSettings>,
        /// What the signed-in account's role lets it do: a screen offers only that (the
        /// engine refuses the rest whatever a screen sends).
        #[serde(default)]
        abilities: Abilities,
        /// The signed-in account's language: the page is drawn in it.
        #[serde(default)]
        language: Language,
    },
    Failed {
        error: ApiError,
        /// On a district's first start, asking to sign in: the administrator's one-time
        /// password, which the sign-in screen shows (in the page's language) until used.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_password: Option<String>,
    },
    /// The desktop window is set to a server (`wangge serve`) instead of this machine's
    /// database: the page connects (`CONNECT_SERVER`) and the server's page takes over.
    Server { url: String },
}

/// How a wall screen runs its playlist: the district, then each child of it, each shown for
/// `dwell_secs`, with the map metric moving on after every round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WallSettings {
    pub dwell_secs: u32,
}

impl WallSettings {
    /// Long enough to read a panel from across the room, short enough to see every street
    /// within a few minutes.
    pub const DEFAULT_DWELL_SECS: u32 = 20;
}

impl Default for WallSettings {
    fn default() -> Self {
        WallSettings { dwell_secs: WallSettings::DEFAULT_DWELL_SECS }
    }
}

/// Progress of long work: a stage name and how far it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub stage: String,
    pub done: u64,
    pub total: u64,
}

/// An error as the UI sees it: branch on `code`, show `message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// With [`ErrorCode::Conflict`]: the tickets as they stand now, so the caller can
    /// decide again without another round trip.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fresh: Vec<TicketRow>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into(), fresh: Vec::new() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    OutsideScope,
    Forbidden,
    InvalidInput,
    NotReady,
    /// No session, or it has ended: sign in (again).
    SignInRequired,
    /// Too many wrong passwords for the name or from the address; try later.
    TooManyAttempts,
    /// Somebody changed the record since the caller read it; nothing was written.
    Conflict,
    Storage,
    Internal,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ApiError {}

/// Event names of the desktop shell, in one place for both ends.
pub mod events {
    /// Payload: [`crate::FiguresChanged`].
    pub const FIGURES_CHANGED: &str = "figures-changed";
    /// Payload: [`crate::AppStatus`].
    pub const STATUS: &str = "app-status";
    /// Payload: the last change-log seq (i64). Sent whenever any change was read from the
    /// log, including changes that moved no figure (a reassignment), so boards refetch.
    pub const LOG_ADVANCED: &str = "log-advanced";
    /// Payload: the [`crate::TicketRow`]s that became breached since the last such event.
    pub const SLA_BREACHED: &str = "sla-breached";
    /// Payload: the [`crate::WarningChange`]s (level changes) since the last such event.
    pub const WARNING_CHANGED: &str = "warning-changed";
    /// Payload: [`crate::Progress`] of the import the import dialog started.
    pub const IMPORT_PROGRESS: &str = "import-progress";
    /// Payload: the first message of a server's live feed ([`crate::LiveMessage::Hello`]),
    /// again after every reconnect; only a browser seat hears it.
    pub const HELLO: &str = "hello";
    /// Payload: [`crate::Progress`] of the briefing export the export button started.
    pub const EXPORT_PROGRESS: &str = "export-progress";
}

/// Command names of the desktop shell, in one place for both ends.
pub mod commands {
    /// Args: none. Returns [`crate::AppStatus`].
    pub const APP_STATUS: &str = "app_status";
    /// Args: `{ code: Option<String> }` (none = the scope's root). Returns [`crate::MapView`].
    pub const MAP_VIEW: &str = "map_view";
    /// Args: `{ code: Option<String> }`. Returns [`crate::StatsReport`].
    pub const STATS: &str = "stats";
    /// Args: `{ request: DetailMapRequest }`. Returns [`crate::DetailMap`]: every place under
    /// the node as plane geometry (挂图作战), sent once per view.
    pub const DETAIL_MAP: &str = "detail_map";
    /// Args: `{ request: DetailValuesRequest }`. Returns [`crate::DetailValues`]: one metric at
    /// every place of the node's detail map, in its order.
    pub const DETAIL_VALUES: &str = "detail_values";
    /// Args: `{ request: DetailMapRequest }`. Returns [`crate::DetailLevels`]: every place's
    /// warning level, in the order of the node's detail map.
    pub const DETAIL_LEVELS: &str = "detail_levels";
    /// Args: `{ request: LocateRequest }`. Returns `Option<`[`crate::Located`]`>`: the place a
    /// point lies in, within the scope.
    pub const LOCATE: &str = "locate";
    /// Args: `{ request: AsOfRequest }`. Returns [`crate::AsOfFigures`]: the figures at the
    /// end of a past day (or now), with the day before's for the day-on-day change.
    pub const FIGURES_AS_OF: &str = "figures_as_of";
    /// Args: `{ request: BriefingExport }`. Returns [`crate::ExportedBriefings`]; progress
    /// arrives as `export-progress` events meanwhile (desktop only: the files are written on
    /// the machine running the shell).
    pub const EXPORT_BRIEFING: &str = "export_briefing";
    /// Args: `{ request: BriefingExport }` (`children` ignored). Returns
    /// [`crate::BriefingPreview`]: the node's briefing drawn, nothing written.
    pub const PREVIEW_BRIEFING: &str = "preview_briefing";
    /// Args: `{ msSincePageStart: f64 }`. Returns nothing. The UI reports when its first map
    /// was painted; the shell logs it with the time since process start (a benchmark figure).
    pub const REPORT_FIRST_PAINT: &str = "report_first_paint";
    /// Args: `{ filter: BoardFilter }`. Returns [`crate::WorkBoard`].
    pub const WORK_BOARD: &str = "work_board";
    /// Args: `{ id: i64 }`. Returns [`crate::TicketDetail`].
    pub const TICKET_DETAIL: &str = "ticket_detail";
    /// Args: `{ ticket: TicketVersion, action: TicketAction }`. Returns the new [`crate::TicketRow`].
    pub const TICKET_ACT: &str = "ticket_act";
    /// Args: `{ request: Reassign }`. Returns the moved [`crate::TicketRow`]s.
    pub const REASSIGN: &str = "reassign";
    /// Args: `{ filter: EnterpriseFilter }`. Returns [`crate::EnterpriseList`].
    pub const ENTERPRISES: &str = "enterprises";
    /// Args: `{ id: i64 }`. Returns [`crate::EnterpriseDetail`] with its demands.
    pub const ENTERPRISE_DETAIL: &str = "enterprise_detail";
    /// Args: `{ request: TrendRequest }`. Returns [`crate::ResumptionTrend`]: resumption at
    /// the end of each of the last days (counts only: every role that sees figures).
    pub const RESUMPTION_TREND: &str = "resumption_trend";
    /// Args: `{ query: RegisterQuery }`. Returns [`crate::RegisterResults`] (roles that see
    /// people only).
    pub const REGISTER_SEARCH: &str = "register_search";
    /// Args: `{ request: TrendRequest }` (days default 30, at most 92). Returns
    /// [`crate::WarningHistory`]: the node's level at the end of each day (aggregates: every
    /// role that sees figures).
    pub const WARNING_HISTORY: &str = "warning_history";
    /// Args: `{ request: RevealRequest }`. Returns the person's [`crate::RegisterPerson`]
    /// unmasked, after logging who asked and why (roles that see people, within scope).
    pub const REVEAL_PERSON: &str = "reveal_person";
    /// Args: none. Returns the latest [`crate::RevealEntry`]s, newest first (roles that read
    /// the audit).
    pub const REVEAL_LOG: &str = "reveal_log";
    /// Args: `{ query: ScreeningQuery }` (`batch` ignored). Returns [`crate::ScreeningBatches`].
    pub const SCREENING_BATCHES: &str = "screening_batches";
    /// Args: `{ query: ScreeningQuery }`. Returns [`crate::TaskProgressReport`].
    pub const TASK_PROGRESS: &str = "task_progress";
    /// Args: `{ query: ScreeningQuery }` (`batch` required). Returns [`crate::ScreeningWork`].
    pub const SCREENING_WORK: &str = "screening_work";
    /// Args: `{ item: i64, outcome: TaskOutcome }`. Returns [`crate::OutcomeRecorded`].
    pub const RECORD_OUTCOME: &str = "record_outcome";
    /// Args: `{ id: i64 }` (a part's task id). Returns the checked [`crate::TaskPart`]
    /// (社区核验).
    pub const VERIFY_PART: &str = "verify_part";
    /// Args: `{ request: ScreeningImport }`. Returns [`crate::ScreeningImported`] (desktop
    /// only: the file is on the machine running the shell).
    pub const IMPORT_SCREENING: &str = "import_screening";
    /// Args: `{ query: ScreeningQuery }` (`batch` required). Returns [`crate::ExportedTable`]:
    /// the batch's roll-up under the node (排查汇总) as an XLSX in the briefings folder
    /// (desktop only: the file is written on the machine running the shell).
    pub const EXPORT_SCREENING: &str = "export_screening";
    /// Args: `{ query: RentalQuery }`. Returns [`crate::RentalBoard`]: the node's rental
    /// figures and its 红黑榜 (landlords for roles that see people).
    pub const RENTAL_BOARD: &str = "rental_board";
    /// Args: `{ id: i64 }` (the landlord's person id). Returns [`crate::LandlordDetail`].
    pub const LANDLORD_DETAIL: &str = "landlord_detail";
    /// Args: `{ form: LandlordScoreForm }`. Returns [`crate::LandlordScored`].
    pub const SCORE_LANDLORD: &str = "score_landlord";
    /// Args: `{ filter: AuditFilter }`. Returns [`crate::AuditRow`]s, newest first.
    pub const AUDIT: &str = "audit";
    /// Args: `{ form: TicketForm }`. Returns the new ticket's [`crate::TicketRow`].
    pub const SUBMIT_TICKET: &str = "submit_ticket";
    /// Args: none. Returns the categories the intake form offers ([`crate::Choice`]s).
    pub const TICKET_CATEGORIES: &str = "ticket_categories";
    /// Args: `{ request: ImportRequest }`. Returns [`crate::ImportReport`]; progress arrives
    /// as `import-progress` events meanwhile.
    pub const IMPORT_FILE: &str = "import_file";
    /// Args: `{ credentials: SignIn }`. Returns the [`crate::AccountView`] signed in; every
    /// other command but `app_status` answers `SignInRequired` before it (desktop only: a
    /// browser seat signs in with `POST /api/session`).
    pub const SIGN_IN: &str = "sign_in";
    /// Args: none. Returns nothing; the window asks to sign in again.
    pub const SIGN_OUT: &str = "sign_out";
    /// Args: `{ language: Language }`. Keeps the signed-in account's language (every seat it
    /// signs in at is drawn in it from then on). Returns nothing.
    pub const SET_LANGUAGE: &str = "set_language";
    /// Desktop only. Args: `{ url: Option<String> }` (none: this machine's database).
    /// Remembers which district the window works on; returns the new [`crate::AppStatus`].
    pub const SET_SERVER: &str = "set_server";
    /// Desktop only. Args: none. Checks the remembered server answers and loads its page in
    /// the window; refused in words when it cannot.
    pub const CONNECT_SERVER: &str = "connect_server";
}
