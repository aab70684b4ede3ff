//! Boundary import (issue 4): boundaries read and checked by `wangge-geoimport` become node
//! changes of the hierarchy, planned before anything is written and then committed in one
//! transaction.
//!
//! [`plan`] is pure: given the stored hierarchy (or none, for an empty store), the features
//! of one file at one level and the options, it places every feature in the hierarchy,
//! optionally fixes what can honestly be fixed, runs the topology checks per parent, and
//! lists the [`Change::Node`]s that would carry the file into the hierarchy. The caller shows
//! the report and decides: errors block, warnings need the user's consent. Then
//! [`Engine::import_boundaries`] commits the changes through the change log, so every seat
//! learns of the new boundaries by catching up.
//!
//! # Rules
//!
//! - One file is one level. Each feature's parent is `--parent` or its own parent property,
//!   and must be a current node one level up (streets default to the district).
//! - A feature whose code exists is a *redraw*: the node keeps its code, place, records and
//!   staff and gets the new figure from `valid_from`; the store keeps the figure it replaces
//!   as a version. A feature whose figure and name are unchanged changes nothing.
//! - A new code is a new node. Codes of another level or parent, and retired codes, are
//!   refused: a node never moves (retire it and import a new code instead).
//! - With `retire_missing`, current children of every parent the file covers that the file
//!   does not name are retired at `valid_from`, their current descendants with them. They keep
//!   their records, so past figures and every parent's sum stay right; maps stop drawing them.
//!   Without it, such children stay as they are and are checked as neighbours (overlaps and
//!   gaps are computed against them).
//! - An empty store may be given its district by the first import of streets: the district
//!   takes the features' common parent code (or `--parent`), the given name and the union of
//!   the streets as its boundary.
//!
//! The topology findings, placement problems and fixes are worded in
//! [`BoundaryOptions::language`], the importing seat's; notes stay English (front ends read
//! them as flags), and so does the command line's report.

use std::collections::{BTreeMap, BTreeSet};

use geo::algorithm::bool_ops::{BooleanOps, FillRule, OpType};
use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde::Serialize;
use wangge_domain::{Change, Hierarchy, Language, Level, MicroGridKind, Node, NodeCode, Timestamp};
use wangge_figures::say;
pub use wangge_geoimport as geoimport;
use wangge_geoimport::check::{area_m2, is_tangled, self_intersections, significant_prefix};
use wangge_geoimport::{check, Candidate, CheckOptions, Finding, FindingKind, ParentBoundary, Report, RingDefect, RingRef, Severity};

use crate::engine::Engine;
use crate::error::EngineError;

/// How to import one file of boundaries.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryOptions {
    /// The level of every feature of the file (not the district).
    pub level: Level,
    /// The parent of every feature, overriding the features' own parent property.
    pub parent: Option<String>,
    /// When the new figures take effect (and retired nodes stop being drawn).
    pub valid_from: Timestamp,
    /// Retire current children of the covered parents that the file does not name.
    pub retire_missing: bool,
    /// Apply the fixes that can honestly be applied, then check again.
    pub fix: bool,
    /// Give features without a code the next free code under their parent.
    pub auto_code: bool,
    /// The name of the district to create, for a store that holds none yet.
    pub district_name: Option<String>,
    /// The kind of new micro-grids whose feature does not say.
    pub micro_kind: Option<MicroGridKind>,
    /// Overlaps, gaps and outside pieces below this many m² are ignored.
    pub area_tolerance_m2: f64,
    /// How to find a feature's parent from its code when neither `parent` nor a parent
    /// property gives one (the prefix rule is tried anyway, and said so).
    pub parent_from_code: Option<ParentFromCode>,
    /// The code of the district to create, for a store that holds none yet.
    pub district_code: Option<String>,
    /// Refuse features that share a code instead of merging them into one area.
    pub strict_codes: bool,
    /// The language of the report's findings, problems and fixes: the importing seat's.
    /// [`BoundaryOptions::new`] keeps English, the wording of the command line's boundary
    /// report (English throughout, and read by its tests).
    pub language: Language,
}

/// A rule that reads a feature's parent code out of its own code.
#[derive(Debug, Clone)]
pub enum ParentFromCode {
    /// The longest code one level up that starts the child's code, with or without a
    /// separator (`TS-3` → `TS-3-3`); a 12-digit statistical code counts by its significant
    /// digits (`330402001000` → `330402001003`).
    Prefix,
    /// A regular expression whose first capture group (or group named `parent`) is the
    /// parent's code.
    Pattern(regex::Regex),
}

impl PartialEq for ParentFromCode {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (ParentFromCode::Prefix, ParentFromCode::Prefix) => true,
            (ParentFromCode::Pattern(a), ParentFromCode::Pattern(b)) => a.as_str() == b.as_str(),
            _ => false,
        }
    }
}

impl ParentFromCode {
    /// `prefix` or `regex:PATTERN`, as `--parent-from-code` takes them.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim() {
            "prefix" => Ok(ParentFromCode::Prefix),
            other => match other.strip_prefix("regex:") {
                Some(pattern) => {
                    let regex = regex::Regex::new(pattern).map_err(|e| format!("--parent-from-code: {e}"))?;
                    if regex.captures_len() < 2 {
                        return Err(format!("--parent-from-code: regex {pattern:?} has no capture group for the parent's code"));
                    }
                    Ok(ParentFromCode::Pattern(regex))
                }
                None => Err(format!("--parent-from-code: expected prefix or regex:PATTERN, got {other:?}")),
            },
        }
    }

    /// The parent of `child` among `parents` (codes one level up), or why there is none (in
    /// `language`).
    fn parent_of(&self, child: &str, parents: &[&str], language: Language) -> Result<String, String> {
        match self {
            ParentFromCode::Prefix => {
                let mut best: Vec<(usize, &str)> = Vec::new();
                for &parent in parents {
                    let strong = significant_prefix(parent);
                    let matched = [parent, strong]
                        .into_iter()
                        .filter(|p| !p.is_empty() && child.len() > p.len() && child.starts_with(p))
                        .map(str::len)
                        .max();
                    if let Some(len) = matched {
                        match best.first() {
                            Some(&(top, _)) if top > len => {}
                            Some(&(top, _)) if top == len => best.push((len, parent)),
                            _ => best = vec![(len, parent)],
                        }
                    }
                }
                match best.as_slice() {
                    [(_, only)] => Ok((*only).to_owned()),
                    [] => Err(say!(language, "上一级没有哪个编码是 {child} 的开头", "no code one level up starts {child}")),
                    several => {
                        let list = several.iter().map(|(_, p)| *p).collect::<Vec<_>>().join(language.pick("、", ", "));
                        Err(say!(
                            language,
                            "上一级有多个编码同样是 {child} 的开头（{list}）",
                            "several codes one level up start {child} equally ({list})"
                        ))
                    }
                }
            }
            ParentFromCode::Pattern(regex) => {
                let pattern = regex.as_str();
                let captures =
                    regex.captures(child).ok_or_else(|| say!(language, "{child} 不符合 {pattern}", "{child} does not match {pattern}"))?;
                let parent = captures.name("parent").or_else(|| captures.get(1)).map(|m| m.as_str().trim()).unwrap_or("");
                if parent.is_empty() {
                    return Err(say!(language, "{pattern} 在 {child} 中找不到上级编码", "{pattern} finds no parent code in {child}"));
                }
                Ok(parent.to_owned())
            }
        }
    }
}

impl BoundaryOptions {
    pub fn new(level: Level, valid_from: Timestamp) -> Self {
        BoundaryOptions {
            level,
            parent: None,
            valid_from,
            retire_missing: false,
            fix: false,
            auto_code: false,
            district_name: None,
            micro_kind: None,
            area_tolerance_m2: geoimport::check::DEFAULT_AREA_TOLERANCE_M2,
            parent_from_code: None,
            district_code: None,
            strict_codes: false,
            language: Language::English,
        }
    }
}

