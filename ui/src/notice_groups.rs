//! Which warning-level changes a seat is told of, and in what words: only those of the part
//! it is looking at (the node in focus and what lies under it), and, when several areas of one
//! level move the same way together, one notice for all of them ("12 个网格升为黄色预警")
//! instead of twelve. Pure, tested on the host.

use wangge_api::{WarningChange, WarningLevel};

/// One notice about warning levels.
#[derive(Debug, Clone, PartialEq)]
pub struct WarningNotice {
    pub text: String,
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
            let raised = first.to > first.from;
            let text = match members.as_slice() {
                [only] if only.to == WarningLevel::Green => format!("{}解除预警（{}）", only.node.name, only.reason),
                [only] => format!("{}{}为{}：{}", only.node.name, if raised { "升" } else { "降" }, only.to.label_zh(), only.reason),
                many if first.to == WarningLevel::Green => format!("{} 个{}解除预警", many.len(), first.node.level.label_zh()),
                many => {
                    format!("{} 个{}{}为{}", many.len(), first.node.level.label_zh(), if raised { "升" } else { "降" }, first.to.label_zh())
                }
            };
            WarningNotice { text, level: first.to, codes: members.iter().map(|c| c.node.code.clone()).collect() }
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
}
