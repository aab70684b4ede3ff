//! A small indenting XML writer that emits elements in the order we call it.
//!
//! Element order is part of what clients expect (the spec lists fields in a
//! fixed order), so documents are written by hand rather than derived.
//!
//! Text is made safe for XML 1.0 here, whatever it holds: characters the
//! `Char` production forbids (C0 controls but tab, newline and carriage return;
//! U+FFFE, U+FFFF) are dropped, and element names (extension keys may come
//! from data) are made into XML names, so no stored string can make a
//! document ill-formed for every client that reads it.

use quick_xml::escape::escape;

/// Builds one document in a `String`.
pub struct XmlWriter {
    out: String,
    depth: usize,
}

impl XmlWriter {
    /// Starts a document with the declaration the spec requires
    /// ("the root element must be preceded with the XML declaration including
    /// the encoding=\"UTF-8\" attribute").
    pub fn new() -> Self {
        XmlWriter { out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"), depth: 0 }
    }

    pub fn open(&mut self, name: &str) {
        let name = &xml_name(name);
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    pub fn close(&mut self, name: &str) {
        let name = &xml_name(name);
        self.depth -= 1;
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name>text</name>`, or `<name/>` for `None` (the spec's form of null,
    /// as in `<account_id/>` of the POST example).
    pub fn field(&mut self, name: &str, value: Option<&str>) {
        let name = &xml_name(name);
        self.indent();
        match value {
            Some(v) => {
                self.out.push('<');
                self.out.push_str(name);
                self.out.push('>');
                self.out.push_str(&xml_text(v));
                self.out.push_str("</");
                self.out.push_str(name);
                self.out.push_str(">\n");
            }
            None => {
                self.out.push('<');
                self.out.push_str(name);
                self.out.push_str("/>\n");
            }
        }
    }

    /// Writes the field only when there is a value.
    pub fn field_if(&mut self, name: &str, value: Option<&str>) {
        if value.is_some() {
            self.field(name, value);
        }
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }
}

/// Whether XML 1.0 allows the character in a document (production `Char`).
/// Rust strings hold no surrogates, so only controls and two noncharacters fail.
pub fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// The text escaped, with every character XML 1.0 forbids dropped; a carriage return is
/// written as `&#13;` so that it survives the parser's end-of-line normalisation.
fn xml_text(text: &str) -> String {
    let allowed: String = text.chars().filter(|&c| is_xml_char(c)).collect();
    escape(allowed.as_str()).replace('\r', "&#13;")
}

/// The name as an XML element name: characters a name may not hold become `_`, and a
/// name that may not start as it does gets a leading `_`. Our own names pass unchanged.
fn xml_name(name: &str) -> String {
    let fits = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    let mut out: String = name.chars().map(|c| if fits(c) && is_xml_char(c) { c } else { '_' }).collect();
    if !out.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

impl Default for XmlWriter {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_never_reach_the_document() {
        let mut w = XmlWriter::new();
        w.open("r");
        w.field("d", Some("a\u{0}b\u{1}\u{2}c\u{B}\u{1F}\u{FFFE}\u{FFFF}d\te\r\nf<&>"));
        w.close("r");
        let doc = w.finish();
        assert!(doc.contains("<d>abcd\te&#13;\nf&lt;&amp;&gt;</d>"), "{doc}");
        assert!(doc.chars().all(is_xml_char));
    }

    #[test]
    fn element_names_from_data_become_names() {
        assert_eq!(xml_name("detailed_status"), "detailed_status");
        assert_eq!(xml_name("1 <bad>"), "_1__bad_");
        assert_eq!(xml_name(""), "_");
    }
}
