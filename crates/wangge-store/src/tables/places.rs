//! The `houses` and `people` tables: where people live and who they are.

use geo::Point;
use sqlx::any::AnyRow;
use wangge_domain::{House, Person};

use super::{AnyQuery, Reader, Table};
use crate::error::StoreError;

impl Table for House {
    const TABLE: &'static str = "houses";
    const COLUMNS: &'static [&'static str] = &["id", "code", "micro_grid", "address", "lon", "lat", "version"];

    fn bind<'q>(&'q self, query: AnyQuery<'q>) -> Result<AnyQuery<'q>, StoreError> {
        Ok(query
            .bind(self.id)
            .bind(self.code.as_str())
            .bind(self.micro_grid.as_str())
            .bind(self.address.as_str())
            .bind(self.location.x())
            .bind(self.location.y())
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
            version: r.u32("version")?,
        })
    }
}

impl Table for Person {
    const TABLE: &'static str = "people";
    const COLUMNS: &'static [&'static str] = &["id", "name", "id_number", "phone", "house_id", "version"];

    fn bind<'q>(&'q self, query: AnyQuery<'q>) -> Result<AnyQuery<'q>, StoreError> {
        Ok(query
            .bind(self.id)
            .bind(self.name.as_str())
            .bind(self.id_number.as_str())
            .bind(self.phone.as_str())
            .bind(self.house_id)
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
            version: r.u32("version")?,
        })
    }
}
