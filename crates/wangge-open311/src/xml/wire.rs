//! The XML shape of every document, as serde structs for quick-xml.
//!
//! One struct per element, used both ways: written from borrowed data, children in the
//! order of the fields (the spec's order, which clients expect), and read back in any
//! order. Every leaf is text: [`super::codec`] trims, checks and types it, so that a bad
//! value is reported with its path (`service_requests/request[1]/lat`) rather than as a
//! serde error, and a server that writes `<metadata> true </metadata>` is still read.
//!
//! What the attributes say:
//! - a plain `Text` field writes `<name/>` for `None`, the spec's null (`<account_id/>`
//!   in its POST example); one with `skip_serializing_if` is left out instead (extension
//!   fields, and the id and token of which the spec sends only one);
//! - a list field is one element per item (`<service>` after `<service>`), and
//!   `#[serde(default)]` lets it be absent;
//! - `pad` is the text of an element that may have no children, see [`super::pad`]; on
//!   reading, text in such an element is ignored.

use super::extension::Extension;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The text of a leaf element; `None` is the empty element.
pub type Text<'a> = Option<Cow<'a, str>>;

/// GET /services: `<services>`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Services<'a> {
    #[serde(default)]
    pub service: Vec<Service<'a>>,
    #[serde(rename = "$text", skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub pad: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Service<'a> {
    pub service_code: Text<'a>,
    pub service_name: Text<'a>,
    pub description: Text<'a>,
    pub metadata: Text<'a>,
    #[serde(rename = "type")]
    pub service_type: Text<'a>,
    pub keywords: Text<'a>,
    pub group: Text<'a>,
}

/// GET /services/{code}: `<service_definition>`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Definition<'a> {
    pub service_code: Text<'a>,
    pub attributes: Option<Attributes<'a>>,
    /// Read only: the attributes straight under the root, without the `<attributes>`
    /// wrapper of v2, as servers wrote them before (the ruby-gem fixture).
    #[serde(default, skip_serializing)]
    pub attribute: Vec<Attribute<'a>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Attributes<'a> {
    #[serde(default)]
    pub attribute: Vec<Attribute<'a>>,
    #[serde(rename = "$text", skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub pad: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Attribute<'a> {
    pub variable: Text<'a>,
    pub code: Text<'a>,
    pub datatype: Text<'a>,
    pub required: Text<'a>,
    pub datatype_description: Text<'a>,
    pub order: Text<'a>,
    pub description: Text<'a>,
    /// Written only for list datatypes, which alone have values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Values<'a>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Values<'a> {
    #[serde(default)]
    pub value: Vec<Value<'a>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Value<'a> {
    pub key: Text<'a>,
    pub name: Text<'a>,
}

/// `<service_requests>`, the root of three answers: GET /requests (of [`Request`]),
/// POST /requests (of [`PostResponse`]) and GET /tokens (of [`TokenResponse`]).
#[derive(Debug, Serialize, Deserialize)]
pub struct Requests<T> {
    #[serde(default = "Vec::new")]
    pub request: Vec<T>,
    #[serde(rename = "$text", skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub pad: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Request<'a> {
    pub service_request_id: Text<'a>,
    pub status: Text<'a>,
    pub status_notes: Text<'a>,
    pub service_name: Text<'a>,
    pub service_code: Text<'a>,
    pub description: Text<'a>,
    pub agency_responsible: Text<'a>,
    pub service_notice: Text<'a>,
    pub requested_datetime: Text<'a>,
    pub updated_datetime: Text<'a>,
    pub expected_datetime: Text<'a>,
    pub address: Text<'a>,
    pub address_id: Text<'a>,
    pub zipcode: Text<'a>,
    pub lat: Text<'a>,
    pub long: Text<'a>,
    pub media_url: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<RequestAttributes<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_attributes: Option<Extension<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Notes<'a>>,
}

/// Extension: the attribute answers of a returned request.
#[derive(Debug, Serialize, Deserialize)]
pub struct RequestAttributes<'a> {
    #[serde(default)]
    pub attribute: Vec<RequestAttribute<'a>>,
    #[serde(rename = "$text", skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub pad: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct RequestAttribute<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Text<'a>,
    /// All four can be absent, which leaves the element empty.
    #[serde(rename = "$text", skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub pad: Option<String>,
}

/// Extension ("Update History").
#[derive(Debug, Serialize, Deserialize)]
pub struct Notes<'a> {
    #[serde(default)]
    pub note: Vec<Note<'a>>,
    #[serde(rename = "$text", skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub pad: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Note<'a> {
    pub datetime: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Text<'a>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub note_type: Text<'a>,
}

/// One item of the POST /requests answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct PostResponse<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_request_id: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Text<'a>,
    pub service_notice: Text<'a>,
    pub account_id: Text<'a>,
}

/// One item of the GET /tokens/{token} answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct TokenResponse<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_request_id: Text<'a>,
    pub token: Text<'a>,
}

/// The error body: `<errors>`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Errors<'a> {
    #[serde(default)]
    pub error: Vec<Error<'a>>,
    #[serde(rename = "$text", skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub pad: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Error<'a> {
    pub code: Text<'a>,
    pub description: Text<'a>,
}

/// The bare `<error>text</error>` body some servers send (ruby-gem `403.xml`): text
/// only, a child element makes it fail to read.
#[derive(Debug, Deserialize)]
pub struct LegacyError {
    #[serde(rename = "$value", default)]
    pub description: Option<String>,
}
