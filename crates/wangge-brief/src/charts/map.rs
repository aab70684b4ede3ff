//! The children of the node on a map, coloured by one figure, with a legend, a north arrow
//! and a scale bar. Drawn in pixels on the chart area (a map has no axes): longitude is
//! scaled by the cosine of the middle latitude so that areas keep their shape.

use geo::{Area, BoundingRect, Centroid, MultiPolygon, Polygon};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use wangge_domain::metrics::{Figure, Metrics};

use super::style::{self, GREY, LIGHT_GREY};
use super::{Drawn, HEIGHT, WIDTH};
use crate::numbers;
use crate::BriefData;

/// Light to dark: more of the figure is darker.
const CLASS_COLOURS: [RGBColor; 5] =
    [RGBColor(239, 243, 255), RGBColor(189, 215, 238), RGBColor(107, 174, 214), RGBColor(49, 130, 189), RGBColor(8, 81, 156)];
const NO_VALUE: RGBColor = RGBColor(236, 236, 236);
const METRES_PER_DEGREE: f64 = 111_320.0;

/// The map occupies the left of the chart; the legend the right.
const MAP_LEFT: i32 = 12;
const MAP_TOP: i32 = 44;
const MAP_RIGHT: i32 = 540;
const MAP_BOTTOM: i32 = HEIGHT as i32 - 12;

pub fn choropleth(data: &BriefData, figure: &Figure) -> Drawn {
    let classes = Classes::for_figure(figure, data);
    let shapes: Vec<(&str, &MultiPolygon<f64>, Option<f64>)> =
        data.children.iter().map(|c| (c.name.as_str(), &c.boundary, Metrics { counts: c.counts }.value(figure.name))).collect();
    let projection = Projection::fitting(shapes.iter().map(|s| s.1));
    let title = format!("各{}{}分布", data.child_level_label, figure.label_zh);

    style::svg(|root| {
        root.draw(&Text::new(title.as_str(), (MAP_LEFT, 8), style::text(style::TITLE_SIZE)))?;
        let Some(projection) = projection else {
            root.draw(&Text::new("无边界可画", (MAP_LEFT, MAP_TOP + 20), style::text(style::LABEL_SIZE)))?;
            return Ok(());
        };
        // Largest first, so that an enclave is drawn over the area around it.
        let mut order: Vec<usize> = (0..shapes.len()).collect();
        order.sort_by(|&a, &b| shapes[b].1.unsigned_area().total_cmp(&shapes[a].1.unsigned_area()));
        for &i in &order {
            let (_, boundary, value) = shapes[i];
            let fill = classes.colour(value);
            for polygon in boundary {
                let ring = projection.ring(polygon);
                root.draw(&plotters::element::Polygon::new(ring.clone(), fill.filled()))?;
                root.draw(&PathElement::new(ring, WHITE.stroke_width(1)))?;
            }
        }
        draw_labels(root, &projection, &shapes, figure)?;
        draw_legend(root, &classes, figure)?;
        draw_north_arrow(root)?;
        draw_scale_bar(root, &projection)?;
        Ok(())
    })
}

/// Five classes of the figure's values: fixed steps for rates (so 94% and 98% do not look
/// like opposites), equal steps from zero to the largest value for counts.
struct Classes {
    upper_bounds: [f64; 5],
    rate: bool,
}

impl Classes {
    fn for_figure(figure: &Figure, data: &BriefData) -> Classes {
        if figure.is_rate() {
            return Classes { upper_bounds: [0.5, 0.8, 0.9, 0.95, f64::INFINITY], rate: true };
        }
        let max = data.children.iter().filter_map(|c| Metrics { counts: c.counts }.value(figure.name)).fold(0.0, f64::max);
        let step = nice_step(max / 5.0);
        Classes { upper_bounds: [step, 2.0 * step, 3.0 * step, 4.0 * step, f64::INFINITY], rate: false }
    }

    fn class(&self, value: f64) -> usize {
        self.upper_bounds.iter().position(|&upper| value < upper).unwrap_or(4)
    }

