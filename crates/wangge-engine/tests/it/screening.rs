//! Screening batches as the app shows them: the batch list counts what the progress report
//! counts, a node's parts list only its own people, outcomes move the batch, and roles
//! without personal data get the figures but not the names.

use wangge_api as api;
use wangge_domain::{Level, Role, Scope, Timestamp};

use crate::support::{two_seats, NOW};

#[tokio::test]
async fn the_batch_list_and_a_grid_s_people_follow_the_outcomes() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let scope = engine.district_scope("screening-desk");
    let houses: Vec<_> = {
        let mut all: Vec<_> = engine.district().houses.values().cloned().collect();
        all.sort_by_key(|h| h.id);
        all.into_iter().step_by(7).take(40).collect()
    };
    let people: Vec<api::ScreeningPerson> = houses
        .iter()
        .enumerate()
        .map(|(i, h)| api::ScreeningPerson {
            row: i as u64 + 2,
            name: format!("排查{i}"),
            id_number: format!("33040219800101{i:04}"),
            address: h.address.clone(),
        })
        .chain([api::ScreeningPerson {
            row: 99, name: "无址".into(), id_number: "330402198001019999".into(), address: "火星路1号".into()
        }])
        .collect();
    let deadline = Timestamp(NOW.0 + 3 * 86_400);
    let imported = engine.import_screening(&scope, "第7批协查", deadline, &people, NOW).await.unwrap();
    assert_eq!(houses.len(), 40, "the demo has houses enough");
    assert_eq!(imported.people, 41);

    let list = engine.screening_batches(&scope, None, NOW).unwrap();
    let batch = list.batches.iter().find(|b| b.title == "第7批协查").expect("the new batch is listed");
    assert_eq!((batch.figures.items, batch.figures.done, batch.figures.unplaced_items), (41, 0, 1));
    assert_eq!(batch.figures.parts as usize, imported.parts.len());
    let progress = engine.task_progress(&scope, None, Some("第7批协查"), NOW).unwrap();
    assert_eq!(progress.figures, batch.figures, "the list counts what the progress report counts");

    // A grid's work lists exactly the people placed under it, and an outcome moves the
    // grid, its ancestors and the batch.
    let (grid_code, street_code, other_street, expected) = {
        let h = &engine.district().hierarchy;
        let grid_of = |code: &str| h.path_to_root(h.id(code).unwrap()).find(|&n| h.node(n).level == Level::Grid).unwrap();
        let grid = grid_of(houses[0].micro_grid.as_str());
        let street = h.path_to_root(grid).find(|&n| h.node(n).level == Level::Street).unwrap();
        let other = h.children(h.root()).iter().copied().find(|&s| s != street).unwrap();
        let expected = houses.iter().filter(|house| grid_of(house.micro_grid.as_str()) == grid).count();
        (h.node(grid).code.0.clone(), h.node(street).code.0.clone(), h.node(other).code.0.clone(), expected)
    };
    let work = engine.screening_work(&scope, Some(&grid_code), "第7批协查", NOW).unwrap();
    let listed: Vec<&api::ScreeningItem> = work.parts.iter().flat_map(|p| &p.items).collect();
    assert_eq!(listed.len(), expected, "the grid's people, no one else's");
    let item = listed[0].item_id;
    engine.record_outcome(&scope, item, api::TaskOutcome::FoundUnderControl, NOW).await.unwrap();
    for node in [grid_code.as_str(), street_code.as_str()] {
        let figures = engine.task_progress(&scope, Some(node), Some("第7批协查"), NOW).unwrap().figures;
        assert_eq!(figures.done, 1, "{node}");
    }
    let after = engine.screening_batches(&scope, None, NOW).unwrap();
    assert_eq!(after.batches.iter().find(|b| b.title == "第7批协查").unwrap().figures.done, 1);
    let work = engine.screening_work(&scope, Some(&grid_code), "第7批协查", NOW).unwrap();
    let entered = work.parts.iter().flat_map(|p| &p.items).find(|i| i.item_id == item).unwrap();
    assert_eq!(entered.outcome, Some(api::TaskOutcome::FoundUnderControl));

    // A street leader elsewhere sees neither the people nor the batch's figures there.
    let elsewhere = Scope::new("other-leader", Role::Leader, other_street.as_str());
    assert!(engine.screening_work(&elsewhere, Some(&grid_code), "第7批协查", NOW).is_err());
    let theirs = engine.screening_work(&elsewhere, None, "第7批协查", NOW).unwrap();
    assert!(theirs.parts.iter().flat_map(|p| &p.items).all(|i| i.item_id != item));
    // A viewer: the figures, not the names.
    let viewer = Scope::new("viewer", Role::Viewer, street_code.as_str());
    assert!(engine.screening_batches(&viewer, None, NOW).unwrap().batches.iter().any(|b| b.title == "第7批协查"));
    assert!(engine.screening_work(&viewer, None, "第7批协查", NOW).is_err());
    assert!(engine.screening_work(&scope, None, "没有这一批", NOW).is_err());
}

