//! The register view (登记查询): houses under a node with the people registered at them (the
//! household, each with their workplace on record), found by address, house code, or a person's name, ID number or phone. Names,
//! ID numbers and phones are personal data: only roles that see them, and only within the
//! scope.

use std::collections::HashMap;

use wangge_api as api;
use wangge_domain::{House, Person, Scope, Timestamp};

use crate::{convert, Engine, EngineError};

/// Houses a search returns unless asked for another number.
const DEFAULT_HOUSES: u32 = 50;

impl Engine {
    /// The houses under `query.node` that match `query.text` (all of them when it is empty),
    /// by address, with their people and who of them is in isolation at `now`.
    pub fn register_search(&self, scope: &Scope, query: &api::RegisterQuery, now: Timestamp) -> Result<api::RegisterResults, EngineError> {
        scope.may_see_personal_data()?;
        let id = self.node_in_scope(scope, query.node.as_deref())?;
        let district = self.district();
        let hierarchy = &district.hierarchy;
        let mut people_at: HashMap<i64, Vec<&Person>> = HashMap::new();
        for person in district.people.values() {
            people_at.entry(person.house_id).or_default().push(person);
        }
        let text = query.text.trim();
        let matches = |house: &House| {
            text.is_empty()
                || house.address.contains(text)
                || house.code.contains(text)
                || people_at.get(&house.id).is_some_and(|people| {
                    people.iter().any(|p| p.name.contains(text) || p.id_number.contains(text) || p.phone.contains(text))
                })
        };
        let mut houses: Vec<(&House, wangge_domain::NodeId)> = district
            .houses
            .values()
            .filter_map(|house| hierarchy.id_of(&house.micro_grid).map(|place| (house, place)))
            .filter(|&(house, place)| hierarchy.covers(id, place) && matches(house))
            .collect();
        houses.sort_by(|a, b| a.0.address.cmp(&b.0.address).then(a.0.id.cmp(&b.0.id)));
        let active_isolation: HashMap<i64, &'static str> =
            district.isolations.values().filter(|i| i.is_active_at(now)).map(|i| (i.person_id, i.kind.label_zh())).collect();
        let limit = query.limit.unwrap_or(DEFAULT_HOUSES) as usize;
        let shown = houses
            .iter()
            .take(limit)
            .map(|&(house, place)| {
                let mut people: Vec<api::RegisterPerson> = people_at
                    .get(&house.id)
                    .into_iter()
                    .flatten()
                    .map(|p| api::RegisterPerson {
                        id: p.id,
                        name: p.name.clone(),
                        id_number: p.id_number.clone(),
                        phone: p.phone.clone(),
                        isolation: active_isolation.get(&p.id).map(|kind| (*kind).to_owned()),
                        employer: p.employer.and_then(|e| district.enterprises.get(&e)).map(|e| e.name.clone()),
                    })
                    .collect();
                people.sort_by_key(|p| p.id);
                api::RegisterHouse {
                    id: house.id,
                    code: house.code.clone(),
                    address: house.address.clone(),
                    place: convert::place_names(hierarchy, place),
                    micro_grid: house.micro_grid.0.clone(),
                    people,
                }
            })
            .collect();
        Ok(api::RegisterResults { node: convert::node_ref(hierarchy, id), matching: houses.len() as u64, houses: shown })
    }
}
