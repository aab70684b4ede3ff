//! The full-detail map's arithmetic, apart from the canvas so it is tested on the host: the
//! view (plane units to screen pixels: pan, zoom about a point, fit), which level of detail a
//! zoom draws, path text from the delta-coded rings, picking a place under the pointer
//! through a grid of buckets and an even-odd test, and labels placed greedily so that none
//! ever overlaps another.

/// Plane units to CSS pixels: `screen = plane × k + (tx, ty)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub k: f64,
    pub tx: f64,
    pub ty: f64,
}

/// How far in a view may zoom past the fit: a 20 km district at 4,096× shows a 5 m wide
/// micro-grid 50 pixels wide on a 1,000-pixel map.
const MOST_ZOOM: f64 = 4_096.0;

impl View {
    /// The whole plane (`size` units) centred in `width` × `height` pixels, `margin` free.
    pub fn fit(size: [f64; 2], width: f64, height: f64, margin: f64) -> View {
        let k = ((width - 2.0 * margin).max(1.0) / size[0].max(1.0)).min((height - 2.0 * margin).max(1.0) / size[1].max(1.0));
        View { k, tx: (width - size[0] * k) / 2.0, ty: (height - size[1] * k) / 2.0 }
    }

    pub fn to_screen(self, p: [f64; 2]) -> [f64; 2] {
        [p[0] * self.k + self.tx, p[1] * self.k + self.ty]
    }

    pub fn to_plane(self, s: [f64; 2]) -> [f64; 2] {
        [(s[0] - self.tx) / self.k, (s[1] - self.ty) / self.k]
    }

    pub fn pan(self, dx: f64, dy: f64) -> View {
        View { tx: self.tx + dx, ty: self.ty + dy, ..self }
    }

    /// Zoomed by `factor` about screen point `at` (which stays over the same place), kept
    /// between half the fit's scale and [`MOST_ZOOM`] times it.
    pub fn zoom_at(self, factor: f64, at: [f64; 2], fit_k: f64) -> View {
        let k = (self.k * factor).clamp(fit_k * 0.5, fit_k * MOST_ZOOM);
        let p = self.to_plane(at);
        View { k, tx: at[0] - p[0] * k, ty: at[1] - p[1] * k }
    }

    /// The level of detail to draw: the coarsest whose tolerance is under a pixel.
    pub fn level_of_detail(self, tolerances: &[f64]) -> usize {
        tolerances.iter().position(|t| t * self.k <= 1.0).unwrap_or(tolerances.len().saturating_sub(1))
    }
}

/// The absolute vertices of a ring `[x0, y0, dx1, dy1, …]`.
pub fn decode(ring: &[i32]) -> Vec<[i32; 2]> {
    let mut at = [0, 0];
    ring.chunks_exact(2)
        .map(|step| {
            at = [at[0] + step[0], at[1] + step[1]];
            at
        })
        .collect()
}

/// Appends a ring as SVG path text in plane units (`M x y L … Z`), for a `Path2D`.
pub fn push_ring_path(out: &mut String, ring: &[i32]) {
    use std::fmt::Write as _;
    for (i, [x, y]) in decode(ring).into_iter().enumerate() {
        let _ = write!(out, "{}{x} {y}", if i == 0 { "M" } else { "L" });
    }
    out.push('Z');
}

/// `[min_x, min_y, max_x, max_y]` of rings; `None` when they hold no vertex.
pub fn bounds(rings: &[Vec<[i32; 2]>]) -> Option<[i32; 4]> {
    let mut all = rings.iter().flatten();
    let first = all.next()?;
    Some(all.fold([first[0], first[1], first[0], first[1]], |b, p| [b[0].min(p[0]), b[1].min(p[1]), b[2].max(p[0]), b[3].max(p[1])]))
}

/// Whether plane point `p` is inside `rings`, even-odd (as the map fills them).
pub fn contains(rings: &[Vec<[i32; 2]>], p: [f64; 2]) -> bool {
    let mut inside = false;
    for ring in rings {
        for (i, a) in ring.iter().enumerate() {
            let b = ring[(i + 1) % ring.len()];
            let (ax, ay, bx, by) = (a[0] as f64, a[1] as f64, b[0] as f64, b[1] as f64);
            if (ay > p[1]) != (by > p[1]) && p[0] < ax + (p[1] - ay) * (bx - ax) / (by - ay) {
                inside = !inside;
            }
        }
    }
    inside
}

/// Buckets per side of the picking grid: 100,000 places make ~24 per bucket.
const PICK_CELLS: usize = 64;

/// Finds the place under a point: each place's finest rings, filed under every grid bucket
/// its bounds touch, so a pick tests a handful of polygons, not all of them.
pub struct PickIndex {
    rings: Vec<Vec<Vec<[i32; 2]>>>,
    bounds: Vec<Option<[i32; 4]>>,
    cell: [f64; 2],
    cells: Vec<Vec<u32>>,
}

