//! Column mapping: which source column fills which target field.
//!
//! Every district names its columns differently (姓名, 名字, Name...), so a mapping is saved
//! per source and reused; [`ColumnMapping::suggest`] proposes one from common header names
//! in English and Chinese so the person only corrects it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use wangge_domain::Language;

use crate::rows::DateOrder;
use crate::source::{Row, SourceFormat, Table, TextEncoding};

/// A target field a record type wants: its name, whether it must be present, and header
/// names that usually carry it (matched ignoring case, spaces, `_` and `-`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub required: bool,
    pub aliases: &'static [&'static str],
}

/// Common header names, for field specs to reuse.
pub mod aliases {
    pub const NAME: &[&str] = &["姓名", "名字", "name", "full name", "person name"];
    pub const ID_NUMBER: &[&str] = &["身份证号", "身份证号码", "身份证", "证件号码", "证件号", "id_number", "id number", "id card", "idno"];
    pub const PHONE: &[&str] = &["电话", "联系电话", "手机", "手机号", "手机号码", "电话号码", "phone", "telephone", "mobile", "tel"];
    pub const ADDRESS: &[&str] =
        &["地址", "住址", "详细地址", "现住址", "居住地址", "家庭住址", "address", "incident address", "street address"];
    pub const LONGITUDE: &[&str] = &["经度", "lon", "lng", "long", "longitude", "x坐标"];
    pub const LATITUDE: &[&str] = &["纬度", "lat", "latitude", "y坐标"];
    pub const CREATED: &[&str] = &[
        "创建时间",
        "创建日期",
        "登记时间",
        "登记日期",
        "受理时间",
        "来电时间",
        "上报时间",
        "发现时间",
        "created_date",
        "created date",
        "created_at",
        "created",
        "open_dt",
        "requested_datetime",
    ];
    pub const CATEGORY: &[&str] = &[
        "类别",
        "分类",
        "类型",
        "诉求类型",
        "事项类型",
        "问题类型",
        "事件类型",
        "事件分类",
        "category",
        "complaint type",
        "type",
        "service_name",
        "reason",
    ];
    pub const DESCRIPTION: &[&str] =
        &["描述", "诉求内容", "内容", "问题描述", "事项描述", "事件描述", "description", "descriptor", "case_title", "details"];
    pub const ID: &[&str] =
        &["编号", "工单号", "工单编号", "受理编号", "事件编号", "序号", "id", "unique key", "case_enquiry_id", "service_request_id"];
    pub const STATUS: &[&str] =
        &["状态", "工单状态", "办理状态", "处理状态", "处置状态", "事件状态", "案件状态", "status", "case_status", "case status"];
    pub const ACCEPTED: &[&str] = &["签收时间", "签收日期", "accepted date", "accepted"];
    pub const RESOLVED: &[&str] = &["办结时间", "办结日期", "处置完成时间", "完成时间", "resolved date", "resolution date", "resolved"];
    pub const CLOSED: &[&str] = &["关闭时间", "结案时间", "归档时间", "closed date", "closed_dt", "close date", "closed"];
    pub const HOUSE_CODE: &[&str] = &["房屋编码", "门牌号", "门牌编码", "house code", "house_code"];
}

/// Target field name → source column name. Serialisable so it can be saved per source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    pub columns: BTreeMap<String, String>,
    /// Fields that must be mapped to an existing column for `apply` to succeed.
    pub required: BTreeSet<String>,
}

/// A field whose column cannot be found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingField {
    pub field: String,
    /// The column the mapping names, or `None` if the field is not mapped at all.
    pub column: Option<String>,
    pub required: bool,
}

/// The words a person reads for a target field (its key stays in mapping files), in Chinese.
pub fn field_label(field: &str) -> &str {
    field_label_in(field, Language::Chinese)
}

/// The words a person reads for a target field, in a seat's language.
pub fn field_label_in(field: &str, language: Language) -> &str {
    match language {
        Language::Chinese => field_label_zh(field),
        Language::English => field_label_en(field),
    }
}

