//! POST /requests bodies: good ones become a `NewRequest`, bad ones give
//! errors that name the field and carry the spec's HTTP status.

use wangge_open311::post::{error_response, AttributeAnswer, Catalog, LatLong, NewRequest, PostError};
use wangge_open311::{Attribute, AttributeOption, Datatype, Service, ServiceDefinition, ServiceType};

fn attr(code: &str, datatype: Datatype, required: bool, keys: &[&str]) -> Attribute {
    Attribute {
        variable: true,
        code: code.into(),
        datatype,
        required,
        datatype_description: None,
        order: None,
        description: None,
        values: keys.iter().map(|k| AttributeOption { key: (*k).into(), name: format!("name {k}") }).collect(),
    }
}

fn catalog() -> Catalog {
    let service = |code: &str, metadata| Service {
        service_code: code.into(),
        service_name: format!("service {code}"),
        description: None,
        metadata,
        service_type: ServiceType::Realtime,
        keywords: None,
        group: None,
    };
    Catalog {
        jurisdictions: vec![],
        services: vec![service("001", false), service("DMV66", true)],
        definitions: vec![ServiceDefinition {
            service_code: "DMV66".into(),
            attributes: vec![
                attr("WHISHETN", Datatype::Singlevaluelist, true, &["123", "124"]),
                attr("COUNT", Datatype::Number, false, &[]),
                attr("COLOURS", Datatype::Multivaluelist, false, &["red", "blue"]),
                attr("SEEN", Datatype::Datetime, false, &[]),
            ],
        }],
    }
}

fn post(body: &str) -> Result<NewRequest, Vec<PostError>> {
    NewRequest::from_form(body.as_bytes(), &catalog(), &|k| k == "xyz")
}

/// The fields named by the errors of a refused body.
fn fields(body: &str) -> Vec<String> {
    post(body).expect_err("body must be refused").iter().map(|e| e.field().to_owned()).collect()
}

#[test]
fn the_spec_example_body_is_accepted() {
    // The spec's example, with its attributes aimed at a service without a
    // definition replaced by ones DMV66 defines.
    let body = "api_key=xyz&jurisdiction_id=city.gov&service_code=DMV66&lat=37.76524078&long=-122.4212043\
        &address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456\
        &first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street\
        &media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg\
        &attribute[WHISHETN]=123&attribute[COLOURS][]=red&attribute[COLOURS][]=blue&attribute[SEEN]=2010-04-14T06:37:38-08:00";
    let r = post(body).expect("valid");
    assert_eq!(r.position, Some(LatLong { lat: 37.76524078, long: -122.4212043 }));
    assert_eq!(r.address_string.as_deref(), Some("1234 5th street"));
    assert_eq!(r.attributes["WHISHETN"], AttributeAnswer::Single("123".into()));
    assert_eq!(r.attributes["COLOURS"], AttributeAnswer::Multi(vec!["red".into(), "blue".into()]));
}

#[test]
fn one_location_form_is_enough_and_empty_means_absent() {
    assert!(post("api_key=xyz&service_code=001&address_id=545483").is_ok());
    assert!(post("api_key=xyz&service_code=001&address_string=8TH+AVE&lat=&long=").is_ok());
}

#[test]
fn missing_service_code() {
    let errs = post("api_key=xyz&lat=1&long=2").unwrap_err();
    assert_eq!(errs, vec![PostError::Missing { field: "service_code".into() }]);
    assert_eq!(error_response(&errs).http_status, 400);
}

#[test]
fn unknown_service_code_is_404() {
    // Spec, POST Service Request, Possible Errors: "404 - service_code or
    // jurisdiction_id was not found".
    let errs = post("api_key=xyz&service_code=999&lat=1&long=2").unwrap_err();
    assert_eq!(errs[0].field(), "service_code");
    let resp = error_response(&errs);
    assert_eq!(resp.http_status, 404);
    assert_eq!(resp.errors[0].code, 404);
    assert!(resp.errors[0].description.starts_with("service_code: \"999\""));
}

#[test]
fn missing_or_bad_api_key_is_403() {
    for body in ["service_code=001&lat=1&long=2", "api_key=nope&service_code=001&lat=1&long=2"] {
        let errs = post(body).unwrap_err();
        assert_eq!(errs[0].field(), "api_key");
        assert_eq!(error_response(&errs).http_status, 403);
    }
}

