//! Live updates through the change log, and scope, on a real SQLite file shared by two
//! engines as a desktop window and `wangge simulate` share it.

use wangge_domain::{Change, Role, Scope};
use wangge_engine::{Engine, EngineError, Simulator, Store};

use crate::support::{db_in, two_seats, NOW};

fn streets(engine: &Engine) -> Vec<String> {
    let district = engine.district_scope("test");
    engine.stats(&district, None).unwrap().children.into_iter().map(|c| c.code).collect()
}

#[tokio::test]
async fn a_change_committed_by_another_engine_reaches_the_window_with_its_whole_path() {
    let (_dir, mut window, mut writer) = two_seats(11).await;
    let scope = window.district_scope("window");
    assert!(window.catch_up(&scope, NOW).await.unwrap().is_none(), "nothing happened yet");

    let writer_scope = writer.district_scope("simulate");
    let root = writer.district().hierarchy.root();
    let mut simulator = Simulator::new(writer.district(), root, 1);
    let change = simulator.next_change(writer.district(), NOW).unwrap().change().clone();
    let leaf = writer.district().nodes_of(&change).unwrap()[0];
    let path: Vec<String> =
        writer.district().hierarchy.path_to_root(leaf).map(|id| writer.district().hierarchy.node(id).code.0.clone()).collect();
    let seq = writer.commit(&writer_scope, change, NOW).await.unwrap();

    let update = window.catch_up(&scope, NOW).await.unwrap().expect("the window sees the change");
    assert_eq!(update.seq, seq);
    let codes: Vec<&str> = update.nodes.iter().map(|n| n.code.as_str()).collect();
    for code in &path {
        assert!(codes.contains(&code.as_str()), "{code} missing from {codes:?}");
    }
    // The window's figures now equal the writer's, node for node.
    for node in &update.nodes {
        let theirs = writer.stats(&writer_scope, Some(&node.code)).unwrap().metrics;
        assert_eq!(node.metrics, theirs, "{}", node.code);
    }
}

#[tokio::test]
async fn a_leader_is_told_only_of_their_own_street_and_cannot_write_beside_it() {
    let (_dir, mut window, mut writer) = two_seats(11).await;
    let streets = streets(&window);
    let leader = Scope::new("leader", Role::Leader, streets[0].as_str());
    let other = window.district().hierarchy.id(&streets[1]).unwrap();

    // A change in the other street: the district moves, but the leader hears nothing.
    let mut simulator = Simulator::new(writer.district(), other, 2);
    let change = simulator.next_change(writer.district(), NOW).unwrap().change().clone();
    let writer_scope = writer.district_scope("simulate");
    writer.commit(&writer_scope, change.clone(), NOW).await.unwrap();
    assert!(window.catch_up(&leader, NOW).await.unwrap().is_none());

    // And the leader may not make a change there.
    let err = window.commit(&leader, change, NOW).await.unwrap_err();
    assert!(matches!(err, EngineError::Scope(_)), "{err}");
}

#[tokio::test]
async fn a_wall_screen_reads_figures_but_may_not_change_anything() {
    let (_dir, mut window, _writer) = two_seats(11).await;
    let root = window.district_ref().code;
    let wall = Scope::new("wall-1", Role::WallScreen, root.as_str());
    assert!(window.stats(&wall, None).is_ok());
    let ticket = window.district().tickets.values().next().unwrap().clone();
    let err = window.commit(&wall, Change::Ticket(ticket), NOW).await.unwrap_err();
    assert!(err.to_string().contains("无权修改数据"), "{err}");
}

/// Two seats create tickets at the same time through separate connections: every ticket
/// gets its own id and none overwrites another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seats_creating_records_at_once_never_overwrite_each_other() {
    let (dir, window, _writer) = two_seats(11).await;
    let template = window.district().tickets.values().next().unwrap().clone();
    let before = window.district().tickets.len();
    let path = db_in(&dir);
    let mut seats = Vec::new();
    for seat in 0..2 {
        let store = Store::open_sqlite_file(&path).await.unwrap();
        let mut ticket = template.clone();
        seats.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for n in 0..40 {
                ticket.summary = format!("seat {seat} ticket {n}");
                let (_, stored) = store.commit_new("seat", NOW, &Change::Ticket(ticket.clone())).await.unwrap();
                ids.push(stored.entity_id());
            }
            ids
        }));
    }
    let mut ids = Vec::new();
    for seat in seats {
        ids.extend(seat.await.unwrap());
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 80, "ids were handed out twice");

    let reopened = Engine::open(Store::open_sqlite_file(&path).await.unwrap(), NOW).await.unwrap();
    assert_eq!(reopened.district().tickets.len(), before + 80);
    for seat in 0..2 {
        for n in 0..40 {
            let summary = format!("seat {seat} ticket {n}");
            assert!(reopened.district().tickets.values().any(|t| t.summary == summary), "{summary} was lost");
        }
    }
}
