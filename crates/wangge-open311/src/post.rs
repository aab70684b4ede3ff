//! POST /requests: from a form body to a validated [`NewRequest`], or to
//! errors that each name the offending field.
//!
//! Status codes, by spec section (GeoReport v2):
//! - "Errors" → General Errors: `403 - Missing or Invalid API Key`.
//! - "POST Service Request" → Possible Errors:
//!   `404 - service_code or jurisdiction_id was not found`,
//!   `400 - service_code or jurisdiction_id was not provided`,
//!   `400 - General Service Error`.
//! - "Errors": "basically 400 for any other error where the request can not
//!   be fulfilled as expected" — bad location, bad attribute values.
//!
//! The body `code` of each error equals its HTTP status ("In most cases,
//! this should match the HTTP status code"); the description starts with the
//! field name, e.g. `attribute[WHISHETN]: ...`.

use crate::datetime::is_iso_date_or_datetime;
use crate::definition::{Attribute, Datatype, ServiceDefinition};
use crate::error::{ApiError, ErrorResponse};
use crate::form::Form;
use crate::service::Service;
use std::collections::BTreeMap;

/// Spec: description "is free form text limited to 4,000 characters".
pub const DESCRIPTION_MAX_CHARS: usize = 4000;

/// What the server offers, against which a POST is checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    /// Empty: single-jurisdiction endpoint, `jurisdiction_id` is ignored
    /// (spec, "jurisdiction_id": implementations serving one jurisdiction
    /// can treat it as optional). Otherwise it is required and must match.
    pub jurisdictions: Vec<String>,
    pub services: Vec<Service>,
    /// Definitions of the services whose `metadata` is true.
    pub definitions: Vec<ServiceDefinition>,
}

impl Catalog {
    pub fn service(&self, code: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.service_code == code)
    }

    pub fn definition(&self, code: &str) -> Option<&ServiceDefinition> {
        self.definitions.iter().find(|d| d.service_code == code)
    }
}

/// A position in WGS84, as the spec's `lat` and `long`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLong {
    pub lat: f64,
    pub long: f64,
}

/// An answer to one service-definition attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeAnswer {
    Single(String),
    /// `multivaluelist` answers, in the order sent.
    Multi(Vec<String>),
}

/// A POSTed request that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRequest {
    pub jurisdiction_id: Option<String>,
    pub api_key: String,
    pub service_code: String,
    /// At least one of `position`, `address_string`, `address_id` is set.
    pub position: Option<LatLong>,
    pub address_string: Option<String>,
    pub address_id: Option<String>,
    pub email: Option<String>,
    pub device_id: Option<String>,
    pub account_id: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub description: Option<String>,
    pub media_url: Option<String>,
    /// Keyed by attribute code; only attributes of the service definition.
    pub attributes: BTreeMap<String, AttributeAnswer>,
}

/// Why a POST was refused. Every variant names a field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostError {
    /// 403, spec "Errors" → General Errors.
    #[error("api_key: {0}")]
    ApiKey(&'static str),
    /// 404, spec "POST Service Request" → Possible Errors.
    #[error("{field}: {value:?} was not found")]
    NotFound { field: &'static str, value: String },
    /// 400: a required field is absent or empty.
    #[error("{field}: required")]
    Missing { field: String },
    /// 400: a field is present but unusable.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
}

impl PostError {
    /// The field the error is about, as the client spelt it.
    pub fn field(&self) -> &str {
        match self {
            PostError::ApiKey(_) => "api_key",
            PostError::NotFound { field, .. } => field,
            PostError::Missing { field } | PostError::Invalid { field, .. } => field,
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            PostError::ApiKey(_) => 403,
            PostError::NotFound { .. } => 404,
            PostError::Missing { .. } | PostError::Invalid { .. } => 400,
        }
    }

    pub fn to_api_error(&self) -> ApiError {
        ApiError::new(u32::from(self.http_status()), self.to_string())
    }

    fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        PostError::Invalid { field: field.into(), message: message.into() }
    }
}

