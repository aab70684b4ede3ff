//! `cargo bench -p wangge-engine --bench enterprises`: the 企业 tab on the full demo district
//! in a SQLite file — the district's list (breakdown, the service loop of every demand, the
//! per-child counts, 500 rows), the map's 企业分布 fetch (a filter, counts only) at the
//! district and at every street, one enterprise's detail, and a person revealed (a logged
//! write) — 20 rounds each. Prints medians; BENCHMARKS.md records them.

use std::time::Instant;

use wangge_api as api;

mod support;

const ROUNDS: usize = 20;

fn main() {
    support::runtime().block_on(async {
        let now = support::now();
        let (_dir, engine) = support::demo_engine(now).await;
        let scope = engine.district_scope("bench");
        let time = |f: &mut dyn FnMut()| support::time(ROUNDS, f);

        let whole = engine.enterprise_list(&scope, &api::EnterpriseFilter::default(), now).unwrap();
        println!(
            "district list: {:?} ({} enterprises, {} demands collected, {} fed back, {} children)",
            time(&mut || drop(engine.enterprise_list(&scope, &api::EnterpriseFilter::default(), now).unwrap())),
            whole.matching,
            whole.matching_demands.collected,
            whole.matching_demands.fed_back,
            whole.by_child.len()
        );
        let on_map = api::EnterpriseFilter {
            above_designated_size: Some(true),
            status: Some("not_resumed".into()),
            limit: Some(0),
            ..Default::default()
        };
        println!(
            "企业分布 on the map, 规上 未复工, district: {:?}",
            time(&mut || drop(engine.enterprise_list(&scope, &on_map, now).unwrap()))
        );
        let streets = support::street_codes(&engine, &scope);
        let per_street = time(&mut || {
            for street in &streets {
                let filter = api::EnterpriseFilter { node: Some(street.clone()), ..on_map.clone() };
                drop(engine.enterprise_list(&scope, &filter, now).unwrap());
            }
        });
        println!("企业分布 on the map, every street ({}): {:?} each", streets.len(), per_street / streets.len() as u32);
        let busiest = whole.rows.iter().max_by_key(|r| r.open_demands).unwrap().id;
        println!("one enterprise's detail: {:?}", time(&mut || drop(engine.enterprise_detail(&scope, busiest, now).unwrap())));

        let people: Vec<i64> = engine.district().people.keys().copied().take(ROUNDS).collect();
        let mut reveals = Vec::new();
        for person_id in people {
            let request = api::RevealRequest { person_id, reason: "压测：核实身份".into() };
            let t = Instant::now();
            engine.reveal_person(&scope, &request, now).await.unwrap();
            reveals.push(t.elapsed());
        }
        println!("a person revealed (the reveal logged first): {:?}", support::median(reveals));
    });
}
