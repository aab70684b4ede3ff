//! Screening tasks (排查任务, issue 3) as engine operations.
//!
//! A screening batch (a CSV or XLSX list of people with addresses) is read with
//! [`read_screening`], placed through the house register by exact address and split into
//! one part per grid, each a [`Task`](wangge_domain::Task) with one
//! [`TaskItem`](wangge_domain::TaskItem) per person, all created in one transaction. People
//! whose address is in no register form one more part, owned by the importer's root node.
//! Grid staff then record each person's outcome, commanders move parts to other units, and
//! progress is read per node, rolled up the hierarchy
//! ([`wangge_domain::tasks`] holds the rules; this module stores and checks scope).
//!
//! - `import`: `Engine::import_screening`.
//! - `work`: `Engine::record_outcome` and `Engine::reassign_task`.
//! - `progress`: `Engine::task_progress` and the part rows every answer shows.
//! - `batches`: `Engine::screening_batches` (every batch under a node) and
//!   `Engine::screening_work` (one batch's parts with their people, for entering outcomes).

mod batches;
mod import;
mod progress;
mod rollup;
mod work;

use wangge_api as api;
use wangge_domain::{Language, TaskOutcome};
use wangge_registers::screening::ScreeningRow;
use wangge_registers::{SourceError, SourceOptions, TextEncoding};

use crate::EngineError;

/// Reads a screening list (CSV in UTF-8 or GBK, or XLSX) with the columns 姓名/身份证号/地址
/// or name/id_number/address, all rows or none. `file` names the file in messages;
/// `encoding` states a CSV's text encoding (detected when `None`); `sheet` picks an XLSX
/// worksheet (the first when `None`). A missing column or a bad row is an
/// [`EngineError::InvalidInput`] naming it, in Chinese ([`read_screening_in`]: in a seat's
/// language).
pub fn read_screening(
    bytes: &[u8],
    file: &str,
    encoding: Option<&str>,
    sheet: Option<&str>,
) -> Result<Vec<api::ScreeningPerson>, EngineError> {
    read_screening_in(bytes, file, encoding, sheet, Language::Chinese)
}

/// [`read_screening`], its refusals in `language`.
pub fn read_screening_in(
    bytes: &[u8],
    file: &str,
    encoding: Option<&str>,
    sheet: Option<&str>,
    language: Language,
) -> Result<Vec<api::ScreeningPerson>, EngineError> {
    let encoding = match encoding {
        Some(label) => Some(TextEncoding::from_label(label).ok_or_else(|| {
            EngineError::InvalidInput(SourceError::UnknownEncoding { file: file.to_owned(), label: label.to_owned() }.message_in(language))
        })?),
        None => None,
    };
    let options = SourceOptions { encoding, sheet: sheet.map(str::to_owned), ..SourceOptions::default() };
    let rows =
        ScreeningRow::read_all_in(bytes, file, &options, language).map_err(|err| EngineError::InvalidInput(err.message_in(language)))?;
    Ok(rows
        .into_iter()
        .map(|row| api::ScreeningPerson { row: row.row as u64, name: row.name, id_number: row.id_number, address: row.address })
        .collect())
}

fn outcome_from_api(outcome: api::TaskOutcome) -> TaskOutcome {
    match outcome {
        api::TaskOutcome::FoundUnderControl => TaskOutcome::FoundUnderControl,
        api::TaskOutcome::Isolated => TaskOutcome::Isolated,
        api::TaskOutcome::LeftDistrict => TaskOutcome::LeftDistrict,
        api::TaskOutcome::NotFound => TaskOutcome::NotFound,
    }
}

fn outcome_to_api(outcome: TaskOutcome) -> api::TaskOutcome {
    match outcome {
        TaskOutcome::FoundUnderControl => api::TaskOutcome::FoundUnderControl,
        TaskOutcome::Isolated => api::TaskOutcome::Isolated,
        TaskOutcome::LeftDistrict => api::TaskOutcome::LeftDistrict,
        TaskOutcome::NotFound => api::TaskOutcome::NotFound,
    }
}
