//! The Open311 API end to end: a real HTTP client against `wangge serve`'s router on
//! loopback, over the Small demo district in a real SQLite file.

use wangge_engine::{Engine, Store};
use wangge_open311::{Document, Errors, PostResponses, ServiceDefinition, ServiceList, ServiceRequests, Status};

use crate::common::{received_up_the_tree, serve, Answer, KEY, NOW};

const JSON: &str = "application/json; charset=utf-8";
const XML: &str = "text/xml; charset=utf-8";

/// An error answer's status and its descriptions, read in the format it came in.
fn errors(answer: &Answer) -> (u16, Vec<String>) {
    let body = if answer.content_type == JSON {
        Errors::from_json(&answer.body)
    } else {
        assert_eq!(answer.content_type, XML, "{answer:?}");
        Errors::from_xml(&answer.body)
    };
    let Errors(list) = body.unwrap_or_else(|e| panic!("not an error document ({e}): {answer:?}"));
    assert!(list.iter().all(|e| e.code == u32::from(answer.status)), "{answer:?}");
    (answer.status, list.into_iter().map(|e| e.description).collect())
}

#[tokio::test]
async fn the_services_are_the_six_public_categories_in_json_and_xml() {
    let served = serve().await;
    let json = served.get("services.json").await;
    assert_eq!((json.status, json.content_type.as_str()), (200, JSON));
    let ServiceList(services) = ServiceList::from_json(&json.body).unwrap();
    let xml = served.get("services.xml").await;
    assert_eq!((xml.status, xml.content_type.as_str()), (200, XML));
    assert_eq!(ServiceList::from_xml(&xml.body).unwrap().0, services, "both formats say the same");
    let names: Vec<&str> = services.iter().map(|s| s.service_name.as_str()).collect();
    // Epidemic leads are an internal channel (assets/open311/publication.txt).
    assert_eq!(names, ["投诉举报", "消费投诉", "建言献策", "咨询求助", "矛盾纠纷", "企业诉求"]);
    assert_eq!(services[0].service_code, "complaint");
    assert!(services.iter().all(|s| s.service_type.as_str() == "realtime"));

    let definition = served.get("services/dispute.xml").await;
    assert_eq!(definition.status, 200, "{definition:?}");
    let definition = ServiceDefinition::from_xml(&definition.body).unwrap();
    assert_eq!(definition.service_code, "dispute");
    assert!(definition.attributes.is_empty());

    let (status, why) = errors(&served.get("services/parking.json").await);
    assert_eq!(status, 404);
    assert!(why[0].starts_with("service_code:"), "{why:?}");
    // No usable suffix: 400, in XML because the URL named no format (the wire crate's rule).
    let (status, _) = errors(&served.get("services.yaml").await);
    assert_eq!(status, 400);
    let (status, _) = errors(&served.get("services").await);
    assert_eq!(status, 400);
    served.stop().await;
}

