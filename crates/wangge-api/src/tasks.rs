//! Screening tasks on the wire (issue 3): a batch of people split by address into one part
//! per grid, the outcome grid staff record per person, reassigning a part, and progress per
//! node rolled up the hierarchy.

use serde::{Deserialize, Serialize};

use crate::NodeRef;

/// What grid staff found when they looked for a person of a screening batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskOutcome {
    /// 已找到，在管控.
    FoundUnderControl,
    /// 已隔离.
    Isolated,
    /// 已离开本区.
    LeftDistrict,
    /// 查无此人.
    NotFound,
}

impl TaskOutcome {
    pub const ALL: [TaskOutcome; 4] =
        [TaskOutcome::FoundUnderControl, TaskOutcome::Isolated, TaskOutcome::LeftDistrict, TaskOutcome::NotFound];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskOutcome::FoundUnderControl => "found_under_control",
            TaskOutcome::Isolated => "isolated",
            TaskOutcome::LeftDistrict => "left_district",
            TaskOutcome::NotFound => "not_found",
        }
    }

    pub fn parse(text: &str) -> Option<TaskOutcome> {
        TaskOutcome::ALL.into_iter().find(|o| o.as_str() == text)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            TaskOutcome::FoundUnderControl => "已找到在管控",
            TaskOutcome::Isolated => "已隔离",
            TaskOutcome::LeftDistrict => "已离区",
            TaskOutcome::NotFound => "查无此人",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            TaskOutcome::FoundUnderControl => "Found, under control",
            TaskOutcome::Isolated => "Isolated",
            TaskOutcome::LeftDistrict => "Left the district",
            TaskOutcome::NotFound => "Not found",
        }
    }

    /// The name in a seat's language.
    pub fn label_in(self, language: crate::Language) -> &'static str {
        language.pick(self.label_zh(), self.label_en())
    }
}

/// One person of a screening batch as read from the uploaded list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningPerson {
    /// The line (CSV) or row (XLSX) of the list, for messages about the person.
    pub row: u64,
    pub name: String,
    pub id_number: String,
    pub address: String,
}

/// One part of a batch: a task owned by a unit (normally a grid).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskPart {
    pub task_id: i64,
    pub title: String,
    pub owner: NodeRef,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub deadline: i64,
    pub items: u64,
    /// Items with an outcome.
    pub done: u64,
    /// Past its deadline and not complete.
    pub overdue: bool,
    /// The part of the people whose address is in no register.
    pub unplaced: bool,
    /// Who checked the complete part for the community (社区核验), and when (Unix seconds).
    #[serde(default)]
    pub verified_by: Option<String>,
    #[serde(default)]
    pub verified_at: Option<i64>,
}

/// A person the import could not place, listed so that nobody is lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnplacedPerson {
    pub item_id: i64,
    pub row: u64,
    pub name: String,
    pub address: String,
}

/// One part as the import created it, with its items' ids in the order of the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportedPart {
    pub part: TaskPart,
    pub item_ids: Vec<i64>,
}

/// What `wangge task import --json` prints: every part the batch was split into.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningImported {
    pub batch: String,
    /// Unix seconds.
    pub deadline: i64,
    pub people: u64,
    pub placed: u64,
    /// One part per grid touched (by grid code), then the unplaced part if any.
    pub parts: Vec<ImportedPart>,
    pub unplaced: Vec<UnplacedPerson>,
}

/// An outcome recorded on one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeRecorded {
    pub item_id: i64,
    pub outcome: TaskOutcome,
    /// The outcome it replaced, when it corrected an earlier report.
    pub previous: Option<TaskOutcome>,
    /// Unix seconds.
    pub reported_at: i64,
    /// The item's part after the change.
    pub part: TaskPart,
}

/// A part moved to another unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskReassigned {
    pub from: NodeRef,
    pub reason: String,
    pub by: String,
    /// Unix seconds.
    pub at: i64,
    /// The part after the change (its owner is the new unit).
    pub part: TaskPart,
}

/// The additive task figures of one node. `items` counts placed people at their
/// micro-grid and unplaced people at their part's owner unit; `parts*` count each part at
/// its owner unit. A node's figures are what is attached to it plus the sum over its
/// children.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskFigures {
    pub items: u64,
    pub done: u64,
    pub found_under_control: u64,
    pub isolated: u64,
    pub left_district: u64,
    pub not_found: u64,
    pub unplaced_items: u64,
    pub parts: u64,
    pub parts_complete: u64,
    pub parts_overdue: u64,
    /// Parts checked by the community (社区核验).
    #[serde(default)]
    pub parts_verified: u64,
    /// done / items, in [0, 1]; `null` without items.
    pub completion_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChildTaskFigures {
    pub node: NodeRef,
    pub figures: TaskFigures,
}

/// What `wangge task progress --json` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskProgressReport {
    pub node: NodeRef,
    /// The batch the figures are limited to; `None`: every task.
    pub batch: Option<String>,
    /// Unix seconds: the instant the figures are as of.
    pub as_of: i64,
    pub figures: TaskFigures,
    pub children: Vec<ChildTaskFigures>,
    /// The overdue parts owned within the node, by deadline.
    pub overdue_parts: Vec<TaskPart>,
}

/// One batch (排查批次) as the batches view lists it, counted under the asking node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningBatch {
    pub title: String,
    /// Unix seconds: when its first part was created.
    pub created_at: i64,
    /// Unix seconds: the earliest deadline of its parts.
    pub deadline: i64,
    pub figures: TaskFigures,
}

/// Every batch with people or parts under a node, newest first (江干's list of batches).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningBatches {
    pub node: NodeRef,
    /// Unix seconds.
    pub as_of: i64,
    pub batches: Vec<ScreeningBatch>,
}

/// One person of a part, as the grid worker who looks for them sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningItem {
    pub item_id: i64,
    pub name: String,
    pub id_number: String,
    pub address: String,
    /// Where the address was placed, by name from the street down; `None` when unplaced.
    pub place: Option<String>,
    pub outcome: Option<TaskOutcome>,
    /// Unix seconds.
    pub reported_at: Option<i64>,
}

/// One part of a batch with the people of it that lie under the asked node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningPart {
    pub part: TaskPart,
    pub items: Vec<ScreeningItem>,
}

/// The parts of one batch under a node, for entering outcomes (roles that see people only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningWork {
    pub node: NodeRef,
    pub batch: String,
    pub parts: Vec<ScreeningPart>,
}

/// The desktop's screening import: a list file on this machine split into a new batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningImport {
    pub path: String,
    pub title: String,
    /// `YYYY-MM-DD`: the parts are due at the end of that day.
    pub deadline: String,
    /// `gbk` or `utf-8` for a CSV; detected when `None`.
    #[serde(default)]
    pub encoding: Option<String>,
    /// The worksheet of an XLSX file; the first when `None`.
    #[serde(default)]
    pub sheet: Option<String>,
}

/// Which node (the scope's root when `None`) and which batch (every batch when `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningQuery {
    pub node: Option<String>,
    pub batch: Option<String>,
}
