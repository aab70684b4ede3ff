//! Shared fixtures of the integration tests: the configurations under test, each district
//! generated once for the whole suite (the full one takes a while).

use std::sync::OnceLock;

use wangge_demo::{generate, DemoConfig, Scale};
use wangge_domain::{District, Timestamp};

pub const SEED: u64 = 20_200_310;

/// A late afternoon, so "today" already has events.
pub fn now() -> Timestamp {
    Timestamp::from_local(2020, 3, 10, 16, 0)
}

pub fn config(scale: Scale) -> DemoConfig {
    DemoConfig { seed: SEED, now: now(), scale }
}

pub fn full() -> &'static District {
    static FULL: OnceLock<District> = OnceLock::new();
    FULL.get_or_init(|| generate(&config(Scale::Full), &mut |_, _, _| {}))
}

pub fn small() -> &'static District {
    static SMALL: OnceLock<District> = OnceLock::new();
    SMALL.get_or_init(|| generate(&config(Scale::Small), &mut |_, _, _| {}))
}
