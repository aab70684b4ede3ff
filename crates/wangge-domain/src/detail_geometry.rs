//! The geometry of the full-detail map (挂图作战: every micro-grid of a district at once).
//!
//! A screen that draws 7,424 — or at city scale 100,000 — polygons cannot take them as
//! longitude/latitude floats per view: it receives them once, as integers on one local
//! plane, simplified once per level of detail, and afterwards only values. The plane is an
//! equirectangular projection of the focus's bounding box (longitudes shrunk by the cosine
//! of the mid-latitude, so shapes are not stretched), scaled so its longer side spans
//! [`PLANE_SIZE`] units, y growing southwards like a screen. A ring is its vertices without
//! the closing repeat, the first absolute and each next as the step from the one before
//! (small numbers: short JSON). Pure: no I/O.

use geo::{Coord, InteriorPoint, LineString, MultiPolygon, Simplify};

/// Units along the longer side of the focus's box: 1/65,536 of a 20 km district is 0.3 m.
pub const PLANE_SIZE: f64 = 65_536.0;

/// How far a simplified ring may stray from the true one, per level of detail, coarse first,
/// in plane units. A screen picks the coarsest whose tolerance is under a pixel: the first
/// while the whole district fits a 2,000-pixel screen, the second up to four times closer,
/// the last beyond.
pub const TOLERANCES: [f64; 3] = [32.0, 8.0, 2.0];

/// The local plane of one focus: how longitude/latitude map to plane units and back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plane {
    /// Longitude and latitude of the plane's origin (the box's north-west corner).
    pub origin: [f64; 2],
    /// cos(mid-latitude): how much shorter a degree of longitude is than one of latitude.
    pub lon_factor: f64,
    /// Plane units per (corrected) degree.
    pub units_per_degree: f64,
    /// The box's extent in plane units (the longer side is [`PLANE_SIZE`]).
    pub size: [f64; 2],
}

impl Plane {
    /// The plane of a `[min_lon, min_lat, max_lon, max_lat]` box.
    pub fn of_box(bbox: [f64; 4]) -> Plane {
        let [min_lon, min_lat, max_lon, max_lat] = bbox;
        let lon_factor = ((min_lat + max_lat) / 2.0).to_radians().cos().abs().max(1e-6);
        // A degenerate box (one point) still gets a finite scale.
        let span_x = ((max_lon - min_lon) * lon_factor).abs().max(1e-9);
        let span_y = (max_lat - min_lat).abs().max(1e-9);
        let units_per_degree = PLANE_SIZE / span_x.max(span_y);
        Plane { origin: [min_lon, max_lat], lon_factor, units_per_degree, size: [span_x * units_per_degree, span_y * units_per_degree] }
    }

    /// Plane coordinates of a longitude/latitude point.
    pub fn project(&self, lon: f64, lat: f64) -> [f64; 2] {
        [(lon - self.origin[0]) * self.lon_factor * self.units_per_degree, (self.origin[1] - lat) * self.units_per_degree]
    }

    /// Longitude/latitude of a plane point (the inverse of [`Plane::project`]).
    pub fn unproject(&self, x: f64, y: f64) -> [f64; 2] {
        [self.origin[0] + x / (self.lon_factor * self.units_per_degree), self.origin[1] - y / self.units_per_degree]
    }
}

/// One area's rings at every level of detail of [`TOLERANCES`] (coarse first), each ring
/// delta-coded (`[x0, y0, dx1, dy1, …]`), exteriors and holes alike (drawn even-odd); a
/// level the same as the next finer one is left empty ([`rings_at`] reads through it).
pub fn encode_levels(plane: &Plane, boundary: &MultiPolygon<f64>) -> Vec<Vec<Vec<i32>>> {
    let rings: Vec<LineString<f64>> = boundary
        .0
        .iter()
        .flat_map(|polygon| std::iter::once(polygon.exterior()).chain(polygon.interiors()))
        .map(|ring| ring.coords().map(|c| Coord::from(plane.project(c.x, c.y))).collect())
        .collect();
    // Finest first, so a ring that a coarser tolerance would collapse keeps its finer self:
    // an area never vanishes from the map because it is small.
    let mut levels: Vec<Vec<Option<Vec<i32>>>> = Vec::with_capacity(TOLERANCES.len());
    for &tolerance in TOLERANCES.iter().rev() {
        let finer = levels.last();
        let encoded = rings
            .iter()
            .enumerate()
            .map(|(i, ring)| {
                encode_ring(&ring.simplify(tolerance)).or_else(|| match finer {
                    Some(finer) => finer[i].clone(),
                    // The finest level: the ring merely rounded.
                    None => encode_ring(ring),
                })
            })
            .collect::<Vec<_>>();
        levels.push(encoded);
    }
    levels.reverse();
    // A sliver thinner than a unit still gets a dot where it is, so it can be seen and picked
    // when zoomed in to it.
    if levels.iter().all(|level| level.iter().all(Option::is_none)) {
        if let Some(dot) = rings.first().and_then(|r| r.0.first()).map(|c| dot_at(c.x, c.y)) {
            levels.iter_mut().for_each(|level| *level = vec![Some(dot.clone())]);
        }
    }
    let mut levels: Vec<Vec<Vec<i32>>> = levels.into_iter().map(|level| level.into_iter().flatten().collect()).collect();
    // A level the same as the next finer one is sent empty: simple shapes (most micro-grids)
    // then travel once, not once per level.
    for i in 0..levels.len().saturating_sub(1) {
        if levels[i] == levels[i + 1] {
            levels[i].clear();
        }
    }
    levels
}

