//! Districts built by hand for the tests: a small one whose every record is known, and a
//! synthetic one of any size for timing saves and loads (the demo generator lives in
//! another crate that is built in parallel; these tests do not wait for it).

use geo::{polygon, MultiPolygon, Point};
use wangge_domain::district::Records;
use wangge_domain::lifecycle::{events_from_stamps, Priority, TicketEvent, TicketStatus};
use wangge_domain::*;

pub fn square(x: f64, y: f64, size: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![polygon![(x: x, y: y), (x: x + size, y: y), (x: x + size, y: y + size), (x: x, y: y + size)]])
}

fn node(code: &str, level: Level, parent: Option<&str>, at: (f64, f64)) -> Node {
    Node {
        code: code.into(),
        name: format!("节点 {code}"),
        level,
        parent: parent.map(NodeCode::from),
        micro_kind: (level == Level::MicroGrid).then_some(MicroGridKind::Stairwell),
        boundary: square(at.0, at.1, 0.001 / 3.0),
        staff: vec![StaffMember { role: StaffRole::GridLeader, name: format!("网格长 {code}"), phone: "13800000000".into() }],
        valid_from: None,
        valid_to: None,
    }
}

pub fn t(hour: u32) -> Timestamp {
    Timestamp::from_local(2020, 2, 10, hour, 0)
}

