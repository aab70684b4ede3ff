//! The import dialog's command (`import_file`): boundaries, the four registers and 12345
//! hotline exports, as `wangge import …` does them. The file is read and parsed on a
//! blocking thread, outside any lock; the engine's write lock is taken only for the engine
//! operation (placing and storing in one transaction). Progress goes to the window as
//! `import-progress` events, so the window stays responsive and shows a bar.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tauri::{AppHandle, Emitter, State};
use wangge_api::{
    events, ApiError, BoundaryFinding, ErrorCode, ImportKind, ImportOutcome, ImportReport, ImportRequest, ImportRowError, Level, Progress,
};
use wangge_domain::{Language, MicroGridKind, Timestamp};
use wangge_engine::boundaries::geoimport::{self, CoordSystem, PropertyMapping, ReadOptions};
use wangge_engine::boundaries::{BoundaryOptions, BoundaryPlan, ParentFromCode};
use wangge_engine::boundary_file::{import_boundary_file, BoundaryFileRequest, BoundaryOutcome};
use wangge_engine::intake::{HotlineImportOptions, HotlineRow};
use wangge_engine::registers::{Numbered, RegisterOptions, RegisterReport, RegisterRows};
use wangge_engine::Clock;
use wangge_registers::registers::{check_placeable_in, Placeable};
use wangge_registers::{
    read_file_in, EnterpriseRow, FileError, FileRequest, FromRow, HouseRow, ImportPolicy, IsolationRow, MappedTable, PersonRow, ReadFile,
    RentalRow, RowError, ServiceRequestRow,
};

use crate::state::{not_ready, AppState, ForSeat};

/// Progress events closer together than this are dropped.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Imports one file and reports what happened; refusals and cancellations are reports too
/// (with the errors or the topology report), not errors. Errors are for files that cannot
/// be read at all and for storage failures. The report and the refusals are worded in the
/// language of the seat signed in at the window.
#[tauri::command]
pub async fn import_file(app: AppHandle, state: State<'_, AppState>, request: ImportRequest) -> Result<ImportReport, ApiError> {
    let started = Instant::now();
    let now = Clock::from_env().unwrap_or(Clock::System).now();
    let language = state.loaded.read().await.as_ref().ok_or_else(not_ready)?.seat()?.language;
    let mut progress = throttled(app.clone());
    let reading = || say!(language, "读取文件", "Reading the file");
    progress(Progress { stage: reading(), done: 0, total: 1 });
    let kind = request.kind;
    let prepared = {
        let request = request.clone();
        tokio::task::spawn_blocking(move || prepare(&request, language))
            .await
            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("reading the file: {e}")))??
    };
    progress(Progress { stage: reading(), done: 1, total: 1 });
    let mut report = match prepared {
        Prepared::Register(read) => import_register(&state, read, &request, now, &mut progress).await?,
        Prepared::Hotline(read) => import_hotline(&state, read, &request, now, &mut progress).await?,
        Prepared::Boundaries => import_boundaries(&state, &request, now).await?,
    };
    report.kind = kind;
    report.seconds = started.elapsed().as_secs_f64();
    tracing::info!(kind = kind.as_str(), outcome = ?report.outcome, stored = report.stored, "import from the dialog");
    Ok(report)
}

/// A progress reporter that emits `import-progress`, at most every [`PROGRESS_EVERY`]
/// except for a new stage or the end of one.
fn throttled(app: AppHandle) -> impl FnMut(Progress) + Send {
    let mut last: Option<(String, Instant)> = None;
    move |progress: Progress| {
        let due = match &last {
            None => true,
            Some((stage, at)) => *stage != progress.stage || at.elapsed() >= PROGRESS_EVERY || progress.done >= progress.total,
        };
        if due {
            last = Some((progress.stage.clone(), Instant::now()));
            if let Err(error) = app.emit(events::IMPORT_PROGRESS, progress) {
                tracing::warn!(%error, "could not emit import-progress");
            }
        }
    }
}

/// A file read and parsed, before the engine sees it.
enum Prepared {
    Register(RegisterRead),
    Hotline(ReadFile<ServiceRequestRow>),
    /// Read by the engine's boundary import itself.
    Boundaries,
}

/// The rows of one register file, by kind.
struct RegisterRead {
    rows: RegisterRows,
    mapped: MappedTable,
    rejected: Vec<RowError>,
    count: usize,
}

