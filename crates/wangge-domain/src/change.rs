//! Changes to a district's records and hierarchy: what the change log stores and live seats
//! replay.

use serde::{Deserialize, Serialize};

use crate::hierarchy::Node;
use crate::records::{Enterprise, FollowUp, House, Isolation, LandlordMark, Person, Task, TaskItem, Ticket};
use crate::time::Timestamp;

/// One committed change: the record as it stands after the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "snake_case")]
pub enum Change {
    House(House),
    Person(Person),
    Isolation(Isolation),
    FollowUp(FollowUp),
    Enterprise(Enterprise),
    Ticket(Ticket),
    Task(Task),
    TaskItem(TaskItem),
    /// A landlord's scoring event (房东十二分制).
    LandlordMark(LandlordMark),
    /// A node of the hierarchy as it stands after a boundary import: a new node under an
    /// existing parent, a new figure (boundary, name) from its `valid_from`, or a retirement
    /// (`valid_to` set). Nodes are keyed by code, not by id: [`Change::entity_id`] is 0.
    Node(Node),
}

impl Change {
    /// The stable name of the kind of record changed, as stored in the change log.
    pub fn entity(&self) -> &'static str {
        match self {
            Change::House(_) => "house",
            Change::Person(_) => "person",
            Change::Isolation(_) => "isolation",
            Change::FollowUp(_) => "follow_up",
            Change::Enterprise(_) => "enterprise",
            Change::Ticket(_) => "ticket",
            Change::Task(_) => "task",
            Change::TaskItem(_) => "task_item",
            Change::LandlordMark(_) => "landlord_mark",
            Change::Node(_) => "node",
        }
    }

    /// The same change with the record's id replaced: the store gives new records their id.
    pub fn with_entity_id(mut self, id: i64) -> Change {
        match &mut self {
            Change::House(r) => r.id = id,
            Change::Person(r) => r.id = id,
            Change::Isolation(r) => r.id = id,
            Change::FollowUp(r) => r.id = id,
            Change::Enterprise(r) => r.id = id,
            Change::Ticket(r) => r.id = id,
            Change::Task(r) => r.id = id,
            Change::TaskItem(r) => r.id = id,
            Change::LandlordMark(r) => r.id = id,
            // A node's key is its code; the store never numbers nodes.
            Change::Node(_) => {}
        }
        self
    }

    pub fn entity_id(&self) -> i64 {
        match self {
            Change::House(r) => r.id,
            Change::Person(r) => r.id,
            Change::Isolation(r) => r.id,
            Change::FollowUp(r) => r.id,
            Change::Enterprise(r) => r.id,
            Change::Ticket(r) => r.id,
            Change::Task(r) => r.id,
            Change::TaskItem(r) => r.id,
            Change::LandlordMark(r) => r.id,
            Change::Node(_) => 0,
        }
    }
}

/// A change as read back from the log, with its place in the sequence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeRecord {
    /// Strictly increasing across the whole district; a seat catches up from its last one.
    pub seq: i64,
    pub at: Timestamp,
    /// The account that made the change.
    pub actor: String,
    pub change: Change,
}
