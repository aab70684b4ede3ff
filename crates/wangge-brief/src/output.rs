//! A briefing's files: the page SVGs as they are, each page rasterised at 2× for messaging
//! apps (PNG), and all pages in one A4 PDF with the text embedded (selectable, searchable).

use rayon::prelude::*;
use resvg::tiny_skia;
use resvg::usvg;

use crate::{font, page, BriefData, BriefError, Template};

/// A file format a briefing can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Png,
    Svg,
    Pdf,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Png, Format::Svg, Format::Pdf];

    pub fn parse(word: &str) -> Option<Format> {
        match word.trim().to_ascii_lowercase().as_str() {
            "png" => Some(Format::Png),
            "svg" => Some(Format::Svg),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
        }
    }
}

/// How much finer than the page's points a PNG is drawn: 2× (1190 × 1684 pixels for A4).
pub const PNG_SCALE: f32 = 2.0;

/// A briefing drawn in the formats asked for.
#[derive(Debug, Default)]
pub struct Rendered {
    /// One SVG per page (always made: the other formats are drawn from it).
    pub pages: Vec<String>,
    /// One PNG per page, when asked for.
    pub png: Vec<Vec<u8>>,
    pub pdf: Option<Vec<u8>>,
}

/// Draws the briefing: its charts, its pages, then each format from the pages. The pages'
/// PNGs and the PDF are made side by side, one per core.
pub fn render(data: &BriefData, template: &Template, formats: &[Format]) -> Result<Rendered, BriefError> {
    let charts = template.charts.iter().map(|chart| chart.draw(data)).collect::<Result<Vec<_>, _>>()?;
    let pages = page::compose(data, template, charts);
    let (png, pdf) = rayon::join(
        || if formats.contains(&Format::Png) { pages.par_iter().map(|p| png(p)).collect::<Result<Vec<_>, _>>() } else { Ok(Vec::new()) },
        || if formats.contains(&Format::Pdf) { pdf(&pages).map(Some) } else { Ok(None) },
    );
    Ok(Rendered { pages, png: png?, pdf: pdf? })
}

fn options() -> usvg::Options<'static> {
    usvg::Options { font_family: font::FAMILY.to_string(), fontdb: font::database(), ..usvg::Options::default() }
}

fn parse(svg: &str) -> Result<usvg::Tree, BriefError> {
    usvg::Tree::from_str(svg, &options()).map_err(|e| BriefError::Convert(e.to_string()))
}

/// An SVG drawn at [`PNG_SCALE`] on white.
pub fn png(svg: &str) -> Result<Vec<u8>, BriefError> {
    let tree = parse(svg)?;
    let size = tree.size().to_int_size().scale_by(PNG_SCALE).ok_or_else(|| BriefError::Convert("页面尺寸为零".to_string()))?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| BriefError::Convert("页面过大".to_string()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE), &mut pixmap.as_mut());
    encode_rgb_png(&pixmap)
}

/// The pixmap as an RGB PNG. The page is opaque (drawn on white), so the alpha channel says
/// nothing and premultiplied colour is the colour; fast compression, because a briefing is
/// sent at once and a third smaller file is not worth three times the time.
fn encode_rgb_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, BriefError> {
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|px| [px[0], px[1], px[2]]).collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(|e| BriefError::Convert(e.to_string()))?;
    writer.write_image_data(&rgb).map_err(|e| BriefError::Convert(e.to_string()))?;
    writer.finish().map_err(|e| BriefError::Convert(e.to_string()))?;
    Ok(out)
}

/// The pages as one PDF, each an A4 page.
pub fn pdf(pages: &[String]) -> Result<Vec<u8>, BriefError> {
    use krilla::geom::Size;
    use krilla::page::PageSettings;
    use krilla_svg::{SurfaceExt, SvgSettings};

    let trees = pages.iter().map(|p| parse(p)).collect::<Result<Vec<_>, _>>()?;
    let size =
        Size::from_wh(page::PAGE_WIDTH as f32, page::PAGE_HEIGHT as f32).ok_or_else(|| BriefError::Convert("页面尺寸为零".to_string()))?;
    let mut document = krilla::Document::new();
    for tree in &trees {
        let mut page = document.start_page_with(PageSettings::new(size));
        let mut surface = page.surface();
        surface.draw_svg(tree, size, SvgSettings { embed_text: true, ..SvgSettings::default() });
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| BriefError::Convert(format!("{e:?}")))
}
