//! A strict checker for the JSON Schema keywords found in `schemas/`.
//!
//! The `jsonschema` crate pulls an HTTP client and a TLS stack by default;
//! the Open311 schemas use a dozen keywords, so we check those by hand and
//! fail on any keyword we do not know rather than skip it silently.
//! `$ref` follows draft-04: siblings of a `$ref` are ignored (the schemas put
//! `minItems` next to `$ref` inside `items`, where it could not apply anyway).

use serde_json::Value;
use std::path::{Path, PathBuf};

pub struct Checker {
    dir: PathBuf,
}

impl Checker {
    pub fn new(schemas_dir: &Path) -> Self {
        Checker { dir: schemas_dir.to_owned() }
    }

    /// Errors of `value` against `file` (e.g. `requests.json`), or against a
    /// swagger definition with `swagger.json#/definitions/Name`.
    pub fn check(&self, reference: &str, value: &Value) -> Vec<String> {
        let mut errs = Vec::new();
        let (file, schema) = self.resolve("", reference);
        self.node(&file, &schema, value, "$", &mut errs);
        errs
    }

    fn load(&self, file: &str) -> Value {
        let p = self.dir.join(file);
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// `file.json`, `file.json#/a/b` or `#/a/b` relative to `current`.
    fn resolve(&self, current: &str, reference: &str) -> (String, Value) {
        let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file.is_empty() { current.to_owned() } else { file.to_owned() };
        let doc = self.load(&file);
        let node = doc.pointer(pointer).unwrap_or_else(|| panic!("bad $ref {reference} from {current}")).clone();
        (file, node)
    }

    fn node(&self, file: &str, s: &Value, v: &Value, path: &str, errs: &mut Vec<String>) {
        let obj = s.as_object().unwrap_or_else(|| panic!("schema at {path} is not an object"));
        if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
            let (f, target) = self.resolve(file, r);
            return self.node(&f, &target, v, path, errs);
        }
        for (k, kv) in obj {
            match k.as_str() {
                "description" => {}
                "type" => {
                    let t = kv.as_str().expect("type is a string in these schemas");
                    if !type_ok(t, v) {
                        errs.push(format!("{path}: expected {t}, got {v}"));
                    }
                }
                "enum" => {
                    if !kv.as_array().expect("enum array").contains(v) {
                        errs.push(format!("{path}: {v} not in {kv}"));
                    }
                }
                "required" => {
                    if let Some(o) = v.as_object() {
                        for name in kv.as_array().expect("required array") {
                            let name = name.as_str().expect("required names");
                            if !o.contains_key(name) {
                                errs.push(format!("{path}: missing required {name}"));
                            }
                        }
                    }
                }
                "properties" => {
                    if let Some(o) = v.as_object() {
                        for (name, ps) in kv.as_object().expect("properties object") {
                            if let Some(pv) = o.get(name) {
                                self.node(file, ps, pv, &format!("{path}.{name}"), errs);
                            }
                        }
                    }
                }
                "items" => {
                    if let Some(a) = v.as_array() {
                        for (i, item) in a.iter().enumerate() {
                            self.node(file, kv, item, &format!("{path}[{i}]"), errs);
                        }
                    }
                }
                "anyOf" => {
                    let ok = kv.as_array().expect("anyOf array").iter().any(|alt| {
                        let mut e = Vec::new();
                        self.node(file, alt, v, path, &mut e);
                        e.is_empty()
                    });
                    if !ok {
                        errs.push(format!("{path}: {v} matches no anyOf branch"));
                    }
                }
                "maxLength" => {
                    if let Some(st) = v.as_str() {
                        if st.chars().count() as u64 > kv.as_u64().expect("maxLength") {
                            errs.push(format!("{path}: longer than {kv}"));
                        }
                    }
                }
                "minItems" => {
                    if v.as_array().is_some_and(|a| (a.len() as u64) < kv.as_u64().unwrap_or(0)) {
                        errs.push(format!("{path}: fewer than {kv} items"));
                    }
                }
                "uniqueItems" => {
                    if kv == &Value::Bool(true) {
                        if let Some(a) = v.as_array() {
                            if a.iter().enumerate().any(|(i, x)| a[..i].contains(x)) {
                                errs.push(format!("{path}: items not unique"));
                            }
                        }
                    }
                }
                "format" => {
                    if let Some(st) = v.as_str() {
                        if !format_ok(kv.as_str().expect("format"), st) {
                            errs.push(format!("{path}: {st:?} is not a valid {kv}"));
                        }
                    }
                }
                other => {
                    panic!("schema keyword {other:?} at {path} is not supported by this checker")
                }
            }
        }
    }
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        other => panic!("unknown type {other}"),
    }
}

fn format_ok(format: &str, s: &str) -> bool {
    match format {
        // RFC 3339 `date-time`: the w3c form with seconds mandatory.
        "date-time" => wangge_open311::datetime::is_w3c_datetime(s) && s.as_bytes().get(16) == Some(&b':'),
        // RFC 3986 absolute URI: a scheme, a colon, no raw whitespace.
        "uri" => match s.split_once(':') {
            Some((scheme, rest)) => {
                scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                    && !rest.is_empty()
                    && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        },
        // Swagger's own `uid` has no definition beyond "an identifier".
        "uid" => !s.is_empty(),
        other => panic!("format {other} is not supported by this checker"),
    }
}
