//! Any bytes through the register reader (CSV/TSV with encoding detection, or XLSX when the
//! bytes are a ZIP archive), then mapped and parsed as a person register: no panic, and
//! memory stays within the reader's bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangge_registers::{open_table, parse_rows, FromRow, ImportPolicy, PersonRow, SourceOptions, TextEncoding};

fuzz_target!(|data: &[u8]| {
    let stated = SourceOptions { encoding: Some(TextEncoding::Gb18030), ..SourceOptions::default() };
    for options in [SourceOptions::default(), stated] {
        let Ok(table) = open_table(data, "fuzz", &options) else { continue };
        let Ok(mapped) = PersonRow::suggest_mapping(&table.header).apply(&table) else { continue };
        let _ = parse_rows::<PersonRow>(&mapped, ImportPolicy::GoodRowsOnly);
    }
});
