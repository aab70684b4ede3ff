//! Refusals and notices in the seat's language: the same operations asked by a scope that
//! reads English get English (no Chinese character or full-width mark around the data), and
//! by one that reads Chinese exactly the words the command line has always printed.

use std::sync::Mutex;

use wangge_api as api;
use wangge_domain::{Hierarchy, Language, Role, Scope, Timestamp};
use wangge_engine::accounts::{AccountError, Accounts, NewAccount};
use wangge_engine::{Engine, EngineError};

use crate::support::{two_seats, NOW};

/// Whether a text holds Chinese characters or full-width punctuation.
fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}'))
}

fn english(scope: &Scope) -> Scope {
    Scope { language: Language::English, ..scope.clone() }
}

/// The error as the seat reading `language` is told it, checked to be in that language.
fn told(error: EngineError, language: Language) -> api::ApiError {
    let answer = error.into_api(language);
    assert_eq!(has_chinese(&answer.message), language == Language::Chinese, "{language:?}: {}", answer.message);
    answer
}

/// The first two streets' codes.
fn two_streets(engine: &Engine) -> (String, String) {
    let hierarchy = &engine.district().hierarchy;
    let streets = hierarchy.children(hierarchy.root());
    (hierarchy.node(streets[0]).code.0.clone(), hierarchy.node(streets[1]).code.0.clone())
}

#[tokio::test]
async fn scope_refusals_and_unknown_areas_come_in_the_seats_language() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let (own, other) = two_streets(&engine);
    let leader = Scope::new("li", Role::Leader, own.clone());

    let outside = |scope: &Scope| engine.stats(scope, Some(&other)).unwrap_err();
    let said = told(outside(&english(&leader)), Language::English);
    assert_eq!(said.code, api::ErrorCode::OutsideScope);
    assert_eq!(said.message, format!("Area {other} is outside the scope of account li ({own})"));
    let said = told(outside(&leader), Language::Chinese);
    assert_eq!(said.message, format!("区域 {other} 不在账号 li 的管辖范围（{own}）内"));
    // The command line's conversion is the Chinese one.
    assert_eq!(api::ApiError::from(outside(&english(&leader))).message, said.message);

    let unknown = told(engine.stats(&english(&leader), Some("NOPE")).unwrap_err(), Language::English);
    assert_eq!((unknown.code, unknown.message.as_str()), (api::ErrorCode::NotFound, "There is no area with code NOPE"));
    assert_eq!(told(engine.stats(&leader, Some("NOPE")).unwrap_err(), Language::Chinese).message, "没有编码为 NOPE 的区域");

    // A viewer changes nothing, whatever it asks.
    let viewer = Scope::new("kan", Role::Viewer, own.clone());
    let board = engine.work_board(&engine.district_scope("probe"), &api::BoardFilter::default(), NOW).unwrap();
    let ticket = api::TicketVersion { id: board.rows[0].id, version: board.rows[0].version };
    let refused = engine.act(&english(&viewer), ticket, api::TicketAction::Close, NOW).await.unwrap_err();
    assert_eq!(told(refused, Language::English).message, "Account kan (Viewer) may not change data");
    let refused = engine.act(&viewer, ticket, api::TicketAction::Close, NOW).await.unwrap_err();
    assert_eq!(told(refused, Language::Chinese).message, "账号 kan（查看员）无权修改数据");
}

#[tokio::test]
async fn a_step_the_ticket_does_not_allow_is_refused_in_the_seats_language() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let commander = engine.district_scope("commander-wang");
    let board = engine
        .work_board(&commander, &api::BoardFilter { status: Some(api::TicketStatus::Closed), limit: Some(1), ..Default::default() }, NOW)
        .unwrap();
    let closed = board.rows.first().expect("the demo has a closed ticket");
    let ticket = api::TicketVersion { id: closed.id, version: closed.version };
    let refused = engine.act(&english(&commander), ticket, api::TicketAction::Close, NOW).await.unwrap_err();
    let said = told(refused, Language::English);
    assert_eq!(said.code, api::ErrorCode::InvalidInput);
    assert!(said.message.starts_with(&format!("Ticket {} is closed: cannot close it", closed.id)), "{}", said.message);
    let refused = engine.act(&commander, ticket, api::TicketAction::Close, NOW).await.unwrap_err();
    assert!(told(refused, Language::Chinese).message.contains("已关闭，不能关闭"));
}