#[tokio::test]
async fn a_request_posted_at_a_house_becomes_a_ticket_counted_up_the_whole_tree() {
    let served = serve().await;
    let house = served.a_house().await;
    let before = served.received_up_the_tree(&house.micro_grid.0).await;
    assert!(before.len() >= 5, "micro-grid, grid, community, street, district: {before:?}");
    // A centimetre from the door: the citizen's own point, published as sent (a register
    // door itself would be shown as its micro-grid's centre).
    let at = geo::Point::new(house.location.x() + 1e-7, house.location.y() + 1e-7);
    let (lat, long) = (at.y().to_string(), at.x().to_string());

    let posted = served
        .post(
            "requests.json",
            &[
                ("api_key", KEY),
                ("service_code", "complaint"),
                ("lat", &lat),
                ("long", &long),
                ("description", "楼道堆放杂物，堵塞消防通道"),
                // Contact fields are accepted and not kept.
                ("email", "someone@example.org"),
            ],
        )
        .await;
    assert_eq!(posted.status, 201, "{posted:?}");
    let PostResponses(created) = PostResponses::from_json(&posted.body).unwrap();
    let id = created[0].service_request_id.clone().expect("a realtime service answers with the id");

    let shown = served.get(&format!("requests/{id}.json")).await;
    assert_eq!(shown.status, 200, "{shown:?}");
    let ServiceRequests(shown) = ServiceRequests::from_json(&shown.body).unwrap();
    let request = &shown[0];
    assert_eq!(request.service_request_id, id);
    assert_eq!(request.status, Status::Open);
    assert_eq!((request.lat, request.long), (Some(at.y()), Some(at.x())));
    assert_eq!(request.service_code, "complaint");
    assert_eq!(request.description.as_deref(), Some("楼道堆放杂物，堵塞消防通道"));
    assert_eq!(request.requested_datetime, "2026-11-23T10:00:00+08:00");
    assert!(request.agency_responsible.is_some());
    assert!(request.extended_attributes.is_none(), "v2 fields only unless extensions=true");
    assert!(!shown[0].clone().description.unwrap_or_default().contains("example.org"));

    // The extension carries the lifecycle state; XML says the same as JSON.
    let extended = served.get(&format!("requests/{id}.xml?extensions=true")).await;
    let ServiceRequests(extended) = ServiceRequests::from_xml(&extended.body).unwrap();
    assert_eq!(extended[0].detailed_status().map(|s| s.as_str()), Some("received"));

    // The list finds it, by id and as the newest request of its service.
    let listed = served.get("requests.json?service_code=complaint&status=open").await;
    let ServiceRequests(listed) = ServiceRequests::from_json(&listed.body).unwrap();
    assert_eq!(listed[0].service_request_id, id, "newest first");
    assert!(listed.iter().all(|r| r.service_code == "complaint" && r.status == Status::Open));

    // One more ticket received in the micro-grid and every ancestor, in the served engine...
    let after = served.received_up_the_tree(&house.micro_grid.0).await;
    for ((code, was), (_, is)) in before.iter().zip(&after) {
        assert_eq!(*is, was + 1, "{code}");
    }
    // ...and in another seat that catches up from the file, as an open desktop window does.
    let mut window = Engine::open(Store::open_sqlite_file(&served.db).await.unwrap(), NOW).await.unwrap();
    let scope = window.district_scope("window");
    window.catch_up(&scope, NOW).await.unwrap();
    assert_eq!(received_up_the_tree(&window, &house.micro_grid.0), after);
    let ticket = &window.district().tickets[&id.parse::<i64>().unwrap()];
    assert_eq!(ticket.micro_grid, Some(house.micro_grid.clone()));
    served.stop().await;
}

#[tokio::test]
async fn a_request_posted_by_address_lands_in_the_house_micro_grid() {
    let served = serve().await;
    let house = served.a_house().await;
    // Surrounding blanks are forgiven; the address itself must match the register.
    let address = format!("  {}  ", house.address);
    let posted = served.post("requests.xml", &[("api_key", KEY), ("service_code", "complaint"), ("address_string", &address)]).await;
    assert_eq!(posted.status, 201, "{posted:?}");
    assert_eq!(posted.content_type, XML);
    let PostResponses(created) = PostResponses::from_xml(&posted.body).unwrap();
    let id: i64 = created[0].service_request_id.as_deref().unwrap().parse().unwrap();
    let engine = served.state.engine().read().await;
    let ticket = &engine.district().tickets[&id];
    assert_eq!(ticket.micro_grid, Some(house.micro_grid.clone()));
    assert_eq!(ticket.location, Some(house.location));
    assert_eq!(ticket.summary, "投诉举报", "no description: the service name stands in");
    // The routing rules send a complaint to the grid of its micro-grid.
    let grid = engine.district().hierarchy.parent(engine.district().hierarchy.id_of(&house.micro_grid).unwrap()).unwrap();
    assert_eq!(ticket.owning_unit, engine.district().hierarchy.node(grid).code.0);
    drop(engine);
    served.stop().await;
}

/// What is wrong, the form sent, the status expected, the field the error must name.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, u16, &'a str);

