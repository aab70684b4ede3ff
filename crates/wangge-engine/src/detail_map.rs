//! The full-detail map (挂图作战, issue 11 item 2): every place under a node at once as plane
//! geometry (`wangge_domain::detail_geometry`), one metric's values for all of them, and
//! which place a point lies in. Places are the nodes records attach to now (micro-grids, or
//! grids with none drawn under them); each belongs to the child of the focus above it, whose
//! outline the map draws over them. Aggregates and names only: every role that sees figures.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use wangge_api as api;
use wangge_domain::detail_geometry::{self, Plane, TOLERANCES};
use wangge_domain::{NodeId, Scope};

use crate::{convert, Engine, EngineError};

/// What a node's full-detail map draws, the same for every seat that may see the node.
pub(crate) struct Geometry {
    plane: api::DetailPlane,
    groups: Vec<api::DetailGroup>,
    areas: Vec<api::DetailArea>,
}

/// Each node's [`Geometry`], made once until the hierarchy or the day changes (the engine
/// then replaces the cache).
#[derive(Default)]
pub(crate) struct GeometryCache(Mutex<HashMap<NodeId, Arc<Geometry>>>);

impl GeometryCache {
    fn get_or_make(&self, id: NodeId, make: impl FnOnce() -> Geometry) -> Arc<Geometry> {
        // A poisoned lock only means another request panicked; what is kept is whole.
        let cached = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(&id).cloned();
        if let Some(geometry) = cached {
            return geometry;
        }
        // Made outside the lock: two first asks may both make it, neither waits on the other.
        let made = Arc::new(make());
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(id, made.clone());
        made
    }
}

impl Engine {
    /// Every place under `request.code` (the scope's root when none), with its rings at each
    /// level of detail; the focus's children as groups.
    pub fn detail_map(&self, scope: &Scope, request: &api::DetailMapRequest) -> Result<api::DetailMap, EngineError> {
        let id = self.node_in_scope(scope, request.code.as_deref())?;
        let geometry = self.detail_geometry.get_or_make(id, || self.make_geometry(id));
        Ok(api::DetailMap {
            breadcrumb: self.breadcrumb(scope, id)?,
            plane: geometry.plane,
            tolerances: TOLERANCES.to_vec(),
            groups: geometry.groups.clone(),
            areas: geometry.areas.clone(),
            seq: self.last_seq(),
        })
    }

    /// The geometry of every place under `id`, as [`Engine::detail_map`] sends it.
    fn make_geometry(&self, id: NodeId) -> Geometry {
        let hierarchy = &self.district().hierarchy;
        let plane = Plane::of_box(convert::bbox(&hierarchy.node(id).boundary));
        let groups = self.detail_groups(id);
        let middle = TOLERANCES.len() / 2;
        let api_groups = groups
            .iter()
            .map(|&g| {
                let node = hierarchy.node(g);
                api::DetailGroup {
                    code: node.code.0.clone(),
                    name: node.name.clone(),
                    label: detail_geometry::label_point(&plane, &node.boundary).unwrap_or_default(),
                    rings: detail_geometry::rings_at(&detail_geometry::encode_levels(&plane, &node.boundary), middle).to_vec(),
                }
            })
            .collect();
        let areas = self
            .detail_places(&groups)
            .into_iter()
            .map(|(group, place)| {
                let node = hierarchy.node(place);
                api::DetailArea {
                    code: node.code.0.clone(),
                    name: node.name.clone(),
                    group,
                    label: detail_geometry::label_point(&plane, &node.boundary).unwrap_or_default(),
                    lods: detail_geometry::encode_levels(&plane, &node.boundary),
                }
            })
            .collect();
        Geometry {
            plane: api::DetailPlane {
                origin: plane.origin,
                lon_factor: plane.lon_factor,
                units_per_degree: plane.units_per_degree,
                size: plane.size,
            },
            groups: api_groups,
            areas,
        }
    }

    /// One metric at every place of [`Engine::detail_map`] of the same node, in its order.
    pub fn detail_values(&self, scope: &Scope, request: &api::DetailValuesRequest) -> Result<api::DetailValues, EngineError> {
        let id = self.node_in_scope(scope, request.code.as_deref())?;
        let places = self.detail_places(&self.detail_groups(id));
        let values = places.into_iter().map(|(_, place)| request.metric.value(&convert::figures(&self.index().metrics(place)))).collect();
        Ok(api::DetailValues { metric: request.metric, values, seq: self.last_seq() })
    }

    /// Every place's warning level, in the order of [`Engine::detail_map`] of the same node.
    pub fn detail_levels(&self, scope: &Scope, request: &api::DetailMapRequest) -> Result<api::DetailLevels, EngineError> {
        let id = self.node_in_scope(scope, request.code.as_deref())?;
        let places = self.detail_places(&self.detail_groups(id));
        let levels = places.into_iter().map(|(_, place)| crate::warnings::api_level(self.warnings.level(place))).collect();
        Ok(api::DetailLevels { levels, seq: self.last_seq() })
    }

    /// The place `request`'s point lies in and the way down to it, if it is in the scope.
    pub fn locate(&self, scope: &Scope, request: &api::LocateRequest) -> Result<Option<api::Located>, EngineError> {
        let Some(place) = self.locator().locate(geo::Point::new(request.lon, request.lat)) else {
            return Ok(None);
        };
        let hierarchy = &self.district().hierarchy;
        if scope.check_node(hierarchy, place).is_err() {
            return Ok(None);
        }
        let mut path: Vec<api::NodeRef> = hierarchy.path_to_root(place).map(|n| convert::node_ref(hierarchy, n)).collect();
        path.reverse();
        Ok(Some(api::Located { place: convert::node_ref(hierarchy, place), path }))
    }

    /// The focus's children now, or the focus itself when it has none (a place).
    fn detail_groups(&self, id: NodeId) -> Vec<NodeId> {
        let hierarchy = &self.district().hierarchy;
        let at = self.index().as_of();
        let children: Vec<NodeId> = hierarchy.children(id).iter().copied().filter(|&c| hierarchy.node(c).is_valid_at(at)).collect();
        if children.is_empty() {
            vec![id]
        } else {
            children
        }
    }

    /// The places now under each group, with the group's index: group by group, each in the
    /// hierarchy's order. The one order of a map's geometry and of its values.
    fn detail_places(&self, groups: &[NodeId]) -> Vec<(u32, NodeId)> {
        let hierarchy = &self.district().hierarchy;
        let at = self.index().as_of();
        groups
            .iter()
            .enumerate()
            .flat_map(|(group, &g)| {
                hierarchy.subtree(g).into_iter().filter(move |&n| hierarchy.is_place_at(n, at)).map(move |n| (group as u32, n))
            })
            .collect()
    }
}
