//! A hotline/311 service request as exported by a city (NYC 311 headers, or a 12345
//! hotline export with Chinese headers, a grid system's event list): the concrete target
//! that proves the pipeline and that issue 3's tickets import. Besides the call itself a row
//! may carry where the case stands — its status text and the times it was accepted,
//! resolved and closed — which the import turns into the ticket's history.

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
    /// The source's own status text (`网格员关闭`, `Closed`); blank when the file has none.
    pub status: String,
    pub accepted_at: Option<LocalDateTime>,
    pub resolved_at: Option<LocalDateTime>,
    pub closed_at: Option<LocalDateTime>,
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
        FieldSpec { name: "status", required: false, aliases: aliases::STATUS },
        FieldSpec { name: "accepted_at", required: false, aliases: aliases::ACCEPTED },
        FieldSpec { name: "resolved_at", required: false, aliases: aliases::RESOLVED },
        FieldSpec { name: "closed_at", required: false, aliases: aliases::CLOSED },
    ];
    const KEY_FIELD: Option<&'static str> = Some("id");
    const VALUE_MAPS: &'static [(&'static str, &'static str)] = &[("categories", "category"), ("statuses", "status")];

    fn from_row(row: &mut RowReader<'_>) -> Option<Self> {
        // Read every field before giving up, so one pass reports all of a row's problems.
        let id = row.required_text("id");
        let created_at = row.datetime("created_at", true);
        let category = row.required_text("category");
        let location = row.coordinates("lon", "lat");
        let accepted_at = row.datetime("accepted_at", false);
        let resolved_at = row.datetime("resolved_at", false);
        let closed_at = row.datetime("closed_at", false);
        Some(ServiceRequestRow {
            id: id?,
            created_at: created_at?,
            category: category?,
            description: row.text("description"),
            address: row.text("address"),
            lon: location.map(|(lon, _)| lon),
            lat: location.map(|(_, lat)| lat),
            status: row.text("status"),
            accepted_at,
            resolved_at,
            closed_at,
        })
    }
}
