//! Drawing the full-detail map on canvases. A frame while panning or zooming only copies a
//! layer drawn once (`present`): its cost does not grow with the number of places. The layer
//! (`render`, the screen plus a margin on every side) is drawn again when the gesture ends,
//! when the copy would show an edge, or when values change: one filled path per colour step
//! (not one per place), then the borders where places are big enough to tell apart, the
//! outline of the focus's children, and the labels that fit without touching.

use wangge_api::{ChoroplethMetric, DetailMap, WarningLevel};
use web_sys::{CanvasRenderingContext2d, CanvasWindingRule, HtmlCanvasElement, Path2d};

use crate::colours::{ramp, Scale, NO_DATA};
use crate::detail_plane::{bounds, colour_step, decode, place_labels, push_ring_path, text_width, LabelBox, PickIndex, View, COLOUR_STEPS};
use crate::figures::{group_thousands, percent};

/// Pixels a place must be across before its border is drawn: smaller, borders would grey the map.
const BORDER_FROM_PX: f64 = 6.0;
/// Type of place labels and of the focus's children's names, in CSS pixels.
const LABEL_PX: f64 = 12.0;
const GROUP_LABEL_PX: f64 = 16.0;

/// The geometry of one view, decoded once.
pub struct Shapes {
    pub map: DetailMap,
    pub index: PickIndex,
    group_bounds: Vec<Option<[i32; 4]>>,
    /// Lazily built per level of detail: every place's rings (borders), the groups' outline.
    borders: Vec<Option<Path2d>>,
    outline: Option<Path2d>,
}

impl Shapes {
    pub fn new(map: DetailMap) -> Shapes {
        let finest = map.tolerances.len().saturating_sub(1);
        let rings = map.areas.iter().map(|a| a.rings_at(finest).iter().map(|r| decode(r)).collect()).collect();
        let index = PickIndex::new(rings, map.plane.size);
        let group_bounds = map.groups.iter().map(|g| bounds(&g.rings.iter().map(|r| decode(r)).collect::<Vec<_>>())).collect();
        let borders = vec![None; map.tolerances.len()];
        Shapes { map, index, group_bounds, borders, outline: None }
    }

    fn borders(&mut self, lod: usize) -> Option<&Path2d> {
        if self.borders[lod].is_none() {
            let mut d = String::new();
            for area in &self.map.areas {
                for ring in area.rings_at(lod) {
                    push_ring_path(&mut d, ring);
                }
            }
            self.borders[lod] = Path2d::new_with_path_string(&d).ok();
        }
        self.borders[lod].as_ref()
    }

    fn outline(&mut self) -> Option<&Path2d> {
        if self.outline.is_none() {
            let mut d = String::new();
            for ring in self.map.groups.iter().flat_map(|g| &g.rings) {
                push_ring_path(&mut d, ring);
            }
            self.outline = Path2d::new_with_path_string(&d).ok();
        }
        self.outline.as_ref()
    }
}

/// One metric's values over the places, and the fills made of them per level of detail.
pub struct Paint {
    pub metric: ChoroplethMetric,
    /// Set in the 预警等级 mode: places are filled by level, `values` stay empty.
    pub levels: Option<Vec<WarningLevel>>,
    pub values: Vec<Option<f64>>,
    /// The change-log sequence number the values include.
    pub seq: i64,
    pub scale: Option<Scale>,
    fills: Vec<Option<Vec<(String, Path2d)>>>,
}

impl Paint {
    pub fn new(metric: ChoroplethMetric, values: Vec<Option<f64>>, seq: i64, levels: usize) -> Paint {
        let scale = Scale::over_values(metric, values.iter().copied());
        Paint { metric, levels: None, values, seq, scale, fills: vec![None; levels] }
    }

    /// Places filled by their warning level.
    pub fn of_levels(metric: ChoroplethMetric, levels: Vec<WarningLevel>, seq: i64, lods: usize) -> Paint {
        let values = vec![None; levels.len()];
        Paint { metric, levels: Some(levels), values, seq, scale: None, fills: vec![None; lods] }
    }

