//! Who may see and change what: an account's part of the hierarchy and its role.

use serde::{Deserialize, Serialize};

use crate::hierarchy::{Hierarchy, NodeCode, NodeId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// District or street commander: reads and changes within the scope, sees personal data
    /// there, and moves work between units and areas.
    Commander,
    /// A leader of a street, community or grid: reads and changes within the scope and sees
    /// personal data there, but does not move work between units.
    Leader,
    /// A community worker or grid worker (网格员): records what happens in the scope (ticket
    /// steps, registers, follow-ups) and sees the people there; does not command.
    CommunityWorker,
    /// A unit handler (a department's 承办人): the tickets its unit owns, within the scope —
    /// their rows, history and steps — and figures; nothing else personal, no other changes.
    UnitHandler,
    /// A viewer (领导查看, a department looking on): figures, maps and warnings of the scope;
    /// no personal data, no changes.
    Viewer,
    /// A wall screen: aggregates only, never personal data, never changes anything.
    WallScreen,
    /// A system administrator: accounts and the audit trail; no personal data in the
    /// registers, no changes to them.
    Administrator,
}

impl Role {
    pub const ALL: [Role; 7] =
        [Role::Commander, Role::Leader, Role::CommunityWorker, Role::UnitHandler, Role::Viewer, Role::WallScreen, Role::Administrator];

    /// Whether names, ID numbers, phones, addresses and case texts inside the scope are shown
    /// (a unit handler sees those of its unit's tickets only: [`Scope::check_ticket_read`]).
    pub fn sees_personal_data(self) -> bool {
        matches!(self, Role::Commander | Role::Leader | Role::CommunityWorker)
    }

    /// Whether the role records changes (ticket steps, registers, isolations) in its scope (a
    /// unit handler takes steps on its unit's tickets only: [`Scope::check_ticket_write`]).
    pub fn makes_changes(self) -> bool {
        matches!(self, Role::Commander | Role::Leader | Role::CommunityWorker)
    }

    /// Whether the role moves work between units and areas: reassigning, co-dispatch,
    /// supervision, extensions, screening batches.
    pub fn commands(self) -> bool {
        self == Role::Commander
    }

    /// Whether the role reads the audit trail of its scope.
    pub fn reads_audit(self) -> bool {
        matches!(self, Role::Commander | Role::Leader | Role::Administrator)
    }
}

/// The caller of every engine operation: which account, in which role, over which subtree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub account: String,
    pub role: Role,
    /// The root of the part of the hierarchy the account covers.
    pub root: NodeCode,
    /// The unit whose tickets a unit handler works (a department such as `dept:market`, or a
    /// grid); `None` for the other roles.
    #[serde(default)]
    pub unit: Option<String>,
    /// The language the account reads: what the engine writes for this caller (a warning's
    /// reason, a refusal) is written in it.
    #[serde(default)]
    pub language: crate::Language,
}

/// Why the scope refuses a read or a change. Its `Display` is the Chinese of the command line;
/// a seat reads [`ScopeError::message_in`] its own language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message_in(crate::Language::Chinese))]
pub enum ScopeError {
    OutsideScope { account: String, root: NodeCode, node: NodeCode },
    UnknownRoot { account: String, root: NodeCode },
    NoPersonalData { account: String, role: Role },
    ReadOnly { account: String, role: Role },
    NoAudit { account: String, role: Role },
    NotTheUnitsTicket { account: String, unit: String },
}

