//! Rental housing and the 房东十二分制: the 红黑榜 of a node, one landlord's scoring record,
//! and a scoring event as a seat records it. Standings and duties are worded in the seat's
//! language; the rule file's items are the street's own words.

use serde::{Deserialize, Serialize};

use crate::NodeRef;

/// The 红黑榜's question: landlords letting under a node, optionally one standing only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RentalQuery {
    /// The node (the scope's root when `None`).
    pub node: Option<String>,
    /// `five_good`, `red` (the 红榜, 五好房东 included), `ordinary` or `black`.
    pub standing: Option<String>,
}

/// The base score and thresholds of the rule file in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LandlordThresholds {
    pub base: i32,
    pub red_at_least: i32,
    pub five_good_at_least: i32,
    pub black_at_most: i32,
}

/// How many landlords stand where (each landlord once, wherever they let under the node).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandingCount {
    /// `five_good`, `red`, `ordinary`, `black`.
    pub standing: String,
    /// The standing in words, in the seat's language (五好房东 / "Five-good landlord"…).
    pub label: String,
    pub landlords: u64,
}

/// A let house of a landlord, under the node asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetHouse {
    pub id: i64,
    pub code: String,
    pub address: String,
    /// Its place by name, from the street down.
    pub place: String,
    pub rooms: u32,
    pub tenants: u64,
}

/// One landlord on the 红黑榜.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LandlordRow {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub score: i32,
    /// `five_good`, `red`, `ordinary`, `black`.
    pub standing: String,
    /// The standing in words, in the seat's language.
    pub standing_label: String,
    /// Points added and deducted in the scoring year so far (deducted as a positive number).
    pub added: i32,
    pub deducted: i32,
    pub houses: Vec<LetHouse>,
}

/// The rental figures of a node and its 红黑榜.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RentalBoard {
    pub node: NodeRef,
    pub as_of: i64,
    pub thresholds: LandlordThresholds,
    /// The node's figures (the panel's 出租房屋 block), as the figures index has them.
    pub rental_houses: u64,
    pub rental_rooms: u64,
    pub tenants: u64,
    pub landlords_red_listed: u64,
    pub landlords_black_listed: u64,
    pub standings: Vec<StandingCount>,
    /// Landlords of the standing asked for, best score first within the 红榜 and worst first
    /// within the 黑榜; only for roles that see people (empty otherwise).
    pub landlords: Vec<LandlordRow>,
}

/// One item of the rule file, to choose from when scoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoringItem {
    /// The duty's name (宣传, 报告, 服务, 管控, 监督), in the seat's language.
    pub duty: String,
    pub points: i32,
    pub wording: String,
}

/// One scoring event as the record shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LandlordMarkRow {
    pub id: i64,
    pub recorded_at: i64,
    /// The duty's name, in the seat's language.
    pub duty: String,
    pub item: String,
    pub points: i32,
    pub reason: String,
    pub recorded_by: String,
    /// The let house's address.
    pub house: String,
    /// Whether it counts in this year's score.
    pub counts: bool,
}

/// A landlord's scoring record: the row, every event (newest first) and the items a seat
/// may score by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LandlordDetail {
    pub landlord: LandlordRow,
    pub marks: Vec<LandlordMarkRow>,
    pub items: Vec<ScoringItem>,
}

/// A scoring event to record: one item of the rule file, at one of the landlord's let houses,
/// with the reason in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LandlordScoreForm {
    pub landlord_id: i64,
    pub house_id: i64,
    /// The item's wording, as the rule file has it.
    pub item: String,
    pub reason: String,
}

/// What a scoring event did: the record after it and the standing before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LandlordScored {
    pub detail: LandlordDetail,
    pub standing_before: String,
    pub score_before: i32,
}
