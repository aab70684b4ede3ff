//! An audit row's record as a commander reads it: each field under its name in the seat's
//! language, places and units by name, times in local time, kinds and states in words — and,
//! for a change, only the fields it changed. Every record kind is taken apart without `..`,
//! so a field added to the domain does not compile until it has a name here.

use wangge_api as api;
use wangge_domain::units::Units;
use wangge_domain::{Change, Hierarchy, Language, NodeCode, Timestamp};
use wangge_figures::say;

use super::rows::lifecycle_status;

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
    fn enterprise(&self, id: i64, language: Language) -> String {
        self.enterprises
            .get(&id)
            .map_or_else(|| say!(language, "已注销企业（登记号 {id}）", "Deregistered enterprise (register no. {id})"), |e| e.name.clone())
    }
}

/// The fields of a change: all of a created record's, or those an update changed (with
/// the value before). A ticket's history is in the row's summary, step by step, not here.
/// With `masked` (an account that may not see personal data), personal fields are masked.
/// Names of fields, kinds and states are in `language`.
pub(crate) fn changed_fields(
    before: Option<&Change>,
    after: &Change,
    names: &Names,
    masked: bool,
    language: Language,
) -> Vec<api::AuditField> {
    let fields = |change: &Change| {
        let mut all = fields(change, names, language);
        if masked {
            for (label, value) in &mut all {
                *value = mask(*label, value, language);
            }
        }
        all.into_iter().map(|((zh, en), value)| (language.pick(zh, en), value)).collect::<Vec<_>>()
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

/// A field's name in Chinese and in English: the seat's is picked last, so masking (which
/// goes by the field) does not depend on the language.
type Label = (&'static str, &'static str);

// The personal fields' names: the table of fields and the masking name them through these,
// so a field renamed in one is renamed in the other.
const NAME: Label = ("姓名", "Name");
const ID_NUMBER: Label = ("身份证号", "ID number");
const PHONE: Label = ("电话", "Phone");
const ADDRESS: Label = ("地址", "Address");
const POINT: Label = ("位置", "Location");
const WORDS: Label = ("诉求内容", "Request");
const TEMPERATURE: Label = ("体温", "Temperature");
const FOLLOW_UP_RESULT: Label = ("随访结果", "Follow-up result");
const PLACE: Label = ("所在区域", "Area");

/// What a personal field shows to an account that may not see it: names, ID numbers and
/// phones by their ends; addresses, exact places, health and a citizen's own words not at all.
fn mask(label: Label, value: &str, language: Language) -> String {
    use wangge_domain::masking::{mask_id_number, mask_name, mask_phone};
    match label {
        _ if value == EMPTY => value.to_owned(),
        NAME => mask_name(value),
        ID_NUMBER => mask_id_number(value),
        PHONE => mask_phone(value),
        ADDRESS | POINT | WORDS | TEMPERATURE | FOLLOW_UP_RESULT => {
            language.pick("（本账号不显示）", "(not shown to this account)").to_owned()
        }
        _ => value.to_owned(),
    }
}

fn time(at: Timestamp) -> String {
    at.local().strftime("%Y-%m-%d %H:%M").to_string()
}

fn maybe<T>(value: Option<T>, show: impl Fn(T) -> String) -> String {
    value.map_or_else(|| EMPTY.to_owned(), show)
}

fn yes_no(value: bool, language: Language) -> String {
    if value { language.pick("是", "Yes") } else { language.pick("否", "No") }.to_owned()
}

/// A count with its noun, singular for one: `1 room`, `3 rooms`.
fn count_of(n: usize, one: &str, many: &str) -> String {
    let noun = if n == 1 { one } else { many };
    format!("{n} {noun}")
}

fn point(x: f64, y: f64) -> String {
    format!("{x:.5}, {y:.5}")
}

/// Every field of the record, in a fixed order (the same for before and after), values
/// worded in `language`.
fn fields(change: &Change, names: &Names, language: Language) -> Vec<(Label, String)> {
    let l = language;
    match change {
        Change::House(wangge_domain::House { id: _, code, micro_grid, address, location, rental, version: _ }) => vec![
            (("房屋编码", "House code"), code.clone()),
            (PLACE, names.place(micro_grid)),
            (ADDRESS, address.clone()),
            (POINT, point(location.x(), location.y())),
            (
                ("出租房间", "Rooms let"),
                maybe(rental.as_ref(), |r| match l {
                    Language::Chinese => format!("{} 间", r.rooms),
                    Language::English => count_of(r.rooms as usize, "room", "rooms"),
                }),
            ),
            (("房东编号", "Landlord ID"), maybe(rental.and_then(|r| r.landlord_id), |id| id.to_string())),
        ],
        Change::Person(wangge_domain::Person { id: _, name, id_number, phone, house_id, employer, version: _ }) => vec![
            (NAME, name.clone()),
            (ID_NUMBER, id_number.clone()),
            (PHONE, phone.clone()),
            (("房屋编号", "House ID"), house_id.to_string()),
            (("工作单位", "Employer"), maybe(*employer, |id| names.enterprise(id, l))),
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
                (("人员编号", "Person ID"), person_id.to_string()),
                (PLACE, names.place(micro_grid)),
                (("隔离方式", "Isolation type"), kind.label_in(l).to_owned()),
                (("开始时间", "Started"), time(*started_at)),
                (("计划解除", "Planned end"), time(*planned_end)),
                (("解除时间", "Released"), maybe(*released_at, time)),
            ]
        }
        Change::FollowUp(wangge_domain::FollowUp { id: _, isolation_id, due_at, done_at, temperature_c, result, version: _ }) => vec![
            (("隔离编号", "Isolation ID"), isolation_id.to_string()),
            (("应随访时间", "Due"), time(*due_at)),
            (("随访时间", "Followed up"), maybe(*done_at, time)),
            (TEMPERATURE, maybe(*temperature_c, |t| say!(l, "{t:.1} ℃", "{t:.1} °C"))),
            (FOLLOW_UP_RESULT, maybe(*result, |r| r.label_in(l).to_owned())),
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
            (("企业名称", "Enterprise name"), name.clone()),
            (PLACE, names.place(micro_grid)),
            (("行业", "Sector"), sector.clone()),
            (("规上企业", "Above designated size"), yes_no(*above_designated_size, l)),
            (("职工人数", "Headcount"), headcount.to_string()),
            (("复工状态", "Resumption status"), status.label_in(l).to_owned()),
            (("复工时间", "Resumed"), maybe(*resumed_at, time)),
            (("返岗人数", "Workers back"), workers_back.to_string()),
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
            (("来源", "Source"), source.label_in(l).to_owned()),
            (("诉求类别", "Category"), category.label_in(l).to_owned()),
            (("紧急程度", "Priority"), priority_label(*priority, l).to_owned()),
            (WORDS, summary.clone()),
            (PLACE, micro_grid.as_ref().map_or_else(|| api::TicketStatus::Triage.label_in(l).to_owned(), |code| names.place(code))),
            (POINT, maybe(location.as_ref(), |p| point(p.x(), p.y()))),
            // Empty when every owner returned it.
            (("承办单位", "Handling unit"), if owning_unit.is_empty() { EMPTY.to_owned() } else { names.unit(owning_unit) }),
            (("受理时间", "Received"), time(*received_at)),
            (("签收时间", "Accepted"), maybe(*accepted_at, time)),
            (("办结时间", "Resolved"), maybe(*resolved_at, time)),
            (("结案时间", "Closed"), maybe(*closed_at, time)),
            (("办理时限", "Deadline"), time(*deadline)),
            // In the board's words (the API's states), not a second table.
            (("状态", "Status"), lifecycle_status(*status).label_in(l).to_owned()),
            (("督办", "Supervised"), yes_no(*supervised, l)),
            (("所涉企业", "Enterprise"), maybe(*enterprise, |id| names.enterprise(id, l))),
        ],
        Change::Task(wangge_domain::Task { id: _, title, owner_unit, created_at, deadline, verified, version: _ }) => vec![
            (("任务名称", "Task"), title.clone()),
            (("牵头单位", "Lead unit"), names.place(owner_unit)),
            (("下发时间", "Issued"), time(*created_at)),
            (("完成时限", "Due"), time(*deadline)),
            (("社区核验", "Verified by the community"), maybe(verified.as_ref(), |v| say!(l, "{}（{}）", "{} ({})", v.by, time(v.at)))),
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
            (("任务编号", "Task ID"), task_id.to_string()),
            (NAME, person_name.clone()),
            (ID_NUMBER, id_number.clone()),
            (ADDRESS, address.clone()),
            (PLACE, maybe(micro_grid.as_ref(), |code| names.place(code))),
            (("排查结果", "Screening result"), maybe(*outcome, |o| o.label_in(l).to_owned())),
            (("反馈时间", "Reported"), maybe(*reported_at, time)),
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
            (("房东编号", "Landlord ID"), landlord_id.to_string()),
            (("房屋编号", "House ID"), house_id.to_string()),
            (("职责", "Duty"), duty.label_in(l).to_owned()),
            (("事项", "Item"), item.clone()),
            (("分值", "Points"), points_text(*points, l)),
            (("原因", "Reason"), reason.clone()),
            (("记录人", "Recorded by"), recorded_by.clone()),
            (("记录时间", "Recorded"), time(*recorded_at)),
        ],
        Change::Node(wangge_domain::Node { code: _, name, level, parent, micro_kind, boundary, staff, valid_from, valid_to }) => vec![
            (("名称", "Name"), name.clone()),
            (("层级", "Level"), crate::convert::level(*level).label_in(l).to_owned()),
            (("上级", "Parent"), maybe(parent.as_ref(), |code| names.place(code))),
            (("微网格类型", "Micro-grid type"), maybe(*micro_kind, |kind| micro_kind_label(kind, l).to_owned())),
            (("边界", "Boundary"), boundary_text(boundary, l)),
            (("工作人员", "Staff"), staff.iter().map(|member| member.name.clone()).collect::<Vec<_>>().join(l.pick("、", ", "))),
            (("生效时间", "Valid from"), maybe(*valid_from, time)),
            (("撤销时间", "Retired"), maybe(*valid_to, time)),
        ],
    }
}

/// A ticket's priority in words (一般 / 紧急).
fn priority_label(priority: wangge_domain::lifecycle::Priority, language: Language) -> &'static str {
    use wangge_domain::lifecycle::Priority;
    let english = match priority {
        Priority::Normal => "Normal",
        Priority::Urgent => "Urgent",
    };
    language.pick(priority.label_zh(), english)
}

