//! The ticket lifecycle (issue 3, items 1, 5, 6 and 8) as a pure state machine.
//!
//! A ticket's state is never stored as such: it is the fold of its events
//! ([`TicketEvent`]) through [`TicketState::apply`], which refuses illegal steps with a
//! [`LifecycleError`] that names the current status and the event. Folding the same events
//! again gives the same state, so the audit trail ([`audit`]) and the per-unit figures
//! ([`stats`]) are derived from the one event list the store keeps.
//!
//! - [`event`]: the lifecycle steps and what each carries.
//! - [`status`]: the coarse status shown on the work board.
//! - [`policy`]: SLA targets per category and priority (placeholder table).
//! - [`project`]: [`Lifecycle`], the fold from a stored ticket's events to its plain fields.
//! - [`state`]: the folded state (owners, clocks, flags, counts).
//! - [`transition`]: `apply`, the transition rules.
//! - [`error`]: why a step is refused; `refusal_zh` and `refusal_en`: the same in the desk's
//!   words, in Chinese and in English.
//! - [`audit`]: before/after audit entries and the per-ticket timeline.
//! - [`stats`]: bounce-back counts and handling times per unit.
//! - [`steps`]: which steps a ticket offers now and which roles may take each.
//!
//! Pure: no I/O and no clock reads; every instant is carried by the events.

pub mod audit;
pub mod error;
pub mod event;
pub mod policy;
pub mod policy_file;
pub mod project;
mod refusal_en;
mod refusal_zh;
pub mod state;
pub mod stats;
pub mod status;
pub mod steps;
pub mod transition;

pub use audit::{build_timeline, AuditEntry, TicketStateSummary, Timeline, TimelineError};
pub use error::LifecycleError;
pub use event::{Satisfaction, TicketEvent};
pub use policy::{Priority, SlaPolicies, SlaTargets};
pub use policy_file::PolicyFileError;
pub use project::{events_from_stamps, HistoryError, Lifecycle};
pub use state::{Owner, TicketState};
pub use stats::{unit_statistics, UnitStats};
pub use status::TicketStatus;
pub use steps::TicketStep;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_project;
#[cfg(test)]
mod tests_prop;
#[cfg(test)]
mod tests_sla;
