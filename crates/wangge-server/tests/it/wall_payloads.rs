//! Everything a wall-screen account receives over a scripted session — the HTTP answers of
//! every command the seats' API serves (the full-detail map's geometry, values and levels
//! among them) and the live feed while a citizen's request arrives and tickets breach —
//! holds no personal datum of the district: no person's name, ID number or phone, no
//! house's address, no ticket's words. Checked against the records themselves, value by
//! value, so a new field that leaks one fails it.

use std::collections::HashSet;
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{json, Value};
use wangge_domain::Role;
use wangge_engine::accounts::NewAccount;
use wangge_server::api::CALLS;

use crate::common::{serve_state, KEY, NOW};

const PASSWORD: &str = "大屏值守-2026冬季";

#[tokio::test]
async fn a_wall_screens_whole_session_holds_no_personal_datum() {
    let served = serve_state(|state| state.with_notice_every(Duration::from_millis(200))).await;
    let (district, street, personal, point) = {
        let engine = served.state.engine().read().await;
        let d = engine.district();
        let hierarchy = &d.hierarchy;
        let district = hierarchy.node(hierarchy.root()).code.0.clone();
        let street = hierarchy.node(hierarchy.children(hierarchy.root())[0]).code.0.clone();
        let mut personal: HashSet<String> = HashSet::new();
        for person in d.people.values() {
            personal.extend([person.name.clone(), person.id_number.clone(), person.phone.clone()]);
        }
        personal.extend(d.houses.values().map(|house| house.address.clone()));
        personal.extend(d.tickets.values().map(|ticket| ticket.summary.clone()));
        personal.retain(|value| value.chars().count() >= 2);
        let house = d.houses.values().next().unwrap();
        (district, street, personal, (house.location.x(), house.location.y()))
    };
    {
        let engine = served.state.engine().read().await;
        let new =
            NewAccount { name: "wall", role: Role::WallScreen, node: &district, password: PASSWORD, administrator: false, unit: None };
        served.state.accounts().add("test", &engine.district().hierarchy, &new, NOW).await.unwrap();
    }
    let signed_in: Value = served
        .client
        .post(format!("http://{}/api/session", served.addr))
        .json(&json!({ "name": "wall", "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = signed_in["token"].as_str().unwrap().to_owned();
    let mut received = vec![signed_in];
    let (mut socket, _) = tokio_tungstenite::connect_async(format!("ws://{}/api/live?access_token={token}", served.addr)).await.unwrap();

    // Every command the seats' API serves, with the arguments a wall's screens send.
    let code = json!(street);
    let arguments = |command: &str| -> Value {
        match command {
            "map_view" | "stats" => json!({ "code": code }),
            "detail_map" | "detail_levels" => json!({ "request": { "code": district } }),
            "detail_values" => json!({ "request": { "code": district, "metric": "isolations_active" } }),
            "locate" => json!({ "request": { "lon": point.0, "lat": point.1 } }),
            "figures_as_of" => json!({ "request": { "code": code, "date": null } }),
            "resumption_trend" | "warning_history" => json!({ "request": { "node": code, "days": 7 } }),
            "preview_briefing" => json!({ "request": { "node": code } }),
            "work_board" => json!({ "filter": { "node": code, "needs_my_action": false, "limit": 50 } }),
            "enterprises" => json!({ "filter": { "node": code } }),
            "register_search" => json!({ "query": { "node": code, "text": "1" } }),
            "screening_batches" | "task_progress" | "screening_work" => json!({ "query": { "node": code } }),
            "rental_board" => json!({ "query": { "node": code } }),
            "audit" => json!({ "filter": {} }),
            "ticket_detail" | "enterprise_detail" | "landlord_detail" | "verify_part" => json!({ "id": 1 }),
            "reveal_person" => json!({ "request": { "person": 1, "reason": "大屏查看" } }),
            _ => json!({}),
        }
    };
    let mut answered = 0;
    for command in CALLS {
        if command == "set_language" {
            continue;
        }
        let response = served
            .client
            .post(format!("http://{}/api/call/{command}", served.addr))
            .bearer_auth(&token)
            .json(&arguments(command))
            .send()
            .await
            .unwrap();
        answered += usize::from(response.status().is_success());
        received.push(response.json().await.unwrap_or(Value::Null));
    }
    assert!(answered >= 8, "only {answered} of the wall's reads were answered: the script no longer reaches the screens");

    // Live: a citizen's request in the street, then the feed until it has been told of it.
    let posted = served
        .post(
            "requests.json",
            &[
                ("api_key", KEY),
                ("service_code", "consultation"),
                ("lat", &point.1.to_string()),
                ("long", &point.0.to_string()),
                ("description", "楼道堆物请清理"),
            ],
        )
        .await;
    assert_eq!(posted.status, 201, "{}", posted.body);
    let mut heard = 0;
    while heard < 2 {
        let message =
            tokio::time::timeout(Duration::from_secs(30), socket.next()).await.expect("no live message within 30 s").unwrap().unwrap();
        let value: Value = serde_json::from_str(message.to_text().unwrap()).unwrap();
        heard += usize::from(value["event"] == "log-advanced" || value["event"] == "figures-changed");
        received.push(value);
    }

    let mut strings = Vec::new();
    for value in &received {
        collect_strings(value, &mut strings);
    }
    let leaked: Vec<&String> = strings.iter().filter(|s| personal.contains(s.as_str()) || s.contains("楼道堆物")).collect();
    assert!(leaked.is_empty(), "a wall screen was sent personal data: {leaked:?}");
    assert!(strings.len() > 500, "only {} strings were scanned", strings.len());
    served.stop().await;
}

fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|item| collect_strings(item, out)),
        Value::Object(fields) => fields.values().for_each(|field| collect_strings(field, out)),
        _ => {}
    }
}
