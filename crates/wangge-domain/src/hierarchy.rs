//! The grid hierarchy: district → street/town → community/village → grid → micro-grid.
//!
//! A district may stop at any level: most draw grids years before micro-grids. Records attach
//! to *places*, the lowest current nodes ([`Hierarchy::is_place_at`]); a grid without
//! micro-grids is a place itself.

use std::collections::HashMap;

use geo::MultiPolygon;
use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// A level of the hierarchy, from the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    District,
    Street,
    Community,
    Grid,
    MicroGrid,
}

impl Level {
    pub const ALL: [Level; 5] = [Level::District, Level::Street, Level::Community, Level::Grid, Level::MicroGrid];

    pub fn child(self) -> Option<Level> {
        match self {
            Level::District => Some(Level::Street),
            Level::Street => Some(Level::Community),
            Level::Community => Some(Level::Grid),
            Level::Grid => Some(Level::MicroGrid),
            Level::MicroGrid => None,
        }
    }

    pub fn depth(self) -> usize {
        self as usize
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::District => "district",
            Level::Street => "street",
            Level::Community => "community",
            Level::Grid => "grid",
            Level::MicroGrid => "micro_grid",
        }
    }

    /// The Chinese name a commander reads, for messages the domain words itself.
    pub fn label_zh(self) -> &'static str {
        match self {
            Level::District => "区",
            Level::Street => "街道/乡镇",
            Level::Community => "社区/村",
            Level::Grid => "网格",
            Level::MicroGrid => "微网格",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|level| level.as_str() == text)
    }
}

/// What a micro-grid (四级网格) covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MicroGridKind {
    /// 楼道: one stairwell of a residential block.
    Stairwell,
    /// 楼宇: an office building or a self-built village house block.
    Building,
    /// 街面: a segment of street front.
    StreetSegment,
    /// 单位: a closed work unit (department, institution).
    WorkUnit,
    /// 企业: a closed enterprise site.
    Enterprise,
    /// 村民小组: a villager group (former production team).
    VillagerGroup,
}

impl MicroGridKind {
    pub const ALL: [MicroGridKind; 6] = [
        MicroGridKind::Stairwell,
        MicroGridKind::Building,
        MicroGridKind::StreetSegment,
        MicroGridKind::WorkUnit,
        MicroGridKind::Enterprise,
        MicroGridKind::VillagerGroup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MicroGridKind::Stairwell => "stairwell",
            MicroGridKind::Building => "building",
            MicroGridKind::StreetSegment => "street_segment",
            MicroGridKind::WorkUnit => "work_unit",
            MicroGridKind::Enterprise => "enterprise",
            MicroGridKind::VillagerGroup => "villager_group",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// The kind as a grid worker names it.
    pub fn label_zh(self) -> &'static str {
        match self {
            MicroGridKind::Stairwell => "楼道",
            MicroGridKind::Building => "楼宇",
            MicroGridKind::StreetSegment => "街面",
            MicroGridKind::WorkUnit => "单位",
            MicroGridKind::Enterprise => "企业",
            MicroGridKind::VillagerGroup => "村民小组",
        }
    }
}

/// A node's code: 6-digit GB/T 2260 for a district, 12-digit statistical zoning code for
/// streets and communities, local suffixes below.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeCode(pub String);