/// A feature that cannot be placed in the hierarchy (always an error).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub feature: Option<usize>,
    pub code: Option<String>,
    pub message: String,
}

/// What the import would do, by code.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlanSummary {
    /// The district created from this file, in an empty store.
    pub district: Option<String>,
    pub created: Vec<String>,
    /// Existing codes with a new figure from `valid_from` (the old one is kept as a version).
    pub redrawn: Vec<String>,
    pub unchanged: Vec<String>,
    pub retired: Vec<String>,
}

/// The outcome of planning: the topology report, placement problems, the fixes applied,
/// and the changes to commit if the user goes on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoundaryPlan {
    pub report: Report,
    pub problems: Vec<Problem>,
    /// One line per fix `--fix` applied, naming the feature.
    pub fixes: Vec<String>,
    /// What the import decided on its own (features merged, parents read from codes).
    pub notes: Vec<String>,
    pub summary: PlanSummary,
    /// Records that move into the new areas (micro-grids drawn under a grid that held them).
    pub moves: crate::placement::Moves,
    #[serde(skip)]
    pub changes: Vec<Change>,
}

impl BoundaryPlan {
    /// Errors block the import: placement problems and error findings.
    pub fn errors(&self) -> usize {
        self.problems.len() + self.report.errors().count()
    }

    /// Warnings the user must accept before the import goes on.
    pub fn warnings(&self) -> usize {
        self.report.warnings().count()
    }
}

impl Engine {
    /// Plans importing `features` (one file, one level) into this engine's district.
    /// New areas under an area that held records itself (micro-grids drawn under a grid)
    /// take those records: their moves join the plan, to be committed with the new nodes.
    pub fn plan_boundaries(&self, features: Vec<Candidate>, options: &BoundaryOptions) -> BoundaryPlan {
        let district = self.district();
        let mut planned = plan(Some(&district.hierarchy), features, options);
        if planned.errors() == 0 {
            let created: Vec<Node> = planned
                .changes
                .iter()
                .filter_map(|change| match change {
                    Change::Node(node) if district.hierarchy.id_of(&node.code).is_none() => Some(node.clone()),
                    _ => None,
                })
                .collect();
            let moves = crate::placement::moves_into(district, &created);
            planned.changes.extend(moves.changes.iter().cloned().map(crate::engine::next_version));
            planned.moves = moves;
        }
        planned
    }

    /// Commits a plan without errors in one transaction, after checking the scope covers
    /// every node it touches. Returns the seqs of its changes. Seats see the new boundaries
    /// when they catch up.
    pub async fn import_boundaries(
        &mut self,
        scope: &wangge_domain::Scope,
        plan: &BoundaryPlan,
        now: Timestamp,
    ) -> Result<Vec<i64>, EngineError> {
        if plan.errors() > 0 {
            let errors = plan.errors();
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "边界导入有 {errors} 个错误，未写入任何内容",
                "the boundary import has {errors} errors; nothing was written"
            )));
        }
        // Record moves name areas the plan's own node changes create, so each is checked by
        // where the record is now; the new areas lie under nodes the node changes checked.
        for change in &plan.changes {
            match change {
                Change::Node(_) => self.check_write(scope, change)?,
                moved => {
                    if let Some(stored) = crate::placement::stored_version(self.district(), moved) {
                        self.check_write(scope, &stored)?;
                    }
                }
            }
        }
        self.commit_all_checked(scope, plan.changes.clone(), now).await
    }

    /// Commits a plan made for an empty store ([`plan`] with no hierarchy): the district and
    /// its streets, in one transaction.
    pub async fn import_first_boundaries(
        store: &wangge_store::Store,
        actor: &str,
        plan: &BoundaryPlan,
        now: Timestamp,
    ) -> Result<Vec<i64>, EngineError> {
        if plan.errors() > 0 || plan.summary.district.is_none() {
            return Err(EngineError::InvalidInput("the boundary import cannot create a district; nothing was written".into()));
        }
        Ok(store.commit_all(actor, now, &plan.changes).await?)
    }
}

/// Where one feature goes.
struct Placed {
    parent: Option<NodeCode>,
    kind: Option<MicroGridKind>,
}

