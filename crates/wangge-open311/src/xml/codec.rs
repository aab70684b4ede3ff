//! Our types to and from the wire structs of [`super::wire`], both directions.
//!
//! Writing borrows. Reading is tolerant of what real servers do within the spec: any
//! field order, empty elements for null, namespace declarations on the root, and the
//! service definition without its `<attributes>` wrapper (the "Current XML" in
//! Service_Definition_Attributes.md, as in the ruby-gem fixture). Values arrive as text
//! and are typed here, each error naming the element it is about.

use super::extension::Extension;
use super::wire::{self, Text};
use super::{deserialize, pad, read, root_name, write, EMPTY_TEXT};
use crate::definition::{Attribute, AttributeOption, Datatype, ServiceDefinition};
use crate::document::{Document, Errors, PostResponses, ServiceList, ServiceRequests, TokenResponses};
use crate::error::{ApiError, DecodeError};
use crate::request::{DetailedStatus, ExtendedAttributes, Note, RequestAttribute, ServiceRequest, Status};
use crate::response::{PostResponse, TokenResponse};
use crate::service::{Service, ServiceType};
use std::borrow::Cow;

// ---------------------------------------------------------------- helpers

/// Text to write. An empty string stays apart from null (see [`EMPTY_TEXT`]).
fn text(s: &str) -> Text<'_> {
    Some(Cow::Borrowed(if s.is_empty() { EMPTY_TEXT } else { s }))
}

fn opt(s: &Option<String>) -> Text<'_> {
    s.as_deref().and_then(text)
}

fn flag(b: bool) -> Text<'static> {
    Some(Cow::Borrowed(if b { "true" } else { "false" }))
}

/// A number's text. f64 `Display` is the shortest text that reads back to the same value.
fn figure(n: Option<impl ToString>) -> Text<'static> {
    n.map(|n| Cow::Owned(n.to_string()))
}

/// Trimmed text, `None` when empty.
///
/// Whitespace around a value is pretty-printing, not data: the spec's POST example
/// indents `service_notice` over three lines while its JSON twin carries the bare
/// sentence. An empty element is the XML form of the JSON `null` in the spec's paired
/// examples.
fn value(t: Text<'_>) -> Option<String> {
    let t = t?;
    let trimmed = t.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

fn required(t: Text<'_>, path: &str, name: &str) -> Result<String, DecodeError> {
    value(t).ok_or_else(|| DecodeError::field(format!("{path}/{name}"), "required, missing or empty"))
}

fn boolean(t: Text<'_>, path: &str, name: &str) -> Result<bool, DecodeError> {
    match required(t, path, name)?.as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(DecodeError::field(format!("{path}/{name}"), format!("expected true or false, got {other:?}"))),
    }
}

fn number(t: Text<'_>, path: &str, name: &str) -> Result<Option<f64>, DecodeError> {
    value(t)
        .map(|v| {
            v.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .ok_or_else(|| DecodeError::field(format!("{path}/{name}"), format!("not a number: {v:?}")))
        })
        .transpose()
}

/// Reads each item of a list with its path, `{list}[1]` for the first.
fn items<W, T>(list: Vec<W>, path: &str, item: impl Fn(W, &str) -> Result<T, DecodeError>) -> Result<Vec<T>, DecodeError> {
    list.into_iter().enumerate().map(|(i, w)| item(w, &format!("{path}[{}]", i + 1))).collect()
}

// ---------------------------------------------------------------- services

impl Document for ServiceList {
    fn to_xml(&self) -> String {
        let service = self
            .0
            .iter()
            .map(|s| wire::Service {
                service_code: text(&s.service_code),
                service_name: text(&s.service_name),
                description: opt(&s.description),
                metadata: flag(s.metadata),
                service_type: text(s.service_type.as_str()),
                keywords: opt(&s.keywords),
                group: opt(&s.group),
            })
            .collect();
        write("services", &wire::Services { service, pad: pad(self.0.is_empty(), 0) })
    }

