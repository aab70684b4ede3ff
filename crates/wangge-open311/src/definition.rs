//! GET Service Definition: the extra form fields (attributes) of a service.

use serde::{Deserialize, Serialize};

/// Input type of an attribute (spec: "datatype").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Datatype {
    /// One line of text; the spec forbids line breaks.
    String,
    Number,
    /// Must transform into a valid ISO 8601 date.
    Datetime,
    /// Free text, line breaks allowed.
    Text,
    Singlevaluelist,
    Multivaluelist,
}

impl Datatype {
    pub fn as_str(self) -> &'static str {
        match self {
            Datatype::String => "string",
            Datatype::Number => "number",
            Datatype::Datetime => "datetime",
            Datatype::Text => "text",
            Datatype::Singlevaluelist => "singlevaluelist",
            Datatype::Multivaluelist => "multivaluelist",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "string" => Datatype::String,
            "number" => Datatype::Number,
            "datetime" => Datatype::Datetime,
            "text" => Datatype::Text,
            "singlevaluelist" => Datatype::Singlevaluelist,
            "multivaluelist" => Datatype::Multivaluelist,
            _ => return None,
        })
    }

    /// List types are the only ones whose `values` mean anything.
    pub fn is_list(self) -> bool {
        matches!(self, Datatype::Singlevaluelist | Datatype::Multivaluelist)
    }
}

/// One option of a list attribute (spec: `values` ⇊ `value`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeOption {
    /// What the client posts back, like an HTML `<option value>`.
    #[serde(deserialize_with = "crate::lenient::string_or_number")]
    pub key: String,
    /// What the user sees.
    pub name: String,
}

/// One attribute of a service definition (spec: `attributes` ⇊ `attribute`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    /// `false`: informational only, no user input expected.
    pub variable: bool,
    pub code: String,
    pub datatype: Datatype,
    pub required: bool,
    #[serde(default)]
    pub datatype_description: Option<String>,
    #[serde(default)]
    pub order: Option<u32>,
    #[serde(default)]
    pub description: Option<String>,
    /// Present only for list datatypes; omitted from output when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<AttributeOption>,
}

impl Attribute {
    pub fn has_key(&self, key: &str) -> bool {
        self.values.iter().any(|v| v.key == key)
    }
}

/// The definition of one service code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDefinition {
    #[serde(deserialize_with = "crate::lenient::string_or_number")]
    pub service_code: String,
    pub attributes: Vec<Attribute>,
}

impl ServiceDefinition {
    pub fn attribute(&self, code: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.code == code)
    }
}