/// D → S1 → C1 → G1 → {M1, M2}; D → S2 → C2 → G2 → M3. Three houses, four people, two
/// isolations with three follow-ups, two enterprises, two tickets, a task with two items.
pub fn small() -> District {
    use Level::*;
    let mut nodes = vec![
        node("330402", District, None, (120.7, 30.7)),
        node("S1", Street, Some("330402"), (120.71, 30.71)),
        node("S2", Street, Some("330402"), (120.72, 30.72)),
        node("C1", Community, Some("S1"), (120.711, 30.711)),
        node("C2", Community, Some("S2"), (120.721, 30.721)),
        node("G1", Grid, Some("C1"), (120.7111, 30.7111)),
        node("G2", Grid, Some("C2"), (120.7211, 30.7211)),
        node("M1", MicroGrid, Some("G1"), (120.71111, 30.71111)),
        node("M2", MicroGrid, Some("G1"), (120.71112, 30.71112)),
        node("M3", MicroGrid, Some("G2"), (120.72111, 30.72111)),
    ];
    nodes[8].micro_kind = Some(MicroGridKind::Enterprise);
    // A boundary with a hole and an unclosed second polygon, as a generator might make.
    nodes[0].boundary.0.push(polygon!(
        exterior: [(x: 121.0, y: 31.0), (x: 121.1, y: 31.0), (x: 121.1, y: 31.1)],
        interiors: [[(x: 121.01, y: 31.01), (x: 121.02, y: 31.01), (x: 121.02, y: 31.02)]],
    ));
    let hierarchy = Hierarchy::new(nodes).expect("a valid hierarchy");
    let house = |id: i64, grid: &str| House {
        id,
        code: format!("H{id:04}"),
        micro_grid: grid.into(),
        address: format!("南湖区 {id} 号"),
        location: Point::new(120.7 + id as f64 * 1e-4, 30.7 + 0.1 / 3.0),
        rental: None,
        version: 0,
    };
    let person = |id: i64, house_id: i64| Person {
        id,
        name: format!("居民{id}"),
        id_number: format!("33040219800101{id:04}"),
        phone: format!("1390000{id:04}"),
        house_id,
        employer: None,
        version: 0,
    };
    let records = Records {
        // House 1 is let (its landlord, person 1, lives there; person 2 is the tenant).
        houses: vec![House { rental: Some(Rental { rooms: 3, landlord_id: Some(1) }), ..house(1, "M1") }, house(2, "M2"), house(3, "M3")],
        // Person 3 works at enterprise 1.
        people: vec![person(1, 1), person(2, 1), Person { employer: Some(1), ..person(3, 2) }, person(4, 3)],
        isolations: vec![
            Isolation {
                id: 1,
                person_id: 1,
                micro_grid: "M1".into(),
                kind: IsolationKind::Home,
                started_at: t(8),
                planned_end: t(8).plus_secs(14 * 86_400),
                released_at: None,
                version: 0,
            },
            Isolation {
                id: 2,
                person_id: 4,
                micro_grid: "M3".into(),
                kind: IsolationKind::Centralised,
                started_at: t(9),
                planned_end: t(9).plus_secs(14 * 86_400),
                released_at: None,
                version: 0,
            },
        ],
        follow_ups: vec![
            FollowUp {
                id: 1,
                isolation_id: 1,
                due_at: t(9),
                done_at: Some(t(10)),
                temperature_c: Some(36.6),
                result: Some(FollowUpResult::SeenWell),
                version: 0,
            },
            FollowUp { id: 2, isolation_id: 1, due_at: t(21), done_at: None, temperature_c: None, result: None, version: 0 },
            FollowUp {
                id: 3,
                isolation_id: 2,
                due_at: t(10),
                done_at: Some(t(11)),
                temperature_c: Some(37.3 + 1e-12),
                result: Some(FollowUpResult::SeenUnwell),
                version: 0,
            },
        ],
        enterprises: vec![
            Enterprise {
                id: 1,
                name: "嘉兴某纺织有限公司".into(),
                micro_grid: "M2".into(),
                sector: "textiles".into(),
                above_designated_size: true,
                headcount: 180,
                status: ResumptionStatus::NotResumed,
                resumed_at: None,
                workers_back: 0,
                version: 0,
            },
            Enterprise {
                id: 2,
                name: "小店".into(),
                micro_grid: "M3".into(),
                sector: "retail".into(),
                above_designated_size: false,
                headcount: 4,
                status: ResumptionStatus::Fully,
                resumed_at: Some(t(7)),
                workers_back: 4,
                version: 0,
            },
        ],
        tickets: vec![
            Ticket {
                id: 1,
                source: TicketSource::MiniProgram,
                category: TicketCategory::Complaint,
                summary: "楼道堆放杂物".into(),
                priority: Priority::Normal,
                micro_grid: Some("M1".into()),
                location: Some(Point::new(120.71115, 30.71115)),
                owning_unit: "G1".into(),
                received_at: t(8),
                accepted_at: Some(t(9)),
                resolved_at: None,
                closed_at: None,
                deadline: t(20),
                status: TicketStatus::Accepted,
                supervised: false,
                version: 1,
                enterprise: None,
                events: events_from_stamps("G1", t(8), Some(t(9)), None, None),
            },
            Ticket {
                id: 2,
                source: TicketSource::EnterpriseDemand,
                category: TicketCategory::EnterpriseDemand,
                summary: "缺口罩".into(),
                priority: Priority::Urgent,
                micro_grid: Some("M2".into()),
                location: None,
                owning_unit: "service-team-1".into(),
                received_at: t(9),
                accepted_at: None,
                resolved_at: None,
                closed_at: None,
                deadline: t(21),
                status: TicketStatus::Received,
                supervised: true,
                version: 3,
                enterprise: None,
                events: vec![
                    TicketEvent::Received { at: t(9), unit: "service-team-1".into() },
                    TicketEvent::Supervised { at: t(9), by: "commander".into(), note: "急".into() },
                ],
            },
        ],
        tasks: vec![Task {
            id: 1,
            title: "排查批次 1".into(),
            owner_unit: "S1".into(),
            created_at: t(7),
            deadline: t(19),
            verified: Some(Verification { by: "社区书记".into(), at: t(18) }),
            version: 0,
        }],
        task_items: vec![
            TaskItem {
                id: 1,
                task_id: 1,
                person_name: "张三".into(),
                id_number: "330402199001010011".into(),
                address: "某路 1 号".into(),
                micro_grid: Some("M1".into()),
                outcome: Some(TaskOutcome::FoundUnderControl),
                reported_at: Some(t(12)),
                version: 0,
            },
            TaskItem {
                id: 2,
                task_id: 1,
                person_name: "李四".into(),
                id_number: "330402199001010022".into(),
                address: "不详".into(),
                micro_grid: None,
                outcome: None,
                reported_at: None,
                version: 0,
            },
        ],
        landlord_marks: vec![LandlordMark {
            id: 1,
            landlord_id: 1,
            house_id: 1,
            duty: LandlordDuty::Reporting,
            item: "租客入住或返回未在24小时内报告".into(),
            points: -2,
            reason: "入户核查发现".into(),
            recorded_by: "community-worker".into(),
            recorded_at: t(9),
            version: 0,
        }],
    };
    wangge_domain::District::new(hierarchy, records).expect("a valid district")
}

