//! Areas in square metres on the WGS84 ellipsoid, of figures whose edges are straight lines in
//! longitude/latitude — what a GeoJSON edge is (RFC 7946 §3.1.1), and what the boolean
//! operations of the checks cut along.
//!
//! Geodesic area (edges taken as geodesics) is not used: it is right for large figures but
//! wrong for the slivers the checks are about. A sliver a few centimetres wide along a
//! kilometres-long edge, as two surveys of one boundary leave, differs from its geodesic
//! reading by the geodesic's bulge (about a metre over 10 km at 30° N) times its length —
//! thousands of m² for a piece of a few m² — and may even turn the other way round, which
//! geodesic code then reads as the rest of the globe (5.1e14 m²).
//!
//! How: the area is R_q² ∬ cos β dβ dλ in authalic latitude β (which makes the ellipsoid's
//! area element exact on the sphere of the authalic radius R_q), turned by Green's theorem
//! into −R_q² ∮ sin β dλ along the rings, integrated exactly per edge with β linear along it
//! (exact up to the tiny non-linearity of β in φ across one edge).

use geo::{LineString, MultiPolygon};

/// WGS84 semi-major axis (m) and flattening.
const A: f64 = 6_378_137.0;
const F: f64 = 1.0 / 298.257_223_563;

/// The authalic quantities of WGS84: eccentricity, q at the pole, authalic radius.
struct Authalic {
    e: f64,
    qp: f64,
    r2: f64,
}

impl Authalic {
    fn wgs84() -> Self {
        let e2 = F * (2.0 - F);
        let e = e2.sqrt();
        let qp = q(e, 1.0);
        Authalic { e, qp, r2: A * A * qp / 2.0 }
    }

    /// Authalic latitude (radians) of a geodetic latitude in degrees.
    fn beta(&self, lat_deg: f64) -> f64 {
        let s = lat_deg.to_radians().sin();
        (q(self.e, s) / self.qp).clamp(-1.0, 1.0).asin()
    }
}

/// q(φ) of the authalic latitude, from sin φ.
fn q(e: f64, s: f64) -> f64 {
    let es = e * s;
    (1.0 - e * e) * (s / (1.0 - es * es) - (1.0 / (2.0 * e)) * ((1.0 - es) / (1.0 + es)).ln())
}

/// Twice-signed ∮ sin β dλ of one ring (counter-clockwise positive after the sign flip),
/// relative to the first vertex's latitude to keep the sum well conditioned.
fn ring_integral(ring: &LineString<f64>, authalic: &Authalic) -> f64 {
    let points: Vec<(f64, f64)> = ring.0.iter().map(|c| (c.x.to_radians(), authalic.beta(c.y))).collect();
    let Some(&(_, beta0)) = points.first() else { return 0.0 };
    let sin0 = beta0.sin();
    let mut sum = 0.0;
    for w in points.windows(2) {
        let ((l1, b1), (l2, b2)) = (w[0], w[1]);
        let half = (b2 - b1) / 2.0;
        let sinc = if half.abs() < 1e-8 { 1.0 - half * half / 6.0 } else { half.sin() / half };
        // ∫ sin β dλ with β linear in λ: Δλ · sin(β_mid) · sinc(Δβ/2); minus sin β0 · Δλ,
        // which sums to zero around a ring that does not circle a pole.
        sum += (l2 - l1) * (((b1 + b2) / 2.0).sin() * sinc - sin0);
    }
    -sum
}

pub fn area_m2(shape: &MultiPolygon<f64>) -> f64 {
    let authalic = Authalic::wgs84();
    shape
        .0
        .iter()
        .map(|p| {
            let exterior = ring_integral(p.exterior(), &authalic).abs();
            let holes: f64 = p.interiors().iter().map(|h| ring_integral(h, &authalic).abs()).sum();
            (exterior - holes).max(0.0) * authalic.r2
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, GeodesicArea};

    #[test]
    fn a_thin_sliver_is_as_small_as_it_is_drawn() {
        // 9.6 km along a parallel and back through a point 0.3 m north of its middle: about
        // 0.5 × 9,600 m × 0.3 m = 1,440 m². Geodesics bulge ~1 m poleward over that length,
        // so the geodesic reading turns the other way round: "the rest of the globe".
        let sliver = MultiPolygon::new(vec![polygon![(x: 120.70, y: 30.70), (x: 120.80, y: 30.70), (x: 120.75, y: 30.700_002_7)]]);
        assert!(sliver.0[0].geodesic_area_unsigned() > 5e14, "the case this guards against");
        let area = area_m2(&sliver);
        assert!((area - 1_440.0).abs() < 30.0, "{area}");
    }

    #[test]
    fn figures_agree_with_geodesic_area_where_edges_are_short_and_holes_count() {
        let square = polygon!(
            exterior: [(x: 120.0, y: 30.0), (x: 120.01, y: 30.0), (x: 120.01, y: 30.01), (x: 120.0, y: 30.01)],
            interiors: [[(x: 120.002, y: 30.002), (x: 120.002, y: 30.004), (x: 120.004, y: 30.004), (x: 120.004, y: 30.002)]],
        );
        let ours = area_m2(&MultiPolygon::new(vec![square.clone()]));
        let geodesic = square.geodesic_area_unsigned();
        assert!((ours - geodesic).abs() < 1e-4 * geodesic, "{ours} vs {geodesic}");
        // Either winding gives the same area.
        let mut turned = square;
        turned.exterior_mut(|e| e.0.reverse());
        assert!((area_m2(&MultiPolygon::new(vec![turned])) - ours).abs() < 1e-6);
    }
}
