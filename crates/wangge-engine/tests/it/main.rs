//! The engine's integration tests, one binary, on real SQLite files (and PostgreSQL where
//! `WANGGE_TEST_PG_URL` names a server), shared helpers in `support`:
//!
//! - `live`: live updates through the change log between two seats, and scope;
//! - `scopes`: who sees what, as a property over random accounts, nodes and records;
//! - `tickets`: the work board, lifecycle steps, reassignment under optimistic concurrency,
//!   unit workloads and the audit trail;
//! - `warnings`: four-colour warnings kept live across seats;
//! - `writers`: two engines writing one file (intake during an import, stale releases).

mod support;

mod live;
mod scopes;
mod tickets;
mod warnings;
mod writers;