/// Plans the import of one file's features at `options.level` into `hierarchy` (`None`: an
/// empty store, which the file's streets may give its district). A micro-grid's
/// kind is the one its feature states ([`Candidate::kind`]), else the stored one, else
/// `options.micro_kind`.
pub fn plan(hierarchy: Option<&Hierarchy>, mut features: Vec<Candidate>, options: &BoundaryOptions) -> BoundaryPlan {
    let mut problems = Vec::new();
    let mut fixes = Vec::new();
    let mut summary = PlanSummary::default();
    let problem =
        |c: Option<&Candidate>, message: String| Problem { feature: c.map(|c| c.index), code: c.and_then(|c| c.code.clone()), message };
    let empty = |problems: Vec<Problem>| BoundaryPlan {
        report: Report::default(),
        problems,
        fixes: Vec::new(),
        notes: Vec::new(),
        summary: PlanSummary::default(),
        moves: Default::default(),
        changes: Vec::new(),
    };
    let language = options.language;
    // Lists of codes and numbers in a message: 、 between them in Chinese.
    let separator = language.pick("、", ", ");
    let mut notes = Vec::new();
    let features_read = features.len();
    merge_split_features(&mut features, options.strict_codes, language, &mut problems, &mut notes);
    if !features.is_empty() && features.iter().all(|c| c.code.is_none()) && !options.auto_code {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for c in &features {
            seen.extend(c.properties.iter().map(String::as_str));
        }
        let list =
            if seen.is_empty() { language.pick("无", "none").to_owned() } else { seen.into_iter().collect::<Vec<_>>().join(separator) };
        return empty(vec![problem(
            None,
            say!(
                language,
                "{features_read} 个要素在编码属性中都没有编码（请检查编码属性的设置）；要素的属性有：{list}",
                "none of the {features_read} features has a code in the property the mapping names (see --code-field); the features' properties are: {list}"
            ),
        )]);
    }

    if options.level == Level::District {
        return empty(vec![problem(
            None,
            say!(
                language,
                "边界文件只能是街道、社区、网格或微网格；区的边界随其街道而来",
                "a file of boundaries names streets, communities, grids or micro-grids; the district comes with its streets"
            ),
        )]);
    }
    let parent_level = Level::ALL[options.level.depth() - 1];

    // The district: stored, or created from this file.
    let new_root: Option<(NodeCode, String)> = match hierarchy {
        Some(h) => {
            let root = &h.node(h.root()).code;
            if options.district_name.is_some() {
                problems.push(problem(
                    None,
                    say!(
                        language,
                        "区名称：数据库中已有区 {root}；区名称只用于尚无区的数据库",
                        "--district-name: the store already holds district {root}; it is only for a store without one"
                    ),
                ));
            }
            if options.district_code.as_deref().is_some_and(|code| code.trim() != root.as_str()) {
                problems.push(problem(
                    None,
                    say!(
                        language,
                        "区编码：数据库中已有区 {root}；区编码只用于尚无区的数据库",
                        "--district-code: the store already holds district {root}; it is only for a store without one"
                    ),
                ));
            }
            None
        }
        None => {
            if options.level != Level::Street {
                let (zh, en) = (options.level.label_zh(), options.level.as_str());
                return empty(vec![problem(
                    None,
                    say!(
                        language,
                        "数据库中还没有区：请先导入街道（层级选街道/乡镇，并填写区名称），再导入{zh}",
                        "the store holds no district yet: import its streets first (--level street --district-name NAME), then the {en} level"
                    ),
                )]);
            }
            let stated: BTreeSet<&str> = features.iter().filter_map(|c| c.parent.as_deref()).collect();
            let given = options.district_code.as_ref().or(options.parent.as_ref()).map(|c| c.trim().to_owned());
            let code = match (given, stated.len()) {
                (Some(code), _) if code.is_empty() => {
                    problems.push(problem(None, say!(language, "区编码不能为空", "--district-code: the district's code cannot be empty")));
                    None
                }
                (Some(code), _) => Some(code),
                (None, 1) => stated.first().map(|s| (*s).to_owned()),
                (None, 0) => {
                    problems.push(problem(
                        None,
                        say!(
                            language,
                            "数据库中还没有区：请填写区编码（及区名称），即本文件各街道组成的区",
                            "the store holds no district yet: give --district-code CODE (and --district-name NAME), the district this file's streets make up"
                        ),
                    ));
                    None
                }
                (None, _) => {
                    let list = stated.iter().copied().collect::<Vec<&str>>().join(separator);
                    problems.push(problem(
                        None,
                        say!(
                            language,
                            "要素注明了多个上级（{list}）；新建的区只有一个编码：请填写区编码",
                            "the features name several parents ({list}); a new district has one code: give --district-code CODE"
                        ),
                    ));
                    None
                }
            };
            let name = options.district_name.clone();
            if name.is_none() {
                let district = code.as_deref().unwrap_or("CODE");
                problems.push(problem(
                    None,
                    match (language, code.as_deref()) {
                        (Language::Chinese, Some(district)) => format!("数据库中还没有区：请填写区名称，以便用本文件新建区 {district}"),
                        (Language::Chinese, None) => "数据库中还没有区：请填写区名称，以便用本文件新建区".to_owned(),
                        (Language::English, _) => format!(
                            "the store holds no district yet: give --district-name NAME to create district {district} from this file"
                        ),
                    },
                ));
            }
            match (code, name) {
                (Some(code), Some(name)) => Some((NodeCode(code), name)),
                _ => return empty(problems),
            }
        }
    };
    let root_code: NodeCode = match (&new_root, hierarchy) {
        (Some((code, _)), _) => code.clone(),
        (None, Some(h)) => h.node(h.root()).code.clone(),
        (None, None) => unreachable!("an empty store either gets a district or returned above"),
    };
    let stored = |code: &str| hierarchy.and_then(|h| h.id(code).map(|id| h.node(id)));

    // Each feature's parent, checked.
    let mut placed: Vec<Placed> = Vec::with_capacity(features.len());
    // Codes one level up, for parents read from the children's codes.
    let parent_codes: Vec<&str> = hierarchy
        .map(|h| {
            h.nodes()
                .filter(|(_, n)| n.level == parent_level && n.valid_to.is_none_or(|to| to > options.valid_from))
                .map(|(_, n)| n.code.as_str())
                .collect()
        })
        .unwrap_or_default();
    let (mut by_rule, mut by_implicit_prefix) = (0usize, 0usize);
    for c in &features {
        let label = c.label_in(language);
        let from_code = |rule: &ParentFromCode| -> Result<String, String> {
            let code = c
                .code
                .as_deref()
                .ok_or_else(|| say!(language, "要素没有编码，无法从中读出上级", "the feature has no code to read it from"))?;
            rule.parent_of(code, &parent_codes, language)
        };
        let parent: Result<String, String> = if let Some(p) = &options.parent {
            Ok(p.clone())
        } else if options.level == Level::Street {
            Ok(c.parent.clone().unwrap_or_else(|| root_code.0.clone()))
        } else if let Some(rule) = &options.parent_from_code {
            by_rule += 1;
            from_code(rule)
        } else if let Some(p) = &c.parent {
            Ok(p.clone())
        } else {
            by_implicit_prefix += 1;
            from_code(&ParentFromCode::Prefix).map_err(|why| {
                say!(
                    language,
                    "要素没有上级属性，也未给出上级编码，按编码前缀也找不到上级：{why}",
                    "the feature has no parent property (see --parent-field), --parent is not given, and the code prefix rule found none: {why}"
                )
            })
        };
        let parent = match parent.map(NodeCode) {
            Err(why) => {
                problems.push(problem(Some(c), say!(language, "{label}：无法确定上级：{why}", "{label}: no parent: {why}")));
                None
            }
            Ok(p) if new_root.is_some() => {
                let stated = c.parent.as_deref().filter(|&s| s != root_code.as_str());
                if let Some(other) = stated.or((p != root_code).then_some(p.as_str())) {
                    problems.push(problem(
                        Some(c),
                        say!(
                            language,
                            "{label}：注明的上级是 {other}，但本文件新建的区是 {root_code}",
                            "{label}: names parent {other}, but the district this file creates is {root_code}"
                        ),
                    ));
                }
                Some(root_code.clone())
            }
            Ok(p) => match stored(p.as_str()) {
                None => {
                    problems.push(problem(
                        Some(c),
                        say!(
                            language,
                            "{label}：上级 {p} 不在层级中（请先导入{}）",
                            "{label}: parent {p} is not in the hierarchy (import the {} level first)",
                            name_of(parent_level, language)
                        ),
                    ));
                    None
                }
                Some(node) if node.level != parent_level => {
                    let (is, level, under) =
                        (name_of(node.level, language), name_of(options.level, language), name_of(parent_level, language));
                    problems.push(problem(
                        Some(c),
                        say!(
                            language,
                            "{label}：上级 {p} 是{is}，但{level}应在{under}之下",
                            "{label}: parent {p} is a {is}, but a {level} goes under a {under}"
                        ),
                    ));
                    None
                }
                Some(node) if node.valid_to.is_some_and(|to| to <= options.valid_from) => {
                    let to = node.valid_to.unwrap_or(options.valid_from);
                    problems.push(problem(
                        Some(c),
                        say!(language, "{label}：上级 {p} 已退役（有效至 {to}）", "{label}: parent {p} is retired (valid until {to})"),
                    ));
                    None
                }
                Some(_) => Some(p),
            },
        };
        placed.push(Placed { parent, kind: None });
    }

    if by_rule > 0 {
        notes.push(format!("{by_rule} feature(s): parent read from the code (--parent-from-code)"));
    }
    if by_implicit_prefix > 0 {
        notes.push(format!(
            "{by_implicit_prefix} feature(s) name no parent and --parent is not given: parent taken as the longest code one level up that starts the feature's code"
        ));
    }
    if options.auto_code {
        auto_codes(hierarchy, &mut features, &placed, options.level);
    }

    // Existing codes: the same place, current, and not drawn after valid_from.
    for (c, place) in features.iter().zip(placed.iter_mut()) {
        let Some(code) = c.code.as_deref() else { continue };
        let label = c.label_in(language);
        if code == root_code.as_str() {
            problems.push(problem(Some(c), say!(language, "{label}：{code} 是区本身的编码", "{label}: {code} is the district's own code")));
            continue;
        }
        let existing = stored(code);
        if let Some(node) = existing {
            if node.level != options.level || (place.parent.is_some() && node.parent != place.parent) {
                let level = name_of(node.level, language);
                problems.push(problem(
                    Some(c),
                    match (language, &node.parent) {
                        (Language::Chinese, Some(parent)) => format!(
                            "{label}：编码 {code} 已是 {parent} 下的{level}；节点的层级和上级不会改变（请给要素新的编码，并退役旧编码）"
                        ),
                        (Language::Chinese, None) => {
                            format!("{label}：编码 {code} 已是{level}；节点的层级和上级不会改变（请给要素新的编码，并退役旧编码）")
                        }
                        (Language::English, parent) => format!(
                            "{label}: code {code} is already a {level} under {}; a node keeps its level and parent (give the feature a new code and retire the old one)",
                            parent.as_ref().map_or("nothing", |p| p.as_str())
                        ),
                    },
                ));
            } else if let Some(to) = node.valid_to {
                problems.push(problem(
                    Some(c),
                    say!(
                        language,
                        "{label}：编码 {code} 已退役（有效至 {to}）；退役的编码不再使用",
                        "{label}: code {code} was retired (valid until {to}); a retired code is not reused"
                    ),
                ));
            } else if node.valid_from.is_some_and(|from| from > options.valid_from) {
                let (from, valid_from) = (node.valid_from.unwrap_or(options.valid_from), options.valid_from);
                problems.push(problem(
                    Some(c),
                    say!(
                        language,
                        "{label}：{code} 现存的图形自 {from} 起有效，晚于本次的生效时间 {valid_from}",
                        "{label}: the stored figure of {code} is valid from {from}, after --valid-from {valid_from}"
                    ),
                ));
            }
        }
        if options.level == Level::MicroGrid {
            let stated = match c.kind.as_deref() {
                None => None,
                Some(text) => match MicroGridKind::parse(text) {
                    Some(kind) => Some(kind),
                    None => {
                        let all = MicroGridKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<&str>>().join(separator);
                        problems.push(problem(
                            Some(c),
                            say!(
                                language,
                                "{label}：类型 {text:?} 不是微网格类型（{all}）",
                                "{label}: kind {text:?} is not a micro-grid kind ({all})"
                            ),
                        ));
                        None
                    }
                },
            };
            place.kind = stated.or(existing.and_then(|n| n.micro_kind)).or(options.micro_kind);
            if place.kind.is_none() {
                problems.push(problem(
                    Some(c),
                    say!(
                        language,
                        "{label}：微网格需要类型：请在要素的 kind 属性中注明，或选择微网格类型",
                        "{label}: a micro-grid needs a kind: give it a kind property or --micro-kind"
                    ),
                ));
            }
        }
    }

    // A figure the file repeats (up to an export's rounding) stays as stored, and is checked
    // as stored: slivers the rounding leaves against unchanged neighbours are nobody's doing.
    for c in &mut features {
        if let Some(node) = c.code.as_deref().and_then(stored) {
            if node.level == options.level && same_figure(&node.boundary, &c.boundary) {
                c.boundary = node.boundary.clone();
                c.ring_defects.clear();
            }
        }
    }
    if options.fix {
        for c in features.iter_mut().filter(|c| c.code.as_deref().and_then(stored).is_none_or(|n| n.boundary != c.boundary)) {
            fix_geometry(c, language, &mut fixes);
        }
    }

    // The parents the file covers, with their boundaries (a new district's is its streets).
    let mut groups: BTreeMap<NodeCode, Vec<usize>> = BTreeMap::new();
    for (i, place) in placed.iter().enumerate() {
        if let Some(p) = &place.parent {
            groups.entry(p.clone()).or_default().push(i);
        }
    }
    let file_codes: BTreeSet<&str> = features.iter().filter_map(|c| c.code.as_deref()).collect();
    // A district made from this file is the union of its streets by construction: nothing
    // can lie outside it, so its streets are checked among themselves only.
    let parent_boundary = |code: &NodeCode| -> MultiPolygon<f64> {
        match stored(code.as_str()) {
            Some(node) if new_root.is_none() => node.boundary.clone(),
            _ => MultiPolygon::new(vec![]),
        }
    };
    // Current children the file does not name: retired, or checked against as neighbours.
    let mut missing: BTreeMap<NodeCode, Vec<&Node>> = BTreeMap::new();
    if let Some(h) = hierarchy {
        for parent in groups.keys() {
            let Some(id) = h.id_of(parent) else { continue };
            let left: Vec<&Node> = h
                .children(id)
                .iter()
                .map(|&child| h.node(child))
                .filter(|n| n.valid_to.is_none() && !file_codes.contains(n.code.as_str()))
                .collect();
            missing.insert(parent.clone(), left);
        }
    }

    let checks = Checks {
        groups: &groups,
        missing: &missing,
        retire_missing: options.retire_missing,
        tolerance: options.area_tolerance_m2,
        language,
    };
    let mut findings = checks.run(&features, &parent_boundary);
    if options.fix {
        // Clip children that stick out of their parent by a fringe (a warning): a figure
        // mostly outside (an error) belongs elsewhere and is left for the user.
        let mut clipped = false;
        for f in findings.iter().filter(|f| f.severity == Severity::Warning) {
            let FindingKind::OutsideParent { parent, area_m2 } = &f.kind else { continue };
            let Some(c) = f.feature.and_then(|i| features.iter_mut().find(|c| c.index == i)) else { continue };
            let inside = c.boundary.intersection(&parent_boundary(&NodeCode(parent.clone())));
            c.boundary = rewound(inside);
            let label = c.label_in(language);
            fixes.push(say!(
                language,
                "{label}：已裁剪到上级 {parent} 的范围内（去掉超出的 {area_m2:.0} 平方米）",
                "{label}: clipped to parent {parent} ({area_m2:.0} m² outside removed)"
            ));
            clipped = true;
        }
        if clipped {
            findings = checks.run(&features, &parent_boundary);
        }
    }

    // The changes, parents before children.
    let mut changes = Vec::new();
    if let Some((code, name)) = &new_root {
        summary.district = Some(code.0.clone());
        changes.push(Change::Node(Node {
            code: code.clone(),
            name: name.clone(),
            level: Level::District,
            parent: None,
            micro_kind: None,
            boundary: covered(&features),
            staff: Vec::new(),
            valid_from: Some(options.valid_from),
            valid_to: None,
        }));
    }
    for (c, place) in features.iter().zip(&placed) {
        let (Some(code), Some(parent)) = (&c.code, &place.parent) else { continue };
        match stored(code) {
            Some(node) => {
                let name = c.name.clone().unwrap_or_else(|| node.name.clone());
                if name == node.name && place.kind.is_none_or(|k| node.micro_kind == Some(k)) && node.boundary == c.boundary {
                    summary.unchanged.push(code.clone());
                    continue;
                }
                summary.redrawn.push(code.clone());
                changes.push(Change::Node(Node {
                    name,
                    boundary: c.boundary.clone(),
                    micro_kind: place.kind.or(node.micro_kind),
                    valid_from: Some(options.valid_from),
                    ..node.clone()
                }));
            }
            None => {
                summary.created.push(code.clone());
                changes.push(Change::Node(Node {
                    code: NodeCode(code.clone()),
                    name: c.name.clone().unwrap_or_else(|| code.clone()),
                    level: options.level,
                    parent: Some(parent.clone()),
                    micro_kind: place.kind,
                    boundary: c.boundary.clone(),
                    staff: Vec::new(),
                    valid_from: Some(options.valid_from),
                    valid_to: None,
                }));
            }
        }
    }
    if options.retire_missing {
        if let Some(h) = hierarchy {
            for node in missing.values().flatten() {
                let Some(id) = h.id_of(&node.code) else { continue };
                for under in h.subtree(id) {
                    let n = h.node(under);
                    if n.valid_to.is_some() {
                        continue;
                    }
                    if n.valid_from.is_some_and(|from| from > options.valid_from) {
                        let (code, at) = (&n.code, options.valid_from);
                        problems.push(problem(
                            None,
                            say!(
                                language,
                                "{code}：其图形的生效时间更晚，不能在 {at} 退役",
                                "{code}: cannot retire it at {at}, its figure starts later"
                            ),
                        ));
                        continue;
                    }
                    summary.retired.push(n.code.0.clone());
                    changes.push(Change::Node(Node { valid_to: Some(options.valid_from), ..n.clone() }));
                }
            }
        }
    }

    BoundaryPlan { report: Report { findings }, problems, fixes, notes, summary, moves: Default::default(), changes }
}