/// One answer for a failed POST. The HTTP status is the gravest of the
/// errors (403, then 404, then 400); the body lists them all.
pub fn error_response(errors: &[PostError]) -> ErrorResponse {
    let status = [403, 404].into_iter().find(|s| errors.iter().any(|e| e.http_status() == *s)).unwrap_or(400);
    ErrorResponse { http_status: status, errors: errors.iter().map(PostError::to_api_error).collect() }
}

impl NewRequest {
    /// Decodes and validates a POST /requests body.
    ///
    /// `api_key_ok` decides whether a present key is valid (keys are server
    /// state). A missing or invalid key, an unknown jurisdiction or an
    /// unknown service stop validation at once: nothing else can be judged
    /// sensibly. Otherwise all 400 errors are collected.
    pub fn from_form(body: &[u8], catalog: &Catalog, api_key_ok: &dyn Fn(&str) -> bool) -> Result<NewRequest, Vec<PostError>> {
        let mut form = Form::decode(body);

        // The key as sent, not trimmed: `key ` is another key than `key`.
        let api_key = match (form.single("api_key"), exact_value(body, "api_key")) {
            (None, _) => return Err(vec![PostError::ApiKey("missing")]),
            (Some(_), Some(k)) if api_key_ok(&k) => k,
            (Some(_), _) => return Err(vec![PostError::ApiKey("invalid")]),
        };

        let jurisdiction_id = form.single("jurisdiction_id");
        if !catalog.jurisdictions.is_empty() {
            match &jurisdiction_id {
                None => return Err(vec![PostError::Missing { field: "jurisdiction_id".into() }]),
                Some(j) if !catalog.jurisdictions.contains(j) => {
                    return Err(vec![PostError::NotFound { field: "jurisdiction_id", value: j.clone() }])
                }
                Some(_) => {}
            }
        }

        let Some(service_code) = form.single("service_code") else {
            return Err(vec![PostError::Missing { field: "service_code".into() }]);
        };
        if catalog.service(&service_code).is_none() {
            return Err(vec![PostError::NotFound { field: "service_code", value: service_code }]);
        }

        let mut errors = control_characters(&form);
        let position = position(&mut form, &mut errors);
        let address_string = form.single("address_string");
        let address_id = form.single("address_id");
        if position.is_none()
            && address_string.is_none()
            && address_id.is_none()
            && !errors.iter().any(|e| matches!(e.field(), "lat" | "long"))
        {
            // Spec: "A full location parameter must be submitted. One of
            // lat & long or address_string or address_id".
            // The spec's table calls this group the "location parameter".
            errors.push(PostError::invalid("location", "required: send lat and long, or address_string, or address_id"));
        }

        let description = form.single("description");
        if let Some(d) = &description {
            let n = d.chars().count();
            if n > DESCRIPTION_MAX_CHARS {
                errors.push(PostError::invalid("description", format!("{n} characters, the limit is {DESCRIPTION_MAX_CHARS}")));
            }
        }
        let media_url = form.single("media_url");
        if let Some(u) = &media_url {
            if !looks_like_url(u) {
                errors.push(PostError::invalid("media_url", "not an absolute http(s) URL"));
            }
        }

        let attributes = attributes(&form, catalog.definition(&service_code), &service_code, &mut errors);

        let request = NewRequest {
            jurisdiction_id,
            api_key,
            service_code,
            position,
            address_string,
            address_id,
            email: form.single("email"),
            device_id: form.single("device_id"),
            account_id: form.single("account_id"),
            first_name: form.single("first_name"),
            last_name: form.single("last_name"),
            phone: form.single("phone"),
            description,
            media_url,
            attributes,
        };
        // Problems found while decoding (repeated fields, bad attribute
        // keys) come after, in the order found.
        errors.extend(form.problems.drain(..).map(|p| PostError::invalid(p.field, p.message)));
        if errors.is_empty() {
            Ok(request)
        } else {
            Err(errors)
        }
    }
}

/// The `api_key` exactly as sent, when it is sent once: the server looks it up among its
/// clients' keys before the form is read.
pub fn api_key_of(body: &[u8]) -> Option<String> {
    exact_value(body, "api_key")
}

