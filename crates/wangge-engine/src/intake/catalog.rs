//! The services the district offers over Open311: one per ticket category.

use wangge_domain::TicketCategory;
use wangge_open311::{Catalog, Service, ServiceDefinition, ServiceType};

use super::Publication;
use crate::Engine;

/// The category's name as citizens and staff know it (DOMAIN.md).
pub fn service_name(category: TicketCategory) -> &'static str {
    category.label_zh()
}

fn service(category: TicketCategory) -> Service {
    Service {
        service_code: category.as_str().to_owned(),
        service_name: service_name(category).to_owned(),
        description: None,
        // No attributes yet: topics per category come with configurable categories.
        metadata: false,
        // A ticket id comes back at once: tickets are committed before the answer.
        service_type: ServiceType::Realtime,
        keywords: None,
        group: None,
    }
}

impl Engine {
    /// Every public service, in the categories' declared order.
    pub fn open311_services(&self, publication: &Publication) -> Vec<Service> {
        TicketCategory::ALL.iter().copied().filter(|&c| publication.is_public_service(c)).map(service).collect()
    }

    /// The definition of one public service; `None` when no public category has that code.
    pub fn open311_definition(&self, publication: &Publication, service_code: &str) -> Option<ServiceDefinition> {
        TicketCategory::parse(service_code)
            .filter(|&c| publication.is_public_service(c))
            .map(|c| ServiceDefinition { service_code: c.as_str().to_owned(), attributes: Vec::new() })
    }

    /// What a POST is validated against: the public services only, so a POST to an internal
    /// one is refused as unknown. One jurisdiction per server, so none are listed and
    /// `jurisdiction_id` is optional (the spec allows this).
    pub fn open311_catalog(&self, publication: &Publication) -> Catalog {
        let services = self.open311_services(publication);
        let definitions =
            services.iter().filter(|s| s.metadata).filter_map(|s| self.open311_definition(publication, &s.service_code)).collect();
        Catalog { jurisdictions: Vec::new(), services, definitions }
    }
}
