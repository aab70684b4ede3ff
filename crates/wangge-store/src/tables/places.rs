//! The `houses`, `people` and `landlord_marks` tables: where people live, who they are, and
//! how the landlords of let houses score.

use geo::Point;
use sqlx::any::AnyRow;
use wangge_domain::{House, LandlordDuty, LandlordMark, Person, Rental};

use super::{AnyQuery, Reader, Table};
use crate::error::StoreError;

impl Table for House {
    const TABLE: &'static str = "houses";
    const COLUMNS: &'static [&'static str] =
        &["id", "code", "micro_grid", "address", "lon", "lat", "rental_rooms", "landlord_id", "version"];

    fn bind<'q>(&'q self, query: AnyQuery<'q>) -> Result<AnyQuery<'q>, StoreError> {
        Ok(query
            .bind(self.id)
            .bind(self.code.as_str())
            .bind(self.micro_grid.as_str())
            .bind(self.address.as_str())
            .bind(self.location.x())
            .bind(self.location.y())
            .bind(self.rental.map(|r| i64::from(r.rooms)))
            .bind(self.rental.and_then(|r| r.landlord_id))
            .bind(i64::from(self.version)))
    }

    fn read(row: &AnyRow) -> Result<Self, StoreError> {
        let r = Reader::new(row, Self::TABLE);
        Ok(House {
            id: r.i64("id")?,
            code: r.text("code")?,
            micro_grid: r.code("micro_grid")?,
            address: r.text("address")?,
            location: Point::new(r.f64("lon")?, r.f64("lat")?),
            rental: match r.opt_i64("rental_rooms")? {
                Some(rooms) => Some(Rental {
                    rooms: u32::try_from(rooms).map_err(|_| r.bad("rental_rooms", format!("{rooms} rooms")))?,
                    landlord_id: r.opt_i64("landlord_id")?,
                }),
                None => None,
            },
            version: r.u32("version")?,
        })
    }
}

impl Table for Person {
    const TABLE: &'static str = "people";
    const COLUMNS: &'static [&'static str] = &["id", "name", "id_number", "phone", "house_id", "employer_id", "version"];

    fn bind<'q>(&'q self, query: AnyQuery<'q>) -> Result<AnyQuery<'q>, StoreError> {
        Ok(query
            .bind(self.id)
            .bind(self.name.as_str())
            .bind(self.id_number.as_str())
            .bind(self.phone.as_str())
            .bind(self.house_id)
            .bind(self.employer)
            .bind(i64::from(self.version)))
    }

    fn read(row: &AnyRow) -> Result<Self, StoreError> {
        let r = Reader::new(row, Self::TABLE);
        Ok(Person {
            id: r.i64("id")?,
            name: r.text("name")?,
            id_number: r.text("id_number")?,
            phone: r.text("phone")?,
            house_id: r.i64("house_id")?,
            employer: r.opt_i64("employer_id")?,
            version: r.u32("version")?,
        })
    }
}

impl Table for LandlordMark {
    const TABLE: &'static str = "landlord_marks";
    const COLUMNS: &'static [&'static str] =
        &["id", "landlord_id", "house_id", "duty", "item", "points", "reason", "recorded_by", "recorded_at", "version"];

    fn bind<'q>(&'q self, query: AnyQuery<'q>) -> Result<AnyQuery<'q>, StoreError> {
        Ok(query
            .bind(self.id)
            .bind(self.landlord_id)
            .bind(self.house_id)
            .bind(self.duty.as_str())
            .bind(self.item.as_str())
            .bind(i64::from(self.points))
            .bind(self.reason.as_str())
            .bind(self.recorded_by.as_str())
            .bind(self.recorded_at.0)
            .bind(i64::from(self.version)))
    }

    fn read(row: &AnyRow) -> Result<Self, StoreError> {
        let r = Reader::new(row, Self::TABLE);
        let points = r.i64("points")?;
        Ok(LandlordMark {
            id: r.i64("id")?,
            landlord_id: r.i64("landlord_id")?,
            house_id: r.i64("house_id")?,
            duty: r.name("duty", LandlordDuty::parse)?,
            item: r.text("item")?,
            points: i32::try_from(points).map_err(|_| r.bad("points", points))?,
            reason: r.text("reason")?,
            recorded_by: r.text("recorded_by")?,
            recorded_at: r.at("recorded_at")?,
            version: r.u32("version")?,
        })
    }
}
