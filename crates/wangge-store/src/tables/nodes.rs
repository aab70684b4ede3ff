//! The `nodes` table: the hierarchy, one row per node, boundary as GeoJSON, staff as JSON.

use sqlx::any::AnyRow;
use wangge_domain::{Level, MicroGridKind, Node, StaffMember};

use super::{AnyQuery, Reader, Table};
use crate::error::StoreError;
use crate::geometry;

impl Table for Node {
    const TABLE: &'static str = "nodes";
    const COLUMNS: &'static [&'static str] = &[
        "code",
        "name",
        "level",
        "parent_code",
        "micro_kind",
        "boundary",
        "staff",
    ];

    fn bind<'q>(&'q self, query: AnyQuery<'q>) -> Result<AnyQuery<'q>, StoreError> {
        let boundary =
            geometry::to_geojson(&self.boundary).map_err(|source| StoreError::Encode {
                what: format!("the boundary of node {}", self.code),
                source,
            })?;
        let staff = serde_json::to_string(&self.staff).map_err(|source| StoreError::Encode {
            what: format!("the staff of node {}", self.code),
            source,
        })?;
        Ok(query
            .bind(self.code.as_str())
            .bind(self.name.as_str())
            .bind(self.level.as_str())
            .bind(self.parent.as_ref().map(|p| p.as_str()))
            .bind(self.micro_kind.map(MicroGridKind::as_str))
            .bind(boundary)
            .bind(staff))
    }

    fn read(row: &AnyRow) -> Result<Self, StoreError> {
        let r = Reader::new(row, Self::TABLE);
        let boundary =
            geometry::from_geojson(&r.text("boundary")?).map_err(|why| r.bad("boundary", why))?;
        let staff: Vec<StaffMember> =
            serde_json::from_str(&r.text("staff")?).map_err(|why| r.bad("staff", why))?;
        Ok(Node {
            code: r.code("code")?,
            name: r.text("name")?,
            level: r.name("level", Level::parse)?,
            parent: r.opt_code("parent_code")?,
            micro_kind: r.opt_name("micro_kind", MicroGridKind::parse)?,
            boundary,
            staff,
        })
    }
}
