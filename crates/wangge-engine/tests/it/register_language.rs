//! Registers, enterprises, isolations, screening, rental houses and imports in the seat's
//! language: an English seat reads the engine's words (labels, steps, standings, progress
//! stages, row refusals and refusals of an operation) in English, with the names, codes and
//! addresses they quote as they were written; a Chinese seat reads the same Chinese as before.

use wangge_api as api;
use wangge_domain::{Language, Scope, TicketSource, Timestamp};
use wangge_engine::intake::{HotlineImportOptions, HotlineRow};
use wangge_engine::registers::{Numbered, RegisterOptions, RegisterReport, RegisterRows};
use wangge_engine::{Engine, EngineError};
use wangge_registers::{ImportPolicy, LocalDateTime, PersonRow, ServiceRequestRow};

use crate::support::{two_seats, NOW};

fn has_chinese(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
}

fn english(scope: &Scope) -> Scope {
    Scope { language: Language::English, ..scope.clone() }
}

/// The refusal's text as a seat reading `language` is told it.
fn told(error: EngineError, language: Language) -> String {
    error.into_api(language).message
}

fn root_of(engine: &Engine) -> String {
    let h = &engine.district().hierarchy;
    h.node(h.root()).code.0.clone()
}

/// Imports people as `scope`, returning the report and the progress stages in order.
async fn import_people(
    engine: &mut Engine,
    scope: &Scope,
    rows: Vec<Numbered<PersonRow>>,
    options: &RegisterOptions,
) -> (RegisterReport, Vec<String>) {
    let mut stages: Vec<String> = Vec::new();
    let report = engine
        .import_register(scope, RegisterRows::People(rows), options, NOW, &mut |p: api::Progress| {
            if stages.last() != Some(&p.stage) {
                stages.push(p.stage);
            }
        })
        .await
        .unwrap();
    (report, stages)
}

#[tokio::test]
async fn a_register_imports_stages_and_row_refusals_read_in_the_seats_language() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let chinese = engine.district_scope("register-desk");
    let seat = english(&chinese);
    let district = engine.district();
    let house = district.houses.values().min_by_key(|h| h.id).unwrap().clone();
    let known = district.people.values().min_by_key(|p| p.id).unwrap().clone();
    let row = |id_number: &str, code: &str, employer: &str| PersonRow {
        name: "导入人员".into(),
        id_number: id_number.into(),
        phone: String::new(),
        house_code: code.into(),
        address: String::new(),
        employer: employer.into(),
    };
    let rows = vec![
        Numbered { number: 2, row: row(&known.id_number, &house.code, "") },
        Numbered { number: 3, row: row("330402199307070012", "NO-SUCH-HOUSE", "") },
        Numbered { number: 4, row: row("330402199206060018", &house.code, "没有这家企业") },
    ];
    let dry = RegisterOptions { dry_run: true, ..RegisterOptions::default() };

    let (report, stages) = import_people(&mut engine, &seat, rows.clone(), &dry).await;
    let reasons: Vec<&str> = report.rejected.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            format!("Duplicate: this ID number is registered as person {}", known.id).as_str(),
            "No house with code \"NO-SUCH-HOUSE\" in the house register; cannot be placed, not saved: a person is registered at a \
             house of the house register",
            "Employer: no such enterprise in the register (import the enterprises first)",
        ]
    );
    assert_eq!(stages, ["Placing people"]);
    assert!(reasons.iter().copied().chain(stages.iter().map(String::as_str)).all(|text| !has_chinese(text)), "{reasons:?} {stages:?}");

    let (report, stages) = import_people(&mut engine, &chinese, rows.clone(), &dry).await;
    let reasons: Vec<&str> = report.rejected.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            format!("重复：这个身份证号已登记为人员 {}", known.id).as_str(),
            "房屋登记中没有编码为“NO-SUCH-HOUSE”的房屋——无法定位，未保存：人员登记在房屋登记中的某处房屋",
            "工作单位：企业名录中没有这家企业（请先导入企业名录）",
        ]
    );
    assert_eq!(stages, ["定位人员"]);

    // Stored, the transaction's stage is worded for the seat too.
    let good = vec![Numbered { number: 2, row: row("330402199206060018", &house.code, "") }];
    let options = RegisterOptions { policy: ImportPolicy::GoodRowsOnly, ..RegisterOptions::default() };
    let (stored, stages) = import_people(&mut engine, &seat, good, &options).await;
    assert_eq!(stored.created.len(), 1);
    assert_eq!(stages, ["Placing people", "Saving 1 records in one transaction"]);
    // Options that make no sense are refused in the seat's language as well.
    let no_days = RegisterOptions { isolation_days: 0, ..RegisterOptions::default() };
    let refused = engine.import_register(&seat, RegisterRows::People(rows), &no_days, NOW, &mut |_| {}).await.unwrap_err();
    assert_eq!(told(refused, Language::English), "The default isolation length must be at least one day");
}

