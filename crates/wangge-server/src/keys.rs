//! The API keys that may POST (spec: "api_key ... obtained from the jurisdiction").

use std::collections::BTreeSet;

/// Keys given with `--api-key` and in `WANGGE_OPEN311_KEYS` (comma separated).
#[derive(Debug, Clone, Default)]
pub struct ApiKeys {
    keys: BTreeSet<String>,
}

/// The environment variable that lists keys, so they need not show in `ps`.
pub const KEYS_ENV: &str = "WANGGE_OPEN311_KEYS";

impl ApiKeys {
    pub fn new(keys: impl IntoIterator<Item = impl Into<String>>) -> Self {
        let keys = keys.into_iter().map(Into::into).map(|k: String| k.trim().to_owned()).filter(|k| !k.is_empty()).collect();
        ApiKeys { keys }
    }

    /// The given keys plus those of [`KEYS_ENV`].
    pub fn with_env(given: impl IntoIterator<Item = String>) -> Self {
        let from_env = std::env::var(KEYS_ENV).unwrap_or_default();
        Self::new(given.into_iter().chain(from_env.split(',').map(str::to_owned)))
    }

    pub fn accepts(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }
}
