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

pub fn figures(metrics: &Metrics) -> api::Figures {
    let c = &metrics.counts;
    api::Figures {
        isolations_active: c.isolations_active,
        isolations_active_centralised: c.isolations_active_centralised,
        isolations_active_home: c.isolations_active_home,
        isolations_active_home_observation: c.isolations_active_home_observation,
        isolations_new_today: c.isolations_new_today,
        isolations_released_today: c.isolations_released_today,
        follow_ups_overdue: c.follow_ups_overdue,
        follow_ups_due: c.follow_ups_due,
        follow_ups_done_on_time: c.follow_ups_done_on_time,
        enterprises_total: c.enterprises_total,
        enterprises_resumed: c.enterprises_resumed,
        workers_total: c.workers_total,
        workers_back: c.workers_back,
        tickets_received: c.tickets_received,
        tickets_accepted: c.tickets_accepted,
        tickets_resolved: c.tickets_resolved,
        tickets_resolved_on_time: c.tickets_resolved_on_time,
        tickets_open: c.tickets_open,
        tickets_overdue: c.tickets_overdue,
        resumption_rate: metrics.resumption_rate(),
        worker_return_rate: metrics.worker_return_rate(),
        acceptance_rate: metrics.acceptance_rate(),
        resolution_rate: metrics.resolution_rate(),
        on_time_rate: metrics.on_time_rate(),
        follow_up_compliance_rate: metrics.follow_up_compliance_rate(),
    }
}

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
