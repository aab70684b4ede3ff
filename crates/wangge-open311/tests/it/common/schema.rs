//! Validation against the Open311 schemas in `schemas/` with the `jsonschema` crate.
//!
//! The crate is built without its default features, so it fetches nothing over the network:
//! every `$ref` (`request.json` from `requests.json`, `swagger.json#/definitions/…`) is
//! read from the fixtures folder by [`SchemasFolder`]. The schemas are draft-04 (siblings of
//! a `$ref` are ignored: the schemas put `minItems` next to `$ref` inside `items`, where it
//! could not apply anyway). Formats are asserted, and a format the validator does not know is
//! an error rather than a pass: swagger's `uid` ("an identifier") is added as non-empty.

use std::path::{Path, PathBuf};

use jsonschema::{Draft, Retrieve, Uri};
use serde_json::{json, Value};

/// Where relative references resolve; [`SchemasFolder`] maps it back to the folder.
const BASE: &str = "file:///open311/schemas/";

pub struct Checker {
    dir: PathBuf,
}

impl Checker {
    pub fn new(schemas_dir: &Path) -> Self {
        Checker { dir: schemas_dir.to_owned() }
    }

    /// Errors of `value` against `file` (e.g. `requests.json`), or against a swagger
    /// definition with `swagger.json#/definitions/Name`: one line per error, instance path
    /// first.
    pub fn check(&self, reference: &str, value: &Value) -> Vec<String> {
        let validator = jsonschema::options()
            .with_draft(Draft::Draft4)
            .with_base_uri(BASE)
            .with_retriever(SchemasFolder(self.dir.clone()))
            .should_validate_formats(true)
            .should_ignore_unknown_formats(false)
            .with_format("uid", |s: &str| !s.is_empty())
            .build(&json!({ "$ref": reference }))
            .unwrap_or_else(|e| panic!("schema {reference} in {}: {e}", self.dir.display()));
        validator.iter_errors(value).map(|e| format!("${}: {e}", e.instance_path())).collect()
    }
}

/// Reads `BASE/<file>` from the fixtures' `schemas/` folder, and nothing else.
struct SchemasFolder(PathBuf);

impl Retrieve for SchemasFolder {
    fn retrieve(&self, uri: &Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let file = uri.as_str().strip_prefix(BASE).filter(|f| !f.contains('/')).ok_or_else(|| format!("{uri} is not a schema file"))?;
        let path = self.0.join(file);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(serde_json::from_str(&text)?)
    }
}