    fn colour(&self, value: Option<f64>) -> RGBColor {
        value.map_or(NO_VALUE, |v| CLASS_COLOURS[self.class(v)])
    }

    /// The legend line of class `i`.
    fn label(&self, i: usize) -> String {
        let show = |v: f64| if self.rate { format!("{:.0}%", v * 100.0) } else { numbers::grouped(v as i64) };
        match i {
            0 => format!("< {}", show(self.upper_bounds[0])),
            4 => format!("≥ {}", show(self.upper_bounds[3])),
            _ => format!("{} – {}", show(self.upper_bounds[i - 1]), show(self.upper_bounds[i])),
        }
    }
}

/// 1, 2 or 5 times a power of ten, at least `x` (and at least 1: counts are whole).
fn nice_step(x: f64) -> f64 {
    if x <= 1.0 {
        return 1.0;
    }
    let power = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|&s| s >= x).unwrap_or(10.0 * power)
}

/// Longitude and latitude to pixels of the map area.
struct Projection {
    min_x: f64,
    max_y: f64,
    /// Pixels per projected degree.
    scale: f64,
    /// Cosine of the middle latitude.
    shrink: f64,
    offset: (f64, f64),
}

impl Projection {
    fn fitting<'a>(shapes: impl Iterator<Item = &'a MultiPolygon<f64>>) -> Option<Projection> {
        let rects: Vec<_> = shapes.filter_map(|s| s.bounding_rect()).collect();
        let min_lon = rects.iter().map(|r| r.min().x).reduce(f64::min)?;
        let max_lon = rects.iter().map(|r| r.max().x).reduce(f64::max)?;
        let min_lat = rects.iter().map(|r| r.min().y).reduce(f64::min)?;
        let max_lat = rects.iter().map(|r| r.max().y).reduce(f64::max)?;
        let shrink = ((min_lat + max_lat) / 2.0).to_radians().cos();
        let width = ((max_lon - min_lon) * shrink).max(1e-9);
        let height = (max_lat - min_lat).max(1e-9);
        let (box_w, box_h) = (f64::from(MAP_RIGHT - MAP_LEFT), f64::from(MAP_BOTTOM - MAP_TOP));
        let scale = (box_w / width).min(box_h / height);
        let offset = (f64::from(MAP_LEFT) + (box_w - width * scale) / 2.0, f64::from(MAP_TOP) + (box_h - height * scale) / 2.0);
        Some(Projection { min_x: min_lon * shrink, max_y: max_lat, scale, shrink, offset })
    }

    fn point(&self, lon: f64, lat: f64) -> (i32, i32) {
        let x = self.offset.0 + (lon * self.shrink - self.min_x) * self.scale;
        let y = self.offset.1 + (self.max_y - lat) * self.scale;
        (x.round() as i32, y.round() as i32)
    }

    fn ring(&self, polygon: &Polygon<f64>) -> Vec<(i32, i32)> {
        let mut ring: Vec<(i32, i32)> = polygon.exterior().coords().map(|c| self.point(c.x, c.y)).collect();
        ring.dedup();
        ring
    }

    /// Metres on the ground per pixel.
    fn metres_per_pixel(&self) -> f64 {
        METRES_PER_DEGREE / self.scale
    }
}

