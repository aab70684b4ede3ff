//! Turning the `coordinates` of a Polygon or MultiPolygon into rings, noting defects instead
//! of failing on them.
//!
//! The arrays are read by serde into `geojson`'s own coordinate types ([`PolygonType`] of
//! [`Position`]s); `serde_path_to_error` keeps the index path of the element serde refused, so
//! a malformed array is reported at that element in the words of the geometry (a number where
//! a ring was expected is "nested too shallowly"), not as serde's "expected a sequence".
//! Unclosed rings and rings with fewer than four positions are reported by the topology check
//! (the user may fix the file) rather than rejected here, so the reader keeps going and records
//! a [`RingDefect`].

use geo::{LineString, MultiPolygon, Polygon};
use geojson::{PolygonType, Position};
use serde::Serialize;
use serde_json::Value;
use wangge_figures::{say, Language};

use crate::read::CoordSystem;

/// Which ring of a candidate: `polygon` indexes the MultiPolygon's parts, `ring` 0 is the
/// exterior and 1.. the holes, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct RingRef {
    pub polygon: usize,
    pub ring: usize,
}

impl RingRef {
    /// The ring as messages in `language` name it, numbered as [`RingRef`] is: "多边形 0 的外环",
    /// "多边形 0 的第 2 个内环", "polygon 0 hole 2".
    pub fn describe_in(&self, language: Language) -> String {
        let (polygon, ring) = (self.polygon, self.ring);
        if ring == 0 {
            say!(language, "多边形 {polygon} 的外环", "polygon {polygon} exterior ring")
        } else {
            say!(language, "多边形 {polygon} 的第 {ring} 个内环", "polygon {polygon} hole {ring}")
        }
    }
}

/// In English, as the command line's report writes it.
impl std::fmt::Display for RingRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe_in(Language::English))
    }
}

/// A defect of a ring as written in the file (the stored geometry is already closed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum RingDefect {
    /// First and last positions differ (all given dimensions compared, as RFC 7946 says
    /// "identical values"); the reader closed the ring.
    Unclosed { ring: RingRef, first: Vec<f64>, last: Vec<f64> },
    /// Fewer than the four positions RFC 7946 requires of a linear ring.
    TooFewPositions { ring: RingRef, count: usize },
}

/// A malformed coordinate array: where (a JSON path below `coordinates`) and why.
#[derive(Debug)]
pub(crate) struct CoordError {
    pub path: String,
    pub message: String,
}

pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// What each nesting level of a MultiPolygon's coordinates holds; a Polygon's start at 1.
const LEVELS: [&str; 4] =
    ["an array of polygons", "an array of linear rings", "a linear ring (an array of positions)", "a position [longitude, latitude]"];

fn path_of(indices: &[usize]) -> String {
    indices.iter().map(|i| format!("[{i}]")).collect()
}

/// Reads the `coordinates` of a Polygon (`multi == false`) or MultiPolygon.
pub(crate) fn polygons(
    value: &Value,
    multi: bool,
    coords: CoordSystem,
    defects: &mut Vec<RingDefect>,
) -> Result<MultiPolygon<f64>, CoordError> {
    let parts: Vec<PolygonType> = if multi {
        serde_path_to_error::deserialize(value).map_err(|e| explain(value, multi, &e))?
    } else {
        vec![serde_path_to_error::deserialize(value).map_err(|e| explain(value, multi, &e))?]
    };
    if multi && parts.is_empty() {
        return Err(CoordError { path: String::new(), message: "a MultiPolygon needs at least one polygon".into() });
    }
    // A Polygon's paths have no part index: they are the paths of the file.
    let prefix = |p: usize| if multi { vec![p] } else { vec![] };
    let mut out = Vec::with_capacity(parts.len());
    for (p, rings) in parts.iter().enumerate() {
        if rings.is_empty() {
            return Err(CoordError { path: path_of(&prefix(p)), message: "a polygon needs at least its exterior ring".into() });
        }
        let mut lines = Vec::with_capacity(rings.len());
        for (r, positions) in rings.iter().enumerate() {
            let mut at = prefix(p);
            at.push(r);
            lines.push(ring(positions, &at, RingRef { polygon: p, ring: r }, coords, defects)?);
        }
        let exterior = lines.remove(0);
        out.push(Polygon::new(exterior, lines));
    }
    Ok(MultiPolygon::new(out))
}