#[tokio::test]
async fn enterprises_and_the_register_view_speak_the_seats_language() {
    let (_dir, engine, _) = two_seats(11).await;
    let chinese = engine.district_scope("enterprise-desk");
    let seat = english(&chinese);
    let filter = api::EnterpriseFilter { limit: Some(100_000), ..Default::default() };

    let list = engine.enterprise_list(&seat, &filter, NOW).unwrap();
    assert_eq!(list.breakdown.totals.label, "Total");
    let sizes: Vec<&str> = list.breakdown.by_size.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(sizes, ["Above designated size", "Below designated size"]);
    assert!(!list.rows.is_empty());
    for row in &list.rows {
        let expected = match row.status.as_str() {
            "not_resumed" => "Not resumed",
            "partly" => "Partly resumed",
            _ => "Fully resumed",
        };
        assert_eq!(row.status_zh, expected);
    }
    let zh = engine.enterprise_list(&chinese, &filter, NOW).unwrap();
    assert_eq!(zh.breakdown.totals.label, "合计");
    assert_eq!(zh.breakdown.by_size.iter().map(|g| g.label.as_str()).collect::<Vec<_>>(), ["规上", "规下"]);
    assert!(zh.rows.iter().all(|r| ["未复工", "部分复工", "全面复工"].contains(&r.status_zh.as_str())));

    // A demand's step, and the workers' isolations, in words the seat reads.
    let mut steps = 0;
    for row in &list.rows {
        let detail = engine.enterprise_detail(&seat, row.id, NOW).unwrap();
        for demand in &detail.demands {
            assert!(["Collected, in progress", "Resolved, awaiting feedback", "Resolved and fed back"].contains(&demand.step_zh.as_str()));
            steps += 1;
        }
        for worker in &detail.workers {
            assert!(worker.isolation.as_deref().is_none_or(|words| !has_chinese(words)), "{worker:?}");
        }
        let zh = engine.enterprise_detail(&chinese, row.id, NOW).unwrap();
        assert!(zh.demands.iter().all(|d| ["已收集，办理中", "已解决，待反馈", "已解决反馈"].contains(&d.step_zh.as_str())));
    }
    assert!(steps > 0, "the demo has enterprise demands");

    let unknown = api::EnterpriseFilter { status: Some("paused".into()), ..Default::default() };
    let refused = engine.enterprise_list(&seat, &unknown, NOW).unwrap_err();
    assert_eq!(told(refused, Language::English), "Resumption status \"paused\" not recognised: expected not_resumed, partly or fully");
    let refused = engine.enterprise_list(&chinese, &unknown, NOW).unwrap_err();
    assert_eq!(
        told(refused, Language::Chinese),
        "复工状态“paused”无法识别：应为 not_resumed（未复工）、partly（部分复工）或 fully（全面复工）"
    );
    assert_eq!(told(engine.enterprise_detail(&seat, -7, NOW).unwrap_err(), Language::English), "Enterprise -7 does not exist");
    assert_eq!(told(engine.enterprise_detail(&chinese, -7, NOW).unwrap_err(), Language::Chinese), "企业 -7 不存在");

    // The register view names an isolation in the seat's words.
    let district = engine.district();
    let isolation = district.isolations.values().filter(|i| i.is_active_at(NOW)).min_by_key(|i| i.id).unwrap();
    let person = &district.people[&isolation.person_id];
    let query = api::RegisterQuery { node: None, text: person.id_number.clone(), limit: Some(10) };
    let marked = |scope: &Scope| {
        let found = engine.register_search(scope, &query, NOW).unwrap();
        found.houses.iter().flat_map(|h| h.people.iter()).find(|p| p.id == person.id).and_then(|p| p.isolation.clone())
    };
    assert_eq!(marked(&seat).as_deref(), Some(isolation.kind.label_en()));
    assert_eq!(marked(&chinese).as_deref(), Some(isolation.kind.label_zh()));
    let reveal = api::RevealRequest { person_id: person.id, reason: "x".into() };
    let refused = engine.reveal_person(&seat, &reveal, NOW).await.unwrap_err();
    assert_eq!(told(refused, Language::English), "Reason: say why you need to see this person's personal data (at least two characters)");
}

