//! The register view (登记): a house found by its address or by one of its people's ID
//! number comes with exactly the people registered at it; who is in isolation is marked;
//! another street's leader finds none of it and a viewer is refused. Names, ID numbers and
//! phones come masked; one person's are revealed in full only with a reason and within the
//! scope, and every reveal is logged before anything is shown.

use wangge_api as api;
use wangge_domain::masking::{mask_id_number, mask_name, mask_phone};
use wangge_domain::{Level, Role, Scope};

use crate::support::{two_seats, NOW};

#[tokio::test]
async fn a_house_is_found_by_address_or_by_a_person_and_stays_within_the_scope() {
    let (_dir, engine, _) = two_seats(11).await;
    let scope = engine.district_scope("grid-desk");
    let district = engine.district();
    // A house with people, one of them in isolation now.
    let isolation =
        district.isolations.values().filter(|i| i.is_active_at(NOW)).min_by_key(|i| i.id).expect("the demo has an active isolation");
    let person = &district.people[&isolation.person_id];
    let house = &district.houses[&person.house_id];
    let registered: Vec<i64> = {
        let mut ids: Vec<i64> = district.people.values().filter(|p| p.house_id == house.id).map(|p| p.id).collect();
        ids.sort();
        ids
    };
    let h = &district.hierarchy;
    let street = h.path_to_root(h.id(house.micro_grid.as_str()).unwrap()).find(|&n| h.node(n).level == Level::Street).unwrap();
    let street_code = h.node(street).code.0.clone();
    let other_street = h.children(h.root()).iter().map(|&s| h.node(s).code.0.clone()).find(|s| *s != street_code).unwrap();

    let search = |scope: &Scope, text: &str| {
        engine.register_search(scope, &api::RegisterQuery { node: None, text: text.into(), limit: Some(1_000) }, NOW)
    };
    let by_address = search(&scope, &house.address).unwrap();
    let found = by_address.houses.iter().find(|x| x.id == house.id).expect("the house is found by its address");
    assert!(by_address.houses.iter().all(|x| x.address.contains(house.address.as_str())), "only houses whose address matches");
    assert_eq!(found.people.iter().map(|p| p.id).collect::<Vec<_>>(), registered, "exactly the people registered there");
    let marked = found.people.iter().find(|p| p.id == person.id).unwrap();
    assert_eq!(marked.isolation.as_deref(), Some(isolation.kind.label_zh()));
    assert!(found.place.contains(h.node(street).name.as_str()), "the place is named from the street down: {}", found.place);

    let by_id_number = search(&scope, &person.id_number).unwrap();
    assert_eq!(by_id_number.houses.iter().map(|x| x.id).collect::<Vec<_>>(), [house.id], "an ID number finds one house");

    let leader = Scope::new("street-leader", Role::Leader, street_code.as_str());
    assert!(search(&leader, &person.id_number).unwrap().houses.iter().any(|x| x.id == house.id));
    let elsewhere = Scope::new("other-leader", Role::Leader, other_street.as_str());
    assert!(search(&elsewhere, &person.id_number).unwrap().houses.is_empty(), "another street's leader finds nothing here");
    let everything = search(&elsewhere, "").unwrap();
    assert!(everything.houses.iter().all(|x| !x.place.contains(h.node(street).name.as_str())));
    let viewer = Scope::new("viewer", Role::Viewer, street_code.as_str());
    assert!(search(&viewer, &house.address).is_err(), "a viewer sees no names");
}

#[tokio::test]
async fn personal_data_comes_masked_and_a_reveal_needs_a_reason_the_scope_and_is_logged() {
    let (_dir, engine, _) = two_seats(11).await;
    let commander = engine.district_scope("commander");
    let district = engine.district();
    let h = &district.hierarchy;
    let person = district.people.values().filter(|p| !p.phone.is_empty()).min_by_key(|p| p.id).unwrap();
    let house = &district.houses[&person.house_id];
    let home = h.id(house.micro_grid.as_str()).unwrap();
    let street = h.path_to_root(home).find(|&n| h.node(n).level == Level::Street).unwrap();
    let street_code = h.node(street).code.0.clone();
    let other_street = h.children(h.root()).iter().map(|&s| h.node(s).code.0.clone()).find(|s| *s != street_code).unwrap();

    let query = api::RegisterQuery { node: None, text: house.address.clone(), limit: Some(1_000) };
    let found = engine.register_search(&commander, &query, NOW).unwrap();
    let listed = found.houses.iter().flat_map(|x| &x.people).find(|p| p.id == person.id).unwrap();
    assert!(listed.masked);
    assert_eq!(listed.name, mask_name(&person.name));
    assert_eq!(listed.id_number, mask_id_number(&person.id_number));
    assert_eq!(listed.phone, mask_phone(&person.phone));
    let json = serde_json::to_string(&found).unwrap();
    for shown in found.houses.iter().flat_map(|x| &x.people) {
        let real = &district.people[&shown.id];
        assert!(!json.contains(&real.id_number) && !json.contains(&real.phone), "{}'s ID number or phone in the search", shown.id);
    }

    let ask = |reason: &str| api::RevealRequest { person_id: person.id, reason: reason.into() };
    let leader = Scope::new("street-leader", Role::Leader, street_code.as_str());
    let elsewhere = Scope::new("other-leader", Role::Leader, other_street.as_str());
    let viewer = Scope::new("viewer", Role::Viewer, street_code.as_str());
    assert!(engine.reveal_person(&leader, &ask("  "), NOW).await.unwrap_err().to_string().contains("查看原因"));
    assert!(engine.reveal_person(&elsewhere, &ask("核实身份"), NOW).await.is_err(), "outside the scope");
    assert!(engine.reveal_person(&viewer, &ask("核实身份"), NOW).await.is_err(), "a viewer sees no people");
    assert!(engine.reveal_log(&commander).await.unwrap().is_empty(), "a refused reveal logs nothing");

    let full = engine.reveal_person(&leader, &ask("核实隔离人员联系方式"), NOW).await.unwrap();
    assert!(!full.masked);
    assert_eq!(
        (full.name.as_str(), full.id_number.as_str(), full.phone.as_str()),
        (person.name.as_str(), person.id_number.as_str(), person.phone.as_str())
    );
    let log = engine.reveal_log(&commander).await.unwrap();
    assert_eq!(log.len(), 1);
    let entry = &log[0];
    assert_eq!(
        (entry.account.as_str(), entry.person_id, entry.reason.as_str(), entry.at),
        ("street-leader", person.id, "核实隔离人员联系方式", NOW.secs())
    );
    assert_eq!(entry.person, mask_name(&person.name), "the log names whose data, masked");
    assert!(entry.place.contains(h.node(street).name.as_str()), "{}", entry.place);
    let other_commander = Scope::new("other-commander", Role::Commander, other_street.as_str());
    assert!(engine.reveal_log(&other_commander).await.unwrap().is_empty(), "a reveal in another street is not theirs to read");
    assert_eq!(engine.reveal_log(&leader).await.unwrap().len(), 1, "the street's leader reads the street's reveals");
    assert!(engine.reveal_log(&viewer).await.is_err(), "a viewer reads no audit");
}