impl ScopeError {
    /// The refusal as a seat reading `language` is told it.
    pub fn message_in(&self, language: crate::Language) -> String {
        use wangge_figures::say;
        match self {
            ScopeError::OutsideScope { account, root, node } => {
                say!(
                    language,
                    "区域 {node} 不在账号 {account} 的管辖范围（{root}）内",
                    "Area {node} is outside the scope of account {account} ({root})"
                )
            }
            ScopeError::UnknownRoot { account, root } => {
                say!(
                    language,
                    "账号 {account} 的管辖范围是区域 {root}，但没有这个区域",
                    "Account {account} covers area {root}, but there is no such area"
                )
            }
            ScopeError::NoPersonalData { account, role } => {
                let role = role.label_in(language);
                say!(language, "账号 {account}（{role}）无权查看个人信息", "Account {account} ({role}) may not see personal data")
            }
            ScopeError::ReadOnly { account, role } => {
                let role = role.label_in(language);
                say!(language, "账号 {account}（{role}）无权修改数据", "Account {account} ({role}) may not change data")
            }
            ScopeError::NoAudit { account, role } => {
                let role = role.label_in(language);
                say!(language, "账号 {account}（{role}）无权查看审计记录", "Account {account} ({role}) may not read the audit trail")
            }
            ScopeError::NotTheUnitsTicket { account, unit } => {
                say!(language, "账号 {account} 只办理单位 {unit} 的工单", "Account {account} handles only the tickets of unit {unit}")
            }
        }
    }
}

impl Scope {
    pub fn new(account: impl Into<String>, role: Role, root: impl Into<NodeCode>) -> Self {
        Scope { account: account.into(), role, root: root.into(), unit: None, language: crate::Language::Chinese }
    }

    /// A unit handler's scope: the unit's tickets within the part rooted at `root`.
    pub fn unit_handler(account: impl Into<String>, root: impl Into<NodeCode>, unit: impl Into<String>) -> Self {
        Scope { unit: Some(unit.into()), ..Scope::new(account, Role::UnitHandler, root) }
    }

    /// The unit whose tickets this account works, when it is a unit handler.
    pub fn handled_unit(&self) -> Option<&str> {
        if self.role == Role::UnitHandler {
            self.unit.as_deref()
        } else {
            None
        }
    }

    /// Succeeds when a ticket lying at `node` and owned now by `owners` may be shown with its
    /// history: as any personal data of the place, or to a handler of an owning unit.
    pub fn check_ticket_read(&self, hierarchy: &Hierarchy, node: NodeId, owners: &[String]) -> Result<(), ScopeError> {
        self.check_ticket(hierarchy, node, owners, Scope::check_personal_data)
    }

    /// Succeeds when the account may take a step on a ticket lying at `node` and owned by
    /// `owners` (before or after the step): as any change at the place, or as a handler of an
    /// owning unit.
    pub fn check_ticket_write(&self, hierarchy: &Hierarchy, node: NodeId, owners: &[String]) -> Result<(), ScopeError> {
        self.check_ticket(hierarchy, node, owners, Scope::check_write)
    }

    /// A unit handler by the owners within its part; every other role `by_place`.
    fn check_ticket(
        &self,
        hierarchy: &Hierarchy,
        node: NodeId,
        owners: &[String],
        by_place: fn(&Scope, &Hierarchy, NodeId) -> Result<(), ScopeError>,
    ) -> Result<(), ScopeError> {
        let Some(unit) = self.handled_unit() else { return by_place(self, hierarchy, node) };
        self.check_node(hierarchy, node)?;
        if owners.iter().any(|owner| owner == unit) {
            Ok(())
        } else {
            Err(ScopeError::NotTheUnitsTicket { account: self.account.clone(), unit: unit.to_owned() })
        }
    }

    /// The root node of this scope in `hierarchy`.
    pub fn root_id(&self, hierarchy: &Hierarchy) -> Result<NodeId, ScopeError> {
        hierarchy.id_of(&self.root).ok_or_else(|| ScopeError::UnknownRoot { account: self.account.clone(), root: self.root.clone() })
    }

    /// Succeeds when the node lies within the scope.
    pub fn check_node(&self, hierarchy: &Hierarchy, node: NodeId) -> Result<(), ScopeError> {
        let root = self.root_id(hierarchy)?;
        if hierarchy.covers(root, node) {
            Ok(())
        } else {
            Err(ScopeError::OutsideScope {
                account: self.account.clone(),
                root: self.root.clone(),
                node: hierarchy.node(node).code.clone(),
            })
        }
    }