impl NodeCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for NodeCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for NodeCode {
    fn from(code: &str) -> Self {
        NodeCode(code.to_owned())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// 网格长
    GridLeader,
    /// 专职网格员
    FullTimeMember,
    /// 兼职网格员
    PartTimeMember,
    /// 微网格长
    MicroGridLeader,
    /// 楼道长 / 单元长
    StairwellLeader,
}

impl StaffRole {
    pub const ALL: [StaffRole; 5] = [
        StaffRole::GridLeader,
        StaffRole::FullTimeMember,
        StaffRole::PartTimeMember,
        StaffRole::MicroGridLeader,
        StaffRole::StairwellLeader,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::GridLeader => "grid_leader",
            StaffRole::FullTimeMember => "full_time_member",
            StaffRole::PartTimeMember => "part_time_member",
            StaffRole::MicroGridLeader => "micro_grid_leader",
            StaffRole::StairwellLeader => "stairwell_leader",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

/// A person on a node's staff. Names and phones are personal data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffMember {
    pub role: StaffRole,
    pub name: String,
    pub phone: String,
}

/// One node of the hierarchy, with its boundary in WGS84 longitude/latitude.
///
/// Boundaries are versioned: `valid_from` is when the current figure (name and boundary)
/// took effect (`None`: since the district was set up), and earlier figures are kept by the
/// store as versions. A node replaced by a redraw is not deleted but retired: `valid_to` is
/// set, and the node keeps its records and figures so past briefings stay right and every
/// parent still equals the sum of its children. Maps draw only the nodes valid at the
/// instant shown ([`Node::is_valid_at`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub code: NodeCode,
    pub name: String,
    pub level: Level,
    pub parent: Option<NodeCode>,
    /// Set on micro-grids only.
    pub micro_kind: Option<MicroGridKind>,
    pub boundary: MultiPolygon<f64>,
    pub staff: Vec<StaffMember>,
    /// Since when the current boundary and name hold; `None`: from the start.
    #[serde(default)]
    pub valid_from: Option<Timestamp>,
    /// When the node was retired (exclusive); `None`: still current.
    #[serde(default)]
    pub valid_to: Option<Timestamp>,
}

impl Node {
    /// Whether the node is current at `at`: its figure has taken effect and it is not retired.
    pub fn is_valid_at(&self, at: Timestamp) -> bool {
        self.valid_from.is_none_or(|from| from <= at) && self.valid_to.is_none_or(|to| at < to)
    }

    /// Whether the node has been retired at all (at `valid_to`, past or future).
    pub fn is_retired(&self) -> bool {
        self.valid_to.is_some()
    }
}

/// Index of a node inside one [`Hierarchy`]; meaningless across hierarchies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

impl NodeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HierarchyError {
    #[error("node {0} appears twice")]
    DuplicateCode(NodeCode),
    #[error("node {child} names parent {parent}, which is not in the hierarchy")]
    MissingParent { child: NodeCode, parent: NodeCode },
    #[error("node {child} is a {child_level:?} but its parent {parent} is a {parent_level:?}")]
    LevelMismatch { child: NodeCode, child_level: Level, parent: NodeCode, parent_level: Level },
    #[error("the hierarchy needs exactly one district at its root, found {0}")]
    RootCount(usize),
    #[error("micro-grid {0} has no kind")]
    MicroGridWithoutKind(NodeCode),
    #[error("no node with code {0}")]
    UnknownNode(NodeCode),
    #[error("node {0} has no parent: a hierarchy has exactly one root, its district")]
    SecondRoot(NodeCode),
    #[error("node {code} cannot move from {from} to {to}: a node keeps its level and parent (retire it and import a new code instead)")]
    Moved { code: NodeCode, from: String, to: String },
    #[error("node {code} would be valid from {from} but retired at {to}, before it starts")]
    RetiredBeforeValid { code: NodeCode, from: Timestamp, to: Timestamp },
}

/// The validated tree of nodes, parents before children.
#[derive(Debug, Clone)]
pub struct Hierarchy {
    nodes: Vec<Node>,
    parents: Vec<Option<NodeId>>,
    children: Vec<Vec<NodeId>>,
    by_code: HashMap<NodeCode, NodeId>,
}

impl Hierarchy {
    /// Builds the tree. Nodes may come in any order; the result orders them so that every
    /// parent precedes its children (ids ascend down the tree).
    pub fn new(mut nodes: Vec<Node>) -> Result<Self, HierarchyError> {
        nodes.sort_by(|a, b| a.level.cmp(&b.level).then_with(|| a.code.cmp(&b.code)));
        let roots = nodes.iter().filter(|n| n.parent.is_none()).count();
        if roots != 1 || nodes.first().map(|n| n.level) != Some(Level::District) {
            return Err(HierarchyError::RootCount(roots));
        }
        let mut by_code = HashMap::with_capacity(nodes.len());
        let mut parents = Vec::with_capacity(nodes.len());
        let mut children = vec![Vec::new(); nodes.len()];
        for (index, node) in nodes.iter().enumerate() {
            let id = NodeId(index as u32);
            if by_code.insert(node.code.clone(), id).is_some() {
                return Err(HierarchyError::DuplicateCode(node.code.clone()));
            }
            check_node(node)?;
            let parent = match &node.parent {
                None => None,
                Some(parent_code) => {
                    let parent = *by_code
                        .get(parent_code)
                        .ok_or_else(|| HierarchyError::MissingParent { child: node.code.clone(), parent: parent_code.clone() })?;
                    let parent_level = nodes[parent.index()].level;
                    if parent_level.child() != Some(node.level) {
                        return Err(HierarchyError::LevelMismatch {
                            child: node.code.clone(),
                            child_level: node.level,
                            parent: parent_code.clone(),
                            parent_level,
                        });
                    }
                    children[parent.index()].push(id);
                    Some(parent)
                }
            };
            parents.push(parent);
        }
        Ok(Hierarchy { nodes, parents, children, by_code })
    }

