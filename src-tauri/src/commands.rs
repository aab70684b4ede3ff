//! The commands the UI invokes (names in `wangge_api::commands`). They only translate: take
//! the state, call one engine function, return its result or an `ApiError`.

use tauri::{AppHandle, Emitter, State};
use wangge_api::{
    events, AccountView, ApiError, AppStatus, AsOfFigures, AsOfRequest, AuditFilter, AuditRow, BoardFilter, BriefingExport,
    BriefingPreview, Choice, DetailLevels, DetailMap, DetailMapRequest, DetailValues, DetailValuesRequest, EnterpriseDetail,
    EnterpriseFilter, EnterpriseList, ExportedBriefings, LocateRequest, Located, MapView, Progress, Reassign, RegisterPerson,
    RegisterQuery, RegisterResults, ResumptionTrend, RevealEntry, RevealRequest, SignIn, StatsReport, TicketAction, TicketDetail,
    TicketForm, TicketRow, TicketVersion, TrendRequest, WallSettings, WarningHistory, WorkBoard,
};
use wangge_domain::{Role, Timestamp};
use wangge_engine::accounts::account_view;
use wangge_engine::Clock;

use crate::startup;
use crate::state::{not_ready, AppState, ForSeat, Seat};

/// Signs in at this window: every later command is answered in the account's scope, and
/// worded in its language (a refused sign-in, before anyone is known, in Chinese).
#[tauri::command]
pub async fn sign_in(app: AppHandle, state: State<'_, AppState>, credentials: SignIn) -> Result<AccountView, ApiError> {
    let mut guard = state.loaded.write().await;
    let loaded = guard.as_mut().ok_or_else(not_ready)?;
    let signed_in = loaded.accounts.sign_in(credentials.name.trim(), &credentials.password, None, now()).await?;
    let language = signed_in.account.language;
    let view = account_view(&loaded.engine.district().hierarchy, &signed_in.account).map_err(|e| e.into_api(language))?;
    tracing::info!(account = %view.name, role = %view.role, "signed in");
    if signed_in.account.administrator {
        // The administrator has it now; it is not shown again.
        loaded.first_password = None;
    }
    let mut scope = signed_in.account.scope();
    // A wall window shows aggregates only, whoever signed in at it; a wall account's
    // window is a wall without being told.
    let wall = state.wall.or_else(|| (scope.role == Role::WallScreen).then(WallSettings::default));
    if wall.is_some() {
        scope.role = Role::WallScreen;
    }
    let can = wangge_engine::accounts::abilities(scope.role);
    loaded.seat = Some(Seat { scope, token: signed_in.token });
    let mut ready = loaded.ready.clone();
    if let AppStatus::Ready { wall: shown, abilities, language: reads, notices, .. } = &mut ready {
        *shown = wall;
        *abilities = can;
        *reads = language;
        *notices = loaded.engine.startup_notices(now(), language);
    }
    startup::publish(&app, ready);
    Ok(view)
}

/// Signs out: the session ends and the window asks to sign in again.
#[tauri::command]
pub async fn sign_out(app: AppHandle, state: State<'_, AppState>) -> Result<(), ApiError> {
    let mut guard = state.loaded.write().await;
    let loaded = guard.as_mut().ok_or_else(not_ready)?;
    if let Some(seat) = loaded.seat.take() {
        loaded.accounts.sign_out(&seat.token).await.for_seat(&seat.scope)?;
        tracing::info!(account = %seat.scope.account, "signed out");
    }
    startup::publish(&app, loaded.awaiting_sign_in());
    Ok(())
}

/// Keeps the signed-in account's language; the window is drawn in it again at once.
#[tauri::command]
pub async fn set_language(app: AppHandle, state: State<'_, AppState>, language: wangge_api::Language) -> Result<(), ApiError> {
    let mut guard = state.loaded.write().await;
    let loaded = guard.as_mut().ok_or_else(not_ready)?;
    let seat = loaded.seat.as_mut().ok_or_else(|| wangge_engine::accounts::AccountError::NoSession)?;
    loaded.accounts.set_language(&seat.scope.account, language).await.for_seat(&seat.scope)?;
    seat.scope.language = language;
    tracing::info!(account = %seat.scope.account, language = language.tag(), "language set");
    let mut shown = state.status();
    if let AppStatus::Ready { language: now_in, notices, .. } = &mut shown {
        *now_in = language;
        *notices = loaded.engine.startup_notices(now(), language);
        startup::publish(&app, shown);
    }
    Ok(())
}

/// Where the shell is in opening its database.
#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    state.status()
}

