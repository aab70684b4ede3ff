//! The Open311 server's integration tests, one binary: a real HTTP client on loopback
//! against `wangge serve`'s router over the Small demo in a real SQLite file (`common`:
//! serving it, and reading every answer, XML parsed with a real parser).
//!
//! - `health`: `/healthz`, `/readyz`, and every request's id in its answer and log lines;
//! - `hardening`: slow and half-sent requests, floods, per-client caps, shutdown;
//! - `languages`: refusals in the seat's language (English or Chinese), sign-in in Chinese;
//! - `live`: other seats' changes reach the server; scope bounds intake;
//! - `notices`: newly breached tickets on the live feed, to whom they may be shown;
//! - `open311`: the API end to end;
//! - `publication`: what anonymous readers may see;
//! - `seats`: signing in, the session check on every `/api` route, the live feed;
//! - `throughput`: POSTs per second, printed and not asserted;
//! - `ui`: the browser UI's files at `/`, next to both APIs;
//! - `wall_payloads`: a wall screen's whole session, scanned for personal data.

mod common;

mod hardening;
mod health;
mod languages;
mod live;
mod notices;
mod open311;
mod publication;
mod seats;
mod throughput;
mod ui;
mod wall_payloads;
