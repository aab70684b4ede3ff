//! Progress of screening tasks per node, and a part (task) as every answer shows it.

use wangge_api as api;
use wangge_domain::tasks::{self, batch_of, part_title, PartStatus, TaskCounts, UNPLACED_PART_NAME};
use wangge_domain::{Hierarchy, Language, NodeId, Scope, Task, Timestamp};

use crate::convert;
use crate::{Engine, EngineError};
use wangge_figures::say;

impl Engine {
    /// The task figures of a node (the scope's root when `node` is `None`) and of its
    /// children as of `now`, limited to one batch when `batch` names one, with the overdue
    /// parts owned within the node. Aggregates only, so every role may read them.
    pub fn task_progress(
        &self,
        scope: &Scope,
        node: Option<&str>,
        batch: Option<&str>,
        now: Timestamp,
    ) -> Result<api::TaskProgressReport, EngineError> {
        let id = self.node_in_scope(scope, node)?;
        let district = self.district();
        let hierarchy = &district.hierarchy;
        let batch = batch.map(str::trim).filter(|b| !b.is_empty());
        if let Some(batch) = batch {
            if !district.tasks.values().any(|t| batch_of(&t.title) == batch) {
                return Err(EngineError::NotFound(say!(scope.language, "排查批次“{batch}”", "Screening batch \"{batch}\"")));
            }
        }
        let include = |task: &Task| batch.is_none_or(|b| batch_of(&task.title) == b);
        let counts = tasks::progress(district, now, &include);
        let children = hierarchy
            .children(id)
            .iter()
            .map(|&child| api::ChildTaskFigures { node: convert::node_ref(hierarchy, child), figures: figures(&counts[child.index()]) })
            .collect();
        let mut overdue: Vec<(&Task, PartStatus)> = tasks::part_statuses(district, now, &include)
            .into_iter()
            .filter_map(|(task_id, status)| district.tasks.get(&task_id).map(|task| (task, status)))
            .filter(|(task, status)| {
                status.is_overdue(task, now) && hierarchy.id_of(&task.owner_unit).is_some_and(|owner| hierarchy.covers(id, owner))
            })
            .collect();
        overdue.sort_by_key(|(task, _)| (task.deadline, task.id));
        let overdue_parts = overdue.into_iter().map(|(task, status)| part_row(hierarchy, task, status, now)).collect::<Result<_, _>>()?;
        Ok(api::TaskProgressReport {
            node: convert::node_ref(hierarchy, id),
            batch: batch.map(str::to_owned),
            as_of: now.secs(),
            figures: figures(&counts[id.index()]),
            children,
            overdue_parts,
        })
    }

    /// Where one part stands as of `now`.
    pub(crate) fn part_status(&self, task_id: i64, now: Timestamp) -> PartStatus {
        let mut status = PartStatus::default();
        for item in self.district().task_items.values().filter(|item| item.task_id == task_id) {
            status.items += 1;
            status.done += u64::from(tasks::is_done_at(item, now));
        }
        status
    }

    /// A stored part as the answers show it; not found is said in `language`.
    pub(crate) fn part_row_of(&self, task_id: i64, now: Timestamp, language: Language) -> Result<api::TaskPart, EngineError> {
        let task = self
            .district()
            .tasks
            .get(&task_id)
            .ok_or_else(|| EngineError::NotFound(say!(language, "排查任务 {task_id} ", "Screening task {task_id}")))?;
        part_row(&self.district().hierarchy, task, self.part_status(task_id, now), now)
    }
}

/// A part (task) with its owner and where it stands.
pub(crate) fn part_row(hierarchy: &Hierarchy, task: &Task, status: PartStatus, now: Timestamp) -> Result<api::TaskPart, EngineError> {
    let owner: NodeId = hierarchy.id_of(&task.owner_unit).ok_or_else(|| EngineError::UnknownNode(task.owner_unit.0.clone()))?;
    Ok(api::TaskPart {
        task_id: task.id,
        title: task.title.clone(),
        owner: convert::node_ref(hierarchy, owner),
        created_at: task.created_at.secs(),
        deadline: task.deadline.secs(),
        items: status.items,
        done: status.done,
        overdue: status.is_overdue(task, now),
        unplaced: task.title == part_title(batch_of(&task.title), UNPLACED_PART_NAME),
        verified_by: task.verified.as_ref().filter(|v| v.at <= now).map(|v| v.by.clone()),
        verified_at: task.verified.as_ref().filter(|v| v.at <= now).map(|v| v.at.secs()),
    })
}

pub(crate) fn figures(counts: &TaskCounts) -> api::TaskFigures {
    api::TaskFigures {
        items: counts.items,
        done: counts.done,
        found_under_control: counts.found_under_control,
        isolated: counts.isolated,
        left_district: counts.left_district,
        not_found: counts.not_found,
        unplaced_items: counts.unplaced_items,
        parts: counts.parts,
        parts_complete: counts.parts_complete,
        parts_overdue: counts.parts_overdue,
        parts_verified: counts.parts_verified,
        completion_rate: counts.completion_rate(),
    }
}