#[tokio::test]
async fn isolation_work_is_refused_in_the_seats_language() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let chinese = engine.district_scope("isolation-desk");
    let seat = english(&chinese);
    let isolation = engine.district().isolations.values().filter(|i| i.is_active_at(NOW)).min_by_key(|i| i.id).unwrap().clone();
    let refused = engine.extend_isolation(&seat, isolation.id, 0, NOW).await.unwrap_err();
    assert_eq!(told(refused, Language::English), "Days to extend: 1 to 60, not 0");
    let refused = engine.extend_isolation(&chinese, isolation.id, 0, NOW).await.unwrap_err();
    assert_eq!(told(refused, Language::Chinese), "延长天数：应为 1 到 60 天，而不是 0 天");
    let slot = engine.district().follow_ups_of(isolation.id).map(|f| f.id).min().unwrap();
    let refused = engine.record_follow_up(&seat, slot, api::FollowUpResult::SeenWell, Some(50.0), NOW).await.unwrap_err();
    assert_eq!(told(refused, Language::English), "Temperature: 50 °C is not a human body temperature (30 to 45)");
    let refused = engine.transfer_isolation(&seat, isolation.id, isolation.micro_grid.as_str(), NOW).await.unwrap_err();
    assert_eq!(told(refused, Language::English), format!("Isolation {} is already in micro-grid {}", isolation.id, isolation.micro_grid.0));
    let refused = engine.release_isolation(&seat, -3, NOW).await.unwrap_err();
    assert_eq!(told(refused, Language::English), "Isolation -3 does not exist");
}

#[tokio::test]
async fn the_landlord_board_speaks_the_seats_language() {
    let (_dir, mut engine, _) = two_seats(16).await;
    let chinese = engine.district_scope("rental-desk");
    let seat = english(&chinese);
    let root = root_of(&engine);
    let query = api::RentalQuery { node: Some(root.clone()), standing: None };
    let board = engine.rental_board(&seat, &query, NOW).unwrap();
    let labels: Vec<&str> = board.standings.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["Five-good landlord", "Red list", "Not listed", "Black list"]);
    assert!(board.landlords.iter().all(|l| !has_chinese(&l.standing_label)));
    let zh = engine.rental_board(&chinese, &query, NOW).unwrap();
    assert_eq!(zh.standings.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(), ["五好房东", "红榜", "未上榜", "黑榜"]);

    // A scoring event recorded, then read back: its duty in the seat's words, the item as the
    // rule file words it.
    let landlord = board.landlords[0].clone();
    let item = engine.landlord_rules().items[0].clone();
    let form = api::LandlordScoreForm {
        landlord_id: landlord.id,
        house_id: landlord.houses[0].id,
        item: item.wording.clone(),
        reason: "测试".into(),
    };
    let scored = engine.score_landlord(&seat, &form, NOW).await.unwrap();
    assert_eq!(scored.detail.marks[0].duty, item.duty.label_en());
    assert_eq!(scored.detail.marks[0].item, item.wording);
    assert!(scored.detail.items.iter().all(|i| !has_chinese(&i.duty)));
    assert!(!has_chinese(&scored.detail.landlord.standing_label));
    let zh = engine.landlord_detail(&chinese, landlord.id, NOW).unwrap();
    assert_eq!(zh.marks[0].duty, item.duty.label_zh());

    let refused = engine.rental_board(&seat, &api::RentalQuery { node: None, standing: Some("gold".into()) }, NOW).unwrap_err();
    assert_eq!(told(refused, Language::English), "List \"gold\" not recognised: expected five_good, red, ordinary or black");
    let blank = api::LandlordScoreForm { reason: " ".into(), ..form.clone() };
    let refused = engine.score_landlord(&seat, &blank, NOW).await.unwrap_err();
    assert_eq!(told(refused, Language::English), "reason: say why the points are added or deducted");
    let refused = engine.score_landlord(&chinese, &blank, NOW).await.unwrap_err();
    assert_eq!(told(refused, Language::Chinese), "reason: 请写明加分或扣分的原因");

    // The 红黑榜 exported for an English seat: headers and standings in English.
    let table = engine.export_register(&seat, api::ExportRegister::Landlords, None, NOW, &mut |_| {}).unwrap();
    assert_eq!(table.headers[..4], ["List", "Score", "Added", "Deducted"]);
    assert!(table.rows.iter().all(|row| !has_chinese(&row[0])));
    let zh = engine.export_register(&chinese, api::ExportRegister::Landlords, None, NOW, &mut |_| {}).unwrap();
    assert_eq!(zh.headers[0], "榜单");
}

