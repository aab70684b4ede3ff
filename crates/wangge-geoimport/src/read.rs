//! Reading a GeoJSON text into candidate boundaries.
//!
//! Accepts a FeatureCollection, a bare array of Features, a single Feature, or a bare Polygon /
//! MultiPolygon geometry (a feature without properties). Every candidate comes out in WGS84
//! with RFC 7946 winding; ring defects the user could fix are recorded, not fatal. Anything
//! that prevents reading the file as a whole is a [`ReadError`] naming the file and the
//! feature index or the line/column.
//!
//! The members around the geometries (root, `features`, `type`, `properties`, `geometry`) are
//! checked on the parsed JSON value, one feature at a time, before anything is converted:
//! deserializing a whole `geojson::FeatureCollection` refuses the file for a defect in a member
//! a boundary never reads (a Point's malformed `bbox`, an object as `id`), in serde's words
//! ("invalid type: sequence, expected a map") and without naming the feature, and it cannot
//! hold a bare array of features. The coordinates are then read into `geojson`'s types (see
//! [`crate::rings`]); properties are `geojson::JsonObject`s.

use std::path::Path;

use geo::{Coord, MultiPolygon};
use geojson::JsonObject;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wangge_figures::{say, Language};

use crate::error::ReadError;
use crate::mapping::{lookup, PropertyMapping};
use crate::rings::{json_kind, polygons, RingDefect};
use crate::{gcj02, winding};

/// The datum of the file's coordinates, stated by the caller (files do not say).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoordSystem {
    /// WGS84 / CGCS2000 longitude, latitude (the two differ by centimetres).
    Wgs84,
    /// GCJ-02, as exported by Chinese map services (Amap, Tencent, DataV).
    Gcj02,
}

impl CoordSystem {
    pub(crate) fn to_wgs84(self, lon: f64, lat: f64) -> Coord<f64> {
        match self {
            CoordSystem::Wgs84 => Coord { x: lon, y: lat },
            CoordSystem::Gcj02 => {
                let (x, y) = gcj02::gcj02_to_wgs84(lon, lat);
                Coord { x, y }
            }
        }
    }
}

/// How to read a file: the property mapping and the coordinate system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadOptions {
    pub mapping: PropertyMapping,
    pub coords: CoordSystem,
}

/// One boundary as read, before any check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// 0-based position of the feature in the file.
    pub index: usize,
    pub code: Option<String>,
    pub name: Option<String>,
    pub parent: Option<String>,
    /// WGS84 lon/lat, exteriors counter-clockwise, holes clockwise, rings closed.
    pub boundary: MultiPolygon<f64>,
    /// Defects as written in the file, for the topology report.
    pub ring_defects: Vec<RingDefect>,
    /// How many rings were reversed to reach RFC 7946 winding.
    pub rewound_rings: usize,
    /// The text of the mapping's kind property (a micro-grid's kind), if it has one.
    #[serde(default)]
    pub kind: Option<String>,
    /// The names of the feature's properties, so that a mapping that finds nothing can say
    /// what the file does have.
    #[serde(skip)]
    pub properties: Vec<String>,
}

impl Candidate {
    /// "feature 3 (330402 南湖区)", for messages in English.
    pub fn label(&self) -> String {
        self.label_in(Language::English)
    }

    /// The feature as messages in `language` name it: "要素 3（330402 南湖区）" or
    /// "feature 3 (330402 南湖区)"; code and name are data, quoted as the file writes them.
    pub fn label_in(&self, language: Language) -> String {
        let index = self.index;
        match (&self.code, &self.name) {
            (Some(c), Some(n)) => say!(language, "要素 {index}（{c} {n}）", "feature {index} ({c} {n})"),
            (Some(c), None) => say!(language, "要素 {index}（{c}）", "feature {index} ({c})"),
            (None, Some(n)) => say!(language, "要素 {index}（{n}）", "feature {index} ({n})"),
            (None, None) => say!(language, "要素 {index}", "feature {index}"),
        }
    }
}

/// Reads a file from disk; `file` in errors is the path as given. A UTF-8 BOM is skipped.
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<Vec<Candidate>, ReadError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io { file: file.clone(), message: e.to_string() })?;
    let text = String::from_utf8(bytes).map_err(|e| ReadError::Io {
        file: file.clone(),
        message: format!("not UTF-8 text (GeoJSON must be UTF-8): invalid byte at offset {}", e.utf8_error().valid_up_to()),
    })?;
    read_geojson(&file, &text, options)
}

