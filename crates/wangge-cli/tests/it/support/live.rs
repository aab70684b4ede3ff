//! A seat on a running server's live feed (`GET /api/live`), as a test holds one: its hello,
//! then every message as it arrives (read by a task of its own, so arrival times do not wait
//! for the test to look), and the figures of its area kept up to date from them the way the
//! UI keeps them; and a ticket filed through `/api/call` as a seat files it.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

/// A failure guard only (a message arrives in milliseconds); never an assertion on timing.
pub const GUARD: Duration = Duration::from_secs(60);

/// One message of a seat's live feed and when it arrived.
pub struct Heard {
    pub at: Instant,
    pub message: Value,
}

pub struct Seat {
    pub hello: Value,
    feed: mpsc::UnboundedReceiver<Heard>,
    pub heard: Vec<Heard>,
}

impl Seat {
    pub async fn connect(address: &str, token: &str) -> Seat {
        let (mut socket, _) =
            tokio_tungstenite::connect_async(format!("ws://{address}/api/live?access_token={token}")).await.expect("the live feed opens");
        let hello = match tokio::time::timeout(GUARD, socket.next()).await.expect("no hello within the guard") {
            Some(Ok(Message::Text(text))) => serde_json::from_str::<Value>(&text).unwrap(),
            other => panic!("expected the hello, got {other:?}"),
        };
        assert_eq!(hello["event"], "hello", "{hello}");
        let (sender, feed) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Some(Ok(message)) = socket.next().await {
                let at = Instant::now();
                if let Message::Text(text) = message {
                    if sender.send(Heard { at, message: serde_json::from_str(&text).unwrap() }).is_err() {
                        return;
                    }
                }
            }
        });
        Seat { hello, feed, heard: Vec::new() }
    }

    /// The change-log number the hello was current at.
    pub fn hello_seq(&self) -> i64 {
        self.hello["payload"]["seq"].as_i64().unwrap()
    }

    /// Reads the feed up to the `log-advanced` that reaches `seq`; returns when it arrived.
    pub async fn until(&mut self, seq: i64) -> Instant {
        loop {
            let heard = tokio::time::timeout(GUARD, self.feed.recv())
                .await
                .unwrap_or_else(|_| panic!("seq {seq} not pushed within the guard; heard {:?}", self.seqs("log-advanced")))
                .expect("the live feed ended");
            let reached = heard.message["event"] == "log-advanced" && heard.message["payload"].as_i64().is_some_and(|s| s >= seq);
            let at = heard.at;
            self.heard.push(heard);
            if reached {
                return at;
            }
        }
    }

    /// The sequence numbers of the messages of one kind heard so far, in arrival order.
    pub fn seqs(&self, event: &str) -> Vec<i64> {
        self.heard
            .iter()
            .filter(|h| h.message["event"] == event)
            .map(|h| match event {
                "log-advanced" => h.message["payload"].as_i64().unwrap(),
                _ => h.message["payload"]["seq"].as_i64().unwrap(),
            })
            .collect()
    }

    /// The figures of the seat's node and of each of its children as the seat now shows
    /// them: the hello's, with every `figures-changed` heard since laid over them.
    pub fn figures(&self) -> BTreeMap<String, Value> {
        let stats = &self.hello["payload"]["stats"];
        let mut shown = figures_of(stats);
        for heard in self.heard.iter().filter(|h| h.message["event"] == "figures-changed") {
            for node in heard.message["payload"]["nodes"].as_array().unwrap() {
                if let Some(metrics) = shown.get_mut(node["code"].as_str().unwrap()) {
                    *metrics = node["metrics"].clone();
                }
            }
        }
        shown
    }
}

/// A node's figures and its children's from `wangge stats --json` (or a hello's stats), by code.
pub fn figures_of(stats: &Value) -> BTreeMap<String, Value> {
    let mut figures = BTreeMap::new();
    figures.insert(stats["node"]["code"].as_str().unwrap().to_owned(), stats["metrics"].clone());
    for child in stats["children"].as_array().unwrap() {
        figures.insert(child["code"].as_str().unwrap().to_owned(), child["metrics"].clone());
    }
    figures
}

/// Files a ticket in `micro_grid` through `address`'s `/api/call` as the seat of `token`;
/// the answer's status and body.
pub async fn try_submit(client: &reqwest::Client, address: &str, token: &str, micro_grid: &str, summary: &str) -> (u16, String) {
    let form = json!({ "form": {
        "source": "grid_member_report", "category": "consultation", "urgent": false,
        "summary": summary, "micro_grid": micro_grid,
    }});
    match client.post(format!("http://{address}/api/call/submit_ticket")).bearer_auth(token).json(&form).send().await {
        Ok(response) => (response.status().as_u16(), response.text().await.unwrap_or_default()),
        Err(err) => (0, err.to_string()),
    }
}

/// [`try_submit`], which must succeed.
pub async fn submit(client: &reqwest::Client, address: &str, token: &str, micro_grid: &str, summary: String) {
    let (status, body) = try_submit(client, address, token, micro_grid, &summary).await;
    assert_eq!(status, 200, "{body}");
}

pub fn strictly_rising(seqs: &[i64]) -> bool {
    seqs.windows(2).all(|w| w[0] < w[1])
}
