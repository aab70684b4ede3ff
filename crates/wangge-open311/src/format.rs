//! Choosing JSON or XML from the URL, and rendering bodies in that format.
//!
//! GeoReport v2, "Format Support": "The client can specify the desired
//! format by appending the format name to the resource", e.g.
//! `/services.xml`, `/services/01.json`. XML is the required format, JSON
//! optional; errors are answered in the format that was asked for.

use crate::document::{Document, Errors};
use crate::error::ErrorResponse;

/// A wire format of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The spec's required format, hence the default for error answers when
    /// the URL names no usable format.
    #[default]
    Xml,
    Json,
}

/// The URL's last segment has no `.xml`/`.json` suffix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the resource must end in .xml or .json, got {path:?}")]
pub struct FormatError {
    pub path: String,
}

impl FormatError {
    /// Spec, "Errors" → General Errors: "400 - The URL request is invalid".
    pub fn to_error_response(&self) -> ErrorResponse {
        ErrorResponse::single(400, self.to_string())
    }
}

impl Format {
    /// HTTP Content-Type, as the spec writes it.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Xml => "text/xml; charset=utf-8",
            Format::Json => "application/json; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Xml => "xml",
            Format::Json => "json",
        }
    }

    /// Splits `/dev/v2/services/033.json` into `("/dev/v2/services/033", Json)`.
    ///
    /// Only the last segment's last dot counts, so codes with dots survive
    /// (`/services/4.5.xml` is service `4.5`). The suffix is case-sensitive
    /// like the spec's examples.
    pub fn split_path(path: &str) -> Result<(&str, Format), FormatError> {
        let err = || FormatError { path: path.to_owned() };
        let seg_start = path.rfind('/').map_or(0, |i| i + 1);
        let dot = path[seg_start..].rfind('.').ok_or_else(err)? + seg_start;
        let format = match &path[dot + 1..] {
            "xml" => Format::Xml,
            "json" => Format::Json,
            _ => return Err(err()),
        };
        if dot == seg_start {
            // `/.json`: a format but no resource.
            return Err(err());
        }
        Ok((&path[..dot], format))
    }
}

/// An HTTP answer body with its status and content type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub http_status: u16,
    pub content_type: &'static str,
    pub body: String,
}

/// A successful (200) answer.
pub fn render<D: Document>(doc: &D, format: Format) -> Rendered {
    Rendered { http_status: 200, content_type: format.content_type(), body: encode(doc, format) }
}

/// An error answer: the status from the response, the body in `format`.
pub fn render_errors(err: &ErrorResponse, format: Format) -> Rendered {
    Rendered { http_status: err.http_status, content_type: format.content_type(), body: encode(&Errors(err.errors.clone()), format) }
}

/// A document's body in `format`.
pub fn encode<D: Document>(doc: &D, format: Format) -> String {
    match format {
        Format::Xml => doc.to_xml(),
        Format::Json => doc.to_json(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_spec_urls() {
        assert_eq!(Format::split_path("/dev/v2/services.xml"), Ok(("/dev/v2/services", Format::Xml)));
        assert_eq!(Format::split_path("/services/01.json"), Ok(("/services/01", Format::Json)));
        assert_eq!(Format::split_path("/services/4.5.xml"), Ok(("/services/4.5", Format::Xml)));
        assert!(Format::split_path("/requests").is_err());
        assert!(Format::split_path("/requests.yaml").is_err());
        assert!(Format::split_path("/v2.1/requests").is_err());
        assert!(Format::split_path("/.json").is_err());
    }

    #[test]
    fn errors_come_in_the_asked_format() {
        let e = ErrorResponse::single(404, "service_code 999 not found");
        let json = render_errors(&e, Format::Json);
        assert_eq!(json.http_status, 404);
        assert!(json.body.contains("\"code\": 404"));
        let xml = render_errors(&e, Format::Xml);
        assert!(xml.body.contains("<errors>") && xml.body.contains("<code>404</code>"));
        assert_eq!(xml.content_type, "text/xml; charset=utf-8");
    }
}
