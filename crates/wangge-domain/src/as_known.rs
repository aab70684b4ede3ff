//! The district as it was known at a past instant: the records as they stood then, so that
//! figures of a past day come out the same whenever they are computed.
//!
//! The records carry their lifecycle timestamps, which answer "was this isolation active at
//! T" — but a record's current fields also hold what was written after T (a reopened ticket
//! has lost its resolution, an enterprise's workers back are today's count, an isolation
//! moved to another grid). So a view of the past first walks the district back through the
//! change log: every change committed after T is undone, newest first, by putting back the
//! record as it was before it (or forgetting a record created after T). Figures at T are then
//! computed from that district by the same function as the live ones.
//!
//! This is the briefing's "as known that evening": a record imported today with last month's
//! dates is not in last month's briefing, because nobody knew it then, and a briefing of a
//! past day never changes. Records saved with the district itself (no change-log row) are
//! known from the start and judged by their timestamps alone.

use crate::change::Change;
use crate::district::{District, DistrictError};
use crate::time::Timestamp;

/// One committed change, as far as undoing it needs: what it touched and what was there before.
#[derive(Debug, Clone)]
pub struct Undo {
    pub seq: i64,
    /// When it was committed.
    pub at: Timestamp,
    /// The kind of record ([`Change::entity`]) and its id.
    pub entity: String,
    pub entity_id: i64,
    /// The record before the change; `None` when the change created it.
    pub before: Option<Change>,
}

/// A district walked back in time, one instant after another, each earlier than the last.
pub struct Rewind {
    district: District,
    /// Newest first; `next` is the first not yet undone.
    undo: Vec<Undo>,
    next: usize,
}

impl Rewind {
    /// Starts from the district as it is now (its [`District::clone_for_figures`] will do:
    /// changes to houses, people and screening tasks are not undone, as no figure counts
    /// them) and the changes that may need undoing (those committed after the earliest
    /// instant that will be asked for), in any order.
    pub fn new(district: District, mut undo: Vec<Undo>) -> Rewind {
        undo.sort_by_key(|change| std::cmp::Reverse(change.seq));
        Rewind { district, undo, next: 0 }
    }

    /// The district as it was known at `at`: every change committed after it undone, newest
    /// first. Instants must be asked in descending order; a later one than before is answered
    /// as the earlier one (what was undone stays undone). Only the records figures count are
    /// walked back; node changes are skipped too: the hierarchy keeps every node, and past
    /// boundaries are the store's node versions.
    pub fn back_to(&mut self, at: Timestamp) -> Result<&District, DistrictError> {
        while let Some(change) = self.undo.get(self.next) {
            if change.at <= at {
                break;
            }
            if matches!(change.entity.as_str(), "isolation" | "follow_up" | "enterprise" | "ticket" | "landlord_mark") {
                match &change.before {
                    Some(before) => drop(self.district.apply(before.clone())?),
                    None => drop(self.district.forget(&change.entity, change.entity_id)),
                }
            }
            self.next += 1;
        }
        Ok(&self.district)
    }
}

#[cfg(test)]
mod tests;
