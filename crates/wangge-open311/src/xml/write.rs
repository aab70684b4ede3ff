//! A small indenting XML writer that emits elements in the order we call it.
//!
//! Element order is part of what clients expect (the spec lists fields in a
//! fixed order), so documents are written by hand rather than derived.

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
        XmlWriter {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            depth: 0,
        }
    }

    pub fn open(&mut self, name: &str) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    pub fn close(&mut self, name: &str) {
        self.depth -= 1;
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name>text</name>`, or `<name/>` for `None` (the spec's form of null,
    /// as in `<account_id/>` of the POST example).
    pub fn field(&mut self, name: &str, value: Option<&str>) {
        self.indent();
        match value {
            Some(v) => {
                self.out.push('<');
                self.out.push_str(name);
                self.out.push('>');
                self.out.push_str(&escape(v));
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

impl Default for XmlWriter {
    fn default() -> Self {
        Self::new()
    }
}
