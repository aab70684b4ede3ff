//! The engine: one district in memory, kept current from the store's change log.

use std::collections::BTreeSet;

use wangge_api as api;
use wangge_domain::lifecycle::Lifecycle;
use wangge_domain::metrics::MetricRules;
use wangge_domain::units::Units;
use wangge_domain::{Change, District, Level, MetricsIndex, NodeId, Role, Scope, Timestamp};
use wangge_store::Store;

use crate::convert;
use crate::error::EngineError;

/// The seed of the demo district the desktop app creates on first start.
pub const DEFAULT_SEED: u64 = 330_402;

/// How often figures that move with time alone (overdue tickets and follow-ups, "today")
/// are recomputed for the whole district, in seconds. Changes refresh their own nodes at once.
const FULL_RECOMPUTE_EVERY_SECS: i64 = 30;

/// How many change-log rows one read takes while catching up.
const CATCH_UP_BATCH: i64 = 2_000;

pub struct Engine {
    store: Store,
    district: District,
    index: MetricsIndex,
    last_seq: i64,
    /// Point → micro-grid over the micro-grids current at the last full recomputation, built
    /// on first use and dropped whenever a boundary import changes the hierarchy or a new
    /// day may have moved what is current.
    locator: std::sync::OnceLock<crate::intake::Locator>,
    /// The full-detail map's geometry per node, made on first ask and dropped with the locator
    /// (the same changes make both stale): the city-scale map takes 0.6 s to make.
    pub(crate) detail_geometry: crate::detail_map::GeometryCache,
    /// SLA targets and the working calendar tickets are timed by.
    lifecycle: Lifecycle,
    /// Handling units and the routing rules for new tickets.
    units: Units,
    /// Nodes whose figures moved since the last `catch_up` reported, including by this
    /// engine's own commits, so a window hears of its own writes like anyone else's.
    moved: BTreeSet<NodeId>,
    /// Whether a node was drawn, redrawn or retired since the last `catch_up`.
    redrawn: bool,
    /// Tickets known to be breached at the last `newly_breached` call (`None`: never asked).
    pub(crate) known_breached: Option<BTreeSet<i64>>,
    /// Tickets' folded states, one fold per version.
    pub(crate) folds: crate::tickets::FoldCache,
    /// Four-colour warning rules, every node's level, recent level changes (`warnings.rs`).
    pub(crate) warnings: crate::warnings::WarningState,
    /// The 房东十二分制 rule file (`rental.rs`); its thresholds are also the figures'.
    pub(crate) landlords: wangge_domain::landlords::LandlordRules,
}

impl Engine {
    /// Loads the stored district and computes every node's figures as of `now`.
    pub async fn open(store: Store, now: Timestamp) -> Result<Engine, EngineError> {
        let (district, last_seq) = store.load_district().await?;
        let (lifecycle, units, warning_rules, landlords) = crate::config::load()?;
        let index = MetricsIndex::build(&district, now, metric_rules(&landlords));
        let warnings = crate::warnings::WarningState::new(&district, &index, warning_rules);
        Ok(Engine {
            store,
            district,
            index,
            last_seq,
            locator: std::sync::OnceLock::new(),
            detail_geometry: Default::default(),
            lifecycle,
            units,
            moved: BTreeSet::new(),
            redrawn: false,
            known_breached: None,
            folds: Default::default(),
            warnings,
            landlords,
        })
    }

    /// Generates the demo district for `seed` and saves it, reporting progress as it goes.
    pub async fn create_demo(
        store: &Store,
        seed: u64,
        now: Timestamp,
        progress: &mut (dyn FnMut(api::Progress) + Send),
    ) -> Result<(), EngineError> {
        Self::create_demo_at_scale(store, seed, now, wangge_demo::Scale::Full, progress).await
    }

    pub async fn create_demo_at_scale(
        store: &Store,
        seed: u64,
        now: Timestamp,
        scale: wangge_demo::Scale,
        progress: &mut (dyn FnMut(api::Progress) + Send),
    ) -> Result<(), EngineError> {
        let config = wangge_demo::DemoConfig { seed, now, scale };
        let district = wangge_demo::generate(&config, &mut |stage, done, total| {
            progress(api::Progress { stage: format!("生成{}", records_zh(stage)), done, total })
        });
        store
            .save_district(&district, &mut |stage, done, total| {
                progress(api::Progress { stage: format!("保存{}", records_zh(stage)), done, total })
            })
            .await?;
        Ok(())
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn district(&self) -> &District {
        &self.district
    }

    pub(crate) fn locator(&self) -> &crate::intake::Locator {
        self.locator.get_or_init(|| crate::intake::Locator::valid_at(&self.district.hierarchy, self.index.as_of()))
    }

    /// Why a point the locator does not place is in no place (the same instant as the
    /// locator's): outside the district, or in a gap between boundaries.
    pub fn why_unplaced(&self, point: geo::Point<f64>) -> wangge_domain::unplaced::Unplaced {
        wangge_domain::unplaced::why_unplaced(&self.district.hierarchy, self.index.as_of(), point)
    }

    pub fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }

