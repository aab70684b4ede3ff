//! GET Service Request(s): a service request as the public sees it, plus the
//! fields of the "Extended Attributes" and "Update History" extensions
//! (GeoReport_v2_Extensions.md), which servers return with `extensions=true`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The only two statuses GeoReport v2 knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Reported, not yet resolved.
    Open,
    /// Resolved.
    Closed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(Status::Open),
            "closed" => Some(Status::Closed),
            _ => None,
        }
    }
}

/// One service request (spec: `service_requests` ⇊ `request`).
///
/// Required fields follow `schemas/request.json`: id, status, service_code,
/// requested_datetime. Datetimes stay strings in the w3 format; see
/// [`crate::datetime::is_w3c_datetime`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceRequest {
    #[serde(deserialize_with = "crate::lenient::string_or_number")]
    pub service_request_id: String,
    pub status: Status,
    #[serde(default)]
    pub status_notes: Option<String>,
    #[serde(default)]
    pub service_name: Option<String>,
    #[serde(deserialize_with = "crate::lenient::string_or_number")]
    pub service_code: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub agency_responsible: Option<String>,
    #[serde(default)]
    pub service_notice: Option<String>,
    pub requested_datetime: String,
    #[serde(default)]
    pub updated_datetime: Option<String>,
    #[serde(default)]
    pub expected_datetime: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_string_or_number")]
    pub address_id: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_string_or_number")]
    pub zipcode: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub long: Option<f64>,
    #[serde(default, deserialize_with = "crate::lenient::opt_trimmed")]
    pub media_url: Option<String>,
    /// Extension: the answers given to the service definition's attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<RequestAttribute>>,
    /// Extension: server-specific fields; ours carry `detailed_status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_attributes: Option<ExtendedAttributes>,
    /// Extension ("Update History"): what happened to the request, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<Note>>,
}

/// Extension: one attribute answer on a returned request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestAttribute {
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
}

/// Extension: one entry of the update history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub datetime: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Free-form event type such as `submitted`, `opened`.
    #[serde(rename = "type", default)]
    pub note_type: Option<String>,
}

/// Extension: the `extended_attributes` object.
///
/// The extensions text leaves its content to each server. We define one key,
/// `detailed_status`, for our richer lifecycle; every other key is kept as
/// received so foreign payloads survive a JSON round trip.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ExtendedAttributes {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detailed_status: Option<DetailedStatus>,
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// Our lifecycle state, richer than open/closed (issue 3, item 1).
///
/// Strings from other servers we do not know are kept in `Other` rather than
/// rejected: the extension is not standardised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum DetailedStatus {
    /// 受理
    Received,
    /// 签收
    Accepted,
    InProgress,
    /// 挂起: waiting on the citizen.
    Suspended,
    /// 退回: the unit says it is not its business.
    Returned,
    Escalated,
    /// 办结
    Resolved,
    /// 回访
    ReturnVisit,
    Reopened,
    Closed,
    Other(String),
}

impl DetailedStatus {
    const KNOWN: [(&'static str, DetailedStatus); 10] = [
        ("received", DetailedStatus::Received),
        ("accepted", DetailedStatus::Accepted),
        ("in_progress", DetailedStatus::InProgress),
        ("suspended", DetailedStatus::Suspended),
        ("returned", DetailedStatus::Returned),
        ("escalated", DetailedStatus::Escalated),
        ("resolved", DetailedStatus::Resolved),
        ("return_visit", DetailedStatus::ReturnVisit),
        ("reopened", DetailedStatus::Reopened),
        ("closed", DetailedStatus::Closed),
    ];

    pub fn as_str(&self) -> &str {
        if let DetailedStatus::Other(s) = self {
            return s;
        }
        Self::KNOWN.iter().find(|(_, v)| v == self).map(|(k, _)| *k).unwrap_or("other")
    }

    /// The GeoReport v2 status a v2-only client should see. A resolved
    /// matter awaiting its return visit is already `closed` for the citizen.
    pub fn status(&self) -> Status {
        match self {
            DetailedStatus::Resolved | DetailedStatus::ReturnVisit | DetailedStatus::Closed => Status::Closed,
            _ => Status::Open,
        }
    }
}

impl From<String> for DetailedStatus {
    fn from(s: String) -> Self {
        Self::KNOWN.iter().find(|(k, _)| *k == s).map(|(_, v)| v.clone()).unwrap_or(DetailedStatus::Other(s))
    }
}

impl From<DetailedStatus> for String {
    fn from(s: DetailedStatus) -> Self {
        s.as_str().to_owned()
    }
}

impl fmt::Display for DetailedStatus {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ServiceRequest {
    /// The detailed status, when the extension carries one.
    pub fn detailed_status(&self) -> Option<&DetailedStatus> {
        self.extended_attributes.as_ref()?.detailed_status.as_ref()
    }

    /// Sets the detailed status and keeps the v2 `status` consistent with it.
    pub fn set_detailed_status(&mut self, s: DetailedStatus) {
        self.status = s.status();
        self.extended_attributes.get_or_insert_with(ExtendedAttributes::default).detailed_status = Some(s);
    }
}
