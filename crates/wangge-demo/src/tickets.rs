//! Citizen and enterprise requests (工单) over the five months before `now`, with their
//! lifecycle: received → accepted → resolved → closed after the return visit.
//!
//! Handling times are drawn as a share of the category's deadline, so the figures leaders
//! quote come out near the articles': acceptance ≈ 99.8%, resolution ≈ 96–97% (the open ones
//! are mostly recent and not yet due), a few dozen overdue.

use geo::Point;
use rand::seq::SliceRandom;
use rand::Rng;
use wangge_domain::lifecycle::{events_from_stamps, Lifecycle, Priority, Satisfaction, TicketEvent, TicketStatus};
use wangge_domain::time::{DAY_SECS, HOUR_SECS};
use wangge_domain::{Enterprise, Ticket, TicketCategory, TicketSource, Timestamp};

use crate::layout::{Layout, Leaf, Place};
use crate::records::{Targets, Window};
use crate::residents::Residents;
use crate::tiling;

const CATEGORIES: &[(TicketCategory, u32)] = &[
    (TicketCategory::Complaint, 22),
    (TicketCategory::ConsumerComplaint, 12),
    (TicketCategory::Suggestion, 8),
    (TicketCategory::Consultation, 30),
    (TicketCategory::Dispute, 10),
    (TicketCategory::EnterpriseDemand, 8),
    (TicketCategory::EpidemicLead, 10),
];

/// Summary templates; `{p}` is a place of the micro-grid, `{e}` an enterprise, `{n}` a number.
fn templates(category: TicketCategory) -> &'static [&'static str] {
    match category {
        TicketCategory::Complaint => &[
            "{p}附近夜间施工噪音扰民",
            "{p}垃圾清运不及时，异味明显",
            "{p}占道经营影响通行",
            "{p}路灯损坏多日未修",
            "{p}楼道堆放杂物存在消防隐患",
            "{p}餐饮油烟扰民",
        ],
        TicketCategory::ConsumerComplaint => {
            &["{p}附近药店口罩售价过高", "{p}附近超市蔬菜价格上涨明显", "{p}商户预付卡无法退费", "{p}快递网点拒绝赔偿破损物品"]
        }
        TicketCategory::Suggestion => {
            &["建议{p}增设非机动车停放点", "建议{p}出入口增设体温检测点", "建议{p}加装电梯", "建议{p}附近公交站增设候车亭"]
        }
        TicketCategory::Consultation => &[
            "咨询复工人员健康码申领流程",
            "咨询{p}居家观察期间生活物资配送",
            "咨询外地返嘉人员报备要求",
            "咨询{p}出入证办理",
            "咨询企业复工备案所需材料",
            "咨询社保费减免政策",
        ],
        TicketCategory::Dispute => &["{p}邻里漏水纠纷", "{p}停车位归属纠纷", "{p}劳资纠纷，工资拖欠{n}个月", "{p}房屋租赁合同纠纷"],
        TicketCategory::EnterpriseDemand => &[
            "{e}反映用工缺口约{n}人",
            "{e}申请口罩、体温计等防疫物资",
            "{e}反映资金周转困难，申请贷款贴息",
            "{e}需协调员工返岗包车",
            "{e}反映原材料运输受阻",
        ],
        TicketCategory::EpidemicLead => &["{p}有外地返回人员未报备", "{p}有人员发热未就医", "{p}出租房新入住人员未登记", "{p}有聚集性活动"],
    }
}

/// A short place label for summaries: the estate, road, building or village of the micro-grid.
/// A request's summary as a citizen would put it, from the category's templates: `place`
/// is where (a building, a road), `enterprise` the firm a demand or complaint names.
pub fn summary<R: Rng>(rng: &mut R, category: TicketCategory, place: &str, enterprise: Option<&str>) -> String {
    let template = templates(category).choose(rng).expect("templates");
    template
        .replace("{p}", place)
        .replace("{e}", enterprise.unwrap_or("某企业"))
        // {n} is months of unpaid wages in a dispute, missing workers in a demand.
        .replace("{n}", &if category == TicketCategory::Dispute { rng.gen_range(1..=6) } else { rng.gen_range(5..=60) }.to_string())
}

