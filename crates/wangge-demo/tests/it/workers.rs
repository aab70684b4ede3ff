//! Workers on record: each lives in the community of the enterprise they work at, and no
//! enterprise has more than its share (half its headcount, at most the cap).

use std::collections::HashMap;

use wangge_demo::workers::MOST_PER_ENTERPRISE;
use wangge_domain::{Level, NodeCode};

use crate::common;

#[test]
fn workers_live_in_their_enterprises_community_and_no_firm_has_more_than_its_share() {
    let district = common::full();
    let hierarchy = &district.hierarchy;
    let community_of = |code: &NodeCode| {
        let leaf = hierarchy.id_of(code).expect("a placed record");
        hierarchy.path_to_root(leaf).find(|&n| hierarchy.node(n).level == Level::Community)
    };
    let mut per_enterprise: HashMap<i64, usize> = HashMap::new();
    for person in district.people.values() {
        let Some(id) = person.employer else { continue };
        *per_enterprise.entry(id).or_default() += 1;
        let enterprise = &district.enterprises[&id];
        let home = &district.houses[&person.house_id].micro_grid;
        assert_eq!(community_of(home), community_of(&enterprise.micro_grid), "person {} works outside their community", person.id);
    }
    assert!(per_enterprise.len() > district.enterprises.len() / 2, "most enterprises have workers on record: {}", per_enterprise.len());
    for (id, workers) in per_enterprise {
        let share = (district.enterprises[&id].headcount as usize / 2).min(MOST_PER_ENTERPRISE);
        assert!(workers <= share, "enterprise {id}: {workers} workers on record, more than its share {share}");
    }
}
