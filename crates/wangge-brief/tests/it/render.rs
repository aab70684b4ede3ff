//! Every chart draws with its Chinese title; pages, PNG and PDF come out of the same SVG.

use wangge_brief::output::{self, Format};
use wangge_brief::{ChartKind, Template};

use crate::fixture;

#[test]
fn every_chart_draws_its_title_in_chinese() {
    let data = fixture::street();
    let titles = [
        "在管隔离与每日新增、解除",
        "随访按时率",
        "各社区企业复工率",
        "企业复工率与职工返岗率",
        "每日受理与办结工单",
        "各社区超期工单",
        "各社区四色预警",
        "各单位按时办结率",
        "各社区超期工单分布",
    ];
    for (chart, title) in ChartKind::all_with_map_of("tickets_overdue").iter().zip(titles) {
        let svg = chart.draw(&data).unwrap();
        assert!(svg.contains(title), "{} lacks its title {title}", chart.name());
        assert!(svg.contains("WenQuanYi Micro Hei"), "{} not drawn with the shipped font", chart.name());
    }
    // The map names each community and draws its legend, north arrow and scale bar.
    let map = ChartKind::Map { figure: "tickets_overdue".to_string() }.draw(&data).unwrap();
    for word in ["和睦社区", "德胜社区", "文晖社区", "无数据", "北", "1 公里"] {
        assert!(map.contains(word), "map lacks {word}");
    }
}

#[test]
fn an_unknown_figure_on_the_map_is_refused_by_name() {
    let err = ChartKind::Map { figure: "nope".to_string() }.draw(&fixture::street()).unwrap_err();
    assert_eq!(err.to_string(), "图表“map”绘制失败：没有名为 nope 的指标");
}

#[test]
fn the_daily_briefing_has_numbered_pages_a_headline_and_every_format() {
    let data = fixture::street();
    let template = Template::bundled("daily").unwrap();
    let rendered = output::render(&data, &template, &Format::ALL).unwrap();
    let n = rendered.pages.len();
    assert!(n >= 2, "seven charts and a table on {n} page(s)");
    for (i, page) in rendered.pages.iter().enumerate() {
        assert!(page.contains(&format!("第 {} 页 / 共 {n} 页", i + 1)));
        assert!(page.contains("和睦街道每日简报") && page.contains("数据截至 2026-12-01 24:00"));
    }
    // Headline: 受理工单 on the last day 100 + 12·14 = 268, 12 more than the day before.
    assert!(rendered.pages[0].contains(">268<") && rendered.pages[0].contains(">+12<"), "headline figures missing");
    assert_eq!(rendered.png.len(), n);
    for png in &rendered.png {
        assert_eq!(&png[1..4], b"PNG");
    }
    let pdf = rendered.pdf.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // Drawn again from the same figures: the same bytes.
    let again = output::render(&data, &template, &[Format::Pdf]).unwrap();
    assert_eq!(again.pdf.unwrap(), pdf);
}

#[test]
fn the_png_title_is_drawn_with_real_glyphs() {
    let data = fixture::street();
    let template = Template::bundled("daily").unwrap();
    let rendered = output::render(&data, &template, &[Format::Png]).unwrap();
    let page = output::png(&rendered.pages[0]).unwrap();
    // The same title with nothing to draw, and with characters no font of ours has (drawn as
    // a font lacking CJK would draw the title: missing-glyph boxes or nothing).
    let blank = output::png(&rendered.pages[0].replace("和睦街道每日简报", "")).unwrap();
    let missing = output::png(&rendered.pages[0].replace("和睦街道每日简报", &"\u{E000}".repeat(8))).unwrap();
    assert_ne!(page, blank, "the title drew nothing");
    assert_ne!(page, missing, "the title was drawn as missing glyphs");
}
