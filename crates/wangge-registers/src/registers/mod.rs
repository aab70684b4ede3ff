//! The registers a district keeps — houses, people, isolations, enterprises, and the rental
//! register of let houses and their landlords — as typed rows.
//!
//! Each row type reads and checks what a single row can say about itself: required cells,
//! numbers, dates, the GB 11643 check digit of an ID number, one-word answers (是/否,
//! 集中隔离, 部分复工), and consistency inside the row (a planned end before the start, more
//! workers back than employed). What needs the district — which micro-grid a point lies
//! in, which house a code names, whether an ID number is already registered — is the
//! storing step's (`wangge-engine`'s `registers` module).

mod enterprise;
mod house;
mod isolation;
mod person;
mod rental;

pub use enterprise::{parse_status, EnterpriseRow};
pub use house::HouseRow;
pub use isolation::{parse_kind, IsolationRow};
pub use person::{id_number_problem, id_number_problem_in, PersonRow};
pub use rental::RentalRow;

use wangge_domain::Language;

use crate::mapping::MappedTable;
use crate::rows::RowReader;

/// What a record needs to be placed, as alternatives: a row type can be placed when at
/// least one group of fields is entirely mapped (`[["lon", "lat"], ["address"]]`).
pub trait Placeable {
    const PLACES: &'static [&'static [&'static str]];
}

/// Refuses a mapping that can place no row at all (say, a people register with neither a
/// house code nor an address column): better said once than as an error on every row.
pub fn check_placeable<T: Placeable>(mapped: &MappedTable) -> Result<(), String> {
    check_placeable_in::<T>(mapped, Language::Chinese)
}

/// [`check_placeable`], refusing in `language`.
pub fn check_placeable_in<T: Placeable>(mapped: &MappedTable, language: Language) -> Result<(), String> {
    if T::PLACES.is_empty() || T::PLACES.iter().any(|group| group.iter().all(|f| mapped.fields.contains_key(*f))) {
        return Ok(());
    }
    let groups: Vec<String> =
        T::PLACES.iter().map(|g| g.iter().map(|f| crate::mapping::field_label_in(f, language)).collect::<Vec<_>>().join(" + ")).collect();
    let (file, groups) = (&mapped.file, groups.join(language.pick("，或 ", ", or ")));
    let header = mapped.header.join(language.pick("、", ", "));
    Err(say!(
        language,
        "{file}：没有能确定位置的列：请对应 {groups}（文件中的列：{header}）",
        "{file}: no column can place a row: map {groups} (the file's columns: {header})"
    ))
}

/// Header names registers use for the fields below, matched as `mapping::aliases` are.
pub mod aliases {
    pub const HOUSE_CODE: &[&str] = &["房屋编码", "房屋编号", "房屋代码", "门牌编码", "门牌号", "house code", "house_code", "house id"];
    pub const ENTERPRISE_NAME: &[&str] =
        &["企业名称", "单位名称", "企业", "名称", "enterprise", "enterprise name", "company", "company name", "name"];
    /// A person's workplace, by the enterprise's name as the enterprise register has it.
    pub const EMPLOYER: &[&str] = &["工作单位", "就业单位", "所在单位", "所在企业", "employer", "workplace"];
    pub const SECTOR: &[&str] = &["行业", "所属行业", "行业类别", "行业分类", "sector", "industry"];
    pub const ABOVE_DESIGNATED_SIZE: &[&str] =
        &["规上", "规模以上", "是否规上", "是否规模以上", "规上企业", "是否规上企业", "above designated size", "above size"];
    pub const HEADCOUNT: &[&str] =
        &["职工人数", "员工人数", "从业人数", "从业人员", "员工数", "职工数", "人数", "headcount", "employees", "staff"];
    pub const STATUS: &[&str] = &["复工状态", "复工情况", "状态", "status", "resumption status", "resumption"];
    pub const RESUMED_AT: &[&str] = &["复工日期", "复工时间", "resumed at", "resumed on", "resumption date"];
    pub const WORKERS_BACK: &[&str] = &["返岗人数", "到岗人数", "复工人数", "workers back", "returned"];
    pub const KIND: &[&str] = &["隔离类型", "隔离方式", "管控类型", "管控方式", "类型", "kind", "type", "isolation kind", "isolation type"];
    pub const STARTED_AT: &[&str] =
        &["开始时间", "开始日期", "隔离开始时间", "隔离开始日期", "隔离时间", "隔离日期", "started at", "start", "start date"];
    pub const PLANNED_END: &[&str] =
        &["计划解除时间", "计划解除日期", "预计解除时间", "预计解除日期", "拟解除日期", "planned end", "end date", "end"];
    pub const ROOMS: &[&str] = &["出租间数", "出租房间数", "出租房间", "房间数", "间数", "rooms", "rooms let", "rental rooms"];
    pub const LANDLORD_ID_NUMBER: &[&str] =
        &["房东身份证号", "房东身份证号码", "房东证件号码", "出租人身份证号", "出租人证件号码", "landlord id number", "landlord id"];
    pub const LANDLORD_NAME: &[&str] = &["房东姓名", "房东", "出租人", "出租人姓名", "landlord", "landlord name"];
    pub const RELEASED_AT: &[&str] = &["解除时间", "解除日期", "实际解除时间", "实际解除日期", "released at", "release date", "released"];
}

/// A whole number of people: blank → `None`; a negative, fractional or non-numeric cell is
/// an error. `1,200` is refused rather than guessed (a comma may also be a decimal mark).
pub(crate) fn count(row: &mut RowReader<'_>, field: &str) -> Option<u32> {
    let value = row.raw(field).filter(|v| !v.is_empty())?;
    match value.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            let reason = row
                .language()
                .pick("不是人数：应为 0 或以上的整数，只写数字", "Not a number of people: a whole number, 0 or more, digits only");
            row.error(field, value, reason);
            None
        }
    }
}

/// 是/否 and the usual ways of writing it. `None` with an error for anything else.
pub(crate) fn yes_no(row: &mut RowReader<'_>, field: &str, yes_extra: &[&str], no_extra: &[&str]) -> Option<bool> {
    let language = row.language();
    let Some(value) = row.raw(field).filter(|v| !v.is_empty()) else {
        row.error(field, "", language.pick("此项必填（是 或 否）", "Required (yes or no)"));
        return None;
    };
    let lower = value.to_lowercase();
    let is = |words: &[&str]| words.iter().any(|w| *w == lower);
    if is(&["是", "y", "yes", "true", "1", "√", "✓"]) || is(yes_extra) {
        Some(true)
    } else if is(&["否", "n", "no", "false", "0", "×", "✗"]) || is(no_extra) {
        Some(false)
    } else {
        row.error(field, value, language.pick("无法识别：请写 是 或 否（也可写 yes/no、1/0）", "Not recognised: write yes or no (or 1/0)"));
        None
    }
}
