//! XML through serde: the wire structs of `wire` go through quick-xml's serializer
//! and deserializer, and `codec` maps them to our types.
//!
//! Serde cannot express a few details of the documents we have always sent and read;
//! each is handled here, explicitly, rather than by a writer or reader of our own:
//!
//! - the declaration the spec requires, and the line break after the root (`write`);
//! - characters XML 1.0 forbids: quick-xml escapes markup (and `\r`, as `&#13;`, so it
//!   survives end-of-line normalisation) but copies control characters as they are, so
//!   `write` drops them from the finished document, whatever field they came from;
//! - element names taken from data (extension keys): quick-xml refuses a name that is not
//!   one, so `xml_name` makes one of it first;
//! - empty elements: quick-xml writes `<x/>` for an empty string and for a container with
//!   no children, where our documents have `<x></x>` and the container's tags on lines of
//!   their own; see `EMPTY_TEXT` and `pad`;
//! - reading: quick-xml maps the root element's content and ignores its name and
//!   anything after it, so `read` first checks, with the tokenizer, that the document
//!   has exactly one root and that it is the one expected.

pub(crate) mod codec;
mod extension;
mod wire;

use crate::error::DecodeError;
use quick_xml::events::Event;
use quick_xml::se::{QuoteLevel, Serializer};
use quick_xml::Reader;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Written in place of an empty string. quick-xml would write the element `<x/>`, the
/// form null takes; a character XML forbids makes it write `<x>…</x>`, and [`write`]
/// then drops the character as it drops every forbidden one, leaving `<x></x>`.
pub(crate) const EMPTY_TEXT: &str = "\u{0}";

/// The text of a container with no children: a line break and the indentation of its
/// closing tag, `depth` being the container's own level (the root is 0). quick-xml
/// writes an empty container as `<x/>`; with this text it writes the open and close
/// tags on lines of their own, as our documents always had them.
pub(crate) fn pad(empty: bool, depth: usize) -> Option<String> {
    empty.then(|| format!("\n{}", "  ".repeat(depth)))
}

/// A whole document: the declaration the spec requires ("the root element must be
/// preceded with the XML declaration including the encoding=\"UTF-8\" attribute"),
/// `body` as the element `root` indented by two spaces, a final line break.
pub(crate) fn write<T: Serialize>(root: &str, body: &T) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let mut ser = Serializer::with_root(&mut out, Some(root)).unwrap_or_else(|e| unreachable!("root names are ours: {e}"));
    ser.indent(' ', 2);
    // All five entities, as the documents have always had them (`&apos;` and `&quot;` too).
    ser.set_quote_level(QuoteLevel::Full);
    // Names are ours or pass through `xml_name`, every value is text: nothing can fail.
    body.serialize(ser).unwrap_or_else(|e| unreachable!("serialising Open311 types to XML cannot fail: {e}"));
    out.push('\n');
    out.retain(is_xml_char);
    out
}

/// Reads a document whose root element must be `root`.
pub(crate) fn read<T: DeserializeOwned>(input: &str, root: &'static str) -> Result<T, DecodeError> {
    let found = root_name(input)?;
    if found != root {
        return Err(DecodeError::Root { expected: root, found });
    }
    deserialize(input, root)
}

/// Maps the root element's content onto `T`. `root` names the document in errors.
pub(crate) fn deserialize<T: DeserializeOwned>(input: &str, root: &str) -> Result<T, DecodeError> {
    // What the tokenizer accepted can still fail here only on its structure: a field
    // given twice, elements inside a field's text.
    quick_xml::de::from_str(input).map_err(|e| DecodeError::field(root, e.to_string()))
}

