//! Shared helpers for the integration tests: locating the shared test data and a small
//! person register type that exercises Chinese headers.

use std::path::PathBuf;

use wangge_registers::mapping::{aliases, FieldSpec};
use wangge_registers::{FromRow, LocalDateTime, RowReader};

/// The shared test data folder, or `None` (with the reason printed) when it is absent
/// outside CI. In CI its absence is a failure: the tests would otherwise pass vacuously.
pub fn testdata() -> Option<PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("shared test data missing at {} (required in CI)", dir.display());
    }
    eprintln!("skipping: shared test data not found at {}", dir.display());
    None
}

/// A resident register row, as a community office keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub registered_on: Option<LocalDateTime>,
    pub location: Option<(f64, f64)>,
}

impl FromRow for PersonRow {
    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec { name: "name", required: true, aliases: aliases::NAME },
        FieldSpec { name: "id_number", required: true, aliases: aliases::ID_NUMBER },
        FieldSpec { name: "phone", required: false, aliases: aliases::PHONE },
        FieldSpec { name: "address", required: true, aliases: aliases::ADDRESS },
        FieldSpec { name: "registered_on", required: false, aliases: &["登记日期"] },
        FieldSpec { name: "lon", required: false, aliases: aliases::LONGITUDE },
        FieldSpec { name: "lat", required: false, aliases: aliases::LATITUDE },
    ];
    const KEY_FIELD: Option<&'static str> = Some("id_number");

    fn from_row(row: &mut RowReader<'_>) -> Option<Self> {
        let name = row.required_text("name");
        let id_number = row.required_text("id_number");
        let address = row.required_text("address");
        let registered_on = row.datetime("registered_on", false);
        let location = row.coordinates("lon", "lat");
        Some(PersonRow { name: name?, id_number: id_number?, phone: row.text("phone"), address: address?, registered_on, location })
    }
}
