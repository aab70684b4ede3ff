//! GET Service List: one `Service` per request type a jurisdiction accepts.

use serde::{Deserialize, Serialize};

/// How a server answers a POST for this service (spec: "type").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServiceType {
    /// A service_request_id comes back at once.
    Realtime,
    /// A token comes back; the id is looked up later via GET /tokens.
    Batch,
    /// Nothing comes back.
    Blackbox,
}

impl ServiceType {
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::Realtime => "realtime",
            ServiceType::Batch => "batch",
            ServiceType::Blackbox => "blackbox",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "realtime" => Some(ServiceType::Realtime),
            "batch" => Some(ServiceType::Batch),
            "blackbox" => Some(ServiceType::Blackbox),
            _ => None,
        }
    }
}

/// One request type (spec: `services` ⇊ `service`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    #[serde(deserialize_with = "crate::lenient::string_or_number")]
    pub service_code: String,
    pub service_name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `true`: clients must fetch the service definition for extra fields.
    pub metadata: bool,
    #[serde(rename = "type")]
    pub service_type: ServiceType,
    /// Comma separated, kept as the spec sends it.
    #[serde(default)]
    pub keywords: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
}
