//! `POST /api/call/{command}`: every command the desktop shell offers, by the same name
//! (`wangge_api::commands`) with the same JSON arguments, answered with the same JSON — so the
//! one UI talks to either transport, and a seat on the server can do what a desktop can.
//! Each arm only decodes the arguments and calls one engine operation with the seat's scope.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wangge_api::{
    commands, ApiError, AppStatus, AsOfRequest, AuditFilter, BoardFilter, BriefingExport, DetailMapRequest, DetailValuesRequest,
    EnterpriseFilter, ErrorCode, LandlordScoreForm, LocateRequest, Reassign, RegisterQuery, RentalQuery, RevealRequest, ScreeningQuery,
    TaskOutcome, TicketAction, TicketForm, TicketVersion, TrendRequest, WallSettings,
};
use wangge_domain::Language;
use wangge_engine::{Engine, EngineError};

use super::{failure, Seat};
use crate::state::AppState;

/// The commands served here, reads then writes. `import_file` names a path on the machine
/// running the shell, which a browser seat does not have; imports come through the command
/// line against the server's database, or the desktop. So does `export_briefing`, whose files
/// would land on the server: `wangge brief` makes them there.
pub const SERVED: [&str; 32] = [
    commands::APP_STATUS,
    commands::MAP_VIEW,
    commands::STATS,
    commands::DETAIL_MAP,
    commands::DETAIL_VALUES,
    commands::DETAIL_LEVELS,
    commands::LOCATE,
    commands::FIGURES_AS_OF,
    commands::PREVIEW_BRIEFING,
    commands::WORK_BOARD,
    commands::TICKET_DETAIL,
    commands::ENTERPRISES,
    commands::ENTERPRISE_DETAIL,
    commands::RESUMPTION_TREND,
    commands::REGISTER_SEARCH,
    commands::REVEAL_LOG,
    commands::WARNING_HISTORY,
    commands::SCREENING_BATCHES,
    commands::TASK_PROGRESS,
    commands::SCREENING_WORK,
    commands::RENTAL_BOARD,
    commands::LANDLORD_DETAIL,
    commands::AUDIT,
    commands::TICKET_CATEGORIES,
    commands::TICKET_ACT,
    commands::REASSIGN,
    commands::SUBMIT_TICKET,
    commands::RECORD_OUTCOME,
    commands::SCORE_LANDLORD,
    commands::VERIFY_PART,
    commands::REVEAL_PERSON,
    commands::SET_LANGUAGE,
];

#[derive(Deserialize)]
struct CodeArgs {
    code: Option<String>,
}

#[derive(Deserialize)]
struct FilterArgs<F> {
    filter: F,
}

#[derive(Deserialize)]
struct RequestArgs<R> {
    request: R,
}

#[derive(Deserialize)]
struct RevealArgs {
    request: RevealRequest,
}

#[derive(Deserialize)]
struct LanguageArgs {
    language: wangge_api::Language,
}

#[derive(Deserialize)]
struct IdArgs {
    id: i64,
}

#[derive(Deserialize)]
struct QueryArgs {
    query: ScreeningQuery,
}

#[derive(Deserialize)]
struct RegisterArgs {
    query: RegisterQuery,
}

#[derive(Deserialize)]
struct RentalArgs {
    query: RentalQuery,
}

#[derive(Deserialize)]
struct ScoreArgs {
    form: LandlordScoreForm,
}

#[derive(Deserialize)]
struct OutcomeArgs {
    item: i64,
    outcome: TaskOutcome,
}

#[derive(Deserialize)]
struct ActArgs {
    ticket: TicketVersion,
    action: TicketAction,
}

#[derive(Deserialize)]
struct AsOfArgs {
    request: AsOfRequest,
}

#[derive(Deserialize)]
struct TrendArgs {
    request: TrendRequest,
}

#[derive(Deserialize)]
struct BriefingArgs {
    request: BriefingExport,
}

#[derive(Deserialize)]
struct ReassignArgs {
    request: Reassign,
}

#[derive(Deserialize)]
struct FormArgs {
    form: TicketForm,
}

