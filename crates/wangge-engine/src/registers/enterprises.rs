//! The enterprise register: each enterprise placed by its coordinates, else through the
//! house register by house code or address.

use std::collections::HashMap;

use geo::Point;
use wangge_api as api;
use wangge_domain::{Change, Enterprise, NodeCode, Scope, Timestamp};
use wangge_figures::say;
use wangge_registers::EnterpriseRow;

use super::{Batch, HouseIndex, HouseLookup, Numbered, Placement, Register, RegisterOptions, RegisterReport, Stage};
use crate::{Engine, EngineError};

impl Engine {
    /// Imports enterprises: one transaction, all or (per the policy) the good rows. A name
    /// the register already holds, or on an earlier row, is refused (how a second import of
    /// the same file is caught); so is a row no micro-grid can be found for (unassigned).
    pub async fn import_enterprises(
        &mut self,
        scope: &Scope,
        rows: Vec<Numbered<EnterpriseRow>>,
        options: &RegisterOptions,
        now: Timestamp,
        progress: &mut (dyn FnMut(api::Progress) + Send),
    ) -> Result<RegisterReport, EngineError> {
        self.begin_register_import(scope, options, now).await?;
        let mut report = RegisterReport::new(Register::Enterprises, rows.len(), options, scope.language);
        let mut batch = Batch::with_capacity(rows.len());
        {
            let district = self.district();
            let with_addresses = rows.iter().any(|r| !r.row.address.trim().is_empty());
            let houses = HouseIndex::new(district, with_addresses);
            let existing: HashMap<&str, i64> = district.enterprises.values().map(|e| (e.name.trim(), e.id)).collect();
            let mut seen: HashMap<&str, usize> = HashMap::new();
            let language = scope.language;
            let name = say!(language, "定位企业", "Placing enterprises");
            let mut stage = Stage { name, total: rows.len() as u64, every: options.progress_every, progress };
            stage.start();
            for (index, Numbered { number, row }) in rows.iter().enumerate() {
                stage.row(index);
                let number = *number;
                let name = row.name.trim();
                if let Some(id) = existing.get(name) {
                    report.refuse(
                        number,
                        "name",
                        name,
                        say!(language, "重复：企业 {id} 已是这个名称", "Duplicate: enterprise {id} already has this name"),
                    );
                    continue;
                }
                if let Some(first) = seen.insert(name, number) {
                    report.refuse(
                        number,
                        "name",
                        name,
                        say!(language, "重复：第 {first} 行已有相同的名称", "Duplicate: row {first} has the same name"),
                    );
                    continue;
                }
                // Coordinates first; a point outside every micro-grid falls back to the house.
                let by_point = row.location.and_then(|(lon, lat)| self.locator().locate(Point::new(lon, lat)));
                let placed: Result<(NodeCode, Placement), (&'static str, String, String)> = match by_point {
                    Some(leaf) => Ok((district.hierarchy.node(leaf).code.clone(), Placement::Coordinates)),
                    None => match houses.find(&row.house_code, &row.address, language) {
                        HouseLookup::Found(house, how) => Ok((house.micro_grid.clone(), how)),
                        HouseLookup::Unknown(field, value, reason) => Err((field, value, reason)),
                        HouseLookup::NotGiven => Err(match row.location {
                            Some((lon, lat)) => (
                                "lon",
                                format!("{lon}, {lat}"),
                                say!(
                                    language,
                                    "不在本区任何微网格内，也没有房屋编码或地址",
                                    "in none of the district's micro-grids, and no house code or address"
                                ),
                            ),
                            None => {
                                ("lon", String::new(), say!(language, "没有坐标、房屋编码或地址", "no coordinates, house code or address"))
                            }
                        }),
                    },
                };
                let (micro_grid, how) = match placed {
                    Ok(placed) => placed,
                    Err((field, value, mut reason)) => {
                        if let (Some((lon, lat)), "house_code" | "address") = (row.location, field) {
                            reason = say!(
                                language,
                                "坐标 {lon}, {lat} 不在任何微网格内，且{reason}",
                                "Coordinates {lon}, {lat} in no micro-grid, and {reason}"
                            );
                        }
                        report.unplaced(number, field, value, reason);
                        continue;
                    }
                };
                if let Some(problem) = self.register_scope_problem(scope, &micro_grid) {
                    report.refuse(number, "name", name, problem);
                    continue;
                }
                report.placed(how, &micro_grid.0);
                batch.push_main(Change::Enterprise(Enterprise {
                    id: 0,
                    name: name.to_owned(),
                    micro_grid,
                    sector: row.sector.trim().to_owned(),
                    above_designated_size: row.above_designated_size,
                    headcount: row.headcount,
                    status: row.status,
                    resumed_at: row.resumed_at.map(|at| at.instant_on(options.wall_clock)),
                    workers_back: row.workers_back,
                    version: 0,
                }));
            }
            stage.end();
        }
        self.store_register_batch(scope, batch, &mut report, options, now, progress).await?;
        Ok(report)
    }
}