fn ring(
    positions: &[Position],
    at: &[usize],
    ring: RingRef,
    coords: CoordSystem,
    defects: &mut Vec<RingDefect>,
) -> Result<LineString<f64>, CoordError> {
    let mut line = Vec::with_capacity(positions.len());
    for (i, position) in positions.iter().enumerate() {
        let numbers = position.as_slice();
        let path = || format!("{}[{i}]", path_of(at));
        if numbers.len() < 2 {
            return Err(CoordError { path: path(), message: format!("a position needs 2 or more numbers, found {}", numbers.len()) });
        }
        // Projected exports (Gauss-Krüger metres) are the commonest mistake; say so plainly.
        let (lon, lat) = (numbers[0], numbers[1]);
        if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
            return Err(CoordError {
                path: path(),
                message: format!("({lon}, {lat}) is not a longitude/latitude in degrees (projected coordinates?)"),
            });
        }
        line.push(coords.to_wgs84(lon, lat));
    }
    if positions.len() < 4 {
        defects.push(RingDefect::TooFewPositions { ring, count: positions.len() });
    }
    if let (Some(first), Some(last)) = (positions.first(), positions.last()) {
        if positions.len() > 1 && first != last {
            defects.push(RingDefect::Unclosed { ring, first: first.as_slice().to_vec(), last: last.as_slice().to_vec() });
        }
    }
    // Polygon::new closes the ring if needed; the defect above keeps the record.
    Ok(LineString::new(line))
}

/// Says why serde refused the element at the error's path, in terms of what that nesting
/// level of the geometry should hold.
fn explain(value: &Value, multi: bool, error: &serde_path_to_error::Error<serde_json::Error>) -> CoordError {
    let indices: Vec<usize> = error
        .path()
        .iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Seq { index } => Some(*index),
            _ => None,
        })
        .collect();
    let at = |upto: &[usize]| upto.iter().try_fold(value, |v, &i| v.get(i));
    let serde_says = || CoordError { path: path_of(&indices), message: error.inner().to_string() };
    let Some(found) = at(&indices) else { return serde_says() };
    let message = match (LEVELS.get(indices.len() + usize::from(!multi)), found) {
        (Some(what), Value::Number(_)) => {
            format!("a number where {what} was expected: the coordinates are nested too shallowly for this geometry type")
        }
        (Some(_), Value::Array(_)) => return serde_says(),
        (Some(what), other) => format!("expected {what}, found {}", json_kind(other)),
        (None, other) => {
            // Inside a position: a position too short is named as such, as it is when the
            // elements are numbers.
            let parent = &indices[..indices.len() - 1];
            let count = at(parent).and_then(Value::as_array).map_or(0, Vec::len);
            if count < 2 {
                return CoordError { path: path_of(parent), message: format!("a position needs 2 or more numbers, found {count}") };
            }
            format!("each element of a position must be a number, found {}", json_kind(other))
        }
    };
    CoordError { path: path_of(&indices), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, multi: bool) -> Result<MultiPolygon<f64>, String> {
        let value: Value = serde_json::from_str(text).unwrap();
        polygons(&value, multi, CoordSystem::Wgs84, &mut Vec::new()).map_err(|e| format!("{}: {}", e.path, e.message))
    }

    #[test]
    fn refused_elements_are_named_by_path_and_by_what_belongs_there() {
        let shallow = "the coordinates are nested too shallowly for this geometry type";
        assert_eq!(
            read("[[[1,2],3,[1,2]]]", false).unwrap_err(),
            format!("[0][1]: a number where a position [longitude, latitude] was expected: {shallow}")
        );
        assert_eq!(
            read("[[[[1,2],[1,3],[2,2],[1,2]]],5]", true).unwrap_err(),
            format!("[1]: a number where an array of linear rings was expected: {shallow}")
        );
        assert_eq!(
            read(r#"[[[1,2],[3,"a"],[1,2]]]"#, false).unwrap_err(),
            "[0][1][1]: each element of a position must be a number, found a string"
        );
        assert_eq!(read("[[[1,2],[[3,4]]]]", false).unwrap_err(), "[0][1]: a position needs 2 or more numbers, found 1");
        assert_eq!(read("[[[1,2],[3]]]", false).unwrap_err(), "[0][1]: a position needs 2 or more numbers, found 1");
        assert_eq!(read("null", true).unwrap_err(), ": expected an array of polygons, found null");
        assert_eq!(read("[[]]", true).unwrap_err(), "[0]: a polygon needs at least its exterior ring");
        assert_eq!(read("[]", true).unwrap_err(), ": a MultiPolygon needs at least one polygon");
    }

    #[test]
    fn short_and_unclosed_rings_read_with_their_defects() {
        let value: Value = serde_json::from_str("[[[1,2,5],[1,3],[2,2],[1,2,6]],[[0,0],[0,1],[1,0]]]").unwrap();
        let mut defects = Vec::new();
        let shape = polygons(&value, false, CoordSystem::Wgs84, &mut defects).unwrap();
        assert_eq!(shape.0[0].interiors()[0].0.len(), 4, "closed by Polygon::new");
        let hole = RingRef { polygon: 0, ring: 1 };
        assert_eq!(
            defects,
            vec![
                RingDefect::Unclosed { ring: RingRef { polygon: 0, ring: 0 }, first: vec![1.0, 2.0, 5.0], last: vec![1.0, 2.0, 6.0] },
                RingDefect::TooFewPositions { ring: hole, count: 3 },
                RingDefect::Unclosed { ring: hole, first: vec![0.0, 0.0], last: vec![1.0, 0.0] },
            ]
        );
    }
}
