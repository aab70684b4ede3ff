//! Any text through the GeoJSON boundary reader, and whatever it reads through the topology
//! check: neither may panic, hang or allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangge_geoimport::{check, read_geojson, CheckOptions, CoordSystem, PropertyMapping, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The first byte picks the datum, so the GCJ-02 conversion is fuzzed too.
    let coords = if data.first().is_some_and(|b| b & 1 == 1) { CoordSystem::Gcj02 } else { CoordSystem::Wgs84 };
    let options = ReadOptions { mapping: PropertyMapping::datav(), coords };
    if let Ok(candidates) = read_geojson("fuzz.geojson", text, &options) {
        let _ = check(&candidates, &CheckOptions::default());
    }
});
