//! Four-colour warnings (四色预警) kept current: the engine holds a rule set and every
//! node's level, re-evaluates the nodes whose figures moved on every change applied and
//! every recomputation, and records each level change as an event with its reason.
//!
//! Events live in memory, in a bounded list, and are read like breaches are ("news since
//! last look"): [`Engine::warning_changes_since`] with the last id the caller saw. They are
//! not stored; a seat that opens starts from the current levels. The history of a node's
//! levels day by day is derived from the stored change log instead (`warning_history.rs`).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use wangge_api as api;
use wangge_domain::warnings::{WarningLevel, WarningReason, WarningRules};
use wangge_domain::{District, MetricsIndex, NodeId, Scope, Timestamp};

use crate::{convert, Engine, EngineError};

/// How many level changes are kept for seats to read.
const KEPT_CHANGES: usize = 2_000;

struct Event {
    id: u64,
    node: NodeId,
    from: WarningLevel,
    to: WarningLevel,
    reason: WarningReason,
    at: Timestamp,
}

/// A level with the rule that set it (`None` when green).
pub(crate) type LevelAndReason = (WarningLevel, Option<WarningReason>);

/// The rules, the level of every node and the recent level changes.
#[derive(Default)]
pub(crate) struct WarningState {
    rules: WarningRules,
    levels: Vec<LevelAndReason>,
    events: VecDeque<Event>,
    last_id: u64,
    /// Past days' levels by node and local day number, as the history computed them: a day
    /// that has ended is what the change log knew at its end, which no later change alters,
    /// so each is computed once per rule set (`warning_history.rs`).
    pub(crate) past_days: Mutex<HashMap<(NodeId, i64), LevelAndReason>>,
}

impl WarningState {
    /// Every node evaluated with `rules`; what is found is the starting point, not news.
    pub(crate) fn new(district: &District, index: &MetricsIndex, rules: WarningRules) -> Self {
        let levels = (0..district.hierarchy.len())
            .map(|i| {
                let id = NodeId(i as u32);
                rules.evaluate(district.hierarchy.node(id).level, &index.metrics(id))
            })
            .collect();
        WarningState { rules, levels, events: VecDeque::new(), last_id: 0, past_days: Mutex::default() }
    }

    /// Re-evaluates `moved` nodes and records the ones whose level changed.
    pub(crate) fn update(&mut self, district: &District, index: &MetricsIndex, moved: &[NodeId], now: Timestamp) {
        if self.levels.len() < district.hierarchy.len() {
            // Nodes a boundary import added: no records yet, so green until their figures move.
            self.levels.resize(district.hierarchy.len(), (WarningLevel::Green, None));
        }
        for &node in moved {
            let fresh = self.rules.evaluate(district.hierarchy.node(node).level, &index.metrics(node));
            let (from, old_reason) = std::mem::replace(&mut self.levels[node.index()], fresh.clone());
            if from == fresh.0 {
                continue;
            }
            let reason = match fresh.1 {
                Some(reason) => reason,
                None => WarningReason::cleared(old_reason.as_ref()),
            };
            self.last_id += 1;
            self.events.push_back(Event { id: self.last_id, node, from, to: fresh.0, reason, at: now });
            if self.events.len() > KEPT_CHANGES {
                self.events.pop_front();
            }
        }
    }

    pub(crate) fn level(&self, node: NodeId) -> WarningLevel {
        self.levels.get(node.index()).map_or(WarningLevel::Green, |(level, _)| *level)
    }

    /// The level of a node now, with its reason.
    pub(crate) fn level_and_reason(&self, node: NodeId) -> LevelAndReason {
        self.levels.get(node.index()).cloned().unwrap_or_default()
    }
}

/// The wire form of a level.
pub(crate) fn api_level(level: WarningLevel) -> api::WarningLevel {
    match level {
        WarningLevel::Green => api::WarningLevel::Green,
        WarningLevel::Yellow => api::WarningLevel::Yellow,
        WarningLevel::LightYellow => api::WarningLevel::LightYellow,
        WarningLevel::Orange => api::WarningLevel::Orange,
        WarningLevel::Red => api::WarningLevel::Red,
    }
}