/// The topology checks of one file: whole-file rules once, area rules per parent with the
/// parent's other current children as neighbours.
struct Checks<'a> {
    groups: &'a BTreeMap<NodeCode, Vec<usize>>,
    missing: &'a BTreeMap<NodeCode, Vec<&'a Node>>,
    retire_missing: bool,
    tolerance: f64,
    language: Language,
}

impl Checks<'_> {
    fn run(&self, features: &[Candidate], parent_boundary: &dyn Fn(&NodeCode) -> MultiPolygon<f64>) -> Vec<Finding> {
        let language = self.language;
        let whole = check(features, &CheckOptions { parent: None, area_tolerance_m2: self.tolerance, siblings: false, language });
        let mut findings: Vec<Finding> = whole.findings.into_iter().filter(|f| !per_parent(&f.kind)).collect();
        // Features keep their place in the file even after split ones merged: stored
        // neighbours are numbered after the last of them.
        let past_file = features.iter().map(|c| c.index + 1).max().unwrap_or(0);
        for (parent, members) in self.groups {
            let mut group: Vec<Candidate> = members.iter().map(|&i| features[i].clone()).collect();
            if !self.retire_missing {
                // Neighbours that stay: numbered after the file's features, named as stored.
                for (k, node) in self.missing.get(parent).into_iter().flatten().enumerate() {
                    group.push(Candidate {
                        index: past_file + k,
                        code: Some(node.code.0.clone()),
                        name: Some(say!(language, "{}，已入库", "{}, stored", node.name)),
                        parent: Some(parent.0.clone()),
                        boundary: node.boundary.clone(),
                        ring_defects: Vec::new(),
                        rewound_rings: 0,
                        kind: None,
                        properties: Vec::new(),
                    });
                }
            }
            let boundary = parent_boundary(parent);
            let parent_option = if boundary.0.is_empty() {
                // A parent without a boundary: only the codes can be checked against it.
                for c in group.iter_mut().filter(|c| c.parent.is_none()) {
                    c.parent = Some(parent.0.clone());
                }
                None
            } else {
                Some(ParentBoundary { code: parent.clone(), boundary })
            };
            let report =
                check(&group, &CheckOptions { parent: parent_option, area_tolerance_m2: self.tolerance, siblings: true, language });
            findings.extend(report.findings.into_iter().filter(|f| per_parent(&f.kind) && f.feature.is_none_or(|i| i < past_file)));
        }
        // Only statistical codes (all digits) nest by rule; local codes such as `TS` under a
        // district named `HZ-GS` need not start with their parent's.
        let digits = |code: &str| !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit());
        findings.retain(|f| match &f.kind {
            FindingKind::CodeNotUnderParent { parent, .. } => digits(parent) && f.code.as_deref().is_some_and(digits),
            _ => true,
        });
        // Grouped by feature in file order; findings about no one feature (gaps) last.
        findings.sort_by_key(|f| f.feature.unwrap_or(usize::MAX));
        findings
    }
}

