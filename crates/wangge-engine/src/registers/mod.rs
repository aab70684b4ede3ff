//! Registers (houses, people, isolations, enterprises) imported into the district: each
//! row placed in its micro-grid, checked against what the district already holds, and all
//! rows stored in one transaction — or none of them.
//!
//! The rows arrive read and typed by `wangge-registers` (encodings, XLSX, column mapping,
//! cell checks). This step decides what needs the district:
//!
//! - **houses** are placed by their coordinates (point-in-polygon over the micro-grids'
//!   R-tree); a house without coordinates, or outside every micro-grid, cannot be stored (a
//!   house belongs to a micro-grid) and is refused as *unassigned*;
//! - **people** are placed through the house register, by house code or else by exact
//!   address; an unknown code or address, or neither, is refused as *unassigned*;
//! - **isolations** are placed through the person (by ID number) and the person's house; an
//!   unknown ID number is refused as *unassigned*; follow-up slots are generated (two a day
//!   at 08:00 and 16:00 China time by default) from the start, or from the import if later,
//!   to the planned end (14 days after the start unless the row says otherwise);
//! - **enterprises** are placed by coordinates, else through the house register by code or
//!   address; the rest are refused as *unassigned*.
//!
//! Every record type here needs a micro-grid (a person through their house), so no record
//! is ever stored unassigned: the rows are refused, listed as unassigned in the report and
//! written out with the other rejected rows — never silently dropped. A code, ID number or
//! enterprise name the district already holds is refused as a duplicate, as is a point in
//! a micro-grid outside the caller's scope. Under [`ImportPolicy::AllOrNothing`] (the
//! default) one refused row stores nothing; [`ImportPolicy::GoodRowsOnly`] stores the rest.
//!
//! Reasons, progress stages and refusals are worded in the importing seat's language
//! (`scope.language`); the command line's scope reads Chinese.

mod enterprise_view;
mod enterprises;
mod export;
mod houses;
mod isolation_work;
mod isolations;
mod people;
mod register_view;
mod rentals;
mod resumption_trend;
mod reveal;

use std::collections::BTreeMap;

use wangge_api as api;
use wangge_domain::time::{WallClock, DAY_SECS};
use wangge_domain::{Change, House, Language, Scope, Timestamp};
use wangge_figures::say;
use wangge_registers::{EnterpriseRow, HouseRow, ImportPolicy, IsolationRow, PersonRow, RentalRow};

use crate::houses::HouseIndex;
use crate::{Engine, EngineError};

pub use enterprise_view::{size_label, size_label_in};
pub use isolation_work::MAX_EXTENSION_DAYS;
pub use isolations::follow_up_slots;

/// One typed row and where it stood in the file (1-based line or row number), so every
/// refusal can name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Numbered<T> {
    pub number: usize,
    pub row: T,
}

/// The four registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Register {
    Houses,
    People,
    Isolations,
    Enterprises,
    /// The rental register: let houses and their landlords.
    Rentals,
}

impl Register {
    pub fn as_str(self) -> &'static str {
        match self {
            Register::Houses => "houses",
            Register::People => "people",
            Register::Isolations => "isolations",
            Register::Enterprises => "enterprises",
            Register::Rentals => "rentals",
        }
    }

    /// Why an unplaced row of this register is refused rather than stored unassigned (in
    /// Chinese, the command line's words; a seat's: [`Register::why_unassigned_is_refused_in`]).
    pub fn why_unassigned_is_refused(self) -> &'static str {
        self.why_unassigned_is_refused_in(Language::Chinese)
    }

    /// Why an unplaced row of this register is refused, in a seat's language.
    pub fn why_unassigned_is_refused_in(self, language: Language) -> &'static str {
        match self {
            Register::Houses => {
                language.pick("房屋属于某个微网格，只能由坐标确定", "a house belongs to a micro-grid, found only from its coordinates")
            }
            Register::People => language.pick("人员登记在房屋登记中的某处房屋", "a person is registered at a house of the house register"),
            Register::Isolations => {
                language.pick("隔离记录计入其人所住房屋的微网格", "an isolation counts in the micro-grid of the person's house")
            }
            Register::Enterprises => language.pick(
                "企业计入某个微网格，由坐标或所在房屋确定",
                "an enterprise counts in a micro-grid, found from its coordinates or its house",
            ),
            Register::Rentals => language.pick("出租房屋须是房屋登记中的房屋", "a rental house must be a house of the house register"),
        }
    }
}

