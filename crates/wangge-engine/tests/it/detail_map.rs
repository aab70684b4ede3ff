//! The full-detail map (挂图作战): every place of the district drawn once, each where its
//! boundary is (a point inside each micro-grid, carried through the map's own plane, lands
//! inside the rings sent for it and nowhere else, and `locate` names it); one metric's values
//! in the same order reconciled with the figures and summing to the district's; a change by
//! another seat moves exactly its place's value; every place's warning level is the warnings
//! view's; a street leader gets their street only.

use std::collections::HashSet;

use geo::InteriorPoint;
use wangge_api::{ChoroplethMetric, DetailMap, DetailMapRequest, DetailValuesRequest, LocateRequest};
use wangge_domain::{Change, Level, Role, Scope};
use wangge_engine::EngineError;

use crate::support::{two_seats, NOW};

/// Whether plane point `p` is inside the area's rings at level `lod` (even-odd, as drawn).
fn inside(map: &DetailMap, area: usize, lod: usize, p: [f64; 2]) -> bool {
    let mut crossings = 0;
    for ring in map.areas[area].rings_at(lod) {
        let vertices = wangge_domain::detail_geometry::decode_ring(ring);
        for (i, a) in vertices.iter().enumerate() {
            let b = vertices[(i + 1) % vertices.len()];
            let (ax, ay, bx, by) = (a[0] as f64, a[1] as f64, b[0] as f64, b[1] as f64);
            if (ay > p[1]) != (by > p[1]) && p[0] < ax + (p[1] - ay) * (bx - ax) / (by - ay) {
                crossings += 1;
            }
        }
    }
    crossings % 2 == 1
}

#[tokio::test]
async fn every_place_is_drawn_where_it_is_and_its_values_reconcile() {
    let (_dir, mut window, mut writer) = two_seats(11).await;
    let scope = window.district_scope("window");
    let map = window.detail_map(&scope, &DetailMapRequest::default()).unwrap();
    let hierarchy = &window.district().hierarchy;
    let micro_grids: HashSet<String> =
        window.nodes_at(&scope, Level::MicroGrid).unwrap().into_iter().map(|id| hierarchy.node(id).code.0.clone()).collect();
    let drawn: HashSet<String> = map.areas.iter().map(|a| a.code.clone()).collect();
    assert_eq!(drawn.len(), map.areas.len(), "each place once");
    assert_eq!(drawn, micro_grids, "the demo's places are its micro-grids");
    let streets = window.nodes_at(&scope, Level::Street).unwrap();
    assert_eq!(map.groups.len(), streets.len(), "grouped by street");
    assert_eq!(map.tolerances.len(), map.areas[0].lods.len());

    let plane = wangge_domain::detail_geometry::Plane {
        origin: map.plane.origin,
        lon_factor: map.plane.lon_factor,
        units_per_degree: map.plane.units_per_degree,
        size: map.plane.size,
    };
    let finest = map.tolerances.len() - 1;
    // Every tenth place: a point inside its true boundary is inside what was sent for it, in
    // no other place sent, and `locate` names it.
    for (index, area) in map.areas.iter().enumerate().step_by(10) {
        let id = hierarchy.id(&area.code).unwrap();
        let street = hierarchy.path_to_root(id).find(|&n| hierarchy.node(n).level == Level::Street).unwrap();
        assert_eq!(map.groups[area.group as usize].code, hierarchy.node(street).code.0, "{}", area.code);
        let point = hierarchy.node(id).boundary.interior_point().unwrap();
        let p = plane.project(point.x(), point.y());
        assert!(inside(&map, index, finest, p), "{} not inside its own rings", area.code);
        let others: Vec<&str> =
            (0..map.areas.len()).filter(|&i| i != index && inside(&map, i, finest, p)).map(|i| map.areas[i].code.as_str()).collect();
        assert!(others.is_empty(), "{}'s point also inside {others:?}", area.code);
        let located = window.locate(&scope, &LocateRequest { lon: point.x(), lat: point.y() }).unwrap().expect("located");
        assert_eq!(located.place.code, area.code);
        assert_eq!(located.path.first().map(|n| n.code.as_str()), Some(hierarchy.node(hierarchy.root()).code.0.as_str()));
        assert_eq!(located.path.last(), Some(&located.place));
    }
    assert!(window.locate(&scope, &LocateRequest { lon: 0.0, lat: 0.0 }).unwrap().is_none(), "outside the district");

    // Values: one per place in order, each its figures' value, summing to the district's.
    let request = DetailValuesRequest { code: None, metric: ChoroplethMetric::IsolationsActive };
    let values = window.detail_values(&scope, &request).unwrap();
    assert_eq!(values.values.len(), map.areas.len());
    for (area, value) in map.areas.iter().zip(&values.values).step_by(37) {
        let stats = window.stats(&scope, Some(&area.code)).unwrap();
        assert_eq!(*value, Some(stats.metrics.isolations_active as f64), "{}", area.code);
    }
    let total: f64 = values.values.iter().map(|v| v.unwrap_or(0.0)).sum();
    assert_eq!(total, window.stats(&scope, None).unwrap().metrics.isolations_active as f64);

    // One more isolation in one place, by another seat: that value, and only it, moves.
    let target = map.areas.len() / 2;
    let mut isolation = writer.district().isolations.values().next().unwrap().clone();
    isolation.micro_grid = wangge_domain::NodeCode(map.areas[target].code.clone());
    isolation.started_at = NOW.plus_secs(-3_600);
    isolation.planned_end = NOW.plus_secs(13 * 86_400);
    isolation.released_at = None;
    let writer_scope = writer.district_scope("simulate");
    let moved_from = writer.district().isolations.values().next().unwrap().micro_grid.0.clone();
    writer.create(&writer_scope, Change::Isolation(isolation), NOW).await.unwrap();
    window.catch_up(&scope, NOW).await.unwrap().expect("figures moved");
    let after = window.detail_values(&scope, &request).unwrap();
    assert!(after.seq > values.seq);
    let changed: Vec<&str> =
        (0..map.areas.len()).filter(|&i| after.values[i] != values.values[i]).map(|i| map.areas[i].code.as_str()).collect();
    let expected: HashSet<&str> = [map.areas[target].code.as_str(), moved_from.as_str()].into_iter().collect();
    assert!(changed.contains(&map.areas[target].code.as_str()), "{changed:?}");
    assert!(changed.iter().all(|c| expected.contains(c)), "only the places the isolation left and entered: {changed:?}");
}

