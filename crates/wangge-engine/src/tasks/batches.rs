//! Batches as the app shows them: every batch under a node with its figures (aggregates, for
//! every role), and one batch's parts with their people for the grid staff who enter the
//! outcomes (roles that see people, each person within the scope only).

use std::collections::BTreeMap;

use wangge_api as api;
use wangge_domain::tasks::{self, batch_of};
use wangge_domain::{Scope, Task, Timestamp};

use super::outcome_to_api;
use super::progress::{figures, part_row};
use crate::convert;
use crate::{Engine, EngineError};
use wangge_figures::say;

impl Engine {
    /// Every batch with people or parts under `node` (the scope's root when `None`), newest
    /// first, each with its figures at the node as of `now`.
    pub fn screening_batches(&self, scope: &Scope, node: Option<&str>, now: Timestamp) -> Result<api::ScreeningBatches, EngineError> {
        let id = self.node_in_scope(scope, node)?;
        let district = self.district();
        let mut dates: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
        for task in district.tasks.values().filter(|t| t.created_at <= now) {
            let (created, due) = dates.entry(batch_of(&task.title)).or_insert((i64::MAX, i64::MAX));
            *created = (*created).min(task.created_at.secs());
            *due = (*due).min(task.deadline.secs());
        }
        let mut batches: Vec<api::ScreeningBatch> = tasks::batch_counts_under(district, id, now)
            .into_iter()
            .filter(|(_, counts)| counts.items > 0 || counts.parts > 0)
            .map(|(title, counts)| {
                let (created_at, deadline) = dates.get(title.as_str()).copied().unwrap_or_default();
                api::ScreeningBatch { title, created_at, deadline, figures: figures(&counts) }
            })
            .collect();
        batches.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.title.cmp(&b.title)));
        Ok(api::ScreeningBatches { node: convert::node_ref(&district.hierarchy, id), as_of: now.secs(), batches })
    }

    /// The parts of `batch` that hold people under `node`, with those people (within the
    /// scope) and their outcomes, for entering what was found. Roles without personal data
    /// are refused: these are names and ID numbers.
    pub fn screening_work(
        &self,
        scope: &Scope,
        node: Option<&str>,
        batch: &str,
        now: Timestamp,
    ) -> Result<api::ScreeningWork, EngineError> {
        scope.may_see_personal_data()?;
        let id = self.node_in_scope(scope, node)?;
        let district = self.district();
        let hierarchy = &district.hierarchy;
        let root = scope.root_id(hierarchy)?;
        let batch = batch.trim();
        let parts: BTreeMap<i64, &Task> = district.tasks.values().filter(|t| batch_of(&t.title) == batch).map(|t| (t.id, t)).collect();
        if parts.is_empty() {
            return Err(EngineError::NotFound(say!(scope.language, "排查批次“{batch}”", "Screening batch \"{batch}\"")));
        }
        let mut items_by_part: BTreeMap<i64, Vec<api::ScreeningItem>> = BTreeMap::new();
        for item in district.task_items.values() {
            let Some(task) = parts.get(&item.task_id) else { continue };
            let place = match &item.micro_grid {
                Some(code) => hierarchy.id_of(code),
                None => hierarchy.id_of(&task.owner_unit),
            };
            let Some(place) = place.filter(|&p| hierarchy.covers(id, p) && hierarchy.covers(root, p)) else { continue };
            items_by_part.entry(item.task_id).or_default().push(api::ScreeningItem {
                item_id: item.id,
                name: item.person_name.clone(),
                id_number: item.id_number.clone(),
                address: item.address.clone(),
                place: item.micro_grid.as_ref().map(|_| convert::place_names(hierarchy, place)),
                outcome: item.outcome.map(outcome_to_api),
                reported_at: item.reported_at.map(Timestamp::secs),
            });
        }
        let statuses = tasks::part_statuses(district, now, &|task: &Task| batch_of(&task.title) == batch);
        let parts = items_by_part
            .into_iter()
            .map(|(task_id, mut items)| {
                items.sort_by_key(|i| i.item_id);
                let task = parts[&task_id];
                let status = statuses.get(&task_id).copied().unwrap_or_default();
                Ok(api::ScreeningPart { part: part_row(hierarchy, task, status, now)?, items })
            })
            .collect::<Result<Vec<_>, EngineError>>()?;
        Ok(api::ScreeningWork { node: convert::node_ref(hierarchy, id), batch: batch.to_owned(), parts })
    }
}
