//! One boundary import, whatever asks for it: the command line, the desktop's import dialog
//! and (later) the server all hand a [`BoundaryFileRequest`] to [`import_boundary_file`] and
//! get a [`BoundaryImport`] back. The file is read once (codes, names, parents and micro-grid
//! kinds in the same pass), planned against the stored hierarchy, and committed only when it
//! has no error and its warnings are accepted. Front ends only translate the request and
//! print or show the report. Its findings, problems and fixes are worded in the request's
//! [`BoundaryOptions::language`] (a seat's own; the command line's report stays English);
//! why a file could not be read is geoimport's English.

use std::path::PathBuf;

use serde::Serialize;
use wangge_domain::{Level, Scope, Timestamp};
use wangge_figures::say;
use wangge_geoimport::ReadOptions;

use crate::boundaries::{plan, BoundaryOptions, BoundaryPlan};
use crate::{Engine, EngineError, Store};

/// What to import and how.
#[derive(Debug, Clone)]
pub struct BoundaryFileRequest {
    pub path: PathBuf,
    pub read: ReadOptions,
    pub options: BoundaryOptions,
    /// Import even though the topology report has warnings.
    pub accept_warnings: bool,
}

/// How an import ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BoundaryOutcome {
    /// The file could not be read, or the plan has errors: nothing written.
    Refused,
    /// Warnings not accepted: nothing written.
    Cancelled,
    /// Every feature is stored as it is.
    Unchanged,
    Imported,
}

/// The report of one import, the same for every front end.
#[derive(Debug, Clone, Serialize)]
pub struct BoundaryImport {
    pub file: String,
    pub level: Level,
    pub outcome: BoundaryOutcome,
    /// Features in the file (before split ones merged).
    pub features: usize,
    /// Rings reversed to RFC 7946 winding.
    pub rewound_rings: usize,
    /// Why the file could not be read, if it could not.
    pub read_error: Option<String>,
    #[serde(flatten)]
    pub plan: Option<BoundaryPlan>,
    /// The change-log sequence numbers written.
    pub seqs: Vec<i64>,
}

/// Reads, plans and (when the plan allows) commits one boundary file. `engine` is the open
/// district, or `None` for a store without one (the file's streets may create it, written
/// as `actor`).
pub async fn import_boundary_file(
    store: &Store,
    engine: Option<(&mut Engine, &Scope)>,
    actor: &str,
    request: &BoundaryFileRequest,
    now: Timestamp,
) -> Result<BoundaryImport, EngineError> {
    let file = request.path.display().to_string();
    let level = request.options.level;
    let mut report = BoundaryImport {
        file: file.clone(),
        level,
        outcome: BoundaryOutcome::Refused,
        features: 0,
        rewound_rings: 0,
        read_error: None,
        plan: None,
        seqs: Vec::new(),
    };
    let path = request.path.clone();
    let read = request.read.clone();
    let features = tokio::task::spawn_blocking(move || wangge_geoimport::read_file(&path, &read))
        .await
        .map_err(|e| EngineError::InvalidInput(say!(request.options.language, "读取 {file}：{e}", "reading {file}: {e}")))?;
    let features = match features {
        Ok(features) => features,
        Err(err) => {
            report.read_error = Some(err.to_string());
            return Ok(report);
        }
    };
    report.features = features.len();
    report.rewound_rings = features.iter().map(|c| c.rewound_rings).sum();
    let planned = match &engine {
        Some((engine, _)) => engine.plan_boundaries(features, &request.options),
        None => plan(None, features, &request.options),
    };
    report.outcome = if planned.errors() > 0 {
        BoundaryOutcome::Refused
    } else if planned.warnings() > 0 && !request.accept_warnings {
        BoundaryOutcome::Cancelled
    } else if planned.changes.is_empty() {
        BoundaryOutcome::Unchanged
    } else {
        report.seqs = match engine {
            Some((engine, scope)) => engine.import_boundaries(scope, &planned, now).await?,
            None => Engine::import_first_boundaries(store, actor, &planned, now).await?,
        };
        BoundaryOutcome::Imported
    };
    report.plan = Some(planned);
    Ok(report)
}