/// The one value of `name` exactly as sent (percent-decoded, not trimmed).
fn exact_value(body: &[u8], name: &str) -> Option<String> {
    let mut values = form_urlencoded::parse(body).filter(|(k, _)| k == name).map(|(_, v)| v.into_owned());
    let first = values.next();
    if values.next().is_some() {
        return None;
    }
    first
}

/// Fields whose text may hold tabs and line breaks: free text a person types.
const MULTILINE_FIELDS: &[&str] = &["description"];

/// Refuses control characters (and the noncharacters U+FFFE, U+FFFF, which no XML document
/// may hold) in every field and attribute, naming the field: such text would be stored and
/// served to every client. Tab, line feed and carriage return are allowed in free text.
fn control_characters(form: &Form) -> Vec<PostError> {
    let mut errors = Vec::new();
    let mut check = |field: String, value: &str, multiline: bool| {
        let bad = value
            .chars()
            .enumerate()
            .find(|&(_, c)| (c.is_control() && !(multiline && matches!(c, '\t' | '\n' | '\r'))) || matches!(c, '\u{FFFE}' | '\u{FFFF}'));
        if let Some((at, c)) = bad {
            let allowed = if multiline { "only tab and line breaks are allowed" } else { "none are allowed here" };
            errors.push(PostError::invalid(field, format!("control character U+{:04X} at character {}; {allowed}", u32::from(c), at + 1)));
        }
    };
    for (name, values) in &form.fields {
        for value in values {
            check(name.clone(), value, MULTILINE_FIELDS.contains(&name.as_str()));
        }
    }
    for (code, raw) in &form.attributes {
        for value in &raw.values {
            // A `text` attribute takes several lines; `string` ones are refused line breaks
            // where their datatype is checked.
            check(format!("attribute[{code}]"), value, true);
        }
    }
    errors
}

/// Spec: "`lat` & `long` both need to be sent even though they are sent as
/// two separate parameters."
fn position(form: &mut Form, errors: &mut Vec<PostError>) -> Option<LatLong> {
    let lat = form.single("lat");
    let long = form.single("long");
    let lat_v = lat.as_deref().and_then(|v| coordinate("lat", v, 90.0, errors));
    let long_v = long.as_deref().and_then(|v| coordinate("long", v, 180.0, errors));
    match (&lat, &long) {
        (Some(_), None) => errors.push(PostError::invalid("long", "required when lat is given")),
        (None, Some(_)) => errors.push(PostError::invalid("lat", "required when long is given")),
        _ => {}
    }
    Some(LatLong { lat: lat_v?, long: long_v? })
}

fn coordinate(field: &str, v: &str, limit: f64, errors: &mut Vec<PostError>) -> Option<f64> {
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() && x.abs() <= limit => Some(x),
        Ok(_) => {
            errors.push(PostError::invalid(field, format!("{v:?} is outside -{limit}..{limit}")));
            None
        }
        Err(_) => {
            errors.push(PostError::invalid(field, format!("{v:?} is not a number")));
            None
        }
    }
}

fn looks_like_url(u: &str) -> bool {
    let rest = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.chars().any(char::is_whitespace))
}

/// Checks the attributes against the service definition (spec, GET Service
/// Definition: `required`, `datatype`, `values`).
fn attributes(
    form: &Form,
    definition: Option<&ServiceDefinition>,
    service_code: &str,
    errors: &mut Vec<PostError>,
) -> BTreeMap<String, AttributeAnswer> {
    let mut out = BTreeMap::new();
    for (code, raw) in &form.attributes {
        let field = format!("attribute[{code}]");
        let Some(def) = definition.and_then(|d| d.attribute(code)) else {
            errors.push(PostError::invalid(field, format!("not an attribute of service {service_code}")));
            continue;
        };
        // `variable: false` attributes only inform the user; a client that
        // echoes one back has done no harm, so it is dropped, not refused.
        if !def.variable || raw.values.is_empty() {
            continue;
        }
        if let Some(answer) = check_answer(def, &raw.values, &field, errors) {
            out.insert(code.clone(), answer);
        }
    }
    for def in definition.map_or(&[][..], |d| &d.attributes) {
        if def.variable && def.required && !out.contains_key(&def.code) {
            // Already reported if a value was sent but refused.
            let field = format!("attribute[{}]", def.code);
            if !errors.iter().any(|e| e.field() == field) {
                errors.push(PostError::Missing { field });
            }
        }
    }
    out
}

