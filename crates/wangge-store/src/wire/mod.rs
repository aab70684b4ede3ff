//! The stored form of a change: the JSON in the change log's `payload` and `before`
//! columns, numbered by format (`change_log.payload_format`).
//!
//! The change log is the audit trail and what live seats replay, so what it holds must not
//! move when a domain type is renamed or reshaped. Each format is written out here as its
//! own types with their own serde names (`v1.rs`), converted to and from the domain's by
//! hand; the domain's serde derives are never used for storage. Writing always uses
//! [`FORMAT`]; reading dispatches on the row's number, so rows keep the format they were
//! written in and stay readable. Rows from before formats were numbered are format 1
//! (migration 0006 gives them that number).
//!
//! A change to what is stored means a new `vN.rs` beside the old ones, [`FORMAT`] raised,
//! and a branch in [`decode`] — never an edit to an existing format. The committed fixtures
//! (`fixtures/`, see its README) hold real format-1 payloads; the tests read them.

mod v1;

#[cfg(test)]
mod samples;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_store;

use wangge_domain::Change;

use crate::error::StoreError;

/// The format every change is written in now.
pub const FORMAT: i64 = 1;

/// Why a stored change cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// A format this build does not know: a newer build wrote the row.
    #[error("format {0} is not one this build of Wangge reads (it reads formats 1 to {FORMAT}); a newer version wrote it")]
    UnknownFormat(i64),
    /// The text is not a change of the format it claims.
    #[error("not a format-{format} change: {source}")]
    Malformed {
        format: i64,
        #[source]
        source: serde_json::Error,
    },
}

/// The JSON of a change in the current format, as the change log stores it. The audit view
/// shows the same text, so what people read there is as stable as what is stored.
pub fn encode(change: &Change) -> Result<String, serde_json::Error> {
    serde_json::to_string(&v1::Change::from(change))
}

/// A stored change read back from the format it was written in.
pub fn decode(format: i64, text: &str) -> Result<Change, DecodeError> {
    match format {
        1 => serde_json::from_str::<v1::Change>(text).map(Change::from).map_err(|source| DecodeError::Malformed { format, source }),
        _ => Err(DecodeError::UnknownFormat(format)),
    }
}

/// [`decode`] of one column of a change-log row, its failure said as the store says errors.
pub(crate) fn decode_column(seq: i64, column: &str, format: i64, text: &str) -> Result<Change, StoreError> {
    decode(format, text).map_err(|error| match error {
        DecodeError::UnknownFormat(format) => StoreError::UnknownFormat { seq, format, known: FORMAT },
        malformed => StoreError::corrupt(format!("change_log.{column} of seq {seq}: {malformed}")),
    })
}
