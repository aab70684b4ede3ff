//! The register view (登记查询): houses under a node with the people registered at them (the
//! household, each with their workplace on record), found by address, house code, or a
//! person's name, ID number or phone. Names, ID numbers and phones are personal data: only
//! roles that see them, only within the scope, and even then masked (张*, 330402********1234,
//! 138****5678) until one person's are revealed with a reason (`reveal`), which is logged.

use std::collections::HashMap;

use wangge_api as api;
use wangge_domain::masking::{mask_id_number, mask_name, mask_phone};
use wangge_domain::{District, House, Person, Scope, Timestamp};

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
            district.isolations.values().filter(|i| i.is_active_at(now)).map(|i| (i.person_id, i.kind.label_in(scope.language))).collect();
        let limit = query.limit.unwrap_or(DEFAULT_HOUSES) as usize;
        let shown = houses
            .iter()
            .take(limit)
            .map(|&(house, place)| {
                let mut people: Vec<api::RegisterPerson> = people_at
                    .get(&house.id)
                    .into_iter()
                    .flatten()
                    .map(|p| person_row(district, p, active_isolation.get(&p.id).copied(), Shown::Masked))
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

/// Whether a person's name, ID number and phone are shown as they are or masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    Masked,
    InFull,
}

/// One person as the register view lists them; `isolation` is the kind of their isolation now,
/// in the seat's language.
pub(crate) fn person_row(district: &District, person: &Person, isolation: Option<&str>, shown: Shown) -> api::RegisterPerson {
    let masked = shown == Shown::Masked;
    let hide = |value: &str, mask: fn(&str) -> String| if masked { mask(value) } else { value.to_owned() };
    api::RegisterPerson {
        id: person.id,
        name: hide(&person.name, mask_name),
        id_number: hide(&person.id_number, mask_id_number),
        phone: hide(&person.phone, mask_phone),
        isolation: isolation.map(str::to_owned),
        employer: person.employer.and_then(|e| district.enterprises.get(&e)).map(|e| e.name.clone()),
        masked,
    }
}