#[tokio::test]
async fn bad_posts_are_refused_with_the_spec_status_and_store_nothing() {
    let served = serve().await;
    let house = served.a_house().await;
    let lat = house.location.y().to_string();
    let long = house.location.x().to_string();
    let before = served.ticket_count_and_seq().await;
    let cases: [Case; 5] = [
        ("no key", vec![("service_code", "complaint"), ("lat", &lat), ("long", &long)], 403, "api_key"),
        ("wrong key", vec![("api_key", "guess"), ("service_code", "complaint"), ("lat", &lat), ("long", &long)], 403, "api_key"),
        ("unknown service", vec![("api_key", KEY), ("service_code", "parking"), ("lat", &lat), ("long", &long)], 404, "service_code"),
        ("lat without long", vec![("api_key", KEY), ("service_code", "complaint"), ("lat", &lat)], 400, "long"),
        ("no location", vec![("api_key", KEY), ("service_code", "complaint")], 400, "location"),
    ];
    for (case, fields, want, field) in cases {
        for format in ["json", "xml"] {
            let answer = served.post(&format!("requests.{format}"), &fields).await;
            let (status, why) = errors(&answer);
            assert_eq!(status, want, "{case} ({format}): {answer:?}");
            assert!(why.iter().any(|d| d.starts_with(&format!("{field}:"))), "{case} ({format}) should name {field}: {why:?}");
            assert_eq!(served.ticket_count_and_seq().await, before, "{case} ({format}) stored something");
        }
    }
    served.stop().await;
}

#[tokio::test]
async fn requests_no_micro_grid_holds_wait_in_triage_and_count_nowhere() {
    let served = serve().await;
    let (tickets_before, _) = served.ticket_count_and_seq().await;
    let district_received =
        |engine: &wangge_engine::Engine| engine.stats(&engine.district_scope("test"), None).unwrap().metrics.tickets_received;
    let received_before = district_received(&*served.state.engine().read().await);
    let unplaced = [
        vec![("api_key", KEY), ("service_code", "complaint"), ("lat", "10"), ("long", "10")],
        vec![("api_key", KEY), ("service_code", "complaint"), ("address_string", "火星路1号")],
    ];
    let mut ids = Vec::new();
    for fields in &unplaced {
        let posted = served.post("requests.json", fields).await;
        assert_eq!(posted.status, 201, "{posted:?}");
        let PostResponses(created) = PostResponses::from_json(&posted.body).unwrap();
        ids.push(created[0].service_request_id.as_deref().unwrap().parse::<i64>().unwrap());
    }
    let engine = served.state.engine().read().await;
    assert_eq!(served_count(&engine), tickets_before + 2, "both requests are stored");
    for id in &ids {
        let ticket = &engine.district().tickets[id];
        assert_eq!(ticket.micro_grid, None);
        assert_eq!(ticket.owning_unit, wangge_domain::TRIAGE_UNIT);
        assert!(ticket.is_in_triage());
    }
    assert_eq!(district_received(&engine), received_before, "triage counts in no node's figures");
    let scope = engine.district_scope("test");
    let filter = wangge_api::BoardFilter { status: Some(wangge_api::TicketStatus::Triage), ..Default::default() };
    let board = engine.work_board(&scope, &filter, NOW).unwrap();
    for id in &ids {
        assert!(board.rows.iter().any(|r| r.id == *id), "ticket {id} is on the triage board");
    }
    drop(engine);
    served.stop().await;
}

fn served_count(engine: &wangge_engine::Engine) -> usize {
    engine.district().tickets.len()
}

#[tokio::test]
async fn unknown_request_ids_are_404_in_the_asked_format() {
    let served = serve().await;
    let json = served.get("requests/999999.json").await;
    assert_eq!(json.content_type, JSON);
    let (status, why) = errors(&json);
    assert_eq!(status, 404);
    assert!(why[0].starts_with("service_request_id:"), "{why:?}");
    let xml = served.get("requests/999999.xml").await;
    assert_eq!(xml.content_type, XML);
    assert_eq!(errors(&xml).0, 404);
    assert_eq!(errors(&served.get("requests/not-a-number.json").await).0, 404);
    // Lists leave unknown ids out instead of failing, and refuse a bad filter by name.
    let listed = served.get("requests.json?service_request_id=999999").await;
    assert_eq!(ServiceRequests::from_json(&listed.body).unwrap().0.len(), 0);
    let (status, why) = errors(&served.get("requests.json?start_date=yesterday").await);
    assert_eq!(status, 400);
    assert!(why[0].starts_with("start_date:"), "{why:?}");
    assert_eq!(errors(&served.get("tokens/1.json").await).0, 404);
    served.stop().await;
}
