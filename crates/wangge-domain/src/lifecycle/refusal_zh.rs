//! Why a step is refused, in the desk's words. [`LifecycleError`]'s own message is for a
//! developer's log (English, unit codes); [`LifecycleError::message_zh`] is what a person at a
//! seat reads: Chinese, the ticket's state as the board names it, units by the names the
//! caller knows them by. Its English twin is `refusal_en` ([`LifecycleError::message_in`]
//! picks by the seat's language).

use super::error::LifecycleError;
use super::status::TicketStatus;

impl TicketStatus {
    /// The state in the board's words (a ticket returned by every owner waits in 待分拨).
    pub fn label_zh(self) -> &'static str {
        match self {
            TicketStatus::New => "待受理",
            TicketStatus::Received => "已受理",
            TicketStatus::Accepted => "已签收",
            TicketStatus::InProgress => "办理中",
            TicketStatus::Suspended => "挂起",
            TicketStatus::Resolved => "已办结",
            TicketStatus::ReturnVisited => "已回访",
            TicketStatus::Closed => "已关闭",
            TicketStatus::Returned => "待分拨",
        }
    }
}

impl LifecycleError {
    /// The refusal in Chinese, naming units through `name` (a unit's code → its name).
    pub fn message_zh(&self, name: &dyn Fn(&str) -> String) -> String {
        use LifecycleError as E;
        match self {
            E::IllegalTransition { ticket, status, verb, hint } => {
                let first = hint.map(|h| format!("——{}", hint_zh(h))).unwrap_or_default();
                format!("工单 {ticket} 当前{}，不能{}{first}", status.label_zh(), step_zh(verb))
            }
            E::OutOfOrder { ticket, at, previous } => {
                format!("工单 {ticket}：此步的时间 {} 早于上一步的 {}", local(*at), local(*previous))
            }
            E::NotOwner { ticket, unit, owners, action } => {
                let owners: Vec<String> = owners.split(", ").filter(|o| !o.is_empty() && *o != "none").map(name).collect();
                let owners = if owners.is_empty() { "无".to_owned() } else { owners.join("、") };
                format!("工单 {ticket} 不由{}承办（承办单位：{owners}），{}不能{}", name(unit), name(unit), step_zh(action))
            }
            E::AlreadyAccepted { ticket, unit } => format!("工单 {ticket}：{}已签收", name(unit)),
            E::NotAccepted { ticket, unit, action } => {
                format!("工单 {ticket}：{}尚未签收，须先签收才能{}", name(unit), step_zh(action))
            }
            E::AlreadyStarted { ticket, unit } => format!("工单 {ticket}：{}已开始办理", name(unit)),
            E::AlreadyResolved { ticket, unit } => format!("工单 {ticket}：{}已办结其承办部分", name(unit)),
            E::SameUnit { ticket, unit } => format!("工单 {ticket}：不能从{}改派给同一单位", name(unit)),
            E::AlreadyOwner { ticket, unit } => format!("工单 {ticket} 已由{}承办", name(unit)),
            E::MissingReason { ticket, what } => format!("工单 {ticket}：{}须写明理由", step_zh(what)),
            E::MissingName { ticket, what } => format!("工单 {ticket}：须写明{}", party_zh(what)),
            E::NoUnits { ticket } => format!("工单 {ticket}：加派须至少选择一个单位"),
            E::Clock { ticket, .. } => format!("工单 {ticket}：时限计时出错，请联系系统管理员"),
        }
    }
}

fn local(at: crate::time::Timestamp) -> String {
    at.local().strftime("%Y-%m-%d %H:%M:%S").to_string()
}

/// A step, by the verb (`TicketEvent::verb`), the action or the noun the domain names it by.
fn step_zh(word: &str) -> &'static str {
    match word {
        "received" => "受理",
        "accepted" | "accept" => "签收",
        "started" | "start" => "开始办理",
        "returned" | "return" => "退回",
        "suspended" | "suspension" => "挂起",
        "resumed" => "恢复办理",
        "extended" | "extend" => "延期",
        "escalated" | "escalation" => "上报",
        "reassigned" | "reassign" | "reassignment" => "改派",
        "co-dispatched" => "加派",
        "resolved" | "resolve" => "办结",
        "return-visited" => "回访",
        "closed" => "关闭",
        "reopened" | "reopening" => "重新办理",
        "supervised" => "督办",
        _ => "办理这一步",
    }
}

/// What must come first, by the state's hint (`TicketStatus::hint`).
fn hint_zh(hint: &str) -> &'static str {
    match hint {
        "receive it first" => "请先受理",
        "resume it first" => "请先恢复办理",
        "reopen it first" => "请先重新办理",
        "dispatch it to a unit first" => "请先分拨给承办单位",
        "a unit must accept it first" => "须先由承办单位签收",
        _ => "请先完成前一步",
    }
}

/// Who must be named, by the domain's words for them.
fn party_zh(what: &str) -> &'static str {
    match what {
        "the receiving unit" => "受理单位",
        "the unit escalated to" => "上报到的单位",
        "the commander reassigning" => "改派的指挥员",
        "the unit reassigned to" => "改派到的单位",
        "a co-dispatched unit" => "加派的单位",
        "the supervising commander" => "督办的指挥员",
        _ => "经办人",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word the domain refuses with has its Chinese: none falls through to the
    /// catch-all, which only guards a step added later.
    #[test]
    fn every_step_hint_and_party_the_domain_names_has_chinese() {
        let verbs = [
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
        ];
        let actions = ["accept", "start", "return", "extend", "reassign", "resolve"];
        let nouns = ["suspension", "escalation", "reassignment", "reopening", "return"];
        for word in verbs.iter().chain(&actions).chain(&nouns) {
            assert_ne!(step_zh(word), "办理这一步", "{word}");
        }
        for status in TicketStatus::ALL {
            if let Some(hint) = status.hint() {
                assert_ne!(hint_zh(hint), "请先完成前一步", "{hint}");
            }
        }
        let source = include_str!("transition.rs");
        let literal = |part: &str| part.split_once(')').and_then(|(args, _)| args.split('"').nth(1).map(str::to_owned));
        let named: Vec<String> = source.split("require_name(").skip(1).filter_map(literal).collect();
        assert!(named.len() >= 6, "the parties named in transition.rs: {named:?}");
        for what in named {
            assert_ne!(party_zh(&what), "经办人", "{what}");
        }
        for part in source.split("require_reason(").chain(source.split("require_owner(")).chain(source.split("require_accepted(")) {
            if let Some(word) = literal(part) {
                assert_ne!(step_zh(&word), "办理这一步", "{word}");
            }
        }
    }

    #[test]
    fn refusals_name_units_and_states_in_chinese() {
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
        ];
        let said: Vec<String> = refusals.iter().map(|r| r.message_zh(&name)).collect();
        assert_eq!(said[0], "工单 17 不由区市场监管局承办（承办单位：新兴街道），区市场监管局不能办结");
        assert_eq!(said[1], "工单 17 不由区市场监管局承办（承办单位：无），区市场监管局不能签收");
        assert_eq!(said[2], "工单 17 当前已关闭，不能签收——请先重新办理");
        assert_eq!(said[3], "工单 17：新兴街道尚未签收，须先签收才能办结");
        assert_eq!(said[4], "工单 17：挂起须写明理由");
        assert_eq!(said[5], "工单 17：须写明改派到的单位");
        for message in &said {
            assert!(!message.chars().any(|c| c.is_ascii_alphabetic()), "English or a code in {message:?}");
        }
    }
}