#[tokio::test]
async fn briefing_and_history_refusals_and_progress_come_in_the_seats_language() {
    let (dir, engine, _) = two_seats(11).await;
    let (own, _) = two_streets(&engine);
    let leader = Scope::new("li", Role::Leader, own.clone());
    let en = english(&leader);

    let bad_date = api::AsOfRequest { code: None, date: Some("2026-02-30".into()) };
    let said = told(engine.figures_as_of(&en, &bad_date, NOW).await.unwrap_err(), Language::English);
    assert_eq!(said.message, "date: \"2026-02-30\" is not a date; write it as YYYY-MM-DD, for example 2026-12-01");
    let said = told(engine.figures_as_of(&leader, &bad_date, NOW).await.unwrap_err(), Language::Chinese);
    assert_eq!(said.message, "date：“2026-02-30”不是日期，应写作 YYYY-MM-DD，例如 2026-12-01");

    let tomorrow = api::AsOfRequest { code: None, date: Some("2026-11-24".into()) };
    let said = told(engine.figures_as_of(&en, &tomorrow, NOW).await.unwrap_err(), Language::English);
    assert_eq!(said.message, "The briefing's date 2026-11-24 is after today (2026-11-23): there are no figures yet");
    told(engine.figures_as_of(&leader, &tomorrow, NOW).await.unwrap_err(), Language::Chinese);

    let template = wangge_brief::template::BUNDLED[0].0.to_owned();
    let nameless = api::BriefingExport { code: None, date: "2026-11-22".into(), template: "nope".into(), children: false };
    let said = told(engine.preview_briefing(&en, &nameless, NOW).await.unwrap_err(), Language::English);
    assert!(said.message.starts_with("template: there is no briefing template named nope (there are "), "{}", said.message);
    let said = told(engine.preview_briefing(&leader, &nameless, NOW).await.unwrap_err(), Language::Chinese);
    assert!(said.message.starts_with("template：没有名为 nope 的简报模板（有 "), "{}", said.message);

    let too_long = api::TrendRequest { node: None, days: Some(1000) };
    let said = told(engine.warning_history(&en, &too_long, NOW).await.unwrap_err(), Language::English);
    assert_eq!(said.message, "Days: 1000 is not between 1 and 92");
    let said = told(engine.warning_history(&leader, &too_long, NOW).await.unwrap_err(), Language::Chinese);
    assert_eq!(said.message, "天数：1000 不在 1 到 92 之间");

    // Drawing a briefing reports its stage in the seat's language.
    for (scope, stage) in [(&en, "Drawing briefings"), (&leader, "绘制简报")] {
        let stages = Mutex::new(Vec::new());
        let request = api::BriefingExport { code: None, date: "2026-11-22".into(), template: template.clone(), children: false };
        let out = dir.path().join(format!("briefings-{:?}", scope.language));
        let progress = |p: api::Progress| stages.lock().unwrap().push(p.stage);
        engine.export_briefing(scope, &request, &out, NOW, &progress).await.unwrap();
        assert_eq!(stages.into_inner().unwrap(), [stage]);
    }
}

#[tokio::test]
async fn the_calendar_notice_comes_in_the_seats_language() {
    let (_dir, engine, _) = two_seats(11).await;
    // In December the next year's holiday notice is due; 2027's is not bundled.
    let december = Timestamp::from_local(2026, 12, 15, 10, 0);
    let chinese = engine.startup_notices(december, Language::Chinese);
    let english = engine.startup_notices(december, Language::English);
    assert_eq!(chinese, [engine.calendar_gap(december).expect("2027 is missing").message_zh()]);
    assert_eq!(english.len(), 1);
    assert!(english[0].starts_with("No holiday calendar for 2027 (next year): "), "{english:?}");
    assert!(!has_chinese(&english[0]), "{english:?}");
}

/// Why `new` cannot be added.
async fn refused(accounts: &Accounts, hierarchy: &Hierarchy, new: &NewAccount<'_>) -> AccountError {
    accounts.add("admin", hierarchy, new, NOW).await.unwrap_err()
}

#[tokio::test]
async fn account_refusals_come_in_the_administrators_language() {
    let (_dir, engine, _) = two_seats(11).await;
    let accounts = Accounts::new(engine.store().clone());
    let hierarchy = &engine.district().hierarchy;
    let (own, _) = two_streets(&engine);
    let new = |name, node, password| NewAccount { name, role: Role::Leader, node, password, administrator: false, unit: None };
    let refusal = |error: AccountError, language: Language| {
        let answer = error.into_api(language);
        assert_eq!(has_chinese(&answer.message), language == Language::Chinese, "{}", answer.message);
        answer.message
    };

    let (short, nowhere, fine) =
        (new("li", &own, "short"), new("li", "NOPE", "long enough password"), new("li", &own, "long enough password"));
    assert_eq!(
        refusal(refused(&accounts, hierarchy, &short).await, Language::English),
        "The password is too short: at least 10 characters, not 5"
    );
    assert_eq!(refusal(refused(&accounts, hierarchy, &short).await, Language::Chinese), "密码太短：至少 10 个字符，现为 5 个");
    assert_eq!(refusal(refused(&accounts, hierarchy, &nowhere).await, Language::English), "There is no area with code NOPE");
    assert_eq!(refusal(refused(&accounts, hierarchy, &nowhere).await, Language::Chinese), "没有编码为 NOPE 的区域");
    accounts.add("admin", hierarchy, &fine, NOW).await.unwrap();
    assert_eq!(refusal(refused(&accounts, hierarchy, &fine).await, Language::English), "An account named \"li\" exists already");
    assert_eq!(refusal(refused(&accounts, hierarchy, &fine).await, Language::Chinese), "账号“li”已存在");
    // A sign-in refusal comes before anyone is known: Chinese, through the command line's `From`.
    let wrong = accounts.sign_in("li", "not the password", None, NOW).await.unwrap_err();
    assert_eq!(api::ApiError::from(wrong).message, "账号或密码不正确");
}
