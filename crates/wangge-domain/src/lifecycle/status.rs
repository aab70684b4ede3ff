//! The coarse status of a ticket, as the work board filters it.

use serde::{Deserialize, Serialize};

/// Where a ticket stands. Finer facts (which unit accepted, supervision, clocks) live in
/// [`crate::lifecycle::TicketState`]; the status is what a person scanning the board needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Not yet taken in: only `Received` applies. Exists so that a state can be folded
    /// from an empty event list.
    New,
    /// 受理: taken in and dispatched, no owning unit has signed yet.
    Received,
    /// 签收: at least one owning unit has signed for it.
    Accepted,
    /// At least one owning unit is working on it.
    InProgress,
    /// 挂起: waiting on the citizen; every clock is paused.
    Suspended,
    /// 办结: every owning unit has finished.
    Resolved,
    /// 回访: the citizen was called back.
    ReturnVisited,
    /// Closed for good unless reopened.
    Closed,
    /// 退回: every owner returned it; it waits in triage for the dispatcher.
    Returned,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 9] = [
        TicketStatus::New,
        TicketStatus::Received,
        TicketStatus::Accepted,
        TicketStatus::InProgress,
        TicketStatus::Suspended,
        TicketStatus::Resolved,
        TicketStatus::ReturnVisited,
        TicketStatus::Closed,
        TicketStatus::Returned,
    ];

    /// The stable snake_case name used in storage (the serde name).
    pub fn name(self) -> &'static str {
        match self {
            TicketStatus::New => "new",
            TicketStatus::Received => "received",
            TicketStatus::Accepted => "accepted",
            TicketStatus::InProgress => "in_progress",
            TicketStatus::Suspended => "suspended",
            TicketStatus::Resolved => "resolved",
            TicketStatus::ReturnVisited => "return_visited",
            TicketStatus::Closed => "closed",
            TicketStatus::Returned => "returned",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        TicketStatus::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The word used in messages: "ticket 17 is closed".
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::New => "new",
            TicketStatus::Received => "received",
            TicketStatus::Accepted => "accepted",
            TicketStatus::InProgress => "in progress",
            TicketStatus::Suspended => "suspended",
            TicketStatus::Resolved => "resolved",
            TicketStatus::ReturnVisited => "return-visited",
            TicketStatus::Closed => "closed",
            TicketStatus::Returned => "returned to triage",
        }
    }

    /// Whether work on the ticket is still outstanding (the clocks matter).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            TicketStatus::Received | TicketStatus::Accepted | TicketStatus::InProgress | TicketStatus::Suspended | TicketStatus::Returned
        )
    }

    /// What the user should do first, for the error message of a refused step.
    pub(crate) fn hint(self) -> Option<&'static str> {
        match self {
            TicketStatus::New => Some("receive it first"),
            TicketStatus::Suspended => Some("resume it first"),
            TicketStatus::Resolved | TicketStatus::ReturnVisited | TicketStatus::Closed => Some("reopen it first"),
            TicketStatus::Returned => Some("dispatch it to a unit first"),
            TicketStatus::Received => Some("a unit must accept it first"),
            TicketStatus::Accepted | TicketStatus::InProgress => None,
        }
    }
}

impl std::fmt::Display for TicketStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