    pub fn units(&self) -> &Units {
        &self.units
    }

    pub fn last_seq(&self) -> i64 {
        self.last_seq
    }

    pub fn district_ref(&self) -> api::NodeRef {
        convert::node_ref(&self.district.hierarchy, self.district.hierarchy.root())
    }

    /// The scope the command line works in (the administrator's tool on a database file;
    /// seats sign in instead): `WANGGE_SCOPE` names the node (default: the whole district);
    /// `WANGGE_ROLE` is `commander` (default), `leader` or `wall_screen`.
    pub fn scope_from_env(&self) -> Result<Scope, EngineError> {
        let root = std::env::var("WANGGE_SCOPE")
            .ok()
            .filter(|code| !code.is_empty())
            .unwrap_or_else(|| self.district.hierarchy.node(self.district.hierarchy.root()).code.0.clone());
        self.resolve(&root)?;
        let role = match std::env::var("WANGGE_ROLE").as_deref() {
            Err(_) | Ok("") => Role::Commander,
            Ok(name) => Role::parse(name).map_err(|_| EngineError::InvalidInput(format!("WANGGE_ROLE: unknown role {name:?}")))?,
        };
        Ok(Scope::new(whoami(), role, root))
    }

    /// The rules that turn records into figures, as this engine runs them.
    pub(crate) fn metric_rules(&self) -> MetricRules {
        metric_rules(&self.landlords)
    }

    /// The whole district, as its commander sees it: for local tools run by the operator.
    pub fn district_scope(&self, account: &str) -> Scope {
        let root = self.district.hierarchy.node(self.district.hierarchy.root()).code.clone();
        Scope::new(account, Role::Commander, root)
    }

    /// The node `code` names, or the scope's root when none is given, checked against the scope.
    pub(crate) fn node_in_scope(&self, scope: &Scope, code: Option<&str>) -> Result<NodeId, EngineError> {
        let id = match code {
            Some(code) => self.resolve(code)?,
            None => scope.root_id(&self.district.hierarchy)?,
        };
        scope.check_node(&self.district.hierarchy, id)?;
        Ok(id)
    }

    fn resolve(&self, code: &str) -> Result<NodeId, EngineError> {
        self.district.hierarchy.id(code).ok_or_else(|| EngineError::UnknownNode(code.to_owned()))
    }

    fn figures(&self, id: NodeId) -> api::Figures {
        convert::figures(&self.index.metrics(id))
    }

    /// A node's figures, how many nodes of each level lie under it, and its children's figures.
    pub fn stats(&self, scope: &Scope, code: Option<&str>) -> Result<api::StatsReport, EngineError> {
        self.stats_from(&self.index, scope, code)
    }

    /// [`Engine::stats`] as of a past instant: every figure recomputed by the same function as
    /// the live figures, from the records as they were known then (`briefing.rs`).
    pub async fn stats_as_of(&self, scope: &Scope, code: Option<&str>, at: Timestamp) -> Result<api::StatsReport, EngineError> {
        let id = self.node_in_scope(scope, code)?;
        let index = self.indexes_as_known_at(&[at], id, &mut |_| {}).await?.pop().expect("one index per instant");
        self.stats_from(&index, scope, code)
    }

    fn stats_from(&self, index: &MetricsIndex, scope: &Scope, code: Option<&str>) -> Result<api::StatsReport, EngineError> {
        let figures = |id: NodeId| convert::figures(&index.metrics(id));
        let id = self.node_in_scope(scope, code)?;
        let hierarchy = &self.district.hierarchy;
        let [_, street, community, grid, micro_grid] = hierarchy.level_counts_under(id).map(|n| n as u64);
        let children = hierarchy
            .children(id)
            .iter()
            .map(|&child| {
                let node = hierarchy.node(child);
                api::ChildStats {
                    code: node.code.0.clone(),
                    name: node.name.clone(),
                    level: convert::level(node.level),
                    metrics: figures(child),
                }
            })
            .collect();
        Ok(api::StatsReport {
            node: convert::node_ref(hierarchy, id),
            levels: api::LevelCounts { street, community, grid, micro_grid },
            metrics: figures(id),
            children,
        })
    }

