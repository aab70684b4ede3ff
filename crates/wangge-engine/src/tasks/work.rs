//! Working a batch: grid staff record what they found for one person, and commanders move
//! a part to another unit (改派). Refusals are worded in the seat's language.

use wangge_api as api;
use wangge_domain::{Change, Level, Role, Scope, Timestamp, Verification};

use super::{outcome_from_api, outcome_to_api};
use crate::error::require_commander;
use crate::{Engine, EngineError};
use wangge_figures::say;

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
        let mut item = self
            .district()
            .task_items
            .get(&item_id)
            .cloned()
            .ok_or_else(|| EngineError::NotFound(say!(scope.language, "排查对象 {item_id} ", "Screening person {item_id}")))?;
        let previous = item.outcome.map(outcome_to_api);
        item.outcome = Some(outcome_from_api(outcome));
        item.reported_at = Some(now);
        let task_id = item.task_id;
        // The commit checks the scope against the item's place (`District::nodes_of`).
        self.commit(scope, Change::TaskItem(item), now).await?;
        Ok(api::OutcomeRecorded {
            item_id,
            outcome,
            previous,
            reported_at: now.secs(),
            part: self.part_row_of(task_id, now, scope.language)?,
        })
    }

    /// 社区核验: the community checks a complete part and signs it off. Leaders and commanders
    /// whose scope covers the part's owner from the community up (a grid's own staff do not
    /// check their own work); every person of the part must have an outcome; a part is checked
    /// once.
    pub async fn verify_part(&mut self, scope: &Scope, task_id: i64, now: Timestamp) -> Result<api::TaskPart, EngineError> {
        scope.may_change()?;
        if !matches!(scope.role, Role::Commander | Role::Leader) {
            return Err(EngineError::Forbidden(say!(
                scope.language,
                "账号 {} 不能核验排查任务：核验由社区负责人或指挥长进行",
                "Account {} cannot verify screening tasks: a community leader or a commander verifies them",
                scope.account
            )));
        }
        self.sync(now).await?;
        let hierarchy = &self.district().hierarchy;
        let root = scope.root_id(hierarchy)?;
        if hierarchy.node(root).level > Level::Community {
            return Err(EngineError::Forbidden(say!(
                scope.language,
                "账号 {} 在网格一级，核验须由社区或以上进行",
                "Account {} is at grid level: verifying is done by a community or above",
                scope.account
            )));
        }
        let mut task = self.task_to_change(scope, task_id)?;
        let owner = hierarchy.id_of(&task.owner_unit).ok_or_else(|| EngineError::UnknownNode(task.owner_unit.0.clone()))?;
        scope.check_write(hierarchy, owner)?;
        if task.verified.is_some() {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "task: 任务 {} 已核验",
                "task: task {} is already verified",
                task.title
            )));
        }
        let status = self.part_status(task_id, now);
        if !status.is_complete() {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "task: 任务 {} 还有 {} 人未反馈结果，不能核验",
                "task: task {} still has {} people without an outcome; it cannot be verified",
                task.title,
                status.items - status.done
            )));
        }
        task.verified = Some(Verification { by: scope.account.clone(), at: now });
        self.commit(scope, Change::Task(task), now).await?;
        self.part_row_of(task_id, now, scope.language)
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
        require_commander(scope, scope.language.pick("改派排查任务", "reassign screening tasks"))?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "改派理由：改派须写明理由",
                "Reason: a reassignment needs a reason"
            )));
        }
        self.sync(now).await?;
        let hierarchy = &self.district().hierarchy;
        let mut task = self.task_to_change(scope, task_id)?;
        let from = hierarchy.id_of(&task.owner_unit).ok_or_else(|| EngineError::UnknownNode(task.owner_unit.0.clone()))?;
        // The commit checks only the new owner: the part must also be this commander's now.
        scope.check_write(hierarchy, from)?;
        let to_code = to_unit.trim();
        let to = hierarchy.id(to_code).ok_or_else(|| EngineError::UnknownNode(to_code.to_owned()))?;
        scope.check_write(hierarchy, to)?;
        if to == from {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "改派到：排查任务 {task_id} 已由 {to_code} 负责",
                "Reassign to: screening task {task_id} is already with {to_code}"
            )));
        }
        let from_ref = crate::convert::node_ref(hierarchy, from);
        task.owner_unit = hierarchy.node(to).code.clone();
        self.commit_because(scope, Change::Task(task), reason, now).await?;
        Ok(api::TaskReassigned {
            from: from_ref,
            reason: reason.to_owned(),
            by: scope.account.clone(),
            at: now.secs(),
            part: self.part_row_of(task_id, now, scope.language)?,
        })
    }

    /// A part as stored, to change; not found is said in the seat's language.
    fn task_to_change(&self, scope: &Scope, task_id: i64) -> Result<wangge_domain::Task, EngineError> {
        self.district()
            .tasks
            .get(&task_id)
            .cloned()
            .ok_or_else(|| EngineError::NotFound(say!(scope.language, "排查任务 {task_id} ", "Screening task {task_id}")))
    }
}
