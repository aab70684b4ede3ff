//! The seats' API: signing in, the session check on every route, the figures a seat may read,
//! the live feed over a WebSocket, and what the store keeps of passwords and tokens.

use futures_util::StreamExt;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use wangge_domain::accounts::{CLIENT_LOCKOUT_AFTER_FAILURES, LOCKOUT_AFTER_FAILURES, SESSION_SECONDS};
use wangge_domain::{Role, Timestamp};
use wangge_engine::accounts::NewAccount;
use wangge_server::api::routes;

use crate::common::{serve, Served, KEY, NOW};

const PASSWORD: &str = "街道值班-2026冬季";

/// The codes of the district's first two streets.
async fn two_streets(served: &Served) -> (String, String) {
    let engine = served.state.engine().read().await;
    let hierarchy = &engine.district().hierarchy;
    let streets = hierarchy.children(hierarchy.root());
    (hierarchy.node(streets[0]).code.0.clone(), hierarchy.node(streets[1]).code.0.clone())
}

async fn add_account(served: &Served, name: &str, role: Role, node: &str) {
    let engine = served.state.engine().read().await;
    let new = NewAccount { name, role, node, password: PASSWORD, administrator: false, unit: None };
    served.state.accounts().add("test", &engine.district().hierarchy, &new, NOW).await.unwrap();
}

fn url(served: &Served, path: &str) -> String {
    format!("http://{}{path}", served.addr)
}

