//! A hotline/311 service request as exported by a city (NYC 311 headers, or a 12345
//! hotline export with Chinese headers): the concrete target that proves the pipeline and
//! that issue 3's tickets will import.

use serde::Serialize;

use crate::mapping::{aliases, FieldSpec};
use crate::rows::{FromRow, LocalDateTime, RowReader};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceRequestRow {
    pub id: String,
    pub created_at: LocalDateTime,
    pub category: String,
    pub description: String,
    pub address: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
}

impl ServiceRequestRow {
    /// No coordinates: assigned later through the address, or listed as unassigned.
    pub fn is_unassigned(&self) -> bool {
        self.lon.is_none() || self.lat.is_none()
    }
}

impl FromRow for ServiceRequestRow {
    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec { name: "id", required: true, aliases: aliases::ID },
        FieldSpec { name: "created_at", required: true, aliases: aliases::CREATED },
        FieldSpec { name: "category", required: true, aliases: aliases::CATEGORY },
        FieldSpec { name: "description", required: false, aliases: aliases::DESCRIPTION },
        FieldSpec { name: "address", required: false, aliases: aliases::ADDRESS },
        FieldSpec { name: "lon", required: false, aliases: aliases::LONGITUDE },
        FieldSpec { name: "lat", required: false, aliases: aliases::LATITUDE },
    ];
    const KEY_FIELD: Option<&'static str> = Some("id");

    fn from_row(row: &mut RowReader<'_>) -> Option<Self> {
        // Read every field before giving up, so one pass reports all of a row's problems.
        let id = row.required_text("id");
        let created_at = row.datetime("created_at", true);
        let category = row.required_text("category");
        let location = row.coordinates("lon", "lat");
        Some(ServiceRequestRow {
            id: id?,
            created_at: created_at?,
            category: category?,
            description: row.text("description"),
            address: row.text("address"),
            lon: location.map(|(lon, _)| lon),
            lat: location.map(|(_, lat)| lat),
        })
    }
}
