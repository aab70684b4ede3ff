//! An audit row's record as a commander reads it: each field under its Chinese name, places
//! and units by name, times in local time, kinds and states in words — and, for a change,
//! only the fields it changed. Every record kind is taken apart without `..`, so a field
//! added to the domain does not compile until it has a name here.

use wangge_api as api;
use wangge_domain::units::Units;
use wangge_domain::{Change, Hierarchy, NodeCode, Timestamp};

use super::rows::lifecycle_status;
use crate::intake::service_name;

/// Names places and units for the fields.
pub(crate) struct Names<'a> {
    pub hierarchy: &'a Hierarchy,
    pub units: &'a Units,
    pub enterprises: &'a std::collections::HashMap<i64, wangge_domain::Enterprise>,
}

impl Names<'_> {
    /// A unit's or a place's name (a node code is a unit too); the code when it is unknown.
    pub(crate) fn unit(&self, code: &str) -> String {
        self.units.name_of(self.hierarchy, code)
    }

    fn place(&self, code: &NodeCode) -> String {
        self.unit(code.as_str())
    }

    /// An enterprise's name as the register has it now (a rename shows the new name).
    fn enterprise(&self, id: i64) -> String {
        self.enterprises.get(&id).map_or_else(|| format!("已注销企业（登记号 {id}）"), |e| e.name.clone())
    }
}

/// The fields of a change: all of a created record's, or those an update changed (with
/// the value before). A ticket's history is in the row's summary, step by step, not here.
/// With `masked` (an account that may not see personal data), personal fields are masked.
pub(crate) fn changed_fields(before: Option<&Change>, after: &Change, names: &Names, masked: bool) -> Vec<api::AuditField> {
    let fields = |change: &Change| {
        let mut all = fields(change, names);
        if masked {
            for (label, value) in &mut all {
                *value = mask(label, value);
            }
        }
        all
    };
    let after_fields = fields(after);
    match before.map(fields) {
        None => after_fields
            .into_iter()
            .filter(|(_, value)| value != EMPTY)
            .map(|(label, value)| api::AuditField { label: label.to_owned(), before: None, after: value })
            .collect(),
        Some(before_fields) => after_fields
            .into_iter()
            .zip(before_fields)
            .filter(|((_, now), (_, was))| now != was)
            .map(|((label, now), (_, was))| api::AuditField { label: label.to_owned(), before: Some(was), after: now })
            .collect(),
    }
}

/// What an unset field shows.
const EMPTY: &str = "—";

// The personal fields' names: the table of fields and the masking name them through these,
// so a field renamed in one is renamed in the other.
const NAME: &str = "姓名";
const ID_NUMBER: &str = "身份证号";
const PHONE: &str = "电话";
const ADDRESS: &str = "地址";
const POINT: &str = "位置";
const WORDS: &str = "诉求内容";
const TEMPERATURE: &str = "体温";
const FOLLOW_UP_RESULT: &str = "随访结果";

/// What a personal field shows to an account that may not see it: names, ID numbers and
/// phones by their ends; addresses, exact places, health and a citizen's own words not at all.
fn mask(label: &str, value: &str) -> String {
    use wangge_domain::masking::{mask_id_number, mask_name, mask_phone};
    match label {
        _ if value == EMPTY => value.to_owned(),
        NAME => mask_name(value),
        ID_NUMBER => mask_id_number(value),
        PHONE => mask_phone(value),
        ADDRESS | POINT | WORDS | TEMPERATURE | FOLLOW_UP_RESULT => "（本账号不显示）".to_owned(),
        _ => value.to_owned(),
    }
}

fn time(at: Timestamp) -> String {
    at.local().strftime("%Y-%m-%d %H:%M").to_string()
}

fn maybe<T>(value: Option<T>, show: impl Fn(T) -> String) -> String {
    value.map_or_else(|| EMPTY.to_owned(), show)
}

fn yes_no(value: bool) -> String {
    if value { "是" } else { "否" }.to_owned()
}

fn point(x: f64, y: f64) -> String {
    format!("{x:.5}, {y:.5}")
}