    /// Adds a node under an existing parent (a boundary import). The new node takes the next
    /// id, so every id handed out before stays valid and parents still precede children; it
    /// joins its parent's children in code order, as a fresh load would place it.
    pub fn insert(&mut self, node: Node) -> Result<NodeId, HierarchyError> {
        if self.by_code.contains_key(&node.code) {
            return Err(HierarchyError::DuplicateCode(node.code));
        }
        check_node(&node)?;
        let Some(parent_code) = &node.parent else {
            return Err(HierarchyError::SecondRoot(node.code));
        };
        let parent = *self
            .by_code
            .get(parent_code)
            .ok_or_else(|| HierarchyError::MissingParent { child: node.code.clone(), parent: parent_code.clone() })?;
        let parent_level = self.nodes[parent.index()].level;
        if parent_level.child() != Some(node.level) {
            return Err(HierarchyError::LevelMismatch {
                child: node.code.clone(),
                child_level: node.level,
                parent: parent_code.clone(),
                parent_level,
            });
        }
        let id = NodeId(self.nodes.len() as u32);
        let siblings = &self.children[parent.index()];
        let at = siblings.partition_point(|s| self.nodes[s.index()].code < node.code);
        self.children[parent.index()].insert(at, id);
        self.by_code.insert(node.code.clone(), id);
        self.parents.push(Some(parent));
        self.children.push(Vec::new());
        self.nodes.push(node);
        Ok(id)
    }

    /// Replaces what may change of an existing node — name, boundary, kind, staff, validity —
    /// keeping its place in the tree: a node whose level or parent differ is refused.
    pub fn update(&mut self, node: Node) -> Result<NodeId, HierarchyError> {
        let id = self.id_of(&node.code).ok_or_else(|| HierarchyError::UnknownNode(node.code.clone()))?;
        check_node(&node)?;
        let stored = &self.nodes[id.index()];
        if stored.level != node.level || stored.parent != node.parent {
            let place = |n: &Node| format!("{} under {}", n.level.as_str(), n.parent.as_ref().map_or("nothing", |p| p.as_str()));
            return Err(HierarchyError::Moved { code: node.code.clone(), from: place(stored), to: place(&node) });
        }
        self.nodes[id.index()] = node;
        Ok(id)
    }

