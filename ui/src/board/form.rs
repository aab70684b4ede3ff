//! The intake form's words and rules that need no window: the sources with their Chinese
//! names, and which field a refusal names (the engine starts every refusal of a form with
//! the field, `summary: …`). Pure, tested on the host.

/// Where a request came in, as the wire names it and as the desk reads it.
pub const SOURCES: [(&str, &str); 4] =
    [("mini_program", "小程序"), ("hotline_12345", "12345热线"), ("grid_member_report", "网格员上报"), ("enterprise_demand", "企业诉求")];

/// The source a desk officer taking a call starts from.
pub const DEFAULT_SOURCE: &str = "hotline_12345";

/// The fields of `wangge_api::TicketForm`, as refusals name them.
pub const FIELDS: [&str; 7] = ["source", "category", "urgent", "summary", "micro_grid", "point", "address"];

/// A source's Chinese name; an unknown source as it is.
pub fn source_label(source: &str) -> &str {
    SOURCES.iter().find(|(value, _)| *value == source).map(|(_, label)| *label).unwrap_or(source)
}

/// The field a refusal names and the rest of its message; `None` when it names no field
/// of the form (then the whole message is returned).
pub fn field_of(message: &str) -> (Option<&'static str>, &str) {
    if let Some((head, rest)) = message.split_once(':') {
        let head = head.trim();
        if let Some(field) = FIELDS.iter().find(|f| **f == head) {
            return (Some(field), rest.trim());
        }
    }
    (None, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_put_under_the_field_they_name() {
        assert_eq!(field_of("summary: say what the request is about"), (Some("summary"), "say what the request is about"));
        assert_eq!(
            field_of("micro_grid: 330402 is not a micro-grid of this district"),
            (Some("micro_grid"), "330402 is not a micro-grid of this district")
        );
        assert_eq!(field_of("数据库仍在加载"), (None, "数据库仍在加载"));
        assert_eq!(field_of("storage: disk full"), (None, "storage: disk full"));
    }

    #[test]
    fn sources_read_in_chinese() {
        assert_eq!(source_label("hotline_12345"), "12345热线");
        assert_eq!(source_label("enterprise_demand"), "企业诉求");
        assert_eq!(source_label("fax"), "fax");
        assert!(SOURCES.iter().any(|(v, _)| *v == DEFAULT_SOURCE));
    }
}
