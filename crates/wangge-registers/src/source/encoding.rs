//! Decoding the bytes of a delimited file into text, with the encoding detected or stated.
//!
//! Files from Chinese offices are UTF-8, UTF-8 with a BOM (Excel's "CSV UTF-8"), or GBK
//! (Excel's plain "CSV" on a Chinese Windows). Decoding never substitutes replacement
//! characters: an undecodable byte is an error naming the line, because silently garbled
//! names and ID numbers are worse than a refused file.

use std::borrow::Cow;
use std::fmt;

use encoding_rs::{Encoding, GB18030, GBK, UTF_8};

use super::SourceError;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text encoding a CSV was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// UTF-8 starting with a byte-order mark (the mark is dropped).
    Utf8Bom,
    /// GBK or GB18030. Decoded as GB18030, which is a strict superset of GBK, so both
    /// read the same.
    Gb18030,
    /// Another legacy encoding, only ever as the outcome of detection or an explicit label.
    Other(&'static Encoding),
}

impl TextEncoding {
    /// Resolves a label such as `utf-8`, `gbk`, `gb2312`, `gb18030`, `utf-8-bom`.
    pub fn from_label(label: &str) -> Option<Self> {
        let normalised = label.trim().to_ascii_lowercase();
        if matches!(normalised.as_str(), "utf-8-bom" | "utf8-bom" | "utf-8-sig" | "utf8bom") {
            return Some(TextEncoding::Utf8Bom);
        }
        Encoding::for_label(normalised.as_bytes()).map(Self::from_encoding)
    }

    fn from_encoding(encoding: &'static Encoding) -> Self {
        if encoding == UTF_8 {
            TextEncoding::Utf8
        } else if encoding == GBK || encoding == GB18030 {
            TextEncoding::Gb18030
        } else {
            TextEncoding::Other(encoding)
        }
    }

    fn encoding(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => UTF_8,
            TextEncoding::Gb18030 => GB18030,
            TextEncoding::Other(encoding) => encoding,
        }
    }

    /// A short human name.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Gb18030 => "GBK/GB18030",
            TextEncoding::Other(encoding) => encoding.name(),
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Decodes `bytes`, returning the text and the encoding actually used.
pub(super) fn decode<'a>(bytes: &'a [u8], file: &str, stated: Option<TextEncoding>) -> Result<(Cow<'a, str>, TextEncoding), SourceError> {
    let has_bom = bytes.starts_with(UTF8_BOM);
    let encoding = match stated {
        // A stated UTF-8 still tolerates a BOM: it is the same encoding, and we report it.
        Some(TextEncoding::Utf8 | TextEncoding::Utf8Bom) => {
            if has_bom {
                TextEncoding::Utf8Bom
            } else {
                TextEncoding::Utf8
            }
        }
        Some(other) => {
            // A legacy encoding stated for bytes that are valid, non-ASCII UTF-8 is almost
            // certainly a mistake: GBK would turn every Chinese character into two wrong ones
            // without any decoding error, so the mistake must be caught here.
            if let Ok(text) = std::str::from_utf8(bytes) {
                if let Some(pos) = text.bytes().position(|b| b >= 0x80) {
                    return Err(SourceError::StatedEncodingContradicted {
                        file: file.to_owned(),
                        encoding: other.name().to_owned(),
                        line: line_of(bytes, pos),
                    });
                }
            }
            other
        }
        None => detect(bytes, has_bom),
    };
    let body = if has_bom && encoding == TextEncoding::Utf8Bom { &bytes[UTF8_BOM.len()..] } else { bytes };
    if encoding.encoding() != UTF_8 {
        mixed_with_utf8(body, file, encoding)?;
    }
    match encoding.encoding().decode_without_bom_handling_and_without_replacement(body) {
        Some(text) => Ok((text, encoding)),
        None => Err(locate_error(body, file, encoding, if has_bom && encoding == TextEncoding::Utf8Bom { 3 } else { 0 })),
    }
}

/// Refuses a legacy-encoded file some of whose lines are UTF-8 (rows pasted in from another
/// file): GBK decodes UTF-8 bytes without any error, into other Chinese characters
/// (测试 → 娴嬭瘯), so the mix has to be caught before decoding. A line of GBK text with
/// Chinese in it is practically never valid UTF-8, so a non-ASCII line that is valid UTF-8
/// is taken as UTF-8. The line named is the first of the smaller group: the one that does
/// not decode as the rest.
fn mixed_with_utf8(body: &[u8], file: &str, encoding: TextEncoding) -> Result<(), SourceError> {
    // (count, first line) of non-ASCII lines that are valid UTF-8, and of those that are not.
    let mut utf8 = (0usize, 0usize);
    let mut legacy = (0usize, 0usize);
    for (index, line) in body.split(|&b| b == b'\n').enumerate() {
        if line.is_ascii() {
            continue;
        }
        let group = match std::str::from_utf8(line) {
            Ok(text) if looks_like_chinese(text) => &mut utf8,
            // Valid UTF-8 by chance (short GBK runs sometimes are) decodes to other scripts.
            Ok(_) => continue,
            Err(_) => &mut legacy,
        };
        if group.0 == 0 {
            group.1 = index + 1;
        }
        group.0 += 1;
    }
    if utf8.0 == 0 || legacy.0 == 0 {
        return Ok(());
    }
    let (line, line_encoding, rest, rest_encoding) = if utf8.0 <= legacy.0 {
        (utf8.1, "UTF-8".to_owned(), legacy, encoding.name().to_owned())
    } else {
        (legacy.1, encoding.name().to_owned(), utf8, "UTF-8".to_owned())
    };
    Err(SourceError::MixedEncoding {
        file: file.to_owned(),
        line,
        line_encoding,
        other_lines: rest.0,
        other_first: rest.1,
        other_encoding: rest_encoding,
    })
}