/// The rows of one register file, for callers that handle every register alike (the
/// command line, the desktop's import dialog).
#[derive(Debug, Clone, PartialEq)]
pub enum RegisterRows {
    Houses(Vec<Numbered<HouseRow>>),
    People(Vec<Numbered<PersonRow>>),
    Isolations(Vec<Numbered<IsolationRow>>),
    Enterprises(Vec<Numbered<EnterpriseRow>>),
    Rentals(Vec<Numbered<RentalRow>>),
}

/// How rows become records.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterOptions {
    /// All or nothing (default), or store the good rows and report the others.
    pub policy: ImportPolicy,
    /// Place and check every row, report, store nothing.
    pub dry_run: bool,
    /// Length of an isolation whose row gives no planned end, in days (default 14).
    pub isolation_days: u32,
    /// Follow-up slots of an isolation, as seconds after local midnight (default 08:00 and
    /// 16:00: two a day).
    pub follow_up_times: Vec<u32>,
    /// Also generate the slots that lie before the import (they are then overdue at once).
    /// Off by default: the file does not say whether those visits were made, and an
    /// invented missed visit would be a false alarm on every screen.
    pub past_follow_ups: bool,
    /// How the file's wall-clock times name instants and where its days begin (the
    /// district's zone by default).
    pub wall_clock: WallClock,
    /// Report progress every this many rows (0: only at the start and end of a stage).
    pub progress_every: usize,
}

impl Default for RegisterOptions {
    fn default() -> Self {
        RegisterOptions {
            policy: ImportPolicy::AllOrNothing,
            dry_run: false,
            isolation_days: 14,
            follow_up_times: vec![8 * 3600, 16 * 3600],
            past_follow_ups: false,
            wall_clock: WallClock::DistrictZone,
            progress_every: 10_000,
        }
    }
}

impl RegisterOptions {
    fn check(&self, language: Language) -> Result<(), EngineError> {
        if self.isolation_days == 0 {
            return Err(EngineError::InvalidInput(say!(
                language,
                "默认隔离天数至少为一天",
                "The default isolation length must be at least one day"
            )));
        }
        if let Some(t) = self.follow_up_times.iter().find(|&&t| t >= DAY_SECS as u32) {
            return Err(EngineError::InvalidInput(say!(
                language,
                "随访时间 {t} 秒超出了一天（应小于 86400 秒）",
                "Follow-up time {t} s is past the end of the day (it must be under 86400 s)"
            )));
        }
        Ok(())
    }
}

/// A row the engine refused. `field` is the target field (`code`, `id_number`, `lon`...);
/// the caller names the file's column for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRefusal {
    pub number: usize,
    pub field: &'static str,
    pub value: String,
    pub reason: String,
    /// The row could not be placed in a micro-grid (as opposed to a duplicate, a date in the
    /// future, a micro-grid outside the scope).
    pub unassigned: bool,
}

/// What an import did (or, dry or refused, would have done).
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterReport {
    pub register: Register,
    /// Rows given to the engine.
    pub rows: usize,
    /// The ids of the records stored, in row order (empty unless stored).
    pub created: Vec<i64>,
    /// Follow-up slots generated for the isolations (stored with them).
    pub follow_ups: usize,
    /// Follow-up slots before the import, not generated (see [`RegisterOptions::past_follow_ups`]).
    pub follow_ups_past_skipped: usize,
    pub placed_by_coordinates: usize,
    pub placed_by_house_code: usize,
    pub placed_by_address: usize,
    /// Isolations placed through the person's house.
    pub placed_through_person: usize,
    /// Accepted rows per micro-grid code.
    pub by_micro_grid: BTreeMap<String, usize>,
    /// Refused rows, in row order; those with `unassigned` are the unplaced ones.
    pub rejected: Vec<RowRefusal>,
    /// Nothing was stored because the policy is all-or-nothing and some row was refused.
    pub refused: bool,
    /// Nothing was stored because this was a dry run.
    pub dry_run: bool,
    /// The language of the refusals' reasons: the importing seat's.
    language: Language,
}

