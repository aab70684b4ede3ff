//! The population register: each person registered at a house found by code or address.

use std::collections::HashMap;

use wangge_api as api;
use wangge_domain::{Change, Person, Scope, Timestamp};
use wangge_figures::say;
use wangge_registers::PersonRow;

use super::{Batch, HouseIndex, HouseLookup, Numbered, Register, RegisterOptions, RegisterReport, Stage};
use crate::{Engine, EngineError};

impl Engine {
    /// Imports people: one transaction, all or (per the policy) the good rows. An ID number
    /// already registered, or on an earlier row, is refused; so is a row whose house code or
    /// address the house register does not hold, or that gives neither (unassigned); and a
    /// row naming a workplace (工作单位) that is no enterprise of the register, or several.
    pub async fn import_people(
        &mut self,
        scope: &Scope,
        rows: Vec<Numbered<PersonRow>>,
        options: &RegisterOptions,
        now: Timestamp,
        progress: &mut (dyn FnMut(api::Progress) + Send),
    ) -> Result<RegisterReport, EngineError> {
        self.begin_register_import(scope, options, now).await?;
        let mut report = RegisterReport::new(Register::People, rows.len(), options, scope.language);
        let mut batch = Batch::with_capacity(rows.len());
        {
            let district = self.district();
            let with_addresses = rows.iter().any(|r| r.row.house_code.trim().is_empty() && !r.row.address.trim().is_empty());
            let houses = HouseIndex::new(district, with_addresses);
            let existing: HashMap<&str, i64> = district.people.values().map(|p| (p.id_number.as_str(), p.id)).collect();
            let mut seen: HashMap<&str, usize> = HashMap::new();
            let mut enterprises_named: HashMap<&str, Vec<i64>> = HashMap::new();
            for enterprise in district.enterprises.values() {
                enterprises_named.entry(enterprise.name.trim()).or_default().push(enterprise.id);
            }
            let name = say!(scope.language, "定位人员", "Placing people");
            let mut stage = Stage { name, total: rows.len() as u64, every: options.progress_every, progress };
            stage.start();
            for (index, Numbered { number, row }) in rows.iter().enumerate() {
                stage.row(index);
                let number = *number;
                let id_number = row.id_number.as_str();
                if let Some(id) = existing.get(id_number) {
                    report.refuse(
                        number,
                        "id_number",
                        id_number,
                        say!(
                            scope.language,
                            "重复：这个身份证号已登记为人员 {id}",
                            "Duplicate: this ID number is registered as person {id}"
                        ),
                    );
                    continue;
                }
                if let Some(first) = seen.insert(id_number, number) {
                    report.refuse(
                        number,
                        "id_number",
                        id_number,
                        say!(scope.language, "重复：第 {first} 行已有相同的身份证号", "Duplicate: row {first} has the same ID number"),
                    );
                    continue;
                }
                let (house, how) = match houses.find(&row.house_code, &row.address, scope.language) {
                    HouseLookup::Found(house, how) => (house, how),
                    HouseLookup::Unknown(field, value, reason) => {
                        report.unplaced(number, field, value, reason);
                        continue;
                    }
                    HouseLookup::NotGiven => {
                        report.unplaced(
                            number,
                            "house_code",
                            "",
                            say!(scope.language, "既没有房屋编码，也没有地址", "neither a house code nor an address"),
                        );
                        continue;
                    }
                };
                if let Some(problem) = self.register_scope_problem(scope, &house.micro_grid) {
                    let (field, value) = match how {
                        super::Placement::HouseCode => ("house_code", row.house_code.trim()),
                        _ => ("address", row.address.trim()),
                    };
                    report.refuse(number, field, value, problem);
                    continue;
                }
                let employer = match row.employer.trim() {
                    "" => None,
                    name => match enterprises_named.get(name).map(Vec::as_slice) {
                        Some(&[id]) => Some(id),
                        Some(several) => {
                            report.refuse(
                                number,
                                "employer",
                                name,
                                say!(
                                    scope.language,
                                    "工作单位：企业名录中有 {} 家企业叫这个名字，请改用能区分的全称",
                                    "Employer: {} enterprises of the register have this name; use a full name that tells them apart",
                                    several.len()
                                ),
                            );
                            continue;
                        }
                        None => {
                            report.refuse(
                                number,
                                "employer",
                                name,
                                say!(
                                    scope.language,
                                    "工作单位：企业名录中没有这家企业（请先导入企业名录）",
                                    "Employer: no such enterprise in the register (import the enterprises first)"
                                ),
                            );
                            continue;
                        }
                    },
                };
                report.placed(how, &house.micro_grid.0);
                batch.push_main(Change::Person(Person {
                    id: 0,
                    name: row.name.trim().to_owned(),
                    id_number: id_number.to_owned(),
                    phone: row.phone.trim().to_owned(),
                    house_id: house.id,
                    employer,
                    version: 0,
                }));
            }
            stage.end();
        }
        self.store_register_batch(scope, batch, &mut report, options, now, progress).await?;
        Ok(report)
    }
}