#[test]
fn lat_without_long() {
    assert_eq!(fields("api_key=xyz&service_code=001&lat=37.7"), ["long"]);
    assert_eq!(fields("api_key=xyz&service_code=001&long=-122.4"), ["lat"]);
}

#[test]
fn non_numeric_and_out_of_range_coordinates() {
    let errs = post("api_key=xyz&service_code=001&lat=north&long=-122.4").unwrap_err();
    assert_eq!(errs[0].field(), "lat");
    assert!(errs[0].to_string().contains("not a number"), "{}", errs[0]);
    assert_eq!(fields("api_key=xyz&service_code=001&lat=37&long=200"), ["long"]);
}

#[test]
fn no_location_at_all() {
    assert_eq!(fields("api_key=xyz&service_code=001&description=hole"), ["location"]);
}

#[test]
fn unknown_attribute_value() {
    let errs = post("api_key=xyz&service_code=DMV66&lat=1&long=2&attribute[WHISHETN]=999").unwrap_err();
    assert_eq!(errs.len(), 1, "not also reported as missing: {errs:?}");
    assert_eq!(errs[0].field(), "attribute[WHISHETN]");
    assert!(errs[0].to_string().contains("\"999\" is not among the allowed keys"), "{}", errs[0]);
    assert_eq!(error_response(&errs).http_status, 400);
    assert_eq!(
        fields("api_key=xyz&service_code=DMV66&lat=1&long=2&attribute[WHISHETN]=123&attribute[COLOURS][]=green"),
        ["attribute[COLOURS]"]
    );
}

#[test]
fn missing_required_attribute() {
    let errs = post("api_key=xyz&service_code=DMV66&lat=1&long=2").unwrap_err();
    assert_eq!(errs, vec![PostError::Missing { field: "attribute[WHISHETN]".into() }]);
    assert_eq!(errs[0].to_string(), "attribute[WHISHETN]: required");
}

#[test]
fn attribute_datatypes_are_checked() {
    let base = "api_key=xyz&service_code=DMV66&lat=1&long=2&attribute[WHISHETN]=123";
    assert_eq!(fields(&format!("{base}&attribute[COUNT]=many")), ["attribute[COUNT]"]);
    assert_eq!(fields(&format!("{base}&attribute[SEEN]=yesterday")), ["attribute[SEEN]"]);
    assert_eq!(fields(&format!("{base}&attribute[NOPE]=1")), ["attribute[NOPE]"]);
    assert_eq!(fields(&format!("{base}&attribute[COUNT][]=1&attribute[COUNT][]=2")), ["attribute[COUNT]"]);
    assert!(post(&format!("{base}&attribute[COUNT]=3.5&attribute[SEEN]=2010-04-14")).is_ok());
}

#[test]
fn several_errors_come_together() {
    let errs = fields("api_key=xyz&service_code=DMV66&lat=x&long=2&attribute[COUNT]=many&lat=3&attribute[bad");
    // lat twice, a bad number, a missing required attribute, a bad key.
    assert!(errs.contains(&"lat".to_owned()), "{errs:?}");
    assert!(errs.contains(&"attribute[COUNT]".to_owned()), "{errs:?}");
    assert!(errs.contains(&"attribute[WHISHETN]".to_owned()), "{errs:?}");
    assert!(errs.contains(&"attribute[bad".to_owned()), "{errs:?}");
}

#[test]
fn jurisdictions_when_configured() {
    let mut c = catalog();
    c.jurisdictions = vec!["city.gov".into()];
    let run = |b: &str| NewRequest::from_form(b.as_bytes(), &c, &|_| true);
    let errs = run("api_key=k&service_code=001&lat=1&long=2").unwrap_err();
    assert_eq!((errs[0].field(), errs[0].http_status()), ("jurisdiction_id", 400));
    let errs = run("api_key=k&jurisdiction_id=other.gov&service_code=001&lat=1&long=2").unwrap_err();
    assert_eq!((errs[0].field(), errs[0].http_status()), ("jurisdiction_id", 404));
    assert!(run("api_key=k&jurisdiction_id=city.gov&service_code=001&lat=1&long=2").is_ok());
}

#[test]
fn description_limit_and_media_url() {
    let long = "a".repeat(4001);
    assert_eq!(fields(&format!("api_key=xyz&service_code=001&address_id=1&description={long}")), ["description"]);
    assert_eq!(fields("api_key=xyz&service_code=001&address_id=1&media_url=not+a+url"), ["media_url"]);
}