/// Sets which district the window works on: a server's address, or none for this machine's
/// database (opened now if it was not). Returns the status the window shows next.
#[tauri::command]
pub async fn set_server(app: AppHandle, state: State<'_, AppState>, url: Option<String>) -> Result<AppStatus, ApiError> {
    match crate::connection::remember(url.as_deref())? {
        Some(url) => {
            tracing::info!(server = %url, "the window is set to a server");
            crate::startup::publish(&app, AppStatus::Server { url: url.clone() });
            Ok(AppStatus::Server { url })
        }
        None => {
            tracing::info!("the window is set to this machine's database");
            let next = match state.loaded.read().await.as_ref() {
                Some(loaded) if loaded.seat.is_some() => loaded.ready.clone(),
                Some(loaded) => loaded.awaiting_sign_in(),
                None => AppStatus::Loading { progress: wangge_api::Progress { stage: "打开数据库".into(), done: 0, total: 1 } },
            };
            crate::startup::publish(&app, next.clone());
            // Opened once per process: a no-op when this machine's database is open already.
            crate::startup::open_once(&app);
            Ok(next)
        }
    }
}

/// Checks that the remembered server answers, then loads its page in the window.
#[tauri::command]
pub async fn connect_server(app: AppHandle) -> Result<(), ApiError> {
    let server = crate::connection::remembered().ok_or_else(|| ApiError::new(wangge_api::ErrorCode::InvalidInput, "尚未设置服务器地址"))?;
    crate::connection::check(&server).await?;
    crate::connection::open_in_window(&app, &server)
}

/// The children of a node (default: the scope's root) as map areas with their figures.
#[tauri::command]
pub async fn map_view(state: State<'_, AppState>, code: Option<String>) -> Result<MapView, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    let view = loaded.engine.map_view(scope, code.as_deref()).for_seat(scope)?;
    state.mark_map_served();
    Ok(view)
}

/// The figures of a node and its children, as `wangge stats --json` prints them.
#[tauri::command]
pub async fn stats(state: State<'_, AppState>, code: Option<String>) -> Result<StatsReport, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.stats(scope, code.as_deref()).for_seat(scope)
}

/// The figures of a node and its children at the end of a past day (or now), with the day
/// before's: the as-of control and the day-on-day change of the figures panel.
#[tauri::command]
pub async fn figures_as_of(state: State<'_, AppState>, request: AsOfRequest) -> Result<AsOfFigures, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.figures_as_of(scope, &request, now()).await.for_seat(scope)
}

/// 复工进度: resumption at the end of each of the last days under a node.
#[tauri::command]
pub async fn resumption_trend(state: State<'_, AppState>, request: TrendRequest) -> Result<ResumptionTrend, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.resumption_trend(scope, &request, now()).await.for_seat(scope)
}

/// Every place under a node as plane geometry, for the full-detail map (挂图作战).
#[tauri::command]
pub async fn detail_map(state: State<'_, AppState>, request: DetailMapRequest) -> Result<DetailMap, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.detail_map(scope, &request).for_seat(scope)
}

/// One metric at every place of a node's full-detail map, in its order.
#[tauri::command]
pub async fn detail_values(state: State<'_, AppState>, request: DetailValuesRequest) -> Result<DetailValues, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.detail_values(scope, &request).for_seat(scope)
}

/// Every place's warning level, in the order of the node's full-detail map.
#[tauri::command]
pub async fn detail_levels(state: State<'_, AppState>, request: DetailMapRequest) -> Result<DetailLevels, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.detail_levels(scope, &request).for_seat(scope)
}

/// The place a point lies in, within the seat's scope.
#[tauri::command]
pub async fn locate(state: State<'_, AppState>, request: LocateRequest) -> Result<Option<Located>, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.locate(scope, &request).for_seat(scope)
}

/// 预览简报: the briefing of the focused node for the day shown, drawn but not written.
#[tauri::command]
pub async fn preview_briefing(state: State<'_, AppState>, request: BriefingExport) -> Result<BriefingPreview, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.preview_briefing(scope, &request, now()).await.for_seat(scope)
}

/// 导出简报: draws the briefing of a node for a day (and of each child when asked) into the
/// briefings folder, with `export-progress` events as each one is written.
#[tauri::command]
pub async fn export_briefing(app: AppHandle, state: State<'_, AppState>, request: BriefingExport) -> Result<ExportedBriefings, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    let folder = wangge_engine::paths::briefings_dir(scope.language).for_seat(scope)?;
    let progress = move |p: Progress| {
        if let Err(error) = app.emit(events::EXPORT_PROGRESS, p) {
            tracing::warn!(%error, "could not emit export-progress");
        }
    };
    let exported = loaded.engine.export_briefing(scope, &request, &folder, now(), &progress).await.for_seat(scope)?;
    tracing::info!(briefings = exported.briefings, files = exported.files.len(), folder = %exported.folder, "briefings exported");
    Ok(exported)
}

