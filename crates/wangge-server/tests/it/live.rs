//! What other seats do reaches the server (the 250 ms catch-up), and the caller's scope
//! bounds intake in the engine, whichever transport calls it.

use std::time::{Duration, Instant};

use wangge_domain::{Role, Scope};
use wangge_engine::{EngineError, IntakeError, Store};
use wangge_open311::{Document, ServiceRequests};

use crate::common::{request_at, serve, NOW};

#[tokio::test]
async fn a_ticket_another_process_submits_is_served_within_a_moment() {
    let served = serve().await;
    let house = served.a_house().await;
    let mut writer = wangge_engine::Engine::open(Store::open_sqlite_file(&served.db).await.unwrap(), NOW).await.unwrap();
    let scope = writer.district_scope("hotline");
    let ticket = writer.submit_request(&scope, request_at(house.location.y(), house.location.x()), NOW).await.unwrap();

    let started = Instant::now();
    loop {
        let answer = served.get(&format!("requests/{}.json", ticket.id)).await;
        if answer.status == 200 {
            let ServiceRequests(found) = ServiceRequests::from_json(&answer.body).unwrap();
            assert_eq!(found[0].service_code, "consultation");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "still {answer:?} after 5 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    served.stop().await;
}

#[tokio::test]
async fn a_leader_cannot_submit_or_read_beside_their_street() {
    let served = serve().await;
    let house = served.a_house().await;
    let mut engine = served.state.engine().write().await;
    let hierarchy = &engine.district().hierarchy;
    let leaf = hierarchy.id_of(&house.micro_grid).unwrap();
    let own_street = hierarchy.path_to_root(leaf).nth(3).unwrap();
    let other_street = *hierarchy.children(hierarchy.root()).iter().find(|&&s| s != own_street).unwrap();
    let leader = Scope::new("leader", Role::Leader, hierarchy.node(other_street).code.clone());
    let (tickets, seq) = (engine.district().tickets.len(), engine.store().last_seq().await.unwrap());

    let err = engine.submit_request(&leader, request_at(house.location.y(), house.location.x()), NOW).await.unwrap_err();
    assert!(matches!(err, IntakeError::Engine(EngineError::Scope(_))), "{err}");
    assert_eq!((engine.district().tickets.len(), engine.store().last_seq().await.unwrap()), (tickets, seq));

    // A ticket of the house's street: the leader of the other street may not read it either,
    // and does not find it in lists.
    let hierarchy = &engine.district().hierarchy;
    let public = served.state.publication();
    let id = engine
        .district()
        .tickets
        .values()
        .filter(|t| public.shows(t))
        .find(|t| hierarchy.covers(own_street, hierarchy.id_of(t.micro_grid.as_ref().unwrap()).unwrap()))
        .expect("the demo has public tickets in every street")
        .id;
    let err = engine.open311_request(&leader, public, &id.to_string()).unwrap_err();
    assert!(matches!(err, IntakeError::Engine(EngineError::Scope(_))), "{err}");
    let filter = wangge_engine::RequestFilter { ids: vec![id.to_string()], ..Default::default() };
    assert!(engine.open311_requests(&leader, public, &filter, 10).unwrap().is_empty());
    drop(engine);
    served.stop().await;
}