    /// What the map draws when focused on a node: its children current at the last full
    /// recomputation (at most 30 s old), or the node itself when none is (a micro-grid).
    /// Retired children still count in the node's figures but are not drawn.
    pub fn map_view(&self, scope: &Scope, code: Option<&str>) -> Result<api::MapView, EngineError> {
        let id = self.node_in_scope(scope, code)?;
        let hierarchy = &self.district.hierarchy;
        let breadcrumb = self.breadcrumb(scope, id)?;
        let at = self.index.as_of();
        let area = |n: NodeId| api::MapArea {
            node: convert::node_ref(hierarchy, n),
            polygons: convert::polygons(&hierarchy.node(n).boundary),
            metrics: self.figures(n),
            warning: Some(crate::warnings::api_level(self.warnings.level(n))),
            drillable: !hierarchy.is_place_at(n, at),
        };
        let children: Vec<NodeId> = hierarchy.children(id).iter().copied().filter(|&c| hierarchy.node(c).is_valid_at(at)).collect();
        let areas = if children.is_empty() { vec![area(id)] } else { children.into_iter().map(area).collect() };
        Ok(api::MapView { breadcrumb, focus: area(id), areas, bbox: convert::bbox(&hierarchy.node(id).boundary), seq: self.last_seq })
    }

    /// The way from the scope's root down to `id`, both included.
    pub(crate) fn breadcrumb(&self, scope: &Scope, id: NodeId) -> Result<Vec<api::NodeRef>, EngineError> {
        let hierarchy = &self.district.hierarchy;
        let scope_root = scope.root_id(hierarchy)?;
        let mut breadcrumb: Vec<api::NodeRef> = Vec::new();
        for ancestor in hierarchy.path_to_root(id) {
            breadcrumb.push(convert::node_ref(hierarchy, ancestor));
            if ancestor == scope_root {
                break;
            }
        }
        breadcrumb.reverse();
        Ok(breadcrumb)
    }

    /// Reads the change log past the last change applied, applies what it finds, and moves
    /// time-driven figures to `now` when they are due. Returns the figures of the nodes in
    /// scope that changed since the last call (by any seat, this one included), or `None`
    /// when nothing did.
    pub async fn catch_up(&mut self, scope: &Scope, now: Timestamp) -> Result<Option<api::FiguresChanged>, EngineError> {
        self.sync(now).await?;
        let new_day = now.local_day_start() != self.index.as_of().local_day_start();
        if now.secs() - self.index.as_of().secs() >= FULL_RECOMPUTE_EVERY_SECS || new_day {
            let moved = self.index.recompute_all(&self.district, now);
            self.warnings.update(&self.district, &self.index, &moved, now);
            self.moved.extend(moved);
        }
        if new_day {
            // Boundaries take effect and retire at local midnight.
            self.locator = std::sync::OnceLock::new();
            self.detail_geometry = Default::default();
        }
        let changed = std::mem::take(&mut self.moved);
        let redrawn = std::mem::take(&mut self.redrawn);
        let figures = self.figures_of(scope, changed);
        if !redrawn {
            return Ok(figures);
        }
        // A map changed even where no figure did (a level drawn under a grid keeps its totals).
        let mut figures = figures.unwrap_or(api::FiguresChanged { seq: self.last_seq, nodes: Vec::new(), redrawn: true });
        figures.redrawn = true;
        Ok(Some(figures))
    }

    /// Applies every change in the log past the last one applied. The nodes they move are
    /// kept for the next `catch_up` to report, so operations may sync before they write
    /// without swallowing what a window must be told.
    pub(crate) async fn sync(&mut self, now: Timestamp) -> Result<(), EngineError> {
        loop {
            let batch = self.store.changes_since(self.last_seq, CATCH_UP_BATCH).await?;
            let Some(last) = batch.last() else { break };
            let last_seq = last.seq;
            self.apply_all(batch.into_iter().map(|record| record.change), now)?;
            self.last_seq = last_seq;
        }
        Ok(())
    }