#[tokio::test]
async fn the_roll_up_of_a_batch_lists_each_child_and_the_total_as_the_progress_has_them() {
    let (_dir, engine, _) = two_seats(11).await;
    let scope = engine.district_scope("screening-desk");
    let district = engine.district();
    let root = district.hierarchy.node(district.hierarchy.root()).code.0.clone();
    let title = district.tasks.values().min_by_key(|t| t.id).map(|t| t.title.clone()).expect("the demo has batches");
    let progress = engine.task_progress(&scope, Some(&root), Some(&title), NOW).unwrap();
    let table = engine.screening_rollup(&scope, Some(&root), Some(&title), NOW).unwrap();
    assert_eq!(table.headers[0], "区域");
    assert_eq!(table.rows.len(), progress.children.len() + 1, "one row per child and the total");
    let column = |name: &str| table.headers.iter().position(|h| h == name).unwrap();
    let (people, done) = (column("排查人数"), column("已反馈"));
    for (row, child) in table.rows.iter().zip(&progress.children) {
        assert_eq!(row[0], child.node.name);
        assert_eq!(row[people], child.figures.items.to_string());
        assert_eq!(row[done], child.figures.done.to_string());
    }
    let total = table.rows.last().unwrap();
    assert!(total[0].ends_with("合计"), "{total:?}");
    assert_eq!(total[people], progress.figures.items.to_string());
    // The children's people are all in the total, which also holds the parts the node owns itself.
    let children: u64 = progress.children.iter().map(|c| c.figures.items).sum();
    assert!(children <= progress.figures.items, "{children} under the children, {} in all", progress.figures.items);
    let unplaced = column("地址不详");
    assert_eq!(total[unplaced], progress.figures.unplaced_items.to_string());
    // Every batch at once through the register export, refused outside the scope.
    let all = engine.export_register(&scope, wangge_api::ExportRegister::Screening, Some(&root), NOW, &mut |_| {}).unwrap();
    assert_eq!(all.rows.len(), table.rows.len());
    let street = district.hierarchy.children(district.hierarchy.root())[0];
    let leader = wangge_domain::Scope::new("leader", wangge_domain::Role::Leader, district.hierarchy.node(street).code.clone());
    assert!(engine.screening_rollup(&leader, Some(&root), Some(&title), NOW).is_err());
}

