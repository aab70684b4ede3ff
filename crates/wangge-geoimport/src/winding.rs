//! Normalising ring winding to RFC 7946: exteriors counter-clockwise, holes clockwise.
//!
//! Files come both ways (DataV writes clockwise exteriors, the old GeoJSON spec had no rule),
//! so either is accepted; the reader counts how many rings it turned so the UI can say so.

use geo::{Coord, LineString, MultiPolygon, Polygon};

/// Twice the signed area by the shoelace formula: positive for counter-clockwise in a
/// lon/lat (x right, y up) frame. Degenerate rings give zero and are left alone.
pub fn signed_area2(ring: &LineString<f64>) -> f64 {
    ring.0.windows(2).map(|w| w[0].x * w[1].y - w[1].x * w[0].y).sum()
}

fn oriented(ring: &LineString<f64>, want_ccw: bool, turned: &mut usize) -> LineString<f64> {
    let area = signed_area2(ring);
    if (want_ccw && area < 0.0) || (!want_ccw && area > 0.0) {
        *turned += 1;
        let mut coords: Vec<Coord<f64>> = ring.0.clone();
        coords.reverse();
        LineString::new(coords)
    } else {
        ring.clone()
    }
}

/// Returns the multipolygon with RFC 7946 winding and the number of rings reversed.
pub fn normalise(shape: &MultiPolygon<f64>) -> (MultiPolygon<f64>, usize) {
    let mut turned = 0;
    let polygons = shape
        .0
        .iter()
        .map(|p| {
            let exterior = oriented(p.exterior(), true, &mut turned);
            let holes = p.interiors().iter().map(|h| oriented(h, false, &mut turned)).collect();
            Polygon::new(exterior, holes)
        })
        .collect();
    (MultiPolygon::new(polygons), turned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn clockwise_exterior_and_ccw_hole_are_both_turned() {
        let p = polygon!(
            exterior: [(x: 0., y: 0.), (x: 0., y: 10.), (x: 10., y: 10.), (x: 10., y: 0.)],
            interiors: [[(x: 2., y: 2.), (x: 4., y: 2.), (x: 4., y: 4.), (x: 2., y: 4.)]],
        );
        let (out, turned) = normalise(&MultiPolygon::new(vec![p]));
        assert_eq!(turned, 2);
        assert!(signed_area2(out.0[0].exterior()) > 0.0);
        assert!(signed_area2(&out.0[0].interiors()[0]) < 0.0);
        let (_, again) = normalise(&out);
        assert_eq!(again, 0);
    }
}
