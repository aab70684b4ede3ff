//! Mapping between our types and GeoReport XML, both directions.
//!
//! Element names and order follow the spec's examples. Reading is tolerant
//! of what real servers do within the spec: any field order, empty elements
//! for null, namespace declarations on the root, and the service definition
//! without its `<attributes>` wrapper (the "Current XML" in
//! Service_Definition_Attributes.md, as in the ruby-gem fixture).

use super::tree::{parse, Element};
use super::write::XmlWriter;
use crate::definition::{Attribute, AttributeOption, Datatype, ServiceDefinition};
use crate::document::{Document, Errors, PostResponses, ServiceList, ServiceRequests, TokenResponses};
use crate::error::{ApiError, DecodeError};
use crate::request::{DetailedStatus, ExtendedAttributes, Note, RequestAttribute, ServiceRequest, Status};
use crate::response::{PostResponse, TokenResponse};
use crate::service::{Service, ServiceType};
use serde_json::{Map, Value};

// ---------------------------------------------------------------- helpers

fn root<'a>(el: &'a Element, expected: &'static str) -> Result<&'a Element, DecodeError> {
    if el.name == expected {
        Ok(el)
    } else {
        Err(DecodeError::Root { expected, found: el.name.clone() })
    }
}

fn required(el: &Element, name: &str, path: &str) -> Result<String, DecodeError> {
    el.child_value(name).ok_or_else(|| DecodeError::field(format!("{path}/{name}"), "required, missing or empty"))
}

fn boolean(el: &Element, name: &str, path: &str) -> Result<bool, DecodeError> {
    match required(el, name, path)?.as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(DecodeError::field(format!("{path}/{name}"), format!("expected true or false, got {other:?}"))),
    }
}

fn number(el: &Element, name: &str, path: &str) -> Result<Option<f64>, DecodeError> {
    el.child_value(name)
        .map(|v| {
            v.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .ok_or_else(|| DecodeError::field(format!("{path}/{name}"), format!("not a number: {v:?}")))
        })
        .transpose()
}

fn opt(v: &Option<String>) -> Option<&str> {
    v.as_deref()
}

// ---------------------------------------------------------------- services

impl Document for ServiceList {
    fn to_xml(&self) -> String {
        let mut w = XmlWriter::new();
        w.open("services");
        for s in &self.0 {
            w.open("service");
            w.field("service_code", Some(&s.service_code));
            w.field("service_name", Some(&s.service_name));
            w.field("description", opt(&s.description));
            w.field("metadata", Some(if s.metadata { "true" } else { "false" }));
            w.field("type", Some(s.service_type.as_str()));
            w.field("keywords", opt(&s.keywords));
            w.field("group", opt(&s.group));
            w.close("service");
        }
        w.close("services");
        w.finish()
    }

    fn from_xml(s: &str) -> Result<Self, DecodeError> {
        let doc = parse(s)?;
        let r = root(&doc, "services")?;
        r.children_named("service")
            .enumerate()
            .map(|(i, el)| {
                let path = format!("services/service[{}]", i + 1);
                let ty = required(el, "type", &path)?;
                Ok(Service {
                    service_code: required(el, "service_code", &path)?,
                    service_name: required(el, "service_name", &path)?,
                    description: el.child_value("description"),
                    metadata: boolean(el, "metadata", &path)?,
                    service_type: ServiceType::parse(&ty)
                        .ok_or_else(|| DecodeError::field(format!("{path}/type"), format!("unknown type {ty:?}")))?,
                    keywords: el.child_value("keywords"),
                    group: el.child_value("group"),
                })
            })
            .collect::<Result<_, _>>()
            .map(ServiceList)
    }
}

// ---------------------------------------------------------------- definition