/// The work board of a node: ticket rows, SLA counts and the workload of the units below it.
#[tauri::command]
pub async fn work_board(state: State<'_, AppState>, filter: BoardFilter) -> Result<WorkBoard, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.work_board(scope, &filter, now()).for_seat(scope)
}

/// One ticket with its timeline and each owning unit's deadlines.
#[tauri::command]
pub async fn ticket_detail(state: State<'_, AppState>, id: i64) -> Result<TicketDetail, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.ticket_detail(scope, id, now()).for_seat(scope)
}

/// The enterprises under a node: the breakdown, and the matching enterprises for roles that
/// see case rows.
#[tauri::command]
pub async fn enterprises(state: State<'_, AppState>, filter: EnterpriseFilter) -> Result<EnterpriseList, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.enterprise_list(scope, &filter, now()).for_seat(scope)
}

/// One enterprise with its demands and its workers on record.
#[tauri::command]
pub async fn enterprise_detail(state: State<'_, AppState>, id: i64) -> Result<EnterpriseDetail, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.enterprise_detail(scope, id, now()).for_seat(scope)
}

/// Houses under a node with their people, found by address, code, name, ID number or phone.
#[tauri::command]
pub async fn register_search(state: State<'_, AppState>, query: RegisterQuery) -> Result<RegisterResults, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.register_search(scope, &query, now()).for_seat(scope)
}

/// A node's warning level at the end of each of the last days (预警记录).
#[tauri::command]
pub async fn warning_history(state: State<'_, AppState>, request: TrendRequest) -> Result<WarningHistory, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.warning_history(scope, &request, now()).await.for_seat(scope)
}

/// One person's personal data in full (查看), logged with who asked and why first.
#[tauri::command]
pub async fn reveal_person(state: State<'_, AppState>, request: RevealRequest) -> Result<RegisterPerson, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.reveal_person(scope, &request, now()).await.for_seat(scope)
}

/// The latest reveals of personal data within the seat's scope, newest first.
#[tauri::command]
pub async fn reveal_log(state: State<'_, AppState>) -> Result<Vec<RevealEntry>, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.reveal_log(scope).await.for_seat(scope)
}

/// One step on one ticket (accept, start, resolve, supervise, …), decided on `ticket`'s
/// version; a stale version is refused as a conflict with the ticket as it now stands.
#[tauri::command]
pub async fn ticket_act(state: State<'_, AppState>, ticket: TicketVersion, action: TicketAction) -> Result<TicketRow, ApiError> {
    let mut guard = state.loaded.write().await;
    let loaded = guard.as_mut().ok_or_else(not_ready)?;
    let scope = loaded.seat()?.clone();
    loaded.engine.act(&scope, ticket, action, now()).await.for_seat(&scope)
}

/// 改派: moves tickets to another unit, all or nothing, with a reason.
#[tauri::command]
pub async fn reassign(state: State<'_, AppState>, request: Reassign) -> Result<Vec<TicketRow>, ApiError> {
    let mut guard = state.loaded.write().await;
    let loaded = guard.as_mut().ok_or_else(not_ready)?;
    let scope = loaded.seat()?.clone();
    loaded.engine.reassign(&scope, &request, now()).await.for_seat(&scope)
}

/// The audit trail: who changed which record when, with before and after, newest first.
#[tauri::command]
pub async fn audit(state: State<'_, AppState>, filter: AuditFilter) -> Result<Vec<AuditRow>, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    let scope = loaded.seat()?;
    loaded.engine.audit(scope, &filter).await.for_seat(scope)
}

/// 受理登记: creates the ticket the intake form describes (placed by micro-grid, point or
/// address, else sent to triage) and returns its board row. Refusals name the field first
/// (`summary: …`).
#[tauri::command]
pub async fn submit_ticket(state: State<'_, AppState>, form: TicketForm) -> Result<TicketRow, ApiError> {
    let mut guard = state.loaded.write().await;
    let loaded = guard.as_mut().ok_or_else(not_ready)?;
    let scope = loaded.seat()?.clone();
    loaded.engine.submit_form(&scope, &form, now()).await.for_seat(&scope)
}

/// The categories the intake form offers, with their Chinese names.
#[tauri::command]
pub async fn ticket_categories(state: State<'_, AppState>) -> Result<Vec<Choice>, ApiError> {
    let guard = state.loaded.read().await;
    let loaded = guard.as_ref().ok_or_else(not_ready)?;
    Ok(loaded.engine.ticket_categories())
}

