//! JSON encoding and decoding, with the one repair the spec's examples need.
//!
//! The spec's JSON examples were produced from the XML by the Spark
//! convention, which printed numeric-looking text raw: `"service_code":001`.
//! RFC 8259 forbids leading zeros, so no conforming parser accepts that.
//! [`quote_leading_zero_numbers`] is a pre-pass that turns exactly those
//! tokens into strings (`"001"`), keeping the zeros, which matter in codes.
//! Nothing else is relaxed: after the pre-pass the text goes to the strict
//! `serde_json` parser.

use crate::error::DecodeError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Cow;

/// Decodes a document, after the leading-zero pre-pass.
pub fn from_str<T: DeserializeOwned>(s: &str) -> Result<T, DecodeError> {
    Ok(serde_json::from_str(&quote_leading_zero_numbers(s))?)
}

/// Encodes a document, pretty-printed as the spec's examples are.
pub fn to_string<T: Serialize>(value: &T) -> String {
    // Our types hold only strings, numbers, booleans and maps with string
    // keys; serde_json cannot fail on them.
    serde_json::to_string_pretty(value).unwrap_or_else(|e| unreachable!("serialising Open311 types to JSON cannot fail: {e}"))
}

/// Quotes integer tokens with a leading zero (`001`, `-07`) outside strings.
///
/// Only tokens that make the text invalid JSON are touched, so valid JSON
/// passes through unchanged (and unallocated).
pub fn quote_leading_zero_numbers(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `s` already moved into `out`
    let mut i = 0;
    let mut in_string = false;
    while i < b.len() {
        let c = b[i];
        if in_string {
            match c {
                b'\\' => i += 1, // skip the escaped byte
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if c == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        let starts_number = c.is_ascii_digit() || (c == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit));
        if !starts_number {
            i += 1;
            continue;
        }
        let start = i;
        let digits_at = if c == b'-' { i + 1 } else { i };
        let mut end = digits_at;
        while end < b.len() && (b[end].is_ascii_alphanumeric() || matches!(b[end], b'.' | b'+' | b'-')) {
            end += 1;
        }
        let token = &s[start..end];
        let digits = &s[digits_at..end];
        let bad_zero = digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|d| d.is_ascii_digit());
        if bad_zero {
            let o = out.get_or_insert_with(|| String::with_capacity(s.len() + 16));
            o.push_str(&s[copied..start]);
            o.push('"');
            o.push_str(token);
            o.push('"');
            copied = end;
        }
        i = end;
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut o) => {
            o.push_str(&s[copied..]);
            Cow::Owned(o)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_leading_zero_integers() {
        let s = r#"{"a":001,"b":"x:002","c":0,"d":0.5,"e":10,"f":[006,-07]}"#;
        assert_eq!(quote_leading_zero_numbers(s), r#"{"a":"001","b":"x:002","c":0,"d":0.5,"e":10,"f":["006","-07"]}"#);
    }

    #[test]
    fn valid_json_is_untouched() {
        let s = r#"{"s":"a \"001\" b","n":123,"z":0}"#;
        assert!(matches!(quote_leading_zero_numbers(s), Cow::Borrowed(_)));
    }
}
