//! The rental register (出租房台账): each row lets a house of the house register (by code,
//! else exact address) with its rooms to a landlord of the population register (by ID
//! number). The houses are updated, not created: one transaction of house changes (each
//! checked against the version found), all or (per the policy) the good rows.

use std::collections::HashMap;

use wangge_api as api;
use wangge_domain::{Change, House, Rental, Scope, Timestamp};
use wangge_figures::say;
use wangge_registers::RentalRow;

use super::{HouseIndex, HouseLookup, Numbered, Register, RegisterOptions, RegisterReport, Stage};
use crate::{Engine, EngineError};

impl Engine {
    /// Lets the houses the rows name. A house named twice in the file, an unknown landlord,
    /// a landlord whose registered name differs from the row's, or a house outside the scope
    /// is refused; so is a house no row field finds (unassigned).
    pub async fn import_rentals(
        &mut self,
        scope: &Scope,
        rows: Vec<Numbered<RentalRow>>,
        options: &RegisterOptions,
        now: Timestamp,
        progress: &mut (dyn FnMut(api::Progress) + Send),
    ) -> Result<RegisterReport, EngineError> {
        self.begin_register_import(scope, options, now).await?;
        let mut report = RegisterReport::new(Register::Rentals, rows.len(), options, scope.language);
        let mut changes: Vec<Change> = Vec::with_capacity(rows.len());
        {
            let district = self.district();
            let with_addresses = rows.iter().any(|r| !r.row.address.trim().is_empty());
            let houses = HouseIndex::new(district, with_addresses);
            let people: HashMap<&str, i64> = district.people.values().map(|p| (p.id_number.as_str(), p.id)).collect();
            let mut seen: HashMap<i64, usize> = HashMap::new();
            let language = scope.language;
            let name = say!(language, "登记出租房屋", "Registering rental houses");
            let mut stage = Stage { name, total: rows.len() as u64, every: options.progress_every, progress };
            stage.start();
            for (index, Numbered { number, row }) in rows.iter().enumerate() {
                stage.row(index);
                let number = *number;
                let (house, how): (&House, _) = match houses.find(&row.house_code, &row.address, language) {
                    HouseLookup::Found(house, how) => (house, how),
                    HouseLookup::Unknown(field, value, reason) => {
                        report.unplaced(number, field, value, reason);
                        continue;
                    }
                    HouseLookup::NotGiven => {
                        report.unplaced(number, "house_code", "", say!(language, "没有房屋编码或地址", "no house code or address"));
                        continue;
                    }
                };
                let id_number = row.landlord_id_number.as_str();
                let Some(&landlord) = people.get(id_number) else {
                    report.refuse(
                        number,
                        "landlord_id_number",
                        id_number,
                        say!(
                            language,
                            "没有登记这个身份证号的人：请先把房东导入人口登记",
                            "No person registered with this ID number: import the landlord into the population register first"
                        ),
                    );
                    continue;
                };
                let registered = &district.people[&landlord].name;
                let named = row.landlord_name.trim();
                if !named.is_empty() && named != registered.trim() {
                    report.refuse(
                        number,
                        "landlord_name",
                        named,
                        say!(language, "这个身份证号登记的姓名是{registered}", "The name registered with this ID number is {registered}"),
                    );
                    continue;
                }
                if let Some(first) = seen.insert(house.id, number) {
                    report.refuse(
                        number,
                        "house_code",
                        house.code.clone(),
                        say!(language, "重复：第 {first} 行已有同一房屋", "Duplicate: row {first} has the same house"),
                    );
                    continue;
                }
                if let Some(problem) = self.register_scope_problem(scope, &house.micro_grid) {
                    report.refuse(number, "house_code", house.code.clone(), problem);
                    continue;
                }
                report.placed(how, &house.micro_grid.0);
                let rental = Some(Rental { rooms: row.rooms, landlord_id: Some(landlord) });
                changes.push(Change::House(House { rental, ..house.clone() }));
            }
            stage.end();
        }
        report.rejected.sort_by_key(|r| r.number);
        if !report.rejected.is_empty() && options.policy == wangge_registers::ImportPolicy::AllOrNothing {
            report.refused = true;
            return Ok(report);
        }
        if options.dry_run || changes.is_empty() {
            return Ok(report);
        }
        let count = changes.len() as u64;
        let stage = say!(scope.language, "在一个事务中保存 {count} 处出租房屋", "Saving {count} rental houses in one transaction");
        progress(api::Progress { stage: stage.clone(), done: 0, total: count });
        let ids: Vec<i64> = changes.iter().map(Change::entity_id).collect();
        self.commit_all(scope, changes, now).await?;
        progress(api::Progress { stage, done: count, total: count });
        report.created = ids;
        Ok(report)
    }
}