fn field_label_en(field: &str) -> &str {
    match field {
        "above_designated_size" => "Above designated size",
        "accepted_at" => "Accepted at",
        "address" => "Address",
        "category" => "Category",
        "closed_at" => "Closed at",
        "code" => "Code",
        "created_at" => "Received at",
        "description" => "Description",
        "employer" => "Employer",
        "headcount" => "Headcount",
        "house_code" => "House code",
        "id" => "ID",
        "id_number" => "ID number",
        "kind" => "Kind",
        "landlord_id_number" => "Landlord's ID number",
        "landlord_name" => "Landlord's name",
        "lat" => "Latitude",
        "lon" => "Longitude",
        "name" => "Name",
        "phone" => "Phone",
        "planned_end" => "Planned end",
        "released_at" => "Released at",
        "resolved_at" => "Resolved at",
        "resumed_at" => "Resumed on",
        "rooms" => "Rooms let",
        "sector" => "Sector",
        "started_at" => "Started at",
        "status" => "Status",
        "workers_back" => "Workers back",
        other => other,
    }
}

fn field_label_zh(field: &str) -> &str {
    match field {
        "above_designated_size" => "是否规上",
        "accepted_at" => "签收时间",
        "address" => "地址",
        "category" => "类别",
        "closed_at" => "关闭时间",
        "code" => "编码",
        "created_at" => "受理时间",
        "description" => "描述",
        "employer" => "工作单位",
        "headcount" => "职工人数",
        "house_code" => "房屋编码",
        "id" => "编号",
        "id_number" => "身份证号",
        "kind" => "类型",
        "landlord_id_number" => "房东身份证号",
        "landlord_name" => "房东姓名",
        "lat" => "纬度",
        "lon" => "经度",
        "name" => "名称",
        "phone" => "电话",
        "planned_end" => "计划解除时间",
        "released_at" => "解除时间",
        "resolved_at" => "办结时间",
        "resumed_at" => "复工日期",
        "rooms" => "出租间数",
        "sector" => "行业",
        "started_at" => "开始时间",
        "status" => "状态",
        "workers_back" => "返岗人数",
        other => other,
    }
}

/// The file's column name for a target field; the field's words (Chinese) when no column fills it.
pub fn column_of(mapped: &MappedTable, field: &str) -> String {
    column_of_in(mapped, field, Language::Chinese)
}

/// The file's column name for a target field; the field's words in `language` when no column
/// fills it.
pub fn column_of_in(mapped: &MappedTable, field: &str, language: Language) -> String {
    mapped.fields.get(field).map_or_else(|| field_label_in(field, language).to_owned(), |(_, column)| column.clone())
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("{}", self.message_in(Language::Chinese))]
    MissingColumns { file: String, missing: Vec<MissingField>, available: Vec<String> },
}

impl MappingError {
    /// The refusal in a seat's language (`Display` is the Chinese): every missing field and
    /// the columns the file has.
    pub fn message_in(&self, language: Language) -> String {
        let MappingError::MissingColumns { file, missing, available } = self;
        let (missing, available) = (describe(missing, language), available.join(language.pick("、", ", ")));
        say!(language, "{file}：{missing}；文件中的列：{available}", "{file}: {missing}. The file's columns: {available}")
    }
}

fn describe(missing: &[MissingField], language: Language) -> String {
    let parts: Vec<String> = missing
        .iter()
        .map(|m| {
            let label = field_label_in(&m.field, language);
            let field = &m.field;
            match (language, &m.column) {
                (Language::Chinese, Some(column)) => {
                    let kind = if m.required { "必填字段" } else { "字段" };
                    format!("{kind}“{label}”（{field}）对应的列“{column}”不存在")
                }
                (Language::Chinese, None) => {
                    let kind = if m.required { "必填字段" } else { "字段" };
                    format!("{kind}“{label}”（{field}）没有对应的列")
                }
                (Language::English, Some(column)) => {
                    let kind = if m.required { "required field" } else { "field" };
                    format!("The column \"{column}\" for {kind} \"{label}\" ({field}) does not exist")
                }
                (Language::English, None) => {
                    let kind = if m.required { "Required field" } else { "Field" };
                    format!("{kind} \"{label}\" ({field}) has no column")
                }
            }
        })
        .collect();
    parts.join(language.pick("；", "; "))
}

/// A table together with where each mapped field sits in its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedTable {
    pub file: String,
    pub format: SourceFormat,
    pub encoding: Option<TextEncoding>,
    pub sheet: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// Field name → (column index, column name).
    pub fields: BTreeMap<String, (usize, String)>,
    /// How the file's `a/b/YYYY` dates read, decided over every mapped column at once.
    pub date_order: DateOrder,
    /// The first cell that made the order day/month: `row 7, column "上报时间": "30/9/2018"`.
    pub date_order_decided_by: Option<String>,
}

