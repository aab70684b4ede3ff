//! The API keys that may POST (spec: "api_key ... obtained from the jurisdiction").
//!
//! A key is compared exactly (no trimming, no case folding) and in constant time: both sides
//! are hashed with SHA-256 and the digests compared with `subtle`, so neither the position
//! of the first differing byte nor a key's length shows in the answer's timing, and every
//! configured key is compared on every call.

use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};

/// Keys given with `--api-key` and in `WANGGE_OPEN311_KEYS` (comma separated).
#[derive(Debug, Clone, Default)]
pub struct ApiKeys {
    digests: Vec<[u8; 32]>,
}

/// The environment variable that lists keys, so they need not show in `ps`.
pub const KEYS_ENV: &str = "WANGGE_OPEN311_KEYS";

impl ApiKeys {
    /// The operator's keys. Blanks around a configured key are the configuration's
    /// formatting (`a, b`), not part of the key, so they are trimmed here, and only here.
    pub fn new(keys: impl IntoIterator<Item = impl Into<String>>) -> Self {
        let mut digests: Vec<[u8; 32]> =
            keys.into_iter().map(Into::into).map(|k: String| k.trim().to_owned()).filter(|k| !k.is_empty()).map(|k| digest(&k)).collect();
        digests.sort_unstable();
        digests.dedup();
        ApiKeys { digests }
    }

    /// The given keys plus those of [`KEYS_ENV`].
    pub fn with_env(given: impl IntoIterator<Item = String>) -> Self {
        let from_env = std::env::var(KEYS_ENV).unwrap_or_default();
        Self::new(given.into_iter().chain(from_env.split(',').map(str::to_owned)))
    }

    /// Whether `key`, exactly as the client sent it, is one of the keys.
    pub fn accepts(&self, key: &str) -> bool {
        let wanted = digest(key);
        let found = self.digests.iter().fold(Choice::from(0), |found, d| found | d.ct_eq(&wanted));
        found.into()
    }

    pub fn is_empty(&self) -> bool {
        self.digests.is_empty()
    }

    pub fn len(&self) -> usize {
        self.digests.len()
    }
}

fn digest(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_compared_exactly() {
        let keys = ApiKeys::new([" key ", "other"]);
        assert_eq!(keys.len(), 2);
        assert!(keys.accepts("key"));
        assert!(keys.accepts("other"));
        for wrong in ["key ", " key", "KEY", "ke", "key\0", "", "keyother"] {
            assert!(!keys.accepts(wrong), "{wrong:?}");
        }
        assert!(ApiKeys::new(["", "  "]).is_empty());
    }
}