    /// Some values moved: the scale and the fills are made again at the next render.
    pub fn changed(&mut self) {
        self.scale = Scale::over_values(self.metric, self.values.iter().copied());
        self.fills.iter_mut().for_each(|f| *f = None);
    }

    fn fills(&mut self, shapes: &Shapes, lod: usize) -> &[(String, Path2d)] {
        if self.fills[lod].is_none() {
            // One path per colour step, and the last for places without a value.
            let mut steps = vec![String::new(); COLOUR_STEPS + 1];
            for (i, area) in shapes.map.areas.iter().enumerate() {
                let step = match (&self.levels, self.values.get(i).copied().flatten(), self.scale) {
                    // A level's colour is its own; the steps hold the five, least severe first.
                    (Some(levels), _, _) => levels.get(i).map_or(COLOUR_STEPS, |l| level_step(*l)),
                    (None, Some(v), Some(scale)) => colour_step(scale.badness(v)),
                    _ => COLOUR_STEPS,
                };
                for ring in area.rings_at(lod) {
                    push_ring_path(&mut steps[step], ring);
                }
            }
            let paths = steps
                .into_iter()
                .enumerate()
                .filter(|(_, d)| !d.is_empty())
                .filter_map(|(step, d)| {
                    let colour = match &self.levels {
                        _ if step == COLOUR_STEPS => NO_DATA.to_string(),
                        Some(_) => LEVELS.get(step).map_or(NO_DATA, |l| l.colour_hex()).to_string(),
                        None => step_colour(step),
                    };
                    Some((colour, Path2d::new_with_path_string(&d).ok()?))
                })
                .collect();
            self.fills[lod] = Some(paths);
        }
        self.fills[lod].as_deref().unwrap_or_default()
    }
}

/// The levels by severity, least first: a level's fill step is its place here.
const LEVELS: [WarningLevel; 5] =
    [WarningLevel::Green, WarningLevel::LightYellow, WarningLevel::Yellow, WarningLevel::Orange, WarningLevel::Red];

fn level_step(level: WarningLevel) -> usize {
    LEVELS.iter().position(|l| *l == level).unwrap_or(COLOUR_STEPS)
}

fn step_colour(step: usize) -> String {
    ramp(step as f64 / (COLOUR_STEPS - 1) as f64)
}

/// A value as a commander reads it on the map: a count, or a rate to one decimal.
pub fn value_text(metric: ChoroplethMetric, value: Option<f64>) -> String {
    match value {
        None => "—".to_string(),
        Some(v) if metric.figure().is_rate() => percent(Some(v)),
        Some(v) => group_thousands(v.round().max(0.0) as u64),
    }
}

/// Where the layer stands: the view it was drawn at and its margin around the screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layer {
    pub view: View,
    pub margin: [f64; 2],
}

/// What a render drew, for the page's test hooks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Drawn {
    pub places: usize,
    pub labels: usize,
    pub lod: usize,
}

/// The screen in CSS pixels and the device pixel ratio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Screen {
    pub width: f64,
    pub height: f64,
    pub dpr: f64,
}

