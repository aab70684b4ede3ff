//! The `nodes` table: the hierarchy, one row per node, boundary as GeoJSON, staff as JSON,
//! validity as two nullable instants; and `node_versions`, the figures a redraw replaced.

use geo::MultiPolygon;
use sqlx::any::AnyRow;
use wangge_domain::{Level, MicroGridKind, Node, NodeCode, StaffMember, Timestamp};

use super::{AnyQuery, Reader, Table};
use crate::error::StoreError;
use crate::geometry;

impl Table for Node {
    const TABLE: &'static str = "nodes";
    const COLUMNS: &'static [&'static str] =
        &["code", "name", "level", "parent_code", "micro_kind", "boundary", "staff", "valid_from", "valid_to"];

    fn bind<'q>(&'q self, query: AnyQuery<'q>) -> Result<AnyQuery<'q>, StoreError> {
        let boundary = encode_boundary(&self.code, &self.boundary)?;
        let staff = serde_json::to_string(&self.staff)
            .map_err(|source| StoreError::Encode { what: format!("the staff of node {}", self.code), source })?;
        Ok(query
            .bind(self.code.as_str())
            .bind(self.name.as_str())
            .bind(self.level.as_str())
            .bind(self.parent.as_ref().map(|p| p.as_str()))
            .bind(self.micro_kind.map(MicroGridKind::as_str))
            .bind(boundary)
            .bind(staff)
            .bind(self.valid_from.map(Timestamp::secs))
            .bind(self.valid_to.map(Timestamp::secs)))
    }

    fn read(row: &AnyRow) -> Result<Self, StoreError> {
        let r = Reader::new(row, Self::TABLE);
        let boundary = geometry::from_geojson(&r.text("boundary")?).map_err(|why| r.bad("boundary", why))?;
        let staff: Vec<StaffMember> = serde_json::from_str(&r.text("staff")?).map_err(|why| r.bad("staff", why))?;
        Ok(Node {
            code: r.code("code")?,
            name: r.text("name")?,
            level: r.name("level", Level::parse)?,
            parent: r.opt_code("parent_code")?,
            micro_kind: r.opt_name("micro_kind", MicroGridKind::parse)?,
            boundary,
            staff,
            valid_from: r.opt_at("valid_from")?,
            valid_to: r.opt_at("valid_to")?,
        })
    }
}

pub(crate) fn encode_boundary(code: &NodeCode, boundary: &MultiPolygon<f64>) -> Result<String, StoreError> {
    geometry::to_geojson(boundary).map_err(|source| StoreError::Encode { what: format!("the boundary of node {code}"), source })
}

/// A figure of a node that a later redraw replaced: name and boundary as they were over
/// `[valid_from, valid_to)` (`valid_from` `None`: since the district was set up).
#[derive(Debug, Clone, PartialEq)]
pub struct NodeVersion {
    pub code: NodeCode,
    pub name: String,
    pub valid_from: Option<Timestamp>,
    pub valid_to: Timestamp,
    pub boundary: MultiPolygon<f64>,
}

impl NodeVersion {
    pub(crate) const SELECT: &'static str =
        "SELECT code, name, valid_from, valid_to, boundary FROM node_versions WHERE code = $1 ORDER BY valid_to";
    pub(crate) const INSERT: &'static str =
        "INSERT INTO node_versions (code, valid_from, valid_to, name, boundary) VALUES ($1, $2, $3, $4, $5)";

    pub(crate) fn read(row: &AnyRow) -> Result<Self, StoreError> {
        let r = Reader::new(row, "node_versions");
        Ok(NodeVersion {
            code: r.code("code")?,
            name: r.text("name")?,
            valid_from: r.opt_at("valid_from")?,
            valid_to: r.at("valid_to")?,
            boundary: geometry::from_geojson(&r.text("boundary")?).map_err(|why| r.bad("boundary", why))?,
        })
    }
}