fn check_answer(def: &Attribute, values: &[String], field: &str, errors: &mut Vec<PostError>) -> Option<AttributeAnswer> {
    if def.datatype == Datatype::Multivaluelist {
        let unknown: Vec<&str> = values.iter().filter(|v| !def.has_key(v)).map(String::as_str).collect();
        if !unknown.is_empty() {
            errors.push(PostError::invalid(field, format!("{unknown:?} not among the allowed keys {}", keys(def))));
            return None;
        }
        return Some(AttributeAnswer::Multi(values.to_vec()));
    }
    let [v] = values else {
        errors.push(PostError::invalid(field, format!("{} takes one value, got {}", def.datatype.as_str(), values.len())));
        return None;
    };
    let problem = match def.datatype {
        Datatype::Number if v.parse::<f64>().map_or(true, |x| !x.is_finite()) => Some(format!("{v:?} is not a number")),
        Datatype::Datetime if !is_iso_date_or_datetime(v) => Some(format!("{v:?} is not an ISO 8601 date or date-time with timezone")),
        Datatype::String if v.contains(['\n', '\r']) => Some("a string attribute takes no line breaks".to_owned()),
        Datatype::Singlevaluelist if !def.has_key(v) => Some(format!("{v:?} is not among the allowed keys {}", keys(def))),
        _ => None,
    };
    match problem {
        Some(m) => {
            errors.push(PostError::invalid(field, m));
            None
        }
        None => Some(AttributeAnswer::Single(v.clone())),
    }
}

fn keys(def: &Attribute) -> String {
    let ks: Vec<&str> = def.values.iter().map(|v| v.key.as_str()).collect();
    format!("{ks:?}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::ServiceType;

    fn catalog() -> Catalog {
        let service = Service {
            service_code: "001".into(),
            service_name: "service".into(),
            description: None,
            metadata: false,
            service_type: ServiceType::Realtime,
            keywords: None,
            group: None,
        };
        Catalog { jurisdictions: vec![], services: vec![service], definitions: vec![] }
    }

    fn post(body: &str) -> Result<NewRequest, Vec<PostError>> {
        NewRequest::from_form(body.as_bytes(), &catalog(), &|k| k == "xyz")
    }

    #[test]
    fn the_key_is_compared_as_sent() {
        assert!(post("api_key=xyz&service_code=001&lat=30&long=120").is_ok());
        for key in ["xyz+", "+xyz", "xyz%20", "xyz%09", "xy"] {
            let errors = post(&format!("api_key={key}&service_code=001&lat=30&long=120")).unwrap_err();
            assert_eq!(errors, [PostError::ApiKey("invalid")], "{key}");
        }
    }

    #[test]
    fn control_characters_are_refused_naming_the_field() {
        let base = "api_key=xyz&service_code=001&lat=30&long=120";
        let refused =
            |extra: &str| -> Vec<String> { post(&format!("{base}&{extra}")).unwrap_err().iter().map(|e| e.field().to_owned()).collect() };
        assert_eq!(refused("description=a%01%02b"), ["description"]);
        assert_eq!(refused("description=a%00b"), ["description"]);
        assert_eq!(refused("first_name=%E5%BC%A0%7F"), ["first_name"]);
        assert_eq!(refused("address_string=x%0Ay"), ["address_string"], "no line breaks in an address");
        assert_eq!(refused("description=x%EF%BF%BF"), ["description"], "U+FFFF");
        let message = post(&format!("{base}&description=ab%01")).unwrap_err()[0].to_string();
        assert!(message.starts_with("description: control character U+0001 at character 3"), "{message}");
        // Free text keeps its tabs and line breaks.
        let ok = post(&format!("{base}&description=line+1%0D%0A%09line+2")).unwrap();
        assert_eq!(ok.description.as_deref(), Some("line 1\r\n\tline 2"));
    }
}