/// How many bytes of non-ASCII lines the encoding guess reads. chardetng read about 12 MB/s
/// (release; BENCHMARKS.md), some 17 s for a 200 MB register; a few thousand characters of Chinese
/// text decide it as surely, and the whole file is still decoded strictly afterwards (a wrong
/// guess is a decoding error naming the line, never garbled text).
const DETECTION_SAMPLE: usize = 16 << 10;

/// Valid UTF-8 is taken as UTF-8 (a GBK file with Chinese text is practically never valid
/// UTF-8); otherwise chardetng guesses from the first non-ASCII lines, hinted towards
/// Chinese, and GBK wins in practice.
fn detect(bytes: &[u8], has_bom: bool) -> TextEncoding {
    if has_bom {
        return TextEncoding::Utf8Bom;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return TextEncoding::Utf8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let mut fed = 0;
    // Whole lines (0x0A never occurs inside a multi-byte character of these encodings), so
    // no character is cut at the end of the sample.
    for line in bytes.split_inclusive(|&b| b == b'\n').filter(|line| !line.is_ascii()) {
        detector.feed(line, false);
        fed += line.len();
        if fed >= DETECTION_SAMPLE {
            break;
        }
    }
    detector.feed(&[], true);
    TextEncoding::from_encoding(detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny))
}

/// Every non-ASCII character is Chinese text or its punctuation (the middle dot of names
/// like 阿卜杜·艾力 included). GBK bytes that happen to be valid UTF-8 almost always decode
/// to Latin, Greek or Cyrillic letters instead, so this tells a real UTF-8 line from chance.
fn looks_like_chinese(text: &str) -> bool {
    text.chars().filter(|c| !c.is_ascii()).all(
        |c| matches!(c, '\u{00B7}' | '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}'),
    )
}

/// Finds the first line that does not decode, for a message a person can act on.
/// Splitting on `\n` is safe for UTF-8 and GBK/GB18030: 0x0A never occurs inside a
/// multi-byte sequence in either.
fn locate_error(body: &[u8], file: &str, encoding: TextEncoding, skipped: usize) -> SourceError {
    let mut offset = 0;
    for (index, line) in body.split(|&b| b == b'\n').enumerate() {
        if encoding.encoding().decode_without_bom_handling_and_without_replacement(line).is_none() {
            let within = first_bad_byte(line, encoding).unwrap_or(0);
            let (preview, _) = encoding.encoding().decode_without_bom_handling(line);
            return SourceError::Encoding {
                file: file.to_owned(),
                encoding: encoding.name().to_owned(),
                line: index + 1,
                byte_offset: skipped + offset + within,
                preview: preview.trim_end().chars().take(80).collect(),
            };
        }
        offset += line.len() + 1;
    }
    // Unreachable in practice (the whole failed, so some line fails); keep a sane answer.
    SourceError::Encoding {
        file: file.to_owned(),
        encoding: encoding.name().to_owned(),
        line: 1,
        byte_offset: skipped,
        preview: String::new(),
    }
}

fn first_bad_byte(line: &[u8], encoding: TextEncoding) -> Option<usize> {
    if encoding.encoding() == UTF_8 {
        return std::str::from_utf8(line).err().map(|e| e.valid_up_to());
    }
    None
}

/// 1-based line number of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_resolve() {
        assert_eq!(TextEncoding::from_label("GBK"), Some(TextEncoding::Gb18030));
        assert_eq!(TextEncoding::from_label("gb2312"), Some(TextEncoding::Gb18030));
        assert_eq!(TextEncoding::from_label("utf-8"), Some(TextEncoding::Utf8));
        assert_eq!(TextEncoding::from_label("UTF-8-BOM"), Some(TextEncoding::Utf8Bom));
        assert_eq!(TextEncoding::from_label("nonsense"), None);
    }

    #[test]
    fn detects_gbk_and_reports_bad_utf8_line() {
        let (gbk, _, _) = GBK.encode("姓名,地址\n张三,南湖区建设街道\n");
        let (text, used) = decode(&gbk, "t.csv", None).unwrap();
        assert_eq!(used, TextEncoding::Gb18030);
        assert!(text.contains("南湖区"));
        let err = decode(&gbk, "t.csv", Some(TextEncoding::Utf8)).unwrap_err();
        assert!(matches!(err, SourceError::Encoding { line: 1, .. }), "{err}");
    }

    #[test]
    fn utf8_lines_in_a_gbk_file_are_named() {
        let mut bytes = GBK.encode("姓名,地址\n张三,南湖区\n").0.into_owned();
        bytes.extend_from_slice("李四,测试\n".as_bytes());
        bytes.extend_from_slice(&GBK.encode("王五,新嘉街道\n").0);
        let err = decode(&bytes, "t.csv", None).unwrap_err();
        assert!(matches!(err, SourceError::MixedEncoding { line: 3, other_lines: 3, other_first: 1, .. }), "{err:?}");
        let stated = decode(&bytes, "t.csv", Some(TextEncoding::Gb18030)).unwrap_err();
        assert!(matches!(stated, SourceError::MixedEncoding { line: 3, .. }), "{stated:?}");
    }
}