impl RegisterReport {
    fn new(register: Register, rows: usize, options: &RegisterOptions, language: Language) -> Self {
        RegisterReport {
            register,
            rows,
            created: Vec::new(),
            follow_ups: 0,
            follow_ups_past_skipped: 0,
            placed_by_coordinates: 0,
            placed_by_house_code: 0,
            placed_by_address: 0,
            placed_through_person: 0,
            by_micro_grid: BTreeMap::new(),
            rejected: Vec::new(),
            refused: false,
            dry_run: options.dry_run,
            language,
        }
    }

    /// The rows no micro-grid could be found for.
    pub fn unassigned(&self) -> impl Iterator<Item = &RowRefusal> {
        self.rejected.iter().filter(|r| r.unassigned)
    }

    /// Rows that passed every check (stored unless refused or dry).
    pub fn accepted(&self) -> usize {
        self.rows - self.rejected.len()
    }

    fn refuse(&mut self, number: usize, field: &'static str, value: impl Into<String>, reason: impl Into<String>) {
        self.rejected.push(RowRefusal { number, field, value: value.into(), reason: reason.into(), unassigned: false });
    }

    fn unplaced(&mut self, number: usize, field: &'static str, value: impl Into<String>, reason: impl Into<String>) {
        let (reason, why) = (reason.into(), self.register.why_unassigned_is_refused_in(self.language));
        let reason = say!(self.language, "{reason}——无法定位，未保存：{why}", "{reason}; cannot be placed, not saved: {why}");
        self.rejected.push(RowRefusal { number, field, value: value.into(), reason, unassigned: true });
    }
}

/// How a row found its micro-grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placement {
    Coordinates,
    HouseCode,
    Address,
    Person,
}

impl RegisterReport {
    fn placed(&mut self, how: Placement, micro_grid: &str) {
        match how {
            Placement::Coordinates => self.placed_by_coordinates += 1,
            Placement::HouseCode => self.placed_by_house_code += 1,
            Placement::Address => self.placed_by_address += 1,
            Placement::Person => self.placed_through_person += 1,
        }
        *self.by_micro_grid.entry(micro_grid.to_owned()).or_default() += 1;
    }
}

/// What a row's house fields say: the house, how it was found, or why none was.
enum HouseLookup<'a> {
    Found(&'a House, Placement),
    /// (field, value, reason)
    Unknown(&'static str, String, String),
    NotGiven,
}

impl<'a> HouseIndex<'a> {
    /// The code decides when given (a wrong code is an error, not a reason to try the
    /// address); otherwise the exact address. Why none was found is said in `language`.
    fn find(&self, code: &str, address: &str, language: Language) -> HouseLookup<'a> {
        let (code, address) = (code.trim(), address.trim());
        if !code.is_empty() {
            return match self.by_code(code) {
                Some(house) => HouseLookup::Found(house, Placement::HouseCode),
                None => HouseLookup::Unknown(
                    "house_code",
                    code.to_owned(),
                    say!(language, "房屋登记中没有编码为“{code}”的房屋", "No house with code \"{code}\" in the house register"),
                ),
            };
        }
        if !address.is_empty() {
            return match self.by_address(address) {
                Some(house) => HouseLookup::Found(house, Placement::Address),
                None => HouseLookup::Unknown(
                    "address",
                    address.to_owned(),
                    say!(
                        language,
                        "房屋登记中没有地址为“{address}”的房屋（地址须完全一致）",
                        "No house at \"{address}\" in the house register (the address must match exactly)"
                    ),
                ),
            };
        }
        HouseLookup::NotGiven
    }
}

/// The records an import creates, in the order of the transaction, and the positions of
/// its main records (an isolation's follow-up slots follow it).
#[derive(Default)]
struct Batch {
    changes: Vec<Change>,
    main: Vec<usize>,
}

impl Batch {
    fn with_capacity(n: usize) -> Self {
        Batch { changes: Vec::with_capacity(n), main: Vec::with_capacity(n) }
    }

    /// Adds a main record; returns its batch reference (`-k`: the k-th change, 1-based).
    fn push_main(&mut self, change: Change) -> i64 {
        self.changes.push(change);
        self.main.push(self.changes.len() - 1);
        -(self.changes.len() as i64)
    }
}