    /// Succeeds when the role may see personal data at all (see [`Role::sees_personal_data`]).
    pub fn may_see_personal_data(&self) -> Result<(), ScopeError> {
        if self.role.sees_personal_data() {
            Ok(())
        } else {
            Err(ScopeError::NoPersonalData { account: self.account.clone(), role: self.role })
        }
    }

    /// Succeeds when the role may make changes at all (see [`Role::makes_changes`]).
    pub fn may_change(&self) -> Result<(), ScopeError> {
        if self.role.makes_changes() {
            Ok(())
        } else {
            Err(ScopeError::ReadOnly { account: self.account.clone(), role: self.role })
        }
    }

    /// Succeeds when the role may read the audit trail (see [`Role::reads_audit`]).
    pub fn may_read_audit(&self) -> Result<(), ScopeError> {
        if self.role.reads_audit() {
            Ok(())
        } else {
            Err(ScopeError::NoAudit { account: self.account.clone(), role: self.role })
        }
    }

    /// Succeeds when personal data attached to the node may be shown to this account.
    pub fn check_personal_data(&self, hierarchy: &Hierarchy, node: NodeId) -> Result<(), ScopeError> {
        self.may_see_personal_data()?;
        self.check_node(hierarchy, node)
    }

    /// Succeeds when the account may change records attached to the node.
    pub fn check_write(&self, hierarchy: &Hierarchy, node: NodeId) -> Result<(), ScopeError> {
        self.may_change()?;
        self.check_node(hierarchy, node)
    }
}

