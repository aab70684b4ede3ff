//! A row of the house register (房屋登记): code, address, coordinates.

use serde::Serialize;

use super::{aliases as more, Placeable};
use crate::mapping::{aliases, FieldSpec};
use crate::rows::{FromRow, RowReader};

/// One house. Coordinates are optional in the file, but a house is only stored with them:
/// the point is what places the house in its micro-grid, and the house then places the
/// people and enterprises registered at it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HouseRow {
    /// 房屋编码: unique in the district.
    pub code: String,
    pub address: String,
    /// WGS84 (longitude, latitude).
    pub location: Option<(f64, f64)>,
}

impl FromRow for HouseRow {
    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec { name: "code", required: true, aliases: more::HOUSE_CODE },
        FieldSpec { name: "address", required: true, aliases: aliases::ADDRESS },
        FieldSpec { name: "lon", required: false, aliases: aliases::LONGITUDE },
        FieldSpec { name: "lat", required: false, aliases: aliases::LATITUDE },
    ];
    const KEY_FIELD: Option<&'static str> = Some("code");

    fn from_row(row: &mut RowReader<'_>) -> Option<Self> {
        let code = row.required_text("code");
        let address = row.required_text("address");
        let location = row.coordinates("lon", "lat");
        Some(HouseRow { code: code?, address: address?, location })
    }
}

impl Placeable for HouseRow {
    const PLACES: &'static [&'static [&'static str]] = &[&["lon", "lat"]];
}
