//! Checking a header row: every column needs its own non-empty name, because the column
//! mapping refers to columns by name and a person must be able to tell them apart.

use std::collections::BTreeMap;
use std::fmt;

use wangge_domain::Language;

use super::{cell_name, Row};

/// One thing wrong with a header row; cells are named A1-style as Excel shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderProblem {
    Empty {
        cell: String,
    },
    Duplicate {
        name: String,
        cells: Vec<String>,
    },
    /// A merged range touching the header row (XLSX): one name spread over several columns.
    Merged {
        range: String,
        text: String,
    },
}

impl fmt::Display for HeaderProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderProblem::Empty { cell } => write!(f, "表头单元格 {cell} 是空的"),
            HeaderProblem::Duplicate { name, cells } => {
                write!(f, "表头“{name}”出现了不止一次（{}）", cells.join("、"))
            }
            HeaderProblem::Merged { range, text } => {
                write!(f, "表头单元格 {range} 是合并的（“{text}”）：请取消合并，给每一列单独命名")
            }
        }
    }
}

impl HeaderProblem {
    /// The problem in a seat's language (`Display` is the Chinese).
    pub fn message_in(&self, language: Language) -> String {
        match (language, self) {
            (Language::Chinese, _) => self.to_string(),
            (Language::English, HeaderProblem::Empty { cell }) => format!("header cell {cell} is empty"),
            (Language::English, HeaderProblem::Duplicate { name, cells }) => {
                format!("header \"{name}\" appears more than once ({})", cells.join(", "))
            }
            (Language::English, HeaderProblem::Merged { range, text }) => {
                format!("header cells {range} are merged (\"{text}\"): unmerge them and give each column its own name")
            }
        }
    }
}

/// Normalises the header and the rows under it, and lists what is wrong with the header.
///
/// `header_row0` and `first_col0` place the header in the sheet so cells get their real
/// names; `merged_cols` are 0-based positions already reported as merged, not re-reported
/// as empty.
pub(super) fn check(
    raw: Vec<String>,
    rows: &mut [Row],
    header_row0: usize,
    first_col0: usize,
    merged_cols: &[usize],
) -> (Vec<String>, Vec<HeaderProblem>) {
    let mut header: Vec<String> = raw.into_iter().map(|h| h.trim().to_owned()).collect();
    // Excel often saves trailing columns that were once formatted; an unnamed trailing column
    // with no data is noise, not a problem. With data in it, it is reported below.
    while header.last().is_some_and(String::is_empty) {
        let index = header.len() - 1;
        let has_data = rows.iter().any(|r| r.cells.get(index).is_some_and(|c| !c.trim().is_empty()));
        if has_data || merged_cols.contains(&index) {
            break;
        }
        header.pop();
    }
    for row in rows.iter_mut() {
        while row.cells.len() > header.len() && row.cells.last().is_some_and(|c| c.trim().is_empty()) {
            row.cells.pop();
        }
    }

    let mut problems = Vec::new();
    let mut seen: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, name) in header.iter().enumerate() {
        if name.is_empty() {
            if !merged_cols.contains(&index) {
                problems.push(HeaderProblem::Empty { cell: cell_name(header_row0, first_col0 + index) });
            }
        } else {
            seen.entry(name).or_default().push(index);
        }
    }
    for (name, positions) in seen {
        if positions.len() > 1 {
            problems.push(HeaderProblem::Duplicate {
                name: name.to_owned(),
                cells: positions.iter().map(|&i| cell_name(header_row0, first_col0 + i)).collect(),
            });
        }
    }
    (header, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_empty_and_duplicate_cells() {
        let raw = vec!["姓名".into(), "".into(), "地址".into(), " 地址 ".into()];
        let (_, problems) = check(raw, &mut [], 0, 0, &[]);
        assert_eq!(
            problems,
            vec![
                HeaderProblem::Empty { cell: "B1".into() },
                HeaderProblem::Duplicate { name: "地址".into(), cells: vec!["C1".into(), "D1".into()] },
            ]
        );
    }

    #[test]
    fn drops_trailing_unnamed_empty_columns() {
        let mut rows = vec![Row { number: 2, cells: vec!["a".into(), "b".into(), "".into()], problems: Vec::new() }];
        let (header, problems) = check(vec!["x".into(), "y".into(), "".into()], &mut rows, 0, 0, &[]);
        assert!(problems.is_empty());
        assert_eq!(header, vec!["x", "y"]);
        assert_eq!(rows[0].cells.len(), 2);
    }
}
