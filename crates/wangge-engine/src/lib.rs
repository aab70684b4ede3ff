//! Wangge's operations, defined once.
//!
//! An [`Engine`] holds one district in memory — its records from the store and the figures
//! of every node — and keeps it current by reading the store's change log. Every operation
//! takes the caller's [`Scope`](wangge_domain::Scope) and refuses what lies outside it; the
//! command line, the desktop shell and (later) the HTTP server only translate to and from
//! these calls. Answers are `wangge_api` types, so all transports speak the same language.

pub mod accounts;
pub mod boundaries;
pub mod boundary_file;
pub mod briefing;
mod clock;
mod config;
mod convert;
mod detail_map;
mod engine;
mod error;
mod houses;
pub mod intake;
pub mod live;
pub mod paths;
pub mod placement;
pub mod registers;
mod rental;
mod simulate;
mod tasks;
mod tickets;
mod verify;
mod warning_history;
mod warnings;

pub use clock::Clock;
pub use engine::{Engine, Written, DEFAULT_SEED};
pub use error::EngineError;
pub use intake::{IntakeError, RequestFilter};
pub use placement::Misplaced;
pub use simulate::{Proposal, Simulator};
pub use tasks::read_screening;
pub use tickets::NewTicket;
pub use verify::{Discrepancy, VerifyReport};
pub use wangge_store::{Backend, BreakKind, ChainBreak, ChainReport, CommitListener, Heard, Store};
