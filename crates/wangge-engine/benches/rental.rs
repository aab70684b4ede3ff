//! `cargo bench -p wangge-engine --bench rental`: the 红黑榜 on the full demo district in a
//! SQLite file — the district's and each street's board read, then one scoring event recorded
//! (a committed change, its figures refreshed) and the street's 红黑榜 recomputed after it,
//! 50 times over different landlords. Prints times (medians); BENCHMARKS.md records them.

use std::time::Instant;

use wangge_api as api;
use wangge_domain::Level;

mod support;

const EVENTS: usize = 50;

fn main() {
    support::runtime().block_on(async {
        let now = support::now();
        let (_dir, mut engine) = support::demo_engine(now).await;
        let scope = engine.district_scope("bench");
        let query = |node: &str| api::RentalQuery { node: Some(node.to_owned()), standing: None };
        let root = engine.district().hierarchy.node(engine.district().hierarchy.root()).code.0.clone();

        let t = Instant::now();
        let whole = engine.rental_board(&scope, &query(&root), now).unwrap();
        println!(
            "district board: {:?} ({} let houses, {} rooms, {} tenants, {} landlords)",
            t.elapsed(),
            whole.rental_houses,
            whole.rental_rooms,
            whole.tenants,
            whole.landlords.len()
        );
        let streets = support::street_codes(&engine, &scope);
        let t = Instant::now();
        for street in &streets {
            engine.rental_board(&scope, &query(street), now).unwrap();
        }
        println!("every street's board ({} streets): {:?} each", streets.len(), t.elapsed() / streets.len() as u32);

        let item = engine.landlord_rules().items.iter().min_by_key(|i| i.points).unwrap().wording.clone();
        let (mut record, mut recompute) = (Vec::new(), Vec::new());
        for landlord in whole.landlords.iter().take(EVENTS) {
            let house = &landlord.houses[0];
            let leaf = engine.district().hierarchy.id_of(&engine.district().houses[&house.id].micro_grid).unwrap();
            let street = engine
                .district()
                .hierarchy
                .path_to_root(leaf)
                .find(|&n| engine.district().hierarchy.node(n).level == Level::Street)
                .map(|n| engine.district().hierarchy.node(n).code.0.clone())
                .unwrap();
            let form = api::LandlordScoreForm { landlord_id: landlord.id, house_id: house.id, item: item.clone(), reason: "压测".into() };
            let t = Instant::now();
            engine.score_landlord(&scope, &form, now).await.unwrap();
            record.push(t.elapsed());
            let t = Instant::now();
            engine.rental_board(&scope, &query(&street), now).unwrap();
            recompute.push(t.elapsed());
        }
        println!("one scoring event recorded (SQLite, synchronous=FULL; figures refreshed): median {:?}", support::median(record));
        println!("the street's 红黑榜 recomputed after it: median {:?}", support::median(recompute));
    });
}
