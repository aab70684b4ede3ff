//! The SVG of every chart for the fixed street of `fixture`, kept as reviewed snapshots: a
//! change to a chart's drawing shows up in review as a diff of its SVG.

use wangge_brief::ChartKind;

use crate::fixture;

#[test]
fn every_chart_draws_the_same_svg_as_reviewed() {
    let data = fixture::street();
    for chart in ChartKind::all_with_map_of("tickets_overdue") {
        let svg = chart.draw(&data).unwrap();
        insta::assert_snapshot!(chart.name(), svg);
    }
}