#[tokio::test]
async fn every_place_carries_its_warning_level_as_the_warnings_view_has_it() {
    let (_dir, window, _writer) = two_seats(11).await;
    let scope = window.district_scope("window");
    let map = window.detail_map(&scope, &DetailMapRequest::default()).unwrap();
    let levels = window.detail_levels(&scope, &DetailMapRequest::default()).unwrap();
    assert_eq!(levels.levels.len(), map.areas.len());
    let hierarchy = &window.district().hierarchy;
    let mut checked = 0;
    for grid in window.nodes_at(&scope, Level::Grid).unwrap().into_iter().step_by(3) {
        let view = window.warnings(&scope, Some(&hierarchy.node(grid).code.0)).unwrap();
        for child in &view.children {
            let i = map.areas.iter().position(|a| a.code == child.node.code).expect("every micro-grid on the map");
            assert_eq!(levels.levels[i], child.level, "{}", child.node.code);
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} micro-grids compared");
    let distinct: std::collections::BTreeSet<_> = levels.levels.iter().collect();
    assert!(distinct.len() > 1, "the demo's places are not all one level: {distinct:?}");
}

#[tokio::test]
async fn a_street_leader_gets_the_places_of_their_street_only() {
    let (_dir, window, _writer) = two_seats(11).await;
    let district = window.district_scope("window");
    let streets = window.nodes_at(&district, Level::Street).unwrap();
    let hierarchy = &window.district().hierarchy;
    let [mine, theirs] = [streets[0], streets[1]].map(|id| hierarchy.node(id).code.0.clone());
    let leader = Scope::new("leader", Role::Leader, mine.as_str());
    let map = window.detail_map(&leader, &DetailMapRequest::default()).unwrap();
    assert_eq!(map.breadcrumb.last().map(|n| n.code.as_str()), Some(mine.as_str()));
    let whole = window.detail_map(&district, &DetailMapRequest { code: Some(mine.clone()) }).unwrap();
    assert_eq!(map.areas, whole.areas, "the street's places, as the district sees them there");
    for area in &map.areas {
        let id = hierarchy.id(&area.code).unwrap();
        assert!(hierarchy.path_to_root(id).any(|n| hierarchy.node(n).code.0 == mine), "{} outside the street", area.code);
    }
    let refused = window.detail_map(&leader, &DetailMapRequest { code: Some(theirs.clone()) });
    assert!(matches!(refused, Err(EngineError::Scope(_))), "{refused:?}");
    let values = DetailValuesRequest { code: Some(theirs.clone()), metric: ChoroplethMetric::TicketsOverdue };
    assert!(window.detail_values(&leader, &values).is_err());
    // A point in the other street is located for the district, not for the leader.
    let other = window.detail_map(&district, &DetailMapRequest { code: Some(theirs) }).unwrap();
    let id = hierarchy.id(&other.areas[0].code).unwrap();
    let point = hierarchy.node(id).boundary.interior_point().unwrap();
    let request = LocateRequest { lon: point.x(), lat: point.y() };
    assert!(window.locate(&district, &request).unwrap().is_some());
    assert_eq!(window.locate(&leader, &request).unwrap(), None);
}