/// The rings of level `lod` of [`encode_levels`]' output: an empty level stands for the next finer one.
pub fn rings_at(levels: &[Vec<Vec<i32>>], lod: usize) -> &[Vec<i32>] {
    levels.iter().skip(lod).find(|level| !level.is_empty()).map_or(&[], Vec::as_slice)
}

/// A right triangle of one unit at a point, delta-coded.
fn dot_at(x: f64, y: f64) -> Vec<i32> {
    vec![x.floor() as i32, y.floor() as i32, 1, 0, -1, 1]
}

/// A point inside the area, in plane units, where its label goes; `None` for an empty one.
pub fn label_point(plane: &Plane, boundary: &MultiPolygon<f64>) -> Option<[i32; 2]> {
    // The largest polygon's interior point: a label sits on the main body, not an exclave.
    let largest = boundary.0.iter().max_by(|a, b| {
        use geo::Area;
        a.unsigned_area().total_cmp(&b.unsigned_area())
    })?;
    let point = largest.interior_point()?;
    let [x, y] = plane.project(point.x(), point.y());
    Some([x.round() as i32, y.round() as i32])
}

/// A ring rounded to whole units, the closing vertex and repeats dropped, delta-coded;
/// `None` when fewer than three distinct vertices are left (nothing to fill).
fn encode_ring(ring: &LineString<f64>) -> Option<Vec<i32>> {
    let mut points: Vec<[i32; 2]> = Vec::with_capacity(ring.0.len());
    for c in &ring.0 {
        let p = [c.x.round() as i32, c.y.round() as i32];
        if points.last() != Some(&p) {
            points.push(p);
        }
    }
    while points.len() > 1 && points.first() == points.last() {
        points.pop();
    }
    if points.len() < 3 {
        return None;
    }
    let mut out = Vec::with_capacity(points.len() * 2);
    let mut previous = [0, 0];
    for p in points {
        out.push(p[0] - previous[0]);
        out.push(p[1] - previous[1]);
        previous = p;
    }
    Some(out)
}

