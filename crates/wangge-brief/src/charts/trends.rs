//! Figures over the days of the period: a time axis of day labels, lines for levels and
//! rates, paired bars for what happened each day.

use plotters::prelude::*;

use super::style::{self, BLUE, GREEN, ORANGE, RED};
use super::Drawn;
use crate::BriefData;

/// A line of a trend chart.
struct Line<'a> {
    label: &'a str,
    colour: RGBColor,
    values: Vec<Option<f64>>,
}

/// A pair of bars per day (left, right).
struct Bars<'a> {
    labels: [&'a str; 2],
    colours: [RGBColor; 2],
    values: [Vec<f64>; 2],
}

/// The scale of the y axis.
enum Scale {
    Count,
    Rate,
}

pub fn isolations(data: &BriefData) -> Drawn {
    let days = data.shown_days();
    let active = days.iter().map(|d| Some(d.counts.isolations_active as f64)).collect();
    let new = days.iter().map(|d| d.counts.isolations_new_today as f64).collect();
    let released = days.iter().map(|d| d.counts.isolations_released_today as f64).collect();
    trend(
        data,
        "在管隔离与每日新增、解除",
        Scale::Count,
        vec![Line { label: "在管隔离", colour: BLUE, values: active }],
        Some(Bars { labels: ["新增", "解除"], colours: [RED, GREEN], values: [new, released] }),
    )
}

pub fn follow_up_compliance(data: &BriefData) -> Drawn {
    let rates = data.shown_days().iter().map(|d| rate(d.counts.follow_ups_done_on_time, d.counts.follow_ups_due)).collect();
    trend(data, "随访按时率", Scale::Rate, vec![Line { label: "随访按时率", colour: BLUE, values: rates }], None)
}

pub fn resumption(data: &BriefData) -> Drawn {
    let days = data.shown_days();
    let enterprises = days.iter().map(|d| rate(d.counts.enterprises_resumed, d.counts.enterprises_total)).collect();
    let workers = days.iter().map(|d| rate(d.counts.workers_back, d.counts.workers_total)).collect();
    trend(
        data,
        "企业复工率与职工返岗率",
        Scale::Rate,
        vec![Line { label: "复工率", colour: BLUE, values: enterprises }, Line { label: "返岗率", colour: ORANGE, values: workers }],
        None,
    )
}

pub fn tickets_per_day(data: &BriefData) -> Drawn {
    let received = data.per_day(|c| c.tickets_received).into_iter().map(|n| n as f64).collect();
    let resolved = data.per_day(|c| c.tickets_resolved).into_iter().map(|n| n as f64).collect();
    let open = data.shown_days().iter().map(|d| Some(d.counts.tickets_open as f64)).collect();
    trend(
        data,
        "每日受理与办结工单",
        Scale::Count,
        vec![Line { label: "未办结（日末）", colour: ORANGE, values: open }],
        Some(Bars { labels: ["受理", "办结"], colours: [BLUE, GREEN], values: [received, resolved] }),
    )
}

fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn trend(data: &BriefData, title: &str, scale: Scale, lines: Vec<Line<'_>>, bars: Option<Bars<'_>>) -> Drawn {
    let days = data.shown_days();
    let n = days.len().max(1);
    let y_max = match scale {
        Scale::Rate => 1.0,
        Scale::Count => {
            let line_max = lines.iter().flat_map(|l| l.values.iter().flatten().copied()).fold(0.0, f64::max);
            let bar_max = bars.iter().flat_map(|b| b.values.iter().flatten().copied()).fold(0.0, f64::max);
            style::headroom(line_max.max(bar_max))
        }
    };
    style::svg(|root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, style::text(style::TITLE_SIZE))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(58)
            .build_cartesian_2d(-0.5..n as f64 - 0.5, 0.0..y_max)?;
        let day_label = |x: &f64| style::day_label(days, *x);
        let count_label = |y: &f64| format!("{y:.0}");
        let mut mesh = chart.configure_mesh();
        mesh.disable_x_mesh()
            .light_line_style(style::LIGHT_GREY)
            .max_light_lines(1)
            .label_style(style::text(style::SMALL_SIZE))
            .x_label_formatter(&day_label)
            .x_labels(n.min(10))
            .y_labels(6);
        match scale {
            Scale::Rate => mesh.y_label_formatter(&style::percent),
            Scale::Count => mesh.y_label_formatter(&count_label),
        };
        mesh.draw()?;

        if let Some(bars) = &bars {
            for side in 0..2 {
                let colour = bars.colours[side];
                let offset = if side == 0 { -0.38 } else { 0.0 };
                let rects = bars.values[side].iter().enumerate().map(move |(i, &v)| {
                    let x = i as f64 + offset;
                    Rectangle::new([(x, 0.0), (x + 0.38, v)], colour.mix(0.8).filled())
                });
                chart
                    .draw_series(rects)?
                    .label(bars.labels[side])
                    .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], colour.mix(0.8).filled()));
            }
        }
        for line in &lines {
            let colour = line.colour;
            // A rate of nothing (no enterprise, no follow-up due) breaks the line instead of
            // dropping to 0%.
            let mut run = Vec::new();
            let mut runs = Vec::new();
            for (i, v) in line.values.iter().enumerate() {
                match v {
                    Some(v) => run.push((i as f64, *v)),
                    None => runs.push(std::mem::take(&mut run)),
                }
            }
            runs.push(run);
            for (k, run) in runs.into_iter().filter(|r| !r.is_empty()).enumerate() {
                let points = run.clone();
                let drawn = chart.draw_series(LineSeries::new(run, colour.stroke_width(3)))?;
                if k == 0 {
                    drawn.label(line.label).legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3)));
                }
                chart.draw_series(points.into_iter().map(|p| Circle::new(p, 3, colour.filled())))?;
            }
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .label_font(style::text(style::SMALL_SIZE))
            .background_style(WHITE.mix(0.85))
            .border_style(style::LIGHT_GREY)
            .draw()?;
        Ok(())
    })
}
