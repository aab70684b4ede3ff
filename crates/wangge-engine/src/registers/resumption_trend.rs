//! Resumption over time at a node (复工进度: 北苑 reported its 复工率 day by day): the
//! enterprise figures at the end of each of the last days, from the district as it was known
//! then (the briefings' as-of machinery), so each day's rate is what the panel showed at that
//! day's end, and today's is the live one. Counts only: every role that sees figures.

use wangge_api as api;
use wangge_domain::{Scope, Timestamp};

use crate::briefing::last_day_ends;
use crate::{convert, Engine, EngineError};

/// Days shown unless asked otherwise: two weeks, the span of a resumption campaign's reports.
const DEFAULT_DAYS: u32 = 14;
/// At most a quarter: each day is one more pass over the district's records.
const MOST_DAYS: u32 = 92;

impl Engine {
    /// The enterprise figures of `request.node` at the end of each of the last
    /// `request.days` days, oldest first; the last is today up to `now`.
    pub async fn resumption_trend(
        &self,
        scope: &Scope,
        request: &api::TrendRequest,
        now: Timestamp,
    ) -> Result<api::ResumptionTrend, EngineError> {
        let id = self.node_in_scope(scope, request.node.as_deref())?;
        let at = last_day_ends(request.days, DEFAULT_DAYS, MOST_DAYS, now)?;
        let indexes = self.indexes_as_known_at(&at, id, &mut |_| {}).await?;
        let days = at
            .iter()
            .zip(&indexes)
            .map(|(instant, index)| {
                let f = convert::figures(&index.metrics(id));
                api::ResumptionDay {
                    date: instant.local().date().to_string(),
                    enterprises_total: f.enterprises_total,
                    enterprises_resumed: f.enterprises_resumed,
                    enterprises_above_size: f.enterprises_above_size,
                    enterprises_above_size_resumed: f.enterprises_above_size_resumed,
                    workers_total: f.workers_total,
                    workers_back: f.workers_back,
                    resumption_rate: f.resumption_rate,
                }
            })
            .collect();
        Ok(api::ResumptionTrend { node: convert::node_ref(&self.district().hierarchy, id), days })
    }
}
