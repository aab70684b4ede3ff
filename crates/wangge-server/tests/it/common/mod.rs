//! A served Small demo district on a real SQLite file, and a real HTTP client to talk to it.

use std::path::PathBuf;

use wangge_domain::{House, Timestamp};
use wangge_engine::{Clock, Engine, Store};
use wangge_open311::NewRequest;
use wangge_server::{ApiKeys, AppState, Limits, PREFIX};

pub const NOW: Timestamp = Timestamp(1_795_399_200);
pub const KEY: &str = "test-key-1";

pub struct Served {
    _dir: tempfile::TempDir,
    pub db: PathBuf,
    pub base: String,
    /// Where the server listens, for raw TCP clients.
    pub addr: std::net::SocketAddr,
    pub state: AppState,
    pub client: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

/// Creates the Small demo in a fresh file and serves it on 127.0.0.1, port chosen by the OS.
pub async fn serve() -> Served {
    serve_with(Limits::default()).await
}

/// As [`serve`], with the given limits.
pub async fn serve_with(limits: Limits) -> Served {
    serve_state(|state| state.with_limits(limits)).await
}

/// As [`serve`], with the state made by `configure` from the default one.
pub async fn serve_state(configure: impl FnOnce(AppState) -> AppState) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve.db");
    let store = Store::open_sqlite_file(&db).await.unwrap();
    Engine::create_demo_at_scale(&store, 7, NOW, wangge_demo::Scale::Small, &mut |_| {}).await.unwrap();
    let engine = Engine::open(store, NOW).await.unwrap();
    let state = configure(AppState::new(engine, ApiKeys::new([KEY]), Clock::Fixed(NOW)).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}{PREFIX}");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(wangge_server::serve_on(listener, state.clone(), async move {
        let _ = stopped.await;
    }));
    Served { _dir: dir, db, base, addr, state, client: reqwest::Client::new(), stop: Some(stop), server: Some(server) }
}

/// A finished HTTP exchange: status, content type and body text.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl Served {
    pub async fn get(&self, path: &str) -> Answer {
        answer(self.client.get(format!("{}/{path}", self.base)).send().await.unwrap()).await
    }

    /// POSTs `fields` form-encoded, as Open311 clients do.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let response = self
            .client
            .post(format!("{}/{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form(fields))
            .send()
            .await
            .unwrap();
        answer(response).await
    }

    /// Tickets in the served engine and the store's last change-log seq.
    pub async fn ticket_count_and_seq(&self) -> (usize, i64) {
        let engine = self.state.engine().read().await;
        (engine.district().tickets.len(), engine.store().last_seq().await.unwrap())
    }

    /// The house with the lowest id: a real address and a point inside its micro-grid.
    pub async fn a_house(&self) -> House {
        let engine = self.state.engine().read().await;
        engine.district().houses.values().min_by_key(|h| h.id).unwrap().clone()
    }

    /// `tickets_received` of the micro-grid and each of its ancestors, leaf first.
    pub async fn received_up_the_tree(&self, micro_grid: &str) -> Vec<(String, u64)> {
        received_up_the_tree(&*self.state.engine().read().await, micro_grid)
    }

    pub async fn stop(mut self) {
        self.begin_stop();
        self.stopped().await;
    }

    /// Tells the server to shut down (as Ctrl-C does) without waiting for it.
    pub fn begin_stop(&mut self) {
        let _ = self.stop.take().unwrap().send(());
    }

    /// Waits until the server has stopped. A test guard, not a timing assertion: a server
    /// that never stops fails the test after a minute instead of hanging it.
    pub async fn stopped(&mut self) {
        let server = self.server.take().unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(60), server).await.expect("the server did not stop").unwrap().unwrap();
    }
}

pub fn received_up_the_tree(engine: &Engine, micro_grid: &str) -> Vec<(String, u64)> {
    let hierarchy = &engine.district().hierarchy;
    let scope = engine.district_scope("test");
    let leaf = hierarchy.id(micro_grid).unwrap();
    hierarchy
        .path_to_root(leaf)
        .map(|id| {
            let code = hierarchy.node(id).code.0.clone();
            let received = engine.stats(&scope, Some(&code)).unwrap().metrics.tickets_received;
            (code, received)
        })
        .collect()
}

pub async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let answer = Answer { status, content_type, body: response.text().await.unwrap() };
    assert_well_formed(&answer);
    answer
}

/// Every XML document the server sends in any test is read with a real XML parser (not the
/// one the wire crate writes with): it must be well-formed whatever the store holds.
pub fn assert_well_formed(answer: &Answer) {
    if answer.content_type.starts_with("text/xml") {
        if let Err(err) = roxmltree::Document::parse(&answer.body) {
            panic!("ill-formed XML ({err}): {:?}", answer.body);
        }
    }
}

/// `fields` as an `application/x-www-form-urlencoded` body.
pub fn form(fields: &[(&str, &str)]) -> String {
    fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// Percent-encodes everything but unreserved ASCII: enough for a form body.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An Open311 request for advice at a point, as an engine call takes it (no HTTP).
pub fn request_at(lat: f64, long: f64) -> NewRequest {
    let catalog = wangge_open311::Catalog {
        services: vec![wangge_open311::Service {
            service_code: "consultation".into(),
            service_name: "咨询求助".into(),
            description: None,
            metadata: false,
            service_type: wangge_open311::ServiceType::Realtime,
            keywords: None,
            group: None,
        }],
        ..Default::default()
    };
    let body = format!("api_key=k&service_code=consultation&lat={lat}&long={long}");
    NewRequest::from_form(body.as_bytes(), &catalog, &|_| true).unwrap()
}