impl Document for ServiceDefinition {
    fn to_xml(&self) -> String {
        let mut w = XmlWriter::new();
        w.open("service_definition");
        w.field("service_code", Some(&self.service_code));
        w.open("attributes");
        for a in &self.attributes {
            w.open("attribute");
            w.field("variable", Some(if a.variable { "true" } else { "false" }));
            w.field("code", Some(&a.code));
            w.field("datatype", Some(a.datatype.as_str()));
            w.field("required", Some(if a.required { "true" } else { "false" }));
            w.field("datatype_description", opt(&a.datatype_description));
            w.field("order", a.order.map(|o| o.to_string()).as_deref());
            w.field("description", opt(&a.description));
            if !a.values.is_empty() {
                w.open("values");
                for v in &a.values {
                    w.open("value");
                    w.field("key", Some(&v.key));
                    w.field("name", Some(&v.name));
                    w.close("value");
                }
                w.close("values");
            }
            w.close("attribute");
        }
        w.close("attributes");
        w.close("service_definition");
        w.finish()
    }

    fn from_xml(s: &str) -> Result<Self, DecodeError> {
        let doc = parse(s)?;
        let r = root(&doc, "service_definition")?;
        let service_code = required(r, "service_code", "service_definition")?;
        // v2 wraps attributes in <attributes>; older servers do not.
        let holder = r.child("attributes").unwrap_or(r);
        let attributes = holder
            .children_named("attribute")
            .enumerate()
            .map(|(i, el)| attribute_from_xml(el, &format!("service_definition/attribute[{}]", i + 1)))
            .collect::<Result<_, _>>()?;
        Ok(ServiceDefinition { service_code, attributes })
    }
}

fn attribute_from_xml(el: &Element, path: &str) -> Result<Attribute, DecodeError> {
    let dt = required(el, "datatype", path)?;
    let order = el
        .child_value("order")
        .map(|o| o.parse::<u32>().map_err(|_| DecodeError::field(format!("{path}/order"), format!("not a positive integer: {o:?}"))))
        .transpose()?;
    let values = match el.child("values") {
        None => Vec::new(),
        Some(vs) => vs
            .children_named("value")
            .enumerate()
            .map(|(i, v)| {
                let vpath = format!("{path}/values/value[{}]", i + 1);
                Ok(AttributeOption { key: required(v, "key", &vpath)?, name: required(v, "name", &vpath)? })
            })
            .collect::<Result<_, DecodeError>>()?,
    };
    Ok(Attribute {
        variable: boolean(el, "variable", path)?,
        code: required(el, "code", path)?,
        datatype: Datatype::parse(&dt).ok_or_else(|| DecodeError::field(format!("{path}/datatype"), format!("unknown datatype {dt:?}")))?,
        required: boolean(el, "required", path)?,
        datatype_description: el.child_value("datatype_description"),
        order,
        description: el.child_value("description"),
        values,
    })
}

// ---------------------------------------------------------------- requests

impl Document for ServiceRequests {
    fn to_xml(&self) -> String {
        let mut w = XmlWriter::new();
        w.open("service_requests");
        for r in &self.0 {
            request_to_xml(&mut w, r);
        }
        w.close("service_requests");
        w.finish()
    }

    fn from_xml(s: &str) -> Result<Self, DecodeError> {
        let doc = parse(s)?;
        let r = root(&doc, "service_requests")?;
        r.children_named("request")
            .enumerate()
            .map(|(i, el)| request_from_xml(el, &format!("service_requests/request[{}]", i + 1)))
            .collect::<Result<_, _>>()
            .map(ServiceRequests)
    }
}

