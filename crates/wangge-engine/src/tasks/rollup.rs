//! The feed-back of a screening batch (排查汇总, what a street sends up to the district): one
//! row per child of the node with its people, outcomes and parts, and the node's total, as a
//! table of strings with headers in the seat's language for the CSV/XLSX writers of the
//! exports; and that table written as a workbook into a folder (the 排查 tab's 导出汇总).

use std::path::Path;

use wangge_api as api;
use wangge_domain::{Scope, Timestamp};

use crate::briefing::safe_file_name;
use crate::{Engine, EngineError};
use wangge_figures::say;

const HEADERS_EN: [&str; 14] = [
    "Area",
    "Level",
    "People screened",
    "Reported",
    "Completion",
    "Found, under control",
    "Isolated",
    "Left the district",
    "Not found",
    "Address unknown",
    "Parts",
    "Parts complete",
    "Parts overdue",
    "Parts verified",
];

const HEADERS: [&str; 14] = [
    "区域",
    "层级",
    "排查人数",
    "已反馈",
    "完成率",
    "已找到，在管控中",
    "已隔离",
    "已离开本区",
    "未找到",
    "地址不详",
    "部件数",
    "已完成部件",
    "超期部件",
    "已核验部件",
];

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

fn row(name: &str, level: &str, f: &api::TaskFigures) -> Vec<String> {
    let mut out = vec![name.to_owned(), level.to_owned()];
    out.extend([f.items, f.done].map(|n| n.to_string()));
    out.push(percent(f.completion_rate));
    out.extend(
        [
            f.found_under_control,
            f.isolated,
            f.left_district,
            f.not_found,
            f.unplaced_items,
            f.parts,
            f.parts_complete,
            f.parts_overdue,
            f.parts_verified,
        ]
        .map(|n| n.to_string()),
    );
    out
}

impl Engine {
    /// The roll-up of one batch (every batch when `batch` is `None`) under a node: its
    /// children's figures, then the node's own (合计), which also holds the people whose
    /// address placed them nowhere. Counts only, within the scope (as `task_progress`).
    pub fn screening_rollup(
        &self,
        scope: &Scope,
        node: Option<&str>,
        batch: Option<&str>,
        now: Timestamp,
    ) -> Result<api::ExportTable, EngineError> {
        let report = self.task_progress(scope, node, batch, now)?;
        let language = scope.language;
        let mut rows: Vec<Vec<String>> =
            report.children.iter().map(|c| row(&c.node.name, c.node.level.label_in(language), &c.figures)).collect();
        let total = say!(language, "{} 合计", "{}, total", report.node.name);
        rows.push(row(&total, report.node.level.label_in(language), &report.figures));
        Ok(api::ExportTable {
            register: api::ExportRegister::Screening,
            node: report.node,
            as_of: report.as_of,
            headers: language.pick(HEADERS, HEADERS_EN).iter().map(|h| (*h).to_owned()).collect(),
            rows,
        })
    }

    /// The roll-up of `batch` under `node` written into `folder` as
    /// `排查汇总-<batch>-<node>-<YYYYMMDD-HHMM>.xlsx` (an English seat's:
    /// `Screening summary-…`; the folder made if missing): what the desktop's 导出汇总 hands
    /// the district.
    pub fn export_screening_rollup(
        &self,
        scope: &Scope,
        node: Option<&str>,
        batch: &str,
        folder: &Path,
        now: Timestamp,
    ) -> Result<api::ExportedTable, EngineError> {
        let table = self.screening_rollup(scope, node, Some(batch), now)?;
        let language = scope.language;
        std::fs::create_dir_all(folder).map_err(|e| {
            EngineError::InvalidInput(say!(
                language,
                "无法创建输出文件夹 {}：{e}",
                "Cannot create the output folder {}: {e}",
                folder.display()
            ))
        })?;
        let at = now.local();
        let stamp = format!("{:04}{:02}{:02}-{:02}{:02}", at.year(), at.month(), at.day(), at.hour(), at.minute());
        let title = table.register.label_in(language);
        let name = format!("{title}-{}-{}-{stamp}.xlsx", safe_file_name(batch.trim()), safe_file_name(&table.node.name));
        let path = folder.join(name);
        let sheet = wangge_registers::TableOut { sheet: title, headers: &table.headers, rows: &table.rows };
        // Nothing here is long enough to be cut: names, levels and numbers.
        wangge_registers::write_table(&path, sheet, &mut |_, _| {}).map_err(|e| EngineError::InvalidInput(e.message_in(language)))?;
        Ok(api::ExportedTable { path: path.display().to_string(), rows: table.rows.len() })
    }
}