/// Every field of the record, in a fixed order (the same for before and after).
fn fields(change: &Change, names: &Names) -> Vec<(&'static str, String)> {
    match change {
        Change::House(wangge_domain::House { id: _, code, micro_grid, address, location, rental, version: _ }) => vec![
            ("房屋编码", code.clone()),
            ("所在区域", names.place(micro_grid)),
            (ADDRESS, address.clone()),
            (POINT, point(location.x(), location.y())),
            ("出租房间", maybe(rental.as_ref(), |r| format!("{} 间", r.rooms))),
            ("房东编号", maybe(rental.and_then(|r| r.landlord_id), |id| id.to_string())),
        ],
        Change::Person(wangge_domain::Person { id: _, name, id_number, phone, house_id, employer, version: _ }) => vec![
            (NAME, name.clone()),
            (ID_NUMBER, id_number.clone()),
            (PHONE, phone.clone()),
            ("房屋编号", house_id.to_string()),
            ("工作单位", maybe(*employer, |id| names.enterprise(id))),
        ],
        Change::Isolation(wangge_domain::Isolation {
            id: _,
            person_id,
            micro_grid,
            kind,
            started_at,
            planned_end,
            released_at,
            version: _,
        }) => {
            vec![
                ("人员编号", person_id.to_string()),
                ("所在区域", names.place(micro_grid)),
                ("隔离方式", kind.label_zh().to_owned()),
                ("开始时间", time(*started_at)),
                ("计划解除", time(*planned_end)),
                ("解除时间", maybe(*released_at, time)),
            ]
        }
        Change::FollowUp(wangge_domain::FollowUp { id: _, isolation_id, due_at, done_at, temperature_c, result, version: _ }) => vec![
            ("隔离编号", isolation_id.to_string()),
            ("应随访时间", time(*due_at)),
            ("随访时间", maybe(*done_at, time)),
            (TEMPERATURE, maybe(*temperature_c, |t| format!("{t:.1} ℃"))),
            (FOLLOW_UP_RESULT, maybe(*result, |r| r.label_zh().to_owned())),
        ],
        Change::Enterprise(wangge_domain::Enterprise {
            id: _,
            name,
            micro_grid,
            sector,
            above_designated_size,
            headcount,
            status,
            resumed_at,
            workers_back,
            version: _,
        }) => vec![
            ("企业名称", name.clone()),
            ("所在区域", names.place(micro_grid)),
            ("行业", sector.clone()),
            ("规上企业", yes_no(*above_designated_size)),
            ("职工人数", headcount.to_string()),
            ("复工状态", status.label_zh().to_owned()),
            ("复工时间", maybe(*resumed_at, time)),
            ("返岗人数", workers_back.to_string()),
        ],
        Change::Ticket(wangge_domain::Ticket {
            id: _,
            source,
            category,
            priority,
            summary,
            micro_grid,
            location,
            owning_unit,
            received_at,
            accepted_at,
            resolved_at,
            closed_at,
            deadline,
            status,
            supervised,
            version: _,
            events: _,
            enterprise,
        }) => vec![
            ("来源", source.label_zh().to_owned()),
            ("诉求类别", service_name(*category).to_owned()),
            ("紧急程度", priority.label_zh().to_owned()),
            (WORDS, summary.clone()),
            ("所在区域", micro_grid.as_ref().map_or_else(|| "待分拨".to_owned(), |code| names.place(code))),
            (POINT, maybe(location.as_ref(), |p| point(p.x(), p.y()))),
            // Empty when every owner returned it.
            ("承办单位", if owning_unit.is_empty() { EMPTY.to_owned() } else { names.unit(owning_unit) }),
            ("受理时间", time(*received_at)),
            ("签收时间", maybe(*accepted_at, time)),
            ("办结时间", maybe(*resolved_at, time)),
            ("结案时间", maybe(*closed_at, time)),
            ("办理时限", time(*deadline)),
            // In the board's words (the API's states), not a second table.
            ("状态", lifecycle_status(*status).label_zh().to_owned()),
            ("督办", yes_no(*supervised)),
            ("所涉企业", maybe(*enterprise, |id| names.enterprise(id))),
        ],
        Change::Task(wangge_domain::Task { id: _, title, owner_unit, created_at, deadline, verified, version: _ }) => vec![
            ("任务名称", title.clone()),
            ("牵头单位", names.place(owner_unit)),
            ("下发时间", time(*created_at)),
            ("完成时限", time(*deadline)),
            ("社区核验", maybe(verified.as_ref(), |v| format!("{}（{}）", v.by, time(v.at)))),
        ],
        Change::TaskItem(wangge_domain::TaskItem {
            id: _,
            task_id,
            person_name,
            id_number,
            address,
            micro_grid,
            outcome,
            reported_at,
            version: _,
        }) => vec![
            ("任务编号", task_id.to_string()),
            (NAME, person_name.clone()),
            (ID_NUMBER, id_number.clone()),
            (ADDRESS, address.clone()),
            ("所在区域", maybe(micro_grid.as_ref(), |code| names.place(code))),
            ("排查结果", maybe(*outcome, |o| o.label_zh().to_owned())),
            ("反馈时间", maybe(*reported_at, time)),
        ],
        Change::LandlordMark(wangge_domain::LandlordMark {
            id: _,
            landlord_id,
            house_id,
            duty,
            item,
            points,
            reason,
            recorded_by,
            recorded_at,
            version: _,
        }) => vec![
            ("房东编号", landlord_id.to_string()),
            ("房屋编号", house_id.to_string()),
            ("职责", duty.label_zh().to_owned()),
            ("事项", item.clone()),
            ("分值", if *points > 0 { format!("加 {points} 分") } else { format!("扣 {} 分", -points) }),
            ("原因", reason.clone()),
            ("记录人", recorded_by.clone()),
            ("记录时间", time(*recorded_at)),
        ],
        Change::Node(wangge_domain::Node { code: _, name, level, parent, micro_kind, boundary, staff, valid_from, valid_to }) => vec![
            ("名称", name.clone()),
            ("层级", level.label_zh().to_owned()),
            ("上级", maybe(parent.as_ref(), |code| names.place(code))),
            ("微网格类型", maybe(*micro_kind, |kind| kind.label_zh().to_owned())),
            ("边界", format!("{} 个多边形，{} 个顶点", boundary.0.len(), geo::CoordsIter::coords_count(boundary))),
            ("工作人员", staff.iter().map(|member| member.name.clone()).collect::<Vec<_>>().join("、")),
            ("生效时间", maybe(*valid_from, time)),
            ("撤销时间", maybe(*valid_to, time)),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wangge_domain::{Enterprise, ResumptionStatus};

    fn demo() -> wangge_domain::District {
        let config = wangge_demo::DemoConfig { seed: 7, now: Timestamp::from_local(2020, 2, 20, 12, 0), scale: wangge_demo::Scale::Small };
        wangge_demo::generate(&config, &mut |_, _, _| {})
    }

    fn names_for_demo<T>(with: impl FnOnce(&Names, &wangge_domain::District) -> T) -> T {
        let district = demo();
        let units = Units::bundled();
        with(&Names { hierarchy: &district.hierarchy, units: &units, enterprises: &district.enterprises }, &district)
    }

    #[test]
    fn an_update_shows_only_what_changed_in_words() {
        names_for_demo(|names, _| {
            let leaf = names
                .hierarchy
                .nodes()
                .find(|(_, node)| node.level == wangge_domain::Level::MicroGrid)
                .map(|(id, _)| id)
                .expect("a micro-grid");
            let code = names.hierarchy.node(leaf).code.clone();
            let before = Enterprise {
                id: 1,
                name: "嘉兴双阳光电有限公司".into(),
                micro_grid: code.clone(),
                sector: "电子信息".into(),
                above_designated_size: false,
                headcount: 15,
                status: ResumptionStatus::NotResumed,
                resumed_at: None,
                workers_back: 0,
                version: 1,
            };
            let after = Enterprise {
                status: ResumptionStatus::Partly,
                resumed_at: Some(Timestamp::from_local(2020, 2, 17, 8, 30)),
                workers_back: 13,
                version: 2,
                ..before.clone()
            };
            let fields = changed_fields(Some(&Change::Enterprise(before.clone())), &Change::Enterprise(after), names, false);
            let shown: Vec<(&str, Option<&str>, &str)> =
                fields.iter().map(|f| (f.label.as_str(), f.before.as_deref(), f.after.as_str())).collect();
            assert_eq!(
                shown,
                vec![("复工状态", Some("未复工"), "部分复工"), ("复工时间", Some("—"), "2020-02-17 08:30"), ("返岗人数", Some("0"), "13"),]
            );

            // A created record: every field that has a value, its place by name.
            let created = changed_fields(None, &Change::Enterprise(before), names, false);
            let place = created.iter().find(|f| f.label == "所在区域").expect("the place");
            assert_eq!(place.after, names.hierarchy.node(leaf).name);
            assert!(created.iter().all(|f| f.before.is_none() && f.after != EMPTY));
            assert!(!created.iter().any(|f| f.label == "复工时间"), "an unset field of a new record is left out");
        });
    }

    #[test]
    fn no_field_shows_a_code_or_an_english_word() {
        names_for_demo(|names, district| {
            let mut samples: Vec<Change> = Vec::new();
            samples.extend(district.tickets.values().take(50).cloned().map(Change::Ticket));
            samples.extend(district.isolations.values().take(10).cloned().map(Change::Isolation));
            samples.extend(district.follow_ups.values().take(10).cloned().map(Change::FollowUp));
            samples.extend(district.enterprises.values().take(10).cloned().map(Change::Enterprise));
            samples.extend(district.tasks.values().take(3).cloned().map(Change::Task));
            samples.extend(district.task_items.values().take(10).cloned().map(Change::TaskItem));
            for change in &samples {
                // An ID number's check digit may be X: the one Latin letter a record may show.
                for field in changed_fields(None, change, names, false).into_iter().filter(|f| f.label != ID_NUMBER) {
                    let latin = field.after.chars().filter(|c| c.is_ascii_alphabetic()).count();
                    assert_eq!(latin, 0, "{}: {} ({change:?})", field.label, field.after);
                }
            }
        });
    }
}