/// The absolute vertices of a delta-coded ring (the UI's decoding, here for the tests).
pub fn decode_ring(ring: &[i32]) -> Vec<[i32; 2]> {
    let mut at = [0, 0];
    ring.chunks_exact(2)
        .map(|step| {
            at = [at[0] + step[0], at[1] + step[1]];
            at
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use geo::{polygon, Contains, Point};

    use super::*;

    const BOX: [f64; 4] = [120.70, 30.70, 120.90, 30.80];

    #[test]
    fn the_longer_side_spans_the_plane_and_north_west_is_the_origin() {
        let plane = Plane::of_box(BOX);
        let [x0, y0] = plane.project(120.70, 30.80);
        let [x1, y1] = plane.project(120.90, 30.70);
        assert!(x0.abs() < 1e-6 && y0.abs() < 1e-6);
        // 0.2° of longitude at 30.75°N (0.172 corrected) is longer than 0.1° of latitude.
        assert!((x1 - PLANE_SIZE).abs() < 1e-6, "{x1}");
        assert!(y1 > 0.0 && y1 < PLANE_SIZE, "south is down: {y1}");
        assert!((plane.size[0] - PLANE_SIZE).abs() < 1e-6 && (plane.size[1] - y1).abs() < 1e-6);
    }

    #[test]
    fn unproject_inverts_project() {
        let plane = Plane::of_box(BOX);
        let [x, y] = plane.project(120.8123, 30.7456);
        let [lon, lat] = plane.unproject(x, y);
        assert!((lon - 120.8123).abs() < 1e-12 && (lat - 30.7456).abs() < 1e-12);
    }

    #[test]
    fn a_ring_round_trips_through_the_delta_code() {
        let plane = Plane::of_box(BOX);
        let square =
            MultiPolygon(vec![polygon![(x: 120.75, y: 30.72), (x: 120.80, y: 30.72), (x: 120.80, y: 30.76), (x: 120.75, y: 30.76)]]);
        let levels = encode_levels(&plane, &square);
        assert_eq!(levels.len(), TOLERANCES.len());
        assert!(levels[0].is_empty() && levels[1].is_empty(), "a square is the same at every level: sent once");
        for lod in 0..levels.len() {
            let level = rings_at(&levels, lod);
            assert_eq!(level.len(), 1, "one ring");
            let vertices = decode_ring(&level[0]);
            assert_eq!(vertices.len(), 4, "closing vertex dropped: {vertices:?}");
            let [x, y] = plane.project(120.75, 30.72);
            assert_eq!(vertices[0], [x.round() as i32, y.round() as i32]);
        }
    }

    #[test]
    fn coarse_levels_drop_vertices_that_stray_less_than_their_tolerance() {
        let plane = Plane::of_box(BOX);
        // A square with a vertex 0.00002° (≈ 10 plane units) off one side's middle.
        let wobbly = MultiPolygon(vec![polygon![
            (x: 120.75, y: 30.72), (x: 120.775, y: 30.71998), (x: 120.80, y: 30.72), (x: 120.80, y: 30.76), (x: 120.75, y: 30.76)
        ]]);
        let levels = encode_levels(&plane, &wobbly);
        let counts: Vec<usize> = (0..levels.len()).map(|lod| decode_ring(&rings_at(&levels, lod)[0]).len()).collect();
        assert_eq!(counts, vec![4, 4, 5], "gone at 32 and 8 units, kept at 2");
        assert!(levels[0].is_empty() && !levels[1].is_empty(), "the coarse level is the middle one's");
    }

    #[test]
    fn a_tiny_area_keeps_its_finer_ring_instead_of_vanishing() {
        let plane = Plane::of_box(BOX);
        // A triangle about 6 units across: a coarse tolerance would collapse it.
        let tiny = MultiPolygon(vec![polygon![(x: 120.8, y: 30.75), (x: 120.80002, y: 30.75), (x: 120.80001, y: 30.75002)]]);
        let levels = encode_levels(&plane, &tiny);
        assert!((0..levels.len()).all(|lod| rings_at(&levels, lod).len() == 1), "{levels:?}");
    }

    #[test]
    fn a_sliver_thinner_than_a_unit_is_a_dot_where_it_is() {
        let plane = Plane::of_box(BOX);
        let sliver = MultiPolygon(vec![polygon![(x: 120.8, y: 30.75), (x: 120.800001, y: 30.75), (x: 120.8000005, y: 30.7500001)]]);
        let levels = encode_levels(&plane, &sliver);
        let [x, y] = plane.project(120.8, 30.75);
        for lod in 0..levels.len() {
            let [ring] = rings_at(&levels, lod) else { panic!("one ring: {levels:?}") };
            let vertices = decode_ring(ring);
            assert_eq!(vertices.len(), 3);
            assert!(vertices.iter().all(|v| (v[0] as f64 - x).abs() <= 1.0 && (v[1] as f64 - y).abs() <= 1.0), "{vertices:?} at {x},{y}");
        }
    }

    #[test]
    fn a_collapsed_ring_takes_its_own_finer_self_not_a_neighbours() {
        let plane = Plane::of_box(BOX);
        // Two parts: a tiny triangle first (it collapses at the coarse levels), then a big square.
        let tiny = polygon![(x: 120.8, y: 30.75), (x: 120.80002, y: 30.75), (x: 120.80001, y: 30.75002)];
        let big = polygon![(x: 120.72, y: 30.72), (x: 120.78, y: 30.72), (x: 120.78, y: 30.78), (x: 120.72, y: 30.78)];
        let levels = encode_levels(&plane, &MultiPolygon(vec![tiny, big]));
        for lod in 0..levels.len() {
            let level = rings_at(&levels, lod);
            assert_eq!(level.len(), 2, "{level:?}");
            assert_eq!(decode_ring(&level[0]).len(), 3, "the triangle stays a triangle");
            assert_eq!(decode_ring(&level[1]).len(), 4, "the square stays a square");
        }
    }

    #[test]
    fn holes_are_kept_as_rings_of_their_own() {
        let plane = Plane::of_box(BOX);
        let outer = LineString::from(vec![(120.72, 30.72), (120.88, 30.72), (120.88, 30.78), (120.72, 30.78), (120.72, 30.72)]);
        let hole = LineString::from(vec![(120.78, 30.74), (120.82, 30.74), (120.82, 30.76), (120.78, 30.74)]);
        let with_hole = MultiPolygon(vec![geo::Polygon::new(outer, vec![hole])]);
        let levels = encode_levels(&plane, &with_hole);
        assert!((0..levels.len()).all(|lod| rings_at(&levels, lod).len() == 2));
    }

    #[test]
    fn the_label_point_lies_inside_the_largest_part() {
        let plane = Plane::of_box(BOX);
        // An L-shape whose box centre is outside it, and a small exclave.
        let l_shape = polygon![(x: 120.72, y: 30.72), (x: 120.86, y: 30.72), (x: 120.86, y: 30.74), (x: 120.74, y: 30.74), (x: 120.74, y: 30.79), (x: 120.72, y: 30.79)];
        let exclave = polygon![(x: 120.88, y: 30.78), (x: 120.89, y: 30.78), (x: 120.89, y: 30.79)];
        let area = MultiPolygon(vec![exclave, l_shape.clone()]);
        let [x, y] = label_point(&plane, &area).expect("a point");
        let [lon, lat] = plane.unproject(x as f64, y as f64);
        assert!(l_shape.contains(&Point::new(lon, lat)), "{lon} {lat}");
        assert_eq!(label_point(&plane, &MultiPolygon(vec![])), None);
    }
}
