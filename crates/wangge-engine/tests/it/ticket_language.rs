//! A ticket in the seat's language: the history, the triage reason, the audit trail, the
//! categories and the refusals come in English for a seat that reads English, with names and
//! typed texts as they were written (and listed as such, so a screen can keep them from
//! translation), and in Chinese, as before, for a Chinese seat.

use wangge_api as api;
use wangge_domain::{Language, Role, Scope};
use wangge_engine::{Engine, EngineError};

use crate::support::{two_seats, NOW};

fn has_chinese(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
}

/// The text without the parts it quotes (names, typed texts): what must be in the seat's
/// language.
fn words_of(text: &str, quoted: &[String]) -> String {
    let mut quoted = quoted.to_vec();
    // The longest first, so a name is not cut by a shorter one inside it.
    quoted.sort_by_key(|q| std::cmp::Reverse(q.len()));
    quoted.iter().fold(text.to_string(), |text, q| text.replace(q.as_str(), " "))
}

fn english(scope: &Scope) -> Scope {
    Scope { language: Language::English, ..scope.clone() }
}

/// An open ticket owned by one unit.
fn an_open_ticket(engine: &Engine, scope: &Scope) -> api::TicketRow {
    let board = engine.work_board(scope, &api::BoardFilter { limit: Some(100_000), ..Default::default() }, NOW).unwrap();
    board
        .rows
        .into_iter()
        .find(|row| row.owners.len() == 1 && matches!(row.status, api::TicketStatus::Received | api::TicketStatus::Accepted))
        .expect("the demo has an open ticket with one owner")
}

#[tokio::test]
async fn a_tickets_history_and_audit_trail_read_in_the_seats_language() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let chinese = engine.district_scope("commander-li");
    let seat = english(&chinese);
    let row = an_open_ticket(&engine, &seat);
    let unit = row.owners[0].clone();
    let mut version = api::TicketVersion { id: row.id, version: row.version };
    let mut steps = Vec::new();
    if row.status == api::TicketStatus::Received {
        steps.push(api::TicketAction::Accept { unit: unit.clone() });
    }
    steps.push(api::TicketAction::Suspend { reason: "等待市民补充材料".into() });
    steps.push(api::TicketAction::Resume);
    steps.push(api::TicketAction::Resolve { unit: unit.clone(), note: "已处理".into() });
    steps.push(api::TicketAction::ReturnVisit { satisfaction: "satisfied".into() });
    steps.push(api::TicketAction::Close);
    for action in steps {
        let now = engine.act(&seat, version, action.clone(), NOW).await.unwrap_or_else(|e| panic!("{action:?}: {e}"));
        version.version = now.version;
    }

    // The timeline: English words around the names and texts as typed.
    let detail = engine.ticket_detail(&seat, row.id, NOW).unwrap();
    let unit_name = engine.units().name_of(&engine.district().hierarchy, &unit);
    for entry in &detail.timeline {
        let words = words_of(&entry.description, &entry.quoted);
        assert!(!has_chinese(&words), "{:?} quotes {:?}", entry.description, entry.quoted);
    }
    let described = |kind: &str| detail.timeline.iter().rev().find(|e| e.kind == kind).unwrap_or_else(|| panic!("no {kind} entry"));
    assert_eq!(described("suspended").description, "Suspended: 等待市民补充材料");
    assert!(described("suspended").quoted.contains(&"等待市民补充材料".to_string()));
    assert_eq!(described("resolved").description, format!("Resolved by {unit_name}: 已处理"));
    assert_eq!(described("return_visit").description, "Called back: satisfied");
    assert_eq!(described("closed").description, "Closed");
    assert_eq!(described("closed").actor, "Intake desk");
    assert!(!detail.row.category_en.is_empty() && !has_chinese(&detail.row.category_en), "{:?}", detail.row);

    // The same history read by a Chinese seat, as it always read.
    let zh = engine.ticket_detail(&chinese, row.id, NOW).unwrap();
    let described_zh = |kind: &str| zh.timeline.iter().rev().find(|e| e.kind == kind).unwrap();
    assert_eq!(described_zh("suspended").description, "挂起：等待市民补充材料");
    assert_eq!(described_zh("resolved").description, format!("{unit_name} 办结：已处理"));
    assert_eq!(described_zh("return_visit").description, "回访：满意");
    assert_eq!(described_zh("closed").description, "结案");
    assert_eq!(described_zh("closed").actor, "受理中心");
    assert_eq!(zh.row.category_zh, engine.district().tickets[&row.id].category.label_zh());

    // The audit trail: summaries and field names in English, states in the board's words.
    let filter = api::AuditFilter { entity: Some("ticket".into()), entity_id: Some(row.id), ..Default::default() };
    let trail = engine.audit(&seat, &filter).await.unwrap();
    assert!(!trail.is_empty());
    for audit_row in &trail {
        let words = words_of(&audit_row.summary, &audit_row.summary_quoted);
        assert!(!has_chinese(&words), "{:?} quotes {:?}", audit_row.summary, audit_row.summary_quoted);
        for field in &audit_row.fields {
            assert!(!has_chinese(&field.label), "{field:?}");
        }
    }
    assert_eq!(trail[0].summary, "Closed", "newest first");
    assert!(trail.iter().any(|a| a.summary == "Suspended: 等待市民补充材料"), "{trail:?}");
    let closing = trail[0].fields.iter().find(|f| f.label == "Status").expect("the state changed on closing");
    assert_eq!((closing.before.as_deref(), closing.after.as_str()), (Some("Called back"), "Closed"));

    let trail_zh = engine.audit(&chinese, &filter).await.unwrap();
    assert_eq!(trail_zh[0].summary, "结案");
    let closing = trail_zh[0].fields.iter().find(|f| f.label == "状态").expect("the state changed on closing");
    assert_eq!((closing.before.as_deref(), closing.after.as_str()), (Some("已回访"), "已关闭"));
    assert!(trail_zh.iter().any(|a| a.summary == "挂起：等待市民补充材料"));
}