/// The instant the engine is asked about: `WANGGE_NOW` when set (startup refused an
/// unreadable one), else the system clock.
pub(crate) fn now() -> Timestamp {
    Clock::from_env().unwrap_or(Clock::System).now()
}

/// The UI's report of its first map paint; logged with the time since process start and,
/// when `WANGGE_TIMINGS` names a file, appended there as one JSON line (for the benchmarks).
#[tauri::command]
pub fn report_first_paint(state: State<'_, AppState>, ms_since_page_start: f64) {
    let since_process_start = state.started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(ms_since_page_start, since_process_start, "first map paint");
    if let Some(path) = std::env::var_os("WANGGE_TIMINGS") {
        let line = serde_json::json!({
            "event": "first_map_paint",
            "ms_since_process_start": since_process_start,
            "ms_since_page_start": ms_since_page_start,
        });
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut file| std::io::Write::write_all(&mut file, format!("{line}\n").as_bytes()));
        if let Err(error) = written {
            tracing::warn!(%error, "could not write WANGGE_TIMINGS");
        }
    }
}

#[cfg(test)]
mod tests {
    use wangge_api::commands;

    /// Tauri names a command after its function; the UI calls it by the shared constant.
    #[test]
    fn command_names_match_the_shared_contract() {
        assert_eq!(stringify!(app_status), commands::APP_STATUS);
        assert_eq!(stringify!(map_view), commands::MAP_VIEW);
        assert_eq!(stringify!(stats), commands::STATS);
        assert_eq!(stringify!(detail_map), commands::DETAIL_MAP);
        assert_eq!(stringify!(detail_values), commands::DETAIL_VALUES);
        assert_eq!(stringify!(locate), commands::LOCATE);
        assert_eq!(stringify!(detail_levels), commands::DETAIL_LEVELS);
        assert_eq!(stringify!(report_first_paint), commands::REPORT_FIRST_PAINT);
        assert_eq!(stringify!(work_board), commands::WORK_BOARD);
        assert_eq!(stringify!(ticket_detail), commands::TICKET_DETAIL);
        assert_eq!(stringify!(enterprises), commands::ENTERPRISES);
        assert_eq!(stringify!(register_search), commands::REGISTER_SEARCH);
        assert_eq!(stringify!(reveal_person), commands::REVEAL_PERSON);
        assert_eq!(stringify!(reveal_log), commands::REVEAL_LOG);
        assert_eq!(stringify!(warning_history), commands::WARNING_HISTORY);
        assert_eq!(stringify!(enterprise_detail), commands::ENTERPRISE_DETAIL);
        assert_eq!(stringify!(resumption_trend), commands::RESUMPTION_TREND);
        assert_eq!(stringify!(screening_batches), commands::SCREENING_BATCHES);
        assert_eq!(stringify!(task_progress), commands::TASK_PROGRESS);
        assert_eq!(stringify!(screening_work), commands::SCREENING_WORK);
        assert_eq!(stringify!(record_outcome), commands::RECORD_OUTCOME);
        assert_eq!(stringify!(verify_part), commands::VERIFY_PART);
        assert_eq!(stringify!(import_screening), commands::IMPORT_SCREENING);
        assert_eq!(stringify!(export_screening), commands::EXPORT_SCREENING);
        assert_eq!(stringify!(rental_board), commands::RENTAL_BOARD);
        assert_eq!(stringify!(landlord_detail), commands::LANDLORD_DETAIL);
        assert_eq!(stringify!(score_landlord), commands::SCORE_LANDLORD);
        assert_eq!(stringify!(ticket_act), commands::TICKET_ACT);
        assert_eq!(stringify!(reassign), commands::REASSIGN);
        assert_eq!(stringify!(audit), commands::AUDIT);
        assert_eq!(stringify!(submit_ticket), commands::SUBMIT_TICKET);
        assert_eq!(stringify!(ticket_categories), commands::TICKET_CATEGORIES);
        assert_eq!(stringify!(import_file), commands::IMPORT_FILE);
        assert_eq!(stringify!(sign_in), commands::SIGN_IN);
        assert_eq!(stringify!(set_server), commands::SET_SERVER);
        assert_eq!(stringify!(connect_server), commands::CONNECT_SERVER);
        assert_eq!(stringify!(sign_out), commands::SIGN_OUT);
        assert_eq!(stringify!(set_language), commands::SET_LANGUAGE);
        assert_eq!(stringify!(figures_as_of), commands::FIGURES_AS_OF);
        assert_eq!(stringify!(export_briefing), commands::EXPORT_BRIEFING);
        assert_eq!(stringify!(preview_briefing), commands::PREVIEW_BRIEFING);
    }
}
