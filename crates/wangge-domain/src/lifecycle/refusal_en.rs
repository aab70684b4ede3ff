//! Why a step is refused, in the desk's words for a seat that reads English: the twin of
//! `refusal_zh`, sentence for sentence. [`LifecycleError`]'s own message stays the
//! developer's (unit codes, the domain's verbs); this one names units as the caller knows
//! them and the ticket's state as the board's English labels it.

use super::error::LifecycleError;
use super::status::TicketStatus;
use crate::Language;

impl TicketStatus {
    /// The state as the board's English names it, within a sentence ("ticket 17 is closed").
    pub fn label_en(self) -> &'static str {
        match self {
            TicketStatus::New => "not yet received",
            TicketStatus::Received => "received",
            TicketStatus::Accepted => "accepted",
            TicketStatus::InProgress => "in progress",
            TicketStatus::Suspended => "suspended",
            TicketStatus::Resolved => "resolved",
            TicketStatus::ReturnVisited => "called back",
            TicketStatus::Closed => "closed",
            TicketStatus::Returned => "awaiting dispatch",
        }
    }
}

impl LifecycleError {
    /// The refusal in the seat's language, naming units through `name` (a unit's code → its
    /// name): what the engine shows where a step is refused.
    pub fn message_in(&self, language: Language, name: &dyn Fn(&str) -> String) -> String {
        match language {
            Language::Chinese => self.message_zh(name),
            Language::English => self.message_en(name),
        }
    }

    /// The refusal in English, naming units through `name` (a unit's code → its name).
    pub fn message_en(&self, name: &dyn Fn(&str) -> String) -> String {
        use LifecycleError as E;
        match self {
            E::IllegalTransition { ticket, status, verb, hint } => {
                let first = hint.map(|h| format!(" ({})", hint_en(h))).unwrap_or_default();
                format!("Ticket {ticket} is {}: cannot {}{first}", status.label_en(), step_en(verb))
            }
            E::OutOfOrder { ticket, at, previous } => {
                format!("Ticket {ticket}: this step's time {} is earlier than the previous step's {}", local(*at), local(*previous))
            }
            E::NotOwner { ticket, unit, owners, action } => {
                let owners: Vec<String> = owners.split(", ").filter(|o| !o.is_empty() && *o != "none").map(name).collect();
                let owners = if owners.is_empty() { "none".to_owned() } else { owners.join(", ") };
                let unit = name(unit);
                format!("Ticket {ticket} is not handled by {unit} (handling units: {owners}), so {unit} cannot {}", step_en(action))
            }
            E::AlreadyAccepted { ticket, unit } => format!("Ticket {ticket}: {} has already accepted it", name(unit)),
            E::NotAccepted { ticket, unit, action } => {
                format!("Ticket {ticket}: {} has not accepted it yet, and must accept it before it can {}", name(unit), step_en(action))
            }
            E::AlreadyStarted { ticket, unit } => format!("Ticket {ticket}: {} has already started work on it", name(unit)),
            E::AlreadyResolved { ticket, unit } => format!("Ticket {ticket}: {} has already resolved its part", name(unit)),
            E::SameUnit { ticket, unit } => format!("Ticket {ticket}: cannot reassign it from {} to the same unit", name(unit)),
            E::AlreadyOwner { ticket, unit } => format!("Ticket {ticket} is already handled by {}", name(unit)),
            E::MissingReason { ticket, what } => format!("Ticket {ticket}: give a reason to {}", step_en(what)),
            E::MissingName { ticket, what } => format!("Ticket {ticket}: name {}", party_en(what)),
            E::NoUnits { ticket } => format!("Ticket {ticket}: choose at least one unit to add"),
            E::Clock { ticket, .. } => format!("Ticket {ticket}: the deadline clock failed; please contact the system administrator"),
        }
    }
}

fn local(at: crate::time::Timestamp) -> String {
    at.local().strftime("%Y-%m-%d %H:%M:%S").to_string()
}

/// A step as what the caller cannot do, by the verb (`TicketEvent::verb`), the action or the
/// noun the domain names it by.
fn step_en(word: &str) -> &'static str {
    match word {
        "received" => "receive it",
        "accepted" | "accept" => "accept it",
        "started" | "start" => "start work on it",
        "returned" | "return" => "return it",
        "suspended" | "suspension" => "suspend it",
        "resumed" => "resume work on it",
        "extended" | "extend" => "extend its deadline",
        "escalated" | "escalation" => "escalate it",
        "reassigned" | "reassign" | "reassignment" => "reassign it",
        "co-dispatched" => "add a unit to it",
        "resolved" | "resolve" => "resolve it",
        "return-visited" => "call back",
        "closed" => "close it",
        "reopened" | "reopening" => "reopen it",
        "supervised" => "supervise it",
        _ => "take this step",
    }
}