fn place_label(layout: &Layout, leaf: &Leaf) -> String {
    match &leaf.place {
        Place::Stairwell { estate, .. } => estate.clone(),
        Place::Office { building } => building.clone(),
        Place::Road { road, .. } => road.clone(),
        Place::WorkUnit { name } | Place::Site { name } => name.clone(),
        Place::VillagerGroup { .. } => layout.communities[leaf.community].name.clone(),
    }
}

fn source<R: Rng>(rng: &mut R, category: TicketCategory) -> TicketSource {
    use TicketSource::*;
    let table: &[(TicketSource, u32)] = match category {
        TicketCategory::EnterpriseDemand => &[(EnterpriseDemand, 80), (MiniProgram, 10), (Hotline12345, 10)],
        TicketCategory::EpidemicLead => &[(GridMemberReport, 40), (Hotline12345, 30), (MiniProgram, 30)],
        _ => &[(MiniProgram, 45), (Hotline12345, 38), (GridMemberReport, 17)],
    };
    table.choose_weighted(rng, |(_, w)| *w).expect("weights").0
}

/// A receipt time on a day before today, mostly in waking hours. Volume grows by half over
/// the window as more people use the mini-programs (accept-reject on a linear ramp).
fn received_before_today<R: Rng>(rng: &mut R, window: &Window) -> Timestamp {
    let days = ((window.today.secs() - window.start.local_day_start().secs()) / DAY_SECS).max(1);
    let back = loop {
        let back = rng.gen_range(1..=days);
        let recency = 1.0 - back as f64 / days as f64;
        if rng.gen_bool((0.8 + 0.4 * recency) / 1.2) {
            break back;
        }
    };
    let day = window.today.plus_secs(-back * DAY_SECS);
    let secs = if rng.gen_bool(0.92) { rng.gen_range(7 * HOUR_SECS..22 * HOUR_SECS) } else { rng.gen_range(0..DAY_SECS) };
    day.plus_secs(secs)
}

fn clamp_past(at: Timestamp, now: Timestamp) -> Option<Timestamp> {
    (at <= now).then_some(at)
}

