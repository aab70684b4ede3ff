//! Colour-graded warnings (四色预警, with 金华's 浅黄 early warning below yellow) on the wire: a node's level with the reason a rule gave,
//! the levels of a node's children, and level changes as events.

use serde::{Deserialize, Serialize};

use crate::NodeRef;

/// A warning level, least severe first (so `Ord` compares severity).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningLevel {
    #[default]
    Green,
    /// 浅黄色预警: early warning, below yellow.
    LightYellow,
    Yellow,
    Orange,
    Red,
}

impl WarningLevel {
    /// Most severe first, as a legend lists them.
    pub const ALL: [WarningLevel; 5] =
        [WarningLevel::Red, WarningLevel::Orange, WarningLevel::Yellow, WarningLevel::LightYellow, WarningLevel::Green];

    pub fn as_str(self) -> &'static str {
        match self {
            WarningLevel::Green => "green",
            WarningLevel::LightYellow => "light_yellow",
            WarningLevel::Yellow => "yellow",
            WarningLevel::Orange => "orange",
            WarningLevel::Red => "red",
        }
    }

    /// The Chinese name a commander reads.
    pub fn label_zh(self) -> &'static str {
        match self {
            WarningLevel::Red => "红色预警",
            WarningLevel::Orange => "橙色预警",
            WarningLevel::Yellow => "黄色预警",
            WarningLevel::LightYellow => "浅黄色预警",
            WarningLevel::Green => "绿色",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            WarningLevel::Red => "Red alert",
            WarningLevel::Orange => "Orange alert",
            WarningLevel::Yellow => "Yellow alert",
            WarningLevel::LightYellow => "Light-yellow alert",
            WarningLevel::Green => "Green",
        }
    }

    /// The name in a seat's language.
    pub fn label_in(self, language: crate::Language) -> &'static str {
        language.pick(self.label_zh(), self.label_en())
    }

    /// The fill colour of an area at this level, `#rrggbb`.
    pub fn colour_hex(self) -> &'static str {
        match self {
            WarningLevel::Red => "#d9363e",
            WarningLevel::Orange => "#f27c22",
            WarningLevel::Yellow => "#f5c518",
            WarningLevel::LightYellow => "#efe38a",
            WarningLevel::Green => "#3aa655",
        }
    }
}

/// One node's level and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeWarning {
    pub node: NodeRef,
    pub level: WarningLevel,
    /// The rule that matched and the figure's value, in the seat's language; `None` when green.
    pub reason: Option<String>,
}

/// How many of a node's children stand at each level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningCounts {
    pub red: u64,
    pub orange: u64,
    pub yellow: u64,
    #[serde(default)]
    pub light_yellow: u64,
    pub green: u64,
}

/// What `wangge warnings --json` prints: a node's level and its children's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningsView {
    pub focus: NodeWarning,
    /// Children current at the last full recomputation, in hierarchy order.
    pub children: Vec<NodeWarning>,
    pub counts: WarningCounts,
    /// The change-log sequence number these levels include.
    pub seq: i64,
}

/// A node's warning levels day by day (预警记录): the level each day ended at, oldest first,
/// the last being today up to now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningHistory {
    pub node: NodeRef,
    pub days: Vec<WarningDay>,
}

/// The level a node stood at when one day ended (today: now), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningDay {
    /// `YYYY-MM-DD`, local.
    pub date: String,
    pub level: WarningLevel,
    /// The rule that matched with the figure's value, in the seat's language; `None` when green.
    pub reason: Option<String>,
}

/// A node's level changed: an event with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningChange {
    /// Increasing within one engine's life; ask for changes after the last one seen.
    pub id: u64,
    pub node: NodeRef,
    pub from: WarningLevel,
    pub to: WarningLevel,
    /// The rule that now matches and the figure's value, or, when the node turns green,
    /// what no longer holds: in the seat's language.
    pub reason: String,
    /// The same in English, for the seats that read it (the change is made once for every
    /// seat; each is given its own language's in `reason`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason_en: String,
    /// Unix seconds.
    pub at: i64,
    /// The codes of the node's ancestors, its parent first: a seat shows the change only
    /// when the node lies in the part it is looking at.
    #[serde(default)]
    pub ancestors: Vec<String>,
}

/// Level changes after a given id, within the caller's scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningChanges {
    /// The id of the last change recorded (in any scope); pass it next time.
    pub last: u64,
    /// Some changes after the asked id were dropped from the bounded list.
    pub truncated: bool,
    pub changes: Vec<WarningChange>,
}
