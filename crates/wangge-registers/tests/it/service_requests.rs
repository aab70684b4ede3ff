//! The real 311 exports in the shared test data: NYC (tuplex, qsv) and Boston (qsv),
//! including the non-ASCII and malformed variants.

use std::collections::HashSet;
use std::time::Instant;

use wangge_registers::{
    open_table, parse_rows, ColumnMapping, FromRow, ImportPolicy, ServiceRequestRow, SourceFormat, SourceOptions, Table, TextEncoding,
};

use crate::common;

fn open(relative: &str) -> Option<Table> {
    let dir = common::testdata()?;
    let path = dir.join("service-requests").join(relative);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some(open_table(&bytes, relative, &SourceOptions::default()).unwrap_or_else(|e| panic!("{e}")))
}

fn nyc_mapping(table: &Table) -> ColumnMapping {
    let mapping = ServiceRequestRow::suggest_mapping(&table.header);
    // The suggestion must find every NYC column by itself.
    for (field, column) in [
        ("id", "Unique Key"),
        ("created_at", "Created Date"),
        ("category", "Complaint Type"),
        ("description", "Descriptor"),
        ("address", "Incident Address"),
        ("lon", "Longitude"),
        ("lat", "Latitude"),
    ] {
        assert_eq!(mapping.columns.get(field).map(String::as_str), Some(column), "field {field}");
    }
    mapping
}

fn import_all(table: &Table, mapping: &ColumnMapping) -> Vec<ServiceRequestRow> {
    let mapped = mapping.apply(table).unwrap_or_else(|e| panic!("{e}"));
    parse_rows::<ServiceRequestRow>(&mapped, ImportPolicy::AllOrNothing).unwrap_or_else(|e| panic!("{e}")).accepted
}

#[test]
fn tuplex_nyc_subset_imports_with_unassigned_rows_kept() {
    let Some(table) = open("tuplex-nyc311/311_subset.micro.csv") else { return };
    assert_eq!(table.encoding, Some(TextEncoding::Utf8));
    assert_eq!(table.format, SourceFormat::Delimited { delimiter: b',' });
    assert_eq!(table.header.len(), 41);
    let rows = import_all(&table, &nyc_mapping(&table));
    assert_eq!(rows.len(), 2000);
    let unassigned = rows.iter().filter(|r| r.is_unassigned()).count();
    assert_eq!(unassigned, 598, "29.9% of rows have no coordinates and must be kept as unassigned");
    let ids: HashSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 2000);
    let first = &rows[0];
    assert_eq!(first.id, "19937896");
    assert_eq!(first.created_at.to_string(), "2011-03-01 14:27:57");
}

#[test]
fn tuplex_nyc_sample_imports() {
    let Some(table) = open("tuplex-nyc311/311-service-requests.sample.csv") else { return };
    let rows = import_all(&table, &nyc_mapping(&table));
    assert_eq!(rows.len(), 199);
    assert_eq!(rows.iter().filter(|r| r.is_unassigned()).count(), 6);
}

#[test]
fn qsv_nyc_files_import() {
    for (file, total, unassigned) in [("qsv-fixtures/nyc311-100.csv", 100, 18), ("qsv-fixtures/NYC311-5.csv", 5, 1)] {
        let Some(table) = open(file) else { return };
        let rows = import_all(&table, &nyc_mapping(&table));
        assert_eq!(rows.len(), total, "{file}");
        assert_eq!(rows.iter().filter(|r| r.is_unassigned()).count(), unassigned, "{file}");
        let first = &rows[0];
        assert!(first.lon.is_some_and(|lon| (-75.0..-73.0).contains(&lon)), "{file}: {first:?}");
    }
}

fn boston_mapping(table: &Table) -> ColumnMapping {
    let mapping = ServiceRequestRow::suggest_mapping(&table.header);
    assert_eq!(mapping.columns["id"], "case_enquiry_id");
    assert_eq!(mapping.columns["created_at"], "open_dt");
    assert_eq!(mapping.columns["lat"], "latitude");
    assert_eq!(mapping.columns["lon"], "longitude");
    // Boston calls the address column "location"; a person would set it once and save it.
    mapping.with("address", "location")
}

