//! Intake: requests from outside (today the Open311 GeoReport v2 API) becoming tickets, and
//! tickets shown back as Open311 service requests.
//!
//! Defined once here so that `wangge serve` (and later the in-app form and the hotline import)
//! only translate: the catalog of services, routing a location to its micro-grid, creating
//! the ticket through [`Engine::commit`](crate::Engine::commit) with the caller's scope, and
//! the read side with the scope's filter.

mod catalog;
mod error;
mod locate;
mod query;
mod submit;

pub use catalog::service_name;
pub use error::IntakeError;
pub(crate) use locate::Locator;
pub use query::{RequestFilter, MAX_REQUESTS};

/// How long a new ticket has before it is overdue. A flat three calendar days until the SLA
/// policies per category and priority (issue 3, item 5) are wired to tickets.
pub const PROVISIONAL_DEADLINE_SECS: i64 = 3 * wangge_domain::time::DAY_SECS;