/// A progress reporter for one stage of rows; `name` is in the seat's language.
struct Stage<'p> {
    name: String,
    total: u64,
    every: usize,
    progress: &'p mut (dyn FnMut(api::Progress) + Send),
}

impl Stage<'_> {
    fn start(&mut self) {
        (self.progress)(api::Progress { stage: self.name.clone(), done: 0, total: self.total });
    }

    fn row(&mut self, done: usize) {
        if self.every > 0 && done > 0 && done.is_multiple_of(self.every) && (done as u64) < self.total {
            (self.progress)(api::Progress { stage: self.name.clone(), done: done as u64, total: self.total });
        }
    }

    fn end(&mut self) {
        (self.progress)(api::Progress { stage: self.name.clone(), done: self.total, total: self.total });
    }
}

impl Engine {
    /// Imports the rows of one register file: [`Engine::import_houses`],
    /// [`Engine::import_people`], [`Engine::import_isolations`] or
    /// [`Engine::import_enterprises`], as the rows say.
    pub async fn import_register(
        &mut self,
        scope: &Scope,
        rows: RegisterRows,
        options: &RegisterOptions,
        now: Timestamp,
        progress: &mut (dyn FnMut(api::Progress) + Send),
    ) -> Result<RegisterReport, EngineError> {
        match rows {
            RegisterRows::Houses(rows) => self.import_houses(scope, rows, options, now, progress).await,
            RegisterRows::People(rows) => self.import_people(scope, rows, options, now, progress).await,
            RegisterRows::Isolations(rows) => self.import_isolations(scope, rows, options, now, progress).await,
            RegisterRows::Enterprises(rows) => self.import_enterprises(scope, rows, options, now, progress).await,
            RegisterRows::Rentals(rows) => self.import_rentals(scope, rows, options, now, progress).await,
        }
    }

    /// The checks every register import starts with: the options make sense, the account
    /// may write, and every change made elsewhere is applied (houses added a moment ago can
    /// place people).
    async fn begin_register_import(&mut self, scope: &Scope, options: &RegisterOptions, now: Timestamp) -> Result<(), EngineError> {
        options.check(scope.language)?;
        scope.may_change()?;
        scope.root_id(&self.district().hierarchy)?;
        self.sync(now).await?;
        Ok(())
    }

    /// Whether the scope may write in micro-grid `code`; the refusal's text otherwise.
    fn register_scope_problem(&self, scope: &Scope, code: &wangge_domain::NodeCode) -> Option<String> {
        let hierarchy = &self.district().hierarchy;
        let id = hierarchy.id_of(code)?;
        scope.check_write(hierarchy, id).err().map(|e| {
            let e = e.message_in(scope.language);
            say!(scope.language, "{e}：该行位于微网格 {code}", "{e}: the row lies in micro-grid {code}")
        })
    }

    /// Stores the batch in one transaction unless the import is dry or refused; fills in
    /// the ids of its main records.
    async fn store_register_batch(
        &mut self,
        scope: &Scope,
        batch: Batch,
        report: &mut RegisterReport,
        options: &RegisterOptions,
        now: Timestamp,
        progress: &mut (dyn FnMut(api::Progress) + Send),
    ) -> Result<(), EngineError> {
        report.rejected.sort_by_key(|r| r.number);
        if !report.rejected.is_empty() && options.policy == ImportPolicy::AllOrNothing {
            report.refused = true;
            return Ok(());
        }
        let Batch { changes, main } = batch;
        if options.dry_run || changes.is_empty() {
            return Ok(());
        }
        let count = changes.len() as u64;
        let stage = say!(scope.language, "在一个事务中保存 {count} 条记录", "Saving {count} records in one transaction");
        progress(api::Progress { stage: stage.clone(), done: 0, total: count });
        let stored = self.create_all(scope, changes, now).await?;
        progress(api::Progress { stage, done: count, total: count });
        report.created = main.iter().map(|&i| stored[i].entity_id()).collect();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_clock_times_are_china_time_by_default() {
        let at = wangge_registers::LocalDateTime::new(2026, 11, 23, 10, 0, 0).unwrap();
        let clock = RegisterOptions::default().wall_clock;
        assert_eq!(at.instant_on(clock), Timestamp::from_local(2026, 11, 23, 10, 0));
        assert_eq!(at.instant_on(clock).secs(), 1_795_399_200);
    }
}
