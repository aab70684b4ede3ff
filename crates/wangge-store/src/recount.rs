//! Figures of every micro-grid counted by the database itself, with SQL aggregates.
//!
//! This is the second, independent path that `wangge verify` compares the engine's figures
//! against: the same definitions as the domain's `Counts::of_own_records`, written as SQL over
//! the stored rows rather than as Rust over loaded records.

use std::collections::BTreeMap;

use sqlx::Row;
use wangge_domain::{Counts, Timestamp};

use crate::{Store, StoreError};

// PostgreSQL's SUM of BIGINT is NUMERIC, which the Any driver cannot read as i64: cast back.
const ISOLATIONS: &str = "
SELECT micro_grid,
  CAST(SUM(CASE WHEN started_at <= $1 AND (released_at IS NULL OR released_at > $1) THEN 1 ELSE 0 END) AS BIGINT),
  CAST(SUM(CASE WHEN started_at <= $1 AND (released_at IS NULL OR released_at > $1) AND kind = 'centralised' THEN 1 ELSE 0 END) AS BIGINT),
  CAST(SUM(CASE WHEN started_at <= $1 AND (released_at IS NULL OR released_at > $1) AND kind = 'home' THEN 1 ELSE 0 END) AS BIGINT),
  CAST(SUM(CASE WHEN started_at <= $1 AND (released_at IS NULL OR released_at > $1) AND kind = 'home_observation' THEN 1 ELSE 0 END) AS BIGINT),
  CAST(SUM(CASE WHEN started_at >= $2 AND started_at <= $1 THEN 1 ELSE 0 END) AS BIGINT),
  CAST(SUM(CASE WHEN released_at >= $2 AND released_at <= $1 THEN 1 ELSE 0 END) AS BIGINT)
FROM isolations GROUP BY micro_grid";

// Slots of active isolations past their grace period: all of them are due; overdue when not
// done by now; done on time when done within the grace period with the person seen.
const FOLLOW_UPS: &str = "
SELECT i.micro_grid,
  CAST(SUM(CASE WHEN f.done_at IS NULL OR f.done_at > $1 THEN 1 ELSE 0 END) AS BIGINT),
  COUNT(*),
  CAST(SUM(CASE WHEN f.done_at <= $1 AND f.done_at <= f.due_at + $2 AND f.result IN ('seen_well', 'seen_unwell') THEN 1 ELSE 0 END) AS BIGINT)
FROM follow_ups f JOIN isolations i ON i.id = f.isolation_id
WHERE i.started_at <= $1 AND (i.released_at IS NULL OR i.released_at > $1)
  AND f.due_at + $2 < $1
GROUP BY i.micro_grid";

const ENTERPRISES: &str = "
SELECT micro_grid,
  COUNT(*),
  CAST(SUM(CASE WHEN status <> 'not_resumed' AND resumed_at <= $1 THEN 1 ELSE 0 END) AS BIGINT),
  CAST(SUM(headcount) AS BIGINT),
  CAST(SUM(CASE WHEN status <> 'not_resumed' AND resumed_at <= $1 THEN workers_back ELSE 0 END) AS BIGINT)
FROM enterprises GROUP BY micro_grid";

const TICKETS: &str = "
SELECT micro_grid,
  COUNT(*),
  CAST(SUM(CASE WHEN accepted_at <= $1 THEN 1 ELSE 0 END) AS BIGINT),
  CAST(SUM(CASE WHEN resolved_at <= $1 THEN 1 ELSE 0 END) AS BIGINT),
  CAST(SUM(CASE WHEN resolved_at <= $1 AND resolved_at <= deadline THEN 1 ELSE 0 END) AS BIGINT),
  CAST(SUM(CASE WHEN resolved_at IS NULL OR resolved_at > $1 THEN 1 ELSE 0 END) AS BIGINT),
  CAST(SUM(CASE WHEN (resolved_at IS NULL OR resolved_at > $1) AND deadline < $1 AND status <> 'suspended' THEN 1 ELSE 0 END) AS BIGINT)
FROM tickets WHERE received_at <= $1 AND micro_grid IS NOT NULL GROUP BY micro_grid";

impl Store {
    /// The counts of every micro-grid that has records, as of `now`, by micro-grid code.
    pub async fn recount_micro_grids(&self, now: Timestamp, follow_up_grace_secs: i64) -> Result<BTreeMap<String, Counts>, StoreError> {
        let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
        let today = now.local_day_start().secs();
        let now = now.secs();

        let rows =
            sqlx::query(ISOLATIONS).bind(now).bind(today).fetch_all(&self.pool).await.map_err(StoreError::db("recounting isolations"))?;
        for row in rows {
            let c = counts.entry(row.try_get(0).map_err(StoreError::db("reading isolation counts"))?).or_default();
            let n = |i| row.try_get::<i64, _>(i).map(|v| v as u64).map_err(StoreError::db("reading isolation counts"));
            c.isolations_active = n(1)?;
            c.isolations_active_centralised = n(2)?;
            c.isolations_active_home = n(3)?;
            c.isolations_active_home_observation = n(4)?;
            c.isolations_new_today = n(5)?;
            c.isolations_released_today = n(6)?;
        }

        let rows = sqlx::query(FOLLOW_UPS)
            .bind(now)
            .bind(follow_up_grace_secs)
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::db("recounting overdue follow-ups"))?;
        for row in rows {
            let c = counts.entry(row.try_get(0).map_err(StoreError::db("reading follow-up counts"))?).or_default();
            let n = |i| row.try_get::<i64, _>(i).map(|v| v as u64).map_err(StoreError::db("reading follow-up counts"));
            c.follow_ups_overdue = n(1)?;
            c.follow_ups_due = n(2)?;
            c.follow_ups_done_on_time = n(3)?;
        }

        let rows = sqlx::query(ENTERPRISES).bind(now).fetch_all(&self.pool).await.map_err(StoreError::db("recounting enterprises"))?;
        for row in rows {
            let c = counts.entry(row.try_get(0).map_err(StoreError::db("reading enterprise counts"))?).or_default();
            let n = |i| row.try_get::<i64, _>(i).map(|v| v as u64).map_err(StoreError::db("reading enterprise counts"));
            c.enterprises_total = n(1)?;
            c.enterprises_resumed = n(2)?;
            c.workers_total = n(3)?;
            c.workers_back = n(4)?;
        }

        let rows = sqlx::query(TICKETS).bind(now).fetch_all(&self.pool).await.map_err(StoreError::db("recounting tickets"))?;
        for row in rows {
            let c = counts.entry(row.try_get(0).map_err(StoreError::db("reading ticket counts"))?).or_default();
            let n = |i| row.try_get::<i64, _>(i).map(|v| v as u64).map_err(StoreError::db("reading ticket counts"));
            c.tickets_received = n(1)?;
            c.tickets_accepted = n(2)?;
            c.tickets_resolved = n(3)?;
            c.tickets_resolved_on_time = n(4)?;
            c.tickets_open = n(5)?;
            c.tickets_overdue = n(6)?;
        }
        Ok(counts)
    }
}
