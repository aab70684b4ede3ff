//! Signing in and the live feed of a seat: what `POST /api/session` takes and answers, and
//! what `GET /api/live` pushes.

use serde::{Deserialize, Serialize};

use crate::{FiguresChanged, NodeRef, StatsReport};

/// The body of `POST /api/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    pub name: String,
    pub password: String,
}

/// A signed-in account as a seat shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub name: String,
    /// `commander`, `leader` or `wall_screen`.
    pub role: String,
    /// The role as the screen names it (指挥长, 负责人, 大屏).
    pub role_label: String,
    /// The area the account covers, by code and name.
    pub node: NodeRef,
    pub administrator: bool,
    /// The language the account reads (Chinese unless it chose English).
    #[serde(default)]
    pub language: crate::Language,
}

/// The answer to a successful sign-in: the token to send as `Authorization: Bearer TOKEN`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionOpened {
    pub token: String,
    /// When the session ends, RFC 3339 in China Standard Time.
    pub expires_at: String,
    pub account: AccountView,
}

/// One message of `GET /api/live`, named as the desktop shell names its events
/// (`{"event": "figures-changed", "payload": …}`), so one UI listens to either.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", content = "payload", rename_all = "kebab-case")]
pub enum LiveMessage {
    /// The first message: who the seat is, and its area's figures as of `seq`. A seat that
    /// reconnects gets it again and is current from there.
    Hello { seq: i64, account: AccountView, stats: Box<StatsReport> },
    /// The figures of the nodes within the seat's area that moved (see [`crate::events`]).
    FiguresChanged(FiguresChanged),
    /// The change log moved on to this sequence number (boards refetch on it).
    LogAdvanced(i64),
    /// Tickets within the seat's area that became breached since the last such message
    /// (never to a wall screen: rows name citizens' requests).
    SlaBreached(Vec<crate::TicketRow>),
    /// Warning levels within the seat's area that changed since the last such message.
    WarningChanged(Vec<crate::WarningChange>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_messages_carry_the_desktop_event_names() {
        let advanced = serde_json::to_value(LiveMessage::LogAdvanced(7)).unwrap();
        assert_eq!(advanced["event"], crate::events::LOG_ADVANCED);
        assert_eq!(advanced["payload"], 7);
        let changed = serde_json::to_value(LiveMessage::FiguresChanged(FiguresChanged { seq: 7, nodes: vec![], redrawn: false })).unwrap();
        assert_eq!(changed["event"], crate::events::FIGURES_CHANGED);
        assert_eq!(changed["payload"]["seq"], 7);
        assert_eq!(serde_json::to_value(LiveMessage::SlaBreached(vec![])).unwrap()["event"], crate::events::SLA_BREACHED);
        assert_eq!(serde_json::to_value(LiveMessage::WarningChanged(vec![])).unwrap()["event"], crate::events::WARNING_CHANGED);
    }
}
