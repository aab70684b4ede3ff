//! A minimal element tree read with quick-xml.
//!
//! GeoReport XML is small, schemaless and field order varies between servers
//! (the spec's own service list reorders fields), so we read into a tree and
//! pick children by name instead of using a streaming serde mapping.

use crate::error::DecodeError;
use quick_xml::events::Event;
use quick_xml::Reader;

/// One element: its local name, its child elements and its text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Element {
    pub name: String,
    pub children: Vec<Element>,
    /// Concatenated text and CDATA, entities resolved, not yet trimmed.
    pub text: String,
}

impl Element {
    /// First child with this name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// All children with this name, in document order.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Trimmed text, `None` when empty.
    ///
    /// Whitespace around a value is pretty-printing, not data: the spec's
    /// POST example indents `service_notice` over three lines while its JSON
    /// twin carries the bare sentence. An empty element is the XML form of
    /// the JSON `null` in the spec's paired examples.
    pub fn value(&self) -> Option<String> {
        let t = self.text.trim();
        (!t.is_empty()).then(|| t.to_owned())
    }

    /// Trimmed text of the named child, `None` if absent or empty.
    pub fn child_value(&self, name: &str) -> Option<String> {
        self.child(name).and_then(Element::value)
    }
}

/// Parses a document and returns its root element.
///
/// Namespaces are ignored (names are local): the ruby-gem `services.xml`
/// fixture declares two unused prefixes on its root.
pub fn parse(input: &str) -> Result<Element, DecodeError> {
    let mut reader = Reader::from_str(input);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let ev = reader.read_event().map_err(|e| DecodeError::Xml(format!("at byte {}: {e}", reader.error_position())))?;
        match ev {
            Event::Start(s) => {
                stack.push(Element { name: s.local_name().as_ref().to_owned(), ..Element::default() });
            }
            Event::Empty(s) => {
                let el = Element { name: s.local_name().as_ref().to_owned(), ..Element::default() };
                attach(&mut stack, &mut root, el)?;
            }
            Event::End(_) => {
                let el = stack.pop().ok_or_else(|| DecodeError::Xml("closing tag without opening tag".into()))?;
                attach(&mut stack, &mut root, el)?;
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content())?,
            Event::CData(c) => {
                push_text(&mut stack, &c.xml10_content())?;
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => predefined(&r.xml10_content())
                        .ok_or_else(|| DecodeError::Xml(format!("unknown entity &{};", r.xml10_content())))?
                        .to_string(),
                    Err(e) => return Err(DecodeError::Xml(e.to_string())),
                };
                push_text(&mut stack, &resolved)?;
            }
            Event::Eof => break,
            // Declaration, comments, processing instructions, doctype: no data.
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(DecodeError::Xml(format!("<{}> is never closed", stack[stack.len() - 1].name)));
    }
    root.ok_or_else(|| DecodeError::Xml("no root element".into()))
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, el: Element) -> Result<(), DecodeError> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None if root.is_none() => *root = Some(el),
        None => return Err(DecodeError::Xml("more than one root element".into())),
    }
    Ok(())
}

fn push_text(stack: &mut [Element], s: &str) -> Result<(), DecodeError> {
    match stack.last_mut() {
        Some(top) => top.text.push_str(s),
        // Text outside the root is only allowed as whitespace.
        None if s.trim().is_empty() => {}
        None => return Err(DecodeError::Xml(format!("text outside the root element: {s:?}"))),
    }
    Ok(())
}

/// The five entities XML predefines; GeoReport XML has no DTD for more.
fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_cdata_are_text() {
        let el = parse("<a><b>x &amp; y &#x41;<![CDATA[<z>]]></b><c/></a>").unwrap();
        assert_eq!(el.child_value("b").as_deref(), Some("x & y A<z>"));
        assert_eq!(el.child_value("c"), None);
    }

    #[test]
    fn rejects_unclosed_and_double_roots() {
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a/><b/>").is_err());
        assert!(parse("").is_err());
    }
}