/// One area drawn as several features that share a code (islands, an area cut by a road, a
/// pseudo-area such as 外网格区域) becomes one candidate with every part, in the place of its
/// first feature; a note says so. With `strict`, such features stay apart and the topology
/// check refuses them as duplicate codes.
fn merge_split_features(
    features: &mut Vec<Candidate>,
    strict: bool,
    language: Language,
    problems: &mut Vec<Problem>,
    notes: &mut Vec<String>,
) {
    let mut by_code: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in features.iter().enumerate() {
        if let Some(code) = &c.code {
            by_code.entry(code.clone()).or_default().push(i);
        }
    }
    let shared: Vec<(String, Vec<usize>)> = by_code.into_iter().filter(|(_, at)| at.len() > 1).collect();
    // Strict: left as they are, for the topology check to refuse as duplicate codes.
    if shared.is_empty() || strict {
        return;
    }
    let mut drop: BTreeSet<usize> = BTreeSet::new();
    for (code, at) in &shared {
        let numbers: Vec<String> = at.iter().map(|&i| features[i].index.to_string()).collect();
        let parents: BTreeSet<&str> = at.iter().filter_map(|&i| features[i].parent.as_deref()).collect();
        if parents.len() > 1 {
            let separator = language.pick("、", ", ");
            let (numbers, list) = (numbers.join(separator), parents.into_iter().collect::<Vec<&str>>().join(separator));
            problems.push(Problem {
                feature: Some(features[at[0]].index),
                code: Some(code.clone()),
                message: say!(
                    language,
                    "要素 {numbers} 的编码同为 {code}，但注明的上级不同（{list}）",
                    "features {numbers} share code {code} but name different parents ({list})"
                ),
            });
            continue;
        }
        let (first, rest) = at.split_first().expect("a shared code has several features");
        let mut parts: Vec<Polygon<f64>> = features[*first].boundary.0.clone();
        let mut defects = Vec::new();
        let mut rewound = 0;
        let mut names: BTreeSet<String> = features[*first].name.iter().cloned().collect();
        for &i in rest {
            parts.extend(features[i].boundary.0.iter().cloned());
            defects.extend(features[i].ring_defects.iter().cloned());
            rewound += features[i].rewound_rings;
            names.extend(features[i].name.iter().cloned());
            drop.insert(i);
        }
        let parent = features[*first].parent.clone().or_else(|| rest.iter().find_map(|&i| features[i].parent.clone()));
        let merged = &mut features[*first];
        merged.boundary = MultiPolygon::new(parts);
        merged.ring_defects.extend(defects);
        merged.rewound_rings += rewound;
        merged.parent = parent;
        let merged = &features[*first];
        let mut note =
            format!("features {} share code {code}: merged into one area of {} parts", numbers.join(", "), merged.boundary.0.len());
        if names.len() > 1 {
            let list: Vec<&str> = names.iter().map(String::as_str).collect();
            note.push_str(&format!(" (named {}; the first name is kept)", list.join(" / ")));
        }
        notes.push(note);
    }
    let mut position = 0;
    features.retain(|_| {
        let keep = !drop.contains(&position);
        position += 1;
        keep
    });
}

/// A level as a message in `language` names it: 街道/乡镇 in Chinese, `street` in English (the
/// word the command line's `--level` takes).
fn name_of(level: Level, language: Language) -> &'static str {
    language.pick(level.label_zh(), level.as_str())
}

/// Rules that depend on the parent and the siblings, run per parent.
fn per_parent(kind: &FindingKind) -> bool {
    matches!(
        kind,
        FindingKind::CodeNotUnderParent { .. }
            | FindingKind::ParentMismatch { .. }
            | FindingKind::OutsideParent { .. }
            | FindingKind::Overlap { .. }
            | FindingKind::Gap { .. }
    )
}

/// Codes for features without one, following the district's convention: a street is its
/// district's six digits, three of its own and `000`; a community the street's nine and three;
/// a grid its community's code and two digits; a micro-grid its grid's code and three.
fn auto_codes(hierarchy: Option<&Hierarchy>, features: &mut [Candidate], placed: &[Placed], level: Level) {
    let mut taken: BTreeSet<String> = features.iter().filter_map(|c| c.code.clone()).collect();
    let mut next: BTreeMap<NodeCode, u32> = BTreeMap::new();
    for (c, place) in features.iter_mut().zip(placed) {
        let (None, Some(parent)) = (&c.code, &place.parent) else { continue };
        let counter = next.entry(parent.clone()).or_insert(0);
        loop {
            *counter += 1;
            let n = *counter;
            let code = match level {
                Level::Street => format!("{}{n:03}000", parent.as_str()),
                Level::Community => format!("{}{n:03}", significant_prefix(parent.as_str())),
                Level::Grid => format!("{}{n:02}", parent.as_str()),
                Level::MicroGrid | Level::District => format!("{}{n:03}", parent.as_str()),
            };
            if !taken.contains(&code) && hierarchy.is_none_or(|h| h.id(&code).is_none()) {
                taken.insert(code.clone());
                c.code = Some(code);
                break;
            }
        }
    }
}

