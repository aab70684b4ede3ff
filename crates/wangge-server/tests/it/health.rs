//! The probes and the request ids: `/healthz` and `/readyz` answer without a token, the
//! latter with the store's seq and 503 once the store is gone; every answer carries an
//! `x-request-id` (the caller's when it is a fit token), and the log lines of a request
//! carry it too, without its query string or Authorization header.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;

use crate::common::{serve, Served, KEY};

async fn fetch(served: &Served, path: &str) -> reqwest::Response {
    served.client.get(format!("http://{}{path}", served.addr)).send().await.unwrap()
}

async fn json(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"), "{response:?}");
    (status, response.json().await.unwrap())
}

fn request_id(response: &reqwest::Response) -> String {
    response.headers().get("x-request-id").expect("every answer has an x-request-id").to_str().unwrap().to_owned()
}

#[tokio::test]
async fn healthz_answers_while_the_process_serves() {
    let served = serve().await;
    assert_eq!(json(fetch(&served, "/healthz").await).await, (200, serde_json::json!({ "status": "ok" })));
    served.stop().await;
}

#[tokio::test]
async fn readyz_says_ready_with_the_stores_seq_until_the_store_is_gone() {
    let served = serve().await;
    // A ticket taken in, so the seq is one the log reached rather than the empty log's 0.
    let address = served.a_house().await.address;
    let posted = served.post("requests.json", &[("api_key", KEY), ("service_code", "complaint"), ("address_string", &address)]).await;
    assert_eq!(posted.status, 201, "{posted:?}");
    let (_, seq) = served.ticket_count_and_seq().await;
    assert!(seq > 0);
    assert_eq!(json(fetch(&served, "/readyz").await).await, (200, serde_json::json!({ "status": "ready", "seq": seq })));

    // The store's pool closed: every query fails, as it would with the database gone.
    served.state.engine().read().await.store().close().await;
    let (status, body) = json(fetch(&served, "/readyz").await).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["status"], "not ready");
    assert!(!body["reason"].as_str().unwrap().is_empty(), "{body}");
    // Liveness does not depend on the store.
    assert_eq!(fetch(&served, "/healthz").await.status(), 200);
    served.stop().await;
}

#[tokio::test]
async fn every_answer_carries_a_request_id_the_callers_when_fit() {
    let served = serve().await;
    // Generated when none is sent: different for every request, on every kind of answer.
    let mut seen = std::collections::HashSet::new();
    for path in ["/healthz", "/healthz", "/api/me", "/open311/v2/services.json", "/no-such-file"] {
        let id = request_id(&fetch(&served, path).await);
        assert!(!id.is_empty() && id.len() <= 64, "{path}: {id:?}");
        assert!(seen.insert(id), "{path}: an id used twice");
    }
    // The caller's own (a proxy's) is kept and echoed.
    let sent = served.client.get(format!("http://{}/healthz", served.addr)).header("x-request-id", "lb-7f3a.42").send().await.unwrap();
    assert_eq!(request_id(&sent), "lb-7f3a.42");
    // One that could forge log fields, or is too long, is replaced.
    for unfit in ["two words", "a\"quote", &"x".repeat(65)] {
        let answer = served.client.get(format!("http://{}/healthz", served.addr)).header("x-request-id", unfit).send().await.unwrap();
        let id = request_id(&answer);
        assert_ne!(id, unfit);
        assert!(!id.is_empty() && !seen.contains(&id), "{id:?}");
    }
    served.stop().await;
}

/// Log lines written into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The server's log lines from now on, in every test of this binary. Global rather than a
/// thread's own (`set_default`): a scoped subscriber misses lines whose call sites other
/// tests' threads reached first, and this test then sees an empty log now and then.
fn capture_log() -> Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED
        .get_or_init(|| {
            let captured = Captured::default();
            let writer = captured.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_env_filter("wangge_server=debug")
                .with_ansi(false)
                .with_writer(move || writer.clone())
                .finish();
            tracing::subscriber::set_global_default(subscriber).expect("no other test sets a subscriber");
            captured
        })
        .clone()
}

#[tokio::test]
async fn a_requests_log_lines_carry_its_id_and_no_secret() {
    let captured = capture_log();
    let served = serve().await;

    let answer = served
        .client
        .get(format!("http://{}/api/stats?node=secret-query", served.addr))
        .header("x-request-id", "trace-me-1")
        .header("authorization", "Bearer secret-token")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);
    assert_eq!(request_id(&answer), "trace-me-1");
    served.stop().await;

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = log.lines().filter(|line| line.contains("request_id=trace-me-1")).collect();
    assert!(!lines.is_empty(), "{log}");
    assert!(lines.iter().all(|line| line.contains("path=/api/stats") && line.contains("method=GET")), "{lines:#?}");
    assert!(lines.iter().any(|line| line.contains("answered") && line.contains("status=401")), "{lines:#?}");
    for secret in ["secret-query", "secret-token"] {
        assert!(!log.contains(secret), "{secret} reached the log:\n{log}");
    }
}
