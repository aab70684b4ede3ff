//! Code rules: every feature has a code (and a name), codes are unique in the file, and a
//! child's code sits under its parent's.
//!
//! The hierarchy convention (GB/T 2260 and the statistical zoning code, then local suffixes):
//! 6-digit codes are province(2) city(2) county(2); 12-digit codes add township(3) village(3);
//! grids and micro-grids append digits to their parent's code. A parent's *significant prefix*
//! drops the all-zero trailing groups, so 330400 (嘉兴市) → "3304", 330402 (南湖区) → "330402",
//! 330402001000 (a street) → "330402001"; a longer local code is its own prefix.

use std::collections::BTreeMap;

use wangge_figures::{say, Language};

use super::{finding, Finding, FindingKind, ParentBoundary, Severity};
use crate::read::Candidate;

/// The prefix every child code of `parent` must start with.
pub fn significant_prefix(parent: &str) -> &str {
    let groups: &[usize] = match parent.len() {
        6 => &[2, 2, 2],
        12 => &[2, 2, 2, 3, 3],
        _ => return parent,
    };
    if !parent.bytes().all(|b| b.is_ascii_digit()) {
        return parent;
    }
    let mut end = parent.len();
    for &width in groups.iter().rev() {
        if end - width == 0 || parent[end - width..end].bytes().any(|b| b != b'0') {
            break;
        }
        end -= width;
    }
    &parent[..end]
}

pub(super) fn findings(candidates: &[Candidate], parent: Option<&ParentBoundary>, language: Language, out: &mut Vec<Finding>) {
    let mut by_code: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for c in candidates {
        let label = c.label_in(language);
        match &c.code {
            None => out.push(finding(
                Severity::Error,
                c,
                FindingKind::MissingCode,
                None,
                say!(language, "{label}：没有编码（请检查编码属性的设置）", "{label}: no code (check the property mapping)"),
            )),
            Some(code) => by_code.entry(code.as_str()).or_default().push(c.index),
        }
        if c.name.is_none() {
            out.push(finding(
                Severity::Warning,
                c,
                FindingKind::MissingName,
                None,
                say!(language, "{label}：没有名称", "{label}: no name"),
            ));
        }
        let Some(code) = &c.code else { continue };
        // The parent being imported under wins; otherwise trust the feature's own parent code.
        let expected_parent = match (parent, &c.parent) {
            (Some(p), stated) => {
                if let Some(stated) = stated {
                    if stated != p.code.as_str() {
                        out.push(finding(
                            Severity::Error,
                            c,
                            FindingKind::ParentMismatch { stated: stated.clone(), expected: p.code.to_string() },
                            None,
                            say!(
                                language,
                                "{label}：注明的上级是 {stated}，但导入在上级 {} 之下",
                                "{label}: names parent {stated}, but is imported under {}",
                                p.code
                            ),
                        ));
                    }
                }
                p.code.as_str()
            }
            (None, Some(stated)) => stated.as_str(),
            (None, None) => continue,
        };
        let prefix = significant_prefix(expected_parent);
        if !code.starts_with(prefix) || code == expected_parent || code.len() < expected_parent.len() {
            out.push(finding(
                Severity::Error,
                c,
                FindingKind::CodeNotUnderParent { parent: expected_parent.to_owned(), expected_prefix: prefix.to_owned() },
                None,
                say!(
                    language,
                    "{label}：编码 {code} 不在上级 {expected_parent} 之下（下级编码以 {prefix} 开头，且不短于上级编码）",
                    "{label}: code {code} is not under parent {expected_parent} (child codes start with {prefix} and are longer or equal in length)"
                ),
            ));
        }
    }
    for (code, features) in by_code {
        if features.len() < 2 {
            continue;
        }
        for &index in &features {
            let Some(c) = candidates.iter().find(|c| c.index == index) else { continue };
            let others: Vec<String> = features.iter().filter(|&&i| i != index).map(|i| i.to_string()).collect();
            let others = others.join(language.pick("、", ", "));
            out.push(finding(
                Severity::Error,
                c,
                FindingKind::DuplicateCode { features: features.clone() },
                None,
                say!(
                    language,
                    "{}：编码 {code} 也用于要素 {others}",
                    "{}: code {code} is also used by feature {others}",
                    c.label_in(language)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(significant_prefix("330000"), "33");
        assert_eq!(significant_prefix("330400"), "3304");
        assert_eq!(significant_prefix("330402"), "330402");
        assert_eq!(significant_prefix("330402001000"), "330402001");
        assert_eq!(significant_prefix("330402001001"), "330402001001");
        assert_eq!(significant_prefix("33040200100102"), "33040200100102");
        assert_eq!(significant_prefix("000000"), "00");
    }

    fn square(code: &str, parent: &str, x: f64) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{"编码":"{code}","名称":"n","上级":"{parent}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},30],[{x1},30],[{x1},30.01],[{x},30.01],[{x},30]]]}}}}"#,
            x1 = x + 0.01
        )
    }

    #[test]
    fn duplicate_and_misplaced_codes_are_errors() {
        use crate::{check, CheckOptions, CoordSystem, PropertyMapping, ReadOptions};
        let text = format!(
            "[{},{},{}]",
            square("330402001000", "330402", 120.0),
            square("330402001000", "330402", 120.01),
            square("330411001000", "330402", 120.02)
        );
        let opts = ReadOptions {
            mapping: PropertyMapping { code: "编码".into(), name: "名称".into(), parent: Some("上级".into()), kind: None },
            coords: CoordSystem::Wgs84,
        };
        let candidates = crate::read_geojson("t", &text, &opts).unwrap();
        let report = check(&candidates, &CheckOptions::default());
        let dups = report.errors().filter(|f| matches!(f.kind, FindingKind::DuplicateCode { .. })).count();
        assert_eq!(dups, 2);
        let misplaced: Vec<_> = report.errors().filter(|f| matches!(f.kind, FindingKind::CodeNotUnderParent { .. })).collect();
        assert_eq!(misplaced.len(), 1);
        assert!(misplaced[0].message.contains("feature 2") && misplaced[0].message.contains("330411001000"), "{}", misplaced[0].message);
        // Squares side by side share edges: no overlap, no gap.
        assert!(report.warnings().next().is_none(), "{:#?}", report.findings);
    }
}
