//! `cargo bench -p wangge-engine --bench board`: the work board and ticket steps on the full
//! demo district in a SQLite file: building the board for the whole district and for one
//! community, one ticket's detail, and one lifecycle step committed through the store.
//! Prints medians; BENCHMARKS.md records them.

use std::time::{Duration, Instant};

use wangge_api as api;

mod support;

fn main() {
    support::runtime().block_on(async {
        let now = support::now();
        let (_dir, mut engine) = support::demo_engine(now).await;
        let scope = engine.district_scope("bench");
        let tickets = engine.district().tickets.len();

        let whole = api::BoardFilter::default();
        let samples: Vec<Duration> = (0..15)
            .map(|_| {
                let t = Instant::now();
                engine.work_board(&scope, &whole, now).unwrap();
                t.elapsed()
            })
            .collect();
        println!("work board, whole district ({tickets} tickets folded, 200 rows): median {:?}", support::median(samples));

        let street = engine.stats(&scope, None).unwrap().children[0].code.clone();
        let community = engine.stats(&scope, Some(&street)).unwrap().children[0].code.clone();
        let focused = api::BoardFilter { node: Some(community), ..Default::default() };
        let samples: Vec<Duration> = (0..15)
            .map(|_| {
                let t = Instant::now();
                engine.work_board(&scope, &focused, now).unwrap();
                t.elapsed()
            })
            .collect();
        println!("work board, one community: median {:?}", support::median(samples));

        let open: Vec<api::TicketRow> = engine
            .work_board(
                &scope,
                &api::BoardFilter { status: Some(api::TicketStatus::Accepted), limit: Some(10_000), ..Default::default() },
                now,
            )
            .unwrap()
            .rows;
        let samples: Vec<Duration> = open
            .iter()
            .take(50)
            .map(|row| {
                let t = Instant::now();
                engine.ticket_detail(&scope, row.id, now).unwrap();
                t.elapsed()
            })
            .collect();
        println!("ticket detail with timeline: median {:?}", support::median(samples));

        let mut samples = Vec::new();
        for row in open.iter().take(100) {
            let t = Instant::now();
            engine
                .act(
                    &scope,
                    api::TicketVersion { id: row.id, version: row.version },
                    api::TicketAction::Supervise { note: "bench".into() },
                    now,
                )
                .await
                .unwrap();
            samples.push(t.elapsed());
        }
        println!("one lifecycle step committed (SQLite, synchronous=FULL): median {:?}", support::median(samples));

        // 批量改派: 100 tickets in one all-or-nothing write, three rounds on fresh tickets.
        let movable: Vec<api::TicketRow> = engine
            .work_board(&scope, &api::BoardFilter { limit: Some(100_000), ..Default::default() }, now)
            .unwrap()
            .rows
            .into_iter()
            .filter(|row| matches!(row.status, api::TicketStatus::Received | api::TicketStatus::Accepted | api::TicketStatus::InProgress))
            .filter(|row| row.owners.len() == 1 && row.owners[0] != "centre:legal")
            .collect();
        let mut samples = Vec::new();
        for batch in movable.chunks_exact(100).take(3) {
            let request = api::Reassign {
                tickets: batch.iter().map(|row| api::TicketVersion { id: row.id, version: row.version }).collect(),
                from_unit: None,
                to_unit: "centre:legal".into(),
                reason: "bench".into(),
            };
            let t = Instant::now();
            engine.reassign(&scope, &request, now).await.unwrap();
            samples.push(t.elapsed());
        }
        assert!(!samples.is_empty(), "the demo has 100 open single-owner tickets to move ({} found)", movable.len());
        println!("bulk reassign of 100 tickets committed ({} rounds): median {:?}", samples.len(), support::median(samples));
    });
}