impl PickIndex {
    /// The index of places' decoded rings over a plane of `size` units.
    pub fn new(rings: Vec<Vec<Vec<[i32; 2]>>>, size: [f64; 2]) -> PickIndex {
        let cell = [size[0].max(1.0) / PICK_CELLS as f64, size[1].max(1.0) / PICK_CELLS as f64];
        let mut cells = vec![Vec::new(); PICK_CELLS * PICK_CELLS];
        let bounds: Vec<Option<[i32; 4]>> = rings.iter().map(|r| self::bounds(r)).collect();
        for (i, b) in bounds.iter().enumerate() {
            let Some([x0, y0, x1, y1]) = *b else { continue };
            let [cx0, cy0] = Self::cell_of(cell, [x0 as f64, y0 as f64]);
            let [cx1, cy1] = Self::cell_of(cell, [x1 as f64, y1 as f64]);
            for cy in cy0..=cy1 {
                for cx in cx0..=cx1 {
                    cells[cy * PICK_CELLS + cx].push(i as u32);
                }
            }
        }
        PickIndex { rings, bounds, cell, cells }
    }

    fn cell_of(cell: [f64; 2], p: [f64; 2]) -> [usize; 2] {
        let at = |v: f64, size: f64| ((v / size).floor().max(0.0) as usize).min(PICK_CELLS - 1);
        [at(p[0], cell[0]), at(p[1], cell[1])]
    }

    /// The place containing plane point `p`; the first in order where rings share an edge.
    pub fn pick(&self, p: [f64; 2]) -> Option<usize> {
        if !(p[0].is_finite() && p[1].is_finite()) {
            return None;
        }
        let [cx, cy] = Self::cell_of(self.cell, p);
        let mut candidates: Vec<u32> = self.cells[cy * PICK_CELLS + cx].clone();
        candidates.sort_unstable();
        candidates.into_iter().map(|i| i as usize).find(|&i| {
            self.bounds[i].is_some_and(|[x0, y0, x1, y1]| p[0] >= x0 as f64 && p[0] <= x1 as f64 && p[1] >= y0 as f64 && p[1] <= y1 as f64)
                && contains(&self.rings[i], p)
        })
    }

    /// A place's finest rings (for its highlight).
    pub fn rings(&self, i: usize) -> &[Vec<[i32; 2]>] {
        &self.rings[i]
    }

    /// A place's bounds in plane units.
    pub fn bounds_of(&self, i: usize) -> Option<[i32; 4]> {
        self.bounds.get(i).copied().flatten()
    }
}

/// A label that might be drawn: centred at `at` (screen pixels), `size` wide and high,
/// lower `rank` placed first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelBox {
    pub at: [f64; 2],
    pub size: [f64; 2],
    pub rank: f64,
}

/// Room kept around every label so neighbours do not touch.
const LABEL_GAP: f64 = 3.0;

/// The labels to draw, by index: in rank order, each one that overlaps none already placed
/// and lies wholly inside the `width` × `height` screen.
pub fn place_labels(candidates: &[LabelBox], width: f64, height: f64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| candidates[a].rank.total_cmp(&candidates[b].rank));
    let mut placed: Vec<[f64; 4]> = Vec::new();
    let mut chosen = Vec::new();
    for i in order {
        let c = &candidates[i];
        let r = [c.at[0] - c.size[0] / 2.0, c.at[1] - c.size[1] / 2.0, c.at[0] + c.size[0] / 2.0, c.at[1] + c.size[1] / 2.0];
        if r[0] < 0.0 || r[1] < 0.0 || r[2] > width || r[3] > height {
            continue;
        }
        let clear = placed
            .iter()
            .all(|p| r[2] + LABEL_GAP <= p[0] || p[2] + LABEL_GAP <= r[0] || r[3] + LABEL_GAP <= p[1] || p[3] + LABEL_GAP <= r[1]);
        if clear {
            placed.push(r);
            chosen.push(i);
        }
    }
    chosen
}

/// The width of `text` in a font of `px` pixels, near enough to keep labels apart: a Chinese
/// character is square, a digit or Latin letter about six tenths of one.
pub fn text_width(text: &str, px: f64) -> f64 {
    text.chars().map(|c| if c.is_ascii() { 0.6 } else { 1.0 }).sum::<f64>() * px
}

/// Colour steps of the fill: fine enough that neighbouring steps look alike, few enough that
/// a frame fills one path per step.
pub const COLOUR_STEPS: usize = 32;