#[tokio::test]
async fn screening_refusals_and_the_roll_up_read_in_the_seats_language() {
    let (dir, mut engine, _) = two_seats(11).await;
    let chinese = engine.district_scope("screening-desk");
    let seat = english(&chinese);
    let root = root_of(&engine);
    let deadline = Timestamp(NOW.0 + 3 * 86_400);
    let people: Vec<api::ScreeningPerson> = {
        let mut houses: Vec<_> = engine.district().houses.values().collect();
        houses.sort_by_key(|h| h.id);
        houses
            .iter()
            .take(6)
            .enumerate()
            .map(|(i, h)| api::ScreeningPerson {
                row: i as u64 + 2,
                name: format!("排查{i}"),
                id_number: format!("33040219800101{i:04}"),
                address: h.address.clone(),
            })
            .collect()
    };
    let refused = engine.import_screening(&seat, " ", deadline, &people, NOW).await.unwrap_err();
    assert_eq!(told(refused, Language::English), "Batch name: a screening batch needs a name");
    let refused = engine.import_screening(&seat, "Batch 12", deadline, &[], NOW).await.unwrap_err();
    assert_eq!(told(refused, Language::English), "The list has no one in it; nothing was imported");
    let refused = engine.import_screening(&chinese, "第12批", deadline, &[], NOW).await.unwrap_err();
    assert_eq!(told(refused, Language::Chinese), "名单里没有人，未导入任何内容");
    let refused = engine.task_progress(&seat, None, Some("Batch 99"), NOW).unwrap_err();
    assert_eq!(told(refused, Language::English), "Screening batch \"Batch 99\" does not exist");

    engine.import_screening(&seat, "Batch 12", deadline, &people, NOW).await.unwrap();
    let refused = engine.import_screening(&seat, "Batch 12", deadline, &people, NOW).await.unwrap_err();
    assert!(told(refused, Language::English).starts_with("Batch \"Batch 12\" already exists (task "));

    let table = engine.screening_rollup(&seat, Some(&root), Some("Batch 12"), NOW).unwrap();
    assert_eq!(table.headers[..3], ["Area", "Level", "People screened"]);
    assert!(table.headers.iter().all(|h| !has_chinese(h)));
    let total = table.rows.last().unwrap();
    assert!(total[0].ends_with(", total") && total[1] == "District", "{total:?}");
    let zh = engine.screening_rollup(&chinese, Some(&root), Some("Batch 12"), NOW).unwrap();
    assert_eq!(zh.headers[..3], ["区域", "层级", "排查人数"]);
    assert!(zh.rows.last().unwrap()[0].ends_with(" 合计"));

    // The workbook the desktop hands over is named in the seat's language.
    let exported = engine.export_screening_rollup(&seat, Some(&root), "Batch 12", dir.path(), NOW).unwrap();
    let name = std::path::Path::new(&exported.path).file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("Screening summary-Batch 12-"), "{name}");

    // A list file that cannot be read is refused in the seat's language.
    let list = dir.path().join("list.csv");
    std::fs::write(&list, "name,id_number\nA,330402199001011234\n").unwrap();
    let refused = engine.import_screening_file(&seat, &list, "Batch 13", deadline, None, None, NOW).await.unwrap_err();
    let message = told(refused, Language::English);
    assert!(message.ends_with("Required field \"Address\" (address) has no column. The file's columns: name, id_number"), "{message}");
    std::fs::write(&list, "name,id_number,address\nA,330402199001011234,\n").unwrap();
    let refused = engine.import_screening_file(&seat, &list, "Batch 13", deadline, None, None, NOW).await.unwrap_err();
    let message = told(refused, Language::English);
    assert!(
        message.ends_with("1 of 1 rows have errors; nothing was imported. The first: Row 2, column \"address\": Required"),
        "{message}"
    );
    let refused = engine.import_screening_file(&chinese, &list, "第13批", deadline, None, None, NOW).await.unwrap_err();
    let message = told(refused, Language::Chinese);
    assert!(message.ends_with("1 行中有 1 行有错误，未导入任何内容；第一处：第 2 行，“address”列：此项必填"), "{message}");
}