pub(crate) async fn call(
    State(state): State<AppState>,
    Extension(seat): Extension<Seat>,
    Path(command): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let scope = seat.account.scope();
    let language = scope.language;
    let args: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Default::default())
    } else {
        match serde_json::from_slice(&body) {
            Ok(args) => args,
            Err(err) => {
                let message = say!(language, "{command} 的参数不是 JSON：{err}", "The arguments of {command} are not JSON: {err}");
                return failure(ApiError::new(ErrorCode::InvalidInput, message));
            }
        }
    };
    let now = state.clock.now();
    let outcome = match command.as_str() {
        commands::APP_STATUS => {
            let engine = state.engine.read().await;
            answer(language, Ok::<_, EngineError>(app_status(&engine, &scope, now)))
        }
        commands::MAP_VIEW => {
            read(&state, &command, &args, language, |engine, a: CodeArgs| engine.map_view(&scope, a.code.as_deref())).await
        }
        commands::STATS => read(&state, &command, &args, language, |engine, a: CodeArgs| engine.stats(&scope, a.code.as_deref())).await,
        commands::DETAIL_MAP => {
            read(&state, &command, &args, language, |engine, a: RequestArgs<DetailMapRequest>| engine.detail_map(&scope, &a.request)).await
        }
        commands::DETAIL_VALUES => {
            read(&state, &command, &args, language, |engine, a: RequestArgs<DetailValuesRequest>| engine.detail_values(&scope, &a.request))
                .await
        }
        commands::DETAIL_LEVELS => {
            read(&state, &command, &args, language, |engine, a: RequestArgs<DetailMapRequest>| engine.detail_levels(&scope, &a.request))
                .await
        }
        commands::LOCATE => {
            read(&state, &command, &args, language, |engine, a: RequestArgs<LocateRequest>| engine.locate(&scope, &a.request)).await
        }
        commands::WORK_BOARD => {
            read(&state, &command, &args, language, |engine, a: FilterArgs<BoardFilter>| engine.work_board(&scope, &a.filter, now)).await
        }
        commands::TICKET_DETAIL => {
            read(&state, &command, &args, language, |engine, a: IdArgs| engine.ticket_detail(&scope, a.id, now)).await
        }
        commands::ENTERPRISES => {
            read(&state, &command, &args, language, |engine, a: FilterArgs<EnterpriseFilter>| {
                engine.enterprise_list(&scope, &a.filter, now)
            })
            .await
        }
        commands::ENTERPRISE_DETAIL => {
            read(&state, &command, &args, language, |engine, a: IdArgs| engine.enterprise_detail(&scope, a.id, now)).await
        }
        commands::REGISTER_SEARCH => {
            read(&state, &command, &args, language, |engine, a: RegisterArgs| engine.register_search(&scope, &a.query, now)).await
        }
        commands::SCREENING_BATCHES => {
            read(&state, &command, &args, language, |engine, a: QueryArgs| engine.screening_batches(&scope, a.query.node.as_deref(), now))
                .await
        }
        commands::TASK_PROGRESS => {
            read(&state, &command, &args, language, |engine, a: QueryArgs| {
                engine.task_progress(&scope, a.query.node.as_deref(), a.query.batch.as_deref(), now)
            })
            .await
        }
        commands::SCREENING_WORK => {
            read(&state, &command, &args, language, |engine, a: QueryArgs| {
                engine.screening_work(&scope, a.query.node.as_deref(), a.query.batch.as_deref().unwrap_or_default(), now)
            })
            .await
        }
        commands::RENTAL_BOARD => {
            read(&state, &command, &args, language, |engine, a: RentalArgs| engine.rental_board(&scope, &a.query, now)).await
        }
        commands::LANDLORD_DETAIL => {
            read(&state, &command, &args, language, |engine, a: IdArgs| engine.landlord_detail(&scope, a.id, now)).await
        }
        commands::TICKET_CATEGORIES => {
            read(&state, &command, &args, language, |engine, _: Value| Ok::<_, EngineError>(engine.ticket_categories())).await
        }
        commands::RESUMPTION_TREND => match decode::<TrendArgs>(&command, &args, language) {
            Ok(a) => answer(language, state.engine.read().await.resumption_trend(&scope, &a.request, now).await),
            Err(refusal) => Err(refusal),
        },
        commands::FIGURES_AS_OF => match decode::<AsOfArgs>(&command, &args, language) {
            Ok(a) => answer(language, state.engine.read().await.figures_as_of(&scope, &a.request, now).await),
            Err(refusal) => Err(refusal),
        },
        commands::PREVIEW_BRIEFING => match decode::<BriefingArgs>(&command, &args, language) {
            Ok(a) => answer(language, state.engine.read().await.preview_briefing(&scope, &a.request, now).await),
            Err(refusal) => Err(refusal),
        },
        commands::WARNING_HISTORY => match decode::<TrendArgs>(&command, &args, language) {
            Ok(a) => answer(language, state.engine.read().await.warning_history(&scope, &a.request, now).await),
            Err(refusal) => Err(refusal),
        },
        commands::REVEAL_LOG => answer(language, state.engine.read().await.reveal_log(&scope).await),
        commands::REVEAL_PERSON => match decode::<RevealArgs>(&command, &args, language) {
            Ok(a) => answer(language, state.engine.read().await.reveal_person(&scope, &a.request, now).await),
            Err(refusal) => Err(refusal),
        },
        commands::AUDIT => match decode::<FilterArgs<AuditFilter>>(&command, &args, language) {
            Ok(a) => answer(language, state.engine.read().await.audit(&scope, &a.filter).await),
            Err(refusal) => Err(refusal),
        },
        commands::TICKET_ACT => match decode::<ActArgs>(&command, &args, language) {
            Ok(a) => answer(language, state.engine.write().await.act(&scope, a.ticket, a.action, now).await),
            Err(refusal) => Err(refusal),
        },
        commands::REASSIGN => match decode::<ReassignArgs>(&command, &args, language) {
            Ok(a) => answer(language, state.engine.write().await.reassign(&scope, &a.request, now).await),
            Err(refusal) => Err(refusal),
        },
        commands::RECORD_OUTCOME => match decode::<OutcomeArgs>(&command, &args, language) {
            Ok(a) => answer(language, state.engine.write().await.record_outcome(&scope, a.item, a.outcome, now).await),
            Err(refusal) => Err(refusal),
        },
        commands::VERIFY_PART => match decode::<IdArgs>(&command, &args, language) {
            Ok(a) => answer(language, state.engine.write().await.verify_part(&scope, a.id, now).await),
            Err(refusal) => Err(refusal),
        },
        commands::SCORE_LANDLORD => match decode::<ScoreArgs>(&command, &args, language) {
            Ok(a) => answer(language, state.engine.write().await.score_landlord(&scope, &a.form, now).await),
            Err(refusal) => Err(refusal),
        },
        commands::SUBMIT_TICKET => match decode::<FormArgs>(&command, &args, language) {
            Ok(a) => answer(language, state.engine.write().await.submit_form(&scope, &a.form, now).await),
            Err(refusal) => Err(refusal),
        },
        commands::SET_LANGUAGE => match decode::<LanguageArgs>(&command, &args, language) {
            Ok(a) => {
                state.accounts.set_language(&seat.account.name, a.language).await.map(|()| Value::Null).map_err(|e| e.into_api(language))
            }
            Err(refusal) => Err(refusal),
        },
        other => Err(ApiError::new(ErrorCode::NotFound, say!(language, "没有名为 {other} 的操作", "There is no operation named {other}"))),
    };
    match outcome {
        Ok(value) => Json(value).into_response(),
        Err(err) => {
            if matches!(err.code, ErrorCode::Storage | ErrorCode::Internal) {
                tracing::warn!(account = %scope.account, command = %command, "call failed: {}", err.message);
            }
            failure(err)
        }
    }
}

