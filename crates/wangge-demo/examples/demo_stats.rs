//! Generates the demo district and prints how long it took and its headline figures.
//!
//! `cargo run --release -p wangge-demo --example demo_stats [full|small] [seed]`

use std::time::Instant;

use wangge_demo::{generate, DemoConfig, Scale};
use wangge_domain::{Level, Timestamp};

fn main() {
    let mut args = std::env::args().skip(1);
    let scale = match args.next().as_deref() {
        Some("small") => Scale::Small,
        _ => Scale::Full,
    };
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(20200310);
    let now = Timestamp::from_local(2020, 3, 10, 16, 0);
    let started = Instant::now();
    let district = generate(&DemoConfig { seed, now, scale }, &mut |_, _, _| {});
    let elapsed = started.elapsed();
    println!("generate({scale:?}, seed {seed}) took {:.2} s", elapsed.as_secs_f64());

    let mut levels = [0usize; 5];
    for (_, node) in district.hierarchy.nodes() {
        levels[node.level.depth()] += 1;
    }
    for level in Level::ALL {
        println!("{:>10}: {}", level.as_str(), levels[level.depth()]);
    }
    let today = now.local_day_start();
    let t = &district.tickets;
    let n = t.len() as f64;
    let accepted = t.values().filter(|t| t.is_accepted_at(now)).count();
    let resolved = t.values().filter(|t| t.is_resolved_at(now)).count();
    let on_time = t.values().filter(|t| t.was_resolved_on_time_at(now)).count();
    let overdue = t.values().filter(|t| t.is_overdue_at(now)).count();
    let open_not_due = t.values().filter(|t| !t.is_resolved_at(now) && t.deadline >= now).count();
    let received_today = t.values().filter(|t| t.received_at >= today).count();
    println!(
        "tickets {}: accepted {:.2}%, resolved {:.2}%, on time {:.2}% of resolved, overdue {overdue}, open not due {open_not_due}, today {received_today}",
        t.len(),
        100.0 * accepted as f64 / n,
        100.0 * resolved as f64 / n,
        100.0 * on_time as f64 / resolved as f64
    );
    let active = district.isolations.values().filter(|i| i.is_active_at(now)).count();
    let new_today = district.isolations.values().filter(|i| i.started_at >= today).count();
    let released_today = district.isolations.values().filter(|i| i.released_at.is_some_and(|r| r >= today)).count();
    let overdue_follow_ups = district
        .isolations
        .values()
        .filter(|i| i.is_active_at(now))
        .flat_map(|i| district.follow_ups_of(i.id))
        .filter(|f| f.due_at.plus_secs(7200) < now && f.done_at.is_none())
        .count();
    println!(
        "isolations {}: active {active}, new today {new_today}, released today {released_today}; follow-ups {}, overdue {overdue_follow_ups}",
        district.isolations.len(),
        district.follow_ups.len()
    );
    let e = &district.enterprises;
    let resumed = e.values().filter(|e| e.is_resumed_at(now)).count();
    let above = e.values().filter(|e| e.above_designated_size).count();
    println!(
        "enterprises {}: resumed {:.2}%, above size {:.1}%",
        e.len(),
        100.0 * resumed as f64 / e.len() as f64,
        100.0 * above as f64 / e.len() as f64
    );
    println!(
        "houses {}, people {}, tasks {}, task items {}",
        district.houses.len(),
        district.people.len(),
        district.tasks.len(),
        district.task_items.len()
    );
}
