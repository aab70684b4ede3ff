//! Figures of every micro-grid counted by the database itself, with SQL aggregates.
//!
//! This is the second, independent path that `wangge verify` compares the engine's figures
//! against: the same definitions as the domain's `Counts::of_own_records`, written as SQL over
//! the stored rows rather than as Rust over loaded records. Each SQL expression sits next to
//! the name of the figure it counts, as declared once for every layer (`metrics::FIGURES`);
//! a test fails while a declared count has no expression here.

use std::collections::BTreeMap;

use sqlx::Row;
use wangge_domain::landlords::scoring_year_start;
use wangge_domain::metrics::MetricRules;
use wangge_domain::{Counts, Timestamp};

use crate::{Store, StoreError};

/// One aggregate query over one table: each figure it counts, named as declared
/// (`metrics::FIGURES`), with the SQL expression that counts it per micro-grid. A test checks
/// that the queries together count every declared count exactly once.
struct Recount {
    /// What is counted, for error messages.
    what: &'static str,
    /// The micro-grid column.
    place: &'static str,
    figures: &'static [(&'static str, &'static str)],
    /// The FROM and WHERE clauses.
    from: &'static str,
    /// What `$2` (and on) are, when the query has them (`$1` is always the instant).
    second: Second,
}

#[derive(Clone, Copy)]
enum Second {
    None,
    /// The start of the local day of the instant.
    Today,
    /// How late a follow-up may be done and still count as on time, in seconds.
    Grace,
    /// `$2` the start of the scoring year, `$3` the landlords' base score, `$4` the 红榜
    /// threshold (at or above), `$5` the 黑榜 threshold (at or below).
    Lists,
}

impl Recount {
    fn sql(&self) -> String {
        // PostgreSQL's SUM of BIGINT is NUMERIC, which the Any driver cannot read as i64: cast back.
        let columns: Vec<String> = self.figures.iter().map(|(name, expr)| format!("CAST({expr} AS BIGINT) AS {name}")).collect();
        format!("SELECT {place}, {} FROM {} GROUP BY {place}", columns.join(", "), self.from, place = self.place)
    }
}

const RECOUNTS: [Recount; 8] = [
    Recount {
        what: "isolations",
        place: "micro_grid",
        figures: &[
            ("isolations_active", "SUM(CASE WHEN started_at <= $1 AND (released_at IS NULL OR released_at > $1) THEN 1 ELSE 0 END)"),
            (
                "isolations_active_centralised",
                "SUM(CASE WHEN started_at <= $1 AND (released_at IS NULL OR released_at > $1) AND kind = 'centralised' THEN 1 ELSE 0 END)",
            ),
            (
                "isolations_active_home",
                "SUM(CASE WHEN started_at <= $1 AND (released_at IS NULL OR released_at > $1) AND kind = 'home' THEN 1 ELSE 0 END)",
            ),
            (
                "isolations_active_home_observation",
                "SUM(CASE WHEN started_at <= $1 AND (released_at IS NULL OR released_at > $1) AND kind = 'home_observation' THEN 1 ELSE 0 END)",
            ),
            ("isolations_new_today", "SUM(CASE WHEN started_at >= $2 AND started_at <= $1 THEN 1 ELSE 0 END)"),
            ("isolations_released_today", "SUM(CASE WHEN released_at >= $2 AND released_at <= $1 THEN 1 ELSE 0 END)"),
        ],
        from: "isolations",
        second: Second::Today,
    },
    // Slots of active isolations past their grace period: all of them are due; overdue when
    // not done by now; done on time when done within the grace period with the person seen.
    Recount {
        what: "follow-ups",
        place: "i.micro_grid",
        figures: &[
            ("follow_ups_overdue", "SUM(CASE WHEN f.done_at IS NULL OR f.done_at > $1 THEN 1 ELSE 0 END)"),
            ("follow_ups_due", "COUNT(*)"),
            (
                "follow_ups_done_on_time",
                "SUM(CASE WHEN f.done_at <= $1 AND f.done_at <= f.due_at + $2 AND f.result IN ('seen_well', 'seen_unwell') THEN 1 ELSE 0 END)",
            ),
        ],
        from: "follow_ups f JOIN isolations i ON i.id = f.isolation_id \
               WHERE i.started_at <= $1 AND (i.released_at IS NULL OR i.released_at > $1) AND f.due_at + $2 < $1",
        second: Second::Grace,
    },
    Recount {
        what: "residents",
        place: "h.micro_grid",
        figures: &[("residents", "COUNT(*)")],
        from: "people p JOIN houses h ON h.id = p.house_id",
        second: Second::None,
    },
    Recount {
        what: "enterprises",
        place: "micro_grid",
        figures: &[
            ("enterprises_total", "COUNT(*)"),
            ("enterprises_resumed", "SUM(CASE WHEN status <> 'not_resumed' AND resumed_at <= $1 THEN 1 ELSE 0 END)"),
            ("enterprises_above_size", "SUM(above_designated_size)"),
            (
                "enterprises_above_size_resumed",
                "SUM(CASE WHEN above_designated_size = 1 AND status <> 'not_resumed' AND resumed_at <= $1 THEN 1 ELSE 0 END)",
            ),
            ("workers_total", "SUM(headcount)"),
            ("workers_back", "SUM(CASE WHEN status <> 'not_resumed' AND resumed_at <= $1 THEN workers_back ELSE 0 END)"),
        ],
        from: "enterprises",
        second: Second::None,
    },
    Recount {
        what: "tickets",
        place: "micro_grid",
        figures: &[
            ("tickets_received", "COUNT(*)"),
            ("tickets_accepted", "SUM(CASE WHEN accepted_at <= $1 THEN 1 ELSE 0 END)"),
            ("tickets_resolved", "SUM(CASE WHEN resolved_at <= $1 THEN 1 ELSE 0 END)"),
            ("tickets_resolved_on_time", "SUM(CASE WHEN resolved_at <= $1 AND resolved_at <= deadline THEN 1 ELSE 0 END)"),
            ("tickets_open", "SUM(CASE WHEN resolved_at IS NULL OR resolved_at > $1 THEN 1 ELSE 0 END)"),
            (
                "tickets_overdue",
                "SUM(CASE WHEN (resolved_at IS NULL OR resolved_at > $1) AND deadline < $1 AND status <> 'suspended' THEN 1 ELSE 0 END)",
            ),
        ],
        from: "tickets WHERE received_at <= $1 AND micro_grid IS NOT NULL",
        second: Second::None,
    },
    // A let house has its rooms (NULL: not let); its tenants are the people registered there
    // but its landlord.
    Recount {
        what: "let houses",
        place: "micro_grid",
        figures: &[("rental_houses", "COUNT(*)"), ("rental_rooms", "SUM(rental_rooms)")],
        from: "houses WHERE rental_rooms IS NOT NULL",
        second: Second::None,
    },
    Recount {
        what: "tenants",
        place: "h.micro_grid",
        figures: &[("tenants", "COUNT(*)")],
        from: "people p JOIN houses h ON h.id = p.house_id \
               WHERE h.rental_rooms IS NOT NULL AND (h.landlord_id IS NULL OR h.landlord_id <> p.id)",
        second: Second::None,
    },
    // Each let house with a landlord, by the landlord's score: the base plus the points of the
    // scoring year's marks up to the instant.
    Recount {
        what: "landlords' lists",
        place: "h.micro_grid",
        figures: &[
            ("landlords_red_listed", "SUM(CASE WHEN CAST($3 AS BIGINT) + COALESCE(s.points, 0) >= CAST($4 AS BIGINT) THEN 1 ELSE 0 END)"),
            ("landlords_black_listed", "SUM(CASE WHEN CAST($3 AS BIGINT) + COALESCE(s.points, 0) <= CAST($5 AS BIGINT) THEN 1 ELSE 0 END)"),
        ],
        from: "houses h LEFT JOIN (SELECT landlord_id, CAST(SUM(points) AS BIGINT) AS points FROM landlord_marks \
               WHERE recorded_at >= $2 AND recorded_at <= $1 GROUP BY landlord_id) s ON s.landlord_id = h.landlord_id \
               WHERE h.rental_rooms IS NOT NULL AND h.landlord_id IS NOT NULL",
        second: Second::Lists,
    },
];

