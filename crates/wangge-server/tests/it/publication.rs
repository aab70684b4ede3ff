//! What anonymous readers of the Open311 API may see: personal data masked, register doors
//! coarsened to their micro-grid, internal services and channels never listed, and XML that
//! stays well-formed whatever is in the store (every XML answer of every server test is
//! parsed with roxmltree in `common::answer`).

use geo::{Centroid, Contains};
use wangge_domain::{Change, Ticket, TicketCategory, TicketSource};
use wangge_open311::{Document, Errors, PostResponses, ServiceList, ServiceRequests};

use crate::common::{serve, Served, KEY, NOW};

fn created_id(body: &str) -> String {
    PostResponses::from_json(body).unwrap().0[0].service_request_id.clone().unwrap()
}

/// Stores a ticket straight through the engine, as another seat or an import would: a copy
/// of a placed demo ticket with the given source, category and summary, received now.
async fn store_ticket(served: &Served, source: TicketSource, category: TicketCategory, summary: &str) -> i64 {
    let mut engine = served.state.engine().write().await;
    let scope = engine.district_scope("test");
    let mut ticket: Ticket = engine.district().tickets.values().find(|t| t.micro_grid.is_some()).unwrap().clone();
    ticket.id = engine.district().tickets.keys().max().unwrap() + 1;
    ticket.source = source;
    ticket.category = category;
    ticket.summary = summary.to_owned();
    ticket.received_at = NOW;
    engine.commit(&scope, Change::Ticket(ticket.clone()), NOW).await.unwrap();
    ticket.id
}

#[tokio::test]
async fn an_anonymous_get_shows_id_numbers_and_phones_masked_and_no_register_door() {
    let served = serve().await;
    let house = served.a_house().await;
    let description = "身份证330402199001011234，电话13812345678，我是张三丰，联系人：李四";
    let posted = served
        .post(
            "requests.json",
            &[
                ("api_key", KEY),
                ("service_code", "complaint"),
                ("address_string", &house.address),
                ("description", description),
                ("first_name", "三丰"),
                ("last_name", "张"),
            ],
        )
        .await;
    assert_eq!(posted.status, 201, "{posted:?}");
    let id = created_id(&posted.body);

    let want = "身份证330402********1234，电话138****5678，我是张**，联系人：李*";
    let micro = {
        let engine = served.state.engine().read().await;
        let hierarchy = &engine.district().hierarchy;
        hierarchy.node(hierarchy.id_of(&house.micro_grid).unwrap()).boundary.clone()
    };
    let one_json = ServiceRequests::from_json(&served.get(&format!("requests/{id}.json")).await.body).unwrap().0;
    let one_xml = ServiceRequests::from_xml(&served.get(&format!("requests/{id}.xml")).await.body).unwrap().0;
    let listed = ServiceRequests::from_json(&served.get(&format!("requests.json?service_request_id={id}")).await.body).unwrap().0;
    let newest = ServiceRequests::from_json(&served.get("requests.json").await.body).unwrap().0;
    assert_eq!(newest[0].service_request_id, id, "the whole list shows it the same way");
    for shown in [&one_json[0], &one_xml[0], &listed[0], &newest[0]] {
        assert_eq!(shown.description.as_deref(), Some(want));
        let point = geo::Point::new(shown.long.unwrap(), shown.lat.unwrap());
        assert_ne!(point, house.location, "never the door from the register");
        assert_eq!(Some(point), micro.centroid(), "the micro-grid's centre");
        assert!(micro.contains(&point));
    }
    // Staff still have the whole text; only the requester's own name is not kept.
    let engine = served.state.engine().read().await;
    let stored = &engine.district().tickets[&id.parse::<i64>().unwrap()];
    assert_eq!(stored.summary, "身份证330402199001011234，电话13812345678，我是张**，联系人：李四");
    assert_eq!(stored.location, Some(house.location), "the ticket keeps its door for the grid worker");
    drop(engine);
    served.stop().await;
}

