//! What every handler shares: the engine behind a lock, the caller's scope, keys, catalog.

use std::sync::Arc;

use tokio::sync::RwLock;
use wangge_domain::Scope;
use wangge_engine::{Clock, Engine};
use wangge_open311::Catalog;

use crate::keys::ApiKeys;

/// The account every Open311 client acts as. Requests from the public may land anywhere in
/// the district, so it covers the root; per-client accounts come with the server issue.
pub const OPEN311_ACCOUNT: &str = "open311";

#[derive(Clone)]
pub struct AppState {
    pub(crate) engine: Arc<RwLock<Engine>>,
    pub(crate) scope: Arc<Scope>,
    pub(crate) keys: Arc<ApiKeys>,
    /// Fixed for the life of the server: services are the ticket categories.
    pub(crate) catalog: Arc<Catalog>,
    pub(crate) clock: Clock,
}

impl AppState {
    pub fn new(engine: Engine, keys: ApiKeys, clock: Clock) -> Self {
        let scope = engine.district_scope(OPEN311_ACCOUNT);
        let catalog = engine.open311_catalog();
        AppState {
            engine: Arc::new(RwLock::new(engine)),
            scope: Arc::new(scope),
            keys: Arc::new(keys),
            catalog: Arc::new(catalog),
            clock,
        }
    }

    /// The served engine, e.g. for a test to read figures through the same seat.
    pub fn engine(&self) -> &Arc<RwLock<Engine>> {
        &self.engine
    }

    /// The scope the Open311 caller acts in.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }
}