/// The fixes that need no judgement: repeated positions dropped, rings the reader closed
/// accepted as closed, degenerate holes and parts dropped, and self-intersecting figures
/// rebuilt as the area they enclose (a union under the non-zero rule, so crossing parts merge
/// and a bow-tie keeps both lobes).
fn fix_geometry(c: &mut Candidate, language: Language, fixes: &mut Vec<String>) {
    let label = c.label_in(language);
    let unclosed = c.ring_defects.iter().filter(|d| matches!(d, RingDefect::Unclosed { .. })).count();
    if unclosed > 0 {
        fixes.push(say!(
            language,
            "{label}：{unclosed} 个未闭合的环已用首个坐标点闭合",
            "{label}: {unclosed} unclosed ring(s) closed by repeating the first position"
        ));
    }
    let mut repeated = 0;
    let mut dropped = Vec::new();
    let mut polygons = Vec::new();
    for (p, polygon) in c.boundary.0.iter().enumerate() {
        let exterior = dedup(polygon.exterior(), &mut repeated);
        if exterior.0.len() < 4 {
            dropped.push(RingRef { polygon: p, ring: 0 }.describe_in(language));
            continue;
        }
        let mut holes = Vec::new();
        for (h, hole) in polygon.interiors().iter().enumerate() {
            let hole = dedup(hole, &mut repeated);
            if hole.0.len() < 4 {
                dropped.push(RingRef { polygon: p, ring: h + 1 }.describe_in(language));
            } else {
                holes.push(hole);
            }
        }
        polygons.push(Polygon::new(exterior, holes));
    }
    if repeated > 0 {
        fixes.push(say!(language, "{label}：已删除 {repeated} 个重复的坐标点", "{label}: {repeated} repeated position(s) dropped"));
    }
    if !polygons.is_empty() {
        if !dropped.is_empty() {
            let dropped = dropped.join(language.pick("、", ", "));
            fixes.push(say!(language, "{label}：已删除退化的环：{dropped}", "{label}: degenerate ring(s) dropped: {dropped}"));
        }
        c.boundary = MultiPolygon::new(polygons);
    }
    let crossings = self_intersections(&c.boundary);
    // A tangled figure (an error of the check, which says --fix cannot repair it) is left as
    // it is: rebuilding it would take time with the square of its vertices.
    if !crossings.is_empty() && !is_tangled(&c.boundary) {
        let valid = rewound(c.boundary.boolean_op_with_fill_rule(&MultiPolygon::<f64>::new(vec![]), OpType::Union, FillRule::NonZero));
        if !valid.0.is_empty() && self_intersections(&valid).is_empty() {
            let (count, area) = (crossings.len(), area_m2(&valid));
            fixes.push(say!(
                language,
                "{label}：{count} 处自相交已消除，图形按其围成的区域重建（{area:.0} 平方米）",
                "{label}: {count} self-intersection(s) resolved by rebuilding the figure as the area it encloses ({area:.0} m²)"
            ));
            c.boundary = valid;
        }
    }
    // What remains wrong with the rings now, in the fixed figure's numbering.
    c.ring_defects = c
        .boundary
        .0
        .iter()
        .enumerate()
        .flat_map(|(p, polygon)| {
            std::iter::once(polygon.exterior()).chain(polygon.interiors()).enumerate().filter_map(move |(r, ring)| {
                (ring.0.len() < 4).then_some(RingDefect::TooFewPositions { ring: RingRef { polygon: p, ring: r }, count: ring.0.len() })
            })
        })
        .collect();
}

/// The ring without consecutive repeats (closing position kept), counting what it dropped.
fn dedup(ring: &LineString<f64>, dropped: &mut usize) -> LineString<f64> {
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len());
    for c in &ring.0 {
        if out.last() == Some(c) {
            *dropped += 1;
        } else {
            out.push(*c);
        }
    }
    LineString::new(out)
}

/// The area the features cover together: their union under the non-zero rule, so parts that
/// overlap or cross themselves count once and every lobe of a bow-tie counts.
/// Tangled figures (refused by the check anyway) are left out, as every area operation does.
fn covered(features: &[Candidate]) -> MultiPolygon<f64> {
    let all = MultiPolygon::new(features.iter().filter(|c| !is_tangled(&c.boundary)).flat_map(|c| c.boundary.0.iter().cloned()).collect());
    rewound(all.boolean_op_with_fill_rule(&MultiPolygon::<f64>::new(vec![]), OpType::Union, FillRule::NonZero))
}

/// RFC 7946 winding, whatever the boolean operation returned.
fn rewound(shape: MultiPolygon<f64>) -> MultiPolygon<f64> {
    geoimport::winding::normalise(&shape).0
}

