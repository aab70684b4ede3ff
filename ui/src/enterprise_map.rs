//! The enterprises of the 企业 tab's filter on the map (企业分布, one of
//! `crate::map_overlay`'s overlays): each area filled by how many enterprises matching the
//! filter (sector, 规上/规下, resumption status) lie under it, from none (calm) to the most on
//! screen (the alarm) — so "未复工 · 规上" shows where the firms still idle are. The counts
//! are the list's own per-child counts, which sum to the tab's 符合条件 figure.

use wangge_api::EnterpriseFilter;

use crate::colours::ramp;

/// The resumption statuses, by API name and in the page's words.
pub fn statuses() -> [(&'static str, &'static str); 3] {
    [("not_resumed", t!("未复工", "Not resumed")), ("partly", t!("部分复工", "Partly resumed")), ("fully", t!("全面复工", "Fully resumed"))]
}

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
    (gradient, t!("0 家", "0 enterprises").to_owned())
}

/// The legend's high end: the most enterprises in one area on screen.
pub fn legend_top(most: Option<u64>) -> String {
    tf!("{} 家", "{} enterprises", most.unwrap_or(0))
}

/// The legend's title: what is counted, in the filter's words (the page shows it through
/// [`title_view`]; this plain form is what the host tests read).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub fn title(filter: &EnterpriseFilter) -> String {
    let mut parts = vec![t!("企业分布", "Enterprises").to_owned()];
    parts.extend(filter.sector.clone().filter(|s| !s.is_empty()));
    parts.extend(words_after_sector(filter).into_iter().map(str::to_owned));
    parts.join(" · ")
}

/// [`title`] as the legend shows it: the sector is data, kept from translation.
#[cfg(target_arch = "wasm32")]
pub fn title_view(filter: &EnterpriseFilter) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    let sector = filter.sector.clone().filter(|s| !s.is_empty());
    let after: String = words_after_sector(filter).into_iter().map(|words| format!(" · {words}")).collect();
    view! {
        {t!("企业分布", "Enterprises")}
        {sector.map(|sector| view! { " · " <span translate="no">{sector}</span> })}
        {after}
    }
    .into_any()
}

/// The filter's size and status, in the page's words.
fn words_after_sector(filter: &EnterpriseFilter) -> Vec<&'static str> {
    let size = filter.above_designated_size.map(|above| match above {
        true => t!("规上", "Above designated size"),
        false => t!("规下", "Below designated size"),
    });
    size.into_iter().chain(filter.status.as_deref().and_then(status_label)).collect()
}

/// 未复工 / 部分复工 / 全面复工 for the filter's status, in the page's words.
pub fn status_label(status: &str) -> Option<&'static str> {
    statuses().into_iter().find(|(value, _)| *value == status).map(|(_, label)| label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wangge_api::Language;

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
        for (value, label) in statuses() {
            assert_eq!(status_label(value), Some(label));
        }
        assert_eq!(status_label("closed"), None);
    }

    #[test]
    fn an_english_page_reads_the_legend_in_english_but_the_sector_as_it_is() {
        crate::i18n::set_language(Language::English);
        let filter = EnterpriseFilter {
            sector: Some("纺织服装".into()),
            above_designated_size: Some(false),
            status: Some("partly".into()),
            ..EnterpriseFilter::default()
        };
        assert_eq!(title(&filter), "Enterprises · 纺织服装 · Below designated size · Partly resumed");
        assert_eq!(legend_top(Some(11)), "11 enterprises");
        assert!(statuses().iter().all(|(_, label)| label.is_ascii()));
        crate::i18n::set_language(Language::Chinese);
        assert_eq!(status_label("partly"), Some("部分复工"));
    }
}
