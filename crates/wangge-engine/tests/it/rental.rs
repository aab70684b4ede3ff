//! Rental housing and the 房东十二分制: the 红黑榜 of a node reconciles with the node's
//! figures and with its children's; a deduction moves the landlord's score, standing, the
//! lists and the figures of every node above the let house, on this seat and the other, and
//! `verify` recounts the same in SQL; the audit names the event in words; roles without
//! personal data get counts only; scoring outside the scope is refused.

use std::collections::BTreeSet;

use wangge_api as api;
use wangge_domain::{Level, Role, Scope};
use wangge_engine::Engine;

use crate::support::{two_seats, NOW};

fn board(engine: &Engine, scope: &Scope, node: &str, standing: Option<&str>) -> api::RentalBoard {
    let query = api::RentalQuery { node: Some(node.into()), standing: standing.map(Into::into) };
    engine.rental_board(scope, &query, NOW).unwrap()
}

#[tokio::test]
async fn the_red_and_black_lists_reconcile_with_the_figures_and_their_children() {
    let (_dir, engine, _) = two_seats(16).await;
    let scope = engine.district_scope("rental-desk");
    let district = engine.district();
    let root = district.hierarchy.node(district.hierarchy.root()).code.0.clone();
    let whole = board(&engine, &scope, &root, None);
    assert!(whole.rental_houses > 0 && whole.tenants > 0, "the demo lets houses: {whole:?}");
    assert!(whole.landlords_black_listed > 0 && whole.landlords_red_listed > 0, "both lists have landlords: {whole:?}");
    // The board's counts are the node's figures, recounted here from the records.
    let let_houses: Vec<_> = district.houses.values().filter(|h| h.rental.is_some()).collect();
    assert_eq!(whole.rental_houses, let_houses.len() as u64);
    assert_eq!(whole.rental_rooms, let_houses.iter().map(|h| u64::from(h.rental.unwrap().rooms)).sum::<u64>());
    let landlords: BTreeSet<i64> = let_houses.iter().filter_map(|h| h.rental.unwrap().landlord_id).collect();
    assert_eq!(whole.landlords.len(), landlords.len(), "each landlord listed once");
    assert_eq!(whole.standings.iter().map(|s| s.landlords).sum::<u64>(), landlords.len() as u64);
    // Per house (户): the black count is the let houses of landlords standing on the 黑榜.
    let black_houses: u64 = whole.landlords.iter().filter(|l| l.standing == "black").map(|l| l.houses.len() as u64).sum();
    assert_eq!(whole.landlords_black_listed, black_houses);
    let red_houses: u64 =
        whole.landlords.iter().filter(|l| l.standing == "red" || l.standing == "five_good").map(|l| l.houses.len() as u64).sum();
    assert_eq!(whole.landlords_red_listed, red_houses);
    // The 黑榜 alone, worst first; every row on it.
    let black = board(&engine, &scope, &root, Some("black"));
    assert!(black.landlords.iter().all(|l| l.standing == "black"));
    assert!(black.landlords.windows(2).all(|w| w[0].score <= w[1].score), "worst first");
    // Parent = Σ children for every rental figure, at every street.
    let stats = engine.stats(&scope, Some(&root)).unwrap();
    for street in &stats.children {
        let report = engine.stats(&scope, Some(&street.code)).unwrap();
        let sum = |f: fn(&api::Figures) -> u64| report.children.iter().map(|c| f(&c.metrics)).sum::<u64>();
        assert_eq!(sum(|f| f.rental_houses), report.metrics.rental_houses, "{}", street.code);
        assert_eq!(sum(|f| f.rental_rooms), report.metrics.rental_rooms, "{}", street.code);
        assert_eq!(sum(|f| f.tenants), report.metrics.tenants, "{}", street.code);
        assert_eq!(sum(|f| f.landlords_black_listed), report.metrics.landlords_black_listed, "{}", street.code);
        assert_eq!(sum(|f| f.landlords_red_listed), report.metrics.landlords_red_listed, "{}", street.code);
    }
    // A viewer and a wall screen see the counts, never the landlords.
    for role in [Role::Viewer, Role::WallScreen] {
        let seen = board(&engine, &Scope::new("onlooker", role, root.as_str()), &root, None);
        assert_eq!((seen.rental_houses, seen.landlords_black_listed), (whole.rental_houses, whole.landlords_black_listed));
        assert!(seen.landlords.is_empty(), "{role:?} sees no landlord");
        assert!(engine.landlord_detail(&Scope::new("onlooker", role, root.as_str()), whole.landlords[0].id, NOW).is_err());
    }
}

