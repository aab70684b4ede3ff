//! Node boundaries as GeoJSON geometry text.
//!
//! GeoJSON rather than geo's own serde form: it is about half the size (no `{"x":…,"y":…}`
//! per vertex) and any GIS tool can read a dumped row. Rings are stored exactly as the
//! domain holds them (closed or not), so a boundary reads back equal to what was saved.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    /// polygons → rings (exterior first) → [lon, lat] positions.
    coordinates: Vec<Vec<Vec<[f64; 2]>>>,
}

/// The GeoJSON text of a boundary.
pub(crate) fn to_geojson(boundary: &MultiPolygon<f64>) -> Result<String, serde_json::Error> {
    let ring = |line: &LineString<f64>| line.0.iter().map(|c| [c.x, c.y]).collect::<Vec<_>>();
    let geometry = Geometry {
        kind: "MultiPolygon".to_owned(),
        coordinates: boundary
            .0
            .iter()
            .map(|polygon| std::iter::once(polygon.exterior()).chain(polygon.interiors()).map(ring).collect())
            .collect(),
    };
    // A non-finite coordinate is written as null, which reading then refuses as corrupt
    // rather than inventing a number.
    serde_json::to_string(&geometry)
}

/// Reads a boundary back; the error says what is wrong with the text.
pub(crate) fn from_geojson(text: &str) -> Result<MultiPolygon<f64>, String> {
    let geometry: Geometry = serde_json::from_str(text).map_err(|e| format!("boundary is not GeoJSON: {e}"))?;
    if geometry.kind != "MultiPolygon" {
        return Err(format!("boundary is a {}, not a MultiPolygon", geometry.kind));
    }
    let line = |ring: Vec<[f64; 2]>| LineString(ring.into_iter().map(|[x, y]| Coord { x, y }).collect());
    let polygons = geometry
        .coordinates
        .into_iter()
        .map(|rings| {
            let mut rings = rings.into_iter().map(line);
            let exterior = rings.next().ok_or_else(|| "boundary has a polygon without rings".to_owned())?;
            // Polygon::new closes open rings; the domain built its rings through it too, so
            // closing again changes nothing and the boundary reads back equal.
            Ok(Polygon::new(exterior, rings.collect()))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(MultiPolygon(polygons))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn a_boundary_with_a_hole_reads_back_bit_for_bit() {
        let outer = polygon!(
            exterior: [(x: 120.7, y: 30.7), (x: 120.8, y: 30.7), (x: 120.8, y: 30.8), (x: 120.7, y: 30.8)],
            interiors: [[(x: 120.71, y: 30.71), (x: 120.72, y: 30.71), (x: 120.72, y: 30.72)]],
        );
        let second = polygon![(x: 0.1 + 0.2, y: 1.0 / 3.0), (x: 1e-9, y: 2.0), (x: 3.0, y: 3.0)];
        let boundary = MultiPolygon(vec![outer, second]);
        let text = to_geojson(&boundary).unwrap();
        assert!(text.starts_with(r#"{"type":"MultiPolygon","coordinates":[[[[120.7,30.7]"#), "{text}");
        assert_eq!(from_geojson(&text).unwrap(), boundary);
    }

    #[test]
    fn an_empty_boundary_round_trips_and_garbage_is_refused() {
        let empty = MultiPolygon::<f64>(vec![]);
        assert_eq!(from_geojson(&to_geojson(&empty).unwrap()).unwrap(), empty);
        assert!(from_geojson("POLYGON((0 0,1 1))").unwrap_err().contains("not GeoJSON"));
        assert!(from_geojson(r#"{"type":"Point","coordinates":[]}"#).unwrap_err().contains("Point"));
    }
}
