//! Tickets as a seat works them (issue 3): the work board and ticket details, lifecycle
//! steps and reassignment with optimistic concurrency, and the audit view.
//!
//! - [`rows`]: a stored ticket as the board shows it (status, SLA state, countdown).
//! - [`board`]: the board query and the unit workload cards.
//! - [`act`]: one step on one ticket, and reassignment of many at once.
//! - [`audit`]: the change log read as an audit trail, within the caller's scope;
//!   [`audit_fields`]: its records as readable fields.
//! - [`new`]: a new ticket routed to its first unit.
//! - [`steps`]: which steps a seat may take (checked on every step, offered in the detail).

mod act;
mod audit;
mod audit_fields;
mod board;
mod breach;
mod detail;
mod form;
mod new;
mod rows;
mod steps;

pub use new::NewTicket;
pub(crate) use rows::{lifecycle_status, FoldCache, Folded};