async fn sign_in(served: &Served, name: &str, password: &str) -> (u16, Value) {
    let response =
        served.client.post(url(served, "/api/session")).json(&json!({ "name": name, "password": password })).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn token(served: &Served, name: &str) -> String {
    let (status, body) = sign_in(served, name, PASSWORD).await;
    assert_eq!(status, 200, "{body}");
    body["token"].as_str().unwrap().to_owned()
}

async fn get(served: &Served, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut request = served.client.get(url(served, path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

#[tokio::test]
async fn a_signed_in_leader_reads_the_figures_of_its_street_and_no_other() {
    let served = serve().await;
    let (own, other) = two_streets(&served).await;
    add_account(&served, "li", Role::Leader, &own).await;
    let token = token(&served, "li").await;

    let (status, report) = get(&served, &format!("/api/stats?node={own}"), Some(&token)).await;
    assert_eq!(status, 200, "{report}");
    let expected = {
        let engine = served.state.engine().read().await;
        serde_json::to_value(engine.stats(&engine.district_scope("test"), Some(&own)).unwrap()).unwrap()
    };
    assert_eq!(report, expected);
    // Without a node the seat's own area is meant.
    assert_eq!(get(&served, "/api/stats", Some(&token)).await.1, expected);

    let (status, refused) = get(&served, &format!("/api/stats?node={other}"), Some(&token)).await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["code"], "outside_scope");

    let (status, me) = get(&served, "/api/me", Some(&token)).await;
    assert_eq!(status, 200);
    assert_eq!(me["name"], "li");
    assert_eq!(me["role_label"], "负责人");
    assert_eq!(me["node"]["code"], own.as_str());
    served.stop().await;
}

#[tokio::test]
async fn every_private_route_refuses_a_missing_wrong_or_expired_token() {
    let served = serve().await;
    let (street, _) = two_streets(&served).await;
    add_account(&served, "li", Role::Leader, &street).await;
    // A session opened a moment longer ago than a session lives.
    let expired = served.state.accounts().sign_in("li", PASSWORD, None, Timestamp(NOW.0 - SESSION_SECONDS - 1)).await.unwrap().token;
    let wrong = "0".repeat(64);

    let private: Vec<_> = routes().into_iter().filter(|route| !route.public).collect();
    assert!(private.len() >= 4, "{private:?}");
    assert_eq!(
        routes().iter().filter(|route| route.public).map(|route| (route.method, route.path)).collect::<Vec<_>>(),
        [("POST", "/api/session")]
    );
    for route in private.iter().map(|route| (route.method, route.path)).chain([("GET", "/api/no-such-route"), ("POST", "/api/stats")]) {
        for token in [None, Some(wrong.as_str()), Some(expired.as_str())] {
            let method = reqwest::Method::from_bytes(route.0.as_bytes()).unwrap();
            let mut request = served.client.request(method, url(&served, route.1));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status().as_u16(), 401, "{route:?} with token {token:?}");
            assert_eq!(response.headers()["www-authenticate"], "Bearer");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["code"], "sign_in_required", "{route:?}");
        }
    }
    // With a valid session an unknown path is simply not there.
    let token = token(&served, "li").await;
    assert_eq!(get(&served, "/api/no-such-route", Some(&token)).await.0, 404);
    served.stop().await;
}

#[tokio::test]
async fn wrong_passwords_lock_the_name_out_even_for_the_right_one() {
    let served = serve().await;
    let (street, _) = two_streets(&served).await;
    add_account(&served, "li", Role::Leader, &street).await;
    // An unknown name is refused exactly as a wrong password is: it does not say which.
    let (status, unknown) = sign_in(&served, "nobody", PASSWORD).await;
    assert_eq!(status, 401);
    let (_, wrong) = sign_in(&served, "li", "not-the-password").await;
    assert_eq!(unknown["message"], wrong["message"]);
    for _ in 1..LOCKOUT_AFTER_FAILURES {
        assert_eq!(sign_in(&served, "li", "not-the-password").await.0, 401);
    }
    let (status, locked) = sign_in(&served, "li", PASSWORD).await;
    assert_eq!(status, 429, "{locked}");
    assert_eq!(locked["code"], "too_many_attempts");
    assert!(locked["message"].as_str().unwrap().contains("分钟后再试"), "{locked}");
    served.stop().await;
}

#[tokio::test]
async fn one_address_trying_many_names_is_locked_out() {
    let served = serve().await;
    let (street, _) = two_streets(&served).await;
    add_account(&served, "li", Role::Leader, &street).await;
    for n in 0..CLIENT_LOCKOUT_AFTER_FAILURES {
        assert_eq!(sign_in(&served, &format!("guess-{n}"), "not-the-password").await.0, 401);
    }
    let (status, locked) = sign_in(&served, "li", PASSWORD).await;
    assert_eq!(status, 429, "{locked}");
    served.stop().await;
}

#[tokio::test]
async fn malformed_sign_ins_are_refused_with_a_reason() {
    let served = serve().await;
    for body in ["", "{", r#"{"name": "li"}"#, r#"{"name": 1, "password": "x"}"#] {
        let response = served.client.post(url(&served, "/api/session")).body(body).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 400, "{body:?}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["code"], "invalid_input");
        assert!(answer["message"].as_str().unwrap().contains("password"), "{answer}");
    }
    served.stop().await;
}

#[tokio::test]
async fn signing_out_or_disabling_the_account_ends_the_session() {
    let served = serve().await;
    let (street, _) = two_streets(&served).await;
    add_account(&served, "li", Role::Leader, &street).await;
    add_account(&served, "wang", Role::Commander, &street).await;

    let li = token(&served, "li").await;
    let response = served.client.delete(url(&served, "/api/session")).bearer_auth(&li).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(get(&served, "/api/me", Some(&li)).await.0, 401);

    let wang = token(&served, "wang").await;
    assert_eq!(get(&served, "/api/me", Some(&wang)).await.0, 200);
    served.state.accounts().disable("test", "wang", NOW).await.unwrap();
    assert_eq!(get(&served, "/api/me", Some(&wang)).await.0, 401);
    let (status, body) = sign_in(&served, "wang", PASSWORD).await;
    assert_eq!(status, 401);
    assert_eq!(body["message"], "账号已停用");
    served.stop().await;
}

#[tokio::test]
async fn neither_passwords_nor_tokens_are_stored_in_clear() {
    let served = serve().await;
    let (street, _) = two_streets(&served).await;
    add_account(&served, "li", Role::Leader, &street).await;
    let token = token(&served, "li").await;
    let stored = served.state.engine().read().await.store().account("li").await.unwrap().unwrap();
    assert!(stored.password_hash.starts_with("$argon2id$"), "{}", stored.password_hash);
    // Every byte the database has on disk, its write-ahead log included.
    let mut on_disk = Vec::new();
    for suffix in ["", "-wal"] {
        if let Ok(bytes) = std::fs::read(format!("{}{suffix}", served.db.display())) {
            on_disk.extend(bytes);
        }
    }
    assert!(contains(&on_disk, stored.password_hash.as_bytes()), "the hash is where the test looks");
    assert!(!contains(&on_disk, PASSWORD.as_bytes()), "the password is on disk in clear");
    assert!(!contains(&on_disk, token.as_bytes()), "the token is on disk in clear");
    assert!(contains(&on_disk, wangge_engine::accounts::digest(&token).as_bytes()), "the session is stored by its digest");
    served.stop().await;
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[tokio::test]
async fn the_live_feed_pushes_the_seats_figures_after_a_change() {
    let served = serve().await;
    let (street, _) = two_streets(&served).await;
    add_account(&served, "wall", Role::WallScreen, &street).await;
    let token = token(&served, "wall").await;

    // Without a token the handshake is refused before any upgrade.
    let refused = tokio_tungstenite::connect_async(format!("ws://{}/api/live", served.addr)).await.unwrap_err();
    assert!(refused.to_string().contains("401"), "{refused}");

    let mut request = format!("ws://{}/api/live", served.addr).into_client_request().unwrap();
    request.headers_mut().insert("authorization", format!("Bearer {token}").parse().unwrap());
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    let hello = next_message(&mut socket).await;
    assert_eq!(hello["event"], "hello");
    assert_eq!(hello["payload"]["account"]["name"], "wall");
    assert_eq!(hello["payload"]["stats"]["node"]["code"], street.as_str());
    let seq = hello["payload"]["seq"].as_i64().unwrap();
    let received = hello["payload"]["stats"]["metrics"]["tickets_received"].as_u64().unwrap();

    // A citizen's request inside the street, through Open311.
    let house = {
        let engine = served.state.engine().read().await;
        let hierarchy = &engine.district().hierarchy;
        let street_id = hierarchy.id(&street).unwrap();
        engine.district().houses.values().find(|h| hierarchy.covers(street_id, hierarchy.id(&h.micro_grid.0).unwrap())).unwrap().clone()
    };
    let lat = house.location.y().to_string();
    let long = house.location.x().to_string();
    let posted = served
        .post(
            "requests.json",
            &[("api_key", KEY), ("service_code", "consultation"), ("lat", &lat), ("long", &long), ("description", "路灯不亮")],
        )
        .await;
    assert_eq!(posted.status, 201, "{}", posted.body);

    // The figures first (only nodes within the street, the street among them), then the log.
    let changed = next_message(&mut socket).await;
    assert_eq!(changed["event"], "figures-changed", "{changed}");
    let nodes = changed["payload"]["nodes"].as_array().unwrap();
    let street_now = nodes.iter().find(|node| node["code"] == street.as_str()).expect("the street's figures moved");
    assert_eq!(street_now["metrics"]["tickets_received"].as_u64().unwrap(), received + 1);
    {
        let engine = served.state.engine().read().await;
        let hierarchy = &engine.district().hierarchy;
        let street_id = hierarchy.id(&street).unwrap();
        for node in nodes {
            assert!(
                hierarchy.covers(street_id, hierarchy.id(node["code"].as_str().unwrap()).unwrap()),
                "{node} is outside the seat's street"
            );
        }
    }
    let advanced = next_message(&mut socket).await;
    assert_eq!(advanced["event"], "log-advanced", "{advanced}");
    assert_eq!(advanced["payload"].as_i64().unwrap(), seq + 1, "one commit, the next number: no gap");
    // The wall gets figures only: nothing in the feed names the request or the house.
    let text = format!("{hello}{changed}{advanced}");
    assert!(!text.contains("路灯不亮") && !text.contains(&house.address), "{text}");

    // The token may also come as a query parameter, as a browser's WebSocket must send it.
    let (mut browser, _) = tokio_tungstenite::connect_async(format!("ws://{}/api/live?access_token={token}", served.addr)).await.unwrap();
    let hello = next_message(&mut browser).await;
    assert_eq!(hello["payload"]["seq"].as_i64().unwrap(), seq + 1);
    served.stop().await;
}

async fn next_message<S>(socket: &mut S) -> Value
where
    S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    let message = tokio::time::timeout(std::time::Duration::from_secs(30), socket.next())
        .await
        .expect("no live message within 30 s")
        .expect("the feed ended")
        .unwrap();
    serde_json::from_str(message.to_text().unwrap()).unwrap()
}

async fn call(served: &Served, token: &str, command: &str, args: Value) -> (u16, Value) {
    let response = served.client.post(url(served, &format!("/api/call/{command}"))).bearer_auth(token).json(&args).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn a_seat_calls_the_desktops_commands_and_gets_the_desktops_answers() {
    let served = serve().await;
    let (own, other) = two_streets(&served).await;
    add_account(&served, "li", Role::Leader, &own).await;
    let li = token(&served, "li").await;

    let (status, map) = call(&served, &li, "map_view", json!({ "code": own })).await;
    assert_eq!(status, 200, "{map}");
    let expected = {
        let engine = served.state.engine().read().await;
        serde_json::to_value(engine.map_view(&wangge_domain::Scope::new("li", Role::Leader, own.as_str()), Some(&own)).unwrap()).unwrap()
    };
    assert_eq!(map, expected);
    let (status, refused) = call(&served, &li, "stats", json!({ "code": other })).await;
    assert_eq!((status, refused["code"].as_str()), (403, Some("outside_scope")));
    let (status, board) = call(&served, &li, "work_board", json!({ "filter": { "needs_my_action": false, "limit": 5 } })).await;
    assert_eq!(status, 200, "{board}");
    assert!(board["rows"].as_array().unwrap().len() <= 5);
    let (status, app) = call(&served, &li, "app_status", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(app["state"], "ready", "{app}");
    assert_eq!(app["district"]["code"], served.state.engine().read().await.district_ref().code.as_str());
    // Malformed and unknown calls are refused by name, and leaders may not reassign.
    let (status, bad) = call(&served, &li, "ticket_detail", json!({ "id": "seven" })).await;
    assert_eq!((status, bad["code"].as_str()), (400, Some("invalid_input")));
    assert!(bad["message"].as_str().unwrap().contains("ticket_detail"), "{bad}");
    let (status, unknown) = call(&served, &li, "import_file", json!({})).await;
    assert_eq!(status, 404, "{unknown}");
    served.stop().await;
}

#[tokio::test]
async fn an_account_keeps_the_language_it_chose_on_every_seat() {
    let served = serve().await;
    let (own, _) = two_streets(&served).await;
    add_account(&served, "li", Role::Leader, &own).await;
    let first = token(&served, "li").await;
    let (_, app) = call(&served, &first, "app_status", json!({})).await;
    assert_eq!(app["language"], "zh-CN", "Chinese unless asked: {app}");

    let (status, body) = call(&served, &first, "set_language", json!({ "language": "en" })).await;
    assert_eq!(status, 200, "{body}");
    let (_, app) = call(&served, &first, "app_status", json!({})).await;
    assert_eq!(app["language"], "en", "the seat that chose it: {app}");
    // Another seat of the account, signed in afresh, is told so with its account.
    let (status, session) = sign_in(&served, "li", PASSWORD).await;
    assert_eq!(status, 200, "{session}");
    assert_eq!((session["account"]["language"].as_str(), session["account"]["role_label"].as_str()), (Some("en"), Some("Leader")));
    let second = session["token"].as_str().unwrap();
    assert_eq!(call(&served, second, "app_status", json!({})).await.1["language"], "en");

    let (status, refused) = call(&served, &first, "set_language", json!({ "language": "fr" })).await;
    assert_eq!((status, refused["code"].as_str()), (400, Some("invalid_input")), "{refused}");
    assert_eq!(call(&served, second, "app_status", json!({})).await.1["language"], "en", "a refused choice changes nothing");
    served.stop().await;
}

#[tokio::test]
async fn a_commander_reassigns_a_ticket_over_http_and_the_store_keeps_it() {
    let served = serve().await;
    let root = {
        let engine = served.state.engine().read().await;
        engine.district_ref().code
    };
    add_account(&served, "zhao", Role::Commander, &root).await;
    let zhao = token(&served, "zhao").await;
    let (_, board) = call(&served, &zhao, "work_board", json!({ "filter": { "needs_my_action": false, "limit": 100000 } })).await;
    // An open ticket owned by a grid that has a sibling grid to move it to.
    let (row, to) = {
        let engine = served.state.engine().read().await;
        let h = &engine.district().hierarchy;
        board["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|row| ["received", "accepted", "in_progress"].contains(&row["status"].as_str().unwrap()))
            .find_map(|row| {
                let [owner] = row["owners"].as_array().unwrap().as_slice() else { return None };
                let grid = h.id(owner.as_str().unwrap()).filter(|&g| h.node(g).level == wangge_domain::Level::Grid)?;
                let sibling = h.children(h.parent(grid)?).iter().copied().find(|&g| g != grid)?;
                Some((row.clone(), h.node(sibling).code.0.clone()))
            })
            .expect("an open grid-owned ticket")
    };
    let request = json!({ "request": {
        "tickets": [{ "id": row["id"], "version": row["version"] }],
        "from_unit": null, "to_unit": to, "reason": "属地调整"
    }});
    let (status, moved) = call(&served, &zhao, "reassign", request.clone()).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved[0]["owners"], json!([to]));
    // Made on the old version again: a conflict carrying the ticket as it now stands.
    let (status, conflict) = call(&served, &zhao, "reassign", request).await;
    assert_eq!((status, conflict["code"].as_str()), (409, Some("conflict")));
    // The change is in the store, under the signed-in account's name.
    let store = served.state.engine().read().await.store().clone();
    let audit = store.audit(&wangge_store::AuditQuery { entity_id: row["id"].as_i64(), limit: 1, ..Default::default() }).await.unwrap();
    assert_eq!(audit[0].actor, "zhao");
    served.stop().await;
}

/// A viewer reads the figures of its area and the board's counts, but no row, no ticket, no
/// audit, and changes nothing; an administrator reads the audit trail but no ticket. The
/// answer to `app_status` tells each seat what to offer.
#[tokio::test]
async fn a_viewer_sees_figures_without_people_and_an_administrator_the_audit_without_tickets() {
    let served = serve().await;
    let root = served.state.engine().read().await.district_ref().code;
    add_account(&served, "kan", Role::Viewer, &root).await;
    add_account(&served, "guan", Role::Administrator, &root).await;
    add_account(&served, "zhao", Role::Commander, &root).await;
    let (kan, guan, zhao) = (token(&served, "kan").await, token(&served, "guan").await, token(&served, "zhao").await);

    let board_args = json!({ "filter": { "needs_my_action": false, "limit": 100 } });
    let (_, full) = call(&served, &zhao, "work_board", board_args.clone()).await;
    let ticket = full["rows"][0].clone();
    assert!(ticket["id"].is_i64(), "{full}");
    let (status, board) = call(&served, &kan, "work_board", board_args).await;
    assert_eq!(status, 200, "{board}");
    assert_eq!((board["total"].clone(), board["rows"].as_array().unwrap().len()), (full["total"].clone(), 0));
    let (status, stats) = call(&served, &kan, "stats", json!({})).await;
    assert_eq!((status, stats["node"]["code"].as_str()), (200, Some(root.as_str())));

    for (token, audit_status) in [(&kan, 403), (&guan, 200)] {
        let (status, detail) = call(&served, token, "ticket_detail", json!({ "id": ticket["id"] })).await;
        assert_eq!((status, detail["code"].as_str()), (403, Some("forbidden")), "{detail}");
        let (status, audit) = call(&served, token, "audit", json!({ "filter": { "limit": 5 } })).await;
        assert_eq!(status, audit_status, "{audit}");
        let action =
            json!({ "ticket": { "id": ticket["id"], "version": ticket["version"] }, "action": { "action": "suspend", "reason": "查看" } });
        let (status, refused) = call(&served, token, "ticket_act", action).await;
        assert_eq!(status, 403, "{refused}");
    }

    for (token, expected) in [
        (&kan, json!({ "personal_data": false, "changes": false, "commands": false, "audit": false })),
        (&guan, json!({ "personal_data": false, "changes": false, "commands": false, "audit": true })),
        (&zhao, json!({ "personal_data": true, "changes": true, "commands": true, "audit": true })),
    ] {
        let (_, app) = call(&served, token, "app_status", json!({})).await;
        assert_eq!(app["abilities"], expected, "{app}");
    }
    served.stop().await;
}