impl ColumnMapping {
    /// An empty mapping whose required fields are those of `specs`.
    pub fn for_fields(specs: &[FieldSpec]) -> Self {
        ColumnMapping { columns: BTreeMap::new(), required: specs.iter().filter(|s| s.required).map(|s| s.name.to_owned()).collect() }
    }

    /// Maps `field` to `column`, builder style.
    pub fn with(mut self, field: &str, column: &str) -> Self {
        self.columns.insert(field.to_owned(), column.to_owned());
        self
    }

    /// Suggests a mapping for `header`: per field, its own name first, then its aliases in
    /// order; a column is used for one field at most. Unmatched fields stay unmapped.
    pub fn suggest(header: &[String], specs: &[FieldSpec]) -> Self {
        let normalised: Vec<String> = header.iter().map(|h| normalise(h)).collect();
        let mut used = vec![false; header.len()];
        let mut mapping = Self::for_fields(specs);
        for spec in specs {
            let candidates = std::iter::once(spec.name).chain(spec.aliases.iter().copied());
            for candidate in candidates {
                let wanted = normalise(candidate);
                if let Some(i) = (0..header.len()).find(|&i| !used[i] && normalised[i] == wanted) {
                    used[i] = true;
                    mapping.columns.insert(spec.name.to_owned(), header[i].clone());
                    break;
                }
            }
        }
        mapping
    }

    /// Resolves the mapping against a table. Fails, listing every missing field at once
    /// and the columns the file does have, if a required field is unmapped or if any
    /// mapped column is absent (a saved mapping that no longer fits the file).
    pub fn apply(&self, table: &Table) -> Result<MappedTable, MappingError> {
        let mut missing = Vec::new();
        let mut fields = BTreeMap::new();
        for field in &self.required {
            if !self.columns.contains_key(field) {
                missing.push(MissingField { field: field.clone(), column: None, required: true });
            }
        }
        for (field, column) in &self.columns {
            match table.column_index(column) {
                Some(index) => {
                    fields.insert(field.clone(), (index, column.clone()));
                }
                None => missing.push(MissingField {
                    field: field.clone(),
                    column: Some(column.clone()),
                    required: self.required.contains(field),
                }),
            }
        }
        if !missing.is_empty() {
            missing.sort_by(|a, b| b.required.cmp(&a.required).then_with(|| a.field.cmp(&b.field)));
            return Err(MappingError::MissingColumns { file: table.file.clone(), missing, available: table.header.clone() });
        }
        let decided_by = day_first_evidence(table, &fields);
        Ok(MappedTable {
            file: table.file.clone(),
            format: table.format,
            encoding: table.encoding,
            sheet: table.sheet.clone(),
            header: table.header.clone(),
            rows: table.rows.clone(),
            fields,
            date_order: if decided_by.is_some() { DateOrder::DayFirst } else { DateOrder::MonthFirst },
            date_order_decided_by: decided_by,
        })
    }
}

/// The first cell of a mapped column that proves the file writes day/month (see
/// [`DateOrder`]). Only mapped columns are read: the others are never parsed as dates.
fn day_first_evidence(table: &Table, fields: &BTreeMap<String, (usize, String)>) -> Option<String> {
    let mut columns: Vec<(usize, &str)> = fields.values().map(|(i, name)| (*i, name.as_str())).collect();
    columns.sort_unstable();
    columns.dedup();
    table.rows.iter().find_map(|row| {
        columns.iter().find_map(|&(index, name)| {
            let cell = row.cells.get(index)?;
            DateOrder::proves_day_first(cell).then(|| format!("第 {} 行“{name}”列的“{}”", row.number, cell.trim()))
        })
    })
}

/// A saved mapping file (`--mapping M.json`): one JSON object whose string members map a
/// target field to a source column (`{"category": "事件类型"}`), whose object members are
/// value maps translating one field's source values (`{"statuses": {"网格员关闭": "closed"}}`),
/// and which may instead give the columns as `{"columns": {...}, "required": [...]}` (the
/// serialised [`ColumnMapping`]), value maps alongside. What the value maps' targets mean is
/// the importing step's business; this only reads and checks the shape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MappingFile {
    pub columns: BTreeMap<String, String>,
    pub required: BTreeSet<String>,
    /// Map name → (source value, trimmed → target value).
    pub values: BTreeMap<String, BTreeMap<String, String>>,
}

