//! A screening batch (排查名单) as the province or city sends it down: one person per row with
//! name, ID number and address, under Chinese (姓名/身份证号/地址) or English
//! (name/id_number/address) headers, in CSV (UTF-8 or GBK) or XLSX. Issue 3's screening
//! tasks split these rows by address; reading them is all this file does.

use serde::Serialize;
use wangge_domain::Language;

use crate::mapping::{aliases, FieldSpec, MappingError};
use crate::rows::{parse_rows_in, FromRow, ImportPolicy, ImportRejected, RowReader};
use crate::source::{open_table, SourceError, SourceOptions};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScreeningRow {
    /// The line (CSV) or row (XLSX) the person is on, for messages about them.
    pub row: usize,
    pub name: String,
    pub id_number: String,
    pub address: String,
}

impl FromRow for ScreeningRow {
    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec { name: "name", required: true, aliases: aliases::NAME },
        FieldSpec { name: "id_number", required: true, aliases: aliases::ID_NUMBER },
        FieldSpec { name: "address", required: true, aliases: aliases::ADDRESS },
    ];
    // No key field: the same person listed twice (two addresses) is screened twice, not refused.

    fn from_row(row: &mut RowReader<'_>) -> Option<Self> {
        let name = row.required_text("name");
        let id_number = row.required_text("id_number");
        let address = row.required_text("address");
        Some(ScreeningRow { row: row.row_number(), name: name?, id_number: id_number?, address: address? })
    }
}

/// Why a screening file could not be read; nothing of it is used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScreeningReadError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Mapping(#[from] MappingError),
    #[error(transparent)]
    Rows(#[from] ImportRejected),
}

impl ScreeningReadError {
    /// The refusal in a seat's language (`Display` is the Chinese).
    pub fn message_in(&self, language: Language) -> String {
        match self {
            ScreeningReadError::Source(e) => e.message_in(language),
            ScreeningReadError::Mapping(e) => e.message_in(language),
            ScreeningReadError::Rows(e) => e.message_in(language),
        }
    }
}

impl ScreeningRow {
    /// Reads every row of a screening file, all or nothing, with the columns found from the
    /// header names. `file` is only a label for messages, which are in Chinese.
    pub fn read_all(bytes: &[u8], file: &str, options: &SourceOptions) -> Result<Vec<ScreeningRow>, ScreeningReadError> {
        Self::read_all_in(bytes, file, options, Language::Chinese)
    }

    /// [`ScreeningRow::read_all`], the rows' errors worded in `language`.
    pub fn read_all_in(
        bytes: &[u8],
        file: &str,
        options: &SourceOptions,
        language: Language,
    ) -> Result<Vec<ScreeningRow>, ScreeningReadError> {
        let table = open_table(bytes, file, options)?;
        let mapped = Self::suggest_mapping(&table.header).apply(&table)?;
        Ok(parse_rows_in::<ScreeningRow>(&mapped, ImportPolicy::AllOrNothing, language)?.accepted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::TextEncoding;

    const CHINESE: &str =
        "序号,姓名,身份证号,地址\n1,张三,330402199001011234,嘉兴市南湖区禾兴路1号\n2,李四,33040219850202234X,嘉兴市南湖区中环南路8号\n";
    const ENGLISH: &str =
        "name,id_number,address\n张三,330402199001011234,嘉兴市南湖区禾兴路1号\n李四,33040219850202234X,嘉兴市南湖区中环南路8号\n";

    fn read(bytes: &[u8], options: &SourceOptions) -> Vec<ScreeningRow> {
        ScreeningRow::read_all(bytes, "batch.csv", options).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn chinese_english_gbk_and_xlsx_copies_read_alike() {
        let from_chinese = read(CHINESE.as_bytes(), &SourceOptions::default());
        assert_eq!(from_chinese.len(), 2);
        assert_eq!(from_chinese[1].row, 3);
        assert_eq!(from_chinese[1].id_number, "33040219850202234X");
        assert_eq!(from_chinese[0].address, "嘉兴市南湖区禾兴路1号");

        let without_row = |rows: Vec<ScreeningRow>| -> Vec<(String, String, String)> {
            rows.into_iter().map(|r| (r.name, r.id_number, r.address)).collect()
        };
        let expected = without_row(from_chinese);
        assert_eq!(without_row(read(ENGLISH.as_bytes(), &SourceOptions::default())), expected);

        let (gbk, _, unmappable) = encoding_rs::GBK.encode(CHINESE);
        assert!(!unmappable);
        let stated = SourceOptions { encoding: TextEncoding::from_label("gbk"), ..Default::default() };
        assert_eq!(without_row(read(&gbk, &stated)), expected);
        assert_eq!(without_row(read(&gbk, &SourceOptions::default())), expected, "GBK is detected too");

        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet().set_name("名单").unwrap();
        for (r, line) in CHINESE.lines().enumerate() {
            for (c, cell) in line.split(',').enumerate() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
        let xlsx = workbook.save_to_buffer().unwrap();
        let on_sheet = SourceOptions { sheet: Some("名单".into()), ..Default::default() };
        assert_eq!(without_row(read(&xlsx, &on_sheet)), expected);
    }

    #[test]
    fn a_missing_address_column_is_named_and_a_blank_address_is_refused_by_row() {
        let err = ScreeningRow::read_all("姓名,身份证号\n张三,330402199001011234\n".as_bytes(), "batch.csv", &SourceOptions::default())
            .unwrap_err();
        assert!(matches!(err, ScreeningReadError::Mapping(_)), "{err:?}");
        assert!(err.to_string().contains("必填字段“地址”（address）没有对应的列"), "{err}");

        let err =
            ScreeningRow::read_all("姓名,身份证号,地址\n张三,330402199001011234,\n".as_bytes(), "batch.csv", &SourceOptions::default())
                .unwrap_err();
        assert!(err.to_string().contains("第 2 行，“地址”列：此项必填"), "{err}");
    }
}
