//! One bar per child node on the briefing's day, names on the left, worst first; and the
//! children counted by warning level.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{self, BLUE, GREEN, RED};
use super::Drawn;
use wangge_domain::warnings::WarningLevel;

use crate::BriefData;

/// How many children a bar chart shows; the rest are named in the caption as left out.
pub const MOST_BARS: usize = 15;

pub fn resumption_by_child(data: &BriefData) -> Drawn {
    let rate = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
    let mut rows: Vec<(&str, Option<f64>, Option<f64>)> = data
        .children
        .iter()
        .map(|c| {
            let all = rate(c.counts.enterprises_resumed, c.counts.enterprises_total);
            let above_size = rate(c.counts.enterprises_above_size_resumed, c.counts.enterprises_above_size);
            (c.name.as_str(), all, above_size)
        })
        .collect();
    // Lowest rate first; a child with no enterprise last.
    rows.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => x.total_cmp(&y).then(a.0.cmp(b.0)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.0.cmp(b.0),
    });
    let marks: Vec<Option<f64>> = rows.iter().map(|r| r.2).collect();
    let title = format!("各{}企业复工率（由低到高，◆ 规上企业复工率）", data.child_level_label);
    // Room right of 100% for the value written at the bar's end; no tick past 100%.
    let axis = |v: &f64| if *v > 1.0 + 1e-9 { String::new() } else { style::percent(v) };
    let rows = rows.into_iter().map(|(name, all, _)| (name, all)).collect();
    horizontal(&title, rows, 1.45, BLUE, &|v| format!("{:.1}%", v * 100.0), &axis, &marks)
}

pub fn overdue_by_child(data: &BriefData) -> Drawn {
    let mut rows: Vec<(&str, Option<f64>)> =
        data.children.iter().map(|c| (c.name.as_str(), Some(c.counts.tickets_overdue as f64))).collect();
    rows.sort_by(|a, b| b.1.unwrap_or(0.0).total_cmp(&a.1.unwrap_or(0.0)).then(a.0.cmp(b.0)));
    let max = rows.iter().filter_map(|r| r.1).fold(0.0, f64::max);
    let title = format!("各{}超期工单（由多到少）", data.child_level_label);
    // Counts are whole: ticks between whole numbers stay unlabelled.
    let axis = |v: &f64| if style::whole(*v).is_some() { format!("{v:.0}") } else { String::new() };
    horizontal(&title, rows, style::headroom(max), RED, &|v| format!("{v:.0}"), &axis, &[])
}

/// One bar per unit that resolved the node's tickets: its on-time rate, lowest first.
pub fn on_time_by_unit(data: &BriefData) -> Drawn {
    let mut rows: Vec<(&str, Option<f64>)> =
        data.units.iter().map(|u| (u.name.as_str(), (u.resolved > 0).then(|| u.on_time as f64 / u.resolved as f64))).collect();
    rows.sort_by(|a, b| a.1.unwrap_or(1.0).total_cmp(&b.1.unwrap_or(1.0)).then(a.0.cmp(b.0)));
    let axis = |v: &f64| if *v > 1.0 + 1e-9 { String::new() } else { style::percent(v) };
    horizontal("各单位按时办结率（由低到高）", rows, 1.2, GREEN, &|v| format!("{:.1}%", v * 100.0), &axis, &[])
}

/// One bar per warning level, red to green, in its colour: how many children stand there.
pub fn warning_levels(data: &BriefData) -> Drawn {
    let levels = WarningLevel::ALL;
    let counts: Vec<usize> = levels.iter().map(|level| data.children.iter().filter(|c| c.warning == *level).count()).collect();
    let max = counts.iter().copied().max().unwrap_or(0) as f64;
    let title = format!("各{}四色预警（{} 个）", data.child_level_label, data.children.len());
    style::svg(|root| {
        let mut chart = ChartBuilder::on(root)
            .caption(&title, style::text(style::TITLE_SIZE))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(44)
            .build_cartesian_2d(-0.5..levels.len() as f64 - 0.5, 0.0..style::headroom(max))?;
        let name = |x: &f64| style::whole(*x).and_then(|i| levels.get(i)).map(|l| level_name(*l).to_string()).unwrap_or_default();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(style::LIGHT_GREY)
            .max_light_lines(1)
            .label_style(style::text(style::LABEL_SIZE))
            .x_label_formatter(&name)
            .x_labels(levels.len())
            .y_label_formatter(&|v| if style::whole(*v).is_some() { format!("{v:.0}") } else { String::new() })
            .draw()?;
        chart.draw_series(
            levels
                .iter()
                .zip(&counts)
                .enumerate()
                .map(|(i, (level, n))| Rectangle::new([(i as f64 - 0.3, 0.0), (i as f64 + 0.3, *n as f64)], level_colour(*level).filled())),
        )?;
        chart.draw_series(counts.iter().enumerate().map(|(i, n)| {
            Text::new(n.to_string(), (i as f64, *n as f64), style::text(style::LABEL_SIZE).pos(Pos::new(HPos::Center, VPos::Bottom)))
        }))?;
        Ok(())
    })
}

