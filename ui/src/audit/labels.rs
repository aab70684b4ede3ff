//! The audit view's words: the kinds of record with their Chinese names, the limits offered,
//! and reading the record-id field. Pure, tested on the host.

/// The kinds of record the change log holds (`AuditRow::entity`), as the filter offers them.
pub const ENTITIES: [(&str, &str); 8] = [
    ("ticket", "工单"),
    ("task", "排查任务"),
    ("task_item", "排查对象"),
    ("isolation", "隔离"),
    ("follow_up", "随访"),
    ("enterprise", "企业"),
    ("house", "房屋"),
    ("person", "人员"),
];

/// How many rows the view may ask for at once.
pub const LIMITS: [u32; 4] = [50, 100, 200, 500];

/// The limit the view starts with.
pub const DEFAULT_LIMIT: u32 = 100;

/// A kind of record's Chinese name; an unknown kind as it is.
pub fn entity_label(entity: &str) -> &str {
    ENTITIES.iter().find(|(value, _)| *value == entity).map(|(_, label)| *label).unwrap_or(entity)
}

/// The record-id field: empty is no filter, digits are an id, anything else is refused.
pub fn parse_id(text: &str) -> Result<Option<i64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Ok(Some(id)),
        _ => Err(format!("“{text}”不是记录编号")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_record_read_in_chinese() {
        assert_eq!(entity_label("ticket"), "工单");
        assert_eq!(entity_label("follow_up"), "随访");
        assert_eq!(entity_label("node"), "node");
        assert!(LIMITS.contains(&DEFAULT_LIMIT));
    }

    #[test]
    fn record_ids_are_positive_numbers_or_nothing() {
        assert_eq!(parse_id(""), Ok(None));
        assert_eq!(parse_id(" 42 "), Ok(Some(42)));
        assert!(parse_id("4x").is_err());
        assert!(parse_id("0").is_err());
        assert!(parse_id("-3").is_err());
    }
}
