//! Which warning-level changes a seat is told of, and in what words: only those of the part
//! it is looking at (the node in focus and what lies under it), and, when several areas of one
//! level move the same way together, one notice for all of them ("12 个网格升为黄色预警")
//! instead of twelve. Pure, tested on the host.

use wangge_api::{WarningChange, WarningLevel};

/// A piece of a notice: the UI's own words (in the page's language), or data that stays as
/// it came (a place's name, the rule's reason), shown marked not to be translated.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Words(String),
    Data(String),
}

/// The text of a notice's pieces, read as one.
pub fn text_of(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Words(text) | Piece::Data(text) => text.as_str(),
        })
        .collect()
}

/// One notice about warning levels.
#[derive(Debug, Clone, PartialEq)]
pub struct WarningNotice {
    pub text: String,
    /// The text in pieces, as the strip draws it.
    pub pieces: Vec<Piece>,
    /// The level the areas moved to.
    pub level: WarningLevel,
    /// The areas it is about, by code.
    pub codes: Vec<String>,
}

/// The notices a seat focused on `focus` (a node's code; empty before the first map, when
/// the whole scope is in view) is given for `changes`.
pub fn warning_notices(focus: &str, changes: &[WarningChange]) -> Vec<WarningNotice> {
    let mut groups: Vec<(&WarningChange, Vec<&WarningChange>)> = Vec::new();
    let in_focus = changes.iter().filter(|c| focus.is_empty() || c.node.code == focus || c.ancestors.iter().any(|a| a == focus));
    for change in in_focus {
        let same_way = |first: &&WarningChange| {
            first.node.level == change.node.level && first.to == change.to && (first.to > first.from) == (change.to > change.from)
        };
        match groups.iter_mut().find(|(first, _)| same_way(first)) {
            Some((_, members)) => members.push(change),
            None => groups.push((change, vec![change])),
        }
    }
    groups
        .into_iter()
        .map(|(first, members)| {
            let language = crate::i18n::language();
            let way = if first.to > first.from { t!("升", "raised") } else { t!("降", "lowered") };
            let to = first.to.label_in(language);
            let level = first.node.level.label_in(language);
            let pieces = match members.as_slice() {
                [only] if only.to == WarningLevel::Green => vec![
                    Piece::Data(only.node.name.clone()),
                    Piece::Words(t!("解除预警（", ": warning lifted (").to_string()),
                    Piece::Data(only.reason.clone()),
                    Piece::Words(t!("）", ")").to_string()),
                ],
                [only] => vec![
                    Piece::Data(only.node.name.clone()),
                    Piece::Words(tf!("{way}为{to}：", " {way} to {to}: ")),
                    Piece::Data(only.reason.clone()),
                ],
                many if first.to == WarningLevel::Green => {
                    vec![Piece::Words(tf!("{} 个{level}解除预警", "Warning lifted in {} areas ({level})", many.len()))]
                }
                many => vec![Piece::Words(tf!("{} 个{level}{way}为{to}", "{} areas ({level}) {way} to {to}", many.len()))],
            };
            WarningNotice { text: text_of(&pieces), pieces, level: first.to, codes: members.iter().map(|c| c.node.code.clone()).collect() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wangge_api::{Level, NodeRef};

    fn change(code: &str, level: Level, ancestors: &[&str], from: WarningLevel, to: WarningLevel) -> WarningChange {
        WarningChange {
            id: 1,
            node: NodeRef { code: code.into(), name: format!("{code}名"), level },
            from,
            to,
            reason: "隔离率 = 15%（隔离率 ≥ 15%，规则第 27 行）".into(),
            reason_en: String::new(),
            at: 0,
            ancestors: ancestors.iter().map(|a| (*a).to_owned()).collect(),
        }
    }

    #[test]
    fn a_seat_hears_of_its_own_part_only() {
        let in_a = change("M1", Level::MicroGrid, &["G1", "C1", "SA", "D"], WarningLevel::Green, WarningLevel::Red);
        let changes = [in_a];
        for focus in ["M1", "G1", "SA", "D"] {
            let notices = warning_notices(focus, &changes);
            assert_eq!(notices.len(), 1, "focused on {focus}");
            assert_eq!(notices[0].text, "M1名升为红色预警：隔离率 = 15%（隔离率 ≥ 15%，规则第 27 行）");
            assert_eq!(notices[0].codes, ["M1"]);
        }
        assert!(warning_notices("SB", &changes).is_empty(), "a seat on another street hears nothing");
    }

    #[test]
    fn areas_moving_together_are_one_notice() {
        let mut changes: Vec<WarningChange> =
            (1..=12).map(|n| change(&format!("G{n}"), Level::Grid, &["SA", "D"], WarningLevel::Green, WarningLevel::Yellow)).collect();
        changes.push(change("SA", Level::Street, &["D"], WarningLevel::Yellow, WarningLevel::Green));
        changes.push(change("G13", Level::Grid, &["SA", "D"], WarningLevel::Orange, WarningLevel::Yellow));
        let notices = warning_notices("D", &changes);
        let texts: Vec<&str> = notices.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts[0], "12 个网格升为黄色预警");
        assert_eq!(notices[0].codes.len(), 12);
        assert!(texts[1].starts_with("SA名解除预警（"), "{texts:?}");
        assert!(texts[2].starts_with("G13名降为黄色预警："), "{texts:?}");
    }

    #[test]
    fn an_english_page_words_the_notice_in_english_and_leaves_names_and_reasons_as_they_are() {
        crate::i18n::set_language(crate::i18n::Language::English);
        let one = warning_notices("D", &[change("M1", Level::MicroGrid, &["D"], WarningLevel::Green, WarningLevel::Red)]);
        let many: Vec<WarningChange> =
            (1..=3).map(|n| change(&format!("G{n}"), Level::Grid, &["D"], WarningLevel::Yellow, WarningLevel::Green)).collect();
        let many = warning_notices("D", &many);
        crate::i18n::set_language(crate::i18n::Language::Chinese);
        assert_eq!(one[0].text, "M1名 raised to Red alert: 隔离率 = 15%（隔离率 ≥ 15%，规则第 27 行）");
        assert_eq!(one[0].pieces[0], Piece::Data("M1名".into()));
        assert!(matches!(&one[0].pieces[2], Piece::Data(reason) if reason.starts_with("隔离率")));
        assert_eq!(many[0].text, "Warning lifted in 3 areas (Grid)");
        let words = one.iter().chain(&many).flat_map(|n| &n.pieces).filter_map(|p| match p {
            Piece::Words(text) => Some(text.as_str()),
            Piece::Data(_) => None,
        });
        for text in words {
            assert!(text.is_ascii(), "{text:?}");
        }
    }
}
