//! The house register as lookups see it: by house code and by trimmed address. When
//! several houses share a code or an address, the one with the lowest id answers, as
//! Open311 intake resolves an address, so every import places a row alike.

use std::collections::HashMap;

use wangge_domain::{District, House};

pub(crate) struct HouseIndex<'a> {
    by_code: HashMap<&'a str, &'a House>,
    by_address: HashMap<&'a str, &'a House>,
}

impl<'a> HouseIndex<'a> {
    /// Indexes every house by code, and by address when `with_addresses` (the address map
    /// costs a pass and memory an import without addresses does not need).
    pub(crate) fn new(district: &'a District, with_addresses: bool) -> Self {
        let mut by_code: HashMap<&str, &House> = HashMap::with_capacity(district.houses.len());
        let mut by_address: HashMap<&str, &House> = HashMap::new();
        for house in district.houses.values() {
            let lowest = |entry: &mut &'a House| {
                if house.id < entry.id {
                    *entry = house;
                }
            };
            lowest(by_code.entry(house.code.as_str()).or_insert(house));
            if with_addresses {
                lowest(by_address.entry(house.address.trim()).or_insert(house));
            }
        }
        HouseIndex { by_code, by_address }
    }

    pub(crate) fn by_code(&self, code: &str) -> Option<&'a House> {
        self.by_code.get(code.trim()).copied()
    }

    /// The house at this address (trimmed); `None` for a blank one.
    pub(crate) fn by_address(&self, address: &str) -> Option<&'a House> {
        self.by_address.get(address.trim()).copied()
    }
}