/// Draws the layer for `view`: fills, borders, outline, labels. Returns what it drew.
pub fn render(layer: &HtmlCanvasElement, screen: Screen, view: View, shapes: &mut Shapes, paint: &mut Paint) -> (Layer, Drawn) {
    let margin = [(screen.width / 4.0).round(), (screen.height / 4.0).round()];
    let (lw, lh) = (screen.width + 2.0 * margin[0], screen.height + 2.0 * margin[1]);
    let (pw, ph) = ((lw * screen.dpr).round() as u32, (lh * screen.dpr).round() as u32);
    if layer.width() != pw || layer.height() != ph {
        layer.set_width(pw);
        layer.set_height(ph);
    }
    let placed = Layer { view, margin };
    let Some(ctx) = context(layer) else { return (placed, Drawn::default()) };
    let dpr = screen.dpr;
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, pw as f64, ph as f64);
    let lod = view.level_of_detail(&shapes.map.tolerances);
    let _ = ctx.set_transform(dpr * view.k, 0.0, 0.0, dpr * view.k, dpr * (view.tx + margin[0]), dpr * (view.ty + margin[1]));
    for (colour, path) in paint.fills(shapes, lod) {
        ctx.set_fill_style_str(colour);
        ctx.fill_with_path_2d_and_winding(path, CanvasWindingRule::Evenodd);
    }
    let places = shapes.map.areas.iter().filter(|a| !a.rings_at(lod).is_empty()).count();
    let across = shapes.map.plane.size[0] * view.k / (shapes.map.areas.len().max(1) as f64).sqrt();
    ctx.set_line_join("round");
    if across >= BORDER_FROM_PX {
        if let Some(borders) = shapes.borders(lod) {
            ctx.set_line_width(0.6 / view.k);
            ctx.set_stroke_style_str("rgba(8, 12, 20, 0.55)");
            ctx.stroke_with_path(borders);
        }
    }
    if let Some(outline) = shapes.outline() {
        ctx.set_line_width(1.6 / view.k);
        ctx.set_stroke_style_str("rgba(226, 232, 240, 0.85)");
        ctx.stroke_with_path(outline);
    }
    // Label boxes are worked out in layer pixels (margin included).
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    let labels = draw_labels(&ctx, screen, view, margin, shapes, paint);
    (placed, Drawn { places, labels, lod })
}

/// Copies the layer onto the screen for `view` (moved or scaled since it was drawn). Returns
/// false when the copy would leave part of the screen empty: time to render again.
pub fn present(canvas: &HtmlCanvasElement, layer_canvas: &HtmlCanvasElement, screen: Screen, view: View, layer: Layer) -> bool {
    let Some(ctx) = context(canvas) else { return true };
    let dpr = screen.dpr;
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
    let s = view.k / layer.view.k;
    // A layer pixel u (CSS, margin included) lands at u·s + t − (margin + t_layer)·s.
    let x = view.tx - (layer.margin[0] + layer.view.tx) * s;
    let y = view.ty - (layer.margin[1] + layer.view.ty) * s;
    let w = (screen.width + 2.0 * layer.margin[0]) * s;
    let h = (screen.height + 2.0 * layer.margin[1]) * s;
    let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(layer_canvas, x * dpr, y * dpr, w * dpr, h * dpr);
    x <= 0.0 && y <= 0.0 && x + w >= screen.width && y + h >= screen.height && (0.5..=2.0).contains(&s)
}

