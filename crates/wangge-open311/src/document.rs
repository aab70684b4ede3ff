//! The documents the API sends, each readable and writable as JSON and XML.
//!
//! Every response body of GeoReport v2 is one of these. The list wrappers
//! are newtypes so that each knows its XML root (`<services>`,
//! `<service_requests>`, `<errors>`); in JSON they are bare arrays, as in the
//! spec's examples.

use crate::error::{ApiError, DecodeError};
use crate::request::ServiceRequest;
use crate::response::{PostResponse, TokenResponse};
use crate::service::Service;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// GET /services: `<services>` ⇊ `<service>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ServiceList(pub Vec<Service>);

/// GET /requests and GET /requests/{id}: `<service_requests>` ⇊ `<request>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ServiceRequests(pub Vec<ServiceRequest>);

/// POST /requests answer: `<service_requests>` ⇊ `<request>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PostResponses(pub Vec<PostResponse>);

/// GET /tokens/{token} answer: `<service_requests>` ⇊ `<request>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TokenResponses(pub Vec<TokenResponse>);

/// Error body: `<errors>` ⇊ `<error>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Errors(pub Vec<ApiError>);

/// A response body in either of the spec's formats.
pub trait Document: Sized + Serialize + DeserializeOwned {
    /// XML document, declaration included.
    fn to_xml(&self) -> String;

    /// Reads XML; see `xml::codec` for the variants accepted.
    fn from_xml(s: &str) -> Result<Self, DecodeError>;

    /// Pretty JSON.
    fn to_json(&self) -> String {
        crate::json::to_string(self)
    }

    /// Reads JSON, repairing only the spec's leading-zero numbers.
    fn from_json(s: &str) -> Result<Self, DecodeError> {
        crate::json::from_str(s)
    }
}

impl Errors {
    /// Reads a whole HTTP response as the ruby-gem `403.xml` fixture has it:
    /// a status line, headers, blank line, then the body. The status code
    /// becomes the `code` of a legacy body that has none.
    pub fn from_http_xml(message: &str) -> Result<(u16, Self), DecodeError> {
        let (status, body) = split_http_message(message)?;
        Ok((status, crate::xml::codec::errors_from_xml(body, u32::from(status))?))
    }
}

/// Splits `HTTP/1.1 403 Forbidden\r\n...\r\n\r\nbody` into status and body.
fn split_http_message(message: &str) -> Result<(u16, &str), DecodeError> {
    let message = message.trim_start();
    let (line, rest) = message.split_once('\n').unwrap_or((message, ""));
    let status = line
        .strip_prefix("HTTP/")
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| DecodeError::field("status-line", format!("not an HTTP status line: {line:?}")))?;
    // Headers end at the first empty line; with no headers the body follows it.
    let mut body = rest;
    loop {
        let (header, after) = body.split_once('\n').unwrap_or((body, ""));
        body = after;
        if header.trim().is_empty() || after.is_empty() {
            break;
        }
    }
    Ok((status, body))
}