/// Whether a file's figure is the stored one, allowing for the rounding of an export (maps
/// write six decimals, ~0.1 m): the same rings within 1e-6°, or shapes differing by under 1 m².
fn same_figure(stored: &MultiPolygon<f64>, file: &MultiPolygon<f64>) -> bool {
    let rings = |shape: &MultiPolygon<f64>| -> Vec<Vec<Coord<f64>>> {
        shape
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .map(|ring| {
                let mut n = 0;
                dedup(ring, &mut n).0
            })
            .collect()
    };
    let (a, b) = (rings(stored), rings(file));
    let close = a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x.len() == y.len() && x.iter().zip(y).all(|(p, q)| (p.x - q.x).abs() <= 1e-6 && (p.y - q.y).abs() <= 1e-6));
    // A tangled figure is never a stored one (those were refused), and overlaying it would
    // take minutes.
    close || (!is_tangled(file) && area_m2(&stored.xor(file)) < 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn square(x: f64, y: f64, size: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![polygon![(x: x, y: y), (x: x + size, y: y), (x: x + size, y: y + size), (x: x, y: y + size)]])
    }

    fn candidate(index: usize, code: &str, parent: Option<&str>, boundary: MultiPolygon<f64>) -> Candidate {
        Candidate {
            index,
            code: Some(code.into()),
            name: Some(format!("n{code}")),
            parent: parent.map(str::to_owned),
            boundary,
            ring_defects: vec![],
            rewound_rings: 0,
            kind: None,
            properties: vec![],
        }
    }

    fn node(code: &str, level: Level, parent: Option<&str>, boundary: MultiPolygon<f64>) -> Node {
        Node {
            code: code.into(),
            name: format!("n{code}"),
            level,
            parent: parent.map(NodeCode::from),
            micro_kind: (level == Level::MicroGrid).then_some(MicroGridKind::Building),
            boundary,
            staff: vec![],
            valid_from: None,
            valid_to: None,
        }
    }

    /// District D (0..2 × 0..1) → street S (0..2 × 0..1) → community C (same) → grids G1
    /// (0..1) and G2 (1..2), each with one micro-grid.
    fn tree() -> Hierarchy {
        let whole = MultiPolygon::new(vec![polygon![(x: 0., y: 0.), (x: 2., y: 0.), (x: 2., y: 1.), (x: 0., y: 1.)]]);
        Hierarchy::new(vec![
            node("D", Level::District, None, whole.clone()),
            node("S", Level::Street, Some("D"), whole.clone()),
            node("C", Level::Community, Some("S"), whole),
            node("C01", Level::Grid, Some("C"), square(0., 0., 1.)),
            node("C02", Level::Grid, Some("C"), square(1., 0., 1.)),
            node("C01001", Level::MicroGrid, Some("C01"), square(0., 0., 1.)),
            node("C02001", Level::MicroGrid, Some("C02"), square(1., 0., 1.)),
        ])
        .unwrap()
    }

    const DAY: Timestamp = Timestamp(1_000_000);

    fn options(level: Level) -> BoundaryOptions {
        BoundaryOptions { area_tolerance_m2: 1.0, ..BoundaryOptions::new(level, DAY) }
    }

    #[test]
    fn splitting_a_grid_with_retire_missing_retires_it_and_its_micro_grids() {
        let h = tree();
        let features = vec![
            candidate(0, "C01", Some("C"), square(0., 0., 1.)),
            candidate(
                1,
                "C03",
                Some("C"),
                MultiPolygon::new(vec![polygon![(x: 1., y: 0.), (x: 2., y: 0.), (x: 2., y: 0.5), (x: 1., y: 0.5)]]),
            ),
            candidate(
                2,
                "C04",
                Some("C"),
                MultiPolygon::new(vec![polygon![(x: 1., y: 0.5), (x: 2., y: 0.5), (x: 2., y: 1.), (x: 1., y: 1.)]]),
            ),
        ];
        let plan = plan(Some(&h), features.clone(), &BoundaryOptions { retire_missing: true, ..options(Level::Grid) });
        assert_eq!((plan.errors(), plan.warnings()), (0, 0), "{plan:#?}");
        assert_eq!(plan.summary.unchanged, ["C01"]);
        assert_eq!(plan.summary.created, ["C03", "C04"]);
        assert_eq!(plan.summary.retired, ["C02", "C02001"]);
        assert!(plan.changes.iter().all(|c| matches!(c, Change::Node(n) if n.valid_from == Some(DAY) || n.valid_to == Some(DAY))));

        // Without retiring, the old grid stays and overlaps both halves.
        let plan = super::plan(Some(&h), features, &options(Level::Grid));
        let overlaps: Vec<_> = plan.report.findings.iter().filter(|f| matches!(f.kind, FindingKind::Overlap { .. })).collect();
        assert_eq!(overlaps.len(), 2, "{:#?}", plan.report.findings);
        assert!(overlaps.iter().all(|f| f.message.contains("C02") && f.message.contains("stored")), "{overlaps:#?}");
        assert!(plan.summary.retired.is_empty());
    }

    #[test]
    fn a_redraw_is_a_new_figure_and_a_partial_file_is_checked_against_its_neighbours() {
        let h = tree();
        // G1 grows into G2's half: an overlap with the stored G2, reported with its area.
        let grown =
            candidate(0, "C01", None, MultiPolygon::new(vec![polygon![(x: 0., y: 0.), (x: 1.5, y: 0.), (x: 1.5, y: 1.), (x: 0., y: 1.)]]));
        let plan = plan(Some(&h), vec![grown], &BoundaryOptions { parent: Some("C".into()), ..options(Level::Grid) });
        assert_eq!(plan.summary.redrawn, ["C01"]);
        let overlap = plan.report.findings.iter().find(|f| matches!(f.kind, FindingKind::Overlap { .. })).expect("an overlap");
        assert!(matches!(overlap.kind, FindingKind::Overlap { area_m2, .. } if area_m2 > 1e9), "{overlap:?}");
        assert_eq!(plan.errors(), 0);
        let Change::Node(n) = &plan.changes[0] else { panic!() };
        assert_eq!((n.valid_from, n.micro_kind, n.parent.as_ref().map(|p| p.as_str())), (Some(DAY), None, Some("C")));
    }

    #[test]
    fn misplaced_codes_and_parents_are_problems() {
        let h = tree();
        let cases = [
            (candidate(0, "C02001", Some("C"), square(1., 0., 1.)), "already a micro_grid"),
            (candidate(0, "C09", Some("S"), square(1., 0., 1.)), "parent S is a street"),
            (candidate(0, "C09", Some("X"), square(1., 0., 1.)), "parent X is not in the hierarchy"),
            (candidate(0, "Z09", None, square(1., 0., 1.)), "no parent"),
        ];
        for (c, expected) in cases {
            let plan = plan(Some(&h), vec![c], &options(Level::Grid));
            assert!(plan.problems.iter().any(|p| p.message.contains(expected)), "{expected}: {:#?}", plan.problems);
        }
        let plan = plan(Some(&h), vec![candidate(0, "C01009", Some("C01"), square(0., 0., 0.5))], &options(Level::MicroGrid));
        assert!(plan.problems[0].message.contains("needs a kind"), "{:?}", plan.problems);
    }

    #[test]
    fn an_empty_store_gets_its_district_from_the_streets() {
        let features = vec![
            candidate(0, "990101001000", Some("990101"), square(0., 0., 1.)),
            candidate(1, "990101002000", Some("990101"), square(1., 0., 1.)),
        ];
        let plan = plan(None, features.clone(), &options(Level::Street));
        assert!(plan.problems[0].message.contains("--district-name"), "{:?}", plan.problems);
        let plan = super::plan(None, features, &BoundaryOptions { district_name: Some("测试区".into()), ..options(Level::Street) });
        assert_eq!((plan.errors(), plan.warnings()), (0, 0), "{plan:#?}");
        assert_eq!(plan.summary.district.as_deref(), Some("990101"));
        let Change::Node(root) = &plan.changes[0] else { panic!() };
        let both = area_m2(&square(0., 0., 1.)) + area_m2(&square(1., 0., 1.));
        // Geodesic edges: a 2° edge bulges where two 1° edges meet at a vertex; near enough.
        assert!((area_m2(&root.boundary) - both).abs() < 1e-3 * both, "{root:?}");
        assert_eq!((root.level, root.name.as_str(), root.parent.clone()), (Level::District, "测试区", None));
        assert_eq!(plan.changes.len(), 3);
        let grids = super::plan(None, vec![], &options(Level::Grid));
        assert!(grids.problems[0].message.contains("import its streets first"));
    }

    #[test]
    fn fix_rebuilds_a_bow_tie_and_clips_a_fringe_outside_the_parent() {
        let h = tree();
        let bow = MultiPolygon::new(vec![
            polygon![(x: 0., y: 0.), (x: 0.5, y: 0.5), (x: 0., y: 1.), (x: 1., y: 1.), (x: 0.5, y: 0.5), (x: 1., y: 0.)],
        ]);
        let fringe = MultiPolygon::new(vec![polygon![(x: 1., y: 0.), (x: 2.01, y: 0.), (x: 2.01, y: 1.), (x: 1., y: 1.)]]);
        let features = vec![candidate(0, "C01", Some("C"), bow), candidate(1, "C02", Some("C"), fringe)];
        let unfixed = plan(Some(&h), features.clone(), &options(Level::Grid));
        assert!(unfixed.report.warnings().any(|f| matches!(f.kind, FindingKind::SelfIntersection { .. })));
        assert!(unfixed.report.warnings().any(|f| matches!(f.kind, FindingKind::OutsideParent { .. })));
        let fixed = plan(Some(&h), features, &BoundaryOptions { fix: true, ..options(Level::Grid) });
        assert!(
            !fixed
                .report
                .findings
                .iter()
                .any(|f| matches!(f.kind, FindingKind::SelfIntersection { .. } | FindingKind::OutsideParent { .. })),
            "{:#?}",
            fixed.report
        );
        assert!(fixed.fixes.iter().any(|f| f.contains("self-intersection")), "{:?}", fixed.fixes);
        assert!(fixed.fixes.iter().any(|f| f.contains("clipped to parent C")), "{:?}", fixed.fixes);
        // The gaps the bow-tie leaves are still there: --fix does not invent boundaries.
        assert!(fixed.report.warnings().any(|f| matches!(f.kind, FindingKind::Gap { .. })));
    }

    /// A star of 801 vertices redrawing a stored grid crosses itself about 320,000 times: the
    /// plan refuses it as an error, with or without --fix, and never overlays it (comparing it
    /// with the stored figure or rebuilding it once took minutes).
    #[test]
    fn a_tangled_figure_is_refused_and_left_alone_by_fix() {
        let h = tree();
        let (n, k) = (801, 400);
        let ring: Vec<Coord<f64>> = (0..=n)
            .map(|i| {
                let angle = std::f64::consts::TAU * ((i * k) % n) as f64 / n as f64;
                Coord { x: 0.5 + 0.4 * angle.cos(), y: 0.5 + 0.4 * angle.sin() }
            })
            .collect();
        let star = MultiPolygon::new(vec![Polygon::new(LineString::new(ring), vec![])]);
        let features = vec![candidate(0, "C01", Some("C"), star.clone()), candidate(1, "C02", Some("C"), square(1., 0., 1.))];
        for fix in [false, true] {
            let plan = plan(Some(&h), features.clone(), &BoundaryOptions { fix, ..options(Level::Grid) });
            let tangled: Vec<&Finding> = plan.report.errors().filter(|f| matches!(f.kind, FindingKind::SelfIntersection { .. })).collect();
            assert_eq!(tangled.len(), 1, "fix {fix}: {:#?}", plan.report);
            assert!(tangled[0].message.contains("redraw it") && tangled[0].feature == Some(0), "{}", tangled[0].message);
            assert!(plan.fixes.is_empty(), "fix {fix}: {:?}", plan.fixes);
            let Some(Change::Node(redrawn)) = plan.changes.iter().find(|c| matches!(c, Change::Node(n) if n.code.as_str() == "C01")) else {
                panic!("fix {fix}: no change for C01 in {:?}", plan.changes.len())
            };
            assert_eq!(redrawn.boundary, star, "fix {fix}: the figure is left as drawn");
        }
    }

    #[test]
    fn auto_codes_follow_the_convention_and_skip_taken_ones() {
        let h = tree();
        let mut c = candidate(0, "", Some("C"), square(0., 0., 0.5));
        c.code = None;
        let plan = plan(Some(&h), vec![c], &BoundaryOptions { auto_code: true, ..options(Level::Grid) });
        assert_eq!(plan.summary.created, ["C03"]);
    }

    #[test]
    fn rounding_of_an_export_is_not_a_redraw() {
        let a = square(120.123_456_71, 30.0, 0.01);
        let b = square(120.123_457, 30.0, 0.01);
        assert!(same_figure(&a, &b));
        assert!(!same_figure(&a, &square(120.124, 30.0, 0.01)));
    }
}