/// Asserts two districts hold the same nodes and records.
pub fn assert_same(actual: &District, expected: &District) {
    let nodes = |d: &District| {
        let mut nodes: Vec<Node> = d.hierarchy.nodes().map(|(_, n)| n.clone()).collect();
        nodes.sort_by(|a, b| a.code.cmp(&b.code));
        nodes
    };
    assert_eq!(nodes(actual), nodes(expected), "nodes");
    assert_eq!(actual.houses, expected.houses, "houses");
    assert_eq!(actual.people, expected.people, "people");
    assert_eq!(actual.isolations, expected.isolations, "isolations");
    assert_eq!(actual.follow_ups, expected.follow_ups, "follow-ups");
    assert_eq!(actual.enterprises, expected.enterprises, "enterprises");
    assert_eq!(actual.tickets, expected.tickets, "tickets");
    assert_eq!(actual.tasks, expected.tasks, "tasks");
    assert_eq!(actual.task_items, expected.task_items, "task items");
    assert_eq!(actual.landlord_marks, expected.landlord_marks, "landlords' marks");
}

/// A synthetic district shaped like the demo (南湖: 7.4k micro-grids, 50k houses, 150k
/// people, 180k follow-ups, 12k tickets) times `scale`.
pub fn synthetic(scale: f64) -> District {
    use Level::*;
    let n = |full: f64| ((full * scale).round() as i64).max(1);
    let (streets, communities_per, grids_per, micro_per) = (9, 16, 4, 12);
    let streets = ((streets as f64 * scale.sqrt()).ceil() as i64).clamp(1, 9);
    let mut nodes = Vec::new();
    let mut micro = Vec::new();
    let ring = |i: i64, vertices: usize| {
        // A polygon with `vertices` corners, like a tiled boundary.
        let (cx, cy) = (120.6 + (i % 300) as f64 * 1e-3, 30.6 + (i / 300) as f64 * 1e-3);
        let coords: Vec<(f64, f64)> = (0..vertices)
            .map(|k| {
                let angle = k as f64 / vertices as f64 * std::f64::consts::TAU;
                (cx + 4e-4 * angle.cos(), cy + 4e-4 * angle.sin())
            })
            .collect();
        MultiPolygon(vec![geo::Polygon::new(coords.into(), vec![])])
    };
    let mut counter = 0;
    let mut add = |code: String, level: Level, parent: Option<String>, vertices: usize, nodes: &mut Vec<Node>| {
        counter += 1;
        nodes.push(Node {
            code: code.as_str().into(),
            name: format!("{level:?} {code}"),
            level,
            parent: parent.map(NodeCode),
            micro_kind: (level == MicroGrid).then_some(MicroGridKind::ALL[counter as usize % 6]),
            boundary: ring(counter, vertices),
            staff: vec![StaffMember { role: StaffRole::MicroGridLeader, name: "王五".into(), phone: "13700000000".into() }],
            valid_from: None,
            valid_to: None,
        });
        code
    };
    let d = add("330402".into(), District, None, 400, &mut nodes);
    for s in 0..streets {
        let s = add(format!("{d}{s:03}"), Street, Some(d.clone()), 120, &mut nodes);
        for c in 0..communities_per {
            let c = add(format!("{s}{c:03}"), Community, Some(s.clone()), 48, &mut nodes);
            for g in 0..grids_per {
                let g = add(format!("{c}{g:02}"), Grid, Some(c.clone()), 24, &mut nodes);
                for m in 0..micro_per {
                    micro.push(add(format!("{g}{m:02}"), MicroGrid, Some(g.clone()), 8, &mut nodes));
                }
            }
        }
    }
    let grid = |i: i64| NodeCode(micro[(i as usize * 7919) % micro.len()].clone());
    let houses: Vec<House> = (1..=n(50_000.0))
        .map(|id| House {
            id,
            code: format!("H{id:06}"),
            micro_grid: grid(id),
            address: format!("南湖区某街道某小区 {} 幢 {} 室", id / 40, id % 40),
            location: Point::new(120.7 + id as f64 * 1.3e-6, 30.7 + id as f64 * 0.7e-6),
            rental: None,
            version: 0,
        })
        .collect();
    let house_count = houses.len() as i64;
    let people: Vec<Person> = (1..=n(150_000.0))
        .map(|id| Person {
            id,
            name: format!("居民{id}"),
            id_number: format!("3304021980{id:08}"),
            phone: format!("139{id:08}"),
            house_id: 1 + id % house_count,
            employer: None,
            version: 0,
        })
        .collect();
    let isolations: Vec<Isolation> = (1..=n(6_500.0))
        .map(|id| Isolation {
            id,
            person_id: id * 3,
            micro_grid: grid(id * 13),
            kind: IsolationKind::ALL[id as usize % 3],
            started_at: t(0).plus_secs(-(id % 20) * 86_400),
            planned_end: t(0).plus_secs((14 - id % 20) * 86_400),
            released_at: (id % 4 == 0).then(|| t(6)),
            version: 0,
        })
        .collect();
    let isolation_count = isolations.len() as i64;
    let follow_ups: Vec<FollowUp> = (1..=n(180_000.0))
        .map(|id| FollowUp {
            id,
            isolation_id: 1 + id % isolation_count,
            due_at: t(0).plus_secs(-(id % 28) * 43_200),
            done_at: (id % 5 != 0).then(|| t(0).plus_secs(-(id % 28) * 43_200 + 1_800)),
            temperature_c: (id % 5 != 0).then(|| 36.0 + (id % 17) as f64 / 10.0),
            result: (id % 5 != 0).then_some(FollowUpResult::SeenWell),
            version: 0,
        })
        .collect();
    let enterprises: Vec<Enterprise> = (1..=n(4_200.0))
        .map(|id| Enterprise {
            id,
            name: format!("企业{id}"),
            micro_grid: grid(id * 31),
            sector: ["textiles", "retail", "logistics"][id as usize % 3].into(),
            above_designated_size: id % 7 == 0,
            headcount: (id % 300) as u32 + 1,
            status: ResumptionStatus::ALL[id as usize % 3],
            resumed_at: (id % 3 != 0).then(|| t(5)),
            workers_back: (id % 300) as u32 / 2,
            version: 0,
        })
        .collect();
    let tickets: Vec<Ticket> = (1..=n(12_000.0))
        .map(|id| Ticket {
            id,
            source: TicketSource::ALL[id as usize % 4],
            category: TicketCategory::ALL[id as usize % 7],
            summary: format!("诉求 {id}: 小区门口道路积水，请尽快处理"),
            priority: Priority::Normal,
            micro_grid: (id % 50 != 0).then(|| grid(id * 17)),
            location: (id % 3 != 0).then(|| Point::new(120.7 + id as f64 * 1e-5, 30.7)),
            owning_unit: format!("unit-{}", id % 40),
            received_at: t(0).plus_secs(-(id % 60) * 86_400),
            accepted_at: Some(t(1)),
            resolved_at: (id % 10 != 0).then(|| t(2)),
            closed_at: None,
            deadline: t(23),
            status: if id % 10 != 0 { TicketStatus::Resolved } else { TicketStatus::Accepted },
            supervised: false,
            version: 1,
            enterprise: None,
            events: events_from_stamps(
                &format!("unit-{}", id % 40),
                t(0).plus_secs(-(id % 60) * 86_400),
                Some(t(1)),
                (id % 10 != 0).then(|| t(2)),
                None,
            ),
        })
        .collect();
    let tasks: Vec<Task> = (1..=n(288.0))
        .map(|id| Task {
            id,
            title: format!("排查批次 {id}"),
            owner_unit: grid(id).clone(),
            created_at: t(1),
            deadline: t(22),
            verified: None,
            version: 0,
        })
        .collect();
    let task_count = tasks.len() as i64;
    let task_items: Vec<TaskItem> = (1..=n(5_975.0))
        .map(|id| TaskItem {
            id,
            task_id: 1 + id % task_count,
            person_name: format!("人员{id}"),
            id_number: format!("3304021990{id:08}"),
            address: format!("地址 {id}"),
            micro_grid: (id % 4 != 0).then(|| grid(id)),
            outcome: (id % 2 == 0).then_some(TaskOutcome::Isolated),
            reported_at: (id % 2 == 0).then(|| t(3)),
            version: 0,
        })
        .collect();
    let hierarchy = Hierarchy::new(nodes).expect("a valid synthetic hierarchy");
    let records = Records { houses, people, isolations, follow_ups, enterprises, tickets, tasks, task_items, landlord_marks: Vec::new() };
    wangge_domain::District::new(hierarchy, records).expect("a valid synthetic district")
}