/// Strokes one place's rings on the screen (the hovered or picked place).
pub fn highlight(canvas: &HtmlCanvasElement, screen: Screen, view: View, rings: &[Vec<[i32; 2]>], colour: &str, width: f64) {
    let Some(ctx) = context(canvas) else { return };
    let dpr = screen.dpr;
    let _ = ctx.set_transform(dpr * view.k, 0.0, 0.0, dpr * view.k, dpr * view.tx, dpr * view.ty);
    ctx.begin_path();
    for ring in rings {
        for (i, p) in ring.iter().enumerate() {
            if i == 0 {
                ctx.move_to(p[0] as f64, p[1] as f64);
            } else {
                ctx.line_to(p[0] as f64, p[1] as f64);
            }
        }
        ctx.close_path();
    }
    ctx.set_line_width(width / view.k);
    ctx.set_stroke_style_str(colour);
    ctx.stroke();
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    use wasm_bindgen::JsCast;
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// Type grows with the screen: a 2160-pixel wall reads its names from across the room.
fn label_scale(screen: Screen) -> f64 {
    (screen.height / 900.0).max(1.0)
}

/// Names of the focus's children while the view is wide, then of the places big enough for
/// theirs (with the value beneath where two lines fit), none touching another.
fn draw_labels(ctx: &CanvasRenderingContext2d, screen: Screen, view: View, margin: [f64; 2], shapes: &Shapes, paint: &Paint) -> usize {
    let (lw, lh) = (screen.width + 2.0 * margin[0], screen.height + 2.0 * margin[1]);
    let (label_px, group_px) = (LABEL_PX * label_scale(screen), GROUP_LABEL_PX * label_scale(screen));
    // (text, second line, font px, box)
    let mut texts: Vec<(String, Option<String>, f64)> = Vec::new();
    let mut boxes: Vec<LabelBox> = Vec::new();
    let to_layer = |p: [f64; 2]| {
        let [x, y] = view.to_screen(p);
        [x + margin[0], y + margin[1]]
    };
    for (group, b) in shapes.map.groups.iter().zip(&shapes.group_bounds) {
        let Some([x0, _, x1, _]) = *b else { continue };
        // A child's name helps while it is smaller than the screen; closer in, places are named.
        if (x1 - x0) as f64 * view.k > screen.width * 0.8 {
            continue;
        }
        let at = to_layer([group.label[0] as f64, group.label[1] as f64]);
        boxes.push(LabelBox { at, size: [text_width(&group.name, group_px) + 8.0, group_px + 6.0], rank: -1.0 });
        texts.push((group.name.clone(), None, group_px));
    }
    for (i, area) in shapes.map.areas.iter().enumerate() {
        let Some([x0, y0, x1, y1]) = shapes.index.bounds_of(i) else { continue };
        let [sx0, sy0] = to_layer([x0 as f64, y0 as f64]);
        let [sx1, sy1] = to_layer([x1 as f64, y1 as f64]);
        let (w, h) = (sx1 - sx0, sy1 - sy0);
        if sx1 < 0.0 || sy1 < 0.0 || sx0 > lw || sy0 > lh || h < label_px + 4.0 {
            continue;
        }
        let name_w = text_width(&area.name, label_px) + 4.0;
        if w < name_w {
            continue;
        }
        let value = match &paint.levels {
            Some(levels) => levels.get(i).map(|l| l.label_in(crate::i18n::language()).to_string()).unwrap_or_default(),
            None => value_text(paint.metric, paint.values.get(i).copied().flatten()),
        };
        let two_lines = h >= 2.0 * label_px + 10.0 && w >= text_width(&value, label_px) + 4.0;
        let height = if two_lines { 2.0 * label_px + 4.0 } else { label_px + 2.0 };
        let at = to_layer([area.label[0] as f64, area.label[1] as f64]);
        boxes.push(LabelBox { at, size: [name_w, height], rank: -(w * h) });
        texts.push((area.name.clone(), two_lines.then_some(value), label_px));
    }
    let chosen = place_labels(&boxes, lw, lh);
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    ctx.set_line_join("round");
    for &i in &chosen {
        let (text, value, px) = &texts[i];
        let LabelBox { at, size, .. } = boxes[i];
        let weight = if *px > label_px { "600" } else { "400" };
        ctx.set_font(&format!("{weight} {px}px \"Noto Sans CJK SC\", \"Microsoft YaHei\", sans-serif"));
        let lines: Vec<(&str, f64)> = match value {
            Some(value) => vec![(text.as_str(), at[1] - size[1] / 4.0), (value.as_str(), at[1] + size[1] / 4.0)],
            None => vec![(text.as_str(), at[1])],
        };
        for (line, y) in lines {
            ctx.set_line_width(3.0);
            ctx.set_stroke_style_str("rgba(8, 12, 20, 0.85)");
            let _ = ctx.stroke_text(line, at[0], y);
            ctx.set_fill_style_str("#f1f5f9");
            let _ = ctx.fill_text(line, at[0], y);
        }
    }
    chosen.len()
}
