//! Intake: requests from outside (the Open311 GeoReport v2 API, hotline exports) becoming
//! tickets, and tickets shown back as Open311 service requests.
//!
//! Defined once here so that `wangge serve`, `wangge import tickets` (and later the in-app form)
//! only translate: the catalog of services, routing a location to its micro-grid, creating
//! the ticket through [`Engine::commit`](crate::Engine::commit) with the caller's scope, and
//! the read side with the scope's filter.

mod catalog;
mod error;
mod hotline;
mod locate;
mod publish;
mod query;
mod submit;

pub use catalog::service_name;
pub use error::IntakeError;
pub use hotline::{category_of, most_common, source_tag, HotlineImportOptions, HotlineImportReport, HotlineRow, RejectedRow};
pub(crate) use locate::Locator;
pub use publish::Publication;
pub use query::{RequestFilter, MAX_REQUESTS};
