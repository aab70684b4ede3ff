//! Importing a screening batch: every person placed by exact address through the house
//! register, the batch split into one part per grid plus the unplaced part, and every part
//! and item created in one transaction. Refusals are worded in the seat's language.

use wangge_api as api;
use wangge_domain::tasks::{batch_of, part_title, split_batch, PartStatus, TITLE_SEPARATOR, UNPLACED_PART_NAME};
use wangge_domain::{Change, NodeId, Scope, Task, TaskItem, Timestamp};

use super::progress::part_row;
use crate::houses::HouseIndex;
use crate::{Engine, EngineError};
use wangge_figures::say;

/// How many out-of-scope people an import refusal names before it only counts them.
const NAMED_IN_REFUSAL: usize = 3;

impl Engine {
    /// A list file on this machine made a batch: read (CSV in UTF-8 or GBK, or XLSX; every
    /// row or none), then [`Engine::import_screening`]. What `wangge task import` and the
    /// desktop's 导入排查名单 both call; each reads the deadline its own way.
    #[allow(clippy::too_many_arguments)] // the import's own options, each named by the caller
    pub async fn import_screening_file(
        &mut self,
        scope: &Scope,
        path: &std::path::Path,
        title: &str,
        deadline: Timestamp,
        encoding: Option<&str>,
        sheet: Option<&str>,
        now: Timestamp,
    ) -> Result<api::ScreeningImported, EngineError> {
        let label = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| EngineError::InvalidInput(format!("{label}: {e}")))?;
        let people = super::read_screening_in(&bytes, &label, encoding, sheet, scope.language)?;
        self.import_screening(scope, title, deadline, &people, now).await
    }

    /// Splits a screening batch titled `title` into one part per grid, each due at
    /// `deadline`, and creates every part and item at once, or nothing. A person whose
    /// address matches a house exactly (trimmed; the lowest house id among equal
    /// addresses) goes to the part of that house's grid, with the house's micro-grid; anyone
    /// else goes to the unplaced part, owned by the scope's root node. Refused, with nothing
    /// stored, when a batch of that title exists, when the deadline has passed, or when a
    /// person's house lies outside the scope.
    pub async fn import_screening(
        &mut self,
        scope: &Scope,
        title: &str,
        deadline: Timestamp,
        people: &[api::ScreeningPerson],
        now: Timestamp,
    ) -> Result<api::ScreeningImported, EngineError> {
        let batch = title.trim();
        if batch.is_empty() {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "批次名称：排查批次需要一个名称",
                "Batch name: a screening batch needs a name"
            )));
        }
        if batch.contains(TITLE_SEPARATOR) {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "批次名称“{batch}”含有“{TITLE_SEPARATOR}”，这个符号用来分隔批次和其下的任务，请换一个名称",
                "Batch name \"{batch}\" contains \"{TITLE_SEPARATOR}\", which separates a batch from its tasks: choose another name"
            )));
        }
        if people.is_empty() {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "名单里没有人，未导入任何内容",
                "The list has no one in it; nothing was imported"
            )));
        }
        if deadline <= now {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "截止时间 {deadline} 已经过去",
                "The deadline {deadline} has passed"
            )));
        }
        {
            let hierarchy = &self.district().hierarchy;
            scope.check_write(hierarchy, scope.root_id(hierarchy)?)?;
        }
        self.sync(now).await?;

        let district = self.district();
        let hierarchy = &district.hierarchy;
        if let Some(existing) = district.tasks.values().filter(|t| batch_of(&t.title) == batch).min_by_key(|t| t.id) {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "批次“{batch}”已存在（任务 {}），未导入任何内容",
                "Batch \"{batch}\" already exists (task {}); nothing was imported",
                existing.id
            )));
        }
        let root = scope.root_id(hierarchy)?;
        let houses = HouseIndex::new(district, true);
        let places: Vec<Option<NodeId>> =
            people.iter().map(|person| houses.by_address(&person.address).and_then(|house| hierarchy.id_of(&house.micro_grid))).collect();
        let outside: Vec<String> = places
            .iter()
            .zip(people)
            .filter(|(place, _)| place.is_some_and(|node| !hierarchy.covers(root, node)))
            .map(|(_, person)| say!(scope.language, "第 {} 行（{}）", "row {} ({})", person.row, person.address.trim()))
            .collect();
        if !outside.is_empty() {
            let named = outside.iter().take(NAMED_IN_REFUSAL).cloned().collect::<Vec<_>>().join(scope.language.pick("、", ", "));
            let more = outside.len().saturating_sub(NAMED_IN_REFUSAL);
            let more = if more > 0 { say!(scope.language, " 等，另有 {more} 人", " and {more} more") } else { String::new() };
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "{} 人住在账号 {} 的管辖范围（{}）外：{named}{more}，未导入任何内容",
                "{} people live outside the area of account {} ({}): {named}{more}; nothing was imported",
                outside.len(),
                scope.account,
                scope.root
            )));
        }

        let parts = split_batch(hierarchy, &places, root);
        let mut changes = Vec::with_capacity(parts.len() + people.len());
        for part in &parts {
            let owner = hierarchy.node(part.owner);
            let name = if part.unplaced { UNPLACED_PART_NAME } else { owner.name.as_str() };
            changes.push(Change::Task(Task {
                id: 0,
                title: part_title(batch, name),
                owner_unit: owner.code.clone(),
                created_at: now,
                deadline,
                verified: None,
                version: 0,
            }));
            // The store resolves -k to the id it gives the k-th change of this batch.
            let task_ref = -(changes.len() as i64);
            for &index in &part.members {
                let person = &people[index];
                changes.push(Change::TaskItem(TaskItem {
                    id: 0,
                    task_id: task_ref,
                    person_name: person.name.trim().to_owned(),
                    id_number: person.id_number.trim().to_owned(),
                    address: person.address.trim().to_owned(),
                    micro_grid: places[index].filter(|_| !part.unplaced).map(|node| hierarchy.node(node).code.clone()),
                    outcome: None,
                    reported_at: None,
                    version: 0,
                }));
            }
        }

        let stored = self.create_all(scope, changes, now).await?;

        let hierarchy = &self.district().hierarchy;
        let mut stored = stored.into_iter();
        let mut report = api::ScreeningImported {
            batch: batch.to_owned(),
            deadline: deadline.secs(),
            people: people.len() as u64,
            placed: 0,
            parts: Vec::with_capacity(parts.len()),
            unplaced: Vec::new(),
        };
        for part in &parts {
            let Some(Change::Task(task)) = stored.next() else {
                return Err(out_of_order());
            };
            let mut item_ids = Vec::with_capacity(part.members.len());
            for &index in &part.members {
                let Some(Change::TaskItem(item)) = stored.next() else {
                    return Err(out_of_order());
                };
                item_ids.push(item.id);
                let person = &people[index];
                if part.unplaced {
                    report.unplaced.push(api::UnplacedPerson {
                        item_id: item.id,
                        row: person.row,
                        name: item.person_name,
                        address: item.address,
                    });
                } else {
                    report.placed += 1;
                }
            }
            let status = PartStatus { items: item_ids.len() as u64, done: 0 };
            report.parts.push(api::ImportedPart { part: part_row(hierarchy, &task, status, now)?, item_ids });
        }
        Ok(report)
    }
}

/// The store gives the records back in the order they were given; anything else is a bug.
fn out_of_order() -> EngineError {
    EngineError::Store(wangge_store::StoreError::Corrupt { what: "the created batch came back out of order".into() })
}