    /// Applies committed changes in order to the in-memory district, then brings the figures
    /// up to date once for all of them: a batch of a million tickets recounts each area it
    /// touched once, not once per ticket (which made a large import quadratic). Should a
    /// change not apply, the figures still take in those before it.
    fn apply_all(&mut self, changes: impl IntoIterator<Item = Change>, now: Timestamp) -> Result<Vec<NodeId>, EngineError> {
        let mut leaves = Vec::new();
        let mut refused = None;
        for change in changes {
            match self.district.apply(change) {
                Ok(touched) => {
                    if touched.node.is_some() {
                        // A boundary changed or a node was added: the point locator is stale,
                        // and the maps on screen.
                        self.locator = std::sync::OnceLock::new();
                        self.detail_geometry = Default::default();
                        self.redrawn = true;
                    }
                    leaves.extend(touched.leaves);
                }
                Err(err) => {
                    refused = Some(err);
                    break;
                }
            }
        }
        leaves.sort_unstable();
        leaves.dedup();
        let moved = self.index.refresh(&self.district, &leaves, now);
        self.warnings.update(&self.district, &self.index, &moved, now);
        self.moved.extend(moved.iter().copied());
        match refused {
            Some(err) => Err(err.into()),
            None => Ok(moved),
        }
    }

    /// Commits a change to an existing record (or one whose id the caller owns), after
    /// checking that the scope's account may make it.
    pub async fn commit(&mut self, scope: &Scope, change: Change, now: Timestamp) -> Result<i64, EngineError> {
        self.commit_because_of(scope, change, None, now).await
    }

    /// Commits a new record; the store gives it the next free id of its kind, so seats that
    /// create records at the same time never overwrite each other. Returns the seq and the
    /// record as stored.
    pub async fn create(&mut self, scope: &Scope, change: Change, now: Timestamp) -> Result<(i64, Change), EngineError> {
        let mut written = self.write(scope, Vec::new(), vec![change], None, now).await?;
        written.created.pop().ok_or_else(|| EngineError::InvalidInput("没有写入任何记录".into()))
    }

    /// Creates new records in one transaction, all or none (see [`Store::create_all`] for
    /// references between records of the batch). Returns the records as stored.
    pub async fn create_all(&mut self, scope: &Scope, changes: Vec<Change>, now: Timestamp) -> Result<Vec<Change>, EngineError> {
        let written = self.write(scope, Vec::new(), changes, None, now).await?;
        Ok(written.created.into_iter().map(|(_, change)| change).collect())
    }

    /// Commits one change with the reason its maker gave, kept on the audit row.
    pub async fn commit_because(&mut self, scope: &Scope, change: Change, reason: &str, now: Timestamp) -> Result<i64, EngineError> {
        self.commit_because_of(scope, change, Some(reason), now).await
    }

    /// One change to an existing record, with or without its maker's reason; its seq.
    async fn commit_because_of(&mut self, scope: &Scope, change: Change, reason: Option<&str>, now: Timestamp) -> Result<i64, EngineError> {
        let written = self.write(scope, vec![change], Vec::new(), reason, now).await?;
        written.seqs.first().copied().ok_or_else(|| EngineError::InvalidInput("没有写入任何变更".into()))
    }

    /// Commits changes in one transaction, all or none, after checking each against the
    /// scope. Returns their seqs.
    pub async fn commit_all(&mut self, scope: &Scope, changes: Vec<Change>, now: Timestamp) -> Result<Vec<i64>, EngineError> {
        Ok(self.write(scope, changes, Vec::new(), None, now).await?.seqs)
    }

    /// [`Engine::commit_all`] for changes the caller has checked against the scope itself:
    /// a boundary import's record moves name nodes that only its own node changes create.
    pub(crate) async fn commit_all_checked(
        &mut self,
        scope: &Scope,
        changes: Vec<Change>,
        now: Timestamp,
    ) -> Result<Vec<i64>, EngineError> {
        Ok(self.store_and_apply(scope, changes, Vec::new(), None, now).await?.seqs)
    }

    /// Commits changes to existing records and creates new ones in one transaction, all or
    /// none (see [`Store::commit_and_create`]): an isolation's new planned end with its new
    /// follow-up slots. Creations may not refer into the batch. Returns the updates' seqs
    /// and the created records as stored.
    pub async fn commit_and_create(
        &mut self,
        scope: &Scope,
        updates: Vec<Change>,
        creations: Vec<Change>,
        now: Timestamp,
    ) -> Result<(Vec<i64>, Vec<Change>), EngineError> {
        let written = self.write(scope, updates, creations, None, now).await?;
        Ok((written.seqs, written.created.into_iter().map(|(_, change)| change).collect()))
    }