impl MappingFile {
    /// Reads the JSON text; a member of any other shape is refused by name (in Chinese).
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::parse_in(text, Language::Chinese)
    }

    /// Reads the JSON text, refusing in `language`.
    pub fn parse_in(text: &str, language: Language) -> Result<Self, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| say!(language, "不是 JSON：{e}", "Not JSON: {e}"))?;
        let serde_json::Value::Object(members) = value else {
            return Err(say!(
                language,
                "应为一个 JSON 对象，把字段名对应到列名",
                "Expected one JSON object mapping field names to column names"
            ));
        };
        let mut file = MappingFile::default();
        for (key, value) in members {
            match (key.as_str(), value) {
                ("columns", serde_json::Value::Object(columns)) => {
                    for (field, column) in columns {
                        let serde_json::Value::String(column) = column else {
                            return Err(say!(
                                language,
                                "\"columns\"：字段 {field:?} 应以字符串写出列名",
                                "\"columns\": field {field:?} must name its column as a string"
                            ));
                        };
                        file.columns.insert(field, column);
                    }
                }
                ("required", serde_json::Value::Array(fields)) => {
                    for field in fields {
                        let serde_json::Value::String(field) = field else {
                            return Err(say!(language, "\"required\" 应为字段名的列表", "\"required\" must be a list of field names"));
                        };
                        file.required.insert(field);
                    }
                }
                (_, serde_json::Value::String(column)) => {
                    file.columns.insert(key, column);
                }
                (_, serde_json::Value::Object(pairs)) => {
                    let mut map = BTreeMap::new();
                    for (from, to) in pairs {
                        let serde_json::Value::String(to) = to else {
                            return Err(say!(
                                language,
                                "{key:?}：值 {from:?} 应对应到一个字符串",
                                "{key:?}: value {from:?} must map to a string"
                            ));
                        };
                        map.insert(from.trim().to_owned(), to.trim().to_owned());
                    }
                    file.values.insert(key, map);
                }
                (_, other) => {
                    return Err(say!(
                        language,
                        "{key:?} 应为列名（字符串）或值对应（对象），而不是 {other}",
                        "{key:?} must be a column name (a string) or a value map (an object), not {other}"
                    ))
                }
            }
        }
        Ok(file)
    }

    /// Refuses field and value-map names the record type does not know, listing the known
    /// ones, so a typo never silently leaves a field to the suggestion (in Chinese).
    pub fn check(&self, specs: &[FieldSpec], value_maps: &[(&str, &str)]) -> Result<(), String> {
        self.check_in(specs, value_maps, Language::Chinese)
    }

    /// [`MappingFile::check`], refusing in `language`.
    pub fn check_in(&self, specs: &[FieldSpec], value_maps: &[(&str, &str)], language: Language) -> Result<(), String> {
        let fields: Vec<&str> = specs.iter().map(|s| s.name).collect();
        for field in self.columns.keys().chain(&self.required) {
            if !fields.contains(&field.as_str()) {
                let fields = fields.join(", ");
                return Err(say!(
                    language,
                    "无法识别的字段 {field:?}；可用的字段：{fields}",
                    "Unknown field {field:?}; the fields are: {fields}"
                ));
            }
        }
        for name in self.values.keys() {
            if !value_maps.iter().any(|(map, _)| map == name) {
                let known: Vec<&str> = value_maps.iter().map(|(map, _)| *map).collect();
                let known = if known.is_empty() {
                    language.pick("这类文件没有", "none for this kind of file").to_owned()
                } else {
                    known.join(", ")
                };
                return Err(say!(
                    language,
                    "无法识别的值对应 {name:?}；可用的值对应：{known}",
                    "Unknown value map {name:?}; the value maps are: {known}"
                ));
            }
        }
        Ok(())
    }

    /// Puts the file's columns over `mapping` (a suggestion); fields it leaves out keep theirs.
    pub fn overlay(&self, mapping: &mut ColumnMapping) {
        mapping.columns.extend(self.columns.iter().map(|(f, c)| (f.clone(), c.clone())));
        mapping.required.extend(self.required.iter().cloned());
    }

    /// A value map given for a field that no column fills would translate nothing: refused,
    /// listing the columns the file does have.
    pub fn check_mapped(&self, mapped: &MappedTable, value_maps: &[(&str, &str)]) -> Result<(), String> {
        self.check_mapped_in(mapped, value_maps, Language::Chinese)
    }

    /// [`MappingFile::check_mapped`], refusing in `language`.
    pub fn check_mapped_in(&self, mapped: &MappedTable, value_maps: &[(&str, &str)], language: Language) -> Result<(), String> {
        for (map, field) in value_maps {
            if self.values.contains_key(*map) && !mapped.fields.contains_key(*field) {
                return Err(say!(
                    language,
                    "{}：{map:?} 转换字段 {field} 的值，但该字段没有对应的列；\
                     请先对应它，例如 {{\"{field}\": \"<列名>\"}}；文件中的列：{}",
                    "{}: {map:?} translates the values of field {field}, but no column is mapped to that field; \
                     map it first, e.g. {{\"{field}\": \"<column>\"}}. The file's columns: {}",
                    mapped.file,
                    mapped.header.join(language.pick("、", ", "))
                ));
            }
        }
        Ok(())
    }
}