#[tokio::test]
async fn a_ticket_in_triage_says_why_in_the_seats_language() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let chinese = engine.district_scope("desk-li");
    let seat = english(&chinese);
    let form = |point: Option<[f64; 2]>| api::TicketForm {
        source: "hotline_12345".into(),
        category: "consultation".into(),
        summary: "路灯不亮".into(),
        point,
        ..Default::default()
    };
    let far = engine.submit_form(&seat, &form(Some([10.0, 10.0])), NOW).await.unwrap();
    let nowhere = engine.submit_form(&seat, &form(None), NOW).await.unwrap();
    assert_eq!(far.category_en, "Enquiry / help");
    assert_eq!(far.category_zh, "咨询求助");

    let reason = |scope: &Scope, id: i64| engine.ticket_detail(scope, id, NOW).unwrap().unplaced_reason.unwrap();
    assert_eq!(reason(&seat, far.id), "The point lies outside the district");
    assert_eq!(reason(&chinese, far.id), "坐标位于辖区范围之外");
    assert_eq!(reason(&seat, nowhere.id), "No coordinates were given and the address is not in the house register");
    assert_eq!(reason(&chinese, nowhere.id), "未提供坐标，地址也未在房屋登记中找到");

    // The form's categories carry both names.
    for choice in engine.ticket_categories() {
        assert!(has_chinese(&choice.label_zh) && !choice.label_en.is_empty() && !has_chinese(&choice.label_en), "{choice:?}");
    }
}

#[tokio::test]
async fn refusals_on_tickets_come_in_the_seats_language() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let chinese = engine.district_scope("commander-li");
    let seat = english(&chinese);
    let row = an_open_ticket(&engine, &seat);
    let version = api::TicketVersion { id: row.id, version: row.version };
    let message = |error: EngineError, language: Language| error.message_in(language);

    // Closing an open ticket: the lifecycle's refusal.
    let refused = engine.act(&seat, version, api::TicketAction::Close, NOW).await.unwrap_err();
    assert!(matches!(refused, EngineError::Lifecycle(_)));
    let text = message(refused, Language::English);
    assert!(!has_chinese(&text) && text.contains(&format!("Ticket {}", row.id)), "{text}");
    let refused = engine.act(&chinese, version, api::TicketAction::Close, NOW).await.unwrap_err();
    assert!(message(refused, Language::Chinese).contains("不能关闭"));

    // A version somebody else moved on.
    let stale = api::TicketVersion { id: row.id, version: row.version - 1 };
    let refused = engine.act(&seat, stale, api::TicketAction::Resume, NOW).await.unwrap_err();
    assert!(matches!(refused, EngineError::Conflict { .. }));
    let text = message(refused, Language::English);
    assert!(text.starts_with(&format!("Ticket {} was changed by someone else", row.id)) && !has_chinese(&text), "{text}");
    let refused = engine.act(&chinese, stale, api::TicketAction::Resume, NOW).await.unwrap_err();
    assert!(message(refused, Language::Chinese).contains("已被他人修改"));

    // A ticket that does not exist.
    let missing = engine.ticket_detail(&seat, 9_999_999, NOW).unwrap_err();
    assert_eq!(message(missing, Language::English), "Ticket 9999999 does not exist");
    let missing = engine.ticket_detail(&chinese, 9_999_999, NOW).unwrap_err();
    assert_eq!(message(missing, Language::Chinese), "工单 9999999 不存在");

    // A reassignment without a reason, to a unit that is none, and by a leader.
    let mut request = api::Reassign { tickets: vec![version], from_unit: None, to_unit: row.owners[0].clone(), reason: " ".into() };
    let refused = engine.reassign(&seat, &request, NOW).await.unwrap_err();
    assert_eq!(message(refused, Language::English), "Reason: a reassignment needs a reason");
    let refused = engine.reassign(&chinese, &request, NOW).await.unwrap_err();
    assert_eq!(message(refused, Language::Chinese), "改派理由：改派须写明理由");
    request.reason = "moved".into();
    request.to_unit = "nowhere".into();
    let refused = engine.reassign(&seat, &request, NOW).await.unwrap_err();
    assert_eq!(message(refused, Language::English), "Handling unit: nowhere is not a unit of this district");
    let leader = Scope { language: Language::English, ..Scope::new("leader-li", Role::Leader, chinese.root.clone()) };
    let refused = engine.reassign(&leader, &request, NOW).await.unwrap_err();
    assert!(matches!(refused, EngineError::Forbidden(_)));
    assert_eq!(message(refused, Language::English), "Account leader-li (Leader) may not take the step \"Reassign\" on tickets");
    let leader = Scope { language: Language::Chinese, ..leader };
    let refused = engine.reassign(&leader, &request, NOW).await.unwrap_err();
    assert_eq!(message(refused, Language::Chinese), "账号 leader-li（负责人）无权改派工单");
}