#[test]
fn boston_csv_and_nonascii_variant_read_identically_but_for_the_accents() {
    let (Some(plain), Some(accented)) = (open("qsv-fixtures/boston311-100.csv"), open("qsv-fixtures/boston311-100-with-nonascii.csv"))
    else {
        return;
    };
    assert_eq!(accented.encoding, Some(TextEncoding::Utf8));
    let plain_rows = import_all(&plain, &boston_mapping(&plain));
    let rows = import_all(&accented, &boston_mapping(&accented));
    assert_eq!((plain_rows.len(), rows.len()), (100, 100));
    // Line 87 of the file carries "Sàratoga" in its address; line 47 "Dëad" in a column
    // that is not mapped, which must be left alone.
    let row87 = accented.rows.iter().position(|r| r.number == 87).unwrap();
    assert_eq!(rows[row87].address, "211 Sàratoga St  East Boston  MA  02128");
    assert!(accented.rows.iter().find(|r| r.number == 47).unwrap().cells.iter().any(|c| c.contains("Dëad")));
    let differing: Vec<usize> = (0..100).filter(|&i| plain.rows[i] != accented.rows[i]).map(|i| accented.rows[i].number).collect();
    assert_eq!(differing, vec![47, 87]);
    assert_eq!(rows.iter().filter(|r| r.is_unassigned()).count(), 0);
}

#[test]
fn boston_bad_tsv_reports_the_ragged_row_by_line_and_column() {
    let Some(table) = open("qsv-fixtures/boston311-100-bad.tsv") else { return };
    assert_eq!(table.format, SourceFormat::Delimited { delimiter: b'\t' });
    assert_eq!(table.rows.len(), 100);
    let mapped = boston_mapping(&table).apply(&table).unwrap();

    let refused = parse_rows::<ServiceRequestRow>(&mapped, ImportPolicy::AllOrNothing).unwrap_err();
    assert_eq!(refused.rows_rejected, 1);
    assert_eq!(refused.errors.len(), 1);
    let error = &refused.errors[0];
    assert_eq!(error.row, 41);
    assert_eq!(error.column, "第 30 列（AD 列，无表头）");
    assert_eq!(error.value, "Citizens Connect App");
    assert!(error.reason.contains("30 个单元格") && error.reason.contains("29 列"), "{}", error.reason);

    let outcome = parse_rows::<ServiceRequestRow>(&mapped, ImportPolicy::GoodRowsOnly).unwrap();
    assert_eq!(outcome.accepted.len(), 99);
    assert_eq!(outcome.rejected.len(), 1);
    assert_eq!(outcome.rejected[0].0.number, 41);
}

/// Throughput of the whole pipeline on the NYC subset; printed, not asserted (machines
/// differ). Run with `cargo test --release -p wangge-registers -- --nocapture throughput`.
#[test]
fn throughput_nyc_subset() {
    let Some(dir) = common::testdata() else { return };
    let bytes = std::fs::read(dir.join("service-requests/tuplex-nyc311/311_subset.micro.csv")).unwrap();
    let rounds = 20;
    let start = Instant::now();
    let mut rows = 0;
    for _ in 0..rounds {
        let table = open_table(&bytes, "311_subset.micro.csv", &SourceOptions::default()).unwrap();
        let mapping = ServiceRequestRow::suggest_mapping(&table.header);
        let mapped = mapping.apply(&table).unwrap();
        rows += parse_rows::<ServiceRequestRow>(&mapped, ImportPolicy::AllOrNothing).unwrap().accepted.len();
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "throughput: {rows} rows in {seconds:.3} s = {:.0} rows/s ({:.1} MB/s), {} build",
        rows as f64 / seconds,
        (bytes.len() * rounds) as f64 / seconds / 1e6,
        if cfg!(debug_assertions) { "debug" } else { "release" }
    );
}
