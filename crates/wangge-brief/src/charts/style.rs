//! The look shared by every chart: the font, the palette, sizes.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::font;

pub const TITLE_SIZE: u32 = 22;
pub const LABEL_SIZE: u32 = 15;
pub const SMALL_SIZE: u32 = 13;

/// A line or bar series' colour, in the order series are added.
pub const BLUE: RGBColor = RGBColor(31, 96, 168);
pub const ORANGE: RGBColor = RGBColor(222, 124, 30);
pub const GREEN: RGBColor = RGBColor(46, 140, 84);
pub const RED: RGBColor = RGBColor(196, 48, 43);
pub const GREY: RGBColor = RGBColor(120, 120, 120);
pub const LIGHT_GREY: RGBColor = RGBColor(225, 225, 225);
/// Marks drawn over bars (above-size enterprises).
pub const INK: RGBColor = RGBColor(30, 30, 30);

pub fn text(size: u32) -> TextStyle<'static> {
    (font::FAMILY, size).into_font().color(&BLACK)
}

/// Draws into an SVG string of the chart size: `draw` gets the white drawing area.
pub fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), Box<dyn std::error::Error>>) -> super::Drawn {
    font::register_with_plotters();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (super::WIDTH, super::HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    Ok(out)
}

/// A y-axis top with some room above the highest value (never 0, so an empty chart still
/// has an axis).
pub fn headroom(max: f64) -> f64 {
    if max <= 0.0 {
        1.0
    } else {
        max * 1.15
    }
}

/// The index `x` stands for, when it is a whole number (axis ticks may fall between).
pub fn whole(x: f64) -> Option<usize> {
    (x >= -1e-6 && (x - x.round()).abs() < 1e-6).then(|| x.round() as usize)
}

/// The label of the day at axis position `x` (empty between days).
pub fn day_label(days: &[crate::Day], x: f64) -> String {
    whole(x).and_then(|i| days.get(i)).map(|d| d.label.clone()).unwrap_or_default()
}

/// A percentage axis label.
pub fn percent(v: &f64) -> String {
    format!("{:.0}%", v * 100.0)
}
