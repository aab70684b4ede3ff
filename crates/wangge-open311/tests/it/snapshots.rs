//! Snapshots of one emitted JSON and one emitted XML document, so that any
//! change to what clients receive shows up in review.

use wangge_open311::{
    Attribute, AttributeOption, Datatype, DetailedStatus, Document, Note, ServiceDefinition, ServiceRequest, ServiceRequests, Status,
};

fn sample_request() -> ServiceRequest {
    let mut r = ServiceRequest {
        service_request_id: "2024-000123".into(),
        status: Status::Open,
        status_notes: Some("已签收，网格员正在处理".into()),
        service_name: Some("Blocked fire lane".into()),
        service_code: "006".into(),
        description: Some("Bikes & boxes block the lane <east gate>".into()),
        agency_responsible: Some("南湖街道".into()),
        service_notice: None,
        requested_datetime: "2024-03-01T09:15:00+08:00".into(),
        updated_datetime: Some("2024-03-01T10:02:00+08:00".into()),
        expected_datetime: Some("2024-03-02T09:15:00+08:00".into()),
        address: Some("南湖路 12号".into()),
        address_id: None,
        zipcode: Some("314000".into()),
        lat: Some(30.7465),
        long: Some(120.7622),
        media_url: None,
        attributes: None,
        extended_attributes: None,
        notes: Some(vec![Note {
            datetime: "2024-03-01T09:15:00+08:00".into(),
            description: Some("Submitted via Open311".into()),
            note_type: Some("submitted".into()),
        }]),
    };
    r.set_detailed_status(DetailedStatus::InProgress);
    r
}

#[test]
fn service_requests_json() {
    let doc = ServiceRequests(vec![sample_request()]);
    insta::assert_snapshot!("service_requests_json", doc.to_json());
}

#[test]
fn service_definition_xml() {
    let def = ServiceDefinition {
        service_code: "DMV66".into(),
        attributes: vec![Attribute {
            variable: true,
            code: "WHISHETN".into(),
            datatype: Datatype::Singlevaluelist,
            required: true,
            datatype_description: None,
            order: Some(1),
            description: Some("What is the ticket/tag/DL number?".into()),
            values: vec![
                AttributeOption { key: "123".into(), name: "Ford".into() },
                AttributeOption { key: "124".into(), name: "Chrysler".into() },
            ],
        }],
    };
    insta::assert_snapshot!("service_definition_xml", def.to_xml());
}

#[test]
fn detailed_status_keeps_v2_status_consistent() {
    let mut r = sample_request();
    assert_eq!(r.status, Status::Open);
    r.set_detailed_status(DetailedStatus::ReturnVisit);
    assert_eq!(r.status, Status::Closed);
    let back = ServiceRequests::from_xml(&ServiceRequests(vec![r.clone()]).to_xml()).unwrap();
    assert_eq!(back.0[0].detailed_status(), Some(&DetailedStatus::ReturnVisit));
    assert_eq!(back.0[0], r, "typed extension fields survive XML");
}