impl Store {
    /// The counts of every micro-grid that has records, as of `now`, by micro-grid code.
    pub async fn recount_micro_grids(&self, at: Timestamp, rules: &MetricRules) -> Result<BTreeMap<String, Counts>, StoreError> {
        let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
        let today = at.local_day_start().secs();
        let now = at.secs();
        let lists = rules.landlords;
        for recount in &RECOUNTS {
            let sql = recount.sql();
            let query = sqlx::query(&sql).bind(now);
            let query = match recount.second {
                Second::None => query,
                Second::Today => query.bind(today),
                Second::Grace => query.bind(rules.follow_up_grace_secs),
                Second::Lists => query
                    .bind(scoring_year_start(at).secs())
                    .bind(i64::from(lists.base))
                    .bind(i64::from(lists.red_at_least))
                    .bind(i64::from(lists.black_at_most)),
            };
            let rows = query.fetch_all(&self.pool).await.map_err(StoreError::db(format!("recounting {}", recount.what)))?;
            let reading = format!("reading {} counts", recount.what);
            for row in rows {
                let c = counts.entry(row.try_get(0).map_err(StoreError::db(&reading))?).or_default();
                for (i, (name, _)) in recount.figures.iter().enumerate() {
                    let value = row.try_get::<i64, _>(i + 1).map_err(StoreError::db(&reading))?;
                    *c.get_mut(name).expect("every recounted figure is a declared count: see the test below") = value as u64;
                }
            }
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use wangge_domain::metrics::FIGURES;

    use super::*;

    #[test]
    fn every_declared_count_is_recounted_exactly_once() {
        let mut recounted: Vec<&str> = RECOUNTS.iter().flat_map(|r| r.figures.iter().map(|(name, _)| *name)).collect();
        recounted.sort_unstable();
        let mut declared: Vec<&str> = FIGURES.iter().filter(|f| f.adds_up()).map(|f| f.name).collect();
        declared.sort_unstable();
        assert_eq!(recounted, declared, "the SQL recount must count every count of the declaration, once");
    }

    #[test]
    fn each_query_selects_the_place_then_its_figures_by_name() {
        let sql = RECOUNTS[3].sql();
        assert_eq!(
            sql,
            "SELECT micro_grid, CAST(COUNT(*) AS BIGINT) AS enterprises_total, \
             CAST(SUM(CASE WHEN status <> 'not_resumed' AND resumed_at <= $1 THEN 1 ELSE 0 END) AS BIGINT) AS enterprises_resumed, \
             CAST(SUM(above_designated_size) AS BIGINT) AS enterprises_above_size, \
             CAST(SUM(CASE WHEN above_designated_size = 1 AND status <> 'not_resumed' AND resumed_at <= $1 THEN 1 ELSE 0 END) AS BIGINT) \
             AS enterprises_above_size_resumed, \
             CAST(SUM(headcount) AS BIGINT) AS workers_total, \
             CAST(SUM(CASE WHEN status <> 'not_resumed' AND resumed_at <= $1 THEN workers_back ELSE 0 END) AS BIGINT) AS workers_back \
             FROM enterprises GROUP BY micro_grid"
        );
    }
}
