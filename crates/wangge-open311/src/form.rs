//! Decoding an `application/x-www-form-urlencoded` POST body into fields,
//! including the spec's bracketed attribute keys.
//!
//! GeoReport v2, POST Service Request, `attribute`: "attribute[code]=value
//! where multiple code/value pairs can be specified as well as multiple
//! values for the same code in the case of a multivaluelist datatype
//! (attribute[code1][]=value1&attribute[code1][]=value2)".
//! Percent-decoding and `+` are left to `form_urlencoded`; text is UTF-8 as
//! the spec requires (invalid sequences become U+FFFD, never a panic).

use std::collections::BTreeMap;

/// A field-level problem found while decoding the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProblem {
    /// The key as the client wrote it, e.g. `lat` or `attribute[WHISHETN]`.
    pub field: String,
    pub message: String,
}

/// The values sent for one attribute code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawAttribute {
    /// Non-empty values in the order sent.
    pub values: Vec<String>,
    /// Sent with `[]`, i.e. as a list.
    pub as_list: bool,
}

/// The decoded body: plain fields and attributes, empties dropped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Form {
    /// Plain fields; a value per occurrence so duplicates can be reported.
    pub fields: BTreeMap<String, Vec<String>>,
    pub attributes: BTreeMap<String, RawAttribute>,
    pub problems: Vec<FormProblem>,
}

impl Form {
    /// Decodes a body. Never fails as a whole: problems are collected so the
    /// client hears about all of them at once (the error body is an array).
    pub fn decode(body: &[u8]) -> Form {
        let mut form = Form::default();
        for (key, value) in form_urlencoded::parse(body) {
            // Spec, "Optional Arguments": a null (empty) parameter is the
            // same as an absent one.
            let value = value.trim();
            // `attribute` and `attribute[...]` only; `attributes=` is just
            // an unknown plain field.
            if let Some(rest) = key.strip_prefix("attribute") {
                if rest.is_empty() || rest.starts_with('[') {
                    form.add_attribute(&key, rest, value);
                    continue;
                }
            }
            if !value.is_empty() {
                form.fields.entry(key.into_owned()).or_default().push(value.to_owned());
            }
        }
        form
    }

    /// The single value of a plain field; a repeated field is a problem
    /// because we could only guess which value was meant.
    pub fn single(&mut self, name: &str) -> Option<String> {
        let values = self.fields.get(name)?;
        if values.len() > 1 {
            self.problems.push(FormProblem { field: name.to_owned(), message: format!("given {} times; send it once", values.len()) });
            return None;
        }
        values.first().cloned()
    }

    fn add_attribute(&mut self, key: &str, rest: &str, value: &str) {
        let Some((code, as_list)) = parse_attribute_key(rest) else {
            self.problems.push(FormProblem {
                field: key.to_owned(),
                message: "malformed attribute key; use attribute[CODE]=value or attribute[CODE][]=value".into(),
            });
            return;
        };
        let entry = self.attributes.entry(code.to_owned()).or_default();
        let first_time = entry.values.is_empty() && !entry.as_list;
        if !as_list && !first_time {
            self.problems.push(FormProblem {
                field: format!("attribute[{code}]"),
                message: "given more than once; use attribute[CODE][]=value for several values".into(),
            });
            return;
        }
        entry.as_list |= as_list;
        if !value.is_empty() {
            entry.values.push(value.to_owned());
        }
    }
}

/// `[CODE]` → (`CODE`, false); `[CODE][]` → (`CODE`, true).
fn parse_attribute_key(rest: &str) -> Option<(&str, bool)> {
    let inner = rest.strip_prefix('[')?;
    let (code, after) = inner.split_once(']')?;
    if code.is_empty() || code.contains('[') {
        return None;
    }
    match after {
        "" => Some((code, false)),
        "[]" => Some((code, true)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_spec_example_body() {
        let body = b"api_key=xyz&service_code=001&address_string=1234+5th+street&email=smit333%40sfgov.edu&attribute[WHISPAWN]=123456&attribute%5BWHISDORN%5D=COISL001";
        let mut f = Form::decode(body);
        assert_eq!(f.single("address_string").as_deref(), Some("1234 5th street"));
        assert_eq!(f.single("email").as_deref(), Some("smit333@sfgov.edu"));
        assert_eq!(f.attributes["WHISPAWN"].values, ["123456"]);
        assert_eq!(f.attributes["WHISDORN"].values, ["COISL001"]);
        assert!(f.problems.is_empty());
    }

    #[test]
    fn multi_values_and_bad_keys() {
        let f = Form::decode(b"attribute[C][]=a&attribute[C][]=b&attribute[]=x&attribute[D]=1&attribute[D]=2");
        assert_eq!(f.attributes["C"], RawAttribute { values: vec!["a".into(), "b".into()], as_list: true });
        let fields: Vec<_> = f.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["attribute[]", "attribute[D]"]);
    }
}
