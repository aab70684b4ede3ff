//! Node boundaries as GeoJSON geometry text, through the `geojson` crate's types and its
//! geo-types conversions.
//!
//! GeoJSON rather than geo's own serde form: it is about half the size (no `{"x":…,"y":…}`
//! per vertex) and any GIS tool can read a dumped row. Rings are stored exactly as the
//! domain holds them (closed or not), so a boundary reads back equal to what was saved. The
//! text is `{"type":"MultiPolygon","coordinates":…}`, byte for byte what the store wrote before
//! it used `geojson`, so the rows of existing databases read as they are.

use geo::MultiPolygon;
use geojson::GeometryValue;

/// The GeoJSON text of a boundary.
pub(crate) fn to_geojson(boundary: &MultiPolygon<f64>) -> Result<String, serde_json::Error> {
    // A non-finite coordinate is written as null, which reading then refuses as corrupt
    // rather than inventing a number.
    serde_json::to_string(&GeometryValue::from(boundary))
}

/// Reads a boundary back; the error says what is wrong with the text.
pub(crate) fn from_geojson(text: &str) -> Result<MultiPolygon<f64>, String> {
    let geometry: GeometryValue = serde_json::from_str(text).map_err(|e| format!("boundary is not GeoJSON: {e}"))?;
    let GeometryValue::MultiPolygon { coordinates } = &geometry else {
        return Err(format!("boundary is a {}, not a MultiPolygon", geometry.type_name()));
    };
    // The conversion below takes x and y by index and drops the rest: a short position would
    // panic and a third number vanish, so anything but [lon, lat] is refused as corrupt.
    if let Some(position) = coordinates.iter().flatten().flatten().find(|p| p.len() != 2) {
        return Err(format!("boundary has a position of {} number(s), not [longitude, latitude]", position.len()));
    }
    // Polygon::new closes open rings; the domain built its rings through it too, so closing
    // again changes nothing and the boundary reads back equal. A polygon written as `[]` (an
    // empty exterior: geojson writes no rings for it) reads back as one.
    MultiPolygon::try_from(geometry).map_err(|e| format!("boundary is not a MultiPolygon: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, LineString, Polygon};

    /// A boundary with a hole, and a second part with coordinates that print long.
    fn boundary() -> MultiPolygon<f64> {
        let outer = polygon!(
            exterior: [(x: 120.7, y: 30.7), (x: 120.8, y: 30.7), (x: 120.8, y: 30.8), (x: 120.7, y: 30.8)],
            interiors: [[(x: 120.71, y: 30.71), (x: 120.72, y: 30.71), (x: 120.72, y: 30.72)]],
        );
        let second = polygon![(x: 0.1 + 0.2, y: 1.0 / 3.0), (x: 1e-9, y: 2.0), (x: 3.0, y: 3.0)];
        MultiPolygon(vec![outer, second])
    }

    /// [`boundary`] as the store wrote it before it used geojson (its own serde struct).
    const STORED_BEFORE_GEOJSON: &str = concat!(
        r#"{"type":"MultiPolygon","coordinates":[[[[120.7,30.7],[120.8,30.7],[120.8,30.8],[120.7,30.8],[120.7,30.7]],"#,
        r#"[[120.71,30.71],[120.72,30.71],[120.72,30.72],[120.71,30.71]]],"#,
        r#"[[[0.30000000000000004,0.3333333333333333],[1e-9,2.0],[3.0,3.0],[0.30000000000000004,0.3333333333333333]]]]}"#
    );

    #[test]
    fn a_boundary_with_a_hole_reads_back_bit_for_bit() {
        let text = to_geojson(&boundary()).unwrap();
        assert_eq!(from_geojson(&text).unwrap(), boundary());
    }

    #[test]
    fn rows_written_before_geojson_read_back_and_are_written_the_same() {
        assert_eq!(from_geojson(STORED_BEFORE_GEOJSON).unwrap(), boundary());
        assert_eq!(to_geojson(&boundary()).unwrap(), STORED_BEFORE_GEOJSON);
    }

    #[test]
    fn an_empty_boundary_and_an_empty_polygon_round_trip() {
        let empty = MultiPolygon::<f64>(vec![]);
        assert_eq!(from_geojson(&to_geojson(&empty).unwrap()).unwrap(), empty);
        let hollow = MultiPolygon(vec![Polygon::new(LineString::new(vec![]), vec![])]);
        assert_eq!(from_geojson(&to_geojson(&hollow).unwrap()).unwrap(), hollow);
    }

    #[test]
    fn garbage_is_refused_with_the_reason() {
        assert!(from_geojson("POLYGON((0 0,1 1))").unwrap_err().contains("not GeoJSON"));
        assert!(from_geojson(r#"{"type":"Point","coordinates":[1,2]}"#).unwrap_err().contains("Point"));
        let short = r#"{"type":"MultiPolygon","coordinates":[[[[1,2],[3]]]]}"#;
        assert!(from_geojson(short).unwrap_err().contains("position of 1 number"), "{short}");
        let nulls = r#"{"type":"MultiPolygon","coordinates":[[[[null,2]]]]}"#;
        assert!(from_geojson(nulls).unwrap_err().contains("not GeoJSON"));
    }
}