    fn from_xml(s: &str) -> Result<Self, DecodeError> {
        let doc: wire::Services = read(s, "services")?;
        items(doc.service, "services/service", service_from_xml).map(ServiceList)
    }
}

fn service_from_xml(el: wire::Service, path: &str) -> Result<Service, DecodeError> {
    let ty = required(el.service_type, path, "type")?;
    Ok(Service {
        service_code: required(el.service_code, path, "service_code")?,
        service_name: required(el.service_name, path, "service_name")?,
        description: value(el.description),
        metadata: boolean(el.metadata, path, "metadata")?,
        service_type: ServiceType::parse(&ty).ok_or_else(|| DecodeError::field(format!("{path}/type"), format!("unknown type {ty:?}")))?,
        keywords: value(el.keywords),
        group: value(el.group),
    })
}

// ---------------------------------------------------------------- definition

impl Document for ServiceDefinition {
    fn to_xml(&self) -> String {
        let attribute = self
            .attributes
            .iter()
            .map(|a| wire::Attribute {
                variable: flag(a.variable),
                code: text(&a.code),
                datatype: text(a.datatype.as_str()),
                required: flag(a.required),
                datatype_description: opt(&a.datatype_description),
                order: figure(a.order),
                description: opt(&a.description),
                values: (!a.values.is_empty()).then(|| wire::Values {
                    value: a.values.iter().map(|v| wire::Value { key: text(&v.key), name: text(&v.name) }).collect(),
                }),
            })
            .collect();
        let attributes = wire::Attributes { attribute, pad: pad(self.attributes.is_empty(), 1) };
        write(
            "service_definition",
            &wire::Definition { service_code: text(&self.service_code), attributes: Some(attributes), attribute: Vec::new() },
        )
    }

    fn from_xml(s: &str) -> Result<Self, DecodeError> {
        let doc: wire::Definition = read(s, "service_definition")?;
        let service_code = required(doc.service_code, "service_definition", "service_code")?;
        let list = match doc.attributes {
            Some(wrapped) => wrapped.attribute,
            None => doc.attribute,
        };
        let attributes = items(list, "service_definition/attribute", attribute_from_xml)?;
        Ok(ServiceDefinition { service_code, attributes })
    }
}

fn attribute_from_xml(el: wire::Attribute, path: &str) -> Result<Attribute, DecodeError> {
    let dt = required(el.datatype, path, "datatype")?;
    let order = value(el.order)
        .map(|o| o.parse::<u32>().map_err(|_| DecodeError::field(format!("{path}/order"), format!("not a positive integer: {o:?}"))))
        .transpose()?;
    let values = match el.values {
        None => Vec::new(),
        Some(vs) => items(vs.value, &format!("{path}/values/value"), |v, vpath| {
            Ok(AttributeOption { key: required(v.key, vpath, "key")?, name: required(v.name, vpath, "name")? })
        })?,
    };
    Ok(Attribute {
        variable: boolean(el.variable, path, "variable")?,
        code: required(el.code, path, "code")?,
        datatype: Datatype::parse(&dt).ok_or_else(|| DecodeError::field(format!("{path}/datatype"), format!("unknown datatype {dt:?}")))?,
        required: boolean(el.required, path, "required")?,
        datatype_description: value(el.datatype_description),
        order,
        description: value(el.description),
        values,
    })
}

// ---------------------------------------------------------------- requests

impl Document for ServiceRequests {
    fn to_xml(&self) -> String {
        write("service_requests", &wire::Requests { request: self.0.iter().map(request_to_xml).collect(), pad: pad(self.0.is_empty(), 0) })
    }

    fn from_xml(s: &str) -> Result<Self, DecodeError> {
        let doc: wire::Requests<wire::Request> = read(s, "service_requests")?;
        items(doc.request, "service_requests/request", request_from_xml).map(ServiceRequests)
    }
}

