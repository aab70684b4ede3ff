//! The enterprises of the 企业 tab's filter on the map (企业分布, one of
//! `crate::map_overlay`'s overlays): each area filled by how many enterprises matching the
//! filter (sector, 规上/规下, resumption status) lie under it, from none (calm) to the most on
//! screen (the alarm) — so "未复工 · 规上" shows where the firms still idle are. The counts
//! are the list's own per-child counts, which sum to the tab's 符合条件 figure.

use wangge_api::EnterpriseFilter;

use crate::colours::ramp;

/// The resumption statuses, by API name and in words.
pub const STATUSES: [(&str, &str); 3] = [("not_resumed", "未复工"), ("partly", "部分复工"), ("fully", "全面复工")];

/// The filter's shades for the children of `node`; `None` when the answer failed.
#[cfg(target_arch = "wasm32")]
pub async fn shades(node: Option<String>, filter: EnterpriseFilter) -> Option<crate::map_overlay::Shades> {
    use crate::map_overlay::Shade;

    #[derive(serde::Serialize)]
    struct FilterArgs<'a> {
        filter: &'a EnterpriseFilter,
    }
    // Counts only: no rows are needed for the map.
    let filter = EnterpriseFilter { node, limit: Some(0), ..filter };
    let list = crate::bridge::invoke::<_, wangge_api::EnterpriseList>(wangge_api::commands::ENTERPRISES, &FilterArgs { filter: &filter })
        .await
        .ok()?;
    let most = list.by_child.iter().map(|c| c.matching).max().unwrap_or(0);
    Some(
        list.by_child
            .into_iter()
            .map(|c| (c.node.code, Shade { fill: fill(c.matching, most), items: c.matching, done: c.resumed }))
            .collect(),
    )
}

/// An area's fill with `count` matching enterprises when the most on screen is `most`.
pub fn fill(count: u64, most: u64) -> String {
    ramp(if most == 0 { 0.0 } else { count as f64 / most as f64 })
}

/// The legend's gradient (none at the left) and its low end.
pub fn legend_scale() -> (String, String) {
    let gradient = (0..=8).map(|k| ramp(f64::from(k) / 8.0)).collect::<Vec<_>>().join(", ");
    (gradient, "0 家".to_owned())
}

/// The legend's high end: the most enterprises in one area on screen.
pub fn legend_top(most: Option<u64>) -> String {
    format!("{} 家", most.unwrap_or(0))
}

/// The legend's title: what is counted, in the filter's words.
pub fn title(filter: &EnterpriseFilter) -> String {
    let mut parts = vec!["企业分布".to_owned()];
    parts.extend(filter.sector.clone().filter(|s| !s.is_empty()));
    parts.extend(filter.above_designated_size.map(|above| if above { "规上" } else { "规下" }.to_owned()));
    parts.extend(filter.status.as_deref().and_then(status_zh).map(str::to_owned));
    parts.join(" · ")
}

/// 未复工 / 部分复工 / 全面复工 for the filter's status.
fn status_zh(status: &str) -> Option<&'static str> {
    STATUSES.iter().find(|(value, _)| *value == status).map(|(_, label)| *label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_enterprises_on_screen_are_the_alarm_and_none_is_calm() {
        assert_eq!(fill(9, 9), ramp(1.0));
        assert_eq!(fill(0, 9), ramp(0.0));
        assert_eq!(fill(0, 0), ramp(0.0), "nothing anywhere is calm, not a division by zero");
        assert_ne!(fill(3, 9), fill(4, 9));
    }

    #[test]
    fn the_title_names_the_filter_in_words() {
        let filter = EnterpriseFilter {
            sector: Some("纺织服装".into()),
            above_designated_size: Some(true),
            status: Some("not_resumed".into()),
            ..EnterpriseFilter::default()
        };
        assert_eq!(title(&filter), "企业分布 · 纺织服装 · 规上 · 未复工");
        assert_eq!(title(&EnterpriseFilter::default()), "企业分布");
    }

    #[test]
    fn the_legend_ends_are_counts_of_firms() {
        assert_eq!(legend_top(Some(11)), "11 家");
        assert_eq!(legend_top(None), "0 家");
        assert_eq!(legend_scale().1, "0 家");
    }

    #[test]
    fn every_status_has_its_words() {
        for (value, label) in STATUSES {
            assert_eq!(status_zh(value), Some(label));
        }
        assert_eq!(status_zh("closed"), None);
    }
}
