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

/// The one live loop every front end runs: a district-wide tick, then each seat's words of
/// it. Two street leaders and a wall: a change in the first street reaches its leader with
/// that street's figures only, the second leader hears the log move and nothing else, the
/// wall the figures but no ticket; a tick with nothing new says nothing; a seat greeted at
/// a later seq is not told of the earlier advance again.
#[tokio::test]
async fn one_tick_is_worded_for_each_seat_by_its_scope() {
    use wangge_api::LiveMessage;
    use wangge_engine::live::{SeatFeed, Ticker};

    let (_dir, mut window, mut writer) = two_seats(11).await;
    let streets = streets(&window);
    let mut ticker = Ticker::new(&window, std::time::Duration::ZERO);
    let start = window.last_seq();
    let first = window.district().hierarchy.id(&streets[0]).unwrap();
    let mut near = SeatFeed::new(Scope::new("near", Role::Leader, streets[0].as_str()), start);
    let mut far = SeatFeed::new(Scope::new("far", Role::Leader, streets[1].as_str()), start);
    let mut wall = SeatFeed::new(Scope { role: Role::WallScreen, ..window.district_scope("wall") }, start);
    // The first tick learns what is already breached or changed: no backlog is news.
    let baseline = ticker.tick(&mut window, NOW).await.unwrap();
    assert!(baseline.is_none(), "{baseline:?}");

    let mut simulator = Simulator::new(writer.district(), first, 5);
    let change = simulator.next_change(writer.district(), NOW).unwrap().change().clone();
    let seq = writer.commit(&writer.district_scope("simulate"), change, NOW).await.unwrap();
    let advance = ticker.tick(&mut window, NOW).await.unwrap().expect("the tick brings the change");
    assert_eq!(advance.seq, seq);

    let hierarchy = &window.district().hierarchy;
    let heard = near.messages(&window, &advance);
    let Some(LiveMessage::FiguresChanged(figures)) = heard.first() else { panic!("{heard:?}") };
    assert!(!figures.nodes.is_empty());
    for node in &figures.nodes {
        let id = hierarchy.id(&node.code).unwrap();
        assert!(hierarchy.covers(first, id), "{} lies outside the near leader's street", node.code);
    }
    assert_eq!(heard.last(), Some(&LiveMessage::LogAdvanced(seq)), "the log's number comes last");
    assert_eq!(far.messages(&window, &advance), vec![LiveMessage::LogAdvanced(seq)]);
    let walled = wall.messages(&window, &advance);
    assert!(walled.iter().any(|m| matches!(m, LiveMessage::FiguresChanged(_))), "{walled:?}");
    assert!(!walled.iter().any(|m| matches!(m, LiveMessage::SlaBreached(_))), "{walled:?}");
    // Told once: the same advance again repeats no log number.
    assert!(!far.messages(&window, &advance).contains(&LiveMessage::LogAdvanced(seq)));
    let mut late = SeatFeed::new(Scope::new("late", Role::Leader, streets[1].as_str()), seq);
    assert!(late.messages(&window, &advance).is_empty());
    assert!(ticker.tick(&mut window, NOW).await.unwrap().is_none(), "nothing new, nothing said");
}

/// A write answers with what it moved, worded for the writer's scope: a street leader's own
/// change comes back with its street's nodes (the figures the live loop would bring later),
/// equal to what the engine now reads; a write another engine made first is read along.
#[tokio::test]
async fn a_write_returns_the_figures_it_moved_within_the_writers_scope() {
    let (_dir, mut window, mut writer) = two_seats(11).await;
    let streets = streets(&window);
    let street = window.district().hierarchy.id(&streets[0]).unwrap();
    let leader = Scope::new("leader", Role::Leader, streets[0].as_str());
    let mut simulator = Simulator::new(window.district(), street, 9);
    // Another seat writes first: this engine has not read it when it writes its own.
    let theirs = {
        let mut other = Simulator::new(writer.district(), street, 10);
        other.next_change(writer.district(), NOW).unwrap().change().clone()
    };
    writer.commit(&writer.district_scope("simulate"), theirs, NOW).await.unwrap();
    for _ in 0..2 {
        let change = simulator.next_change(window.district(), NOW).unwrap().change().clone();
        let written = window.write(&leader, vec![change], Vec::new(), None, NOW).await.unwrap();
        assert_eq!(written.seqs, vec![window.last_seq()]);
        let figures = written.figures.expect("a change of a record moves its places' figures");
        assert!(!figures.nodes.is_empty());
        let hierarchy = &window.district().hierarchy;
        for node in &figures.nodes {
            assert!(hierarchy.covers(street, hierarchy.id(&node.code).unwrap()), "{} is outside the leader's street", node.code);
            assert_eq!(node.metrics, window.stats(&leader, Some(&node.code)).unwrap().metrics, "{}", node.code);
        }
        assert!(figures.nodes.iter().any(|n| n.code == streets[0]), "the street itself moved");
    }
}
