//! The spec's error body (`errors` ⇊ `error` with `code` and `description`)
//! and the decode errors of this crate.

use serde::{Deserialize, Serialize};

/// One error as the spec's "Errors" section defines it.
///
/// `code` usually equals the HTTP status; the spec allows more specific codes
/// in the body, so it is a plain number rather than the status itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: u32,
    pub description: String,
}

impl ApiError {
    pub fn new(code: u32, description: impl Into<String>) -> Self {
        ApiError { code, description: description.into() }
    }
}

/// An error answer ready for the wire: HTTP status plus body.
///
/// Spec, "Errors": HTTP status "should always be 404 for resources that
/// don't exist, 403 for errors because of wrong or missing api_key and
/// basically 400 for any other error"; the body is an array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorResponse {
    pub http_status: u16,
    pub errors: Vec<ApiError>,
}

impl ErrorResponse {
    /// One error whose body code is the HTTP status.
    pub fn single(http_status: u16, description: impl Into<String>) -> Self {
        ErrorResponse { http_status, errors: vec![ApiError::new(u32::from(http_status), description)] }
    }
}

/// Why a JSON or XML document could not be read into our types.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("XML is not well-formed: {0}")]
    Xml(String),
    #[error("XML root element is <{found}>, expected <{expected}>")]
    Root { expected: &'static str, found: String },
    #[error("{path}: {message}")]
    Field { path: String, message: String },
}

impl DecodeError {
    pub(crate) fn field(path: impl Into<String>, message: impl Into<String>) -> Self {
        DecodeError::Field { path: path.into(), message: message.into() }
    }
}
