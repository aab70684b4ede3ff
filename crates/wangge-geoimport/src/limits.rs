//! Bounds on a GeoJSON text, checked on the raw text before it is parsed, so that a broken or
//! hostile file is refused with a message naming the line instead of exhausting memory (a
//! parsed JSON position takes some hundred bytes) or running the topology check for hours.
//!
//! The scan is one pass over the bytes that tracks strings and brackets only; it does not
//! validate JSON (the parser does that next, naming line and column).

use crate::error::ReadError;

/// Deepest nesting of objects and arrays. A MultiPolygon inside a FeatureCollection needs 7
/// levels and DataV's nested `parent` properties 2 more; 32 leaves room for any real file.
pub const MAX_DEPTH: usize = 32;

/// Most positions ([lon, lat] arrays) in one file: 2,000,000, twice the million-vertex ring the
/// topology check is measured on, and far beyond any real district's boundaries.
pub const MAX_POSITIONS: usize = 2_000_000;

/// Refuses `text` if it nests deeper than [`MAX_DEPTH`] or holds more than [`MAX_POSITIONS`]
/// positions (counted as innermost arrays: arrays holding no array or object).
pub fn check(file: &str, text: &str) -> Result<(), ReadError> {
    let bytes = text.as_bytes();
    // For each open bracket: is it an array that has held no array or object yet?
    let mut open: Vec<bool> = Vec::with_capacity(MAX_DEPTH + 1);
    let mut positions = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    for (at, &b) in bytes.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                if let Some(parent) = open.last_mut() {
                    *parent = false;
                }
                open.push(b == b'[');
                if open.len() > MAX_DEPTH {
                    return Err(limit(
                        file,
                        bytes,
                        at,
                        format!("objects and arrays are nested more than {MAX_DEPTH} deep; a boundary file needs fewer than 10 levels"),
                    ));
                }
            }
            b']' | b'}' => {
                // Only an array holding no arrays or objects is a position.
                let closes_a_position = open.pop() == Some(true) && b == b']';
                if closes_a_position {
                    positions += 1;
                    if positions > MAX_POSITIONS {
                        return Err(limit(
                            file,
                            bytes,
                            at,
                            format!("more than {MAX_POSITIONS} positions; simplify the boundaries or split the file"),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn limit(file: &str, bytes: &[u8], at: usize, message: String) -> ReadError {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    ReadError::Limit { file: file.to_owned(), at: format!("line {line}, column {column}"), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_positions_and_depth() {
        let ok = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]],"p":"[[[[\"]]"}"#;
        assert!(check("ok", ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let e = check("deep", &deep).unwrap_err();
        assert!(e.to_string().contains(&format!("line 1, column {}", MAX_DEPTH + 1)), "{e}");
    }
}