/// What the desktop's `app_status` answers once its database is open, worded in the seat's
/// language. A wall-screen account gets the wall.
fn app_status(engine: &Engine, scope: &wangge_domain::Scope, now: wangge_domain::Timestamp) -> AppStatus {
    let database = match engine.store().backend() {
        wangge_engine::Backend::Postgres => "PostgreSQL",
        wangge_engine::Backend::Sqlite => "SQLite",
    };
    AppStatus::Ready {
        district: engine.district_ref(),
        database: say!(scope.language, "服务器（{database}）", "Server ({database})"),
        notices: engine.startup_notices(now, scope.language),
        wall: (scope.role == wangge_domain::Role::WallScreen).then(WallSettings::default),
        abilities: wangge_engine::accounts::abilities(scope.role),
        language: scope.language,
    }
}

/// Decodes the arguments and runs a read under the engine's read lock; refusals are worded in
/// the seat's `language`.
async fn read<A: DeserializeOwned, T: Serialize>(
    state: &AppState,
    command: &str,
    args: &Value,
    language: Language,
    operation: impl FnOnce(&Engine, A) -> Result<T, EngineError>,
) -> Result<Value, ApiError> {
    let decoded = decode::<A>(command, args, language)?;
    let engine = state.engine.read().await;
    answer(language, operation(&engine, decoded))
}

fn decode<A: DeserializeOwned>(command: &str, args: &Value, language: Language) -> Result<A, ApiError> {
    A::deserialize(args).map_err(|err| {
        ApiError::new(ErrorCode::InvalidInput, say!(language, "{command} 的参数有误：{err}", "The arguments of {command} are wrong: {err}"))
    })
}

/// The operation's answer as JSON, or its refusal worded in the seat's `language`.
fn answer<T: Serialize>(language: Language, outcome: Result<T, EngineError>) -> Result<Value, ApiError> {
    let value = outcome.map_err(|err| err.into_api(language))?;
    serde_json::to_value(value).map_err(|err| ApiError::new(ErrorCode::Internal, format!("encoding the answer: {err}")))
}
