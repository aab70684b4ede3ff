//! The A4 pages of a briefing, each one SVG: a header with the unit, the date and "数据截至"
//! on every page, the headline table on the first, the charts flowed two or three to a page,
//! and "第 i 页 / 共 n 页" at the foot.

use std::fmt::Write;

use crate::charts;
use crate::numbers;
use crate::{font, BriefData, Template};

/// A4 in points (1/72 inch), the unit of the page SVGs and of the PDF.
pub const PAGE_WIDTH: f64 = 595.0;
pub const PAGE_HEIGHT: f64 = 842.0;
const MARGIN: f64 = 40.0;
const BODY_TOP: f64 = 96.0;
const BODY_BOTTOM: f64 = 800.0;
const GAP: f64 = 14.0;
const ROW: f64 = 19.0;

/// A block of a page's body, drawn at a given top.
enum Block {
    Headline,
    /// A chart's SVG, as plotters wrote it.
    Chart(String),
}

/// Lays the headline table and the drawn charts out on pages; returns each page's SVG.
pub fn compose(data: &BriefData, template: &Template, charts: Vec<String>) -> Vec<String> {
    let chart_height = (PAGE_WIDTH - 2.0 * MARGIN) * f64::from(charts::HEIGHT) / f64::from(charts::WIDTH);
    let mut blocks = Vec::new();
    if !template.headline.is_empty() {
        blocks.push((Block::Headline, headline_height(template)));
    }
    blocks.extend(charts.into_iter().map(|svg| (Block::Chart(svg), chart_height)));

    // Flow: a block goes on the current page if it fits, else starts the next one.
    let mut pages: Vec<Vec<(Block, f64)>> = vec![Vec::new()];
    let mut y = BODY_TOP;
    for (block, height) in blocks {
        if y + height > BODY_BOTTOM && !pages.last().is_some_and(Vec::is_empty) {
            pages.push(Vec::new());
            y = BODY_TOP;
        }
        pages.last_mut().expect("one page at least").push((block, y));
        y += height + GAP;
    }
    let count = pages.len();
    pages.into_iter().enumerate().map(|(i, blocks)| page(data, template, &blocks, i + 1, count)).collect()
}

fn headline_height(template: &Template) -> f64 {
    ROW * (template.headline.len() as f64 + 1.0) + 8.0
}

fn page(data: &BriefData, template: &Template, blocks: &[(Block, f64)], number: usize, count: usize) -> String {
    let mut svg = String::new();
    let family = font::FAMILY;
    // Writing to a String cannot fail.
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_WIDTH}pt" height="{PAGE_HEIGHT}pt" viewBox="0 0 {PAGE_WIDTH} {PAGE_HEIGHT}" font-family="{family}">"#
    );
    let _ = write!(svg, r#"<rect width="{PAGE_WIDTH}" height="{PAGE_HEIGHT}" fill="white"/>"#);
    let _ = write!(
        svg,
        r#"<text x="{MARGIN}" y="52" font-size="20" fill="black">{}{}</text>"#,
        escape(&data.unit_name),
        escape(&template.title)
    );
    let _ = write!(
        svg,
        r##"<text x="{MARGIN}" y="74" font-size="11" fill="#444">{} {} · {} · 数据截至 {}</text>"##,
        escape(&data.level_label),
        escape(&data.unit_code),
        escape(&data.date),
        escape(&data.data_as_of)
    );
    let _ = write!(svg, r##"<line x1="{MARGIN}" y1="84" x2="{}" y2="84" stroke="#1f60a8" stroke-width="1.5"/>"##, PAGE_WIDTH - MARGIN);
    for (block, top) in blocks {
        match block {
            Block::Headline => headline(&mut svg, data, template, *top),
            Block::Chart(chart) => place_chart(&mut svg, chart, *top),
        }
    }
    let _ = write!(
        svg,
        r##"<text x="{}" y="{}" font-size="10" fill="#444" text-anchor="middle">第 {number} 页 / 共 {count} 页</text>"##,
        PAGE_WIDTH / 2.0,
        PAGE_HEIGHT - 22.0
    );
    svg.push_str("</svg>");
    svg
}

fn headline(svg: &mut String, data: &BriefData, template: &Template, top: f64) {
    let today = data.today();
    let yesterday = data.yesterday();
    let (name_x, value_x, change_x) = (MARGIN + 8.0, 380.0, PAGE_WIDTH - MARGIN - 8.0);
    let width = PAGE_WIDTH - 2.0 * MARGIN;
    let _ = write!(svg, r##"<rect x="{MARGIN}" y="{top}" width="{width}" height="{ROW}" fill="#e8eef7"/>"##);
    let baseline = |row: usize| top + ROW * row as f64 + 13.5;
    let _ = write!(svg, r#"<text x="{name_x}" y="{}" font-size="11">指标</text>"#, baseline(0));
    let _ = write!(svg, r#"<text x="{value_x}" y="{}" font-size="11" text-anchor="end">当日</text>"#, baseline(0));
    let _ = write!(svg, r#"<text x="{change_x}" y="{}" font-size="11" text-anchor="end">较前一日</text>"#, baseline(0));
    for (i, figure) in template.headline_figures().enumerate() {
        let row = i + 1;
        if row.is_multiple_of(2) {
            let _ = write!(svg, r##"<rect x="{MARGIN}" y="{}" width="{width}" height="{ROW}" fill="#f6f6f6"/>"##, top + ROW * row as f64);
        }
        let y = baseline(row);
        let _ = write!(svg, r#"<text x="{name_x}" y="{y}" font-size="11">{}</text>"#, escape(figure.label_zh));
        let _ = write!(svg, r#"<text x="{value_x}" y="{y}" font-size="11" text-anchor="end">{}</text>"#, numbers::value(figure, &today));
        let change = numbers::change(figure, &today, yesterday.as_ref());
        let _ = write!(svg, r#"<text x="{change_x}" y="{y}" font-size="11" text-anchor="end">{}</text>"#, escape(&change));
    }
}

/// Nests a chart's SVG in the page at full column width: its own outer element is replaced
/// by one that places and scales it.
fn place_chart(svg: &mut String, chart: &str, top: f64) {
    let inner = chart.find('>').map(|end| &chart[end + 1..]).unwrap_or("");
    let inner = inner.trim_end().strip_suffix("</svg>").unwrap_or(inner);
    let width = PAGE_WIDTH - 2.0 * MARGIN;
    let height = width * f64::from(charts::HEIGHT) / f64::from(charts::WIDTH);
    let _ = write!(
        svg,
        r#"<svg x="{MARGIN}" y="{top}" width="{width}" height="{height}" viewBox="0 0 {} {}">{inner}</svg>"#,
        charts::WIDTH,
        charts::HEIGHT
    );
}

/// Text for XML: unit names come from boundary files and may hold `&` or `<`.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
