//! Planar geometry for the synthetic boundaries: convex polygons that exactly tile their parent.
//!
//! Every boundary is a convex polygon in WGS84 longitude/latitude, kept as a plain list of
//! vertices in counter-clockwise order without the closing repeat. A parent is split into
//! children by placing seed points inside it and taking each seed's Voronoi cell clipped to
//! the parent: the intersection of the (convex) parent with the half-planes nearer to its
//! own seed than to every sibling seed. Cells of a convex parent are convex and cover it
//! exactly, with shared edges lying on the same bisector lines, so siblings neither overlap
//! nor leave gaps beyond floating-point noise.
//!
//! Distances are measured with longitude scaled by cos(latitude) so that cells are round on
//! the ground rather than stretched east–west; the bisectors stay straight lines in lon/lat.

use rand::Rng;

/// A longitude/latitude pair.
pub type Pt = (f64, f64);

/// cos(30.75°): metres per degree of longitude relative to latitude around Jiaxing.
pub const LON_SCALE: f64 = 0.859_406_4;

/// Vertices closer than this (degrees, ~1 mm) are merged: they only arise from numerical noise.
const MERGE_EPS: f64 = 1e-8;

/// Twice the signed area (positive when counter-clockwise).
fn twice_signed_area(poly: &[Pt]) -> f64 {
    let n = poly.len();
    (0..n)
        .map(|i| {
            let (a, b) = (poly[i], poly[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum()
}

/// Unsigned area in square degrees.
pub fn area(poly: &[Pt]) -> f64 {
    twice_signed_area(poly).abs() / 2.0
}

/// The area centroid; falls back to the vertex mean for degenerate input.
pub fn centroid(poly: &[Pt]) -> Pt {
    let n = poly.len();
    let a2 = twice_signed_area(poly);
    if a2.abs() < 1e-18 {
        let (sx, sy) = poly.iter().fold((0.0, 0.0), |(x, y), p| (x + p.0, y + p.1));
        return (sx / n as f64, sy / n as f64);
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for i in 0..n {
        let (a, b) = (poly[i], poly[(i + 1) % n]);
        let cross = a.0 * b.1 - b.0 * a.1;
        cx += (a.0 + b.0) * cross;
        cy += (a.1 + b.1) * cross;
    }
    (cx / (3.0 * a2), cy / (3.0 * a2))
}

pub fn bbox(poly: &[Pt]) -> (Pt, Pt) {
    poly.iter()
        .fold(((f64::MAX, f64::MAX), (f64::MIN, f64::MIN)), |(lo, hi), p| ((lo.0.min(p.0), lo.1.min(p.1)), (hi.0.max(p.0), hi.1.max(p.1))))
}

/// Convex hull (Andrew's monotone chain), counter-clockwise, collinear points dropped.
pub fn convex_hull(points: &[Pt]) -> Vec<Pt> {
    let mut pts = points.to_vec();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    pts.dedup();
    if pts.len() < 3 {
        return pts;
    }
    let cross = |o: Pt, a: Pt, b: Pt| (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0);
    let mut hull: Vec<Pt> = Vec::with_capacity(pts.len() * 2);
    for pass in 0..2 {
        let start = hull.len();
        let iter: Box<dyn Iterator<Item = &Pt>> = if pass == 0 { Box::new(pts.iter()) } else { Box::new(pts.iter().rev()) };
        for &p in iter {
            while hull.len() >= start + 2 && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0 {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop(); // the last point of each chain starts the other one
    }
    hull
}

/// Whether `p` lies inside the convex counter-clockwise polygon, at least `margin`
/// (in cross-product units) away from every edge line.
pub fn convex_contains(poly: &[Pt], p: Pt, margin: f64) -> bool {
    let n = poly.len();
    (0..n).all(|i| {
        let (a, b) = (poly[i], poly[(i + 1) % n]);
        (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0) > margin
    })
}

/// Keeps the part of `poly` where `n · (p − m) ≤ 0` (Sutherland–Hodgman against one line).
fn clip_half_plane(poly: &[Pt], n: Pt, m: Pt) -> Vec<Pt> {
    let side = |p: Pt| n.0 * (p.0 - m.0) + n.1 * (p.1 - m.1);
    let len = poly.len();
    let mut out = Vec::with_capacity(len + 1);
    for i in 0..len {
        let (a, b) = (poly[i], poly[(i + 1) % len]);
        let (da, db) = (side(a), side(b));
        if da <= 0.0 {
            out.push(a);
        }
        // The edge crosses the line strictly: add the crossing point.
        if (da < 0.0 && db > 0.0) || (da > 0.0 && db < 0.0) {
            let t = da / (da - db);
            out.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
        }
    }
    out
}

/// Drops consecutive (and wrap-around) vertices that coincide within [`MERGE_EPS`].
fn merge_close(poly: Vec<Pt>) -> Vec<Pt> {
    let mut out: Vec<Pt> = Vec::with_capacity(poly.len());
    for p in poly {
        if out.last().is_none_or(|q| (q.0 - p.0).abs() > MERGE_EPS || (q.1 - p.1).abs() > MERGE_EPS) {
            out.push(p);
        }
    }
    while out.len() > 1 {
        let (first, last) = (out[0], out[out.len() - 1]);
        if (first.0 - last.0).abs() <= MERGE_EPS && (first.1 - last.1).abs() <= MERGE_EPS {
            out.pop();
        } else {
            break;
        }
    }
    out
}

/// The Voronoi cell of `seeds[own]` clipped to the convex `parent`.
fn cell(parent: &[Pt], seeds: &[Pt], own: usize) -> Vec<Pt> {
    let a = seeds[own];
    let mut poly = parent.to_vec();
    for (j, &b) in seeds.iter().enumerate() {
        if j == own || poly.len() < 3 {
            continue;
        }
        // Points nearer to a than to b in the scaled metric: n · (p − mid) ≤ 0 with
        // n = S²(b − a), S = diag(LON_SCALE, 1).
        let n = (LON_SCALE * LON_SCALE * (b.0 - a.0), b.1 - a.1);
        let mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        poly = clip_half_plane(&poly, n, mid);
    }
    merge_close(poly)
}

/// All cells of `seeds` inside `parent`, in seed order.
pub fn voronoi_cells(parent: &[Pt], seeds: &[Pt]) -> Vec<Vec<Pt>> {
    (0..seeds.len()).map(|i| cell(parent, seeds, i)).collect()
}

/// A uniformly random point inside the convex polygon, pulled slightly towards the centroid
/// so that it is strictly inside (never on an edge).
pub fn random_point_inside<R: Rng>(poly: &[Pt], rng: &mut R, pull: f64) -> Pt {
    let (lo, hi) = bbox(poly);
    let c = centroid(poly);
    // A sliver too thin to sample (cells of 100,000 micro-grids can be): its centre will do.
    if !(lo.0 < hi.0 && lo.1 < hi.1) {
        return c;
    }
    for _ in 0..64 {
        let p = (rng.gen_range(lo.0..=hi.0), rng.gen_range(lo.1..=hi.1));
        if convex_contains(poly, p, 0.0) {
            return (c.0 + (1.0 - pull) * (p.0 - c.0), c.1 + (1.0 - pull) * (p.1 - c.1));
        }
    }
    c
}

/// `count` seeds spread over the convex `parent`: random points relaxed by a few Lloyd
/// iterations (each seed moves to its cell's centroid), which evens out cell sizes while
/// keeping the layout irregular.
pub fn spread_seeds<R: Rng>(parent: &[Pt], count: usize, iterations: usize, rng: &mut R) -> Vec<Pt> {
    let mut seeds: Vec<Pt> = (0..count).map(|_| random_point_inside(parent, rng, 0.05)).collect();
    for _ in 0..iterations {
        let cells = voronoi_cells(parent, &seeds);
        for (seed, cell) in seeds.iter_mut().zip(&cells) {
            if cell.len() >= 3 {
                *seed = centroid(cell);
            }
        }
    }
    seeds
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn square() -> Vec<Pt> {
        vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
    }

    #[test]
    fn hull_is_counter_clockwise_and_drops_interior_points() {
        let hull = convex_hull(&[(0.0, 0.0), (1.0, 0.0), (0.5, 0.5), (1.0, 1.0), (0.0, 1.0), (0.5, 0.0)]);
        assert_eq!(hull.len(), 4);
        assert!(twice_signed_area(&hull) > 0.0);
        assert!((area(&hull) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn half_plane_clip_cuts_a_square_in_two() {
        let left = clip_half_plane(&square(), (1.0, 0.0), (0.25, 0.0));
        assert!((area(&left) - 0.25).abs() < 1e-12, "{left:?}");
        assert!(twice_signed_area(&left) > 0.0);
    }

    #[test]
    fn cells_of_a_square_sum_to_the_square() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let seeds = spread_seeds(&square(), 25, 3, &mut rng);
        let cells = voronoi_cells(&square(), &seeds);
        let total: f64 = cells.iter().map(|c| area(c)).sum();
        assert!((total - 1.0).abs() < 1e-12, "{total}");
        for (cell, seed) in cells.iter().zip(&seeds) {
            assert!(convex_contains(cell, *seed, 0.0));
        }
    }

    #[test]
    fn random_points_are_strictly_inside() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let tri = vec![(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)];
        for _ in 0..1000 {
            assert!(convex_contains(&tri, random_point_inside(&tri, &mut rng, 0.02), 0.0));
        }
    }
}
