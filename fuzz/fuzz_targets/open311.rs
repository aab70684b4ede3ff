//! Any bytes through every Open311 parser: the POST form decoder and validator, and the JSON
//! and XML decoders of every document. None may panic; what decodes must encode again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangge_open311::{
    Catalog, Document, Errors, NewRequest, PostResponses, ServiceDefinition, ServiceList, ServiceRequests, TokenResponses,
};

/// One plain service and one with a definition (a required single-value list and a free
/// number), so that form validation gets past the service code. Written as JSON, so that
/// fields added to the types later need no change here.
fn catalog() -> Catalog {
    let services = ServiceList::from_json(
        r#"[{"service_code":"001","service_name":"路灯","metadata":false,"type":"realtime"},
            {"service_code":"002","service_name":"占道","metadata":true,"type":"realtime"}]"#,
    )
    .expect("the catalog's services decode");
    let definition = ServiceDefinition::from_json(
        r#"{"service_code":"002","attributes":[
            {"variable":true,"code":"KIND","datatype":"singlevaluelist","required":true,"order":1,
             "description":"kind","values":[{"key":"1","name":"one"}]},
            {"variable":true,"code":"N","datatype":"number","required":false,"order":2,"description":"n"}]}"#,
    )
    .expect("the catalog's definition decodes");
    Catalog { jurisdictions: Vec::new(), services: services.0, definitions: vec![definition] }
}

/// Decodes `text` as JSON and as XML; whatever decodes is encoded again both ways.
fn both<D: Document>(text: &str) {
    if let Ok(doc) = D::from_json(text) {
        let _ = doc.to_json();
        let _ = doc.to_xml();
    }
    if let Ok(doc) = D::from_xml(text) {
        let _ = doc.to_json();
        let _ = doc.to_xml();
    }
}

fuzz_target!(|data: &[u8]| {
    let catalog = catalog();
    let _ = NewRequest::from_form(data, &catalog, &|key| key == "key");
    let Ok(text) = std::str::from_utf8(data) else { return };
    both::<ServiceList>(text);
    both::<ServiceDefinition>(text);
    both::<ServiceRequests>(text);
    both::<PostResponses>(text);
    both::<TokenResponses>(text);
    both::<Errors>(text);
    let _ = Errors::from_http_xml(text);
});