/// Two seats on one SQLite file: a boundary import by one reaches the other through the
/// change log — hierarchy, map and point locator — and moves no figure.
#[cfg(test)]
mod seats {
    use geo::InteriorPoint;
    use wangge_domain::Scope;

    use super::*;
    use crate::Store;

    const NOW: Timestamp = Timestamp(1_795_399_200);

    fn candidate(index: usize, node: &Node) -> Candidate {
        Candidate {
            index,
            code: Some(node.code.0.clone()),
            name: Some(node.name.clone()),
            parent: node.parent.as_ref().map(|p| p.0.clone()),
            boundary: node.boundary.clone(),
            ring_defects: vec![],
            rewound_rings: 0,
            kind: None,
            properties: vec![],
        }
    }

    #[tokio::test]
    async fn a_grid_replaced_by_a_new_code_moves_map_locator_and_no_figure_on_every_seat() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seats.db");
        let store = Store::open_sqlite_file(&path).await.unwrap();
        Engine::create_demo_at_scale(&store, 11, NOW, wangge_demo::Scale::Small, &mut |_| {}).await.unwrap();
        let mut window = Engine::open(store, NOW).await.unwrap();
        let mut importer = Engine::open(Store::open_sqlite_file(&path).await.unwrap(), NOW).await.unwrap();
        let scope: Scope = importer.district_scope("importer");
        let h = &window.district().hierarchy;

        // A grid with micro-grids, its community, and a point inside its first micro-grid.
        let (grid_id, grid) = h.nodes().find(|(id, n)| n.level == Level::Grid && !h.children(*id).is_empty()).unwrap();
        let old = grid.clone();
        let community = h.node(h.parent(grid_id).unwrap()).clone();
        let micro = h.node(h.children(grid_id)[0]).clone();
        let point = micro.boundary.interior_point().unwrap();
        assert_eq!(window.locator().locate(point).map(|id| h.node(id).code.clone()), Some(micro.code.clone()));
        let figures = window.stats(&scope, Some(community.code.as_str())).unwrap().metrics;
        let today = NOW.local_day_start();
        // The community's full-detail map, asked once so its geometry is kept.
        let detail = wangge_api::DetailMapRequest { code: Some(community.code.0.clone()) };
        let before = window.detail_map(&scope, &detail).unwrap();
        assert!(before.areas.iter().any(|a| a.code == micro.code.0));

        // Grids: the community's others as they are, the grid's figure under a new code.
        let new_grid = format!("{}99", community.code);
        let c_id = h.id_of(&community.code).unwrap();
        let mut features: Vec<Candidate> =
            h.children(c_id).iter().map(|&g| h.node(g)).filter(|n| n.code != old.code).enumerate().map(|(i, n)| candidate(i, n)).collect();
        let mut replacement = candidate(features.len(), &old);
        replacement.code = Some(new_grid.clone());
        features.push(replacement);
        let options = BoundaryOptions { retire_missing: true, ..BoundaryOptions::new(Level::Grid, today) };
        let grids = importer.plan_boundaries(features, &options);
        assert_eq!((grids.errors(), grids.warnings()), (0, 0), "{:#?}", grids.report);
        assert_eq!(grids.summary.created, std::slice::from_ref(&new_grid));
        assert_eq!(grids.summary.retired[0], old.code.0);
        assert_eq!(grids.summary.retired.len(), 1 + h.children(grid_id).len());
        importer.import_boundaries(&scope, &grids, NOW).await.unwrap();
        // The importer's own locator already forgets the retired micro-grid: the new grid,
        // not yet divided, is where the point lies now.
        let new_grid_id = importer.district().hierarchy.id(&new_grid);
        assert_eq!(importer.locator().locate(point), new_grid_id);

        // One micro-grid for the new grid, covering it whole.
        let mut m = candidate(0, &old);
        m.code = Some(format!("{new_grid}001"));
        m.parent = Some(new_grid.clone());
        let micro_options = BoundaryOptions { micro_kind: Some(MicroGridKind::Building), ..BoundaryOptions::new(Level::MicroGrid, today) };
        let micros = importer.plan_boundaries(vec![m], &micro_options);
        assert_eq!((micros.errors(), micros.warnings()), (0, 0), "{:#?} {:#?}", micros.problems, micros.report);
        importer.import_boundaries(&scope, &micros, NOW).await.unwrap();

        // The window learns all of it by catching up, told that its maps are to be drawn again;
        // after that, nothing more is news.
        let heard = window.catch_up(&scope, NOW).await.unwrap().expect("the window is told of the redrawn areas");
        assert!(heard.redrawn, "{heard:?}");
        assert_eq!(window.catch_up(&scope, NOW).await.unwrap(), None);
        let h = &window.district().hierarchy;
        let located = window.locator().locate(point).map(|id| h.node(id).code.0.clone());
        assert_eq!(located, Some(format!("{new_grid}001")));
        let map = window.map_view(&scope, Some(community.code.as_str())).unwrap();
        let drawn: Vec<&str> = map.areas.iter().map(|a| a.node.code.as_str()).collect();
        assert!(drawn.contains(&new_grid.as_str()) && !drawn.contains(&old.code.as_str()), "{drawn:?}");
        // The full-detail map kept no stale geometry: the new micro-grid, not the retired ones.
        let after = window.detail_map(&scope, &detail).unwrap();
        let places: Vec<&str> = after.areas.iter().map(|a| a.code.as_str()).collect();
        assert!(places.contains(&format!("{new_grid}001").as_str()) && !places.contains(&micro.code.as_str()), "{places:?}");
        let values = wangge_api::DetailValuesRequest {
            code: Some(community.code.0.clone()),
            metric: wangge_api::ChoroplethMetric::IsolationsActive,
        };
        assert_eq!(window.detail_values(&scope, &values).unwrap().values.len(), after.areas.len());
        assert_eq!(h.node(h.id_of(&old.code).unwrap()).valid_to, Some(today));
        // Records stay with the retired grid: no figure moved, and verify agrees.
        assert_eq!(window.stats(&scope, Some(community.code.as_str())).unwrap().metrics, figures);
        assert!(window.verify(NOW).await.unwrap().discrepancies.is_empty());
        assert_eq!(
            window.stats(&scope, Some(old.code.as_str())).unwrap().metrics,
            importer.stats(&scope, Some(old.code.as_str())).unwrap().metrics
        );
    }
}
