//! The notices of the live feed: a ticket that becomes breached reaches the seats whose
//! area holds it as `sla-breached` — a commander's, not a wall screen's (its rows name a
//! citizen's request) — once, and a server that starts does not announce the backlog. A
//! change made through the server that moves no figure still reaches every seat.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;
use wangge_domain::{Role, Timestamp};
use wangge_engine::accounts::NewAccount;

use crate::common::{request_at, serve_state, Served, KEY, NOW};

const PASSWORD: &str = "街道值班-2026冬季";
/// Short, so the test does not wait for the ten seconds a real server leaves between asks.
const NOTICE_EVERY: Duration = Duration::from_millis(200);

async fn seat(
    served: &Served,
    name: &str,
    role: Role,
) -> impl futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> {
    {
        let engine = served.state.engine().read().await;
        let hierarchy = &engine.district().hierarchy;
        let district = hierarchy.node(hierarchy.root()).code.0.clone();
        let new = NewAccount { name, role, node: &district, password: PASSWORD, administrator: false, unit: None };
        served.state.accounts().add("test", hierarchy, &new, NOW).await.unwrap();
    }
    let signed_in: Value = served
        .client
        .post(format!("http://{}/api/session", served.addr))
        .json(&json!({ "name": name, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = signed_in["token"].as_str().unwrap();
    let (mut socket, _) = tokio_tungstenite::connect_async(format!("ws://{}/api/live?access_token={token}", served.addr)).await.unwrap();
    assert_eq!(next(&mut socket).await["event"], "hello");
    socket
}

async fn next<S>(socket: &mut S) -> Value
where
    S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    let message =
        tokio::time::timeout(Duration::from_secs(30), socket.next()).await.expect("no live message within 30 s").unwrap().unwrap();
    serde_json::from_str(message.to_text().unwrap()).unwrap()
}

/// Messages up to and including the `log-advanced` to `seq`.
async fn until_seq<S>(socket: &mut S, seq: i64) -> Vec<Value>
where
    S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    let mut seen = Vec::new();
    loop {
        let message = next(socket).await;
        let done = message["event"] == "log-advanced" && message["payload"].as_i64().unwrap() >= seq;
        seen.push(message);
        if done {
            return seen;
        }
    }
}

#[tokio::test]
async fn a_newly_breached_ticket_reaches_the_commander_and_not_the_wall() {
    // Tickets already breached when the server starts are its baseline, not news.
    let served = serve_state(|state| state.with_notice_every(NOTICE_EVERY)).await;
    let mut commander = seat(&served, "commander", Role::Commander).await;
    let mut wall = seat(&served, "wall", Role::WallScreen).await;
    // Let the server take its baseline (its first ask, at start) before the news is made.
    tokio::time::sleep(NOTICE_EVERY * 5).await;

    // A request received thirty days ago, filed now: breached at once.
    let house = served.a_house().await;
    let long_ago = Timestamp(NOW.0 - 30 * 86_400);
    let ticket = {
        let mut engine = served.state.engine().write().await;
        let scope = engine.district_scope("hotline");
        let ticket = engine.submit_request(&scope, request_at(house.location.y(), house.location.x()), long_ago).await.unwrap();
        let row = engine.ticket_detail(&scope, ticket.id, NOW).unwrap().row;
        assert_eq!(row.sla, Some(wangge_api::SlaState::Breached), "the test's ticket must be breached at NOW: {row:?}");
        ticket
    };

    let breached = loop {
        let message = next(&mut commander).await;
        if message["event"] == "sla-breached" {
            break message;
        }
    };
    let rows = breached["payload"].as_array().unwrap();
    assert!(rows.iter().any(|row| row["id"].as_i64() == Some(ticket.id)), "{breached}");
    assert!(rows.iter().all(|row| row["sla"] == "breached"), "{breached}");

    // One more change after the notice, so both feeds reach a known point: the wall's
    // messages up to it hold no breach, the commander's no second one for the same ticket.
    // It goes to triage and moves no figure, yet every seat hears of it (`log-advanced`).
    let posted = served.post("requests.json", &[("api_key", KEY), ("service_code", "consultation"), ("address_string", "某路1号")]).await;
    assert_eq!(posted.status, 201, "{}", posted.body);
    let seq = served.ticket_count_and_seq().await.1;
    let wall_saw = until_seq(&mut wall, seq).await;
    assert!(wall_saw.iter().all(|m| m["event"] != "sla-breached"), "a wall screen was sent ticket rows: {wall_saw:?}");
    let commander_saw = until_seq(&mut commander, seq).await;
    let again = commander_saw
        .iter()
        .filter(|m| m["event"] == "sla-breached")
        .any(|m| m["payload"].as_array().unwrap().iter().any(|row| row["id"].as_i64() == Some(ticket.id)));
    assert!(!again, "the same breach was announced twice: {commander_saw:?}");
    served.stop().await;
}