impl From<String> for NodeCode {
    fn from(code: String) -> Self {
        NodeCode(code)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::hierarchy::tests::small_tree;

    #[test]
    fn a_street_leader_sees_their_street_and_nothing_beside_it() {
        let tree = small_tree();
        let leader = Scope::new("s1-leader", Role::Leader, "S1");
        assert!(leader.check_node(&tree, tree.id("M3").unwrap()).is_ok());
        let err = leader.check_node(&tree, tree.id("M4").unwrap()).unwrap_err();
        assert_eq!(err.to_string(), "区域 M4 不在账号 s1-leader 的管辖范围（S1）内");
        assert!(leader.check_node(&tree, tree.root()).is_err(), "a street leader may not read the district");
    }

    #[test]
    fn a_wall_screen_reads_figures_but_no_personal_data_and_writes_nothing() {
        let tree = small_tree();
        let wall = Scope::new("wall-1", Role::WallScreen, "D");
        let m1 = tree.id("M1").unwrap();
        assert!(wall.check_node(&tree, m1).is_ok());
        assert!(matches!(wall.check_personal_data(&tree, m1), Err(ScopeError::NoPersonalData { .. })));
        assert!(matches!(wall.check_write(&tree, m1), Err(ScopeError::ReadOnly { .. })));
    }

    #[test]
    fn each_role_may_do_what_its_work_needs_and_no_more() {
        let tree = small_tree();
        let m1 = tree.id("M1").unwrap();
        // (role, personal data, changes, commands, audit)
        let expected = [
            (Role::Commander, true, true, true, true),
            (Role::Leader, true, true, false, true),
            (Role::CommunityWorker, true, true, false, false),
            (Role::UnitHandler, false, false, false, false),
            (Role::Viewer, false, false, false, false),
            (Role::WallScreen, false, false, false, false),
            (Role::Administrator, false, false, false, true),
        ];
        assert_eq!(expected.map(|e| e.0), Role::ALL);
        for (role, personal, changes, commands, audit) in expected {
            let scope = Scope::new("a", role, "D");
            assert_eq!(scope.check_personal_data(&tree, m1).is_ok(), personal, "{role:?}");
            assert_eq!(scope.check_write(&tree, m1).is_ok(), changes, "{role:?}");
            assert_eq!(role.commands(), commands, "{role:?}");
            assert_eq!(scope.may_read_audit().is_ok(), audit, "{role:?}");
        }
        let viewer = Scope::new("kan", Role::Viewer, "D");
        assert_eq!(viewer.check_write(&tree, m1).unwrap_err().to_string(), "账号 kan（查看员）无权修改数据");
    }

    #[test]
    fn a_unit_handler_works_its_units_tickets_in_its_part_and_nothing_else() {
        let tree = small_tree();
        let (m1, m4) = (tree.id("M1").unwrap(), tree.id("M4").unwrap());
        let handler = Scope::unit_handler("shichang", "S1", "dept:market");
        let ours = ["dept:market".to_string(), "S1".to_string()];
        let theirs = ["dept:water".to_string()];
        assert!(handler.check_ticket_read(&tree, m1, &ours).is_ok());
        assert!(handler.check_ticket_write(&tree, m1, &ours).is_ok());
        let err = handler.check_ticket_read(&tree, m1, &theirs).unwrap_err();
        assert_eq!(err.to_string(), "账号 shichang 只办理单位 dept:market 的工单");
        assert!(handler.check_ticket_write(&tree, m1, &theirs).is_err());
        assert!(matches!(handler.check_ticket_read(&tree, m4, &ours), Err(ScopeError::OutsideScope { .. })), "outside S1");
        // Nothing personal by place, no changes by place.
        assert!(handler.check_personal_data(&tree, m1).is_err() && handler.check_write(&tree, m1).is_err());
        // The other roles go by place whatever the owners; a handler without a unit sees none.
        let leader = Scope::new("li", Role::Leader, "S1");
        assert!(leader.check_ticket_read(&tree, m1, &theirs).is_ok());
        let lost = Scope::new("x", Role::UnitHandler, "S1");
        assert!(lost.check_ticket_read(&tree, m1, &ours).is_err());
    }

    /// Whether a text holds Chinese characters or full-width punctuation.
    pub(crate) fn has_chinese(text: &str) -> bool {
        text.chars().any(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}'))
    }

    #[test]
    fn an_english_seat_is_refused_in_english_and_a_chinese_one_as_before() {
        let tree = small_tree();
        let (m1, m4) = (tree.id("M1").unwrap(), tree.id("M4").unwrap());
        let refusals = [
            Scope::new("s1-leader", Role::Leader, "S1").check_node(&tree, m4).unwrap_err(),
            Scope::new("x", Role::Commander, "NOPE").check_node(&tree, m1).unwrap_err(),
            Scope::new("wall-1", Role::WallScreen, "D").check_personal_data(&tree, m1).unwrap_err(),
            Scope::new("kan", Role::Viewer, "D").check_write(&tree, m1).unwrap_err(),
            Scope::new("kan", Role::Viewer, "D").may_read_audit().unwrap_err(),
            Scope::unit_handler("shichang", "S1", "dept:market").check_ticket_read(&tree, m1, &[]).unwrap_err(),
        ];
        let english: Vec<String> = refusals.iter().map(|r| r.message_in(crate::Language::English)).collect();
        assert_eq!(english[0], "Area M4 is outside the scope of account s1-leader (S1)");
        assert_eq!(english[1], "Account x covers area NOPE, but there is no such area");
        assert_eq!(english[2], "Account wall-1 (Wall screen) may not see personal data");
        assert_eq!(english[3], "Account kan (Viewer) may not change data");
        assert_eq!(english[4], "Account kan (Viewer) may not read the audit trail");
        assert_eq!(english[5], "Account shichang handles only the tickets of unit dept:market");
        for (refusal, english) in refusals.iter().zip(&english) {
            assert!(!has_chinese(english), "{english}");
            assert_eq!(refusal.message_in(crate::Language::Chinese), refusal.to_string());
            assert!(has_chinese(&refusal.to_string()), "the command line's words stay Chinese: {refusal}");
        }
        assert_eq!(refusals[2].to_string(), "账号 wall-1（大屏）无权查看个人信息");
    }

    #[test]
    fn a_scope_on_an_unknown_node_is_an_error_not_an_empty_view() {
        let tree = small_tree();
        let lost = Scope::new("x", Role::Commander, "NOPE");
        assert!(matches!(lost.check_node(&tree, tree.root()), Err(ScopeError::UnknownRoot { .. })));
    }
}
