//! The store's integration tests, one binary, each on a temp SQLite file and, when
//! `WANGGE_TEST_PG_URL` names a server, on a fresh PostgreSQL database (`support`: the
//! hand-built districts and the databases):
//!
//! - `audit_chain`: the change log's hash chain, whole and tampered with by hand;
//! - `announce`: commits heard through PostgreSQL's LISTEN/NOTIFY, a lost listener back;
//! - `concurrency`: seats writing at once while another polls the log;
//! - `durability`: a writer killed with SIGKILL loses no acknowledged change (the binary
//!   re-runs itself as the writer);
//! - `node_versions`: versioned boundaries, new and retired nodes;
//! - `scale`: a demo-shaped district saves and loads back whole, timed;
//! - `story`: the life of a store, empty to reloaded, with its refusals;
//! - `writers`: stale writes refused, busy waits, batches in order.

mod support;

mod announce;
mod audit_chain;
mod concurrency;
mod durability;
mod node_versions;
mod scale;
mod story;
mod writers;
