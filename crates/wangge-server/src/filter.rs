//! GET Service Requests' query parameters as the engine's [`RequestFilter`].

use wangge_domain::Timestamp;
use wangge_engine::RequestFilter;
use wangge_open311::datetime::parse_w3c_datetime;
use wangge_open311::form::Form;
use wangge_open311::{ErrorResponse, Status};

/// The parsed query: the filter, and whether the client asked for the extensions.
pub(crate) struct ListQuery {
    pub filter: RequestFilter,
    pub extensions: bool,
}

/// Parses `service_request_id`, `service_code`, `status` (each comma separated),
/// `start_date`, `end_date` and `extensions`. Unknown parameters (`jurisdiction_id`,
/// `api_key`) are ignored, as a single-jurisdiction server may.
pub(crate) fn parse(query: &str) -> Result<ListQuery, ErrorResponse> {
    let form = Form::decode(query.as_bytes());
    let list = |name: &str| -> Vec<String> {
        form.fields
            .get(name)
            .into_iter()
            .flatten()
            .flat_map(|v| v.split(','))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    };
    let statuses = list("status")
        .iter()
        .map(|s| Status::parse(s).ok_or_else(|| bad("status", format!("{s:?} is neither open nor closed"))))
        .collect::<Result<Vec<_>, _>>()?;
    let date = |name: &'static str| -> Result<Option<Timestamp>, ErrorResponse> {
        match list(name).as_slice() {
            [] => Ok(None),
            [one] => instant(one)
                .map(Some)
                .ok_or_else(|| bad(name, format!("{one:?} is not a w3c date/time with a time zone, e.g. 2026-01-05T09:00:00+08:00"))),
            _ => Err(bad(name, "given more than once")),
        }
    };
    let filter = RequestFilter {
        ids: list("service_request_id"),
        service_codes: list("service_code"),
        statuses,
        start: date("start_date")?,
        end: date("end_date")?,
    };
    let extensions = list("extensions").iter().any(|v| v == "true");
    Ok(ListQuery { filter, extensions })
}

fn bad(field: &str, message: impl std::fmt::Display) -> ErrorResponse {
    ErrorResponse::single(400, format!("{field}: {message}"))
}

/// The spec's w3c format, seconds optional, `Z` or an offset required.
fn instant(text: &str) -> Option<Timestamp> {
    parse_w3c_datetime(text).map(Timestamp::from_jiff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_and_without_seconds_and_zones() {
        assert_eq!(instant("2020-02-10T10:00:00+08:00"), Some(Timestamp(1_581_300_000)));
        assert_eq!(instant("2020-02-10T02:00Z"), Some(Timestamp(1_581_300_000)));
        assert_eq!(instant("2020-02-10T02:00:00.5Z"), Some(Timestamp(1_581_300_000)));
        assert_eq!(instant("2020-02-10T02:00:00"), None);
        assert_eq!(instant("2020-02-30T02:00:00Z"), None);
    }

    #[test]
    fn lists_split_on_commas_and_bad_values_name_their_field() {
        let q = parse("service_code=complaint,dispute&status=open&service_request_id=").map_err(|e| e.errors).unwrap();
        assert_eq!(q.filter.service_codes, ["complaint", "dispute"]);
        assert_eq!(q.filter.statuses, [Status::Open]);
        assert!(q.filter.ids.is_empty());
        let err = parse("status=pending").err().unwrap();
        assert_eq!(err.http_status, 400);
        assert!(err.errors[0].description.starts_with("status:"));
        let err = parse("start_date=yesterday").err().unwrap();
        assert!(err.errors[0].description.starts_with("start_date:"));
    }
}
