//! Changes of every kind, built by hand, that the format-1 fixtures were made from: every
//! variant of every enum a record carries, every optional field both set and unset, and
//! text and numbers that serialisers are known to get wrong (escapes, CJK, float digits).
//!
//! `fixtures/v1.jsonl` holds their stored payloads line for line, in this order; changing
//! a sample here means the fixture no longer matches, which is the point (see the README).

use geo::{Coord, LineString, MultiPolygon, Point, Polygon};
use wangge_domain::lifecycle::{Priority, Satisfaction, TicketEvent, TicketStatus};
use wangge_domain::*;

fn ring(points: &[(f64, f64)]) -> LineString<f64> {
    LineString(points.iter().map(|&(x, y)| Coord { x, y }).collect())
}

/// A square with a square hole, plus a triangle: both polygon shapes a boundary takes.
fn boundary(x: f64, y: f64) -> MultiPolygon<f64> {
    let square = |x: f64, y: f64, size: f64| ring(&[(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]);
    MultiPolygon(vec![
        Polygon::new(square(x, y, 0.01), vec![square(x + 0.002, y + 0.002, 0.003)]),
        Polygon::new(ring(&[(x + 0.02, y), (x + 0.03, y), (x + 0.025, y + 0.1 / 3.0), (x + 0.02, y)]), vec![]),
    ])
}

fn nodes() -> Vec<Node> {
    let levels = Level::ALL;
    let mut out: Vec<Node> = levels
        .iter()
        .enumerate()
        .map(|(i, &level)| Node {
            code: NodeCode(format!("33040200{i}")),
            name: format!("第{i}级 \"节点\"\n(line two)"),
            level,
            parent: (i > 0).then(|| NodeCode(format!("33040200{}", i - 1))),
            micro_kind: (level == Level::MicroGrid).then_some(MicroGridKind::Stairwell),
            boundary: boundary(120.7 + i as f64 * 0.1, 30.7),
            staff: StaffRole::ALL
                .iter()
                .take(i + 1)
                .enumerate()
                .map(|(k, &role)| StaffMember { role, name: format!("网格员{k}"), phone: format!("1380000000{k}") })
                .collect(),
            valid_from: (i % 2 == 1).then_some(Timestamp(1_600_000_000 + i as i64)),
            valid_to: (i == 3).then_some(Timestamp(1_700_000_000)),
        })
        .collect();
    // One micro-grid of every other kind, and a node without staff or holes.
    for (k, &kind) in MicroGridKind::ALL.iter().enumerate().skip(1) {
        out.push(Node {
            code: NodeCode(format!("33040200-M{k}")),
            name: format!("微网格 {kind:?}"),
            level: Level::MicroGrid,
            parent: Some(NodeCode("330402003".into())),
            micro_kind: Some(kind),
            boundary: MultiPolygon(vec![Polygon::new(ring(&[(0.0, 0.0), (1.0, 0.0), (0.5, 0.1 + 0.2), (0.0, 0.0)]), vec![])]),
            staff: vec![],
            valid_from: None,
            valid_to: None,
        });
    }
    out
}

fn houses() -> Vec<House> {
    vec![
        House {
            id: 1,
            code: "H0001".into(),
            micro_grid: NodeCode("330402004".into()),
            address: "南湖区 建国路 1 号 \\ 2 单元 \t 301".into(),
            location: Point::new(120.755_123_456_789_01, 30.746_987_654_321_09),
            rental: None,
            version: 0,
        },
        House {
            id: 9_007_199_254_740_993,
            code: String::new(),
            micro_grid: NodeCode("330402004".into()),
            address: "emoji 🏠 and \u{0} and \u{2028}".into(),
            location: Point::new(-0.0, 1e-300),
            rental: None,
            version: u32::MAX,
        },
    ]
}

fn people() -> Vec<Person> {
    vec![
        Person {
            id: 1,
            name: "张三".into(),
            id_number: "33040219800101001X".into(),
            phone: "13900000001".into(),
            house_id: 1,
            employer: None,
            version: 3,
        },
        Person {
            id: 2,
            name: "O'Brien \"Bob\"".into(),
            id_number: String::new(),
            phone: "+86 573 1234".into(),
            house_id: -1,
            employer: None,
            version: 0,
        },
    ]
}

fn isolations() -> Vec<Isolation> {
    IsolationKind::ALL
        .iter()
        .enumerate()
        .map(|(i, &kind)| Isolation {
            id: 10 + i as i64,
            person_id: 1,
            micro_grid: NodeCode("330402004".into()),
            kind,
            started_at: Timestamp(1_581_292_800 + i as i64),
            planned_end: Timestamp(1_582_502_400),
            released_at: (i != 0).then_some(Timestamp(1_582_000_000 - i as i64)),
            version: i as u32,
        })
        .collect()
}

fn follow_ups() -> Vec<FollowUp> {
    let mut out: Vec<FollowUp> = FollowUpResult::ALL
        .iter()
        .enumerate()
        .map(|(i, &result)| FollowUp {
            id: 20 + i as i64,
            isolation_id: 10,
            due_at: Timestamp(1_581_300_000 + 43_200 * i as i64),
            done_at: Some(Timestamp(1_581_300_100 + 43_200 * i as i64)),
            temperature_c: Some([36.6, 37.25, 0.1 + 0.2, 38.000_000_000_000_01][i % 4]),
            result: Some(result),
            version: 1,
        })
        .collect();
    out.push(FollowUp { id: 29, isolation_id: 10, due_at: Timestamp(-1), done_at: None, temperature_c: None, result: None, version: 0 });
    out
}

fn enterprises() -> Vec<Enterprise> {
    ResumptionStatus::ALL
        .iter()
        .enumerate()
        .map(|(i, &status)| Enterprise {
            id: 30 + i as i64,
            name: format!("嘉兴某某制造有限公司 {i}"),
            micro_grid: NodeCode("330402004".into()),
            sector: ["manufacturing", "retail", ""][i].into(),
            above_designated_size: i % 2 == 0,
            headcount: [0, 120, u32::MAX][i],
            status,
            resumed_at: (status != ResumptionStatus::NotResumed).then_some(Timestamp(1_582_000_000)),
            workers_back: [0, 60, 7][i],
            version: 2,
        })
        .collect()
}

/// Every lifecycle step, in an order that need not be legal: the format does not care.
fn every_event() -> Vec<TicketEvent> {
    let at = |k: i64| Timestamp(1_581_400_000 + k * 600);
    vec![
        TicketEvent::Received { at: at(0), unit: "330402001".into() },
        TicketEvent::Accepted { unit: "330402001".into(), at: at(1) },
        TicketEvent::Started { unit: "330402001".into(), at: at(2) },
        TicketEvent::Returned { unit: "330402001".into(), at: at(3), reason: "不属于本单位".into() },
        TicketEvent::Suspended { at: at(4), reason: "等待市民补充材料".into() },
        TicketEvent::Resumed { at: at(5) },
        TicketEvent::Extended { unit: Some("dept-water".into()), at: at(6), working_secs: 28_800, approver: "王主任".into() },
        TicketEvent::Extended { unit: None, at: at(7), working_secs: -1, approver: "".into() },
        TicketEvent::Escalated { at: at(8), to_unit: "330402".into(), reason: "跨街道".into() },
        TicketEvent::Reassigned {
            at: at(9),
            from_unit: "330402001".into(),
            to_unit: "330402002".into(),
            reason: "属地".into(),
            by: "commander".into(),
        },
        TicketEvent::CoDispatched { at: at(10), units: vec!["dept-water".into(), "dept-power".into()] },
        TicketEvent::CoDispatched { at: at(11), units: vec![] },
        TicketEvent::Resolved { unit: "330402002".into(), at: at(12), note: "已修复".into() },
        TicketEvent::ReturnVisit { at: at(13), satisfaction: Satisfaction::Satisfied },
        TicketEvent::ReturnVisit { at: at(14), satisfaction: Satisfaction::Neutral },
        TicketEvent::ReturnVisit { at: at(15), satisfaction: Satisfaction::Dissatisfied },
        TicketEvent::Closed { at: at(16) },
        TicketEvent::Reopened { at: at(17), reason: "市民不满意".into() },
        TicketEvent::Supervised { at: at(18), by: "commander".into(), note: "限期办结".into() },
    ]
}

fn tickets() -> Vec<Ticket> {
    // As many tickets as the longest enum has variants, each enum cycled through.
    let count = TicketStatus::ALL.len().max(TicketCategory::ALL.len());
    (0..count)
        .map(|i| {
            let placed = i % 3 != 2;
            Ticket {
                id: 40 + i as i64,
                source: TicketSource::ALL[i % TicketSource::ALL.len()],
                category: TicketCategory::ALL[i % TicketCategory::ALL.len()],
                priority: [Priority::Normal, Priority::Urgent][i % 2],
                summary: format!("第{i}件诉求：路灯不亮 \"急\""),
                micro_grid: placed.then(|| NodeCode("330402004".into())),
                location: placed.then(|| Point::new(120.75 + i as f64 * 1e-5, 30.75)),
                owning_unit: if placed { "330402003".into() } else { TRIAGE_UNIT.into() },
                received_at: Timestamp(1_581_400_000),
                accepted_at: (i % 2 == 0).then_some(Timestamp(1_581_400_600)),
                resolved_at: (i % 4 == 0).then_some(Timestamp(1_581_500_000)),
                closed_at: (i % 8 == 0).then_some(Timestamp(1_581_600_000)),
                deadline: Timestamp(1_581_700_000),
                status: TicketStatus::ALL[i % TicketStatus::ALL.len()],
                supervised: i % 2 == 1,
                version: i as i64,
                enterprise: None,
                events: match i {
                    0 => every_event(),
                    1 => vec![],
                    _ => every_event().into_iter().take(i).collect(),
                },
            }
        })
        .collect()
}

fn tasks() -> Vec<Task> {
    vec![
        Task {
            id: 50,
            title: "2月10日 返嘉人员排查".into(),
            owner_unit: NodeCode("330402003".into()),
            created_at: Timestamp(1_581_292_800),
            deadline: Timestamp(1_581_379_200),
            verified: None,
            version: 0,
        },
        Task {
            id: 51,
            title: String::new(),
            owner_unit: NodeCode("330402".into()),
            created_at: Timestamp(0),
            deadline: Timestamp(i64::MAX),
            verified: None,
            version: 7,
        },
    ]
}

fn task_items() -> Vec<TaskItem> {
    let mut out: Vec<TaskItem> = TaskOutcome::ALL
        .iter()
        .enumerate()
        .map(|(i, &outcome)| TaskItem {
            id: 60 + i as i64,
            task_id: 50,
            person_name: format!("李四{i}"),
            id_number: format!("33040219900101{i:04}"),
            address: "南湖区 解放路 8 号".into(),
            micro_grid: Some(NodeCode("330402004".into())),
            outcome: Some(outcome),
            reported_at: Some(Timestamp(1_581_350_000 + i as i64)),
            version: 1,
        })
        .collect();
    out.push(TaskItem {
        id: 69,
        task_id: 51,
        person_name: "无名".into(),
        id_number: String::new(),
        address: String::new(),
        micro_grid: None,
        outcome: None,
        reported_at: None,
        version: 0,
    });
    out
}

/// The samples of `fixtures/v1.jsonl`, in its order.
pub(crate) fn all() -> Vec<Change> {
    let mut out = Vec::new();
    out.extend(nodes().into_iter().map(Change::Node));
    out.extend(houses().into_iter().map(Change::House));
    out.extend(people().into_iter().map(Change::Person));
    out.extend(isolations().into_iter().map(Change::Isolation));
    out.extend(follow_ups().into_iter().map(Change::FollowUp));
    out.extend(enterprises().into_iter().map(Change::Enterprise));
    out.extend(tickets().into_iter().map(Change::Ticket));
    out.extend(tasks().into_iter().map(Change::Task));
    out.extend(task_items().into_iter().map(Change::TaskItem));
    out.extend(landlord_marks().into_iter().map(Change::LandlordMark));
    out.extend(workers().into_iter().map(Change::Person));
    out
}

/// Added with a person's workplace (migration 0015): one worker of enterprise 1.
fn workers() -> Vec<Person> {
    vec![Person {
        id: 3,
        name: "李四".into(),
        id_number: "330402199002020022".into(),
        phone: "13900000003".into(),
        house_id: 1,
        employer: Some(1),
        version: 1,
    }]
}

/// Added with rental housing (migration 0013): one mark per duty, additions and deductions.
fn landlord_marks() -> Vec<LandlordMark> {
    LandlordDuty::ALL
        .iter()
        .enumerate()
        .map(|(i, &duty)| LandlordMark {
            id: i as i64 + 1,
            landlord_id: 1,
            house_id: 1,
            duty,
            item: format!("事项 {i} \"引号\""),
            points: if i % 2 == 0 { -2 } else { 1 },
            reason: "租客 3 月 2 日返回，未在24小时内报告".into(),
            recorded_by: "houzhai-community".into(),
            recorded_at: Timestamp(1_772_000_000 + i as i64),
            version: 1,
        })
        .collect()
}