    /// The one write path of every seat: changes to existing records (each raised a version)
    /// and new records (the store gives them ids; a negative id in a reference field names an
    /// earlier creation of the batch), with the reason the maker gave, checked against the
    /// scope, stored in one transaction — all or none — and applied here. Returns what it
    /// wrote and the figures it moved within the writer's scope, so the seat that wrote need
    /// not wait for the live loop to see its own change.
    pub async fn write(
        &mut self,
        scope: &Scope,
        updates: Vec<Change>,
        creations: Vec<Change>,
        reason: Option<&str>,
        now: Timestamp,
    ) -> Result<Written, EngineError> {
        let updates: Vec<Change> = updates.into_iter().map(next_version).collect();
        for change in &updates {
            self.check_write(scope, change)?;
        }
        self.check_creations(scope, &creations)?;
        self.store_and_apply(scope, updates, creations, reason, now).await
    }

    /// Scope checks of new records. Each needs its place; a record that points into its
    /// batch (an item of a task created with it) is checked through what it points at once
    /// stored, so check what can be now.
    fn check_creations(&self, scope: &Scope, creations: &[Change]) -> Result<(), EngineError> {
        for change in creations {
            let pointing_into_batch = match change {
                Change::TaskItem(i) => i.task_id < 0,
                Change::FollowUp(f) => f.isolation_id < 0,
                Change::Person(p) => p.house_id < 0,
                _ => false,
            };
            if !pointing_into_batch {
                // Id 0 is never a stored record's: the scope check sees the new place only.
                self.check_write(scope, &change.clone().with_entity_id(0))?;
            } else if let Change::TaskItem(wangge_domain::TaskItem { micro_grid: Some(code), .. }) = change {
                let node = self.resolve(&code.0)?;
                scope.check_write(&self.district.hierarchy, node)?;
            }
        }
        Ok(())
    }

    /// Stores checked changes and applies them: catch up first, so the district holds every
    /// earlier change in order; then, when nobody wrote in between, apply exactly what was
    /// stored, else read the log (this write with it).
    async fn store_and_apply(
        &mut self,
        scope: &Scope,
        updates: Vec<Change>,
        creations: Vec<Change>,
        reason: Option<&str>,
        now: Timestamp,
    ) -> Result<Written, EngineError> {
        self.sync(now).await?;
        let (seqs, created) = self.store.write(&scope.account, now, &updates, &creations, reason).await?;
        let stored = || updates.iter().cloned().chain(created.iter().map(|(_, change)| change.clone()));
        let first = seqs.first().or(created.first().map(|(seq, _)| seq)).copied();
        let moved: BTreeSet<NodeId> = if first.is_some_and(|first| first == self.last_seq + 1) {
            let last_seq = seqs.iter().chain(created.iter().map(|(seq, _)| seq)).copied().max().unwrap_or(self.last_seq);
            let moved = self.apply_all(stored(), now)?;
            self.last_seq = last_seq;
            moved.into_iter().collect()
        } else {
            self.sync(now).await?;
            // Others' changes came with it: name the places this write touched, and above.
            let hierarchy = &self.district.hierarchy;
            let mut places = BTreeSet::new();
            for change in stored() {
                for node in self.district.nodes_of(&change).unwrap_or_default() {
                    places.extend(hierarchy.path_to_root(node));
                }
            }
            places
        };
        Ok(Written { seqs, created, figures: self.figures_of(scope, moved) })
    }

    pub(crate) fn check_write(&self, scope: &Scope, change: &Change) -> Result<(), EngineError> {
        let hierarchy = &self.district.hierarchy;
        if let (Change::Ticket(after), Some(unit)) = (change, scope.handled_unit()) {
            // A unit handler takes steps on tickets its unit owns, before the step or after
            // it (a return hands the ticket back); it creates none.
            let before = self
                .district
                .tickets
                .get(&after.id)
                .ok_or_else(|| wangge_domain::ScopeError::NotTheUnitsTicket { account: scope.account.clone(), unit: unit.to_owned() })?;
            let mut owners = self.ticket_owners(before);
            owners.extend(self.ticket_owners(after));
            for node in self.district.nodes_of(change)? {
                scope.check_ticket_write(hierarchy, node, &owners)?;
            }
            return Ok(());
        }
        for node in self.district.nodes_of(change)? {
            scope.check_write(hierarchy, node)?;
        }
        Ok(())
    }

