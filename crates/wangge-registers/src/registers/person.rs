//! A row of the population register (人口登记): name, ID number, phone, the house by its
//! code or its address, and the workplace (工作单位) by the enterprise's name when given.

use serde::Serialize;
use wangge_domain::Language;

use super::{aliases as more, Placeable};
use crate::mapping::{aliases, FieldSpec};
use crate::rows::{FromRow, RowReader};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonRow {
    pub name: String,
    /// 18 characters with a valid GB 11643 check character (a final `x` is written `X`).
    pub id_number: String,
    pub phone: String,
    /// The house, by code (tried first) or by its exact address; empty when not given.
    pub house_code: String,
    pub address: String,
    /// The enterprise the person works at, by name; empty when not given.
    pub employer: String,
}

impl FromRow for PersonRow {
    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec { name: "name", required: true, aliases: aliases::NAME },
        FieldSpec { name: "id_number", required: true, aliases: aliases::ID_NUMBER },
        FieldSpec { name: "phone", required: false, aliases: aliases::PHONE },
        FieldSpec { name: "house_code", required: false, aliases: more::HOUSE_CODE },
        FieldSpec { name: "address", required: false, aliases: aliases::ADDRESS },
        FieldSpec { name: "employer", required: false, aliases: more::EMPLOYER },
    ];
    const KEY_FIELD: Option<&'static str> = Some("id_number");

    fn from_row(row: &mut RowReader<'_>) -> Option<Self> {
        let name = row.required_text("name");
        let id_number = id_number(row, "id_number");
        Some(PersonRow {
            name: name?,
            id_number: id_number?,
            phone: row.text("phone"),
            house_code: row.text("house_code"),
            address: row.text("address"),
            employer: row.text("employer"),
        })
    }
}

impl Placeable for PersonRow {
    const PLACES: &'static [&'static [&'static str]] = &[&["house_code"], &["address"]];
}

/// Reads a required resident ID number, checked and normalised (`x` → `X`).
pub(crate) fn id_number(row: &mut RowReader<'_>, field: &str) -> Option<String> {
    let value = row.required_text(field)?;
    let normalised = value.to_uppercase();
    match id_number_problem_in(&normalised, row.language()) {
        None => Some(normalised),
        Some(reason) => {
            row.error(field, &value, reason);
            None
        }
    }
}

/// Why `id` is not a resident ID number (居民身份证号码, GB 11643), or `None` if it is one.
pub fn id_number_problem(id: &str) -> Option<String> {
    id_number_problem_in(id, Language::Chinese)
}

/// [`id_number_problem`], said in `language`.
pub fn id_number_problem_in(id: &str, language: Language) -> Option<String> {
    let bytes = id.as_bytes();
    if bytes.iter().any(|b| matches!(b, b'e' | b'E' | b'.')) && bytes.iter().filter(|b| b.is_ascii_digit()).count() > 6 {
        return Some(say!(
            language,
            "像是按数字保存的身份证号，末几位已丢失：请把该列设为文本格式",
            "An ID number saved as a number, its last digits lost: format the column as text"
        ));
    }
    if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) || !(bytes[17].is_ascii_digit() || bytes[17] == b'X') {
        return Some(say!(
            language,
            "不是居民身份证号：应为 17 位数字加 1 位数字或 X，实有 {} 位",
            "Not a resident ID number: 17 digits and a digit or X are expected, not {} characters",
            id.chars().count()
        ));
    }
    let expected = check_character(&bytes[..17]) as char;
    if bytes[17] as char != expected {
        return Some(say!(
            language,
            "校验位应为 {expected}（GB 11643）：可能有数字录错",
            "The check digit should be {expected} (GB 11643): a digit may be mistyped"
        ));
    }
    None
}

fn check_character(first17: &[u8]) -> u8 {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CODES: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    CODES[(sum % 11) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_are_checked() {
        assert_eq!(id_number_problem("11010519491231002X"), None);
        assert!(id_number_problem("110105194912310021").unwrap().contains("校验位应为 X"));
        assert!(id_number_problem("1101051949123100").unwrap().contains("实有 16 位"));
        assert!(id_number_problem("3.30402199001011E+17").unwrap().contains("请把该列设为文本格式"));
    }
}
