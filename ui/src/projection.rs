//! Map projection for the SVG map: an equirectangular projection whose longitudes are
//! shrunk by cos(mid-latitude), so a district at 30°N is not drawn stretched sideways.
//! Pure functions, tested on the host.

use wangge_api::Rings;

/// Fits a lon/lat bounding box into an SVG viewBox of `width` × `height`, centred, with a
/// margin, keeping the aspect ratio (one scale for x and y after the cosine correction).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    /// Longitude and latitude at the centre of the box.
    centre: [f64; 2],
    /// cos(mid-latitude): how much shorter a degree of longitude is than one of latitude.
    lon_factor: f64,
    /// SVG units per (corrected) degree.
    scale: f64,
    width: f64,
    height: f64,
}

impl Projection {
    /// A projection of `bbox` (`[min_lon, min_lat, max_lon, max_lat]`) into the viewBox
    /// `0 0 width height`, leaving `margin` units free on every side.
    pub fn fit(bbox: [f64; 4], width: f64, height: f64, margin: f64) -> Self {
        let [min_lon, min_lat, max_lon, max_lat] = bbox;
        let mid_lat = (min_lat + max_lat) / 2.0;
        let lon_factor = mid_lat.to_radians().cos().abs().max(1e-6);
        // A degenerate box (one point, or empty) still gets a finite scale.
        let span_x = ((max_lon - min_lon) * lon_factor).abs().max(1e-9);
        let span_y = (max_lat - min_lat).abs().max(1e-9);
        let usable_w = (width - 2.0 * margin).max(1.0);
        let usable_h = (height - 2.0 * margin).max(1.0);
        let scale = (usable_w / span_x).min(usable_h / span_y);
        Projection { centre: [(min_lon + max_lon) / 2.0, mid_lat], lon_factor, scale, width, height }
    }

    /// SVG coordinates of a `[lon, lat]` point; y grows downwards, so north is up.
    pub fn project(&self, point: [f64; 2]) -> [f64; 2] {
        let x = self.width / 2.0 + (point[0] - self.centre[0]) * self.lon_factor * self.scale;
        let y = self.height / 2.0 - (point[1] - self.centre[1]) * self.scale;
        [x, y]
    }

    /// The SVG path data of a multipolygon: every ring as `M … L … Z`. Coordinates are
    /// rounded to 0.1 unit, which is far below a pixel and keeps the DOM small.
    pub fn path_data(&self, polygons: &[Rings]) -> String {
        let mut d = String::new();
        for rings in polygons {
            for ring in rings {
                for (i, point) in ring.iter().enumerate() {
                    let [x, y] = self.project(*point);
                    let command = if i == 0 { 'M' } else { 'L' };
                    if !d.is_empty() {
                        d.push(' ');
                    }
                    d.push(command);
                    d.push_str(&format!("{x:.1} {y:.1}"));
                }
                if !ring.is_empty() {
                    d.push_str(" Z");
                }
            }
        }
        d
    }

    /// Where to put an area's label: the projected centre of its largest exterior ring's
    /// vertices (good enough for the convex-ish cells of the demo geometry).
    pub fn label_point(&self, polygons: &[Rings]) -> Option<[f64; 2]> {
        let exterior = polygons.iter().filter_map(|rings| rings.first()).max_by_key(|ring| ring.len())?;
        // A closed ring repeats its first vertex; skip it so it is not counted twice.
        let open = match (exterior.first(), exterior.last()) {
            (Some(a), Some(b)) if exterior.len() > 1 && a == b => &exterior[..exterior.len() - 1],
            _ => &exterior[..],
        };
        if open.is_empty() {
            return None;
        }
        let n = open.len() as f64;
        let lon = open.iter().map(|p| p[0]).sum::<f64>() / n;
        let lat = open.iter().map(|p| p[1]).sum::<f64>() / n;
        Some(self.project([lon, lat]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BBOX: [f64; 4] = [120.70, 30.70, 120.90, 30.80];

    #[test]
    fn centre_of_the_box_lands_in_the_centre_of_the_view() {
        let p = Projection::fit(BBOX, 1000.0, 800.0, 20.0);
        let [x, y] = p.project([120.80, 30.75]);
        assert!((x - 500.0).abs() < 1e-9 && (y - 400.0).abs() < 1e-9, "{x} {y}");
    }

    #[test]
    fn north_is_up_and_east_is_right() {
        let p = Projection::fit(BBOX, 1000.0, 800.0, 20.0);
        let [x_west, y_south] = p.project([120.70, 30.70]);
        let [x_east, y_north] = p.project([120.90, 30.80]);
        assert!(x_east > x_west);
        assert!(y_north < y_south);
    }

    #[test]
    fn box_fits_inside_the_margin_and_touches_it_on_the_tight_axis() {
        let p = Projection::fit(BBOX, 1000.0, 800.0, 20.0);
        let [x0, y0] = p.project([BBOX[0], BBOX[3]]);
        let [x1, y1] = p.project([BBOX[2], BBOX[1]]);
        for v in [x0, x1] {
            assert!((20.0 - 1e-9..=980.0 + 1e-9).contains(&v), "x {v}");
        }
        for v in [y0, y1] {
            assert!((20.0 - 1e-9..=780.0 + 1e-9).contains(&v), "y {v}");
        }
        // 0.2° of longitude at 30.75°N is 0.172 corrected degrees versus 0.1° of latitude
        // into 960 × 760 usable: the width is the tight axis.
        assert!(((x1 - x0) - 960.0).abs() < 1e-6, "width {}", x1 - x0);
    }

    #[test]
    fn longitude_is_shortened_by_the_cosine_of_the_mid_latitude() {
        let p = Projection::fit([0.0, 59.0, 2.0, 61.0], 1000.0, 1000.0, 0.0);
        let [x0, _] = p.project([0.0, 60.0]);
        let [x1, _] = p.project([1.0, 60.0]);
        let [_, y0] = p.project([1.0, 60.0]);
        let [_, y1] = p.project([1.0, 61.0]);
        let ratio = (x1 - x0) / (y0 - y1);
        assert!((ratio - 0.5).abs() < 1e-9, "cos 60° = 0.5, got {ratio}");
    }

    #[test]
    fn degenerate_box_gives_finite_coordinates() {
        let p = Projection::fit([120.0, 30.0, 120.0, 30.0], 100.0, 100.0, 10.0);
        let [x, y] = p.project([120.0, 30.0]);
        assert!(x.is_finite() && y.is_finite());
    }

    #[test]
    fn path_data_closes_every_ring() {
        let p = Projection::fit([0.0, 0.0, 1.0, 1.0], 100.0, 100.0, 0.0);
        let square = vec![vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]];
        let d = p.path_data(&[square.clone(), square]);
        assert_eq!(d.matches('M').count(), 2);
        assert_eq!(d.matches('Z').count(), 2);
        assert!(d.starts_with("M0.0 100.0 L100.0 100.0"), "{d}");
    }

    #[test]
    fn label_point_is_the_centre_of_a_square() {
        let p = Projection::fit([0.0, 0.0, 1.0, 1.0], 100.0, 100.0, 0.0);
        let square = vec![vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]];
        let [x, y] = p.label_point(&[square]).expect("a point");
        assert!((x - 50.0).abs() < 1e-6 && (y - 50.0).abs() < 1e-6);
        assert_eq!(p.label_point(&[]), None);
    }
}
