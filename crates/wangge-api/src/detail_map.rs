//! The full-detail map (挂图作战) on the wire: every place under a node at once as integer
//! rings on one local plane, at a few levels of detail, sent once per view; then the values
//! of one metric for all of them, in the same order — what a live update or a metric change
//! carries is numbers, never geometry again.

use serde::{Deserialize, Serialize};

use crate::{ChoroplethMetric, NodeRef};

/// How plane units map back to longitude/latitude: `lon = origin[0] + x / (lon_factor ×
/// units_per_degree)`, `lat = origin[1] − y / units_per_degree` (y grows southwards).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DetailPlane {
    pub origin: [f64; 2],
    pub lon_factor: f64,
    pub units_per_degree: f64,
    /// The focus's extent in plane units.
    pub size: [f64; 2],
}

/// One place (a micro-grid, or a grid with none drawn under it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetailArea {
    pub code: String,
    pub name: String,
    /// Index into [`DetailMap::groups`]: the child of the focus it lies under.
    pub group: u32,
    /// Where its label goes, in plane units (inside it).
    pub label: [i32; 2],
    /// Per level of detail (as [`DetailMap::tolerances`]), its rings — exteriors and holes,
    /// filled even-odd — each `[x0, y0, dx1, dy1, …]` without the closing vertex. A level
    /// left empty is the same as the next finer one (simple shapes travel once).
    pub lods: Vec<Vec<Vec<i32>>>,
}

impl DetailArea {
    /// The rings of level `lod`, reading an empty level as the next finer one.
    pub fn rings_at(&self, lod: usize) -> &[Vec<i32>] {
        self.lods.iter().skip(lod).find(|level| !level.is_empty()).map_or(&[], Vec::as_slice)
    }
}

/// A child of the focus (a street of the district): outlined over the places, named when
/// they are too small to be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetailGroup {
    pub code: String,
    pub name: String,
    pub label: [i32; 2],
    /// Its rings at the middle level of detail, coded like [`DetailArea::lods`].
    pub rings: Vec<Vec<i32>>,
}

/// Args of `detail_map`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DetailMapRequest {
    /// The node whose places to draw; the scope's root when `None`.
    pub code: Option<String>,
}

/// Every place under a node, drawn once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetailMap {
    /// From the district (first) down to the focus (last).
    pub breadcrumb: Vec<NodeRef>,
    pub plane: DetailPlane,
    /// Plane units each level of detail may stray from the true boundary, coarse first.
    pub tolerances: Vec<f64>,
    pub groups: Vec<DetailGroup>,
    pub areas: Vec<DetailArea>,
    /// The change-log sequence number the set of places is current to.
    pub seq: i64,
}

/// Args of `detail_values`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetailValuesRequest {
    pub code: Option<String>,
    pub metric: ChoroplethMetric,
}

/// One metric's value at every place of a [`DetailMap`] of the same node, in its order
/// (`None` where the metric is undefined, a rate over no records).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetailValues {
    pub metric: ChoroplethMetric,
    pub values: Vec<Option<f64>>,
    pub seq: i64,
}

/// Every place's four-colour warning level (四色预警), in the order of a [`DetailMap`] of
/// the same node: the full-detail map's 预警等级 mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DetailLevels {
    pub levels: Vec<crate::WarningLevel>,
    pub seq: i64,
}

/// Args of `locate`: a point in longitude/latitude (WGS84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LocateRequest {
    pub lon: f64,
    pub lat: f64,
}

/// The place a point lies in, with the way down to it from the district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Located {
    pub place: NodeRef,
    pub path: Vec<NodeRef>,
}
