//! Who may see and change what: an account's part of the hierarchy and its role.

use serde::{Deserialize, Serialize};

use crate::hierarchy::{Hierarchy, NodeCode, NodeId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// District or street commander: reads and changes within the scope, sees personal data there.
    Commander,
    /// A leader of a street, community or grid: like a commander, over a smaller part.
    Leader,
    /// A wall screen: aggregates only, never personal data, never changes anything.
    WallScreen,
}

/// The caller of every engine operation: which account, in which role, over which subtree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub account: String,
    pub role: Role,
    /// The root of the part of the hierarchy the account covers.
    pub root: NodeCode,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error("node {node} is outside the scope of account {account} ({root})")]
    OutsideScope { account: String, root: NodeCode, node: NodeCode },
    #[error("the scope of account {account} names node {root}, which does not exist")]
    UnknownRoot { account: String, root: NodeCode },
    #[error("account {account} is a wall screen and may not see personal data")]
    NoPersonalData { account: String },
    #[error("account {account} may not make changes")]
    ReadOnly { account: String },
}

impl Scope {
    pub fn new(account: impl Into<String>, role: Role, root: impl Into<NodeCode>) -> Self {
        Scope { account: account.into(), role, root: root.into() }
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

    /// Succeeds when personal data attached to the node may be shown to this account.
    pub fn check_personal_data(&self, hierarchy: &Hierarchy, node: NodeId) -> Result<(), ScopeError> {
        if self.role == Role::WallScreen {
            return Err(ScopeError::NoPersonalData { account: self.account.clone() });
        }
        self.check_node(hierarchy, node)
    }

    /// Succeeds when the account may change records attached to the node.
    pub fn check_write(&self, hierarchy: &Hierarchy, node: NodeId) -> Result<(), ScopeError> {
        if self.role == Role::WallScreen {
            return Err(ScopeError::ReadOnly { account: self.account.clone() });
        }
        self.check_node(hierarchy, node)
    }
}

impl From<String> for NodeCode {
    fn from(code: String) -> Self {
        NodeCode(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hierarchy::tests::small_tree;

    #[test]
    fn a_street_leader_sees_their_street_and_nothing_beside_it() {
        let tree = small_tree();
        let leader = Scope::new("s1-leader", Role::Leader, "S1");
        assert!(leader.check_node(&tree, tree.id("M3").unwrap()).is_ok());
        let err = leader.check_node(&tree, tree.id("M4").unwrap()).unwrap_err();
        assert_eq!(err.to_string(), "node M4 is outside the scope of account s1-leader (S1)");
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
    fn a_scope_on_an_unknown_node_is_an_error_not_an_empty_view() {
        let tree = small_tree();
        let lost = Scope::new("x", Role::Commander, "NOPE");
        assert!(matches!(lost.check_node(&tree, tree.root()), Err(ScopeError::UnknownRoot { .. })));
    }
}