    fn figures_of(&self, scope: &Scope, changed: BTreeSet<NodeId>) -> Option<api::FiguresChanged> {
        let hierarchy = &self.district.hierarchy;
        let root = scope.root_id(hierarchy).ok()?;
        let nodes: Vec<api::NodeFigures> = changed
            .into_iter()
            .filter(|&id| hierarchy.covers(root, id))
            .map(|id| api::NodeFigures { code: hierarchy.node(id).code.0.clone(), metrics: self.figures(id) })
            .collect();
        (!nodes.is_empty()).then_some(api::FiguresChanged { seq: self.last_seq, nodes, redrawn: false })
    }

    /// The part of a change seen district-wide that a seat may see: the nodes within its
    /// scope (`None` when no node is and no map was redrawn). One catch-up serves every seat
    /// of a server this way.
    pub fn within_scope(&self, scope: &Scope, change: &api::FiguresChanged) -> Option<api::FiguresChanged> {
        let hierarchy = &self.district.hierarchy;
        let root = scope.root_id(hierarchy).ok()?;
        let nodes: Vec<api::NodeFigures> =
            change.nodes.iter().filter(|node| hierarchy.id(&node.code).is_some_and(|id| hierarchy.covers(root, id))).cloned().collect();
        (!nodes.is_empty() || change.redrawn).then_some(api::FiguresChanged { seq: change.seq, nodes, redrawn: change.redrawn })
    }

    /// Every node's figures recomputed from the records, for `verify` and benchmarks.
    pub fn recompute_all(&mut self, now: Timestamp) -> usize {
        let moved = self.index.recompute_all(&self.district, now);
        self.warnings.update(&self.district, &self.index, &moved, now);
        moved.len()
    }

    pub fn index(&self) -> &MetricsIndex {
        &self.index
    }

    /// Nodes of one level within a scope, for tools that pick places (simulate, tests).
    pub fn nodes_at(&self, scope: &Scope, level: Level) -> Result<Vec<NodeId>, EngineError> {
        let root = scope.root_id(&self.district.hierarchy)?;
        Ok(self.district.hierarchy.subtree(root).into_iter().filter(|&id| self.district.hierarchy.node(id).level == level).collect())
    }
}

/// A change to an existing record as it is stored: one version past the record the caller
/// read, so the store refuses it if somebody else stored that version first (the caller
/// passes the record as it found it). Tickets are excluded because their lifecycle step
/// raises the version itself; nodes are versioned by date instead.
pub(crate) fn next_version(mut change: Change) -> Change {
    match &mut change {
        Change::House(r) => r.version += 1,
        Change::Person(r) => r.version += 1,
        Change::Isolation(r) => r.version += 1,
        Change::FollowUp(r) => r.version += 1,
        Change::Enterprise(r) => r.version += 1,
        Change::Task(r) => r.version += 1,
        Change::TaskItem(r) => r.version += 1,
        Change::LandlordMark(r) => r.version += 1,
        Change::Ticket(_) | Change::Node(_) => {}
    }
    change
}

fn whoami() -> String {
    std::env::var("WANGGE_ACCOUNT").or_else(|_| std::env::var("USER")).unwrap_or_else(|_| "local".to_owned())
}

/// The figures' rules: the defaults with the landlords' thresholds of the rule file in force.
fn metric_rules(landlords: &wangge_domain::landlords::LandlordRules) -> MetricRules {
    MetricRules { landlords: landlords.lists, ..MetricRules::default() }
}

/// The kind of records a stage of generating or saving the demo works on, in words for the
/// progress bar (the generator and the store name them by table).
fn records_zh(stage: &str) -> &str {
    match stage {
        "district" => "区域",
        "hierarchy" | "nodes" => "区划",
        "houses" => "房屋",
        "people" => "人员",
        "isolations" => "隔离记录",
        "follow_ups" => "随访",
        "enterprises" => "企业",
        "tickets" => "工单",
        "tasks" => "任务",
        "task_items" => "任务明细",
        "landlord_marks" => "房东记分",
        other => other,
    }
}

/// What a write stored, as the seat that made it sees it: the seqs of its changes to
/// existing records, the records it created (with their seqs) as stored, and the figures it
/// moved within the writer's scope (`None` when none did).
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub seqs: Vec<i64>,
    pub created: Vec<(i64, Change)>,
    pub figures: Option<api::FiguresChanged>,
}
