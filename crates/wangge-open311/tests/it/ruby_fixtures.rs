//! The ruby-gem client fixtures (real server answers, XML) parse into our
//! types and round-trip: emitted XML reads back equal.

use std::path::Path;
use wangge_open311::{Document, Errors, PostResponses, ServiceDefinition, ServiceList, ServiceRequests, TokenResponses};

use crate::common;

fn round_trip<D: Document + PartialEq + std::fmt::Debug>(dir: &Path, file: &str) -> D {
    let text = common::read(&dir.join("ruby-gem-fixtures").join(file));
    let doc = D::from_xml(&text).unwrap_or_else(|e| panic!("{file} does not parse: {e}"));
    let xml = doc.to_xml();
    let back = D::from_xml(&xml).unwrap_or_else(|e| panic!("{file} re-emitted does not parse: {e}\n{xml}"));
    assert_eq!(back, doc, "{file}: round trip");
    // JSON too, since the same value goes out in either format.
    assert_eq!(D::from_json(&doc.to_json()).unwrap(), doc, "{file}: JSON round trip");
    doc
}

#[test]
fn every_ruby_gem_fixture_round_trips() {
    let Some(dir) = common::fixtures() else {
        return;
    };
    let mut done = 0;

    let s: ServiceList = round_trip(&dir, "services.xml");
    assert_eq!(s.0.len(), 36);
    assert_eq!(s.0[0].keywords, None, "<keywords/> is null");
    assert!(s.0[0].description.as_deref().unwrap().ends_with("will be cited."));
    done += 1;

    let d: ServiceDefinition = round_trip(&dir, "service_definition.xml");
    assert_eq!(d.attributes.len(), 1, "unwrapped <attribute> list is read");
    assert_eq!(d.attributes[0].values.len(), 2);
    done += 1;

    let r: ServiceRequests = round_trip(&dir, "service_requests.xml");
    assert_eq!(r.0.len(), 2);
    assert_eq!(r.0[1].status_notes, None);
    done += 1;

    let r: ServiceRequests = round_trip(&dir, "get_service_request.xml");
    assert_eq!(r.0[0].lat, Some(37.762221815));
    assert_eq!(r.0[0].media_url.as_deref(), Some("http://open311.city.gov.s3.amazonaws.com/requests/media/638344.rss"));
    done += 1;

    let r: ServiceRequests = round_trip(&dir, "service_requests_empty.xml");
    assert!(r.0.is_empty());
    done += 1;

    let p: PostResponses = round_trip(&dir, "post_service_request.xml");
    assert_eq!(p.0[0].service_request_id.as_deref(), Some("293944"));
    assert_eq!(p.0[0].account_id, None);
    done += 1;

    let t: TokenResponses = round_trip(&dir, "request_id_from_token.xml");
    assert_eq!(t.0[0].token, "12345");
    done += 1;

    let e: Errors = round_trip(&dir, "get_service_request_not_found.xml");
    assert_eq!(e.0[0].code, 404);
    assert!(e.0[0].description.contains("not-an-id"));
    done += 1;

    // 403.xml is a whole HTTP message with a legacy bare <error> body.
    let text = common::read(&dir.join("ruby-gem-fixtures/403.xml"));
    let (status, e) = Errors::from_http_xml(&text).expect("403.xml parses");
    assert_eq!(status, 403);
    assert_eq!(e.0.len(), 1);
    assert_eq!(e.0[0].code, 403, "code taken from the status line");
    assert!(e.0[0].description.starts_with("Invalid api_key"));
    let xml = e.to_xml();
    assert!(xml.contains("<errors>") && xml.contains("<code>403</code>"));
    assert_eq!(Errors::from_xml(&xml).unwrap(), e, "403.xml round trip");
    done += 1;

    let on_disk = std::fs::read_dir(dir.join("ruby-gem-fixtures"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "xml"))
        .count();
    assert_eq!(done, on_disk, "every XML fixture is covered");
    eprintln!("ruby-gem fixtures: {done}/{on_disk} round-trip");
}

#[test]
fn wrong_documents_are_refused_with_a_path() {
    let e = ServiceList::from_xml("<service_requests/>").unwrap_err();
    assert!(e.to_string().contains("expected <services>"), "{e}");
    let e = ServiceRequests::from_xml(
        "<service_requests><request><service_request_id>1</service_request_id><status>open</status>\
         <service_code>1</service_code><requested_datetime>2010-01-01T00:00:00Z</requested_datetime>\
         <lat>north</lat></request></service_requests>",
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "service_requests/request[1]/lat: not a number: \"north\"");
}
