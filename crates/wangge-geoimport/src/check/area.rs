//! Areas in square metres on the WGS84 ellipsoid.
//!
//! geo's geodesic area (Karney's algorithm, via geographiclib) is exact to well below a m² for
//! the sizes that matter here, from a 10 m² sliver to a province.

use geo::{GeodesicArea, MultiPolygon};

pub fn area_m2(shape: &MultiPolygon<f64>) -> f64 {
    shape.0.iter().map(|p| p.geodesic_area_unsigned()).sum()
}
