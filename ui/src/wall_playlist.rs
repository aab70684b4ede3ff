//! The wall screen's playlist order (see `wall.rs`): pure, so it is tested on the host.

use wangge_api::ChoroplethMetric;

/// The metrics the playlist colours the map by, one per round.
pub const METRICS: [ChoroplethMetric; 4] =
    [ChoroplethMetric::IsolationsActive, ChoroplethMetric::ResumptionRate, ChoroplethMetric::TicketsOverdue, ChoroplethMetric::OnTimeRate];

/// Which node and metric step `step` of the playlist shows: the nodes in turn, the metric
/// moving on after each round. Pure, so the order is tested on the host.
pub fn playlist_step(nodes: &[String], step: usize) -> Option<(String, ChoroplethMetric)> {
    let node = nodes.get(step % nodes.len().max(1))?.clone();
    let round = step / nodes.len().max(1);
    Some((node, METRICS[round % METRICS.len()]))
}

/// The `dwell` of a query string (`?dwell=30&…`), in seconds from 2 to 3600.
pub fn dwell_in_query(query: &str) -> Option<u32> {
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("dwell="))
        .and_then(|value| value.parse::<u32>().ok())
        .filter(|secs| (2..=3600).contains(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_playlist_visits_every_node_then_moves_to_the_next_metric() {
        let nodes: Vec<String> = ["区", "甲街道", "乙街道"].map(str::to_owned).to_vec();
        let steps: Vec<(String, ChoroplethMetric)> = (0..7).filter_map(|i| playlist_step(&nodes, i)).collect();
        assert_eq!(steps[0], ("区".to_owned(), METRICS[0]));
        assert_eq!(steps[2], ("乙街道".to_owned(), METRICS[0]));
        assert_eq!(steps[3], ("区".to_owned(), METRICS[1]));
        assert_eq!(steps[6].1, METRICS[2]);
        assert_eq!(playlist_step(&[], 3), None);
    }

    #[test]
    fn a_browser_wall_takes_its_dwell_from_the_address() {
        assert_eq!(dwell_in_query("?dwell=30"), Some(30));
        assert_eq!(dwell_in_query("?x=1&dwell=5"), Some(5));
        assert_eq!(dwell_in_query(""), None);
        assert_eq!(dwell_in_query("?dwell=1"), None);
        assert_eq!(dwell_in_query("?dwell=soon"), None);
    }
}
