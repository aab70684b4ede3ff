//! The engine's integration tests, one binary, on real SQLite files (and PostgreSQL where
//! `WANGGE_TEST_PG_URL` names a server), shared helpers in `support`:
//!
//! - `detail_map`: the full-detail map's places where they are, values reconciled, scope;
//! - `enterprise_demands`: demands linked to their enterprise by id, through a rename; the
//!   enterprise list reconciled with the breakdown;
//! - `live`: live updates through the change log between two seats, and scope; the one live
//!   loop (a district-wide tick worded for each seat);
//! - `screening`: screening batches as the app lists them, a grid's people and outcomes;
//! - `registers`: the register view, a house by address or by a person, within the scope;
//! - `rental`: the 红黑榜 reconciled with the figures, a deduction moving them, refusals, export;
//! - `scopes`: who sees what, as a property over random accounts, nodes and records;
//! - `ticket_steps`: which steps each role is offered and may take; the desk's steps in names;
//! - `tickets`: the work board, lifecycle steps, reassignment under optimistic concurrency,
//!   unit workloads and the audit trail;
//! - `warnings`: four-colour warnings kept live across seats;
//! - `workers`: workers on record linked to their enterprise by id, within the reader's scope;
//! - `writers`: two engines writing one file (intake during an import, stale releases).

mod support;

mod boundary_language;
mod detail_map;
mod enterprise_demands;
mod live;
mod refusals;
mod register_language;
mod registers;
mod rental;
mod scopes;
mod screening;
mod ticket_language;
mod ticket_steps;
mod tickets;
mod warnings;
mod workers;
mod writers;