/// Reads GeoJSON text; `file` names the source in errors.
pub fn read_geojson(file: &str, text: &str, options: &ReadOptions) -> Result<Vec<Candidate>, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Before parsing: serde_json would materialise any number of positions, and its own
    // recursion limit (128) is far above ours.
    crate::limits::check(file, text)?;
    let root: Value = serde_json::from_str(text).map_err(|e| ReadError::Json {
        file: file.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let reader = Reader { file, options };
    let candidates = match &root {
        Value::Array(items) => reader.features(items)?,
        Value::Object(object) => match type_of(object, file, "the top-level object")? {
            "FeatureCollection" => match object.get("features") {
                Some(Value::Array(items)) => reader.features(items)?,
                Some(other) => {
                    return Err(
                        reader.structure("the FeatureCollection", format!("\"features\" must be an array, found {}", json_kind(other)))
                    );
                }
                None => return Err(reader.structure("the FeatureCollection", "\"features\" member required")),
            },
            "Feature" => vec![reader.feature(0, object)?],
            "Polygon" | "MultiPolygon" => vec![reader.candidate(0, &JsonObject::new(), object)?],
            other if GEOMETRY_TYPES.contains(&other) => {
                return Err(ReadError::NotPolygon { file: file.to_owned(), feature: 0, found: other.to_owned() });
            }
            other => return Err(reader.structure("the top-level object", unknown_type(other))),
        },
        other => {
            return Err(reader
                .structure("the top level", format!("the root must be an object or an array of features, found {}", json_kind(other))));
        }
    };
    if candidates.is_empty() {
        return Err(ReadError::Empty { file: file.to_owned() });
    }
    Ok(candidates)
}

const GEOMETRY_TYPES: [&str; 7] = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"];
const ALL_TYPES: [&str; 9] = [
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
    "Feature",
    "FeatureCollection",
];

/// Names the type and, when only the letter case is off, the spelling GeoJSON requires.
fn unknown_type(found: &str) -> String {
    match ALL_TYPES.iter().find(|t| t.eq_ignore_ascii_case(found)) {
        Some(right) => format!("unknown type \"{found}\": types are case-sensitive, expected \"{right}\""),
        None => format!("unknown type \"{found}\""),
    }
}

fn type_of<'a>(object: &'a JsonObject, file: &str, at: &str) -> Result<&'a str, ReadError> {
    match object.get("type") {
        Some(Value::String(t)) => Ok(t),
        Some(other) => Err(ReadError::Structure {
            file: file.to_owned(),
            at: at.to_owned(),
            message: format!("\"type\" must be a string, found {}", json_kind(other)),
        }),
        None => Err(ReadError::Structure { file: file.to_owned(), at: at.to_owned(), message: "\"type\" member required".into() }),
    }
}

struct Reader<'a> {
    file: &'a str,
    options: &'a ReadOptions,
}