/// The local name of the document's only root element.
///
/// Checks the whole document, which the deserializer does not do beyond the root:
/// one root element, nothing but whitespace outside it. Namespaces are ignored (names
/// are local): the ruby-gem `services.xml` fixture declares two unused prefixes.
pub(crate) fn root_name(input: &str) -> Result<String, DecodeError> {
    let mut reader = Reader::from_str(input);
    let mut depth = 0usize;
    let mut root: Option<String> = None;
    loop {
        let event = reader.read_event().map_err(|e| DecodeError::Xml(format!("at byte {}: {e}", reader.error_position())))?;
        let opens = matches!(event, Event::Start(_));
        match event {
            Event::Start(s) | Event::Empty(s) if depth == 0 => {
                let name = s.local_name().as_ref().to_owned();
                if let Some(first) = &root {
                    return Err(DecodeError::Xml(format!("more than one root element: <{first}> and <{name}>")));
                }
                root = Some(name);
                depth = usize::from(opens);
            }
            Event::Start(_) => depth += 1,
            // The reader refuses an end tag that closes nothing, so this never goes below 0.
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(t) if depth == 0 && !t.xml10_content().trim().is_empty() => {
                return Err(DecodeError::Xml(format!("text outside the root element: {:?}", t.xml10_content())));
            }
            Event::CData(_) | Event::GeneralRef(_) if depth == 0 => return Err(DecodeError::Xml("text outside the root element".into())),
            Event::Eof => break,
            // Declaration, comments, processing instructions, doctype, content: no structure.
            _ => {}
        }
    }
    match root {
        Some(name) if depth > 0 => Err(DecodeError::Xml(format!("<{name}> is never closed"))),
        Some(name) => Ok(name),
        None => Err(DecodeError::Xml("no root element".into())),
    }
}

/// Whether XML 1.0 allows the character in a document (production `Char`).
/// Rust strings hold no surrogates, so only controls and two noncharacters fail.
pub fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// The name as an XML element name: characters a name may not hold become `_`, and a
/// name that may not start as it does gets a leading `_`. Our own names pass unchanged.
/// Colons go too: a prefix would need a namespace declaration.
pub(crate) fn xml_name(name: &str) -> String {
    let mut out: String = name.chars().map(|c| if is_name_char(c) { c } else { '_' }).collect();
    if !out.starts_with(is_name_start_char) {
        out.insert(0, '_');
    }
    out
}

/// Production `NameStartChar` of XML 1.0 (fifth edition), without the colon.
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}'
        | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// Production `NameChar` of XML 1.0 (fifth edition), without the colon.
fn is_name_char(c: char) -> bool {
    is_name_start_char(c) || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Doc {
        d: Option<&'static str>,
        e: Option<&'static str>,
    }

    #[test]
    fn forbidden_characters_never_reach_the_document() {
        let doc = write("r", &Doc { d: Some("a\u{0}b\u{1}\u{2}c\u{B}\u{1F}\u{FFFE}\u{FFFF}d\te\r\nf<&>\"'"), e: None });
        assert!(doc.contains("<d>abcd\te&#13;\nf&lt;&amp;&gt;&quot;&apos;</d>"), "{doc}");
        assert!(doc.chars().all(is_xml_char));
    }

    #[test]
    fn documents_are_framed_as_before() {
        let doc = write("r", &Doc { d: Some(EMPTY_TEXT), e: None });
        assert_eq!(doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\n  <d></d>\n  <e/>\n</r>\n");
    }

    #[test]
    fn element_names_from_data_become_names() {
        assert_eq!(xml_name("detailed_status"), "detailed_status");
        assert_eq!(xml_name("街道.名-1"), "街道.名-1");
        assert_eq!(xml_name("1 <bad>"), "_1__bad_");
        assert_eq!(xml_name("a:b²\u{1}"), "a_b__");
        assert_eq!(xml_name("$text"), "_text");
        assert_eq!(xml_name(""), "_");
    }

    #[test]
    fn one_root_and_nothing_else() {
        assert_eq!(root_name("<?xml version=\"1.0\"?>\n<!-- c --><g:a xmlns:g=\"u\"><b/></g:a>\n").unwrap(), "a");
        assert!(root_name("<a><b></a>").is_err());
        assert!(root_name("<a><b>").is_err());
        assert!(root_name("<a/><b/>").is_err());
        assert!(root_name("<a/>text").is_err());
        assert!(root_name("<a>&foo;</a>").is_ok(), "entities are the deserializer's business");
        assert!(root_name("").is_err());
    }
}
