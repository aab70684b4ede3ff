//! A row of the isolation register (隔离登记): whose isolation (by ID number), of which
//! kind, from when, until when.

use serde::Serialize;
use wangge_domain::IsolationKind;

use super::{aliases as more, person, Placeable};
use crate::mapping::{aliases, FieldSpec};
use crate::rows::{FromRow, LocalDateTime, RowReader};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IsolationRow {
    /// The person, who must be in the population register already.
    pub id_number: String,
    /// Informative only (the register's person is the one by ID number).
    pub name: String,
    pub kind: IsolationKind,
    /// Wall-clock times as written (China Standard Time in a Chinese register).
    pub started_at: LocalDateTime,
    /// `None`: the storing step applies the default length (14 days unless configured).
    pub planned_end: Option<LocalDateTime>,
    pub released_at: Option<LocalDateTime>,
}

/// The words accepted for each kind, for parsing and for the error message.
const KINDS: &[(IsolationKind, &[&str])] = &[
    (IsolationKind::Centralised, &["集中隔离", "集中隔离医学观察", "集中", "centralised", "centralized"]),
    (IsolationKind::Home, &["居家隔离", "居家隔离医学观察", "home", "home isolation"]),
    (IsolationKind::HomeObservation, &["居家观察", "居家健康观察", "居家健康监测", "健康监测", "home_observation", "home observation"]),
];

/// The isolation kind a register's word stands for.
pub fn parse_kind(text: &str) -> Option<IsolationKind> {
    let lower = text.trim().to_lowercase();
    KINDS.iter().find(|(_, words)| words.contains(&lower.as_str())).map(|(kind, _)| *kind)
}

impl FromRow for IsolationRow {
    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec { name: "id_number", required: true, aliases: aliases::ID_NUMBER },
        FieldSpec { name: "name", required: false, aliases: aliases::NAME },
        FieldSpec { name: "kind", required: true, aliases: more::KIND },
        FieldSpec { name: "started_at", required: true, aliases: more::STARTED_AT },
        FieldSpec { name: "planned_end", required: false, aliases: more::PLANNED_END },
        FieldSpec { name: "released_at", required: false, aliases: more::RELEASED_AT },
    ];
    const KEY_FIELD: Option<&'static str> = Some("id_number");

    fn from_row(row: &mut RowReader<'_>) -> Option<Self> {
        let id_number = person::id_number(row, "id_number");
        let language = row.language();
        let kind = match row.raw("kind").filter(|v| !v.is_empty()) {
            None => {
                row.error(
                    "kind",
                    "",
                    language.pick("此项必填（集中隔离、居家隔离 或 居家观察）", "Required (centralised, home or home observation)"),
                );
                None
            }
            Some(text) => parse_kind(text).or_else(|| {
                let reason = language.pick(
                    "无法识别的隔离类型：请写 集中隔离、居家隔离 或 居家观察",
                    "Isolation kind not recognised: write centralised, home or home observation",
                );
                row.error("kind", text, reason);
                None
            }),
        };
        let started_at = row.datetime("started_at", true);
        let planned_end = row.datetime("planned_end", false);
        let released_at = row.datetime("released_at", false);
        if let (Some(start), Some(end)) = (started_at, planned_end) {
            if end <= start {
                let reason = say!(language, "计划解除时间应晚于开始时间（{start}）", "The planned end must be after the start ({start})");
                row.error("planned_end", &end.to_string(), reason);
            }
        }
        if let (Some(start), Some(released)) = (started_at, released_at) {
            if released < start {
                let reason = say!(language, "解除时间不能早于开始时间（{start}）", "The release cannot be before the start ({start})");
                row.error("released_at", &released.to_string(), reason);
            }
        }
        Some(IsolationRow { id_number: id_number?, name: row.text("name"), kind: kind?, started_at: started_at?, planned_end, released_at })
    }
}

impl Placeable for IsolationRow {
    /// Placed through the person's house; the ID number is a required field already.
    const PLACES: &'static [&'static [&'static str]] = &[];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_in_chinese_and_english() {
        assert_eq!(parse_kind("集中隔离"), Some(IsolationKind::Centralised));
        assert_eq!(parse_kind(" Home "), Some(IsolationKind::Home));
        assert_eq!(parse_kind("居家健康监测"), Some(IsolationKind::HomeObservation));
        assert_eq!(parse_kind("home_observation"), Some(IsolationKind::HomeObservation));
        assert_eq!(parse_kind("隔离"), None);
    }
}
