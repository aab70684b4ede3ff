//! `wangge serve`: the seats' API under `/api`, the Open311 GeoReport v2 API under
//! `/open311/v2` and the browser UI's files at `/`, over HTTP, on the engine.
//!
//! Each handler only translates: the URL and body are parsed with `wangge-open311`, one
//! engine operation runs with the Open311 caller's scope (a system account `open311`,
//! commander over the whole district), and the answer or error is rendered in the format the
//! URL asked for. A background task catches the engine up with the change log every 250 ms,
//! so tickets and changes made by other processes (the desktop, `wangge simulate`) show.
//!
//! Facing the open internet: header, body and idle timeouts, connection caps and per-client
//! rates for reads and writes ([`Limits`]), and a shutdown that closes everything within
//! [`Limits::shutdown_grace`]. What is published is bounded by the district's publication
//! rules (public services only, personal data masked, register doors coarsened).
//!
//! `/healthz` (the process serves) and `/readyz` (its store answers) are public, for load
//! balancers and service managers.
//!
//! The server logs through `tracing` (where it listens, what its limits refused, its
//! shutdown), every line about a request within a span carrying its id (also sent back in
//! `x-request-id`); whoever runs it installs the subscriber (`wangge serve` does).

// `say!(language, "中文", "English", …)` in every module: the texts written for a seat, in its language.
#[macro_use]
extern crate wangge_figures;

mod answer;
pub mod api;
mod errors;
mod filter;
mod health;
mod keys;
mod limits;
mod listen;
mod live;
mod request_id;
mod routes;
mod seats;
mod state;
mod ui;

use std::future::Future;
use std::net::SocketAddr;

pub use keys::ApiKeys;
pub use limits::{Limits, Rate};
pub use routes::{router, PREFIX};
pub use state::AppState;

/// Binds `listen`, logs where, and serves `state` (its engine, keys, limits and UI
/// directory; see [`AppState::new`] and its `with_…` methods) until `shutdown` completes.
pub async fn serve(state: AppState, listen: SocketAddr, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let bound = listener.local_addr()?;
    tracing::info!("listening on http://{bound}");
    serve_on(listener, state, shutdown).await
}

/// Serves on a bound listener (tests bind port 0 and read the port back) until `shutdown`,
/// then closes every connection within the state's [`Limits::shutdown_grace`].
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let poller = tokio::spawn(live::keep_current(state.clone()));
    let (open311, rates) = routes::router_and_rates(state.clone());
    if let Some(dir) = state.ui() {
        tracing::info!("browser UI from {}", dir.display());
    }
    // The UI is the fallback: the two APIs claim every path under their prefixes, unknown
    // ones included, so no file can stand in for an API answer; the probes are routes of
    // their own, so neither a session check nor a UI file stands in for them.
    let app = api::router(state.clone())
        .merge(open311)
        .merge(health::router(state.clone()))
        .merge(ui::router(state.ui(), state.limits.read_timeout));
    let app = request_id::layer(app);
    let closing = state.closing.clone();
    let shutdown = async move {
        shutdown.await;
        closing.send_replace(true);
    };
    let outcome = listen::run(listener, app, rates, &state.limits, shutdown).await;
    // Catching up only reads the log; stopping it between reads loses nothing.
    poller.abort();
    let _ = poller.await;
    // Close the pool while the runtime still runs, so SQLite checkpoints its WAL on the last
    // close instead of leaving that to the next opener.
    state.engine.read().await.store().close().await;
    tracing::info!("stopped");
    outcome
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM (what service managers send): the ways
/// an operator stops `wangge serve`.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!("cannot listen for Ctrl-C ({err}); stop the server with SIGTERM instead");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!("cannot listen for SIGTERM ({err}); stop the server with Ctrl-C instead");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    let signal = tokio::select! {
        () = ctrl_c => "Ctrl-C",
        () = terminate => "SIGTERM",
    };
    tracing::info!("{signal}: shutting down");
}
