//! Resumption over time at a node (复工进度: 北苑 reported its 复工率 day by day): the
//! enterprise figures at the end of each of the last days, from the district as it was known
//! then (the briefings' as-of machinery), so each day's rate is what the panel showed at that
//! day's end, and today's is the live one. Counts only: every role that sees figures.

use wangge_api as api;
use wangge_domain::{Scope, Timestamp};

use crate::briefing::day_end_or_now;
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
        let days = request.days.unwrap_or(DEFAULT_DAYS);
        if !(1..=MOST_DAYS).contains(&days) {
            return Err(EngineError::InvalidInput(format!("天数：{days} 不在 1 到 {MOST_DAYS} 之间")));
        }
        let today = now.local_day_number();
        let at: Vec<Timestamp> = (0..i64::from(days)).rev().map(|back| day_end_or_now(today - back, now)).collect();
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