#[tokio::test]
async fn a_deduction_moves_the_score_the_lists_and_every_figure_above_on_both_seats() {
    let (_dir, mut engine, mut other) = two_seats(16).await;
    let district = engine.district();
    let root = district.hierarchy.node(district.hierarchy.root()).code.0.clone();
    let scope = engine.district_scope("rental-desk");
    // An ordinary landlord letting one house, and that house's community and street.
    let whole = board(&engine, &scope, &root, Some("ordinary"));
    let landlord = whole.landlords.iter().find(|l| l.houses.len() == 1).expect("an ordinary landlord letting one house").clone();
    let house = &landlord.houses[0];
    let leaf = district.hierarchy.id_of(&district.houses[&house.id].micro_grid).unwrap();
    let community = district.hierarchy.path_to_root(leaf).find(|&n| district.hierarchy.node(n).level == Level::Community).unwrap();
    let community = district.hierarchy.node(community).code.0.clone();
    let before = board(&engine, &scope, &community, None);
    let black_before = engine.stats(&scope, Some(&root)).unwrap().metrics.landlords_black_listed;

    // Deductions until the 黑榜: the heaviest item of the rule file, each with a reason.
    let rules = engine.landlord_rules().clone();
    let heaviest = rules.items.iter().min_by_key(|i| i.points).unwrap().clone();
    let leader = Scope::new("street-leader", Role::Leader, community.as_str());
    let mut score = landlord.score;
    let mut scored = None;
    while score > rules.lists.black_at_most {
        let form = api::LandlordScoreForm {
            landlord_id: landlord.id,
            house_id: house.id,
            item: heaviest.wording.clone(),
            reason: "租客返回未在24小时内报告，经入户核实".into(),
        };
        let done = engine.score_landlord(&leader, &form, NOW).await.unwrap();
        assert_eq!(done.score_before, score);
        assert_eq!(done.detail.landlord.score, score + heaviest.points, "the item's points, no more");
        score = done.detail.landlord.score;
        scored = Some(done);
    }
    let scored = scored.unwrap();
    assert_eq!(scored.detail.landlord.standing, "black");
    assert_eq!(scored.detail.marks[0].reason, "租客返回未在24小时内报告，经入户核实");
    assert_eq!(scored.detail.marks[0].recorded_by, "street-leader");

    let after = board(&engine, &scope, &community, None);
    assert_eq!(after.landlords_black_listed, before.landlords_black_listed + 1, "one let house more on the 黑榜");
    let listed = board(&engine, &scope, &community, Some("black"));
    assert!(listed.landlords.iter().any(|l| l.id == landlord.id), "the landlord is on the community's 黑榜");
    assert_eq!(engine.stats(&scope, Some(&root)).unwrap().metrics.landlords_black_listed, black_before + 1, "the district moved too");

    // The other seat hears of it through the change log.
    other.catch_up(&scope, NOW).await.unwrap();
    assert_eq!(board(&other, &scope, &community, None).landlords_black_listed, after.landlords_black_listed);
    // The SQL recount agrees with the figures.
    let report = engine.verify(NOW).await.unwrap();
    assert!(report.is_ok(), "{:?}", report.discrepancies);

    // The audit says what happened in words.
    let audit = engine.audit(&scope, &api::AuditFilter { entity: Some("landlord_mark".into()), ..Default::default() }).await.unwrap();
    let row = audit.first().expect("the scoring events are in the audit");
    assert!(row.summary.contains("房东积分"), "{}", row.summary);
    assert!(row.fields.iter().any(|f| f.label == "分值" && f.after == format!("扣 {} 分", -heaviest.points)), "{:?}", row.fields);
}

#[tokio::test]
async fn scoring_is_refused_outside_the_scope_by_an_unknown_item_or_without_a_reason_and_stores_nothing() {
    let (_dir, mut engine, _) = two_seats(16).await;
    let district = engine.district();
    let root = district.hierarchy.node(district.hierarchy.root()).code.0.clone();
    let scope = engine.district_scope("rental-desk");
    let landlord = board(&engine, &scope, &root, None).landlords[0].clone();
    let house = landlord.houses[0].id;
    let leaf = district.hierarchy.id_of(&district.houses[&house].micro_grid).unwrap();
    let street = district.hierarchy.path_to_root(leaf).find(|&n| district.hierarchy.node(n).level == Level::Street).unwrap();
    let elsewhere = district.hierarchy.children(district.hierarchy.root()).iter().copied().find(|&s| s != street).unwrap();
    let elsewhere = district.hierarchy.node(elsewhere).code.0.clone();
    let not_theirs = district.houses.values().find(|h| h.rental.and_then(|r| r.landlord_id) != Some(landlord.id)).unwrap().id;
    let item = engine.landlord_rules().items[0].wording.clone();
    let form = api::LandlordScoreForm { landlord_id: landlord.id, house_id: house, item: item.clone(), reason: "核实".into() };
    let seq = engine.store().last_seq().await.unwrap();

    let other_street = Scope::new("other-leader", Role::Leader, elsewhere.as_str());
    assert!(engine.score_landlord(&other_street, &form, NOW).await.is_err(), "another street's leader");
    assert!(engine.score_landlord(&Scope::new("v", Role::Viewer, root.as_str()), &form, NOW).await.is_err(), "a viewer");
    let err =
        engine.score_landlord(&scope, &api::LandlordScoreForm { item: "不存在的事项".into(), ..form.clone() }, NOW).await.unwrap_err();
    assert!(err.to_string().contains("不是积分规则中的事项"), "{err}");
    let err = engine.score_landlord(&scope, &api::LandlordScoreForm { reason: "  ".into(), ..form.clone() }, NOW).await.unwrap_err();
    assert!(err.to_string().starts_with("reason:"), "{err}");
    let err = engine.score_landlord(&scope, &api::LandlordScoreForm { house_id: not_theirs, ..form.clone() }, NOW).await.unwrap_err();
    assert!(err.to_string().starts_with("house_id:"), "{err}");
    assert_eq!(engine.store().last_seq().await.unwrap(), seq, "nothing refused was stored");
    assert_eq!(board(&engine, &scope, &root, None).landlords[0].score, landlord.score);
}

