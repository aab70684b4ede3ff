//! Why a lifecycle step is refused. Every message names the ticket, so a refusal shown in
//! a batch of reassignments says which ticket it was about.

use crate::lifecycle::status::TicketStatus;
use crate::sla::ClockError;
use crate::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    /// The step does not apply in the current status.
    #[error("ticket {ticket} is {status}; it cannot be {verb}{}", hint.map(|h| format!(" — {h}")).unwrap_or_default())]
    IllegalTransition { ticket: i64, status: TicketStatus, verb: &'static str, hint: Option<&'static str> },
    #[error("ticket {ticket}: event at {at} is earlier than the previous event at {previous}")]
    OutOfOrder { ticket: i64, at: Timestamp, previous: Timestamp },
    #[error("ticket {ticket} is not owned by {unit} (owners: {owners}); {unit} cannot {action} it")]
    NotOwner { ticket: i64, unit: String, owners: String, action: &'static str },
    #[error("ticket {ticket}: {unit} has already accepted it")]
    AlreadyAccepted { ticket: i64, unit: String },
    #[error("ticket {ticket}: {unit} has not accepted it yet; it must accept before it can {action} it")]
    NotAccepted { ticket: i64, unit: String, action: &'static str },
    #[error("ticket {ticket}: {unit} has already started work on it")]
    AlreadyStarted { ticket: i64, unit: String },
    #[error("ticket {ticket}: {unit} has already resolved its part")]
    AlreadyResolved { ticket: i64, unit: String },
    #[error("ticket {ticket}: cannot reassign from {unit} to the same unit")]
    SameUnit { ticket: i64, unit: String },
    #[error("ticket {ticket} is already owned by {unit}")]
    AlreadyOwner { ticket: i64, unit: String },
    #[error("ticket {ticket}: a {what} needs a reason")]
    MissingReason { ticket: i64, what: &'static str },
    #[error("ticket {ticket}: {what} needs a name")]
    MissingName { ticket: i64, what: &'static str },
    #[error("ticket {ticket}: a co-dispatch needs at least one unit")]
    NoUnits { ticket: i64 },
    #[error("ticket {ticket}: {source}")]
    Clock { ticket: i64, source: ClockError },
}
