//! A row of the rental register (出租房台账, as 后宅 keeps it): the let house by its code or
//! address, how many rooms are let, and the landlord by ID number (the name, when given, must
//! be the registered one: a mistyped ID number then shows instead of scoring a stranger).

use serde::Serialize;

use super::person::id_number;
use super::{aliases as more, Placeable};
use crate::mapping::{aliases, FieldSpec};
use crate::rows::{FromRow, RowReader};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RentalRow {
    /// The house, by code (tried first) or by its exact address.
    pub house_code: String,
    pub address: String,
    /// Rooms let; 0 when the cell is blank.
    pub rooms: u32,
    pub landlord_id_number: String,
    /// Empty when the file does not say.
    pub landlord_name: String,
}

impl FromRow for RentalRow {
    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec { name: "house_code", required: false, aliases: more::HOUSE_CODE },
        FieldSpec { name: "address", required: false, aliases: aliases::ADDRESS },
        FieldSpec { name: "rooms", required: false, aliases: more::ROOMS },
        FieldSpec { name: "landlord_id_number", required: true, aliases: more::LANDLORD_ID_NUMBER },
        FieldSpec { name: "landlord_name", required: false, aliases: more::LANDLORD_NAME },
    ];
    const KEY_FIELD: Option<&'static str> = None;

    fn from_row(row: &mut RowReader<'_>) -> Option<Self> {
        let landlord_id_number = id_number(row, "landlord_id_number");
        let rooms = rooms(row);
        Some(RentalRow {
            house_code: row.text("house_code"),
            address: row.text("address"),
            rooms,
            landlord_id_number: landlord_id_number?,
            landlord_name: row.text("landlord_name"),
        })
    }
}

impl Placeable for RentalRow {
    const PLACES: &'static [&'static [&'static str]] = &[&["house_code"], &["address"]];
}

/// Rooms let: blank → 0; a negative, fractional or non-numeric cell is an error.
fn rooms(row: &mut RowReader<'_>) -> u32 {
    let Some(value) = row.raw("rooms").filter(|v| !v.is_empty()) else { return 0 };
    value.parse::<u32>().unwrap_or_else(|_| {
        let reason = row
            .language()
            .pick("不是房间数：应为 0 或以上的整数，只写数字", "Not a number of rooms: a whole number, 0 or more, digits only");
        row.error("rooms", value, reason);
        0
    })
}
