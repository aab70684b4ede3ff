//! `cargo bench -p wangge-engine --bench screening`: a screening batch of 100,000 people on the
//! full demo district in a SQLite file — split by address and stored in one transaction, the
//! batch list and the district's per-street progress read, 2,000 outcomes entered one by one
//! (each a committed change) and the figures rolled up again. Prints times; BENCHMARKS.md
//! records them.

use std::time::Instant;

use wangge_api as api;
use wangge_domain::Timestamp;

mod support;

const PEOPLE: usize = 100_000;
const ENTERED: usize = 2_000;

fn main() {
    support::runtime().block_on(async {
        let now = support::now();
        let (_dir, mut engine) = support::demo_engine(now).await;
        let scope = engine.district_scope("bench");
        let mut addresses: Vec<String> = engine.district().houses.values().map(|h| h.address.clone()).collect();
        addresses.sort();
        // Every 50th person's address is in no register: the unplaced part.
        let people: Vec<api::ScreeningPerson> = (0..PEOPLE)
            .map(|i| api::ScreeningPerson {
                row: i as u64 + 2,
                name: format!("协查{i}"),
                id_number: format!("330402198{:09}", i),
                address: if i % 50 == 0 { format!("无此地址{i}号") } else { addresses[(i * 7919) % addresses.len()].clone() },
            })
            .collect();
        let deadline = Timestamp(now.0 + 3 * 86_400);

        let t = Instant::now();
        let imported = engine.import_screening(&scope, "压测批次", deadline, &people, now).await.unwrap();
        println!("{PEOPLE} people split into {} parts and stored in one transaction: {:?}", imported.parts.len(), t.elapsed());

        let t = Instant::now();
        let batches = engine.screening_batches(&scope, None, now).unwrap();
        println!("batch list of the district ({} batches): {:?}", batches.batches.len(), t.elapsed());
        let t = Instant::now();
        let progress = engine.task_progress(&scope, None, Some("压测批次"), now).unwrap();
        println!("the batch's progress per street: {:?} ({} people)", t.elapsed(), progress.figures.items);

        let items: Vec<i64> = imported.parts.iter().flat_map(|p| p.item_ids.iter().copied()).take(ENTERED).collect();
        let t = Instant::now();
        for item in &items {
            engine.record_outcome(&scope, *item, api::TaskOutcome::FoundUnderControl, now).await.unwrap();
        }
        let entered = t.elapsed();
        println!("{ENTERED} outcomes entered one by one (SQLite, synchronous=FULL): {entered:?}, {:?} each", entered / ENTERED as u32);
        let t = Instant::now();
        let after = engine.task_progress(&scope, None, Some("压测批次"), now).unwrap();
        println!("rolled up again: {:?} ({} of {} checked)", t.elapsed(), after.figures.done, after.figures.items);
    });
}