fn request_to_xml(w: &mut XmlWriter, r: &ServiceRequest) {
    w.open("request");
    w.field("service_request_id", Some(&r.service_request_id));
    w.field("status", Some(r.status.as_str()));
    w.field("status_notes", opt(&r.status_notes));
    w.field("service_name", opt(&r.service_name));
    w.field("service_code", Some(&r.service_code));
    w.field("description", opt(&r.description));
    w.field("agency_responsible", opt(&r.agency_responsible));
    w.field("service_notice", opt(&r.service_notice));
    w.field("requested_datetime", Some(&r.requested_datetime));
    w.field("updated_datetime", opt(&r.updated_datetime));
    w.field("expected_datetime", opt(&r.expected_datetime));
    w.field("address", opt(&r.address));
    w.field("address_id", opt(&r.address_id));
    w.field("zipcode", opt(&r.zipcode));
    // f64 Display is the shortest text that reads back to the same value.
    w.field("lat", r.lat.map(|v| v.to_string()).as_deref());
    w.field("long", r.long.map(|v| v.to_string()).as_deref());
    w.field("media_url", opt(&r.media_url));
    if let Some(attrs) = &r.attributes {
        w.open("attributes");
        for a in attrs {
            w.open("attribute");
            w.field_if("label", opt(&a.label));
            w.field_if("name", opt(&a.name));
            w.field_if("value", opt(&a.value));
            w.field_if("code", opt(&a.code));
            w.close("attribute");
        }
        w.close("attributes");
    }
    if let Some(ext) = &r.extended_attributes {
        w.open("extended_attributes");
        w.field_if("detailed_status", ext.detailed_status.as_ref().map(DetailedStatus::as_str));
        for (k, v) in &ext.other {
            json_to_xml(w, k, v);
        }
        w.close("extended_attributes");
    }
    if let Some(notes) = &r.notes {
        w.open("notes");
        for n in notes {
            w.open("note");
            w.field("datetime", Some(&n.datetime));
            w.field_if("description", opt(&n.description));
            w.field_if("type", opt(&n.note_type));
            w.close("note");
        }
        w.close("notes");
    }
    w.close("request");
}

fn request_from_xml(el: &Element, path: &str) -> Result<ServiceRequest, DecodeError> {
    let status = required(el, "status", path)?;
    Ok(ServiceRequest {
        service_request_id: required(el, "service_request_id", path)?,
        status: Status::parse(&status)
            .ok_or_else(|| DecodeError::field(format!("{path}/status"), format!("expected open or closed, got {status:?}")))?,
        status_notes: el.child_value("status_notes"),
        service_name: el.child_value("service_name"),
        service_code: required(el, "service_code", path)?,
        description: el.child_value("description"),
        agency_responsible: el.child_value("agency_responsible"),
        service_notice: el.child_value("service_notice"),
        requested_datetime: required(el, "requested_datetime", path)?,
        updated_datetime: el.child_value("updated_datetime"),
        expected_datetime: el.child_value("expected_datetime"),
        address: el.child_value("address"),
        address_id: el.child_value("address_id"),
        zipcode: el.child_value("zipcode"),
        lat: number(el, "lat", path)?,
        long: number(el, "long", path)?,
        media_url: el.child_value("media_url"),
        attributes: el.child("attributes").map(|a| {
            a.children_named("attribute")
                .map(|x| RequestAttribute {
                    label: x.child_value("label"),
                    name: x.child_value("name"),
                    value: x.child_value("value"),
                    code: x.child_value("code"),
                })
                .collect()
        }),
        extended_attributes: el.child("extended_attributes").map(|x| ExtendedAttributes {
            detailed_status: x.child_value("detailed_status").map(DetailedStatus::from),
            other: xml_children_to_json(x, &["detailed_status"]),
        }),
        notes: el
            .child("notes")
            .map(|n| {
                n.children_named("note")
                    .enumerate()
                    .map(|(i, x)| {
                        Ok(Note {
                            datetime: required(x, "datetime", &format!("{path}/notes/note[{}]", i + 1))?,
                            description: x.child_value("description"),
                            note_type: x.child_value("type"),
                        })
                    })
                    .collect::<Result<_, DecodeError>>()
            })
            .transpose()?,
    })
}

/// Writes a free-form extension value. Objects become child elements and
/// arrays repeat the element, as the Parker convention reads them back.
/// Lossy by nature: XML text has no number type and a one-item array reads
/// back as a scalar; only `detailed_status` is typed.
fn json_to_xml(w: &mut XmlWriter, name: &str, v: &Value) {
    match v {
        Value::Null => w.field(name, None),
        Value::String(s) => w.field(name, Some(s)),
        Value::Bool(_) | Value::Number(_) => w.field(name, Some(&v.to_string())),
        Value::Array(items) => items.iter().for_each(|item| json_to_xml(w, name, item)),
        Value::Object(map) => {
            w.open(name);
            for (k, x) in map {
                json_to_xml(w, k, x);
            }
            w.close(name);
        }
    }
}

