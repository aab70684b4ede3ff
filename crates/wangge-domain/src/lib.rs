//! The grid-governance domain of Wangge, as plain data and pure functions.
//!
//! Nothing here performs I/O or reads the clock: every function that depends on time takes
//! the instant as an argument ([`Timestamp`]). Storage, transports and the UI are layers on
//! top of this crate; this crate knows nothing of them.

pub mod accounts;
pub mod as_known;
pub mod change;
pub mod detail_geometry;
pub mod district;
pub mod enterprise_service;
pub mod hierarchy;
pub mod landlords;
pub mod lifecycle;
pub mod masking;
pub mod metrics;
pub mod records;
pub mod routing;
pub mod scope;
pub mod sla;
pub mod tasks;
pub mod time;
pub mod units;
pub mod unplaced;
pub mod warnings;

pub use change::{Change, ChangeRecord};
pub use district::District;
pub use hierarchy::{Hierarchy, HierarchyError, Level, MicroGridKind, Node, NodeCode, NodeId, StaffMember, StaffRole};
pub use metrics::{Counts, Metrics, MetricsIndex};
pub use records::*;
pub use scope::{Role, Scope, ScopeError};
pub use time::Timestamp;
pub use wangge_figures::Language;
