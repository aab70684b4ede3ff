//! Turning GeoJSON coordinate arrays into rings, noting defects instead of failing on them.
//!
//! Unclosed rings and rings with fewer than four positions are reported by the topology check
//! (the user may fix the file) rather than rejected here, so the reader keeps going and records
//! a [`RingDefect`]. Arrays nested at the wrong depth or holding non-numbers cannot be read at
//! all and are errors with the JSON path of the offending element.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde::Serialize;
use serde_json::Value;

use crate::read::CoordSystem;

/// Which ring of a candidate: `polygon` indexes the MultiPolygon's parts, `ring` 0 is the
/// exterior and 1.. the holes, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct RingRef {
    pub polygon: usize,
    pub ring: usize,
}

impl std::fmt::Display for RingRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.ring == 0 {
            write!(f, "polygon {} exterior ring", self.polygon)
        } else {
            write!(f, "polygon {} hole {}", self.polygon, self.ring)
        }
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
pub(crate) struct CoordError {
    pub path: String,
    pub message: String,
}

fn err(path: String, message: impl Into<String>) -> CoordError {
    CoordError { path, message: message.into() }
}

fn array<'a>(value: &'a Value, path: &str, what: &str) -> Result<&'a Vec<Value>, CoordError> {
    match value {
        Value::Array(items) => Ok(items),
        Value::Number(_) => Err(err(
            path.to_owned(),
            format!("a number where {what} was expected: the coordinates are nested too shallowly for this geometry type"),
        )),
        other => Err(err(path.to_owned(), format!("expected {what}, found {}", json_kind(other)))),
    }
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

/// One position: two or more numbers, longitude and latitude first (altitude kept only for
/// the closure comparison).
fn position(value: &Value, path: &str) -> Result<Vec<f64>, CoordError> {
    let items = array(value, path, "a position [longitude, latitude]")?;
    if items.len() < 2 {
        return Err(err(path.to_owned(), format!("a position needs 2 or more numbers, found {}", items.len())));
    }
    let mut numbers = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item.as_f64() {
            Some(n) => numbers.push(n),
            None => {
                return Err(err(format!("{path}[{i}]"), format!("each element of a position must be a number, found {}", json_kind(item))));
            }
        }
    }
    // Projected exports (Gauss-Krüger metres) are the commonest mistake; say so plainly.
    if !(-180.0..=180.0).contains(&numbers[0]) || !(-90.0..=90.0).contains(&numbers[1]) {
        return Err(err(
            path.to_owned(),
            format!("({}, {}) is not a longitude/latitude in degrees (projected coordinates?)", numbers[0], numbers[1]),
        ));
    }
    Ok(numbers)
}

fn ring(value: &Value, path: &str, at: RingRef, coords: CoordSystem, defects: &mut Vec<RingDefect>) -> Result<LineString<f64>, CoordError> {
    let items = array(value, path, "a linear ring (an array of positions)")?;
    let mut positions = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        positions.push(position(item, &format!("{path}[{i}]"))?);
    }
    if positions.len() < 4 {
        defects.push(RingDefect::TooFewPositions { ring: at, count: positions.len() });
    }
    if let (Some(first), Some(last)) = (positions.first(), positions.last()) {
        if positions.len() > 1 && first != last {
            defects.push(RingDefect::Unclosed { ring: at, first: first.clone(), last: last.clone() });
        }
    }
    let coords: Vec<Coord<f64>> = positions.iter().map(|p| coords.to_wgs84(p[0], p[1])).collect();
    // LineString → Polygon::new closes the ring if needed; the defect above keeps the record.
    Ok(LineString::new(coords))
}

fn polygon(
    value: &Value,
    path: &str,
    index: usize,
    coords: CoordSystem,
    defects: &mut Vec<RingDefect>,
) -> Result<Polygon<f64>, CoordError> {
    let rings = array(value, path, "an array of linear rings")?;
    if rings.is_empty() {
        return Err(err(path.to_owned(), "a polygon needs at least its exterior ring"));
    }
    let mut parsed = Vec::with_capacity(rings.len());
    for (r, item) in rings.iter().enumerate() {
        parsed.push(ring(item, &format!("{path}[{r}]"), RingRef { polygon: index, ring: r }, coords, defects)?);
    }
    let exterior = parsed.remove(0);
    Ok(Polygon::new(exterior, parsed))
}

/// Reads the `coordinates` of a Polygon (`multi == false`) or MultiPolygon.
pub(crate) fn polygons(
    value: &Value,
    multi: bool,
    coords: CoordSystem,
    defects: &mut Vec<RingDefect>,
) -> Result<MultiPolygon<f64>, CoordError> {
    if !multi {
        return Ok(MultiPolygon::new(vec![polygon(value, "", 0, coords, defects)?]));
    }
    let parts = array(value, "", "an array of polygons")?;
    if parts.is_empty() {
        return Err(err(String::new(), "a MultiPolygon needs at least one polygon"));
    }
    let mut out = Vec::with_capacity(parts.len());
    for (p, item) in parts.iter().enumerate() {
        out.push(polygon(item, &format!("[{p}]"), p, coords, defects)?);
    }
    Ok(MultiPolygon::new(out))
}
