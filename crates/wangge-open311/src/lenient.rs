//! Serde helpers for identifier fields that the spec's JSON writes as numbers.
//!
//! The GeoReport v2 JSON is a mechanical Spark-convention mapping of the XML,
//! so identifiers that look numeric (`service_request_id`, `address_id`,
//! `zipcode`, `token`, value `key`s) come out as JSON numbers, while the
//! JSON Schemas in `schemas/` type them as strings. We read either and always
//! write strings, which is what the schemas demand of what we emit.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// Reads a JSON string or number into a `String`, keeping the number's text.
pub fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(IdVisitor)
}

/// Like [`string_or_number`] but for optional fields; `null` becomes `None`.
pub fn opt_string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(OptIdVisitor)
}

struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

struct OptIdVisitor;

impl<'de> Visitor<'de> for OptIdVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, a number or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        string_or_number(d).map(Some)
    }
}

/// Optional URL whose surrounding whitespace is dropped.
///
/// The spec's own examples carry `".../638344.jpg "`; a URI cannot contain a
/// raw space and the schema types `media_url` as `format: uri`, so the space
/// is an artefact, not data.
pub fn opt_trimmed<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v: Option<String> = serde::Deserialize::deserialize(d)?;
    Ok(v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()))
}
