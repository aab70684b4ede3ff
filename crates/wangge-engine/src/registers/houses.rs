//! The house register: each house placed in its micro-grid by its coordinates.

use std::collections::HashMap;

use geo::Point;
use wangge_api as api;
use wangge_domain::{Change, House, Scope, Timestamp};
use wangge_figures::say;
use wangge_registers::HouseRow;

use super::{Batch, Numbered, Placement, Register, RegisterOptions, RegisterReport, Stage};
use crate::{Engine, EngineError};

impl Engine {
    /// Imports houses: one transaction, all or (per the policy) the good rows. A code the
    /// register already holds, or that an earlier row of the file carries, is refused; so is
    /// a house with no coordinates or outside every micro-grid (unassigned).
    pub async fn import_houses(
        &mut self,
        scope: &Scope,
        rows: Vec<Numbered<HouseRow>>,
        options: &RegisterOptions,
        now: Timestamp,
        progress: &mut (dyn FnMut(api::Progress) + Send),
    ) -> Result<RegisterReport, EngineError> {
        self.begin_register_import(scope, options, now).await?;
        let mut report = RegisterReport::new(Register::Houses, rows.len(), options, scope.language);
        let mut batch = Batch::with_capacity(rows.len());
        {
            let district = self.district();
            let existing: HashMap<&str, i64> = district.houses.values().map(|h| (h.code.as_str(), h.id)).collect();
            let mut seen: HashMap<&str, usize> = HashMap::new();
            let name = say!(scope.language, "定位房屋", "Placing houses");
            let mut stage = Stage { name, total: rows.len() as u64, every: options.progress_every, progress };
            stage.start();
            for (index, Numbered { number, row }) in rows.iter().enumerate() {
                stage.row(index);
                let number = *number;
                let code = row.code.trim();
                if let Some(id) = existing.get(code) {
                    report.refuse(
                        number,
                        "code",
                        code,
                        say!(scope.language, "重复：房屋 {id} 已是这个编码", "Duplicate: house {id} already has this code"),
                    );
                    continue;
                }
                if let Some(first) = seen.insert(code, number) {
                    report.refuse(
                        number,
                        "code",
                        code,
                        say!(scope.language, "重复：第 {first} 行已有相同的编码", "Duplicate: row {first} has the same code"),
                    );
                    continue;
                }
                let Some((lon, lat)) = row.location else {
                    report.unplaced(number, "lon", "", say!(scope.language, "没有坐标", "no coordinates"));
                    continue;
                };
                let point = Point::new(lon, lat);
                let Some(leaf) = self.locator().locate(point) else {
                    report.unplaced(
                        number,
                        "lon",
                        format!("{lon}, {lat}"),
                        say!(scope.language, "不在本区任何微网格内", "in none of the district's micro-grids"),
                    );
                    continue;
                };
                let micro_grid = district.hierarchy.node(leaf).code.clone();
                if let Some(problem) = self.register_scope_problem(scope, &micro_grid) {
                    report.refuse(number, "lon", format!("{lon}, {lat}"), problem);
                    continue;
                }
                report.placed(Placement::Coordinates, &micro_grid.0);
                batch.push_main(Change::House(House {
                    id: 0,
                    code: code.to_owned(),
                    micro_grid,
                    address: row.address.trim().to_owned(),
                    location: point,
                    rental: None,
                    version: 0,
                }));
            }
            stage.end();
        }
        self.store_register_batch(scope, batch, &mut report, options, now, progress).await?;
        Ok(report)
    }
}
