//! The intake form's words and rules that need no window: the sources with their names in
//! the page's language, and which field a refusal names (the engine starts every refusal of
//! a form with the field, `summary: …`). Pure, tested on the host.

/// Where a request came in, as the wire names it.
pub const SOURCES: [&str; 4] = ["mini_program", "hotline_12345", "grid_member_report", "enterprise_demand"];

/// The source a desk officer taking a call starts from.
pub const DEFAULT_SOURCE: &str = "hotline_12345";

/// The fields of `wangge_api::TicketForm`, as refusals name them.
pub const FIELDS: [&str; 7] = ["source", "category", "urgent", "summary", "micro_grid", "point", "address"];

/// A source's name as the desk reads it; an unknown source as it is.
pub fn source_label(source: &str) -> &str {
    match source {
        "mini_program" => t!("小程序", "Mini program"),
        "hotline_12345" => t!("12345热线", "12345 hotline"),
        "grid_member_report" => t!("网格员上报", "Grid member report"),
        "enterprise_demand" => t!("企业诉求", "Enterprise request"),
        other => other,
    }
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
        assert!(SOURCES.contains(&DEFAULT_SOURCE));
        assert!(SOURCES.iter().all(|s| source_label(s) != *s));
    }
}