#[tokio::test]
async fn internal_services_and_channels_are_never_listed_or_shown() {
    let served = serve().await;
    let house = served.a_house().await;
    let ServiceList(services) = ServiceList::from_json(&served.get("services.json").await.body).unwrap();
    assert!(services.iter().all(|s| s.service_code != "epidemic_lead"), "{services:?}");
    assert_eq!(served.get("services/epidemic_lead.json").await.status, 404);
    let (lat, long) = (house.location.y().to_string(), house.location.x().to_string());
    let refused =
        served.post("requests.json", &[("api_key", KEY), ("service_code", "epidemic_lead"), ("lat", &lat), ("long", &long)]).await;
    assert_eq!(refused.status, 404, "an internal service takes no POST: {refused:?}");

    let lead = store_ticket(&served, TicketSource::MiniProgram, TicketCategory::EpidemicLead, "有人员发热未就医").await;
    let report = store_ticket(&served, TicketSource::GridMemberReport, TicketCategory::Complaint, "网格员上报：楼道堆物").await;
    let public = store_ticket(&served, TicketSource::Hotline12345, TicketCategory::Complaint, "路灯不亮").await;
    for id in [lead, report] {
        let answer = served.get(&format!("requests/{id}.json")).await;
        assert_eq!(answer.status, 404, "ticket {id}: {answer:?}");
        let Errors(why) = Errors::from_json(&answer.body).unwrap();
        assert!(why[0].description.starts_with("service_request_id:"), "as unknown as an id never given: {why:?}");
    }
    let everything = served.get("requests.json").await;
    let ServiceRequests(listed) = ServiceRequests::from_json(&everything.body).unwrap();
    assert!(listed.iter().any(|r| r.service_request_id == public.to_string()));
    for internal in [lead, report] {
        assert!(listed.iter().all(|r| r.service_request_id != internal.to_string()));
        let by_id = served.get(&format!("requests.json?service_request_id={internal}&service_code=epidemic_lead")).await;
        assert!(ServiceRequests::from_json(&by_id.body).unwrap().0.is_empty());
    }
    assert!(!everything.body.contains("有人员发热未就医") && !everything.body.contains("网格员上报：楼道堆物"));
    let demo_internal = {
        let engine = served.state.engine().read().await;
        let rules = served.state.publication();
        engine.district().tickets.values().filter(|t| !rules.shows(t)).count()
    };
    assert!(demo_internal > 2, "the demo has internal tickets of its own, none listed either");
    served.stop().await;
}

#[tokio::test]
async fn a_control_character_post_is_refused_and_requests_xml_stays_well_formed() {
    let served = serve().await;
    let house = served.a_house().await;
    let (lat, long) = (house.location.y().to_string(), house.location.x().to_string());
    let before = served.ticket_count_and_seq().await;
    for (field, value) in [("description", "a\u{1}\u{2}b"), ("description", "nul\u{0}"), ("address_string", "x\u{7f}")] {
        for format in ["json", "xml"] {
            let fields = [("api_key", KEY), ("service_code", "complaint"), ("lat", &lat), ("long", &long), (field, value)];
            let answer = served.post(&format!("requests.{format}"), &fields).await;
            assert_eq!(answer.status, 400, "{field} {value:?}: {answer:?}");
            let Errors(why) = if format == "json" { Errors::from_json(&answer.body) } else { Errors::from_xml(&answer.body) }.unwrap();
            assert!(why.iter().any(|e| e.description.starts_with(&format!("{field}: control character"))), "{why:?}");
        }
    }
    assert_eq!(served.ticket_count_and_seq().await, before, "nothing stored");

    // A bad string put straight into the store (an old row, another writer): the XML feed
    // leaves the characters XML cannot carry out and stays well-formed for every client.
    let id = store_ticket(&served, TicketSource::MiniProgram, TicketCategory::Complaint, "坏\u{0}\u{1}\u{1b}[31m\u{FFFF}<&>\r\n尾").await;
    for path in ["requests.xml", "requests.xml?extensions=true", &format!("requests/{id}.xml")] {
        let answer = served.get(path).await;
        assert_eq!(answer.status, 200, "{answer:?}");
        roxmltree::Document::parse(&answer.body).unwrap_or_else(|e| panic!("{path}: {e}"));
        let ServiceRequests(found) = ServiceRequests::from_xml(&answer.body).unwrap();
        let shown = found.iter().find(|r| r.service_request_id == id.to_string()).unwrap();
        assert_eq!(shown.description.as_deref(), Some("坏[31m<&>\r\n尾"));
    }
    let json = served.get(&format!("requests/{id}.json")).await;
    assert!(ServiceRequests::from_json(&json.body).is_ok(), "{json:?}");
    served.stop().await;
}