impl Engine {
    /// The warning rules in force.
    pub fn warning_rules(&self) -> &WarningRules {
        &self.warnings.rules
    }

    /// Puts a district's own rules in force in this engine and re-evaluates every node;
    /// levels that change are recorded as events like any other. Rules are configuration of
    /// this seat, like its calendar and routing rules: nothing is written to the store.
    pub fn set_warning_rules(&mut self, rules: WarningRules, now: Timestamp) {
        let mut state = std::mem::take(&mut self.warnings);
        state.rules = rules;
        // The past read under other rules is another past.
        state.past_days = Mutex::default();
        let all: Vec<NodeId> = (0..self.district().hierarchy.len()).map(|i| NodeId(i as u32)).collect();
        state.update(self.district(), self.index(), &all, now);
        self.warnings = state;
    }

    /// The level of a node (the scope's root when none is named) and of each of its current
    /// children, with the reasons. Levels are aggregates: wall screens see them too.
    pub fn warnings(&self, scope: &Scope, code: Option<&str>) -> Result<api::WarningsView, EngineError> {
        let id = self.node_in_scope(scope, code)?;
        let hierarchy = &self.district().hierarchy;
        let warning = |n: NodeId| {
            let (level, reason) = self.warnings.levels.get(n.index()).cloned().unwrap_or_default();
            let reason = reason.map(|r| r.in_language(scope.language).to_owned());
            api::NodeWarning { node: convert::node_ref(hierarchy, n), level: api_level(level), reason }
        };
        let at = self.index().as_of();
        let children: Vec<api::NodeWarning> =
            hierarchy.children(id).iter().copied().filter(|&c| hierarchy.node(c).is_valid_at(at)).map(warning).collect();
        let mut counts = api::WarningCounts::default();
        for child in &children {
            *match child.level {
                api::WarningLevel::Red => &mut counts.red,
                api::WarningLevel::Orange => &mut counts.orange,
                api::WarningLevel::Yellow => &mut counts.yellow,
                api::WarningLevel::LightYellow => &mut counts.light_yellow,
                api::WarningLevel::Green => &mut counts.green,
            } += 1;
        }
        Ok(api::WarningsView { focus: warning(id), children, counts, seq: self.last_seq() })
    }

    /// Level changes of nodes within the scope recorded after the change with id `after`
    /// (0: all that are kept), oldest first.
    pub fn warning_changes_since(&self, scope: &Scope, after: u64) -> Result<api::WarningChanges, EngineError> {
        let hierarchy = &self.district().hierarchy;
        let root = scope.root_id(hierarchy)?;
        let state = &self.warnings;
        let truncated = state.events.front().is_some_and(|first| first.id > after + 1);
        let changes = state
            .events
            .iter()
            .filter(|e| e.id > after && hierarchy.covers(root, e.node))
            .map(|e| api::WarningChange {
                id: e.id,
                node: convert::node_ref(hierarchy, e.node),
                from: api_level(e.from),
                to: api_level(e.to),
                reason: e.reason.in_language(scope.language).to_owned(),
                reason_en: e.reason.en.clone(),
                at: e.at.secs(),
                ancestors: hierarchy.path_to_root(e.node).skip(1).map(|id| hierarchy.node(id).code.0.clone()).collect(),
            })
            .collect();
        Ok(api::WarningChanges { last: state.last_id, truncated, changes })
    }

    /// The changes of `changes` whose node lies within the scope, each with its reason in
    /// the scope's language.
    pub fn warning_changes_within_scope(&self, scope: &Scope, changes: &[api::WarningChange]) -> Vec<api::WarningChange> {
        let hierarchy = &self.district().hierarchy;
        let Ok(root) = scope.root_id(hierarchy) else { return Vec::new() };
        changes
            .iter()
            .filter(|change| hierarchy.id(&change.node.code).is_some_and(|id| hierarchy.covers(root, id)))
            .map(|change| match scope.language {
                wangge_domain::Language::English if !change.reason_en.is_empty() => {
                    api::WarningChange { reason: change.reason_en.clone(), ..change.clone() }
                }
                _ => change.clone(),
            })
            .collect()
    }
}
