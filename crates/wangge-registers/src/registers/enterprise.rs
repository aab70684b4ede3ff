//! A row of the enterprise register (企业复工登记): name, sector, 规上, headcount, resumption
//! status and date, workers back, and where it is (coordinates, house code or address).

use serde::Serialize;
use wangge_domain::ResumptionStatus;

use super::{aliases as more, count, yes_no, Placeable};
use crate::mapping::{aliases, FieldSpec};
use crate::rows::{FromRow, LocalDateTime, RowReader};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnterpriseRow {
    /// Unique in the district: how a second import of the same file is caught.
    pub name: String,
    pub sector: String,
    /// 规模以上.
    pub above_designated_size: bool,
    pub headcount: u32,
    pub status: ResumptionStatus,
    /// Required once resumed (partly or fully), refused while not resumed.
    pub resumed_at: Option<LocalDateTime>,
    /// At most the headcount; 0 while not resumed.
    pub workers_back: u32,
    /// WGS84 (longitude, latitude), tried first.
    pub location: Option<(f64, f64)>,
    pub house_code: String,
    pub address: String,
}

const STATUSES: &[(ResumptionStatus, &[&str])] = &[
    (ResumptionStatus::NotResumed, &["未复工", "未复产", "未复工复产", "not_resumed", "not resumed", "no"]),
    (ResumptionStatus::Partly, &["部分复工", "部分复产", "部分复工复产", "partly", "partial", "partly resumed"]),
    (ResumptionStatus::Fully, &["全面复工", "全部复工", "全面复产", "全面复工复产", "fully", "full", "fully resumed"]),
];

/// The resumption status a register's word stands for.
pub fn parse_status(text: &str) -> Option<ResumptionStatus> {
    let lower = text.trim().to_lowercase();
    STATUSES.iter().find(|(_, words)| words.contains(&lower.as_str())).map(|(status, _)| *status)
}

impl FromRow for EnterpriseRow {
    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec { name: "name", required: true, aliases: more::ENTERPRISE_NAME },
        FieldSpec { name: "sector", required: false, aliases: more::SECTOR },
        FieldSpec { name: "above_designated_size", required: true, aliases: more::ABOVE_DESIGNATED_SIZE },
        FieldSpec { name: "headcount", required: true, aliases: more::HEADCOUNT },
        FieldSpec { name: "status", required: true, aliases: more::STATUS },
        FieldSpec { name: "resumed_at", required: false, aliases: more::RESUMED_AT },
        FieldSpec { name: "workers_back", required: false, aliases: more::WORKERS_BACK },
        FieldSpec { name: "lon", required: false, aliases: aliases::LONGITUDE },
        FieldSpec { name: "lat", required: false, aliases: aliases::LATITUDE },
        FieldSpec { name: "house_code", required: false, aliases: more::HOUSE_CODE },
        FieldSpec { name: "address", required: false, aliases: aliases::ADDRESS },
    ];
    const KEY_FIELD: Option<&'static str> = Some("name");

    fn from_row(row: &mut RowReader<'_>) -> Option<Self> {
        let name = row.required_text("name");
        let above = yes_no(row, "above_designated_size", &["规上", "规模以上"], &["规下", "规模以下"]);
        let headcount = count(row, "headcount");
        if headcount.is_none() && row.raw("headcount").is_some_and(str::is_empty) {
            let reason = row.language().pick("此项必填", "Required");
            row.error("headcount", "", reason);
        }
        let language = row.language();
        let status = match row.raw("status").filter(|v| !v.is_empty()) {
            None => {
                row.error(
                    "status",
                    "",
                    language.pick("此项必填（未复工、部分复工 或 全面复工）", "Required (not resumed, partly or fully)"),
                );
                None
            }
            Some(text) => parse_status(text).or_else(|| {
                let reason = language.pick(
                    "无法识别的复工状态：请写 未复工、部分复工 或 全面复工",
                    "Resumption status not recognised: write not resumed, partly or fully",
                );
                row.error("status", text, reason);
                None
            }),
        };
        let resumed_at = row.datetime("resumed_at", false);
        let workers_back = count(row, "workers_back");
        let location = row.coordinates("lon", "lat");
        match status {
            Some(ResumptionStatus::NotResumed) => {
                if let Some(at) = resumed_at {
                    let reason = language.pick("填了复工日期，但状态是未复工", "A resumption date, but the status is not resumed");
                    row.error("resumed_at", &at.to_string(), reason);
                }
                if let Some(n) = workers_back.filter(|&n| n > 0) {
                    let reason = language.pick("填了返岗人数，但状态是未复工", "Workers back, but the status is not resumed");
                    row.error("workers_back", &n.to_string(), reason);
                }
            }
            Some(_) if row.raw("resumed_at").unwrap_or("").is_empty() => {
                let reason = language.pick("状态为已复工，复工日期必填", "The status is resumed: the resumption date is required");
                row.error("resumed_at", "", reason);
            }
            _ => {}
        }
        if let (Some(back), Some(total)) = (workers_back, headcount) {
            if back > total {
                let reason = say!(language, "返岗人数超过职工人数（{total}）", "More workers back than the headcount ({total})");
                row.error("workers_back", &back.to_string(), reason);
            }
        }
        Some(EnterpriseRow {
            name: name?,
            sector: row.text("sector"),
            above_designated_size: above?,
            headcount: headcount?,
            status: status?,
            resumed_at,
            workers_back: workers_back.unwrap_or(0),
            location,
            house_code: row.text("house_code"),
            address: row.text("address"),
        })
    }
}

impl Placeable for EnterpriseRow {
    const PLACES: &'static [&'static [&'static str]] = &[&["lon", "lat"], &["house_code"], &["address"]];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_in_chinese_and_english() {
        assert_eq!(parse_status("未复工"), Some(ResumptionStatus::NotResumed));
        assert_eq!(parse_status("部分复工"), Some(ResumptionStatus::Partly));
        assert_eq!(parse_status("Fully"), Some(ResumptionStatus::Fully));
        assert_eq!(parse_status("已复工"), None);
    }
}
