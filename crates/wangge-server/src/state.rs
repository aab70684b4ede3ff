//! What every handler shares: the engine behind a lock, the caller's scope, keys, catalog,
//! the publication rules and the limits; and where the browser UI's files are.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::{watch, RwLock, Semaphore};
use wangge_domain::Scope;
use wangge_engine::accounts::Accounts;
use wangge_engine::intake::Publication;
use wangge_engine::{Clock, Engine, EngineError, Store};
use wangge_open311::Catalog;

use crate::keys::ApiKeys;
use crate::limits::Limits;

/// The account every Open311 client acts as. Requests from the public may land anywhere in
/// the district, so it covers the root; per-client accounts come with the server issue.
pub const OPEN311_ACCOUNT: &str = "open311";

#[derive(Clone)]
pub struct AppState {
    pub(crate) engine: Arc<RwLock<Engine>>,
    /// The engine's store (one pool, shared): `/readyz` asks it directly, so a readiness
    /// probe never waits behind a catch-up holding the engine's lock.
    pub(crate) store: Store,
    pub(crate) scope: Arc<Scope>,
    pub(crate) keys: Arc<ApiKeys>,
    /// Fixed for the life of the server: services are the public ticket categories.
    pub(crate) catalog: Arc<Catalog>,
    /// Which services and channels the public sees.
    pub(crate) publication: Arc<Publication>,
    pub(crate) limits: Arc<Limits>,
    pub(crate) clock: Clock,
    /// The seats' accounts and sessions (on the engine's store, without the engine's lock).
    pub(crate) accounts: Arc<Accounts>,
    /// The seats listening to the live loop, each told its part of every catch-up.
    pub(crate) live: Arc<crate::seats::LiveSeats>,
    /// Set when the server begins to stop, so live feeds close instead of holding it open.
    pub(crate) closing: Arc<watch::Sender<bool>>,
    /// Live feeds open at once; one more is refused instead of slowing every seat.
    pub(crate) live_seats: Arc<Semaphore>,
    /// The browser UI's files (`ui/dist/`); without them `/` is a 404 page saying so.
    pub(crate) ui: Option<Arc<Path>>,
    /// How often breaches and warning changes are asked for ([`NOTICE_EVERY`]; tests shorter).
    pub(crate) notice_every: std::time::Duration,
}

/// How often the server asks for newly breached tickets and warning changes: the desktop
/// window's pace.
pub(crate) const NOTICE_EVERY: std::time::Duration = wangge_engine::live::NOTICE_EVERY;

/// Live feeds one server process holds at most.
const MOST_LIVE_SEATS: usize = 1000;

impl AppState {
    /// The state for serving `engine` with the district's publication rules (its
    /// `open311-publication.txt` in `WANGGE_CONFIG_DIR`, else the bundled ones) and the
    /// default [`Limits`]. A rules file that does not parse is an error naming its line.
    pub fn new(engine: Engine, keys: ApiKeys, clock: Clock) -> Result<Self, EngineError> {
        let publication = Publication::load()?;
        let scope = engine.district_scope(OPEN311_ACCOUNT);
        let catalog = engine.open311_catalog(&publication);
        let accounts = Accounts::new(engine.store().clone());
        let (closing, _) = watch::channel(false);
        Ok(AppState {
            store: engine.store().clone(),
            engine: Arc::new(RwLock::new(engine)),
            scope: Arc::new(scope),
            keys: Arc::new(keys),
            catalog: Arc::new(catalog),
            publication: Arc::new(publication),
            limits: Arc::new(Limits::default()),
            clock,
            accounts: Arc::new(accounts),
            live: Arc::default(),
            closing: Arc::new(closing),
            live_seats: Arc::new(Semaphore::new(MOST_LIVE_SEATS)),
            ui: None,
            notice_every: NOTICE_EVERY,
        })
    }

    /// The same state with other limits (shorter timeouts in tests, an operator's rates).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = Arc::new(limits);
        self
    }

    /// The same state serving the browser UI from `dir` (what `cargo xtask build-ui` wrote:
    /// `index.html`, the wasm and its glue, styles) at `/`.
    pub fn with_ui(mut self, dir: impl Into<PathBuf>) -> Self {
        self.ui = Some(Arc::from(dir.into()));
        self
    }

    /// The same state asking for breaches and warning changes every `every` (tests).
    pub fn with_notice_every(mut self, every: std::time::Duration) -> Self {
        self.notice_every = every;
        self
    }

    /// Where the browser UI is served from, if anywhere.
    pub fn ui(&self) -> Option<&Path> {
        self.ui.as_deref()
    }

    /// The seats' accounts, e.g. for a test to add one.
    pub fn accounts(&self) -> &Accounts {
        &self.accounts
    }

    /// The served engine, e.g. for a test to read figures through the same seat.
    pub fn engine(&self) -> &Arc<RwLock<Engine>> {
        &self.engine
    }

    /// The scope the Open311 caller acts in.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The publication rules in force.
    pub fn publication(&self) -> &Publication {
        &self.publication
    }
}