/// Header comparison ignores case, whitespace (including the full-width space), `_` and `-`.
fn normalise(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace() && *c != '_' && *c != '-' && *c != '\u{3000}').flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[FieldSpec] = &[
        FieldSpec { name: "name", required: true, aliases: aliases::NAME },
        FieldSpec { name: "id_number", required: true, aliases: aliases::ID_NUMBER },
        FieldSpec { name: "phone", required: false, aliases: aliases::PHONE },
        FieldSpec { name: "lon", required: false, aliases: aliases::LONGITUDE },
    ];

    #[test]
    fn suggests_chinese_and_english_headers() {
        let header: Vec<String> = ["序号", "姓名", "身份证号码", "联系电话", "Longitude"].map(String::from).to_vec();
        let m = ColumnMapping::suggest(&header, SPECS);
        assert_eq!(m.columns["name"], "姓名");
        assert_eq!(m.columns["id_number"], "身份证号码");
        assert_eq!(m.columns["phone"], "联系电话");
        assert_eq!(m.columns["lon"], "Longitude");
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<ColumnMapping>(&json).unwrap(), m);
    }

    const MAPS: &[(&str, &str)] = &[("statuses", "phone")];

    #[test]
    fn mapping_files_in_both_forms_with_value_maps() {
        let flat = MappingFile::parse(r#"{"name": "户主", "statuses": {" 网格员关闭 ": "closed"}}"#).unwrap();
        assert_eq!(flat.columns["name"], "户主");
        assert_eq!(flat.values["statuses"]["网格员关闭"], "closed");
        assert_eq!(flat.check(SPECS, MAPS), Ok(()));
        let saved = MappingFile::parse(r#"{"columns": {"name": "户主"}, "required": ["phone"], "statuses": {}}"#).unwrap();
        assert_eq!((saved.columns.len(), saved.required.len(), saved.values.len()), (1, 1, 1));
        let mut mapping = ColumnMapping::for_fields(SPECS).with("name", "姓名").with("lon", "经度");
        saved.overlay(&mut mapping);
        assert_eq!((mapping.columns["name"].as_str(), mapping.columns["lon"].as_str()), ("户主", "经度"));
        assert!(mapping.required.contains("phone"));

        let typo = MappingFile::parse(r#"{"nmae": "户主"}"#).unwrap().check(SPECS, MAPS).unwrap_err();
        assert!(typo.contains("\"nmae\"") && typo.contains("name, id_number, phone, lon"), "{typo}");
        let map = MappingFile::parse(r#"{"colours": {"a": "b"}}"#).unwrap().check(SPECS, MAPS).unwrap_err();
        assert!(map.contains("\"colours\"") && map.contains("statuses"), "{map}");
        assert!(MappingFile::parse(r#"{"name": 3}"#).unwrap_err().contains("\"name\""));
        assert!(MappingFile::parse(r#"{"statuses": {"a": 1}}"#).is_err());
        assert!(MappingFile::parse("[]").is_err());
    }
}