#[tokio::test]
async fn the_red_black_list_exports_within_the_scope_in_the_order_it_is_posted() {
    let (_dir, engine, _) = two_seats(16).await;
    let district = engine.district();
    let street = district.hierarchy.children(district.hierarchy.root())[0];
    let street = district.hierarchy.node(street).code.0.clone();
    let leader = Scope::new("street-leader", Role::Leader, street.as_str());
    let table = engine.export_register(&leader, api::ExportRegister::Landlords, None, NOW, &mut |_| {}).unwrap();
    let listed = board(&engine, &leader, &street, None);
    assert_eq!(table.rows.len(), listed.landlords.len());
    assert_eq!(table.headers[0], "榜单");
    let order = ["五好房东", "红榜", "未上榜", "黑榜"];
    let ranks: Vec<usize> = table.rows.iter().map(|r| order.iter().position(|o| *o == r[0]).expect("a standing in words")).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "posted order: {ranks:?}");
    let root = district.hierarchy.node(district.hierarchy.root()).code.0.clone();
    assert!(engine.export_register(&leader, api::ExportRegister::Landlords, Some(&root), NOW, &mut |_| {}).is_err(), "outside the street");
}

#[tokio::test]
async fn the_rental_register_lets_houses_to_registered_landlords_all_or_nothing() {
    use wangge_engine::registers::{Numbered, RegisterOptions, RegisterRows};
    use wangge_registers::{ImportPolicy, RentalRow};

    let (_dir, mut engine, _) = two_seats(16).await;
    let scope = engine.district_scope("rental-desk");
    let district = engine.district();
    let root = district.hierarchy.node(district.hierarchy.root()).code.0.clone();
    let mut free: Vec<_> = district.houses.values().filter(|h| h.rental.is_none()).cloned().collect();
    free.sort_by_key(|h| h.id);
    let (a, b) = (free[0].clone(), free[1].clone());
    let landlord = district.people.values().min_by_key(|p| p.id).unwrap().clone();
    let before = board(&engine, &scope, &root, None);
    let row = |house: &wangge_domain::House, by_address: bool, rooms: u32, id_number: &str, name: &str| RentalRow {
        house_code: if by_address { String::new() } else { house.code.clone() },
        address: if by_address { house.address.clone() } else { String::new() },
        rooms,
        landlord_id_number: id_number.to_owned(),
        landlord_name: name.to_owned(),
    };
    let rows = vec![
        Numbered { number: 2, row: row(&a, false, 6, &landlord.id_number, &landlord.name) },
        Numbered { number: 3, row: row(&b, true, 4, "110101199003070000", "") },
        Numbered { number: 4, row: row(&b, false, 4, &landlord.id_number, "另一个人") },
    ];
    let seq = engine.store().last_seq().await.unwrap();
    let refused =
        engine.import_register(&scope, RegisterRows::Rentals(rows.clone()), &RegisterOptions::default(), NOW, &mut |_| {}).await.unwrap();
    assert!(refused.refused, "all or nothing: two bad rows store nothing");
    let fields: Vec<(usize, &str)> = refused.rejected.iter().map(|r| (r.number, r.field)).collect();
    assert_eq!(fields, vec![(3, "landlord_id_number"), (4, "landlord_name")]);
    assert_eq!(engine.store().last_seq().await.unwrap(), seq, "nothing stored");

    let good_rows = RegisterOptions { policy: ImportPolicy::GoodRowsOnly, ..RegisterOptions::default() };
    let stored = engine.import_register(&scope, RegisterRows::Rentals(rows), &good_rows, NOW, &mut |_| {}).await.unwrap();
    assert_eq!(stored.created, vec![a.id], "the good row lets its house");
    let let_house = &engine.district().houses[&a.id];
    assert_eq!(let_house.rental, Some(wangge_domain::Rental { rooms: 6, landlord_id: Some(landlord.id) }));
    let after = board(&engine, &scope, &root, None);
    assert_eq!(after.rental_houses, before.rental_houses + 1);
    assert_eq!(after.rental_rooms, before.rental_rooms + 6);
    assert!(engine.landlord_detail(&scope, landlord.id, NOW).unwrap().landlord.houses.iter().any(|h| h.id == a.id));
    let report = engine.verify(NOW).await.unwrap();
    assert!(report.is_ok(), "{:?}", report.discrepancies);
}