/// Level of the extension containers: `<service_requests>` ⇊ `<request>` ⇊ here.
const IN_REQUEST: usize = 2;

fn request_to_xml(r: &ServiceRequest) -> wire::Request<'_> {
    wire::Request {
        service_request_id: text(&r.service_request_id),
        status: text(r.status.as_str()),
        status_notes: opt(&r.status_notes),
        service_name: opt(&r.service_name),
        service_code: text(&r.service_code),
        description: opt(&r.description),
        agency_responsible: opt(&r.agency_responsible),
        service_notice: opt(&r.service_notice),
        requested_datetime: text(&r.requested_datetime),
        updated_datetime: opt(&r.updated_datetime),
        expected_datetime: opt(&r.expected_datetime),
        address: opt(&r.address),
        address_id: opt(&r.address_id),
        zipcode: opt(&r.zipcode),
        lat: figure(r.lat),
        long: figure(r.long),
        media_url: opt(&r.media_url),
        attributes: r.attributes.as_ref().map(|attrs| wire::RequestAttributes {
            attribute: attrs
                .iter()
                .map(|a| wire::RequestAttribute {
                    label: opt(&a.label),
                    name: opt(&a.name),
                    value: opt(&a.value),
                    code: opt(&a.code),
                    pad: pad([&a.label, &a.name, &a.value, &a.code].iter().all(|f| f.is_none()), IN_REQUEST + 1),
                })
                .collect(),
            pad: pad(attrs.is_empty(), IN_REQUEST),
        }),
        extended_attributes: r.extended_attributes.as_ref().map(|x| Extension {
            detailed_status: x.detailed_status.as_ref().map(|d| Cow::Borrowed(d.as_str())),
            other: Cow::Borrowed(&x.other),
        }),
        notes: r.notes.as_ref().map(|notes| wire::Notes {
            note: notes
                .iter()
                .map(|n| wire::Note { datetime: text(&n.datetime), description: opt(&n.description), note_type: opt(&n.note_type) })
                .collect(),
            pad: pad(notes.is_empty(), IN_REQUEST),
        }),
    }
}

fn request_from_xml(el: wire::Request, path: &str) -> Result<ServiceRequest, DecodeError> {
    let status = required(el.status, path, "status")?;
    Ok(ServiceRequest {
        service_request_id: required(el.service_request_id, path, "service_request_id")?,
        status: Status::parse(&status)
            .ok_or_else(|| DecodeError::field(format!("{path}/status"), format!("expected open or closed, got {status:?}")))?,
        status_notes: value(el.status_notes),
        service_name: value(el.service_name),
        service_code: required(el.service_code, path, "service_code")?,
        description: value(el.description),
        agency_responsible: value(el.agency_responsible),
        service_notice: value(el.service_notice),
        requested_datetime: required(el.requested_datetime, path, "requested_datetime")?,
        updated_datetime: value(el.updated_datetime),
        expected_datetime: value(el.expected_datetime),
        address: value(el.address),
        address_id: value(el.address_id),
        zipcode: value(el.zipcode),
        lat: number(el.lat, path, "lat")?,
        long: number(el.long, path, "long")?,
        media_url: value(el.media_url),
        attributes: el.attributes.map(|a| {
            a.attribute
                .into_iter()
                .map(|x| RequestAttribute { label: value(x.label), name: value(x.name), value: value(x.value), code: value(x.code) })
                .collect()
        }),
        extended_attributes: el.extended_attributes.map(|x| ExtendedAttributes {
            detailed_status: x.detailed_status.map(|d| DetailedStatus::from(d.into_owned())),
            other: x.other.into_owned(),
        }),
        notes: el
            .notes
            .map(|n| {
                items(n.note, &format!("{path}/notes/note"), |x, npath| {
                    Ok(Note {
                        datetime: required(x.datetime, npath, "datetime")?,
                        description: value(x.description),
                        note_type: value(x.note_type),
                    })
                })
            })
            .transpose()?,
    })
}

