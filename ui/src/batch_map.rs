//! A screening batch on the map (排查进度上图, one of `crate::map_overlay`'s overlays): the
//! areas are filled by the batch's completion under each of them (已核 / 人数), on a fixed
//! 0–100% scale where everything done is calm and nothing done is the alarm; an area where
//! the batch has nobody has no data. The figures are the `task_progress` of the 排查 tab's
//! table, so an outcome entered by any seat recolours its grid and every ancestor.

use serde::Serialize;
use wangge_api::{commands, ScreeningQuery, TaskProgressReport};

use crate::bridge;
use crate::colours::{completion_fill, ramp};
use crate::map_overlay::{Shade, Shades};

#[derive(Serialize)]
struct QueryArgs<'a> {
    query: &'a ScreeningQuery,
}

/// The batch's shades for the children of `node`; `None` when the answer failed or is about
/// another batch.
pub async fn shades(node: Option<String>, batch: String) -> Option<Shades> {
    let query = ScreeningQuery { node, batch: Some(batch.clone()) };
    let report = bridge::invoke::<_, TaskProgressReport>(commands::TASK_PROGRESS, &QueryArgs { query: &query }).await.ok()?;
    if report.batch.as_deref() != Some(batch.as_str()) {
        return None;
    }
    Some(
        report
            .children
            .into_iter()
            .map(|child| {
                let f = child.figures;
                let fill = completion_fill(f.completion_rate);
                (child.node.code, Shade { fill, items: f.items, done: f.done })
            })
            .collect(),
    )
}

/// The legend's gradient (0% done at the left) and its two ends.
pub fn legend_scale() -> (String, String, String) {
    let gradient = (0..=8).map(|k| ramp(1.0 - f64::from(k) / 8.0)).collect::<Vec<_>>().join(", ");
    (gradient, "0%".to_owned(), "100%".to_owned())
}
