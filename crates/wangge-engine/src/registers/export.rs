//! Any register view exported as a table of strings (headers and words in the seat's
//! language; names, addresses and codes as stored), within the caller's scope: only records counted under the scope's node (or a node inside it). Personal data
//! (names, ID numbers, phones) is in the people and isolation exports, so every export is
//! refused to wall screens, which never see personal data or case rows. The transport
//! writes the table (the command line: CSV with BOM or XLSX).

use std::collections::HashSet;

use wangge_api as api;
use wangge_domain::lifecycle::Priority;
use wangge_domain::metrics::MetricRules;
use wangge_domain::{Language, NodeCode, Scope, Timestamp};
use wangge_figures::say;

use super::enterprise_view::size_label_in;
use crate::{convert, Engine, EngineError};

fn headers(register: api::ExportRegister, language: Language) -> &'static [&'static str] {
    match language {
        Language::Chinese => headers_zh(register),
        Language::English => headers_en(register),
    }
}

fn headers_en(register: api::ExportRegister) -> &'static [&'static str] {
    match register {
        api::ExportRegister::Screening => &[],
        api::ExportRegister::Houses => &["ID", "House code", "Micro-grid", "Address", "Longitude", "Latitude"],
        api::ExportRegister::People => &["ID", "Name", "ID number", "Phone", "House code", "Address", "Micro-grid"],
        api::ExportRegister::Isolations => &[
            "ID",
            "Person ID",
            "Name",
            "ID number",
            "Phone",
            "Isolation kind",
            "Micro-grid",
            "Started",
            "Planned end",
            "Released",
            "Follow-ups",
            "Overdue follow-ups",
        ],
        api::ExportRegister::FollowUps => &["ID", "Isolation ID", "Micro-grid", "Due", "Done", "Temperature", "Result"],
        api::ExportRegister::Enterprises => {
            &["ID", "Enterprise", "Micro-grid", "Sector", "Size", "Headcount", "Resumption", "Resumed at", "Workers back"]
        }
        api::ExportRegister::Landlords => {
            &["List", "Score", "Added", "Deducted", "Landlord", "Phone", "Rental houses", "Grid", "Rooms let", "Registered tenants"]
        }
        api::ExportRegister::Tickets => &[
            "ID",
            "Source",
            "Category",
            "Priority",
            "Summary",
            "Micro-grid",
            "Handling unit",
            "Received",
            "Accepted",
            "Resolved",
            "Due",
            "Status",
            "Supervised",
        ],
    }
}

fn headers_zh(register: api::ExportRegister) -> &'static [&'static str] {
    match register {
        // Answered by `Engine::screening_rollup` before any row is read.
        api::ExportRegister::Screening => &[],
        api::ExportRegister::Houses => &["编号", "房屋编码", "微网格", "地址", "经度", "纬度"],
        api::ExportRegister::People => &["编号", "姓名", "身份证号", "联系电话", "房屋编码", "地址", "微网格"],
        api::ExportRegister::Isolations => &[
            "编号",
            "人员编号",
            "姓名",
            "身份证号",
            "联系电话",
            "隔离方式",
            "微网格",
            "开始时间",
            "计划解除时间",
            "解除时间",
            "随访次数",
            "超时随访",
        ],
        api::ExportRegister::FollowUps => &["编号", "隔离编号", "微网格", "应随访时间", "随访时间", "体温", "结果"],
        api::ExportRegister::Enterprises => &["编号", "企业名称", "微网格", "行业", "规模", "职工人数", "复工状态", "复工时间", "返岗人数"],
        api::ExportRegister::Landlords => {
            &["榜单", "分数", "加分", "扣分", "房东", "联系电话", "出租房", "所在网格", "出租房间", "登记租客"]
        }
        api::ExportRegister::Tickets => &[
            "编号",
            "来源",
            "类别",
            "优先级",
            "摘要",
            "微网格",
            "承办单位",
            "受理时间",
            "签收时间",
            "办结时间",
            "办结期限",
            "状态",
            "督办",
        ],
    }
}

/// 一般 / 紧急 in a seat's language.
fn priority_label(priority: Priority, language: Language) -> &'static str {
    match priority {
        Priority::Normal => language.pick(priority.label_zh(), "Normal"),
        Priority::Urgent => language.pick(priority.label_zh(), "Urgent"),
    }
}