// ---------------------------------------------------------------- POST / token

impl Document for PostResponses {
    fn to_xml(&self) -> String {
        let request = self
            .0
            .iter()
            .map(|r| wire::PostResponse {
                // Exactly one of id and token is sent; none for a blackbox service.
                service_request_id: opt(&r.service_request_id),
                token: opt(&r.token),
                service_notice: opt(&r.service_notice),
                account_id: opt(&r.account_id),
            })
            .collect();
        write("service_requests", &wire::Requests { request, pad: pad(self.0.is_empty(), 0) })
    }

    fn from_xml(s: &str) -> Result<Self, DecodeError> {
        let doc: wire::Requests<wire::PostResponse> = read(s, "service_requests")?;
        let answers = doc.request.into_iter().map(|el| PostResponse {
            service_request_id: value(el.service_request_id),
            token: value(el.token),
            service_notice: value(el.service_notice),
            account_id: value(el.account_id),
        });
        Ok(PostResponses(answers.collect()))
    }
}

impl Document for TokenResponses {
    fn to_xml(&self) -> String {
        let request =
            self.0.iter().map(|r| wire::TokenResponse { service_request_id: opt(&r.service_request_id), token: text(&r.token) }).collect();
        write("service_requests", &wire::Requests { request, pad: pad(self.0.is_empty(), 0) })
    }

    fn from_xml(s: &str) -> Result<Self, DecodeError> {
        let doc: wire::Requests<wire::TokenResponse> = read(s, "service_requests")?;
        items(doc.request, "service_requests/request", |el, path| {
            Ok(TokenResponse { service_request_id: value(el.service_request_id), token: required(el.token, path, "token")? })
        })
        .map(TokenResponses)
    }
}

// ---------------------------------------------------------------- errors

impl Document for Errors {
    fn to_xml(&self) -> String {
        let error = self.0.iter().map(|e| wire::Error { code: figure(Some(e.code)), description: text(&e.description) }).collect();
        write("errors", &wire::Errors { error, pad: pad(self.0.is_empty(), 0) })
    }

    /// A bare legacy `<error>` body gets code 400, the spec's catch-all;
    /// use [`Errors::from_http_xml`] to take the code from the HTTP status.
    fn from_xml(s: &str) -> Result<Self, DecodeError> {
        errors_from_xml(s, 400)
    }
}

/// Reads `<errors>` ⇊ `<error>{code, description}`, or the single
/// `<error>text</error>` some servers send (ruby-gem `403.xml`), whose code
/// is then `fallback_code`.
pub(crate) fn errors_from_xml(s: &str, fallback_code: u32) -> Result<Errors, DecodeError> {
    match root_name(s)?.as_str() {
        "errors" => {
            let doc: wire::Errors = deserialize(s, "errors")?;
            items(doc.error, "errors/error", |el, path| {
                let code = required(el.code, path, "code")?;
                Ok(ApiError {
                    code: code.parse().map_err(|_| DecodeError::field(format!("{path}/code"), format!("not a number: {code:?}")))?,
                    description: value(el.description).unwrap_or_default(),
                })
            })
            .map(Errors)
        }
        "error" => match quick_xml::de::from_str::<wire::LegacyError>(s) {
            Ok(legacy) => Ok(Errors(vec![ApiError::new(fallback_code, value(legacy.description.map(Cow::Owned)).unwrap_or_default())])),
            Err(quick_xml::DeError::InvalidXml(e)) => Err(DecodeError::Xml(e.to_string())),
            // Child elements: not the legacy body, and no other we know.
            Err(_) => Err(DecodeError::Root { expected: "errors", found: "error".to_owned() }),
        },
        other => Err(DecodeError::Root { expected: "errors", found: other.to_owned() }),
    }
}