/// The step of a position from best (0) to worst (1).
pub fn colour_step(badness: f64) -> usize {
    let t = if badness.is_nan() { 0.0 } else { badness.clamp(0.0, 1.0) };
    ((t * (COLOUR_STEPS - 1) as f64).round() as usize).min(COLOUR_STEPS - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: i32, y: i32, side: i32) -> Vec<[i32; 2]> {
        vec![[x, y], [x + side, y], [x + side, y + side], [x, y + side]]
    }

    #[test]
    fn fit_centres_the_plane_and_to_plane_inverts_to_screen() {
        let view = View::fit([1000.0, 500.0], 800.0, 600.0, 50.0);
        assert!((view.k - 0.7).abs() < 1e-12, "700 px for 1000 units: {}", view.k);
        let [x, y] = view.to_screen([500.0, 250.0]);
        assert!((x - 400.0).abs() < 1e-9 && (y - 300.0).abs() < 1e-9);
        let back = view.to_plane(view.to_screen([123.0, 456.0]));
        assert!((back[0] - 123.0).abs() < 1e-9 && (back[1] - 456.0).abs() < 1e-9);
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer_and_stays_in_bounds() {
        let view = View::fit([1000.0, 1000.0], 500.0, 500.0, 0.0);
        let under = view.to_plane([120.0, 340.0]);
        let zoomed = view.zoom_at(3.0, [120.0, 340.0], view.k);
        let still = zoomed.to_plane([120.0, 340.0]);
        assert!((still[0] - under[0]).abs() < 1e-9 && (still[1] - under[1]).abs() < 1e-9);
        assert!((zoomed.k - 1.5).abs() < 1e-12);
        assert_eq!(view.zoom_at(1e9, [0.0, 0.0], view.k).k, view.k * MOST_ZOOM);
        assert_eq!(view.zoom_at(1e-9, [0.0, 0.0], view.k).k, view.k * 0.5);
        let panned = view.pan(10.0, -5.0);
        assert_eq!((panned.tx - view.tx, panned.ty - view.ty), (10.0, -5.0));
    }

    #[test]
    fn the_level_of_detail_is_the_coarsest_under_a_pixel() {
        let tolerances = [32.0, 8.0, 2.0];
        let at = |k: f64| View { k, tx: 0.0, ty: 0.0 }.level_of_detail(&tolerances);
        assert_eq!(at(1.0 / 40.0), 0);
        assert_eq!(at(1.0 / 32.0), 0);
        assert_eq!(at(1.0 / 20.0), 1);
        assert_eq!(at(1.0 / 3.0), 2);
        assert_eq!(at(5.0), 2, "the finest beyond");
    }

    #[test]
    fn ring_paths_decode_the_steps() {
        assert_eq!(decode(&[10, 20, 5, 0, 0, 5]), vec![[10, 20], [15, 20], [15, 25]]);
        let mut d = String::new();
        push_ring_path(&mut d, &[10, 20, 5, 0, 0, 5]);
        assert_eq!(d, "M10 20L15 20L15 25Z");
    }

    #[test]
    fn picking_finds_the_place_under_the_point_and_honours_holes() {
        // Three squares side by side; the middle one has a hole, and a fourth fills the hole.
        let mut middle = vec![square(100, 0, 100)];
        middle.push(square(130, 30, 40));
        let rings = vec![vec![square(0, 0, 100)], middle, vec![square(200, 0, 100)], vec![square(130, 30, 40)]];
        let index = PickIndex::new(rings, [300.0, 100.0]);
        assert_eq!(index.pick([50.0, 50.0]), Some(0));
        assert_eq!(index.pick([110.0, 10.0]), Some(1));
        assert_eq!(index.pick([150.0, 50.0]), Some(3), "the hole belongs to the place inside it");
        assert_eq!(index.pick([250.0, 99.0]), Some(2));
        assert_eq!(index.pick([350.0, 50.0]), None);
        assert_eq!(index.pick([f64::NAN, 1.0]), None);
        assert_eq!(index.bounds_of(1), Some([100, 0, 200, 100]));
    }

    #[test]
    fn picking_agrees_with_a_scan_of_every_place() {
        // A 30 × 30 grid of 10-unit cells: the pick is the cell the point falls in.
        let rings: Vec<_> = (0..900).map(|i| vec![square((i % 30) * 10, (i / 30) * 10, 10)]).collect();
        let index = PickIndex::new(rings.clone(), [300.0, 300.0]);
        for k in 0..500 {
            let p = [(k * 37 % 300) as f64 + 0.5, (k * 53 % 300) as f64 + 0.25];
            let scan = (0..rings.len()).find(|&i| contains(&rings[i], p));
            assert_eq!(index.pick(p), scan, "{p:?}");
        }
    }

    #[test]
    fn labels_never_overlap_and_the_better_ranked_wins() {
        let at = |x: f64, y: f64, rank: f64| LabelBox { at: [x, y], size: [40.0, 14.0], rank };
        let candidates = [at(100.0, 100.0, 2.0), at(110.0, 104.0, 1.0), at(200.0, 100.0, 3.0), at(5.0, 100.0, 0.0), at(300.0, 300.0, 4.0)];
        let chosen = place_labels(&candidates, 400.0, 200.0);
        assert_eq!(chosen, vec![1, 2], "0 collides with 1; 3 sticks out left; 4 is off screen");
    }

    #[test]
    fn label_widths_count_chinese_characters_square() {
        assert_eq!(text_width("秀苗社区", 10.0), 40.0);
        assert_eq!(text_width("12", 10.0), 12.0);
    }

    #[test]
    fn colour_steps_span_best_to_worst() {
        assert_eq!(colour_step(0.0), 0);
        assert_eq!(colour_step(1.0), COLOUR_STEPS - 1);
        assert_eq!(colour_step(7.0), COLOUR_STEPS - 1);
        assert_eq!(colour_step(f64::NAN), 0);
        assert!(colour_step(0.4) < colour_step(0.6));
    }
}
