//! The server on the open internet: slow and half-sent requests are closed while others are
//! served, a read flood does not make POSTs fail, connections are capped per client, an
//! oversized `Expect: 100-continue` gets 413, keys are compared exactly, and shutdown closes
//! everything within its grace even with a request half sent.
//!
//! Timeouts are configured short (a second) so the outcomes show quickly; what is asserted
//! is the outcome (closed, answered, refused), never how long it took. The one-minute
//! guards only turn a hang into a failure.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use wangge_server::{Limits, Rate, PREFIX};

use crate::common::{form, serve, serve_with, KEY};

/// Reads until the server closes the connection, and returns what it sent. A reset counts
/// as closed too (the server may drop a connection with unread input).
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let outcome = tokio::time::timeout(Duration::from_secs(60), async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(outcome.is_ok(), "the server kept the connection open; it sent {:?}", String::from_utf8_lossy(&got));
    String::from_utf8_lossy(&got).into_owned()
}

async fn connect(addr: SocketAddr) -> TcpStream {
    TcpStream::connect(addr).await.unwrap()
}

fn short_timeouts() -> Limits {
    Limits { header_timeout: Duration::from_secs(1), body_timeout: Duration::from_secs(1), ..Limits::default() }
}

#[tokio::test]
async fn slow_bodies_half_sent_heads_and_idle_connections_are_closed_while_others_are_served() {
    let served = serve_with(short_timeouts()).await;
    let house = served.a_house().await;
    let (lat, long) = (house.location.y().to_string(), house.location.x().to_string());

    // A body that trickles: ten bytes of a hundred, then nothing.
    let mut slow_body = connect(served.addr).await;
    let head = format!(
        "POST {PREFIX}/requests.json HTTP/1.1\r\nHost: x\r\ncontent-type: application/x-www-form-urlencoded\r\n\
         content-length: 100\r\n\r\napi_key=te"
    );
    slow_body.write_all(head.as_bytes()).await.unwrap();
    // A head that never ends.
    let mut half_head = connect(served.addr).await;
    half_head.write_all(format!("GET {PREFIX}/services.json HTTP/1.1\r\nHost: x\r\nX-Slow: ").as_bytes()).await.unwrap();
    // A kept-alive connection that, after one answer, says nothing more.
    let mut idle = connect(served.addr).await;
    idle.write_all(format!("GET {PREFIX}/services.json HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes()).await.unwrap();

    // Meanwhile a normal client reads and writes as usual.
    assert_eq!(served.get("services.json").await.status, 200);
    let fields = [("api_key", KEY), ("service_code", "complaint"), ("lat", &lat), ("long", &long)];
    let posted = served.post("requests.json", &fields).await;
    assert_eq!(posted.status, 201, "{posted:?}");

    let answered = read_until_closed(&mut slow_body).await;
    assert!(answered.starts_with("HTTP/1.1 408"), "the slow body is answered 408 and closed: {answered:?}");
    assert!(answered.contains("did not arrive within"), "{answered}");
    let answered = read_until_closed(&mut half_head).await;
    assert!(!answered.contains(" 200 "), "the half-sent head is never served, only closed: {answered:?}");
    let answered = read_until_closed(&mut idle).await;
    assert!(answered.starts_with("HTTP/1.1 200"), "the idle connection got its answer, then was closed: {answered:?}");

    // And the server still serves.
    assert_eq!(served.get("services.xml").await.status, 200);
    served.stop().await;
}

#[tokio::test]
async fn an_oversized_expect_continue_gets_413_and_no_100() {
    let served = serve().await;
    let mut stream = connect(served.addr).await;
    let head = format!(
        "POST {PREFIX}/requests.json HTTP/1.1\r\nHost: x\r\ncontent-type: application/x-www-form-urlencoded\r\n\
         content-length: 52428800\r\nexpect: 100-continue\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answered = read_until_closed(&mut stream).await;
    assert!(answered.starts_with("HTTP/1.1 413"), "{answered:?}");
    assert!(!answered.contains("100 Continue"), "{answered:?}");
    assert!(answered.contains("\"code\": 413"), "an Open311 error body in the asked format: {answered:?}");

    // A chunked body that outgrows the limit without declaring a length is refused too.
    let mut stream = connect(served.addr).await;
    let head = format!(
        "POST {PREFIX}/requests.json HTTP/1.1\r\nHost: x\r\ncontent-type: application/x-www-form-urlencoded\r\n\
         transfer-encoding: chunked\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = format!("{:x}\r\n{}\r\n", 64 << 10, "a".repeat(64 << 10));
    for _ in 0..20 {
        // The server may close before all is sent: that is a refusal too.
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let answered = read_until_closed(&mut stream).await;
    assert!(answered.is_empty() || answered.starts_with("HTTP/1.1 413"), "{answered:?}");
    served.stop().await;
}

#[tokio::test]
async fn a_read_flood_gets_429s_while_every_post_succeeds() {
    let limits = Limits { reads: Rate { per_second: 1, burst: 5 }, concurrent_reads: 1, ..Limits::default() };
    let served = serve_with(limits).await;
    let house = served.a_house().await;
    let (lat, long) = (house.location.y().to_string(), house.location.x().to_string());

    let flood: Vec<_> = (0..8)
        .map(|_| {
            let (client, url) = (served.client.clone(), format!("{}/requests.json", served.base));
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                for _ in 0..10 {
                    statuses.push(client.get(&url).send().await.unwrap().status().as_u16());
                }
                statuses
            })
        })
        .collect();
    let fields = [("api_key", KEY), ("service_code", "complaint"), ("lat", lat.as_str()), ("long", long.as_str())];
    for _ in 0..10 {
        let posted = served.post("requests.json", &fields).await;
        assert_eq!(posted.status, 201, "a POST during the read flood: {posted:?}");
    }
    let mut statuses = Vec::new();
    for reader in flood {
        statuses.extend(reader.await.unwrap());
    }
    assert!(statuses.iter().all(|s| matches!(s, 200 | 429)), "{statuses:?}");
    // 80 reads against a budget of 5 and 1 a second: most are refused, early and cheaply.
    assert!(statuses.iter().filter(|&&s| s == 429).count() > 40, "{statuses:?}");
    let refused = served.get("requests.xml").await;
    assert_eq!(refused.status, 429, "{refused:?}");
    assert!(refused.body.contains("<code>429</code>"), "refused in the format asked for: {refused:?}");
    served.stop().await;
}

#[tokio::test]
async fn connections_past_a_client_s_share_are_closed_on_arrival_and_others_are_served() {
    let served = serve_with(Limits { max_connections_per_client: 2, ..Limits::default() }).await;
    let _first = connect(served.addr).await;
    let _second = connect(served.addr).await;
    // Give the server a moment to take both in: the third must be the one past the share.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = connect(served.addr).await;
    let _ = third.write_all(format!("GET {PREFIX}/services.json HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes()).await;
    let answered = read_until_closed(&mut third).await;
    assert!(answered.is_empty(), "closed without an answer: {answered:?}");

    // Another address on the loopback is another client.
    let other = reqwest::Client::builder().local_address(Some("127.0.0.2".parse().unwrap())).build().unwrap();
    let answer = crate::common::answer(other.get(format!("{}/services.json", served.base)).send().await.unwrap()).await;
    assert_eq!(answer.status, 200);
    served.stop().await;
}

#[tokio::test]
async fn api_keys_are_compared_exactly() {
    let served = serve().await;
    let house = served.a_house().await;
    let (lat, long) = (house.location.y().to_string(), house.location.x().to_string());
    let padded = format!("{KEY} ");
    let before = served.ticket_count_and_seq().await;
    for key in [padded.as_str(), &KEY[1..], &KEY.to_uppercase()] {
        let fields = [("api_key", key), ("service_code", "complaint"), ("lat", &lat), ("long", &long)];
        let answer = served.post("requests.json", &fields).await;
        assert_eq!(answer.status, 403, "{key:?}: {answer:?}");
    }
    assert_eq!(served.ticket_count_and_seq().await, before);
    served.stop().await;
}

#[tokio::test]
async fn shutdown_lets_an_open_request_finish_and_closes_a_half_sent_one() {
    // Long client timeouts: it must be the shutdown that closes the connections here.
    let limits = Limits {
        header_timeout: Duration::from_secs(600),
        body_timeout: Duration::from_secs(600),
        shutdown_grace: Duration::from_secs(2),
        ..Limits::default()
    };
    let mut served = serve_with(limits).await;
    let house = served.a_house().await;
    let (lat, long) = (house.location.y().to_string(), house.location.x().to_string());
    let body = form(&[("api_key", KEY), ("service_code", "complaint"), ("lat", &lat), ("long", &long)]);
    let (first, rest) = body.split_at(10);

    let mut half_sent = connect(served.addr).await;
    half_sent.write_all(format!("GET {PREFIX}/services.json HTTP/1.1\r\nHost: x\r\n").as_bytes()).await.unwrap();
    let mut in_flight = connect(served.addr).await;
    let head = format!(
        "POST {PREFIX}/requests.json HTTP/1.1\r\nHost: x\r\ncontent-type: application/x-www-form-urlencoded\r\n\
         content-length: {}\r\n\r\n{first}",
        body.len()
    );
    in_flight.write_all(head.as_bytes()).await.unwrap();
    // Let the server read the head, so that this request is open when the stop comes.
    tokio::time::sleep(Duration::from_millis(200)).await;

    served.begin_stop();
    tokio::time::sleep(Duration::from_millis(200)).await;
    in_flight.write_all(rest.as_bytes()).await.unwrap();
    let answered = read_until_closed(&mut in_flight).await;
    assert!(answered.starts_with("HTTP/1.1 201"), "the open request finished during the grace: {answered:?}");
    served.stopped().await;
    let answered = read_until_closed(&mut half_sent).await;
    assert!(!answered.contains(" 200 "), "{answered:?}");
    assert!(TcpStream::connect(served.addr).await.is_err(), "no longer listening");
}

#[tokio::test]
async fn a_read_that_runs_out_of_time_is_a_503_in_the_api_s_own_format() {
    let served = serve_with(Limits { read_timeout: Duration::from_millis(300), ..Limits::default() }).await;
    // A long write holds the district: every read waits behind it past its time.
    let holding = served.state.engine().write().await;
    let json = served.client.get(format!("{}/requests.json", served.base)).send().await.unwrap();
    assert_eq!(json.status(), 503);
    assert!(json.headers().contains_key("retry-after"));
    let errors: serde_json::Value = json.json().await.unwrap();
    assert_eq!(errors[0]["code"], 503, "{errors}");
    assert!(errors[0]["description"].as_str().unwrap().contains("busy"), "{errors}");
    let xml = served.client.get(format!("{}/requests.xml", served.base)).send().await.unwrap();
    assert_eq!(xml.status(), 503);
    let text = xml.text().await.unwrap();
    let document = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(document.root_element().tag_name().name(), "errors", "{text}");
    drop(holding);
    let answered = served.client.get(format!("{}/requests.json", served.base)).send().await.unwrap();
    assert_eq!(answered.status(), 200);
}