/// Each child's name (and value) at its centre where it fits; a label that would overlap
/// one already placed is left out, largest areas placed first.
fn draw_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    projection: &Projection,
    shapes: &[(&str, &MultiPolygon<f64>, Option<f64>)],
    figure: &Figure,
) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let mut order: Vec<usize> = (0..shapes.len()).collect();
    order.sort_by(|&a, &b| shapes[b].1.unsigned_area().total_cmp(&shapes[a].1.unsigned_area()).then(a.cmp(&b)));
    let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
    let size = style::SMALL_SIZE as i32;
    for i in order {
        let (name, boundary, value) = shapes[i];
        let Some(centre) = boundary.centroid() else { continue };
        let (x, y) = projection.point(centre.x(), centre.y());
        let value = value.map(|v| if figure.is_rate() { format!("{:.1}%", v * 100.0) } else { numbers::grouped(v as i64) });
        let width = name.chars().count().max(value.as_ref().map_or(0, |v| v.chars().count() / 2 + 1)) as i32 * size;
        let rect = (x - width / 2, y - size, x + width / 2, y + size);
        if rect.0 < MAP_LEFT || rect.2 > MAP_RIGHT || placed.iter().any(|p| p.0 < rect.2 && rect.0 < p.2 && p.1 < rect.3 && rect.1 < p.3) {
            continue;
        }
        placed.push(rect);
        let centred = |s: u32| style::text(s).pos(Pos::new(HPos::Center, VPos::Center));
        root.draw(&Text::new(name.to_string(), (x, y - size / 2), centred(style::SMALL_SIZE)))?;
        if let Some(value) = value {
            root.draw(&Text::new(value, (x, y + size / 2 + 1), centred(style::SMALL_SIZE)))?;
        }
    }
    Ok(())
}

fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    classes: &Classes,
    figure: &Figure,
) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let left = MAP_RIGHT + 24;
    let mut y = 110;
    root.draw(&Text::new(figure.label_zh, (left, y - 28), style::text(style::LABEL_SIZE)))?;
    for i in (0..5).rev() {
        root.draw(&Rectangle::new([(left, y), (left + 22, y + 16)], CLASS_COLOURS[i].filled()))?;
        root.draw(&Rectangle::new([(left, y), (left + 22, y + 16)], GREY.stroke_width(1)))?;
        root.draw(&Text::new(classes.label(i), (left + 30, y + 1), style::text(style::SMALL_SIZE)))?;
        y += 24;
    }
    root.draw(&Rectangle::new([(left, y), (left + 22, y + 16)], NO_VALUE.filled()))?;
    root.draw(&Rectangle::new([(left, y), (left + 22, y + 16)], GREY.stroke_width(1)))?;
    root.draw(&Text::new("无数据", (left + 30, y + 1), style::text(style::SMALL_SIZE)))?;
    Ok(())
}

fn draw_north_arrow<DB: DrawingBackend>(root: &DrawingArea<DB, plotters::coord::Shift>) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let (x, y) = (WIDTH as i32 - 40, 50);
    root.draw(&plotters::element::Polygon::new(vec![(x, y), (x - 9, y + 28), (x, y + 21)], BLACK.filled()))?;
    root.draw(&plotters::element::Polygon::new(vec![(x, y), (x + 9, y + 28), (x, y + 21)], LIGHT_GREY.filled()))?;
    root.draw(&PathElement::new(vec![(x, y), (x + 9, y + 28), (x, y + 21), (x - 9, y + 28), (x, y)], BLACK.stroke_width(1)))?;
    root.draw(&Text::new("北", (x, y - 4), style::text(style::LABEL_SIZE).pos(Pos::new(HPos::Center, VPos::Bottom))))?;
    Ok(())
}

/// A bar of a round length (1, 2 or 5 × 10ⁿ metres) about a fifth of the map's width.
fn draw_scale_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    projection: &Projection,
) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let per_pixel = projection.metres_per_pixel();
    let metres = nice_step(f64::from(MAP_RIGHT - MAP_LEFT) / 5.0 * per_pixel);
    let pixels = (metres / per_pixel).round() as i32;
    let (x, y) = (WIDTH as i32 - 20 - pixels, MAP_BOTTOM - 6);
    root.draw(&PathElement::new(vec![(x, y - 6), (x, y), (x + pixels, y), (x + pixels, y - 6)], BLACK.stroke_width(2)))?;
    let label = if metres >= 1000.0 { format!("{} 公里", metres / 1000.0) } else { format!("{metres} 米") };
    root.draw(&Text::new(label, (x + pixels / 2, y - 8), style::text(style::SMALL_SIZE).pos(Pos::new(HPos::Center, VPos::Bottom))))?;
    Ok(())
}
