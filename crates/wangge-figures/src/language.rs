//! The languages a seat reads: Chinese by default, English for whoever asks for it. Declared
//! here, beside the labels it picks between, so the domain (an account's choice), the wire
//! (what a seat is told) and the UI share one type.

use serde::{Deserialize, Serialize};

/// A seat's language. On the wire and in the database it is its BCP 47 tag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    #[default]
    #[serde(rename = "zh-CN")]
    Chinese,
    #[serde(rename = "en")]
    English,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Chinese, Language::English];

    /// The BCP 47 tag (`zh-CN`, `en`): the `lang` attribute of a page, the stored value.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Chinese => "zh-CN",
            Language::English => "en",
        }
    }

    /// Reads a tag as a person or a file may write it (`zh`, `zh-CN`, `中文`, `en`, `English`…).
    pub fn parse(text: &str) -> Option<Language> {
        match text.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "zh-hans" | "中文" | "chinese" => Some(Language::Chinese),
            "en" | "en-us" | "en-gb" | "english" => Some(Language::English),
            _ => None,
        }
    }

    /// The language named in itself, as a switch between them shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Language::Chinese => "中文",
            Language::English => "English",
        }
    }

    /// Picks the text written in this language from a pair.
    pub fn pick<T>(self, chinese: T, english: T) -> T {
        match self {
            Language::Chinese => chinese,
            Language::English => english,
        }
    }
}

/// Formats a text in a seat's language: `say!(scope.language, "共 {n} 条", "{n} in all")`.
/// Both formats take the same arguments (inline names or trailing expressions), like
/// `format!`. The backend's words for a seat are made with it; the command line's stay
/// Chinese (its scope's language).
#[macro_export]
macro_rules! say {
    ($language:expr, $zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $language {
            $crate::Language::Chinese => format!($zh $(, $arg)*),
            $crate::Language::English => format!($en $(, $arg)*),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_reads_back_from_its_tag_and_its_own_name() {
        for language in Language::ALL {
            assert_eq!(Language::parse(language.tag()), Some(language));
            assert_eq!(Language::parse(language.own_name()), Some(language));
        }
        assert_eq!(Language::parse("fr"), None);
        assert_eq!(Language::default(), Language::Chinese);
    }

    #[test]
    fn say_formats_in_the_language_asked() {
        let n = 2;
        assert_eq!(crate::say!(Language::Chinese, "共 {n} 条", "{n} in all"), "共 2 条");
        assert_eq!(crate::say!(Language::English, "共 {} 条", "{} in all", n + 1), "3 in all");
    }
}
