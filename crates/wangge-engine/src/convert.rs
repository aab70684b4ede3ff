//! Domain values into the shared API types. The only place that knows both.

use geo::{BoundingRect, MultiPolygon};
use wangge_api as api;
use wangge_domain::{Hierarchy, Level, Metrics, NodeId};

pub fn level(level: Level) -> api::Level {
    match level {
        Level::District => api::Level::District,
        Level::Street => api::Level::Street,
        Level::Community => api::Level::Community,
        Level::Grid => api::Level::Grid,
        Level::MicroGrid => api::Level::MicroGrid,
    }
}

pub fn node_ref(hierarchy: &Hierarchy, id: NodeId) -> api::NodeRef {
    let node = hierarchy.node(id);
    api::NodeRef { code: node.code.0.clone(), name: node.name.clone(), level: level(node.level) }
}

/// Where a node lies, by name from the street down (the district left out): 建设街道 /
/// 建设一社区 / 第一网格 / …, as details and lists show a place.
pub fn place_names(hierarchy: &Hierarchy, id: NodeId) -> String {
    let mut names: Vec<&str> =
        hierarchy.path_to_root(id).filter(|&n| n != hierarchy.root()).map(|n| hierarchy.node(n).name.as_str()).collect();
    names.reverse();
    names.join(" / ")
}

pub fn figures(metrics: &Metrics) -> api::Figures {
    // Both structs come from the one declaration: the literal names every figure, so a
    // figure one side lacked would not compile.
    macro_rules! convert {
        (
            counts { $( $(#[$doc:meta])* $count:ident => $cgroup:ident $clabels:tt, )* }
            rates { $( $(#[$rdoc:meta])* $rate:ident = $part:ident / $whole:ident => $rgroup:ident $rlabels:tt, )* }
        ) => {
            api::Figures { $( $count: metrics.counts.$count, )* $( $rate: metrics.$rate(), )* }
        };
    }
    wangge_domain::metrics::with_figures!(convert)
}

/// A boundary as the API's rings, exterior first, as the domain holds them. The one
/// polygon-to-rings conversion written out: the store and the demo maps write GeoJSON through
/// `geojson`'s geo-types conversion, but wangge-api (serde only) cannot hold its types.
pub fn polygons(boundary: &MultiPolygon<f64>) -> Vec<api::Rings> {
    boundary
        .0
        .iter()
        .map(|polygon| {
            std::iter::once(polygon.exterior()).chain(polygon.interiors()).map(|ring| ring.coords().map(|c| [c.x, c.y]).collect()).collect()
        })
        .collect()
}

pub fn bbox(boundary: &MultiPolygon<f64>) -> [f64; 4] {
    boundary.bounding_rect().map(|rect| [rect.min().x, rect.min().y, rect.max().x, rect.max().y]).unwrap_or([0.0; 4])
}
