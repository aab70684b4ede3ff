//! The seats' API speaks the account's language: a seat whose account reads English is refused
//! in English (the engine's refusals, the API's own words), one that reads Chinese exactly as
//! before, and a sign-in refused before anyone is known stays Chinese.

use serde_json::{json, Value};
use wangge_domain::{Language, Role};
use wangge_engine::accounts::NewAccount;

use crate::common::{serve, Served, NOW};

const PASSWORD: &str = "街道值班-2026冬季";

/// Whether a text holds Chinese characters or full-width punctuation.
fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}'))
}

/// A leader of the first street reading `language`, signed in; with the codes of its street
/// and of the next one.
async fn leader(served: &Served, name: &str, language: Language) -> (String, String, String) {
    let (own, other) = {
        let engine = served.state.engine().read().await;
        let hierarchy = &engine.district().hierarchy;
        let streets = hierarchy.children(hierarchy.root());
        (hierarchy.node(streets[0]).code.0.clone(), hierarchy.node(streets[1]).code.0.clone())
    };
    {
        let engine = served.state.engine().read().await;
        let new = NewAccount { name, role: Role::Leader, node: &own, password: PASSWORD, administrator: false, unit: None };
        served.state.accounts().add("test", &engine.district().hierarchy, &new, NOW).await.unwrap();
    }
    served.state.accounts().set_language(name, language).await.unwrap();
    let (status, body) = sign_in(served, name, PASSWORD).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["account"]["language"], language.tag(), "{body}");
    (body["token"].as_str().unwrap().to_owned(), own, other)
}

fn url(served: &Served, path: &str) -> String {
    format!("http://{}{path}", served.addr)
}

async fn sign_in(served: &Served, name: &str, password: &str) -> (u16, Value) {
    let response =
        served.client.post(url(served, "/api/session")).json(&json!({ "name": name, "password": password })).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn get(served: &Served, path: &str, token: &str) -> (u16, Value) {
    let response = served.client.get(url(served, path)).bearer_auth(token).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn call(served: &Served, token: &str, command: &str, body: &str) -> (u16, Value) {
    let response = served
        .client
        .post(url(served, &format!("/api/call/{command}")))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

fn message(answer: &Value) -> &str {
    answer["message"].as_str().unwrap_or_else(|| panic!("no message in {answer}"))
}

#[tokio::test]
async fn an_english_seat_is_refused_in_english_over_http() {
    let served = serve().await;
    let (token, own, other) = leader(&served, "li", Language::English).await;

    // Another street's figures: the scope's refusal, by both routes that serve them.
    let (status, refused) = get(&served, &format!("/api/stats?node={other}"), &token).await;
    assert_eq!((status, refused["code"].as_str()), (403, Some("outside_scope")), "{refused}");
    assert_eq!(message(&refused), format!("Area {other} is outside the scope of account li ({own})"));
    let (status, refused) = call(&served, &token, "stats", &json!({ "code": other }).to_string()).await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(message(&refused), format!("Area {other} is outside the scope of account li ({own})"));

    // An unknown area, an unknown operation, arguments that do not decode or are no JSON, an
    // unknown route: each in English.
    let (status, refused) = call(&served, &token, "stats", r#"{"code": "NO-SUCH-AREA"}"#).await;
    assert_eq!((status, message(&refused)), (404, "There is no area with code NO-SUCH-AREA"));
    let (status, refused) = call(&served, &token, "no_such_command", "").await;
    assert_eq!((status, message(&refused)), (404, "There is no operation named no_such_command"));
    let (status, refused) = call(&served, &token, "ticket_detail", r#"{"id": "seventeen"}"#).await;
    assert_eq!(status, 400, "{refused}");
    assert!(message(&refused).starts_with("The arguments of ticket_detail are wrong: "), "{refused}");
    let (status, refused) = call(&served, &token, "stats", "{not json").await;
    assert_eq!(status, 400, "{refused}");
    assert!(message(&refused).starts_with("The arguments of stats are not JSON: "), "{refused}");
    let (status, refused) = get(&served, "/api/no/such/route", &token).await;
    assert_eq!((status, message(&refused)), (404, "There is no such API route"));
    // A count of days out of range: words made where the engine refuses.
    let (status, refused) = call(&served, &token, "warning_history", r#"{"request": {"days": 1000}}"#).await;
    assert_eq!((status, message(&refused)), (400, "Days: 1000 is not between 1 and 92"));

    // The ready status reads English too.
    let (status, ready) = call(&served, &token, "app_status", "").await;
    assert_eq!(status, 200, "{ready}");
    assert_eq!(ready["database"], "Server (SQLite)", "{ready}");
    assert_eq!(ready["language"], "en", "{ready}");
    for notice in ready["notices"].as_array().into_iter().flatten() {
        assert!(!has_chinese(notice.as_str().unwrap()), "{notice}");
    }
}

#[tokio::test]
async fn a_chinese_seat_is_refused_as_before_and_a_sign_in_in_chinese() {
    let served = serve().await;
    let (token, own, other) = leader(&served, "wang", Language::Chinese).await;
    let (status, refused) = get(&served, &format!("/api/stats?node={other}"), &token).await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(message(&refused), format!("区域 {other} 不在账号 wang 的管辖范围（{own}）内"));
    let (_, refused) = call(&served, &token, "no_such_command", "").await;
    assert_eq!(message(&refused), "没有名为 no_such_command 的操作");
    let (_, refused) = call(&served, &token, "warning_history", r#"{"request": {"days": 1000}}"#).await;
    assert_eq!(message(&refused), "天数：1000 不在 1 到 92 之间");
    let (_, ready) = call(&served, &token, "app_status", "").await;
    assert_eq!(ready["database"], "服务器（SQLite）", "{ready}");

    // Before a sign-in succeeds nobody is known, whatever the account reads: Chinese.
    leader(&served, "li", Language::English).await;
    let (status, refused) = sign_in(&served, "li", "not the password at all").await;
    assert_eq!((status, message(&refused)), (401, "账号或密码不正确"));
}