fn prepare(request: &ImportRequest, language: Language) -> Result<Prepared, ApiError> {
    if request.path.trim().is_empty() {
        return Err(invalid(no_path(language)));
    }
    fn register<T: FromRow + Placeable>(
        request: &ImportRequest,
        language: Language,
        wrap: fn(Vec<Numbered<T>>) -> RegisterRows,
    ) -> Result<Prepared, ApiError> {
        let read = read::<T>(request, language)?;
        check_placeable_in::<T>(&read.mapped, language).map_err(invalid)?;
        let count = read.mapped.rows.len();
        let rejected = reader_errors(&read);
        let rows = wrap(read.records.into_iter().map(|(number, row)| Numbered { number, row }).collect());
        Ok(Prepared::Register(RegisterRead { rows, mapped: read.mapped, rejected, count }))
    }
    match request.kind {
        ImportKind::Houses => register::<HouseRow>(request, language, RegisterRows::Houses),
        ImportKind::People => register::<PersonRow>(request, language, RegisterRows::People),
        ImportKind::Isolations => register::<IsolationRow>(request, language, RegisterRows::Isolations),
        ImportKind::Enterprises => register::<EnterpriseRow>(request, language, RegisterRows::Enterprises),
        ImportKind::Rentals => register::<RentalRow>(request, language, RegisterRows::Rentals),
        ImportKind::Hotline => Ok(Prepared::Hotline(read::<ServiceRequestRow>(request, language)?)),
        ImportKind::Boundaries => Ok(Prepared::Boundaries),
    }
}

/// Reads the file as `wangge import …` does (`wangge_registers::read_file`: the columns mapped
/// from the header, corrected by the mapping file when one is named), every row read and the
/// good ones kept apart from the refused (the policy is applied later, as the CLI does).
fn read<T: FromRow>(request: &ImportRequest, language: Language) -> Result<ReadFile<T>, ApiError> {
    let mapping = request.mapping.as_deref().map(str::trim).filter(|m| !m.is_empty()).map(PathBuf::from);
    let file = FileRequest { path: request.path.trim().into(), encoding: request.encoding.clone(), sheet: request.sheet.clone(), mapping };
    read_file_in::<T>(&file, language).map_err(|error| {
        invalid(match error {
            FileError::Unreadable { path, error } => say!(language, "读取 {} 失败：{error}", "Reading {} failed: {error}", path.display()),
            FileError::UnknownEncoding(name) => {
                say!(language, "未知编码 {name:?}（utf-8 或 gbk）", "Unknown encoding {name:?} (utf-8 or gbk)")
            }
            FileError::MappingFile { path, message } => {
                say!(language, "字段对应文件 {}：{message}", "Mapping file {}: {message}", path.display())
            }
            other => other.message_in(language),
        })
    })
}

/// Every error of every row the reader refused, in file order.
fn reader_errors<T>(read: &ReadFile<T>) -> Vec<RowError> {
    read.rejected.iter().flat_map(|(_, errors)| errors.iter().cloned()).collect()
}

fn policy(request: &ImportRequest) -> ImportPolicy {
    if request.good_rows {
        ImportPolicy::GoodRowsOnly
    } else {
        ImportPolicy::AllOrNothing
    }
}

