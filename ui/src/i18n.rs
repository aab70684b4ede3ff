//! The page's language: Chinese unless the signed-in account reads English (before anyone
//! signs in, the language last used on this machine). Every text the UI writes itself is a
//! pair, `t!("中文", "English")` or `tf!("中文 {n}", "English {n}")`, so no text exists in one
//! language only; the tidy test holds every Chinese literal of `ui/src` to such a pair.
//!
//! The language is read when a view is built, not tracked: switching it starts the page
//! over (as signing in does), so nothing drawn in the old language stays on screen.

use std::cell::Cell;

pub use wangge_api::Language;

thread_local! {
    static LANGUAGE: Cell<Language> = const { Cell::new(Language::Chinese) };
}

/// The language the page is drawn in.
pub fn language() -> Language {
    LANGUAGE.with(Cell::get)
}

/// Sets the language views are built in from now on.
pub fn set_language(language: Language) {
    LANGUAGE.with(|cell| cell.set(language));
}

/// A text the UI writes, in the page's language: `t!("登录", "Sign in")`.
macro_rules! t {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::i18n::language().pick($zh, $en)
    };
}

/// A formatted text in the page's language: `tf!("共 {n} 条", "{n} in all")`. Both formats
/// take the same arguments (inline names or trailing expressions).
macro_rules! tf {
    ($zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $crate::i18n::language() {
            $crate::i18n::Language::Chinese => format!($zh $(, $arg)*),
            $crate::i18n::Language::English => format!($en $(, $arg)*),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_follow_the_language_set() {
        let n = 3;
        set_language(Language::Chinese);
        assert_eq!(t!("登录", "Sign in"), "登录");
        assert_eq!(tf!("共 {n} 条", "{n} in all"), "共 3 条");
        set_language(Language::English);
        assert_eq!(t!("登录", "Sign in"), "Sign in");
        assert_eq!(tf!("共 {} 条", "{} in all", n + 1), "4 in all");
        set_language(Language::Chinese);
    }
}