    pub fn root(&self) -> NodeId {
        NodeId(0)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    pub fn nodes(&self) -> impl Iterator<Item = (NodeId, &Node)> {
        self.nodes.iter().enumerate().map(|(i, n)| (NodeId(i as u32), n))
    }

    pub fn id(&self, code: &str) -> Option<NodeId> {
        self.by_code.get(&NodeCode(code.to_owned())).copied()
    }

    pub fn id_of(&self, code: &NodeCode) -> Option<NodeId> {
        self.by_code.get(code).copied()
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.parents[id.index()]
    }

    pub fn children(&self, id: NodeId) -> &[NodeId] {
        &self.children[id.index()]
    }

    /// The node and its ancestors, from the node up to the root.
    pub fn path_to_root(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(Some(id), move |&n| self.parent(n))
    }

    /// Whether `ancestor` is `id` or one of its ancestors.
    pub fn covers(&self, ancestor: NodeId, id: NodeId) -> bool {
        self.path_to_root(id).any(|n| n == ancestor)
    }

    /// Every node of the subtree under `id`, `id` included, parents first.
    pub fn subtree(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = vec![id];
        let mut next = 0;
        while next < out.len() {
            let current = out[next];
            out.extend_from_slice(self.children(current));
            next += 1;
        }
        out
    }

    /// How many nodes of each level lie strictly under `id`, indexed by [`Level::depth`].
    pub fn level_counts_under(&self, id: NodeId) -> [usize; 5] {
        let mut counts = [0; 5];
        for n in self.subtree(id).into_iter().skip(1) {
            counts[self.node(n).level.depth()] += 1;
        }
        counts
    }

    /// Whether records attach to `id` at `at`: the node is current and none of its children
    /// is. A district that stops at grids has its grids as places; once micro-grids are drawn
    /// under a grid, they are the places and the grid is not.
    pub fn is_place_at(&self, id: NodeId, at: Timestamp) -> bool {
        self.node(id).is_valid_at(at) && !self.children(id).iter().any(|&c| self.node(c).is_valid_at(at))
    }

    /// Whether `id` has no children at all (current or retired): a place whatever the instant,
    /// short of retirement.
    pub fn is_leaf(&self, id: NodeId) -> bool {
        self.children(id).is_empty()
    }

    /// Ids in an order where every child comes before its parent.
    pub fn bottom_up(&self) -> impl Iterator<Item = NodeId> {
        (0..self.nodes.len() as u32).rev().map(NodeId)
    }
}

/// Rules a node must meet on its own, whatever its place.
fn check_node(node: &Node) -> Result<(), HierarchyError> {
    if node.level == Level::MicroGrid && node.micro_kind.is_none() {
        return Err(HierarchyError::MicroGridWithoutKind(node.code.clone()));
    }
    if let (Some(from), Some(to)) = (node.valid_from, node.valid_to) {
        if to < from {
            return Err(HierarchyError::RetiredBeforeValid { code: node.code.clone(), from, to });
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn node(code: &str, level: Level, parent: Option<&str>) -> Node {
        Node {
            code: code.into(),
            name: format!("node {code}"),
            level,
            parent: parent.map(NodeCode::from),
            micro_kind: (level == Level::MicroGrid).then_some(MicroGridKind::Stairwell),
            boundary: MultiPolygon(vec![]),
            staff: vec![],
            valid_from: None,
            valid_to: None,
        }
    }

    /// A district with two streets, three communities, four grids and six micro-grids.
    pub(crate) fn small_tree() -> Hierarchy {
        use Level::*;
        Hierarchy::new(vec![
            node("M4", MicroGrid, Some("G3")),
            node("D", District, None),
            node("S1", Street, Some("D")),
            node("S2", Street, Some("D")),
            node("C1", Community, Some("S1")),
            node("C2", Community, Some("S1")),
            node("C3", Community, Some("S2")),
            node("G1", Grid, Some("C1")),
            node("G2", Grid, Some("C2")),
            node("G3", Grid, Some("C3")),
            node("G4", Grid, Some("C3")),
            node("M1", MicroGrid, Some("G1")),
            node("M2", MicroGrid, Some("G1")),
            node("M3", MicroGrid, Some("G2")),
            node("M5", MicroGrid, Some("G4")),
            node("M6", MicroGrid, Some("G4")),
        ])
        .expect("valid tree")
    }

    #[test]
    fn parents_come_before_children_whatever_the_input_order() {
        let tree = small_tree();
        for (id, _) in tree.nodes() {
            if let Some(parent) = tree.parent(id) {
                assert!(parent < id);
            }
        }
        assert_eq!(tree.node(tree.root()).code.as_str(), "D");
    }

    #[test]
    fn level_counts_count_only_what_lies_below() {
        let tree = small_tree();
        assert_eq!(tree.level_counts_under(tree.root()), [0, 2, 3, 4, 6]);
        assert_eq!(tree.level_counts_under(tree.id("S2").unwrap()), [0, 0, 1, 2, 3]);
        assert_eq!(tree.level_counts_under(tree.id("M1").unwrap()), [0; 5]);
    }

    #[test]
    fn covers_follows_ancestry_only() {
        let tree = small_tree();
        let s1 = tree.id("S1").unwrap();
        assert!(tree.covers(s1, tree.id("M2").unwrap()));
        assert!(tree.covers(s1, s1));
        assert!(!tree.covers(s1, tree.id("M4").unwrap()));
    }

    #[test]
    fn a_child_skipping_a_level_is_rejected() {
        let err = Hierarchy::new(vec![node("D", Level::District, None), node("G", Level::Grid, Some("D"))]).unwrap_err();
        assert!(matches!(err, HierarchyError::LevelMismatch { .. }), "{err}");
    }

    #[test]
    fn a_missing_parent_and_a_duplicate_code_are_named() {
        let err = Hierarchy::new(vec![node("D", Level::District, None), node("S", Level::Street, Some("X"))]).unwrap_err();
        assert_eq!(err.to_string(), "node S names parent X, which is not in the hierarchy");
        let err = Hierarchy::new(vec![
            node("D", Level::District, None),
            node("S", Level::Street, Some("D")),
            node("S", Level::Street, Some("D")),
        ])
        .unwrap_err();
        assert_eq!(err, HierarchyError::DuplicateCode("S".into()));
    }

    #[test]
    fn an_inserted_node_keeps_every_id_and_joins_its_parent_in_code_order() {
        let mut tree = small_tree();
        let before: Vec<(NodeId, NodeCode)> = tree.nodes().map(|(id, n)| (id, n.code.clone())).collect();
        let id = tree.insert(node("G0", Level::Grid, Some("C3"))).unwrap();
        assert_eq!(id.index(), before.len());
        for (old, code) in &before {
            assert_eq!(tree.id_of(code), Some(*old));
        }
        let c3 = tree.id("C3").unwrap();
        let children: Vec<&str> = tree.children(c3).iter().map(|&c| tree.node(c).code.as_str()).collect();
        assert_eq!(children, ["G0", "G3", "G4"]);
        assert_eq!(tree.parent(id), Some(c3));
        assert!(tree.bottom_up().position(|n| n == id) < tree.bottom_up().position(|n| n == c3));
        let m = tree.insert(node("M7", Level::MicroGrid, Some("G0"))).unwrap();
        assert_eq!(tree.level_counts_under(c3), [0, 0, 0, 3, 4]);
        assert!(tree.covers(tree.id("S2").unwrap(), m));
    }

    #[test]
    fn insert_refuses_what_new_would_refuse() {
        let mut tree = small_tree();
        assert_eq!(tree.insert(node("G1", Level::Grid, Some("C1"))).unwrap_err(), HierarchyError::DuplicateCode("G1".into()));
        assert!(matches!(tree.insert(node("G9", Level::Grid, Some("S1"))).unwrap_err(), HierarchyError::LevelMismatch { .. }));
        assert!(matches!(tree.insert(node("G9", Level::Grid, Some("C9"))).unwrap_err(), HierarchyError::MissingParent { .. }));
        assert_eq!(tree.insert(node("D2", Level::District, None)).unwrap_err(), HierarchyError::SecondRoot("D2".into()));
        let mut kindless = node("M9", Level::MicroGrid, Some("G1"));
        kindless.micro_kind = None;
        assert_eq!(tree.insert(kindless).unwrap_err(), HierarchyError::MicroGridWithoutKind("M9".into()));
        assert_eq!(tree.len(), small_tree().len());
    }

    #[test]
    fn update_redraws_and_retires_in_place_but_never_moves_a_node() {
        let mut tree = small_tree();
        let mut g3 = tree.node(tree.id("G3").unwrap()).clone();
        g3.valid_from = Some(Timestamp(100));
        g3.valid_to = Some(Timestamp(200));
        let id = tree.update(g3.clone()).unwrap();
        assert_eq!(tree.node(id), &g3);
        assert!(!g3.is_valid_at(Timestamp(99)) && g3.is_valid_at(Timestamp(100)) && !g3.is_valid_at(Timestamp(200)));
        let mut moved = g3.clone();
        moved.parent = Some("C1".into());
        assert!(matches!(tree.update(moved).unwrap_err(), HierarchyError::Moved { .. }));
        let mut backwards = g3;
        backwards.valid_to = Some(Timestamp(50));
        assert!(matches!(tree.update(backwards).unwrap_err(), HierarchyError::RetiredBeforeValid { .. }));
        assert_eq!(tree.update(node("X", Level::Grid, Some("C1"))).unwrap_err(), HierarchyError::UnknownNode("X".into()));
    }
}