async fn import_register(
    state: &AppState,
    read: RegisterRead,
    request: &ImportRequest,
    now: Timestamp,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<ImportReport, ApiError> {
    let policy = policy(request);
    // Rows the reader refused already sink an all-or-nothing import; the engine still
    // checks the others (storing nothing), so one report lists every problem.
    let options = RegisterOptions {
        policy,
        dry_run: policy == ImportPolicy::AllOrNothing && !read.rejected.is_empty(),
        progress_every: 500,
        ..RegisterOptions::default()
    };
    let (report, language): (RegisterReport, Language) = {
        let mut guard = state.loaded.write().await;
        let loaded = guard.as_mut().ok_or_else(not_ready)?;
        let scope = loaded.seat()?.clone();
        (loaded.engine.import_register(&scope, read.rows, &options, now, progress).await.for_seat(&scope)?, scope.language)
    };
    let mut errors = read.rejected;
    errors.extend(report.rejected.iter().map(|r| RowError {
        row: r.number,
        column: wangge_registers::mapping::column_of_in(&read.mapped, r.field, language),
        value: r.value.clone(),
        reason: r.reason.clone(),
    }));
    errors.sort_by_key(|e| e.row);
    let rejected_rows = {
        let mut rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
        rows.dedup();
        rows.len()
    };
    let stored = if options.dry_run || report.refused { 0 } else { report.created.len() };
    let outcome = if policy == ImportPolicy::AllOrNothing && rejected_rows > 0 { ImportOutcome::Refused } else { ImportOutcome::Imported };
    let mut summary = vec![describe(&read.mapped, language)];
    for (label, n) in [
        (language.pick("按坐标落位", "Placed by coordinates:"), report.placed_by_coordinates),
        (language.pick("按房屋编码落位", "Placed by house code:"), report.placed_by_house_code),
        (language.pick("按地址落位", "Placed by address:"), report.placed_by_address),
        (language.pick("按人员房屋落位", "Placed by the person's house:"), report.placed_through_person),
        (language.pick("生成随访", "Follow-ups made:"), report.follow_ups),
    ] {
        if n > 0 {
            summary.push(format!("{label} {n}"));
        }
    }
    summary.push(say!(language, "涉及微网格 {}", "Micro-grids touched: {}", report.by_micro_grid.len()));
    let unassigned = report.unassigned().count();
    if unassigned > 0 {
        let why = report.register.why_unassigned_is_refused_in(language);
        summary.push(say!(language, "无法落位 {unassigned} 行（{why}）", "{unassigned} rows could not be placed ({why})"));
    }
    Ok(ImportReport {
        kind: request.kind,
        outcome,
        rows: read.count as u64,
        stored: stored as u64,
        rejected: rejected_rows as u64,
        errors: shown(errors),
        summary,
        findings: Vec::new(),
        fixes: Vec::new(),
        seconds: 0.0,
    })
}

async fn import_hotline(
    state: &AppState,
    read: ReadFile<ServiceRequestRow>,
    request: &ImportRequest,
    now: Timestamp,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<ImportReport, ApiError> {
    let policy = policy(request);
    let rows = read.mapped.rows.len();
    let language = state.loaded.read().await.as_ref().ok_or_else(not_ready)?.seat()?.language;
    let mut report = ImportReport {
        kind: request.kind,
        outcome: ImportOutcome::Refused,
        rows: rows as u64,
        stored: 0,
        rejected: 0,
        errors: Vec::new(),
        summary: vec![describe(&read.mapped, language)],
        findings: Vec::new(),
        fixes: Vec::new(),
        seconds: 0.0,
    };
    let mut errors = reader_errors(&read);
    if policy == ImportPolicy::AllOrNothing && !errors.is_empty() {
        // Refused before the engine is asked: nothing can have been written.
        report.rejected = distinct_rows(&errors) as u64;
        report.errors = shown(errors);
        return Ok(report);
    }
    let hotline_rows: Vec<HotlineRow> =
        read.records.iter().map(|(number, request)| HotlineRow { number: *number, request: request.clone() }).collect();
    let mut options = HotlineImportOptions { policy, ..HotlineImportOptions::new(wangge_domain::TicketSource::Hotline12345) };
    options.language = language;
    if let Some(saved) = &read.mapping_file {
        options.apply_mapping_file(saved, &read.mapped).map_err(|e| invalid(say!(language, "字段对应文件：{e}", "Mapping file: {e}")))?;
    }
    let done = {
        let mut guard = state.loaded.write().await;
        let loaded = guard.as_mut().ok_or_else(not_ready)?;
        let scope = loaded.seat()?.clone();
        loaded.engine.import_hotline(&scope, hotline_rows, &options, now, progress).await.for_seat(&scope)?
    };
    errors.extend(done.rejected.iter().map(|r| RowError {
        row: r.number,
        column: wangge_registers::mapping::column_of_in(&read.mapped, r.field, language),
        value: r.value.clone(),
        reason: r.reason.clone(),
    }));
    errors.sort_by_key(|e| e.row);
    report.rejected = distinct_rows(&errors) as u64;
    report.stored = done.created.len() as u64;
    report.outcome =
        if policy == ImportPolicy::AllOrNothing && !errors.is_empty() { ImportOutcome::Refused } else { ImportOutcome::Imported };
    report.summary.extend([
        say!(language, "按坐标落位 {}", "Placed by coordinates: {}", done.placed_by_point),
        say!(language, "按地址落位 {}", "Placed by address: {}", done.placed_by_address),
        say!(language, "待分拨（未落位）{}", "Awaiting dispatch (not placed): {}", done.unassigned),
    ]);
    // Values no table knew, by how often they came, so a mapping file can name them.
    let listed = |counts| {
        let (shown, others) = wangge_engine::intake::most_common(counts);
        let mut text = shown
            .iter()
            .map(|(value, n)| say!(language, "“{value}” {n}", "\"{value}\" {n}"))
            .collect::<Vec<_>>()
            .join(language.pick("、", ", "));
        if others > 0 {
            text.push_str(&say!(language, " 等，另有 {others} 种", " and {others} more"));
        }
        text
    };
    if done.unknown_category_rows() > 0 {
        let (rows, values) = (done.unknown_category_rows(), listed(&done.unknown_categories));
        report.summary.push(say!(
            language,
            "未识别类别 {rows} 行（按咨询登记）：{values}",
            "Unknown category in {rows} rows (received as enquiries): {values}"
        ));
    }
    if done.unknown_status_rows() > 0 {
        let (rows, values) = (done.unknown_status_rows(), listed(&done.unknown_statuses));
        report.summary.push(say!(
            language,
            "未识别状态 {rows} 行（按各行时间判断）：{values}",
            "Unknown status in {rows} rows (judged by each row's times): {values}"
        ));
    }
    report.errors = shown(errors);
    Ok(report)
}

/// The same operation as `wangge import boundaries` (`wangge_engine::boundary_file`): the
/// file read once, the plan made against the district, committed when the user's choice
/// allows. Codes, names, parents and micro-grid kinds come from the properties `code`,
/// `name`, `parent` and `kind`; a feature without a parent property finds it by its code.
async fn import_boundaries(state: &AppState, request: &ImportRequest, now: Timestamp) -> Result<ImportReport, ApiError> {
    let language = state.loaded.read().await.as_ref().ok_or_else(not_ready)?.seat()?.language;
    let level = match request.level.unwrap_or(Level::Grid) {
        Level::District => return Err(invalid(say!(language, "边界层级不能是区", "Boundaries cannot be imported at the district level"))),
        Level::Street => wangge_domain::Level::Street,
        Level::Community => wangge_domain::Level::Community,
        Level::Grid => wangge_domain::Level::Grid,
        Level::MicroGrid => wangge_domain::Level::MicroGrid,
    };
    let path = request.path.trim();
    if path.is_empty() {
        return Err(invalid(no_path(language)));
    }
    let given = |field: &Option<String>| field.as_deref().map(str::trim).filter(|text| !text.is_empty()).map(str::to_owned);
    let parent_from_code = given(&request.parent_from_code).map(|rule| ParentFromCode::parse(&rule)).transpose().map_err(invalid)?;
    let micro_kind = match given(&request.micro_kind) {
        Some(kind) => Some(
            MicroGridKind::parse(&kind)
                .ok_or_else(|| invalid(say!(language, "未知的微网格类型 {kind:?}", "Unknown micro-grid kind {kind:?}")))?,
        ),
        None => None,
    };
    let file_request = BoundaryFileRequest {
        path: path.into(),
        read: ReadOptions {
            mapping: PropertyMapping {
                code: given(&request.code_field).unwrap_or_else(|| "code".into()),
                name: given(&request.name_field).unwrap_or_else(|| "name".into()),
                parent: Some("parent".into()),
                kind: (level == wangge_domain::Level::MicroGrid).then(|| "kind".into()),
            },
            coords: if request.gcj02 { CoordSystem::Gcj02 } else { CoordSystem::Wgs84 },
        },
        options: BoundaryOptions {
            parent: given(&request.parent),
            fix: request.fix,
            parent_from_code,
            district_code: given(&request.district_code),
            district_name: given(&request.district_name),
            micro_kind,
            strict_codes: request.strict_codes,
            // Findings, placement problems and fixes in the seat's language.
            language,
            ..BoundaryOptions::new(level, now.local_day_start())
        },
        accept_warnings: request.accept_warnings,
    };
    let done = {
        let mut guard = state.loaded.write().await;
        let loaded = guard.as_mut().ok_or_else(not_ready)?;
        let store = loaded.engine.store().clone();
        let scope = loaded.seat()?.clone();
        import_boundary_file(&store, Some((&mut loaded.engine, &scope)), &scope.account, &file_request, now).await.for_seat(&scope)?
    };
    if let Some(err) = &done.read_error {
        return Err(invalid(say!(language, "{path} 无法作为边界文件读取：{err}", "{path} cannot be read as a boundary file: {err}")));
    }
    let planned = done
        .plan
        .as_ref()
        .ok_or_else(|| invalid(say!(language, "{path} 无法作为边界文件读取", "{path} cannot be read as a boundary file")))?;
    let outcome = match done.outcome {
        BoundaryOutcome::Refused => ImportOutcome::Refused,
        BoundaryOutcome::Cancelled => ImportOutcome::Cancelled,
        BoundaryOutcome::Unchanged => ImportOutcome::Unchanged,
        BoundaryOutcome::Imported => ImportOutcome::Imported,
    };
    let (errors, warnings) = (planned.errors(), planned.warnings());
    let s = &planned.summary;
    let stored = if outcome == ImportOutcome::Imported { s.created.len() + s.redrawn.len() + s.retired.len() } else { 0 };
    let mut summary = vec![say!(
        language,
        "{} 个要素：新建 {}，重绘 {}，不变 {}，退役 {}；错误 {errors}，警告 {warnings}",
        "{} features: {} new, {} redrawn, {} unchanged, {} retired; {errors} errors, {warnings} warnings",
        done.features,
        s.created.len(),
        s.redrawn.len(),
        s.unchanged.len(),
        s.retired.len()
    )];
    let merged = planned.notes.iter().filter(|n| n.contains("merged into one area")).count();
    if merged > 0 {
        summary.push(say!(
            language,
            "同一编码的多个要素已合并为一个区域：{merged} 处",
            "Features sharing a code were merged into one area: {merged} times"
        ));
    }
    if planned.notes.iter().any(|n| n.contains("longest code one level up")) {
        summary.push(say!(language, "未给出上级：已按编码前缀确定上级", "No parent given: parents were found by code prefix"));
    }
    let moves = &planned.moves;
    if outcome == ImportOutcome::Imported && moves.moved() > 0 {
        summary.push(say!(
            language,
            "记录随新区域下移：房屋 {}，隔离 {}，工单 {}，排查对象 {}",
            "Records moved down into the new areas: {} houses, {} isolations, {} tickets, {} screening people",
            moves.houses,
            moves.isolations,
            moves.tickets,
            moves.task_items
        ));
    }
    Ok(ImportReport {
        kind: request.kind,
        outcome,
        rows: done.features as u64,
        stored: stored as u64,
        rejected: 0,
        errors: Vec::new(),
        summary,
        findings: findings(planned),
        fixes: planned.fixes.clone(),
        seconds: 0.0,
    })
}

/// The topology report and the placement problems, as the dialog lists them: the messages are
/// already in the seat's language (the plan was made with it), the kinds are codes the dialog
/// names.
fn findings(plan: &BoundaryPlan) -> Vec<BoundaryFinding> {
    let mut out: Vec<BoundaryFinding> = plan
        .problems
        .iter()
        .map(|p| BoundaryFinding {
            severity: "error".into(),
            kind: "placement".into(),
            code: p.code.clone(),
            feature: p.feature.map(|f| f as u64),
            location: None,
            message: p.message.clone(),
        })
        .collect();
    out.extend(plan.report.findings.iter().map(|f| {
        BoundaryFinding {
            severity: match f.severity {
                geoimport::Severity::Error => "error",
                geoimport::Severity::Warning => "warning",
            }
            .into(),
            kind: serde_json::to_value(&f.kind)
                .ok()
                .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned))
                .unwrap_or_default(),
            code: f.code.clone(),
            feature: f.feature.map(|i| i as u64),
            location: f.location.map(|c| [c.x, c.y]),
            message: f.message.clone(),
        }
    }));
    out
}

/// How the file was read, in `language`.
fn describe(mapped: &MappedTable, language: Language) -> String {
    let mut text = say!(language, "读取为 {}", "Read as {}", mapped.format);
    if let Some(encoding) = mapped.encoding {
        text.push_str(&say!(language, "，{encoding}", ", {encoding}"));
    }
    if let Some(sheet) = &mapped.sheet {
        text.push_str(&say!(language, "，工作表 {sheet}", ", sheet {sheet}"));
    }
    text
}

/// The refusal of a dialog sent without a file.
fn no_path(language: Language) -> String {
    say!(language, "请填写文件路径", "Please give the file's path")
}

fn distinct_rows(errors: &[RowError]) -> usize {
    let mut rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
    rows.sort_unstable();
    rows.dedup();
    rows.len()
}

fn shown(errors: Vec<RowError>) -> Vec<ImportRowError> {
    errors
        .into_iter()
        .take(ImportReport::ERRORS_SHOWN)
        .map(|e| ImportRowError { row: e.row as u64, column: e.column, value: e.value, reason: e.reason })
        .collect()
}

fn invalid(message: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, message)
}
