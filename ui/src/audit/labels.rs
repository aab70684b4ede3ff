//! The audit view's words: the limits offered and reading the record-id field (the kinds of
//! record and their Chinese names are `wangge_api::RECORD_KINDS`, shared with the command
//! line). Pure, tested on the host.

/// How many rows the view may ask for at once.
pub const LIMITS: [u32; 4] = [50, 100, 200, 500];

/// The limit the view starts with.
pub const DEFAULT_LIMIT: u32 = 100;

/// The record-id field: empty is no filter, digits are an id, anything else is refused.
pub fn parse_id(text: &str) -> Result<Option<i64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Ok(Some(id)),
        _ => Err(tf!("“{text}”不是记录编号", "\"{text}\" is not a record ID")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_limit_is_offered() {
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