#[tokio::test]
async fn the_community_checks_a_complete_part_once_and_the_figures_count_it() {
    let (_dir, mut engine, mut other) = two_seats(11).await;
    let scope = engine.district_scope("screening-desk");
    // A fresh batch of ten people at houses of the district: one part per grid.
    let people: Vec<api::ScreeningPerson> = {
        let mut houses: Vec<_> = engine.district().houses.values().cloned().collect();
        houses.sort_by_key(|h| h.id);
        houses
            .iter()
            .step_by(11)
            .take(10)
            .enumerate()
            .map(|(i, h)| api::ScreeningPerson {
                row: i as u64 + 2,
                name: format!("核验{i}"),
                id_number: format!("33040219900101{i:04}"),
                address: h.address.clone(),
            })
            .collect()
    };
    engine.import_screening(&scope, "第9批协查", Timestamp(NOW.0 + 86_400), &people, NOW).await.unwrap();
    let district = engine.district();
    let hierarchy = &district.hierarchy;
    let task = district
        .tasks
        .values()
        .filter(|t| wangge_domain::tasks::batch_of(&t.title) == "第9批协查")
        .filter(|t| hierarchy.id_of(&t.owner_unit).is_some_and(|o| hierarchy.node(o).level == Level::Grid))
        .min_by_key(|t| t.id)
        .expect("the batch has a grid's part")
        .clone();
    let grid = hierarchy.id_of(&task.owner_unit).unwrap();
    let community = hierarchy.path_to_root(grid).find(|&n| hierarchy.node(n).level == Level::Community).unwrap();
    let (grid_code, community_code) = (hierarchy.node(grid).code.clone(), hierarchy.node(community).code.clone());
    let open: Vec<i64> = district.task_items.values().filter(|i| i.task_id == task.id && i.outcome.is_none()).map(|i| i.id).collect();
    let batch = wangge_domain::tasks::batch_of(&task.title).to_owned();
    let leader = Scope::new("社区书记", Role::Leader, community_code.clone());
    let before = engine.task_progress(&scope, Some(community_code.as_str()), Some(&batch), NOW).unwrap().figures.parts_verified;
    let root = hierarchy.node(hierarchy.root()).code.0.clone();
    let district_before = engine.task_progress(&scope, Some(&root), Some(&batch), NOW).unwrap().figures.parts_verified;

    let err = engine.verify_part(&leader, task.id, NOW).await.unwrap_err();
    assert!(err.to_string().contains("未反馈结果"), "an incomplete part is not checked: {err}");
    for item in &open {
        engine.record_outcome(&scope, *item, api::TaskOutcome::FoundUnderControl, NOW).await.unwrap();
    }
    let seq = engine.store().last_seq().await.unwrap();
    for (who, refused) in [
        ("a community worker", Scope::new("网格员", Role::CommunityWorker, community_code.clone())),
        ("the grid's own leader", Scope::new("网格长", Role::Leader, grid_code.clone())),
        ("a viewer", Scope::new("领导", Role::Viewer, community_code.clone())),
    ] {
        assert!(engine.verify_part(&refused, task.id, NOW).await.is_err(), "{who} may not check the part");
    }
    assert_eq!(engine.store().last_seq().await.unwrap(), seq, "refusals store nothing");

    let part = engine.verify_part(&leader, task.id, NOW).await.unwrap();
    assert_eq!((part.verified_by.as_deref(), part.verified_at), (Some("社区书记"), Some(NOW.secs())));
    assert!(engine.verify_part(&leader, task.id, NOW).await.is_err(), "a part is checked once");
    let after = engine.task_progress(&scope, Some(community_code.as_str()), Some(&batch), NOW).unwrap();
    assert_eq!(after.figures.parts_verified, before + 1);
    let whole = engine.task_progress(&scope, Some(&root), Some(&batch), NOW).unwrap();
    assert_eq!(whole.figures.parts_verified, district_before + 1, "the district counts it too");
    // Read back by the other seat, and in the audit in words.
    other.catch_up(&scope, NOW).await.unwrap();
    assert_eq!(other.task_progress(&scope, Some(community_code.as_str()), Some(&batch), NOW).unwrap().figures.parts_verified, before + 1);
    let audit = engine
        .audit(&scope, &api::AuditFilter { entity: Some("task".into()), entity_id: Some(task.id), ..Default::default() })
        .await
        .unwrap();
    let field = audit.iter().flat_map(|a| &a.fields).find(|f| f.label == "社区核验").expect("the check is in the audit");
    assert!(field.after.starts_with("社区书记"), "{field:?}");
}
