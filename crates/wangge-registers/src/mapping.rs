//! Column mapping: which source column fills which target field.
//!
//! Every district names its columns differently (姓名, 名字, Name...), so a mapping is saved
//! per source and reused; [`ColumnMapping::suggest`] proposes one from common header names
//! in English and Chinese so the person only corrects it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

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
    pub const ID_NUMBER: &[&str] =
        &["身份证号", "身份证号码", "身份证", "证件号码", "证件号", "id_number", "id number", "id card", "idno"];
    pub const PHONE: &[&str] =
        &["电话", "联系电话", "手机", "手机号", "手机号码", "电话号码", "phone", "telephone", "mobile", "tel"];
    pub const ADDRESS: &[&str] = &[
        "地址", "住址", "详细地址", "现住址", "居住地址", "家庭住址", "address", "incident address", "street address",
    ];
    pub const LONGITUDE: &[&str] = &["经度", "lon", "lng", "long", "longitude", "x坐标"];
    pub const LATITUDE: &[&str] = &["纬度", "lat", "latitude", "y坐标"];
    pub const CREATED: &[&str] = &[
        "创建时间", "创建日期", "登记时间", "登记日期", "受理时间", "来电时间", "created_date", "created date",
        "created_at", "created", "open_dt", "requested_datetime",
    ];
    pub const CATEGORY: &[&str] = &[
        "类别", "分类", "类型", "诉求类型", "事项类型", "问题类型", "category", "complaint type", "type",
        "service_name", "reason",
    ];
    pub const DESCRIPTION: &[&str] = &[
        "描述", "诉求内容", "内容", "问题描述", "事项描述", "description", "descriptor", "case_title", "details",
    ];
    pub const ID: &[&str] = &[
        "编号", "工单号", "工单编号", "受理编号", "序号", "id", "unique key", "case_enquiry_id", "service_request_id",
    ];
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

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("{file}: {}; columns in the file: {}", describe(.missing), .available.join(", "))]
    MissingColumns { file: String, missing: Vec<MissingField>, available: Vec<String> },
}

fn describe(missing: &[MissingField]) -> String {
    let parts: Vec<String> = missing
        .iter()
        .map(|m| {
            let kind = if m.required { "required field" } else { "field" };
            match &m.column {
                Some(column) => format!("{kind} `{}` is mapped to column {column:?}, which is missing", m.field),
                None => format!("{kind} `{}` is not mapped to any column", m.field),
            }
        })
        .collect();
    parts.join("; ")
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
}

impl ColumnMapping {
    /// An empty mapping whose required fields are those of `specs`.
    pub fn for_fields(specs: &[FieldSpec]) -> Self {
        ColumnMapping {
            columns: BTreeMap::new(),
            required: specs.iter().filter(|s| s.required).map(|s| s.name.to_owned()).collect(),
        }
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
            return Err(MappingError::MissingColumns {
                file: table.file.clone(),
                missing,
                available: table.header.clone(),
            });
        }
        Ok(MappedTable {
            file: table.file.clone(),
            format: table.format,
            encoding: table.encoding,
            sheet: table.sheet.clone(),
            header: table.header.clone(),
            rows: table.rows.clone(),
            fields,
        })
    }
}

/// Header comparison ignores case, whitespace (including the full-width space), `_` and `-`.
fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-' && *c != '\u{3000}')
        .flat_map(char::to_lowercase)
        .collect()
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
}