#[tokio::test]
async fn a_hotline_imports_stages_and_refusals_read_in_the_seats_language() {
    let (_dir, mut engine, _) = two_seats(11).await;
    let chinese = engine.district_scope("hotline-desk");
    let seat = english(&chinese);
    let at = |year, month, day| LocalDateTime::new(year, month, day, 9, 30, 0).unwrap();
    let request = |id: &str, created_at: LocalDateTime| ServiceRequestRow {
        id: id.into(),
        created_at,
        category: "投诉".into(),
        description: "夜间施工噪音".into(),
        address: String::new(),
        lon: None,
        lat: None,
        status: String::new(),
        accepted_at: None,
        resolved_at: None,
        closed_at: None,
    };
    let rows = vec![
        HotlineRow { number: 2, request: request("H-1", at(2026, 11, 22)) },
        HotlineRow { number: 3, request: request("H-2", at(2027, 1, 5)) },
    ];
    let mut options = HotlineImportOptions { policy: ImportPolicy::GoodRowsOnly, ..HotlineImportOptions::new(TicketSource::Hotline12345) };
    let mut stages: Vec<String> = Vec::new();
    let report = engine
        .import_hotline(&seat, rows, &options, NOW, &mut |p: api::Progress| {
            if stages.last() != Some(&p.stage) {
                stages.push(p.stage);
            }
        })
        .await
        .unwrap();
    assert_eq!(stages, ["Placing tickets", "Saving tickets in one transaction"]);
    assert_eq!(report.created.len(), 1);
    let [refusal] = &report.rejected[..] else { panic!("{:?}", report.rejected) };
    assert_eq!(refusal.reason, format!("Later than the import ({NOW}): is the time zone right?"));

    // The same row again: already imported, said in each seat's language.
    let again = vec![HotlineRow { number: 2, request: request("H-1", at(2026, 11, 22)) }];
    let report = engine.import_hotline(&chinese, again.clone(), &options, NOW, &mut |_| {}).await.unwrap();
    assert!(report.rejected[0].reason.starts_with("已导入为工单 "), "{:?}", report.rejected);
    let report = engine.import_hotline(&seat, again, &options, NOW, &mut |_| {}).await.unwrap();
    assert!(report.rejected[0].reason.starts_with("Already imported as ticket "), "{:?}", report.rejected);
    assert!(!has_chinese(&report.rejected[0].reason));

    // A mapping file's value map refused in the importing seat's language.
    options.language = Language::English;
    let maps = [("statuses".to_string(), [("Paused".to_string(), "suspended".to_string())].into_iter().collect())].into_iter().collect();
    let refused = options.map_values(&maps).unwrap_err();
    assert!(refused.starts_with("statuses: \"Paused\" → \"suspended\" is not a status a ticket can be imported in"), "{refused}");
}
