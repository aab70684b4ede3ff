//! GCJ-02 (the "Mars" datum of Chinese map services) to WGS84.
//!
//! The forward transform WGS84 → GCJ-02 is the publicly documented obfuscation (Krasovsky
//! ellipsoid constants plus two trigonometric polynomials). It has no closed-form inverse, so
//! [`gcj02_to_wgs84`] inverts it by fixed-point refinement: the offset varies slowly (it is a
//! few hundred metres and changes by millimetres per metre), so each step shrinks the error by
//! orders of magnitude and a handful of steps reach 1e-9°.

use std::f64::consts::PI;

/// Semi-major axis used by the published transform (Krasovsky 1940).
const A: f64 = 6_378_245.0;
/// First eccentricity squared of the same ellipsoid.
const EE: f64 = 0.006_693_421_622_965_943;

/// The transform is only applied inside this rough box around mainland China; outside it
/// map services publish plain WGS84, so both directions are the identity there.
pub fn outside_china(lon: f64, lat: f64) -> bool {
    !(72.004..=137.8347).contains(&lon) || !(0.8293..=55.8271).contains(&lat)
}

fn delta_lat(x: f64, y: f64) -> f64 {
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn delta_lon(x: f64, y: f64) -> f64 {
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

/// WGS84 (lon, lat) → GCJ-02 (lon, lat), degrees.
pub fn wgs84_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    if outside_china(lon, lat) {
        return (lon, lat);
    }
    let d_lat = delta_lat(lon - 105.0, lat - 35.0);
    let d_lon = delta_lon(lon - 105.0, lat - 35.0);
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - EE * rad_lat.sin().powi(2);
    let sqrt_magic = magic.sqrt();
    // Metres-per-degree scaling on the ellipsoid: meridional radius for latitude,
    // parallel radius for longitude.
    let d_lat = d_lat * 180.0 / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let d_lon = d_lon * 180.0 / (A / sqrt_magic * rad_lat.cos() * PI);
    (lon + d_lon, lat + d_lat)
}

/// GCJ-02 (lon, lat) → WGS84 (lon, lat), degrees, to about 1e-9° (sub-millimetre).
pub fn gcj02_to_wgs84(lon: f64, lat: f64) -> (f64, f64) {
    if outside_china(lon, lat) {
        return (lon, lat);
    }
    // Start from the GCJ point itself and move the guess by the residual of the forward
    // transform; converges in 3–5 steps because the offset's derivative is ~1e-5.
    let (mut w_lon, mut w_lat) = (lon, lat);
    for _ in 0..30 {
        let (g_lon, g_lat) = wgs84_to_gcj02(w_lon, w_lat);
        let (e_lon, e_lat) = (lon - g_lon, lat - g_lat);
        w_lon += e_lon;
        w_lat += e_lat;
        if e_lon.abs() < 1e-10 && e_lat.abs() < 1e-10 {
            break;
        }
    }
    (w_lon, w_lat)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rough metres between two nearby lon/lat points (equirectangular; fine below 1 km).
    fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
        let k = 111_320.0;
        let dx = (a.0 - b.0) * k * (a.1.to_radians().cos());
        let dy = (a.1 - b.1) * k;
        (dx * dx + dy * dy).sqrt()
    }

    #[test]
    fn forward_matches_the_published_beijing_vector() {
        // The control point quoted by the many public implementations of the transform.
        let (lon, lat) = wgs84_to_gcj02(116.404, 39.915);
        assert!((lon - 116.410_244_499_169_38).abs() < 1e-9, "{lon}");
        assert!((lat - 39.916_404_281_501_64).abs() < 1e-9, "{lat}");
    }

    #[test]
    fn inverse_recovers_the_known_point_within_a_metre() {
        let got = gcj02_to_wgs84(116.410_244_499_169_38, 39.916_404_281_501_64);
        assert!(metres(got, (116.404, 39.915)) < 1.0, "{got:?}");
        assert!((got.0 - 116.404).abs() < 1e-7 && (got.1 - 39.915).abs() < 1e-7, "{got:?}");
    }

    #[test]
    fn round_trip_across_zhejiang_is_below_1e7_degrees() {
        let mut lon = 118.0;
        while lon < 123.0 {
            let mut lat = 27.0;
            while lat < 31.5 {
                let (g_lon, g_lat) = wgs84_to_gcj02(lon, lat);
                // The offset is real (hundreds of metres), so the test is not vacuous.
                assert!(metres((g_lon, g_lat), (lon, lat)) > 50.0);
                let (b_lon, b_lat) = gcj02_to_wgs84(g_lon, g_lat);
                assert!((b_lon - lon).abs() < 1e-7 && (b_lat - lat).abs() < 1e-7, "{lon},{lat}");
                lat += 0.37;
            }
            lon += 0.41;
        }
    }

    #[test]
    fn outside_china_is_untouched() {
        assert_eq!(gcj02_to_wgs84(2.35, 48.85), (2.35, 48.85));
        assert_eq!(wgs84_to_gcj02(-73.9, 40.7), (-73.9, 40.7));
    }
}