fn xml_children_to_json(el: &Element, skip: &[&str]) -> Map<String, Value> {
    let mut map = Map::new();
    for c in el.children.iter().filter(|c| !skip.contains(&c.name.as_str())) {
        let v =
            if c.children.is_empty() { c.value().map_or(Value::Null, Value::String) } else { Value::Object(xml_children_to_json(c, &[])) };
        match map.get_mut(&c.name) {
            Some(Value::Array(a)) => a.push(v),
            Some(prev) => *prev = Value::Array(vec![prev.take(), v]),
            None => {
                map.insert(c.name.clone(), v);
            }
        }
    }
    map
}

// ---------------------------------------------------------------- POST / token

impl Document for PostResponses {
    fn to_xml(&self) -> String {
        let mut w = XmlWriter::new();
        w.open("service_requests");
        for r in &self.0 {
            w.open("request");
            // Exactly one of id and token is sent; none for a blackbox service.
            w.field_if("service_request_id", opt(&r.service_request_id));
            w.field_if("token", opt(&r.token));
            w.field("service_notice", opt(&r.service_notice));
            w.field("account_id", opt(&r.account_id));
            w.close("request");
        }
        w.close("service_requests");
        w.finish()
    }

    fn from_xml(s: &str) -> Result<Self, DecodeError> {
        let doc = parse(s)?;
        let r = root(&doc, "service_requests")?;
        Ok(PostResponses(
            r.children_named("request")
                .map(|el| PostResponse {
                    service_request_id: el.child_value("service_request_id"),
                    token: el.child_value("token"),
                    service_notice: el.child_value("service_notice"),
                    account_id: el.child_value("account_id"),
                })
                .collect(),
        ))
    }
}

impl Document for TokenResponses {
    fn to_xml(&self) -> String {
        let mut w = XmlWriter::new();
        w.open("service_requests");
        for r in &self.0 {
            w.open("request");
            w.field_if("service_request_id", opt(&r.service_request_id));
            w.field("token", Some(&r.token));
            w.close("request");
        }
        w.close("service_requests");
        w.finish()
    }

    fn from_xml(s: &str) -> Result<Self, DecodeError> {
        let doc = parse(s)?;
        let r = root(&doc, "service_requests")?;
        r.children_named("request")
            .enumerate()
            .map(|(i, el)| {
                Ok(TokenResponse {
                    service_request_id: el.child_value("service_request_id"),
                    token: required(el, "token", &format!("service_requests/request[{}]", i + 1))?,
                })
            })
            .collect::<Result<_, _>>()
            .map(TokenResponses)
    }
}

// ---------------------------------------------------------------- errors

impl Document for Errors {
    fn to_xml(&self) -> String {
        let mut w = XmlWriter::new();
        w.open("errors");
        for e in &self.0 {
            w.open("error");
            w.field("code", Some(&e.code.to_string()));
            w.field("description", Some(&e.description));
            w.close("error");
        }
        w.close("errors");
        w.finish()
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
    let doc = parse(s)?;
    match doc.name.as_str() {
        "errors" => doc
            .children_named("error")
            .enumerate()
            .map(|(i, el)| {
                let path = format!("errors/error[{}]", i + 1);
                let code = required(el, "code", &path)?;
                Ok(ApiError {
                    code: code.parse().map_err(|_| DecodeError::field(format!("{path}/code"), format!("not a number: {code:?}")))?,
                    description: el.child_value("description").unwrap_or_default(),
                })
            })
            .collect::<Result<_, _>>()
            .map(Errors),
        "error" if doc.children.is_empty() => Ok(Errors(vec![ApiError::new(fallback_code, doc.value().unwrap_or_default())])),
        other => Err(DecodeError::Root { expected: "errors", found: other.to_owned() }),
    }
}
