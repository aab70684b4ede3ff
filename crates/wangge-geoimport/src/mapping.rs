//! Which feature properties hold a boundary's code, name and parent code.
//!
//! Files come from many GIS exports, so the caller names the properties. Names may be Chinese
//! ("编码", "名称") and may point into nested objects with a dotted path (DataV files keep the
//! parent's code at `parent.adcode`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Where to find code, name and (optionally) parent code among a feature's properties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PropertyMapping {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    /// A micro-grid's kind (stairwell, building, …), where the file states it.
    #[serde(default)]
    pub kind: Option<String>,
}

impl PropertyMapping {
    /// The mapping for DataV GeoAtlas exports: `adcode`, `name`, `parent.adcode`.
    pub fn datav() -> Self {
        PropertyMapping { code: "adcode".into(), name: "name".into(), parent: Some("parent.adcode".into()), kind: None }
    }
}

/// Looks a property up by `path` and renders it as text.
///
/// A key that literally contains dots wins over the nested reading, because some exports use
/// dotted names as flat keys. Numbers are rendered without a fraction when they are integral
/// (DataV stores `adcode` as a JSON number); empty strings and null count as absent.
pub fn lookup(properties: &Map<String, Value>, path: &str) -> Option<String> {
    let value = match properties.get(path) {
        Some(v) => v,
        None => {
            let mut parts = path.split('.');
            let mut current = properties.get(parts.next()?)?;
            for part in parts {
                current = current.as_object()?.get(part)?;
            }
            current
        }
    };
    match value {
        Value::String(s) => {
            let trimmed = s.trim();
            (!trimmed.is_empty()).then(|| trimmed.to_owned())
        }
        Value::Number(n) => Some(match n.as_i64() {
            Some(i) => i.to_string(),
            None => n.to_string(),
        }),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn props(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn flat_chinese_keys() {
        let p = props(json!({"编码": "330402001000", "名称": "建设街道"}));
        assert_eq!(lookup(&p, "编码").as_deref(), Some("330402001000"));
        assert_eq!(lookup(&p, "名称").as_deref(), Some("建设街道"));
        assert_eq!(lookup(&p, "上级"), None);
    }

    #[test]
    fn nested_path_and_numbers() {
        let p = props(json!({"adcode": 330402, "parent": {"adcode": 330400}}));
        assert_eq!(lookup(&p, "adcode").as_deref(), Some("330402"));
        assert_eq!(lookup(&p, "parent.adcode").as_deref(), Some("330400"));
        assert_eq!(lookup(&p, "parent.missing"), None);
    }

    #[test]
    fn literal_dotted_key_wins() {
        let p = props(json!({"parent.adcode": "1", "parent": {"adcode": "2"}}));
        assert_eq!(lookup(&p, "parent.adcode").as_deref(), Some("1"));
    }

    #[test]
    fn blank_and_null_are_absent() {
        let p = props(json!({"a": "  ", "b": null}));
        assert_eq!(lookup(&p, "a"), None);
        assert_eq!(lookup(&p, "b"), None);
    }
}
