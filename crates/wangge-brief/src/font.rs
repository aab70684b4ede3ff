//! The one font every briefing is drawn with: 文泉驿微米黑 (WenQuanYi Micro Hei), shipped in
//! `assets/fonts/` with its licence (Apache-2.0), covering GBK's Chinese characters.
//!
//! Why shipped and not the system's: a briefing must look the same — and show no empty
//! boxes — on a command-centre PC with no Chinese fonts installed, and be byte-identical
//! wherever it is made. The font is compiled into the binary, registered once with plotters
//! (which measures labels with it) and loaded once into the font database resvg and krilla
//! draw from.

use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb;

/// The font file (a TrueType collection; its first face is the proportional one).
pub static FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei.ttc");

/// The family name the SVG asks for; the font database answers it with [`FONT_BYTES`].
pub const FAMILY: &str = "WenQuanYi Micro Hei";

/// Registers the font with plotters, once per process.
pub fn register_with_plotters() {
    static REGISTERED: OnceLock<()> = OnceLock::new();
    REGISTERED.get_or_init(|| {
        // The bytes are compiled in and parse: a failure here is a broken build, not input.
        plotters::style::register_font(FAMILY, plotters::style::FontStyle::Normal, FONT_BYTES)
            .unwrap_or_else(|_| panic!("the shipped font {FAMILY} does not parse"));
    });
}

/// A font database holding only the shipped font, every generic family mapped to it.
pub fn database() -> Arc<fontdb::Database> {
    static DATABASE: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_font_data(FONT_BYTES.to_vec());
            db.set_sans_serif_family(FAMILY);
            db.set_serif_family(FAMILY);
            db.set_monospace_family(FAMILY);
            Arc::new(db)
        })
        .clone()
}