/// Points added or deducted: `加 2 分` / `+2 points`.
fn points_text(points: i32, language: Language) -> String {
    let size = count_of(points.unsigned_abs() as usize, "point", "points");
    match language {
        Language::Chinese if points > 0 => format!("加 {points} 分"),
        Language::Chinese => format!("扣 {} 分", -points),
        Language::English if points > 0 => format!("+{size}"),
        Language::English => format!("-{size}"),
    }
}

/// What a micro-grid covers, as a grid worker names it.
fn micro_kind_label(kind: wangge_domain::MicroGridKind, language: Language) -> &'static str {
    use wangge_domain::MicroGridKind as K;
    let english = match kind {
        K::Stairwell => "Stairwell",
        K::Building => "Building",
        K::StreetSegment => "Street frontage",
        K::WorkUnit => "Work unit",
        K::Enterprise => "Enterprise",
        K::VillagerGroup => "Villager group",
    };
    language.pick(kind.label_zh(), english)
}

/// A boundary by its size: polygons and vertices.
fn boundary_text(boundary: &geo::MultiPolygon<f64>, language: Language) -> String {
    let (polygons, vertices) = (boundary.0.len(), geo::CoordsIter::coords_count(boundary));
    match language {
        Language::Chinese => format!("{polygons} 个多边形，{vertices} 个顶点"),
        Language::English => format!("{}, {}", count_of(polygons, "polygon", "polygons"), count_of(vertices, "vertex", "vertices")),
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
            let fields = changed_fields(
                Some(&Change::Enterprise(before.clone())),
                &Change::Enterprise(after.clone()),
                names,
                false,
                Language::Chinese,
            );
            let shown: Vec<(&str, Option<&str>, &str)> =
                fields.iter().map(|f| (f.label.as_str(), f.before.as_deref(), f.after.as_str())).collect();
            assert_eq!(
                shown,
                vec![("复工状态", Some("未复工"), "部分复工"), ("复工时间", Some("—"), "2020-02-17 08:30"), ("返岗人数", Some("0"), "13"),]
            );

            // A created record: every field that has a value, its place by name.
            let created = changed_fields(None, &Change::Enterprise(before.clone()), names, false, Language::Chinese);
            let place = created.iter().find(|f| f.label == "所在区域").expect("the place");
            assert_eq!(place.after, names.hierarchy.node(leaf).name);
            assert!(created.iter().all(|f| f.before.is_none() && f.after != EMPTY));
            assert!(!created.iter().any(|f| f.label == "复工时间"), "an unset field of a new record is left out");

            // An English seat reads the same change in English; names stay as they are.
            let fields =
                changed_fields(Some(&Change::Enterprise(before.clone())), &Change::Enterprise(after), names, false, Language::English);
            let shown: Vec<(&str, Option<&str>, &str)> =
                fields.iter().map(|f| (f.label.as_str(), f.before.as_deref(), f.after.as_str())).collect();
            assert_eq!(
                shown,
                vec![
                    ("Resumption status", Some("Not resumed"), "Partly resumed"),
                    ("Resumed", Some("—"), "2020-02-17 08:30"),
                    ("Workers back", Some("0"), "13")
                ]
            );
            let created = changed_fields(None, &Change::Enterprise(before), names, false, Language::English);
            let labels: Vec<&str> = created.iter().map(|f| f.label.as_str()).collect();
            assert_eq!(
                labels,
                ["Enterprise name", "Area", "Sector", "Above designated size", "Headcount", "Resumption status", "Workers back"]
            );
            assert_eq!(created[3].after, "No");
        });
    }

    #[test]
    fn no_field_shows_a_code_or_an_english_word() {
        names_for_demo(|names, district| {
            let samples = record_samples(district);
            for change in &samples {
                // An ID number's check digit may be X: the one Latin letter a record may show.
                for field in changed_fields(None, change, names, false, Language::Chinese).into_iter().filter(|f| f.label != ID_NUMBER.0) {
                    let latin = field.after.chars().filter(|c| c.is_ascii_alphabetic()).count();
                    assert_eq!(latin, 0, "{}: {} ({change:?})", field.label, field.after);
                }
            }
        });
    }

    /// Records of every kind a field table is made for, a few of each.
    fn record_samples(district: &wangge_domain::District) -> Vec<Change> {
        let mut samples: Vec<Change> = Vec::new();
        samples.extend(district.tickets.values().take(50).cloned().map(Change::Ticket));
        samples.extend(district.isolations.values().take(10).cloned().map(Change::Isolation));
        samples.extend(district.follow_ups.values().take(10).cloned().map(Change::FollowUp));
        samples.extend(district.enterprises.values().take(10).cloned().map(Change::Enterprise));
        samples.extend(district.tasks.values().take(3).cloned().map(Change::Task));
        samples.extend(district.task_items.values().take(10).cloned().map(Change::TaskItem));
        samples
    }

    fn has_chinese(text: &str) -> bool {
        text.chars().any(|c| {
            ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
        })
    }

    /// For an English seat every field's name is English, and so is every value that is not
    /// a name or a citizen's words: the demo's records are Chinese exactly where they are data.
    #[test]
    fn an_english_seat_reads_every_field_in_english() {
        names_for_demo(|names, district| {
            let mut samples = record_samples(district);
            samples.extend(district.landlord_marks.values().take(10).cloned().map(Change::LandlordMark));
            samples.extend(district.houses.values().take(10).cloned().map(Change::House));
            samples.extend(district.people.values().take(10).cloned().map(Change::Person));
            samples.extend(names.hierarchy.nodes().take(10).map(|(_, node)| Change::Node(node.clone())));
            // Data: names of people, places, units and enterprises, addresses, typed texts.
            let data = [
                "姓名",
                "地址",
                "诉求内容",
                "所在区域",
                "承办单位",
                "所涉企业",
                "工作单位",
                "企业名称",
                "行业",
                "任务名称",
                "牵头单位",
                "社区核验",
                "事项",
                "原因",
                "记录人",
                "名称",
                "上级",
                "工作人员",
            ];
            for change in &samples {
                let chinese = changed_fields(None, change, names, true, Language::Chinese);
                let english = changed_fields(None, change, names, true, Language::English);
                assert_eq!(chinese.len(), english.len(), "{change:?}");
                for (zh, en) in chinese.iter().zip(&english) {
                    assert!(!has_chinese(&en.label), "{}", en.label);
                    if !data.contains(&zh.label.as_str()) {
                        assert!(!has_chinese(&en.after), "{} / {}: {}", zh.label, en.label, en.after);
                    }
                }
            }
        });
    }
}
