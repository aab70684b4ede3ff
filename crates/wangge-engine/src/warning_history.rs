//! A node's warning history (预警记录, issue 11 item 4): the level it ended each of the last
//! days at, with the rule that set it, evaluated with the engine's rules over the district as
//! it was known at each day's end (the briefings' as-of machinery). The history is derived
//! from the stored change log rather than logged as levels change: every seat computes the
//! same history for the same day, a seat that was closed misses nothing, and a changed rule
//! file shows how the past would have read under it. An ended day never changes (the log
//! only grows after it), so each is computed once per rule set and kept; today is the live
//! level.

use wangge_api as api;
use wangge_domain::{Scope, Timestamp};

use crate::briefing::last_day_ends_in;
use crate::warnings::api_level;
use crate::{convert, Engine, EngineError};

/// Days shown unless asked otherwise: a month.
const DEFAULT_DAYS: u32 = 30;
/// At most a quarter: each day is one more pass over the district's records.
const MOST_DAYS: u32 = 92;

impl Engine {
    /// The level of `request.node` at the end of each of the last `request.days` days,
    /// oldest first; the last is today up to `now`. Levels are aggregates: every role that
    /// sees figures, wall screens included.
    pub async fn warning_history(
        &self,
        scope: &Scope,
        request: &api::TrendRequest,
        now: Timestamp,
    ) -> Result<api::WarningHistory, EngineError> {
        let id = self.node_in_scope(scope, request.node.as_deref())?;
        let at = last_day_ends_in(request.days, DEFAULT_DAYS, MOST_DAYS, now, scope.language)?;
        let today = now.local_day_number();
        let level = self.district().hierarchy.node(id).level;
        // A poisoned lock only means another history panicked; the days kept are still sound.
        let past = || self.warnings.past_days.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Ended days not yet computed, all in one pass of the as-of machinery.
        let missing: Vec<Timestamp> =
            at.iter().copied().filter(|t| t.local_day_number() < today && !past().contains_key(&(id, t.local_day_number()))).collect();
        if !missing.is_empty() {
            let indexes = self.indexes_as_known_at(&missing, id, &mut |_| {}).await?;
            let mut kept = past();
            for (instant, index) in missing.iter().zip(&indexes) {
                kept.insert((id, instant.local_day_number()), self.warning_rules().evaluate(level, &index.metrics(id)));
            }
        }
        let kept = past();
        let days = at
            .iter()
            .map(|instant| {
                // Today is the live level, as the map and the notices have it.
                let (warning, reason) = if instant.local_day_number() >= today {
                    self.warnings.level_and_reason(id)
                } else {
                    kept.get(&(id, instant.local_day_number())).cloned().unwrap_or_default()
                };
                api::WarningDay {
                    date: instant.local().date().to_string(),
                    level: api_level(warning),
                    reason: reason.map(|r| r.in_language(scope.language).to_owned()),
                }
            })
            .collect();
        Ok(api::WarningHistory { node: convert::node_ref(&self.district().hierarchy, id), days })
    }
}