fn at(t: Timestamp) -> String {
    t.to_string()
}

fn opt_at(t: Option<Timestamp>) -> String {
    t.map(at).unwrap_or_default()
}

impl Engine {
    /// The rows of one register under a node (the scope's root when none is named), sorted
    /// by id. `progress` hears of every 10,000 rows.
    pub fn export_register(
        &self,
        scope: &Scope,
        register: api::ExportRegister,
        code: Option<&str>,
        now: Timestamp,
        progress: &mut (dyn FnMut(api::Progress) + Send),
    ) -> Result<api::ExportTable, EngineError> {
        if register == api::ExportRegister::Screening {
            // Counts only, every batch: the roll-up the screening view sends up.
            return self.screening_rollup(scope, code, None, now);
        }
        let id = self.node_in_scope(scope, code)?;
        let district = self.district();
        let hierarchy = &district.hierarchy;
        // Personal data in some registers, case rows in the others: never on a wall screen.
        scope.check_personal_data(hierarchy, id)?;
        // Every node of the subtree: records sit at micro-grids, or at grids where none are drawn.
        let leaves: HashSet<&NodeCode> = hierarchy.subtree(id).into_iter().map(|n| &hierarchy.node(n).code).collect();
        let language = scope.language;
        let stage = say!(language, "导出{}", "Exporting {}", register.label_in(language).to_lowercase());
        let mut rows: Vec<(i64, Vec<String>)> = Vec::new();
        let mut report = |rows: usize, total: usize| {
            if rows.is_multiple_of(10_000) {
                progress(api::Progress { stage: stage.clone(), done: rows as u64, total: total as u64 });
            }
        };
        match register {
            api::ExportRegister::Houses => {
                let total = district.houses.len();
                for house in district.houses.values().filter(|h| leaves.contains(&h.micro_grid)) {
                    rows.push((
                        house.id,
                        vec![
                            house.id.to_string(),
                            house.code.clone(),
                            house.micro_grid.0.clone(),
                            house.address.clone(),
                            format!("{:.6}", house.location.x()),
                            format!("{:.6}", house.location.y()),
                        ],
                    ));
                    report(rows.len(), total);
                }
            }
            api::ExportRegister::People => {
                let total = district.people.len();
                for person in district.people.values() {
                    let Some(house) = district.houses.get(&person.house_id).filter(|h| leaves.contains(&h.micro_grid)) else { continue };
                    rows.push((
                        person.id,
                        vec![
                            person.id.to_string(),
                            person.name.clone(),
                            person.id_number.clone(),
                            person.phone.clone(),
                            house.code.clone(),
                            house.address.clone(),
                            house.micro_grid.0.clone(),
                        ],
                    ));
                    report(rows.len(), total);
                }
            }
            api::ExportRegister::Isolations => {
                let total = district.isolations.len();
                let grace = MetricRules::default().follow_up_grace_secs;
                for isolation in district.isolations.values().filter(|i| leaves.contains(&i.micro_grid)) {
                    let person = district.people.get(&isolation.person_id);
                    let slots: Vec<_> = district.follow_ups_of(isolation.id).collect();
                    let overdue = if isolation.is_active_at(now) {
                        slots.iter().filter(|f| f.due_at + grace < now && f.done_at.is_none_or(|d| d > now)).count()
                    } else {
                        0
                    };
                    let personal = |f: fn(&wangge_domain::Person) -> &String| person.map(f).cloned().unwrap_or_default();
                    rows.push((
                        isolation.id,
                        vec![
                            isolation.id.to_string(),
                            isolation.person_id.to_string(),
                            personal(|p| &p.name),
                            personal(|p| &p.id_number),
                            personal(|p| &p.phone),
                            isolation.kind.label_in(language).to_owned(),
                            isolation.micro_grid.0.clone(),
                            at(isolation.started_at),
                            at(isolation.planned_end),
                            opt_at(isolation.released_at),
                            slots.len().to_string(),
                            overdue.to_string(),
                        ],
                    ));
                    report(rows.len(), total);
                }
            }
            api::ExportRegister::FollowUps => {
                let total = district.follow_ups.len();
                for slot in district.follow_ups.values() {
                    let Some(isolation) = district.isolations.get(&slot.isolation_id).filter(|i| leaves.contains(&i.micro_grid)) else {
                        continue;
                    };
                    rows.push((
                        slot.id,
                        vec![
                            slot.id.to_string(),
                            slot.isolation_id.to_string(),
                            isolation.micro_grid.0.clone(),
                            at(slot.due_at),
                            opt_at(slot.done_at),
                            slot.temperature_c.map(|t| format!("{t:.1}")).unwrap_or_default(),
                            slot.result.map(|r| r.label_in(language).to_owned()).unwrap_or_default(),
                        ],
                    ));
                    report(rows.len(), total);
                }
            }
            api::ExportRegister::Enterprises => {
                let (_, enterprises) = self.enterprises_under(scope, Some(hierarchy.node(id).code.as_str()))?;
                let total = enterprises.len();
                for e in enterprises {
                    rows.push((
                        e.id,
                        vec![
                            e.id.to_string(),
                            e.name.clone(),
                            e.micro_grid.0.clone(),
                            e.sector.clone(),
                            size_label_in(e.above_designated_size, language).to_owned(),
                            e.headcount.to_string(),
                            e.status.label_in(language).to_owned(),
                            opt_at(e.resumed_at),
                            e.workers_back.to_string(),
                        ],
                    ));
                    report(rows.len(), total);
                }
            }
            api::ExportRegister::Tickets => {
                let total = district.tickets.len();
                for t in district.tickets.values() {
                    if !t.micro_grid.as_ref().is_some_and(|m| leaves.contains(m)) {
                        continue;
                    }
                    rows.push((
                        t.id,
                        vec![
                            t.id.to_string(),
                            t.source.label_in(language).to_owned(),
                            t.category.label_in(language).to_owned(),
                            priority_label(t.priority, language).to_owned(),
                            t.summary.clone(),
                            t.micro_grid.as_ref().map(|m| m.0.clone()).unwrap_or_default(),
                            t.owning_unit.clone(),
                            at(t.received_at),
                            opt_at(t.accepted_at),
                            opt_at(t.resolved_at),
                            at(t.deadline),
                            crate::tickets::lifecycle_status(t.status).label_in(language).to_owned(),
                            if t.supervised { language.pick("是", "Yes") } else { language.pick("否", "No") }.to_owned(),
                        ],
                    ));
                    report(rows.len(), total);
                }
            }
            api::ExportRegister::Screening => {}
            api::ExportRegister::Landlords => {
                // The order of a posted list: 五好房东, 红榜, the rest, 黑榜; best score first.
                let mut landlords: Vec<api::LandlordRow> = crate::rental::lettings_under(district, id)
                    .iter()
                    .map(|(landlord, houses)| self.landlord_row(*landlord, houses, now, language))
                    .collect();
                let rank = |row: &api::LandlordRow| wangge_domain::landlords::Standing::parse(&row.standing);
                landlords.sort_by(|a, b| rank(a).cmp(&rank(b)).then(b.score.cmp(&a.score)).then(a.id.cmp(&b.id)));
                let total = landlords.len();
                for (position, row) in landlords.into_iter().enumerate() {
                    let join =
                        |f: &dyn Fn(&api::LetHouse) -> String| row.houses.iter().map(f).collect::<Vec<_>>().join(language.pick("；", "; "));
                    rows.push((
                        position as i64,
                        vec![
                            row.standing_label.clone(),
                            row.score.to_string(),
                            row.added.to_string(),
                            row.deducted.to_string(),
                            row.name.clone(),
                            row.phone.clone(),
                            join(&|h| h.address.clone()),
                            join(&|h| h.place.clone()),
                            row.houses.iter().map(|h| u64::from(h.rooms)).sum::<u64>().to_string(),
                            row.houses.iter().map(|h| h.tenants).sum::<u64>().to_string(),
                        ],
                    ));
                    report(rows.len(), total);
                }
            }
        }
        rows.sort_unstable_by_key(|(id, _)| *id);
        let count = rows.len() as u64;
        progress(api::Progress { stage, done: count, total: count });
        Ok(api::ExportTable {
            register,
            node: convert::node_ref(hierarchy, id),
            as_of: now.secs(),
            headers: headers(register, language).iter().map(|h| (*h).to_owned()).collect(),
            rows: rows.into_iter().map(|(_, row)| row).collect(),
        })
    }
}
