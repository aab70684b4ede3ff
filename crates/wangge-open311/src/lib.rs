//! Open311 GeoReport v2 wire format for Wangge's intake.
//!
//! Pure data: types for every response body, JSON and XML codecs for each
//! ([`Document`]), the POST /requests form decoder and validator ([`post`]),
//! the spec's error answers ([`ErrorResponse`]) and format selection by URL
//! suffix ([`Format`]). No server and no storage live here; `wangge serve`
//! mounts this on HTTP.
//!
//! Spec texts followed: GeoReport v2 (frozen), its Extensions page
//! (`extended_attributes`, `notes`), Service_Definition_Attributes (the
//! unwrapped attribute list), JSON_and_XML_Conversion (why the spec's JSON
//! has numbers where the schemas want strings).

pub mod datetime;
pub mod definition;
pub mod document;
pub mod error;
pub mod form;
pub mod format;
pub mod json;
mod lenient;
pub mod post;
pub mod request;
pub mod response;
pub mod service;
pub mod xml;

pub use definition::{Attribute, AttributeOption, Datatype, ServiceDefinition};
pub use document::{Document, Errors, PostResponses, ServiceList, ServiceRequests, TokenResponses};
pub use error::{ApiError, DecodeError, ErrorResponse};
pub use format::{render, render_errors, Format, FormatError, Rendered};
pub use post::{AttributeAnswer, Catalog, NewRequest, PostError};
pub use request::{DetailedStatus, ExtendedAttributes, Note, RequestAttribute, ServiceRequest, Status};
pub use response::{PostResponse, TokenResponse};
pub use service::{Service, ServiceType};