fn level_name(level: WarningLevel) -> &'static str {
    match level {
        WarningLevel::Red => "红色",
        WarningLevel::Orange => "橙色",
        WarningLevel::Yellow => "黄色",
        WarningLevel::LightYellow => "浅黄",
        WarningLevel::Green => "绿色",
    }
}

fn level_colour(level: WarningLevel) -> RGBColor {
    match level {
        WarningLevel::Red => RGBColor(204, 40, 40),
        WarningLevel::Orange => RGBColor(240, 130, 30),
        WarningLevel::Yellow => RGBColor(235, 200, 40),
        WarningLevel::LightYellow => RGBColor(239, 227, 138),
        WarningLevel::Green => RGBColor(60, 160, 90),
    }
}

fn horizontal(
    title: &str,
    mut rows: Vec<(&str, Option<f64>)>,
    x_max: f64,
    colour: RGBColor,
    value_label: &dyn Fn(f64) -> String,
    axis_label: &dyn Fn(&f64) -> String,
    // A second value per row (in row order), drawn as a dark diamond on its bar.
    marks: &[Option<f64>],
) -> Drawn {
    let left_out = rows.len().saturating_sub(MOST_BARS);
    rows.truncate(MOST_BARS);
    let title = if left_out > 0 { format!("{title}，另有 {left_out} 个未列出") } else { title.to_string() };
    let n = rows.len().max(1);
    let longest = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(2) as u32;
    style::svg(|root| {
        let mut chart = ChartBuilder::on(root)
            .caption(&title, style::text(style::TITLE_SIZE))
            .margin(12)
            .x_label_area_size(26)
            .y_label_area_size((longest * style::SMALL_SIZE + 14).min(220))
            // Row 0 at the top: the y axis runs from n−½ down to −½.
            .build_cartesian_2d(0.0..x_max, n as f64 - 0.5..-0.5)?;
        // Only whole rows carry a name; plotters may also put ticks between them.
        let name = |y: &f64| match style::whole(*y) {
            Some(i) => rows.get(i).map(|r| r.0.to_string()).unwrap_or_default(),
            None => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(style::LIGHT_GREY)
            .max_light_lines(1)
            .label_style(style::text(style::SMALL_SIZE))
            .y_label_formatter(&name)
            .y_labels(n)
            .x_label_formatter(axis_label)
            .x_labels(6)
            .draw()?;
        chart.draw_series(
            rows.iter().enumerate().filter_map(|(i, r)| {
                r.1.map(|v| Rectangle::new([(0.0, i as f64 - 0.32), (v, i as f64 + 0.32)], colour.mix(0.85).filled()))
            }),
        )?;
        chart.draw_series(marks.iter().take(MOST_BARS).enumerate().filter_map(|(i, mark)| {
            mark.map(|v| {
                let (x, y) = (v, i as f64);
                EmptyElement::at((x, y)) + Polygon::new(vec![(0, -7), (6, 0), (0, 7), (-6, 0)], style::INK.filled())
            })
        }))?;
        chart.draw_series(rows.iter().enumerate().map(|(i, r)| {
            let (text, at) = match r.1 {
                Some(v) => (value_label(v), v),
                None => ("无企业".to_string(), 0.0),
            };
            // Written past the bar's end, and past its diamond when that lies at or beyond it;
            // the diamond's own value follows the bar's.
            let text = match (marks.get(i).copied().flatten(), r.1) {
                (Some(m), Some(_)) => format!("{text} · 规上 {}", value_label(m)),
                _ => text,
            };
            let mark = marks.get(i).copied().flatten().filter(|m| *m >= at - 1e-9);
            let (at, gap) = match mark {
                Some(m) => (m, 9),
                None => (at, 3),
            };
            EmptyElement::at((at, i as f64))
                + Text::new(text, (gap, 0), style::text(style::SMALL_SIZE).pos(Pos::new(HPos::Left, VPos::Center)))
        }))?;
        Ok(())
    })
}