/// What must come first, by the state's hint (`TicketStatus::hint`).
fn hint_en(hint: &str) -> &'static str {
    match hint {
        "receive it first" => "receive it first",
        "resume it first" => "resume work on it first",
        "reopen it first" => "reopen it first",
        "dispatch it to a unit first" => "dispatch it to a handling unit first",
        "a unit must accept it first" => "a handling unit must accept it first",
        _ => "finish the step before first",
    }
}

/// Who must be named, by the domain's words for them.
fn party_en(what: &str) -> &'static str {
    match what {
        "the receiving unit" => "the receiving unit",
        "the unit escalated to" => "the unit to escalate it to",
        "the commander reassigning" => "the reassigning commander",
        "the unit reassigned to" => "the unit to reassign it to",
        "a co-dispatched unit" => "each unit added",
        "the supervising commander" => "the supervising commander",
        _ => "who handles it",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_chinese(text: &str) -> bool {
        crate::scope::tests::has_chinese(text)
    }

    /// Every word the domain refuses with has its English: none falls through to the
    /// catch-all, which only guards a step added later.
    #[test]
    fn every_step_hint_and_party_the_domain_names_has_english() {
        let words = [
            "received",
            "accepted",
            "started",
            "returned",
            "suspended",
            "resumed",
            "extended",
            "escalated",
            "reassigned",
            "co-dispatched",
            "resolved",
            "return-visited",
            "closed",
            "reopened",
            "supervised",
            "accept",
            "start",
            "return",
            "extend",
            "reassign",
            "resolve",
            "suspension",
            "escalation",
            "reassignment",
            "reopening",
        ];
        for word in words {
            assert_ne!(step_en(word), "take this step", "{word}");
        }
        for status in TicketStatus::ALL {
            if let Some(hint) = status.hint() {
                assert_ne!(hint_en(hint), "finish the step before first", "{hint}");
            }
        }
        let source = include_str!("transition.rs");
        let literal = |part: &str| part.split_once(')').and_then(|(args, _)| args.split('"').nth(1).map(str::to_owned));
        let named: Vec<String> = source.split("require_name(").skip(1).filter_map(literal).collect();
        assert!(named.len() >= 6, "the parties named in transition.rs: {named:?}");
        for what in named {
            assert_ne!(party_en(&what), "who handles it", "{what}");
        }
        for part in source.split("require_reason(").chain(source.split("require_owner(")).chain(source.split("require_accepted(")) {
            if let Some(word) = literal(part) {
                assert_ne!(step_en(&word), "take this step", "{word}");
            }
        }
    }

    #[test]
    fn an_english_seat_reads_refusals_in_english_with_units_by_name() {
        let name = |code: &str| match code {
            "dept:market" => "区市场监管局".to_owned(),
            "33040210" => "新兴街道".to_owned(),
            other => other.to_owned(),
        };
        let refusals = [
            LifecycleError::NotOwner { ticket: 17, unit: "dept:market".into(), owners: "33040210".into(), action: "resolve" },
            LifecycleError::NotOwner { ticket: 17, unit: "dept:market".into(), owners: "none".into(), action: "accept" },
            LifecycleError::IllegalTransition { ticket: 17, status: TicketStatus::Closed, verb: "accepted", hint: Some("reopen it first") },
            LifecycleError::NotAccepted { ticket: 17, unit: "33040210".into(), action: "resolve" },
            LifecycleError::MissingReason { ticket: 17, what: "suspension" },
            LifecycleError::MissingName { ticket: 17, what: "the unit reassigned to" },
            LifecycleError::NoUnits { ticket: 17 },
            LifecycleError::SameUnit { ticket: 17, unit: "dept:market".into() },
        ];
        let said: Vec<String> = refusals.iter().map(|r| r.message_in(Language::English, &name)).collect();
        assert_eq!(said[0], "Ticket 17 is not handled by 区市场监管局 (handling units: 新兴街道), so 区市场监管局 cannot resolve it");
        assert_eq!(said[1], "Ticket 17 is not handled by 区市场监管局 (handling units: none), so 区市场监管局 cannot accept it");
        assert_eq!(said[2], "Ticket 17 is closed: cannot accept it (reopen it first)");
        assert_eq!(said[3], "Ticket 17: 新兴街道 has not accepted it yet, and must accept it before it can resolve it");
        assert_eq!(said[4], "Ticket 17: give a reason to suspend it");
        assert_eq!(said[5], "Ticket 17: name the unit to reassign it to");
        // Units' names are data and stay as they are; every word around them is English.
        let code = |code: &str| code.to_owned();
        for (refusal, message) in refusals.iter().zip(&said) {
            assert!(!has_chinese(&refusal.message_in(Language::English, &code)), "{message}");
            assert_eq!(refusal.message_in(Language::Chinese, &name), refusal.message_zh(&name));
        }
        for status in TicketStatus::ALL {
            assert!(!has_chinese(status.label_en()) && !status.label_en().is_empty(), "{status:?}");
        }
    }
}
