//! The in-app intake form: checked field by field, placed, routed and stored.

use geo::Point;
use wangge_api as api;
use wangge_domain::lifecycle::Priority;
use wangge_domain::{Scope, TicketCategory, TicketSource, Timestamp};

use super::rows::Folded;
use crate::intake::service_name;
use crate::{Engine, EngineError, NewTicket};
use wangge_figures::say;

/// The longest summary a form may carry; a pasted document belongs in an attachment.
const MAX_SUMMARY_CHARS: usize = 2_000;

impl Engine {
    /// Creates the ticket a form describes, as the scope's account; every refusal names
    /// the field. Returns its board row.
    pub async fn submit_form(&mut self, scope: &Scope, form: &api::TicketForm, now: Timestamp) -> Result<api::TicketRow, EngineError> {
        // `field: why`: the screen puts the refusal under the field it names, in the seat's words.
        let invalid = |field: &str, why: String| EngineError::InvalidInput(format!("{field}: {why}"));
        let language = scope.language;
        let source = TicketSource::parse(&form.source)
            .ok_or_else(|| invalid("source", say!(language, "没有来源“{}”", "{:?} is not a source", form.source)))?;
        let category = TicketCategory::parse(&form.category)
            .ok_or_else(|| invalid("category", say!(language, "没有类别“{}”", "{:?} is not a category", form.category)))?;
        let summary = form.summary.trim();
        if summary.is_empty() {
            return Err(invalid("summary", say!(language, "请写明诉求内容", "say what the request is about")));
        }
        if summary.chars().count() > MAX_SUMMARY_CHARS {
            return Err(invalid("summary", say!(language, "超过 {MAX_SUMMARY_CHARS} 字", "longer than {MAX_SUMMARY_CHARS} characters")));
        }
        self.sync(now).await?;
        let hierarchy = &self.district().hierarchy;
        let enterprise = match form.enterprise {
            None => None,
            Some(id) => {
                let enterprise = self
                    .district()
                    .enterprises
                    .get(&id)
                    .ok_or_else(|| invalid("enterprise", say!(language, "没有编号为 {id} 的企业", "no enterprise has id {id}")))?;
                let place =
                    hierarchy.id_of(&enterprise.micro_grid).ok_or_else(|| EngineError::UnknownNode(enterprise.micro_grid.0.clone()))?;
                scope.check_node(hierarchy, place)?;
                Some((id, place))
            }
        };
        let (micro_grid, location) = if let Some(code) = form.micro_grid.as_deref().filter(|c| !c.trim().is_empty()) {
            let id = hierarchy.id(code.trim()).filter(|&id| hierarchy.is_place_at(id, now)).ok_or_else(|| {
                invalid(
                    "micro_grid",
                    say!(
                        language,
                        "{code} 不是现行的最小区域（微网格或未细分的网格）",
                        "{code} is not a current area without subdivisions"
                    ),
                )
            })?;
            (Some(id), form.point.map(|[lon, lat]| Point::new(lon, lat)))
        } else if let Some([lon, lat]) = form.point {
            if !(lon.is_finite() && lat.is_finite() && (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)) {
                return Err(invalid(
                    "point",
                    say!(language, "[{lon}, {lat}] 不是 WGS84 经纬度", "[{lon}, {lat}] is not a WGS84 longitude and latitude"),
                ));
            }
            let point = Point::new(lon, lat);
            (self.locator().locate(point), Some(point))
        } else if let Some(address) = form.address.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            let house = self.house_where(|h| h.address.trim() == address);
            (house.and_then(|h| hierarchy.id_of(&h.micro_grid)), house.map(|h| h.location))
        } else if let Some((_, place)) = enterprise {
            // A demand without a place of its own lies where the enterprise is.
            (Some(place), None)
        } else {
            (None, None)
        };
        let new = NewTicket {
            source,
            category,
            priority: if form.urgent { Priority::Urgent } else { Priority::Normal },
            summary: summary.to_string(),
            micro_grid,
            location,
            received_at: now,
            enterprise: enterprise.map(|(id, _)| id),
        };
        let stored = self.create_ticket(scope, new, now).await?;
        Ok(Folded::of(&stored, self).row(now, self))
    }

    /// The categories the form offers, with the names the desk reads in either language
    /// (asked without a seat: the screen picks its page's).
    pub fn ticket_categories(&self) -> Vec<api::Choice> {
        TicketCategory::ALL
            .iter()
            .map(|&c| api::Choice {
                value: c.as_str().to_string(),
                label_zh: service_name(c).to_string(),
                label_en: c.label_en().to_string(),
            })
            .collect()
    }
}