pub fn build<R: Rng>(
    rng: &mut R,
    layout: &Layout,
    residents: &Residents,
    enterprises: &[Enterprise],
    targets: &Targets,
    window: &Window,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Vec<Ticket> {
    let now = window.now;
    let lifecycle = Lifecycle::standard();
    // A handful arrive "today", up to now; the rest on the days before.
    let today_count = rng.gen_range(4..=9).min(targets.tickets);
    let mut received: Vec<Timestamp> = (0..targets.tickets)
        .map(|i| {
            if i < today_count {
                window.today.plus_secs(rng.gen_range(0..=(now.secs() - window.today.secs())))
            } else {
                received_before_today(rng, window)
            }
        })
        .collect();
    // Ids in order of receipt, as a ticket system numbers them.
    received.sort_unstable();
    let leaf_index: std::collections::BTreeMap<&str, usize> = layout.leaves.iter().enumerate().map(|(i, l)| (l.code.as_str(), i)).collect();

    let mut out = Vec::with_capacity(received.len());
    for (i, &received_at) in received.iter().enumerate() {
        let category = CATEGORIES.choose_weighted(rng, |(_, w)| *w).expect("weights").0;
        let mut enterprise = None;
        let leaf = if category == TicketCategory::EnterpriseDemand && !enterprises.is_empty() {
            let e = enterprises.choose(rng).expect("non-empty");
            enterprise = Some(e);
            leaf_index[e.micro_grid.as_str()]
        } else {
            // Where people live: a random house's micro-grid.
            residents.house_leaf[rng.gen_range(0..residents.house_leaf.len())]
        };
        let leaf_ref = &layout.leaves[leaf];
        let summary = summary(rng, category, &place_label(layout, leaf_ref), enterprise.map(|e| e.name.as_str()));
        let (x, y) = tiling::random_point_inside(&leaf_ref.polygon, rng, 0.03);
        let owning_unit = match rng.gen_range(0..100) {
            0..=54 => layout.grids[leaf_ref.grid].code.to_string(),
            55..=84 => layout.communities[leaf_ref.community].code.to_string(),
            _ => layout.streets[leaf_ref.street].code.to_string(),
        };

        let priority = if rng.gen_range(0..100) < 8 { Priority::Urgent } else { Priority::Normal };
        // The promise the lifecycle will compute: the policy's target in working time.
        let target = lifecycle.policies.targets(category, priority).resolution.target_working_secs;
        let deadline = lifecycle.calendar.add_working_secs(received_at, target);
        let span = deadline.secs() - received_at.secs();
        // 0.2% are never accepted; 0.1% stall after acceptance; 6% run late.
        let roll = rng.gen_range(0..1000);
        let accepted_at = (roll >= 2).then(|| received_at.plus_secs(rng.gen_range(120..3 * HOUR_SECS))).and_then(|t| clamp_past(t, now));
        let resolved_at = match (accepted_at, roll) {
            (None, _) | (_, 2) => None,
            (Some(accepted), _) => {
                // On-time handling clusters towards the deadline (sqrt skews the share upwards).
                let share = if roll < 63 { rng.gen_range(1.02..1.8) } else { 0.08 + 0.92 * rng.gen_range(0.0f64..1.0).sqrt() };
                let at = received_at.plus_secs((span as f64 * share) as i64).max(accepted.plus_secs(600));
                clamp_past(at, now)
            }
        };
        // Most resolved tickets get their return visit within three days; a few never do.
        let closed_at =
            resolved_at.filter(|_| rng.gen_bool(0.97)).and_then(|r| clamp_past(r.plus_secs(rng.gen_range(HOUR_SECS..72 * HOUR_SECS)), now));
        let events = history(rng, &owning_unit, received_at, accepted_at, resolved_at, closed_at, now);
        let ticket = Ticket {
            id: i as i64 + 1,
            source: source(rng, category),
            category,
            priority,
            summary,
            micro_grid: Some(leaf_ref.code.clone()),
            location: Some(Point::new(x, y)),
            owning_unit,
            received_at,
            accepted_at,
            resolved_at,
            closed_at,
            deadline,
            status: TicketStatus::New,
            supervised: false,
            version: 1,
            events,
            enterprise: enterprise.map(|e| e.id),
        };
        let ticket = lifecycle.project(ticket).unwrap_or_else(|error| panic!("the demo wrote an impossible ticket history: {error}"));
        out.push(ticket);
        if (i + 1) % 2000 == 0 {
            progress("tickets", i as u64 + 1, received.len() as u64);
        }
    }
    progress("tickets", out.len() as u64, out.len() as u64);
    out
}

/// A ticket's events from its stamps, with the steps a real desk adds: a return visit
/// before closing, work started on some open tickets, supervision (督办) of a few.
fn history<R: Rng>(
    rng: &mut R,
    unit: &str,
    received_at: Timestamp,
    accepted_at: Option<Timestamp>,
    resolved_at: Option<Timestamp>,
    closed_at: Option<Timestamp>,
    now: Timestamp,
) -> Vec<TicketEvent> {
    let mut events = events_from_stamps(unit, received_at, accepted_at, resolved_at, closed_at);
    if let Some(closed) = closed_at {
        let satisfaction = if rng.gen_range(0..100) < 93 { Satisfaction::Satisfied } else { Satisfaction::Neutral };
        let at = events[events.len() - 1].at().min(closed);
        events.insert(events.len() - 1, TicketEvent::ReturnVisit { at, satisfaction });
    }
    if resolved_at.is_none() {
        let last = events[events.len() - 1].at();
        let between = |rng: &mut R| last.plus_secs(rng.gen_range(0..=(now.secs() - last.secs()).max(0)));
        if accepted_at.is_some() && rng.gen_bool(0.6) {
            events.push(TicketEvent::Started { unit: unit.to_string(), at: between(rng) });
        }
        if rng.gen_range(0..100) < 3 {
            let at = between(rng).max(events[events.len() - 1].at());
            events.push(TicketEvent::Supervised { at, by: "district-commander".to_string(), note: "请加快办理".to_string() });
        }
    }
    events
}
