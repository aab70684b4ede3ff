//! `<extended_attributes>`: free-form values, in XML by the Parker convention.
//!
//! The extension leaves the content to each server, so it has no struct: the JSON map is
//! written as elements (objects become child elements, arrays repeat the element), and
//! read back as elements become JSON (text or null, children an object, a repeated name
//! an array). Lossy by nature: XML text has no number type and a one-item array reads
//! back as a scalar; only `detailed_status` is typed.

use super::{pad, xml_name, EMPTY_TEXT};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

/// Level of `<extended_attributes>`: `<service_requests>` ⇊ `<request>` ⇊ here.
const DEPTH: usize = 2;

/// The XML form of [`crate::ExtendedAttributes`].
#[derive(Debug)]
pub struct Extension<'a> {
    /// The text of the first `<detailed_status>`, written first.
    pub detailed_status: Option<Cow<'a, str>>,
    /// Every other child.
    pub other: Cow<'a, Map<String, Value>>,
}

impl Serialize for Extension<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(d) = &self.detailed_status {
            map.serialize_entry("detailed_status", &Leaf(d))?;
        }
        entries(&mut map, &self.other, DEPTH)?;
        if let Some(pad) = pad(self.detailed_status.is_none() && no_elements(&self.other), DEPTH) {
            map.serialize_entry("$text", &pad)?;
        }
        map.end()
    }
}

/// Writes each member of `object` as a child element of an element at `depth`; an
/// array member repeats the element once per item, nested arrays included.
fn entries<M: SerializeMap>(map: &mut M, object: &Map<String, Value>, depth: usize) -> Result<(), M::Error> {
    fn spread<M: SerializeMap>(map: &mut M, name: &str, value: &Value, depth: usize) -> Result<(), M::Error> {
        match value {
            Value::Array(items) => items.iter().try_for_each(|item| spread(map, name, item, depth)),
            _ => map.serialize_entry(name, &Member { value, depth: depth + 1 }),
        }
    }
    object.iter().try_for_each(|(name, value)| spread(map, &xml_name(name), value, depth))
}

/// Whether `entries` writes nothing for `object`: it has no members but empty arrays.
fn no_elements(object: &Map<String, Value>) -> bool {
    fn nothing(v: &Value) -> bool {
        matches!(v, Value::Array(items) if items.iter().all(nothing))
    }
    object.values().all(nothing)
}

/// One member that is not an array, written as an element at `depth`.
struct Member<'v> {
    value: &'v Value,
    depth: usize,
}

impl Serialize for Member<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Value::String(text) => Leaf(text).serialize(s),
            Value::Bool(_) | Value::Number(_) => s.serialize_str(&self.value.to_string()),
            Value::Object(object) => {
                let mut map = s.serialize_map(Some(object.len()))?;
                entries(&mut map, object, self.depth)?;
                if let Some(pad) = pad(no_elements(object), self.depth) {
                    map.serialize_entry("$text", &pad)?;
                }
                map.end()
            }
            // Arrays were spread over repeated elements by `entries`.
            Value::Null | Value::Array(_) => s.serialize_none(),
        }
    }
}

/// Text, with the empty string kept apart from null (see [`EMPTY_TEXT`]).
struct Leaf<'t>(&'t str);

impl Serialize for Leaf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if self.0.is_empty() { EMPTY_TEXT } else { self.0 })
    }
}

impl<'de> Deserialize<'de> for Extension<'_> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut detailed_status = None;
        let mut other = Map::new();
        for (name, child) in Node::deserialize(d)?.children {
            match name.as_str() {
                "detailed_status" => {
                    // The first one counts, even empty.
                    detailed_status.get_or_insert_with(|| child.value());
                }
                _ => insert(&mut other, name, child.into_json()),
            }
        }
        Ok(Extension { detailed_status: detailed_status.flatten().map(Cow::Owned), other: Cow::Owned(other) })
    }
}

/// One element as read: its text and its child elements, in order.
#[derive(Debug, Default)]
struct Node {
    text: String,
    children: Vec<(String, Node)>,
}

impl Node {
    /// Trimmed text, `None` when empty; see `codec::value`.
    fn value(&self) -> Option<String> {
        let t = self.text.trim();
        (!t.is_empty()).then(|| t.to_owned())
    }

    /// An element with children is an object of them (its own text is layout);
    /// one without is its text, or null when that is empty.
    fn into_json(self) -> Value {
        if self.children.is_empty() {
            return self.value().map_or(Value::Null, Value::String);
        }
        let mut object = Map::new();
        for (name, child) in self.children {
            insert(&mut object, name, child.into_json());
        }
        Value::Object(object)
    }
}

/// A name met again makes an array of all its values.
fn insert(object: &mut Map<String, Value>, name: String, value: Value) {
    match object.get_mut(&name) {
        Some(Value::Array(items)) => items.push(value),
        Some(first) => *first = Value::Array(vec![first.take(), value]),
        None => {
            object.insert(name, value);
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

/// quick-xml hands an element over as a map: child elements by their local names,
/// the text as `$text`, XML attributes as `@name`.
struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an XML element")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Node, E> {
        Ok(Node { text: text.to_owned(), children: Vec::new() })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut node = Node::default();
        while let Some(key) = map.next_key::<String>()? {
            if key == "$text" {
                node.text.push_str(&map.next_value::<String>()?);
            } else if key.starts_with('@') {
                // XML attributes carry no values in GeoReport.
                map.next_value::<IgnoredAny>()?;
            } else {
                node.children.push((key, map.next_value()?));
            }
        }
        Ok(node)
    }
}
