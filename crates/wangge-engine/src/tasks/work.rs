//! Working a batch: grid staff record what they found for one person, and commanders move
//! a part to another unit (改派).

use wangge_api as api;
use wangge_domain::{Change, Scope, Timestamp};

use super::{outcome_from_api, outcome_to_api};
use crate::error::require_commander;
use crate::{Engine, EngineError};

impl Engine {
    /// Records what the grid staff found for one person, as of `now`; a second report
    /// corrects the first. The scope must cover the item's micro-grid (for an unplaced
    /// person, the part's owner unit) and may not be a wall screen.
    pub async fn record_outcome(
        &mut self,
        scope: &Scope,
        item_id: i64,
        outcome: api::TaskOutcome,
        now: Timestamp,
    ) -> Result<api::OutcomeRecorded, EngineError> {
        self.sync(now).await?;
        let mut item =
            self.district().task_items.get(&item_id).cloned().ok_or_else(|| EngineError::NotFound(format!("task item {item_id}")))?;
        let previous = item.outcome.map(outcome_to_api);
        item.outcome = Some(outcome_from_api(outcome));
        item.reported_at = Some(now);
        let task_id = item.task_id;
        // The commit checks the scope against the item's place (`District::nodes_of`).
        self.commit(scope, Change::TaskItem(item), now).await?;
        Ok(api::OutcomeRecorded { item_id, outcome, previous, reported_at: now.secs(), part: self.part_row_of(task_id, now)? })
    }

    /// 改派: moves a part to another unit, with a reason. Commanders only; both the part's
    /// current owner and `to_unit` must lie within the scope. The items keep their places,
    /// so their outcomes are still recorded by whoever covers their micro-grids.
    pub async fn reassign_task(
        &mut self,
        scope: &Scope,
        task_id: i64,
        to_unit: &str,
        reason: &str,
        now: Timestamp,
    ) -> Result<api::TaskReassigned, EngineError> {
        require_commander(scope, "reassign task parts")?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(EngineError::InvalidInput("reason: a reassignment needs a reason".into()));
        }
        self.sync(now).await?;
        let hierarchy = &self.district().hierarchy;
        let mut task = self.district().tasks.get(&task_id).cloned().ok_or_else(|| EngineError::NotFound(format!("task {task_id}")))?;
        let from = hierarchy.id_of(&task.owner_unit).ok_or_else(|| EngineError::UnknownNode(task.owner_unit.0.clone()))?;
        // The commit checks only the new owner: the part must also be this commander's now.
        scope.check_write(hierarchy, from)?;
        let to_code = to_unit.trim();
        let to = hierarchy.id(to_code).ok_or_else(|| EngineError::UnknownNode(to_code.to_owned()))?;
        scope.check_write(hierarchy, to)?;
        if to == from {
            return Err(EngineError::InvalidInput(format!("to: task {task_id} is already owned by {to_code}")));
        }
        let from_ref = crate::convert::node_ref(hierarchy, from);
        task.owner_unit = hierarchy.node(to).code.clone();
        self.commit_because(scope, Change::Task(task), reason, now).await?;
        Ok(api::TaskReassigned {
            from: from_ref,
            reason: reason.to_owned(),
            by: scope.account.clone(),
            at: now.secs(),
            part: self.part_row_of(task_id, now)?,
        })
    }
}
