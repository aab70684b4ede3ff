//! Writing errors back out as CSV for the person who must fix the file.
//!
//! UTF-8 with a BOM: without the BOM, Excel on a Chinese Windows opens UTF-8 as GBK and the
//! report itself turns into mojibake.

use crate::rows::RowError;
use crate::source::Row;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One line per error: row, column, value, reason.
pub fn error_list_csv(errors: &[RowError]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new().from_writer(BOM.to_vec());
    // Writing to a Vec cannot fail, so errors are impossible here; ignore them safely.
    let _ = writer.write_record(["行号", "列", "值", "原因"]);
    for e in errors {
        let _ = writer.write_record([e.row.to_string().as_str(), &e.column, &e.value, &e.reason]);
    }
    writer.into_inner().unwrap_or_default()
}

/// The rejected rows as they were, with the reasons in two leading columns, so the file
/// can be corrected and imported again (the extra columns are simply not mapped).
pub fn rejected_rows_csv(header: &[String], rejected: &[(Row, Vec<RowError>)]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(BOM.to_vec());
    let mut head = vec!["原行号".to_owned(), "错误".to_owned()];
    head.extend(header.iter().cloned());
    let _ = writer.write_record(&head);
    for (row, errors) in rejected {
        let reasons: Vec<String> = errors
            .iter()
            .map(|e| {
                if e.value.is_empty() {
                    format!("{}：{}", e.column, e.reason)
                } else {
                    format!("{}“{}”：{}", e.column, e.value, e.reason)
                }
            })
            .collect();
        let mut record = vec![row.number.to_string(), reasons.join("；")];
        record.extend(row.cells.iter().cloned());
        let _ = writer.write_record(&record);
    }
    writer.into_inner().unwrap_or_default()
}