impl Reader<'_> {
    fn structure(&self, at: &str, message: impl Into<String>) -> ReadError {
        ReadError::Structure { file: self.file.to_owned(), at: at.to_owned(), message: message.into() }
    }

    fn features(&self, items: &[Value]) -> Result<Vec<Candidate>, ReadError> {
        items
            .iter()
            .enumerate()
            .map(|(index, item)| match item {
                Value::Object(object) => self.feature(index, object),
                other => {
                    Err(self.structure(&format!("feature {index}"), format!("every feature must be an object, found {}", json_kind(other))))
                }
            })
            .collect()
    }

    fn feature(&self, index: usize, object: &JsonObject) -> Result<Candidate, ReadError> {
        let at = format!("feature {index}");
        match type_of(object, self.file, &at)? {
            "Feature" => {}
            other => return Err(self.structure(&at, format!("expected type \"Feature\": {}", unknown_type(other)))),
        }
        let empty = JsonObject::new();
        let properties = match object.get("properties") {
            Some(Value::Object(p)) => p,
            Some(Value::Null) | None => &empty,
            Some(other) => return Err(self.structure(&at, format!("\"properties\" must be an object or null, found {}", json_kind(other)))),
        };
        let geometry = match object.get("geometry") {
            Some(Value::Object(g)) => g,
            Some(Value::Null) => {
                return Err(ReadError::NotPolygon {
                    file: self.file.to_owned(),
                    feature: index,
                    found: "null (the feature has no geometry)".into(),
                });
            }
            Some(other) => return Err(self.structure(&at, format!("\"geometry\" must be an object or null, found {}", json_kind(other)))),
            None => return Err(self.structure(&at, "\"geometry\" member required")),
        };
        self.candidate(index, properties, geometry)
    }

    fn candidate(&self, index: usize, properties: &JsonObject, geometry: &JsonObject) -> Result<Candidate, ReadError> {
        let at = format!("feature {index}");
        let multi = match type_of(geometry, self.file, &format!("{at} geometry"))? {
            "Polygon" => false,
            "MultiPolygon" => true,
            other if GEOMETRY_TYPES.contains(&other) => {
                return Err(ReadError::NotPolygon { file: self.file.to_owned(), feature: index, found: other.to_owned() });
            }
            other => return Err(self.structure(&format!("{at} geometry"), unknown_type(other))),
        };
        let coordinates =
            geometry.get("coordinates").ok_or_else(|| self.structure(&format!("{at} geometry"), "\"coordinates\" member required"))?;
        let mut ring_defects = Vec::new();
        let raw = polygons(coordinates, multi, self.options.coords, &mut ring_defects).map_err(|e| ReadError::Coordinates {
            file: self.file.to_owned(),
            feature: index,
            path: e.path,
            message: e.message,
        })?;
        let (boundary, rewound_rings) = winding::normalise(&raw);
        let mapping = &self.options.mapping;
        Ok(Candidate {
            index,
            code: lookup(properties, &mapping.code),
            name: lookup(properties, &mapping.name),
            parent: mapping.parent.as_deref().and_then(|p| lookup(properties, p)),
            boundary,
            ring_defects,
            rewound_rings,
            kind: mapping.kind.as_deref().and_then(|k| lookup(properties, k)),
            properties: properties.keys().cloned().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ReadErrorKind;

    fn opts() -> ReadOptions {
        ReadOptions {
            mapping: PropertyMapping { code: "编码".into(), name: "名称".into(), parent: Some("上级编码".into()), kind: None },
            coords: CoordSystem::Wgs84,
        }
    }

    const SQUARE_CW: &str = r#"{"type":"Feature","properties":{"编码":"330402001000","名称":"建设街道","上级编码":"330402"},
        "geometry":{"type":"Polygon","coordinates":[[[120,30],[120,30.1],[120.1,30.1],[120.1,30],[120,30]]]}}"#;

    #[test]
    fn single_feature_with_chinese_properties_is_rewound() {
        let c = read_geojson("t.geojson", SQUARE_CW, &opts()).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].code.as_deref(), Some("330402001000"));
        assert_eq!(c[0].name.as_deref(), Some("建设街道"));
        assert_eq!(c[0].parent.as_deref(), Some("330402"));
        assert_eq!(c[0].rewound_rings, 1);
        assert!(winding::signed_area2(c[0].boundary.0[0].exterior()) > 0.0);
    }

    #[test]
    fn bare_array_and_collection() {
        let arr = format!("[{SQUARE_CW},{SQUARE_CW}]");
        assert_eq!(read_geojson("a", &arr, &opts()).unwrap().len(), 2);
        let fc = format!(r#"{{"type":"FeatureCollection","features":[{SQUARE_CW}]}}"#);
        assert_eq!(read_geojson("b", &fc, &opts()).unwrap()[0].index, 0);
    }

    #[test]
    fn truncated_json_names_file_line_and_column() {
        let cut = &SQUARE_CW[..SQUARE_CW.len() - 20];
        let e = read_geojson("cut.geojson", cut, &opts()).unwrap_err();
        match &e {
            ReadError::Json { file, line, column, .. } => {
                assert_eq!(file, "cut.geojson");
                assert_eq!(*line, 2);
                assert!(*column > 0);
            }
            other => panic!("{other:?}"),
        }
        assert!(e.to_string().contains("cut.geojson") && e.to_string().contains("line 2"));
    }

    #[test]
    fn point_feature_is_named_by_index() {
        let text = format!(r#"[{SQUARE_CW},{{"type":"Feature","properties":{{}},"geometry":{{"type":"Point","coordinates":[1,2]}}}}]"#);
        let e = read_geojson("p", &text, &opts()).unwrap_err();
        assert_eq!(e.kind(), ReadErrorKind::NotPolygon);
        assert!(e.to_string().contains("feature 1"), "{e}");
    }

    #[test]
    fn gcj02_input_is_moved_to_wgs84() {
        let mut o = opts();
        o.coords = CoordSystem::Gcj02;
        let c = read_geojson("g", SQUARE_CW, &o).unwrap();
        let first = c[0].boundary.0[0].exterior().0[0];
        let (lon, lat) = gcj02::wgs84_to_gcj02(first.x, first.y);
        assert!((lon - 120.0).abs() < 1e-8 && (lat - 30.0).abs() < 1e-8, "{first:?}");
    }

    #[test]
    fn projected_coordinates_are_refused_with_a_hint() {
        let text = r#"{"type":"Polygon","coordinates":[[[500000,3300000],[500100,3300000],[500100,3300100],[500000,3300000]]]}"#;
        let e = read_geojson("proj", text, &opts()).unwrap_err();
        assert_eq!(e.kind(), ReadErrorKind::Coordinates);
        assert!(e.to_string().contains("projected"), "{e}");
    }
}
