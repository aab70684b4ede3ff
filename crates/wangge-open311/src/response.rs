//! Answers of POST Service Request and GET service_request_id from a token.

use serde::{Deserialize, Serialize};

/// One element of the POST /requests answer.
///
/// The spec: `service_request_id` "should not be returned if token is
/// returned" and vice versa; a `blackbox` service returns neither. Absent
/// fields are omitted (swagger `RequestResponse` types them as plain strings,
/// so `null` would not validate).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PostResponse {
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::lenient::opt_string_or_number")]
    pub service_request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::lenient::opt_string_or_number")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_notice: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::lenient::opt_string_or_number")]
    pub account_id: Option<String>,
}

impl PostResponse {
    /// Answer of a `realtime` service.
    pub fn created(service_request_id: impl Into<String>) -> Self {
        PostResponse { service_request_id: Some(service_request_id.into()), ..Self::default() }
    }

    /// Answer of a `batch` service.
    pub fn queued(token: impl Into<String>) -> Self {
        PostResponse { token: Some(token.into()), ..Self::default() }
    }
}

/// One element of the GET /tokens/{token} answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// Absent while the batch has not produced the request yet.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::lenient::opt_string_or_number")]
    pub service_request_id: Option<String>,
    #[serde(deserialize_with = "crate::lenient::string_or_number")]
    pub token: String,
}
