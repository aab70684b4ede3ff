//! Workers on record (工作单位, issue 12 item 5): an enterprise lists the people the register
//! says work there, linked by id, so a rename keeps them and a reopened store still has them;
//! a street leader sees those living in the street by name and only counts one living in
//! another street; an imported row naming an unknown workplace is refused by field, stores
//! nothing, and a known one links the person.

use wangge_domain::{Change, Level, Person, Role, Scope};
use wangge_engine::registers::{Numbered, RegisterOptions, RegisterRows};
use wangge_engine::{Engine, Store};
use wangge_registers::{ImportPolicy, PersonRow};

use crate::support::{db_in, two_seats, NOW};

#[tokio::test]
async fn workers_follow_their_enterprise_by_id_and_the_readers_scope() {
    let (dir, mut engine, _) = two_seats(11).await;
    let commander = engine.district_scope("enterprise-desk");
    let (enterprise, mut expected) = {
        let district = engine.district();
        let busiest = district
            .enterprises
            .values()
            .max_by_key(|e| (district.people.values().filter(|p| p.employer == Some(e.id)).count(), -e.id))
            .unwrap()
            .clone();
        let workers: Vec<i64> = district.people.values().filter(|p| p.employer == Some(busiest.id)).map(|p| p.id).collect();
        (busiest, workers)
    };
    expected.sort_unstable();
    assert!(!expected.is_empty(), "the demo records workers");
    let listed = |engine: &Engine, scope: &Scope| {
        let detail = engine.enterprise_detail(scope, enterprise.id, NOW).unwrap();
        let mut ids: Vec<i64> = detail.workers.iter().map(|w| w.person_id).collect();
        ids.sort_unstable();
        (ids, detail.workers_elsewhere)
    };
    assert_eq!(listed(&engine, &commander), (expected.clone(), 0));

    // A worker living in another street, registered with the workplace.
    let (street, other_house) = {
        let district = engine.district();
        let hierarchy = &district.hierarchy;
        let street_of = |code: &wangge_domain::NodeCode| {
            let id = hierarchy.id_of(code).unwrap();
            hierarchy.path_to_root(id).find(|&n| hierarchy.node(n).level == Level::Street).unwrap()
        };
        let street = street_of(&enterprise.micro_grid);
        let other = district.houses.values().filter(|h| street_of(&h.micro_grid) != street).min_by_key(|h| h.id).unwrap().id;
        (hierarchy.node(street).code.clone(), other)
    };
    let commuter = Person {
        id: 0,
        name: "跨街通勤职工".into(),
        id_number: "330402199105050015".into(),
        phone: "13800000015".into(),
        house_id: other_house,
        employer: Some(enterprise.id),
        version: 0,
    };
    let commuter_id = engine.create(&commander, Change::Person(commuter), NOW).await.unwrap().1.entity_id();
    let mut with_commuter = expected.clone();
    with_commuter.push(commuter_id);
    with_commuter.sort_unstable();
    assert_eq!(listed(&engine, &commander), (with_commuter.clone(), 0));
    let shown = engine.enterprise_detail(&commander, enterprise.id, NOW).unwrap();
    let commuter_row = shown.workers.iter().find(|w| w.person_id == commuter_id).unwrap();
    assert_eq!((commuter_row.name.as_str(), commuter_row.phone.as_str()), ("跨*****", "138****0015"), "workers come masked");
    let leader = Scope::new("street-leader", Role::Leader, street.as_str());
    assert_eq!(listed(&engine, &leader), (expected.clone(), 1), "the leader counts the worker living elsewhere, unnamed");

    // Renamed, the enterprise keeps its workers; reopened, the store still links them.
    let renamed = wangge_domain::Enterprise { name: format!("{}（更名）", enterprise.name), ..enterprise.clone() };
    engine.commit(&commander, Change::Enterprise(renamed.clone()), NOW).await.unwrap();
    assert_eq!(listed(&engine, &commander).0, with_commuter);
    let reopened = Engine::open(Store::open_sqlite_file(&db_in(&dir)).await.unwrap(), NOW).await.unwrap();
    assert_eq!(listed(&reopened, &commander).0, with_commuter, "the link is stored");

    // Imported: an unknown workplace is refused by field; the renamed one links the person.
    let house = engine.district().houses.values().min_by_key(|h| h.id).unwrap().clone();
    let row = |id_number: &str, employer: &str| PersonRow {
        name: "导入职工".into(),
        id_number: id_number.into(),
        phone: String::new(),
        house_code: house.code.clone(),
        address: String::new(),
        employer: employer.into(),
    };
    let rows = vec![
        Numbered { number: 2, row: row("330402199206060018", &renamed.name) },
        Numbered { number: 3, row: row("330402199307070012", "没有这家企业") },
    ];
    let seq = engine.store().last_seq().await.unwrap();
    let refused = engine
        .import_register(&commander, RegisterRows::People(rows.clone()), &RegisterOptions::default(), NOW, &mut |_| {})
        .await
        .unwrap();
    assert!(refused.refused, "all or nothing: the bad row stores nothing");
    assert_eq!(refused.rejected.iter().map(|r| (r.number, r.field)).collect::<Vec<_>>(), vec![(3, "employer")]);
    assert_eq!(engine.store().last_seq().await.unwrap(), seq, "nothing stored");
    let good_rows = RegisterOptions { policy: ImportPolicy::GoodRowsOnly, ..RegisterOptions::default() };
    let stored = engine.import_register(&commander, RegisterRows::People(rows), &good_rows, NOW, &mut |_| {}).await.unwrap();
    let [imported] = stored.created[..] else { panic!("one person imported: {:?}", stored.created) };
    assert_eq!(engine.district().people[&imported].employer, Some(enterprise.id));
    assert!(listed(&engine, &commander).0.contains(&imported));
    let report = engine.verify(NOW).await.unwrap();
    assert!(report.is_ok(), "{:?}", report.discrepancies);
}
